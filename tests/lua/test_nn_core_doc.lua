-- nn's help entries: every area loads, every entry has a signature and a
-- paragraph, and every class this part of nn defines has an entry.
require 'nn'
local tester = torch.Tester()
local tests = torch.TestSuite()

local CLASSES = {
   'Module', 'Container', 'Sequential', 'Concat', 'ConcatTable', 'Parallel', 'ParallelTable',
   'Identity', 'JoinTable', 'SplitTable', 'SelectTable', 'NarrowTable', 'FlattenTable',
   'CAddTable', 'CSubTable', 'CMulTable', 'CDivTable', 'Linear', 'Bilinear', 'CMul', 'CAdd',
   'Mul', 'Add', 'MulConstant', 'AddConstant', 'Reshape', 'View', 'Select', 'Narrow',
   'Transpose', 'Squeeze', 'Unsqueeze', 'Replicate', 'Padding', 'Contiguous', 'Copy', 'Sum',
   'Mean', 'Max', 'Min', 'Normalize', 'Euclidean', 'Cosine', 'MM', 'MV', 'Index',
   'GradientReversal', 'L1Penalty', 'Dropout', 'Threshold', 'ReLU', 'ReLU6', 'LeakyReLU',
   'PReLU', 'RReLU', 'ELU', 'HardTanh', 'Clamp', 'HardShrink', 'SoftShrink', 'Tanh', 'Sigmoid',
   'LogSigmoid', 'SoftPlus', 'SoftSign', 'Abs', 'Exp', 'Log', 'Sqrt', 'Square', 'Power',
   'TanhShrink', 'StochasticGradient',
}

function tests.entries()
   local all = {}
   for _, area in ipairs(require 'nn.doc') do
      local entries = require('nn.doc.' .. area)
      tester:eq(type(entries), 'table', area)
      for name, e in pairs(entries) do
         tester:assert(all[name] == nil, 'duplicate ' .. name)
         all[name] = e
         tester:assert(type(e.sig) == 'string' and #e.sig > 0, name .. ' has a signature')
         tester:assert(type(e.text) == 'string' and #e.text > 10, name .. ' has a text')
         tester:assert(name:match('^nn%.') ~= nil, name .. ' is a full name')
      end
   end
   for _, c in ipairs(CLASSES) do
      tester:assert(nn[c] ~= nil, 'nn.' .. c .. ' exists')
      tester:assert(all['nn.' .. c] ~= nil, 'nn.' .. c .. ' has a help entry')
   end
   -- methods documented exist
   for name in pairs(all) do
      local cls, method = name:match('^nn%.(%a+)%.([%w_]+)$')
      if cls and nn[cls] and cls ~= 'Jacobian' then
         tester:assert(nn[cls][method] ~= nil, name .. ' exists')
      elseif cls == 'Jacobian' then
         tester:assert(type(nn.Jacobian[method]) == 'function', name .. ' exists')
      end
   end
end

tester:add(tests)
tester:run()
