-- Tutorials 04 (conv net) and 05 (LSTM sequence classifier), each run as a
-- child process in a tiny configuration (-limit: a few hundred images, one
-- or two epochs): exit status, the lines each prints, that training
-- actually learns (test accuracy well above the 10% of chance), the
-- learning-rate schedule, the model variants behind the flags, the PNG
-- loss curve, and the errors for bad options.  The full runs (91% / 85%+
-- in a few minutes) are measured by hand; see the tutorials' banners.
local tester = torch.Tester()
local tests = torch.TestSuite()

local LANTERN = (arg and arg[-1]) or 'build/lantern'
local root = os.getenv('LANTERN_TEST_ROOT') or '.'
local tmp = os.tmpname()
os.remove(tmp)
os.execute('mkdir -p ' .. tmp)

local NODISPLAY = 'DISPLAY= WAYLAND_DISPLAY='   -- no plot window, whatever the session has

local function q(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

-- plain substring search, as a boolean for tester:assert
local function has(s, needle) return s:find(needle, 1, true) ~= nil end

local function slurp(path)
   local f = io.open(path, 'r')
   if not f then return '' end
   local s = f:read('a')
   f:close()
   return s
end

-- Runs `lantern tutorials/<name> <args>` from the repository root, off a
-- terminal (stdout and stderr to files).  Returns stdout, stderr, status.
local function run(name, args)
   local cmd = string.format('cd %s && %s %s tutorials/%s %s </dev/null >%s/out 2>%s/err',
      q(root), NODISPLAY, q(LANTERN), name, args, q(tmp), q(tmp))
   local _, how, code = os.execute(cmd)
   return slurp(tmp .. '/out'), slurp(tmp .. '/err'), how == 'exit' and code or -1
end

-- The epoch lines: { {epoch, lr, loss, accuracy}, ... }
local function epochs(out)
   local res = {}
   for e, lr, loss, acc in out:gmatch(
         'epoch (%d+): lr ([%d.e-]+), training loss ([%d.]+), test accuracy ([%d.]+)%%') do
      res[#res + 1] = { tonumber(e), tonumber(lr), tonumber(loss), tonumber(acc) }
   end
   return res
end

local have_data = pcall(require('dataset').fashionmnist, 'test')

-- ------------------------------------------------------------- 04 conv net
function tests.cnn_tiny_run_learns()
   local out, err, rc = run('04-fashion-cnn.lua', '-epochs 1 -limit 1000 -noplot')
   tester:eq(rc, 0, 'exit status; stderr: ' .. err)
   tester:assert(has(out, 'Fashion-MNIST: 1000 training and 1000 test images of 1x28x28'),
                 'data line')
   tester:assert(has(out, 'nn.SpatialConvolution(1 -> 16, 3x3, 1,1, 1,1) without bias'),
                 'model printed')
   tester:assert(has(out, 'nn.SpatialBatchNormalization'), 'batch norm in the model')
   tester:assert(has(out, '206970 parameters'), 'parameter count of the default net')
   local ep = epochs(out)
   tester:eq(#ep, 1, 'one epoch line')
   if ep[1] then
      tester:eq(ep[1][2], 0.002, 'initial learning rate')
      tester:assert(ep[1][3] > 0 and ep[1][3] < 2.3, 'loss below chance (ln 10 = 2.30)')
      tester:assert(ep[1][4] > 50, 'test accuracy well above chance: ' .. ep[1][4])
   end
   tester:assert(out:find('trained in [%d.]+ s') ~= nil, 'final timing line')
   tester:assert(not out:find('loss curve written', 1, true), 'no PNG without -png')
end

function tests.cnn_width_and_lr_schedule()
   local out, err, rc = run('04-fashion-cnn.lua',
                            '-epochs 3 -decay 1 -limit 200 -width 4 -noplot -seed 3')
   tester:eq(rc, 0, 'exit status; stderr: ' .. err)
   tester:assert(has(out, 'nn.SpatialConvolution(4 -> 8, 3x3, 1,1, 1,1) without bias'),
                 '-width sets the conv widths')
   -- conv 4*9, BN 2*4, conv 8*4*9, BN 2*8, Linear 392*128 + 128, Linear 128*10 + 10
   tester:assert(has(out, '51942 parameters'), 'parameter count with -width 4')
   local ep = epochs(out)
   tester:eq(#ep, 3, 'three epoch lines')
   local lrs = {}
   for i, e in ipairs(ep) do lrs[i] = e[2] end
   tester:eq(lrs, { 0.002, 0.001, 0.0005 }, 'learning rate halved every epoch with -decay 1')
end

function tests.cnn_png_loss_curve()
   if os.execute('command -v gnuplot >/dev/null 2>&1') ~= true then
      print('gnuplot not installed: PNG test skipped')
      return
   end
   local png = tmp .. '/cnn.png'
   -- 1000 images at batch 16: 63 steps, so the curve gets 3 points.
   local out, err, rc = run('04-fashion-cnn.lua',
                            '-epochs 1 -limit 1000 -batch 16 -width 4 -png ' .. q(png))
   tester:eq(rc, 0, 'exit status; stderr: ' .. err)
   tester:assert(has(out, 'loss curve written to ' .. png), 'PNG line')
   local data = slurp(png)
   tester:assert(#data > 100 and data:sub(1, 8) == '\137PNG\r\n\26\n', 'a PNG file was written')
end

function tests.cnn_bad_options()
   local _, err, rc = run('04-fashion-cnn.lua', '-epochs two')
   tester:assert(rc ~= 0, 'non-number for a number option fails')
   tester:assert(has(err, 'epochs'), 'the error names the option: ' .. err)
   _, err, rc = run('04-fashion-cnn.lua', '-epochs 1 -limit 10 -noplot -data /nonexistent/dir')
   tester:assert(rc ~= 0, 'a missing data directory fails')
   tester:assert(has(err, '/nonexistent/dir'), 'the error names the directory: ' .. err)
end

-- ------------------------------------------------------------- 05 LSTM
function tests.lstm_tiny_run_learns()
   local out, err, rc = run('05-sequence-classifier.lua', '-epochs 2 -limit 2000 -noplot')
   tester:eq(rc, 0, 'exit status; stderr: ' .. err)
   tester:assert(has(out, 'Fashion-MNIST as sequences: 2000 training and 2000 test images, '
                          .. '28 steps of 28 pixels each'), 'data line')
   tester:assert(has(out, 'nn.LSTM(28 -> 128, batchFirst)'), 'model printed')
   -- LSTM: 4*128*(28 + 128) + 2*4*128; Linear: 128*10 + 10
   tester:assert(has(out, '82186 parameters'), 'parameter count of the default net')
   local ep = epochs(out)
   tester:eq(#ep, 2, 'two epoch lines')
   if ep[2] then
      tester:assert(ep[2][3] < ep[1][3], 'training loss falls from epoch 1 to 2')
      tester:assert(ep[2][4] > 50, 'test accuracy well above chance: ' .. ep[2][4])
   end
   tester:assert(out:find('trained in [%d.]+ s') ~= nil, 'final timing line')
end

function tests.lstm_gru_and_layers()
   local out, err, rc = run('05-sequence-classifier.lua',
                            '-epochs 1 -limit 300 -gru -layers 2 -hidden 32 -noplot')
   tester:eq(rc, 0, 'exit status; stderr: ' .. err)
   tester:assert(has(out, 'nn.GRU(28 -> 32'), '-gru selects a GRU: ' .. out)
   -- GRU layer 1: 3*32*(28 + 32) + 2*3*32; layer 2: 3*32*(32 + 32) + 2*3*32; Linear 32*10 + 10
   tester:assert(has(out, '12618 parameters'), 'two GRU layers of 32')
   tester:eq(#epochs(out), 1, 'one epoch line')
end

function tests.lstm_without_clipping_or_decay()
   local out, err, rc = run('05-sequence-classifier.lua',
                            '-epochs 2 -limit 200 -clip 0 -decay 0 -lr 0.01 -noplot')
   tester:eq(rc, 0, 'exit status; stderr: ' .. err)
   local ep = epochs(out)
   tester:eq(#ep, 2, 'two epoch lines')
   if ep[2] then tester:eq({ ep[1][2], ep[2][2] }, { 0.01, 0.01 }, '-decay 0 keeps the rate') end
end

-- On a terminal without a display the loss curve is text, redrawn in
-- place over what was printed below it; the epoch lines must be printed
-- again after the last redraw.  Run under script(1) for a pty.
function tests.lstm_text_plot_keeps_epoch_lines()
   if os.execute('command -v gnuplot >/dev/null 2>&1 && command -v script >/dev/null 2>&1')
         ~= true then
      print('gnuplot or script(1) not installed: text-plot test skipped')
      return
   end
   local inner = string.format('%s tutorials/05-sequence-classifier.lua '
      .. '-epochs 2 -limit 1000 -batch 16 -hidden 16', LANTERN)
   local cmd = string.format('cd %s && %s script -q -c %s /dev/null </dev/null >%s/tty',
                             q(root), NODISPLAY, q(inner), q(tmp))
   local _, how, code = os.execute(cmd)
   tester:eq(how == 'exit' and code or -1, 0, 'exit status')
   local out = slurp(tmp .. '/tty')
   tester:assert(has(out, 'LSTM: training loss'), 'a text plot was drawn')
   local lastup = 0
   for pos in out:gmatch('()\27%[%d+A') do lastup = pos end
   tester:assert(lastup > 0, 'the plot was redrawn in place')
   local tail = out:sub(lastup)
   tester:assert(has(tail, 'epoch 1: lr 0.002') and has(tail, 'epoch 2: lr 0.002'),
                 'both epoch lines follow the last redraw')
end

function tests.lstm_bad_option()
   local _, err, rc = run('05-sequence-classifier.lua', '-hidden 0 -limit 10 -noplot')
   tester:assert(rc ~= 0, 'hidden size 0 fails')
   tester:assert(has(err, 'hiddenSize must be a positive integer'),
                 'the error names the argument: ' .. err)
end

if not have_data then
   print('dataset-fashion-mnist is not installed: tutorial tests skipped')
   tests = torch.TestSuite()
   function tests.data_missing_gives_clear_error()
      local _, err, rc = run('04-fashion-cnn.lua', '-epochs 1 -noplot')
      tester:assert(rc ~= 0, 'fails without the data')
      tester:assert(has(err, 'dataset-fashion-mnist'), 'the error names the package: ' .. err)
   end
end

tester:add(tests)
tester:run()
os.execute('rm -rf ' .. q(tmp))
