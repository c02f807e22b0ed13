-- Tutorials 01-03 run to the end as a user would start them (child
-- processes), in their quick configurations, and print what they promise.
-- The full runs' accuracies are measured by hand and reported in README.
local tester = torch.Tester()
local tests = torch.TestSuite()
local LANTERN = (arg and arg[-1]) or 'build/lantern'

local function run(args)
   local p = io.popen(LANTERN .. ' ' .. args .. ' 2>&1')
   local out = p:read('a')
   local ok, _, code = p:close()
   return out, ok and 0 or code
end

function tests.tensors_tutorial()
   local out, code = run('tutorials/01-tensors.lua')
   tester:eq(code, 0, out)
   tester:assert(out:find('[torch.DoubleTensor of size', 1, true) ~= nil, 'prints tensors')
end

function tests.autograd_tutorial()
   local out, code = run('tutorials/02-autograd.lua')
   tester:eq(code, 0, out)
end

function tests.fashion_mlp_tutorial()
   local f = io.open('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz')
   if not f then
      print('skipped: dataset-fashion-mnist is not installed')
      return
   end
   f:close()
   for _, mode in ipairs({ '', ' -autograd' }) do
      local out, code = run('tutorials/03-fashion-mlp.lua -epochs 1 -limit 3000 -noplot' .. mode)
      tester:eq(code, 0, out)
      local acc = tonumber(out:match('epoch 1: training loss [%d.]+, test accuracy ([%d.]+)%%'))
      tester:assert(acc ~= nil, 'prints the test accuracy' .. mode .. '\n' .. out)
      -- 3000 images, one epoch: well above chance (10%) if training works
      tester:assertgt(acc or 0, 60, 'learns something' .. mode)
   end
end

tester:add(tests)
tester:run()
