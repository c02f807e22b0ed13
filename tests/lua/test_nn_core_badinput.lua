-- Every nn module, fed inputs of the wrong kind (strings, numbers, empty
-- tables, tables of strings, empty and storage-less tensors, 5-D tensors,
-- integer tensors, tables of tensors, nil), either works or raises a Lua
-- error naming the module or the function ("nn.X: ..." or "bad argument
-- ..."): never a crash, never an anonymous "attempt to index a nil value".
require 'nn'
local tester = torch.Tester()
local tests = torch.TestSuite()

-- the modules of this part of nn (nnk's layers have their own tests)
local NAMES = {
   'Sequential', 'Concat', 'ConcatTable', 'Parallel', 'ParallelTable', 'Identity', 'JoinTable',
   'SplitTable', 'SelectTable', 'NarrowTable', 'FlattenTable', 'CAddTable', 'CSubTable',
   'CMulTable', 'CDivTable', 'Linear', 'Bilinear', 'CMul', 'CAdd', 'Mul', 'Add', 'MulConstant',
   'AddConstant', 'Reshape', 'View', 'Select', 'Narrow', 'Transpose', 'Squeeze', 'Unsqueeze',
   'Replicate', 'Padding', 'Contiguous', 'Copy', 'Sum', 'Mean', 'Max', 'Min', 'Normalize',
   'Euclidean', 'Cosine', 'MM', 'MV', 'Index', 'GradientReversal', 'L1Penalty', 'Dropout',
   'Threshold', 'ReLU', 'ReLU6', 'LeakyReLU', 'PReLU', 'RReLU', 'ELU', 'HardTanh', 'Clamp',
   'HardShrink', 'SoftShrink', 'Tanh', 'Sigmoid', 'LogSigmoid', 'SoftPlus', 'SoftSign', 'Abs',
   'Exp', 'Log', 'Sqrt', 'Square', 'Power', 'TanhShrink',
}

local function modules()
   local list = {}
   for _, name in ipairs(NAMES) do
      local ctor = nn[name]
      do
         local m
         for _, args in ipairs({ {}, { 2 }, { 2, 2 }, { 2, 2, 2 }, { -1, 1 } }) do
            local ok, r = pcall(ctor, table.unpack(args))
            if ok and torch.isTypeOf(r, 'nn.Module') then m = r; break end
         end
         if m then list[#list + 1] = { name, m } end
      end
   end
   return list
end

function tests.bad_inputs_raise_named_errors()
   local inputs = { 'str', 3, {}, { 'a' }, torch.Tensor(), torch.Tensor(0),
                    torch.Tensor(2, 3, 4, 5, 6):zero(), torch.LongTensor(3):fill(1),
                    torch.ByteTensor(2):zero(), { torch.randn(2), torch.randn(3) },
                    torch.randn(7) }
   local list = modules()
   tester:eq(#list, #NAMES, 'every module constructed')
   for _, c in ipairs(list) do
      for i = 1, #inputs + 1 do
         local x = inputs[i]   -- i = #inputs + 1: nil
         local ok, err = pcall(function()
            local y = c[2]:forward(x)
            c[2]:backward(x, y)
         end)
         if not ok then
            local named = type(err) == 'string' and
                          (err:find('nn%.') ~= nil or err:find('bad argument') ~= nil)
            tester:assert(named, string.format('%s with input %d: %s', c[1], i, tostring(err)))
         end
      end
   end
end

tester:add(tests)
tester:run()
