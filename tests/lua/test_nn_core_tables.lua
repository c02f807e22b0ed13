-- nn containers (Concat, ConcatTable, Parallel, ParallelTable) and table
-- layers.  Gradients: nn.Jacobian's central differences over every element
-- of (table) inputs and parameters, double precision, max error < 1e-5.
-- Values: hand-computed.
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
require 'nn'
local tester = torch.Tester()
local tests = torch.TestSuite()
local jac = nn.Jacobian
local PREC = 1e-5

local function checkJacobian(m, input, tag)
   tester:assertlt(jac.testJacobian(m, input), PREC, tag .. ': input')
   local params, grads = m:parameters()
   for i = 1, #(params or {}) do
      tester:assertlt(jac.testJacobianParameters(m, input, params[i], grads[i]), PREC,
                      tag .. ': parameter ' .. i)
   end
end

function tests.concat()
   local m = nn.Concat(2):add(nn.Linear(3, 2)):add(nn.Identity()):add(nn.Tanh())
   local x = torch.randn(4, 3)
   local out = m:forward(x)
   tester:eq(H.sizes(out), { 4, 8 })
   tester:eq(out:narrow(2, 3, 3), x, 0, 'identity slice')
   tester:eq(out:narrow(2, 6, 3), torch.tanh(x), 1e-15, 'tanh slice')
   checkJacobian(m, torch.Tensor(4, 3), 'Concat')
   tester:eq(tostring(nn.Concat(1):add(nn.Identity()):add(nn.ReLU())),
             'nn.Concat {\n  input\n    |`-> (1): nn.Identity\n     `-> (2): nn.ReLU\n'
             .. '     ... -> output\n}')
   local bad = nn.Concat(2):add(nn.Linear(3, 2)):add(nn.Linear(3, 2))
   tester:eq(m:size(), 3, 'size() is the number of modules')
   local msg = errmsg(function() nn.Concat(2):add(nn.Identity()):add(nn.SelectTable(1))
      :forward(torch.randn(2, 2)) end)
   tester:assert(msg:find('nn.SelectTable: input must be a table (got torch.DoubleTensor)', 1,
                          true) ~= nil, msg)
   tester:eq(bad:forward(torch.randn(5, 3)):size(2), 4)
end

function tests.concat_table()
   local l = nn.Linear(3, 2)
   local m = nn.ConcatTable():add(l):add(nn.Identity())
   local x = torch.randn(3)
   local out = m:forward(x)
   tester:eq(#out, 2)
   tester:eq(out[1], l:forward(x), 1e-15)
   tester:eq(out[2], x, 0)
   checkJacobian(m, torch.Tensor(3), 'ConcatTable')
   -- gradient w.r.t. the input is the sum over branches
   local g = m:backward(x, { torch.ones(2), torch.ones(3) })
   tester:eq(g, l.weight:sum(1):view(3) + 1, 1e-14, 'summed gradInput')
   -- table input
   local t = nn.ConcatTable():add(nn.SelectTable(1)):add(nn.SelectTable(2))
      :add(nn.CAddTable())
   checkJacobian(t, { torch.Tensor(2), torch.Tensor(2) }, 'ConcatTable of a table')
   tester:eq(errmsg(function() m:backward(x, torch.ones(2)) end),
             'nn.ConcatTable: gradOutput must be a table (got torch.DoubleTensor)')
end

function tests.parallel_and_parallel_table()
   local p = nn.Parallel(1, 1):add(nn.Linear(3, 2)):add(nn.Tanh())
   local x = torch.randn(2, 3)
   local out = p:forward(x)
   tester:eq(H.sizes(out), { 5 })
   tester:eq(out:narrow(1, 3, 3), torch.tanh(x[2]), 1e-15)
   checkJacobian(p, torch.Tensor(2, 3), 'Parallel')
   tester:eq(errmsg(function() p:forward(torch.randn(3, 3)) end),
             'nn.Parallel: input has 3 slices along dimension 1, but there are 2 modules')
   local pt = nn.ParallelTable():add(nn.Linear(2, 2)):add(nn.Sigmoid())
   checkJacobian(pt, { torch.Tensor(3, 2), torch.Tensor(4) }, 'ParallelTable')
   tester:eq(errmsg(function() pt:forward({ torch.randn(2) }) end),
             'nn.ParallelTable: input has 1 elements, expected 2 (one per module)')
   tester:eq(tostring(pt), 'nn.ParallelTable {\n  input\n    |`-> (1): nn.Linear(2 -> 2)\n'
             .. '     `-> (2): nn.Sigmoid\n     ... -> output\n}')
end

function tests.join_split()
   local a, b = torch.Tensor({ { 1, 2 }, { 3, 4 } }), torch.Tensor({ { 5 }, { 6 } })
   local j = nn.JoinTable(2)
   tester:eq(j:forward({ a, b }), torch.Tensor({ { 1, 2, 5 }, { 3, 4, 6 } }), 0, 'join')
   checkJacobian(j, { torch.Tensor(2, 2), torch.Tensor(2, 1) }, 'JoinTable')
   -- batch mode: dimension 1 of 1-D inputs is dimension 2 of a batch
   local jb = nn.JoinTable(1, 1)
   tester:eq(H.sizes(jb:forward({ torch.randn(3, 2), torch.randn(3, 4) })), { 3, 6 })
   tester:eq(H.sizes(jb:forward({ torch.randn(2), torch.randn(4) })), { 6 })
   tester:eq(H.sizes(nn.JoinTable(-1):forward({ a, b })), { 2, 3 }, 'negative dimension')
   tester:eq(errmsg(function() j:forward({ a, torch.randn(3, 1) }) end),
             'nn.JoinTable: element 2 has size 3x1, element 1 2x2 (they may differ only in '
             .. 'dimension 2)')
   tester:eq(errmsg(function() j:forward(a) end),
             'nn.JoinTable: input must be a table of tensors (got torch.DoubleTensor)')
   local s = nn.SplitTable(1)
   local parts = s:forward(a)
   tester:eq(#parts, 2)
   tester:eq(parts[2], torch.Tensor({ 3, 4 }), 0)
   checkJacobian(s, torch.Tensor(3, 2), 'SplitTable')
   tester:eq(#nn.SplitTable(1, 1):forward(torch.randn(5, 3)), 3, 'batch split')
   tester:eq(#nn.SplitTable(-1):forward(torch.randn(5, 3)), 3, 'negative split')
   tester:eq(errmsg(function() nn.SplitTable(3):forward(a) end),
             'nn.SplitTable: cannot split a tensor of size 2x2 along dimension 3')
end

function tests.select_narrow_flatten()
   local x = { torch.randn(2), torch.randn(3), torch.randn(4) }
   tester:assert(nn.SelectTable(2):forward(x) == x[2], 'select returns the element')
   tester:assert(nn.SelectTable(-1):forward(x) == x[3], 'negative index')
   local st = nn.SelectTable(2)
   st:forward(x)
   local g = st:backward(x, torch.ones(3))
   tester:eq(g[1], torch.zeros(2), 0)
   tester:eq(g[2], torch.ones(3), 0)
   tester:eq(g[3], torch.zeros(4), 0)
   checkJacobian(nn.SelectTable(-2), { torch.Tensor(2), torch.Tensor(3) }, 'SelectTable')
   tester:eq(tostring(nn.SelectTable(2)), 'nn.SelectTable(2)')
   tester:eq(errmsg(function() nn.SelectTable(5):forward(x) end),
             'nn.SelectTable: index 5 out of range (table of 3 elements)')
   tester:eq(errmsg(function() nn.SelectTable(0) end),
             'nn.SelectTable: index must be a non-zero integer (got 0)')
   -- nested: selecting a table
   checkJacobian(nn.SelectTable(1), { { torch.Tensor(2), torch.Tensor(1) }, torch.Tensor(2) },
                 'SelectTable of a table')

   local n = nn.NarrowTable(2, 2)
   local out = n:forward(x)
   tester:assert(#out == 2 and out[1] == x[2] and out[2] == x[3], 'narrow')
   tester:eq(#nn.NarrowTable(1, -1):forward(x), 3, 'negative length')
   checkJacobian(nn.NarrowTable(1, 2), { torch.Tensor(2), torch.Tensor(3), torch.Tensor(1) },
                 'NarrowTable')
   tester:eq(errmsg(function() nn.NarrowTable(3, 2):forward(x) end),
             'nn.NarrowTable: elements 3..4 out of range (table of 3 elements)')

   local f = nn.FlattenTable()
   local nested = { torch.randn(1), { torch.randn(2), { torch.randn(3) } }, torch.randn(4) }
   local flat = f:forward(nested)
   tester:eq(#flat, 4)
   tester:assert(flat[3] == nested[2][2][1], 'depth-first order')
   checkJacobian(f, { torch.Tensor(1), { torch.Tensor(2), { torch.Tensor(3) } } },
                 'FlattenTable')
   tester:eq(errmsg(function() f:forward({ 1 }) end),
             'nn.FlattenTable: input must be a nested table of tensors (found a number)')
end

function tests.arithmetic_tables()
   local a, b = torch.Tensor({ 1, 2, -3 }), torch.Tensor({ 4, -5, 6 })
   tester:eq(nn.CAddTable():forward({ a, b, a }), torch.Tensor({ 6, -1, 0 }), 0, 'add')
   tester:eq(nn.CSubTable():forward({ a, b }), torch.Tensor({ -3, 7, -9 }), 0, 'sub')
   tester:eq(nn.CMulTable():forward({ a, b, a }), torch.Tensor({ 4, -20, 54 }), 0, 'mul')
   tester:eq(nn.CDivTable():forward({ a, b }), torch.Tensor({ 0.25, -0.4, -0.5 }), 1e-15, 'div')
   local mul = nn.CMulTable()
   mul:forward({ a, torch.zeros(3) })
   local g = mul:backward({ a, torch.zeros(3) }, torch.ones(3))
   tester:eq(g[2], a, 0, 'gradient at a zero factor')
   for _, m in ipairs({ nn.CAddTable(), nn.CSubTable(), nn.CMulTable() }) do
      checkJacobian(m, { torch.Tensor(2, 3), torch.Tensor(2, 3) }, torch.type(m))
   end
   checkJacobian(nn.CMulTable(), { torch.Tensor(3), torch.Tensor(3), torch.Tensor(3) },
                 'CMulTable of three')
   -- CDivTable: keep the divisor away from zero
   local d = nn.CDivTable()
   local x = { torch.Tensor(4):uniform(-2, 2), torch.Tensor(4):uniform(1, 2) }
   tester:assertlt((jac.forward(d, x) - jac.backward(d, x)):abs():max(), PREC, 'CDivTable')
   -- in place CAddTable writes into input[1]
   local ip = nn.CAddTable(true)
   local a2 = a:clone()
   ip:forward({ a2, b })
   tester:eq(a2, a + b, 0, 'in place')
   tester:eq(errmsg(function() nn.CAddTable():forward({ a, torch.randn(2) }) end),
             'nn.CAddTable: element 2 has size 2, element 1 3')
   tester:eq(errmsg(function() nn.CSubTable():forward({ a }) end),
             'nn.CSubTable: input has 1 elements, expected at least 2')
   tester:eq(errmsg(function() nn.CMulTable():forward({ a, 'x' }) end),
             'nn.CMulTable: element 2 of the input must be a tensor (got string)')
end

function tests.siamese_network()
   -- a typical table model: two inputs through shared weights, then compared
   local enc = nn.Sequential():add(nn.Linear(3, 2)):add(nn.Tanh())
   local twin = enc:clone('weight', 'bias', 'gradWeight', 'gradBias')
   local m = nn.Sequential():add(nn.ParallelTable():add(enc):add(twin)):add(nn.CSubTable())
   local x = { torch.randn(3), torch.randn(3) }
   tester:eq(m:forward(x), torch.tanh(enc:get(1):forward(x[1])) - torch.tanh(enc:get(1):forward(x[2])),
             1e-14, 'siamese forward')
   checkJacobian(m, { torch.Tensor(3), torch.Tensor(3) }, 'siamese')
   local p = m:getParameters()
   tester:eq(p:nElement(), 8, 'shared weights counted once')
end

tester:add(tests)
tester:run()
