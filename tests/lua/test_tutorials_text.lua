-- Tutorials 06 (character language model) and 07 (attention), each run as
-- a child process `lantern tutorials/X.lua ...` in a tiny configuration:
-- exit status, the lines a reader is told to expect, the checkpoint
-- round trip, the attention pattern actually learnt, and the errors for
-- bad options and a missing text file.
local tester = torch.Tester()
local tests = torch.TestSuite()

local LANTERN = (arg and arg[-1]) or 'build/lantern'
local ROOT = os.getenv('LANTERN_TEST_ROOT') or os.getenv('PWD') or '.'
local tmp = os.tmpname()
os.remove(tmp)
os.execute('mkdir -p ' .. tmp)

local function q(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

local function slurp(path)
   local f = io.open(path, 'rb')
   if not f then return '' end
   local s = f:read('a')
   f:close()
   return s
end

-- Runs a tutorial with the given (already quoted) options; stdout is a
-- file, so the tutorials see no terminal.  Returns stdout, stderr, status.
local function run(tutorial, args)
   local cmd = ('cd %s && DISPLAY= NO_COLOR=1 %s tutorials/%s %s </dev/null >%s/out 2>%s/err'):format(
      q(ROOT), q(LANTERN), tutorial, args, q(tmp), q(tmp))
   local _, how, code = os.execute(cmd)
   return slurp(tmp .. '/out'), slurp(tmp .. '/err'), how == 'exit' and code or -1
end

local FORTUNES = '/usr/share/games/fortunes/fortunes'
local function haveFortunes() return io.open(FORTUNES, 'rb') ~= nil end

-- A text of our own, so that the LM tests do not need the fortunes package.
local TEXT = tmp .. '/text.txt'
do
   local f = assert(io.open(TEXT, 'w'))
   local lines = { 'the cat sat on the mat.', 'a dog ate my homework.', 'to be or not to be.' }
   for i = 1, 60 do f:write(lines[i % 3 + 1], '\n%\n') end
   f:close()
end
local TINY = ' -text ' .. q(TEXT) .. ' -batch 4 -seqlen 16 -hidden 32 -samplelen 30 -noplot'

local function heldout(out, pattern)
   local v = out:match(pattern)
   return v and tonumber(v)
end

function tests.charlm_lstm_trains_samples_and_saves()
   local ck = tmp .. '/lstm.t7'
   local out, err, rc = run('06-char-lm.lua', TINY .. ' -epochs 2 -checkpoint ' .. q(ck))
   tester:eq(rc, 0, 'exit status; stderr: ' .. err)
   local V = tonumber(out:match('text.txt: %d+ characters, (%d+) distinct'))
   tester:assert(V ~= nil, 'text summary: ' .. out)
   V = V or 1
   tester:assert(out:find('nn.LSTM(64 -> 32, 2 layers', 1, true) ~= nil, 'model printed')
   local l1 = heldout(out, 'epoch 1: training loss [%d.]+, held%-out loss ([%d.]+)')
   local t1 = heldout(out, 'epoch 1: training loss ([%d.]+)')
   local t2 = heldout(out, 'epoch 2: training loss ([%d.]+)')
   local l2 = heldout(out, 'epoch 2: training loss [%d.]+, held%-out loss ([%d.]+)')
   tester:assert(l1 ~= nil and l2 ~= nil and t1 ~= nil and t2 ~= nil, 'two epoch lines: ' .. out)
   -- a uniform guess over V characters has loss log(V); learning goes below it
   tester:assert(t2 < t1 and l2 < math.log(V), ('loss falls: %s %s %s'):format(t1, t2, l2))
   tester:assert(out:find('--- sample at temperature 0.8 ---\n%\n', 1, true) ~= nil, 'epoch sample')
   -- the reloaded checkpoint gives the same held-out loss as the trained model
   local back = heldout(out, 'reloaded, held%-out loss ([%d.]+)')
   tester:eq(back, l2, 'reloaded loss equals the last epoch\'s')
   for _, t in ipairs({ '0.5', '1.0', '1.5' }) do
      local s = out:match('%-%-%- temperature ' .. t .. ' %-%-%-\n(.-)\n%-%-%-')
      tester:assert(s ~= nil and #s >= 32 and not s:find('\0', 1, true),
         'a sample at temperature ' .. t)
   end
   tester:assert(#slurp(ck) > 1000, 'checkpoint file written')

   -- -load: the same weights, so the same held-out loss, without training
   local out2, err2, rc2 = run('06-char-lm.lua', TINY .. ' -epochs 0 -load ' .. q(ck))
   tester:eq(rc2, 0, 'exit status with -load; stderr: ' .. err2)
   tester:assert(out2:find('a lstm trained for 2 epochs', 1, true) ~= nil, 'loaded line: ' .. out2)
   tester:eq(heldout(out2, '\nheld%-out loss ([%d.]+)'), l2, 'loaded model\'s held-out loss')
   tester:assert(out2:find('--- temperature 1.5 ---', 1, true) ~= nil, 'samples from the checkpoint')
end

function tests.charlm_transformer_trains_and_saves()
   local ck = tmp .. '/tr.t7'
   local out, err, rc = run('06-char-lm.lua', TINY .. ' -model transformer -width 32 -layers 1 -epochs 2 ' ..
                            '-checkpoint ' .. q(ck))
   tester:eq(rc, 0, 'exit status; stderr: ' .. err)
   tester:assert(out:find('nn.TransformerEncoder', 1, true) ~= nil, 'model printed: ' .. out)
   local l2 = heldout(out, 'epoch 2: training loss [%d.]+, held%-out loss ([%d.]+)')
   local V = tonumber(out:match('text.txt: %d+ characters, (%d+) distinct')) or 1
   tester:assert(l2 ~= nil and l2 < math.log(V), 'held-out loss below a uniform guess: ' .. out)
   tester:eq(heldout(out, 'reloaded, held%-out loss ([%d.]+)'), l2, 'checkpoint round trip')
   tester:assert(out:find('--- temperature 0.5 ---\n%\n', 1, true) ~= nil, 'samples')
   -- loading keeps the window the model was trained with (-seqlen 32 is ignored)
   local out2, err2, rc2 = run('06-char-lm.lua', TINY .. ' -seqlen 32 -epochs 0 -load ' .. q(ck))
   tester:eq(rc2, 0, 'exit status with -load; stderr: ' .. err2)
   tester:assert(out2:find('a transformer trained for 2 epochs', 1, true) ~= nil, out2)
   tester:eq(heldout(out2, '\nheld%-out loss ([%d.]+)'), l2, 'loaded model\'s held-out loss')
end

function tests.charlm_default_text_is_fortunes()
   if not haveFortunes() then return end   -- scripts/deps.sh installs it; skip without
   local out, err, rc = run('06-char-lm.lua', '-epochs 0 -samplelen 5 -noplot')
   tester:eq(rc, 0, 'exit status; stderr: ' .. err)
   tester:assert(out:find(FORTUNES .. ': %d+ characters') ~= nil, 'reads the fortunes: ' .. out)
end

function tests.charlm_errors()
   local _, err, rc = run('06-char-lm.lua', '-text /usr/share/games/fortunes/no-such-file -noplot')
   tester:eq(rc, 1)
   tester:assert(err:find('06-char-lm: /usr/share/games/fortunes/no-such-file not found: ' ..
      'install Debian\'s fortunes package (apt-get install fortunes, or make deps), or give ' ..
      '-text path', 1, true) ~= nil, 'names the package: ' .. err)
   _, err, rc = run('06-char-lm.lua', '-text ' .. q(tmp .. '/none.txt') .. ' -noplot')
   tester:eq(rc, 1)
   tester:assert(err:find('06-char-lm: cannot open -text ' .. tmp .. '/none.txt', 1, true) ~= nil,
      'names the path: ' .. err)
   _, err, rc = run('06-char-lm.lua', TINY .. ' -model gru')
   tester:eq(rc, 1)
   tester:assert(err:find('06-char-lm: -model must be lstm or transformer, got gru', 1, true) ~= nil,
      err)
   _, err, rc = run('06-char-lm.lua', TINY .. ' -temperature 0')
   tester:eq(rc, 1)
   tester:assert(err:find('06-char-lm: -temperature must be positive, got 0', 1, true) ~= nil, err)
   _, err, rc = run('06-char-lm.lua', TINY .. ' -limit 40')
   tester:eq(rc, 1)
   tester:assert(err:find('06-char-lm: 40 characters is too little text for -batch 4 -seqlen 16',
      1, true) ~= nil, err)
end

-- 07: the hand computation agrees with the module, the causal mask hides
-- the future, and the trained model's attention reads the right positions.
function tests.attention_reverse_learns_the_antidiagonal()
   local png = tmp .. '/attn.png'
   local out, err, rc = run('07-attention.lua', '-len 6 -steps 120 -png ' .. q(png))
   tester:eq(rc, 0, 'exit status; stderr: ' .. err)
   local d1 = tonumber(out:match('largest difference from the hand computation: (%S+)'))
   local d2 = tonumber(out:match('largest difference in the weights %(module.attnWeights%): (%S+)'))
   tester:assert(d1 ~= nil and d2 ~= nil and d1 < 1e-5 and d2 < 1e-5, 'MultiHeadAttention = formula: ' .. out)
   -- row 1 of the causal map: 1 then zeros
   tester:assert(out:find('upper triangle is 0%)\n 1%.0000  0%.0000  0%.0000  0%.0000\n') ~= nil,
      'causal first row')
   tester:assert(out:find('each output reads input position: 6 5 4 3 2 1\n', 1, true) ~= nil,
      'reversal attends to the mirrored position: ' .. out)
   local tok = tonumber(out:match('on 2000 new sequences: ([%d.]+)%% of symbols'))
   tester:assert(tok ~= nil and tok > 99, 'symbol accuracy: ' .. tostring(tok))
   tester:eq(slurp(png):sub(1, 8), '\137PNG\r\n\26\n', 'attention map PNG')
   tester:assert(out:find('attention map written to ' .. png, 1, true) ~= nil)
end

function tests.attention_copy_and_rotate()
   local out, err, rc = run('07-attention.lua', '-task copy -len 5 -steps 120 -noplot')
   tester:eq(rc, 0, 'exit status; stderr: ' .. err)
   tester:assert(out:find('each output reads input position: 1 2 3 4 5\n', 1, true) ~= nil, out)
   tester:assert(out:find('attention map written', 1, true) == nil, '-noplot writes nothing')
   out, err, rc = run('07-attention.lua', '-task rotate -len 5 -steps 150 -noplot')
   tester:eq(rc, 0, 'exit status; stderr: ' .. err)
   tester:assert(out:find('each output reads input position: 2 3 4 5 1\n', 1, true) ~= nil, out)
end

function tests.attention_bad_task()
   local _, err, rc = run('07-attention.lua', '-task sort -noplot')
   tester:eq(rc, 1)
   tester:assert(err:find('07-attention: -task must be reverse, copy or rotate, got sort', 1, true)
      ~= nil, err)
end

tester:add(tests)
tester:run()
os.execute('rm -rf ' .. q(tmp))
