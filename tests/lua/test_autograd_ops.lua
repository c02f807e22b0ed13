-- Gradient checks of every differentiable op, enumerated from the op table
-- (torch.autograd.ops() lists lantern.h's LT_OPS and the autograd-only
-- opcodes), so an op added to the table without a case here fails the
-- suite.  Each case is one or more functions of double inputs checked by
-- torch.autograd.gradcheck against central finite differences (eps 1e-6,
-- atol 1e-5, rtol 1e-3).  Inputs avoid the points where an op is not
-- differentiable (0 for abs, integers for floor, ties for max...).
-- Negative control: every rule, made wrong on purpose (its gradients
-- doubled), must make one of its cases fail; so each case exercises its op.
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
local tester = torch.Tester()
local tests = torch.TestSuite()

torch.manualSeed(1234)
local function R(...) return torch.rand(...):mul(2):add(-1):requiresGrad() end     -- (-1, 1)
local function P(...) return torch.rand(...):add(0.5):requiresGrad() end           -- (0.5, 1.5)
local function Away(...)        -- |x| in (0.2, 1), no integers or half-integers nearby
   local x = torch.rand(...):mul(0.7):add(0.2)
   local s = torch.rand(...):gt(0.5):double():mul(2):add(-1)
   return x:cmul(s):requiresGrad()
end
local function Distinct(n, m)   -- values at least 0.1 apart
   local v = torch.randperm(n * m):double():mul(0.1):add(-0.05 * n * m):view(n, m)
   return v:requiresGrad()
end
local long = torch.LongTensor

-- cases[ENUM] = { {fn, inputs...}, ... } ; NONDIFF: results carry no history;
-- ZERO: the gradient is identically zero (the negative control skips it)
local NONDIFF, ZERO = {}, {}
local cases = {
   NEG = { { function(x) return -x end, R(3, 4) }, { torch.neg, R(5) } },
   ABS = { { torch.abs, Away(3, 4) } },
   SIGN = { ZERO, { torch.sign, Away(3, 4) } },
   ACOS = { { torch.acos, R(3, 4):detach():mul(0.8):requiresGrad() } },
   ASIN = { { torch.asin, R(3, 4):detach():mul(0.8):requiresGrad() } },
   ATAN = { { torch.atan, R(3, 4) } },
   CEIL = { ZERO, { torch.ceil, Away(3, 4) } },
   COS = { { torch.cos, R(3, 4) } },
   COSH = { { torch.cosh, R(3, 4) } },
   EXP = { { torch.exp, R(3, 4) }, { function(x) return x:clone():exp() end, R(4) } },
   EXPM1 = { { torch.expm1, R(3, 4) } },
   FLOOR = { ZERO, { torch.floor, Away(3, 4) } },
   LOG = { { torch.log, P(3, 4) } },
   LOG1P = { { torch.log1p, P(3, 4) } },
   CINV = { { torch.cinv, P(3, 4) } },
   ROUND = { ZERO, { torch.round, Away(3, 4) } },
   SIN = { { torch.sin, R(3, 4) }, { function(x) return x:clone():sin() end, R(3) } },
   SINH = { { torch.sinh, R(3, 4) } },
   SQRT = { { torch.sqrt, P(3, 4) } },
   RSQRT = { { torch.rsqrt, P(3, 4) } },
   TAN = { { torch.tan, R(3, 4) } },
   TANH = { { torch.tanh, R(3, 4) } },
   SIGMOID = { { torch.sigmoid, R(3, 4) } },
   TRUNC = { ZERO, { torch.trunc, Away(3, 4) } },
   FRAC = { { torch.frac, Away(3, 4) } },
   ADDS = { { function(x) return x + 2 end, R(3, 4) }, { function(x) return 3 + x end, R(4) },
            { function(x) return x - 1.5 end, R(4) } },
   MULS = { { function(x) return x * 3 end, R(3, 4) },
            { function(x) return torch.mul(x, -2) end, R(4) } },
   DIVS = { { function(x) return x / 4 end, R(3, 4) },
            { function(x) return torch.div(x, 3) end, R(4) } },
   FMODS = { { function(x) return torch.fmod(x, 0.3) end, Away(3, 4) } },
   REMS = { { function(x) return torch.remainder(x, 0.3) end, Away(3, 4) },
            { function(x) return x % 0.3 end, Away(4) } },
   POWS = { { function(x) return torch.pow(x, 3) end, R(3, 4) },
            { function(x) return x ^ 2.5 end, P(4) } },
   SPOW = { { function(x) return torch.pow(2, x) end, R(3, 4) },
            { function(x) return 3 ^ x end, R(4) } },
   CLAMP = { { function(x) return torch.clamp(x, -0.5, 0.5) end, Away(4, 4) } },
   MAXS = { { function(x) return torch.cmax(x, 0.1) end, Away(3, 4) } },
   MINS = { { function(x) return torch.cmin(x, 0.1) end, Away(3, 4) } },
   ADD = { { function(a, b) return a + b end, R(3, 4), R(3, 4) },
           { function(a, b) return torch.add(a, 2, b) end, R(3, 4), R(4) },
           { function(a, b) return torch.add(a, b) end, R(3, 1), R(1, 4) },
           { function(a, b) return a:clone():add(b) end, R(2, 3), R(2, 3) } },
   SUB = { { function(a, b) return a - b end, R(3, 4), R(4) },
           { function(a, b) return torch.csub(a, 0.5, b) end, R(3, 4), R(3, 4) },
           { function(a) return 2 - a end, R(4) } },
   MUL = { { torch.cmul, R(3, 4), R(3, 4) }, { torch.cmul, R(2, 3, 4), R(3, 1) } },
   DIV = { { torch.cdiv, R(3, 4), P(3, 4) }, { function(a, b) return a / b end, R(3, 4), P(4) },
           { function(b) return 2 / b end, P(4) } },
   POW = { { torch.cpow, P(3, 4), R(3, 4) } },
   FMOD = { { torch.cfmod, Away(3, 4), P(3, 4):detach():mul(0.3):requiresGrad() } },
   REM = { { torch.cremainder, Away(3, 4), P(3, 4):detach():mul(0.3):requiresGrad() } },
   ATAN2 = { { torch.atan2, R(3, 4), P(3, 4) } },
   MAX = { { torch.cmax, Distinct(3, 4), Distinct(3, 4) },
           { function(a, b) return torch.max(a, b) end, Distinct(2, 3), Distinct(2, 3) } },
   MIN = { { torch.cmin, Distinct(3, 4), Distinct(3, 4) } },
   ADDCMUL = { { function(a, b, c) return torch.addcmul(a, 0.5, b, c) end,
                 R(3, 4), R(3, 4), R(4) } },
   ADDCDIV = { { function(a, b, c) return torch.addcdiv(a, 0.5, b, c) end,
                 R(3, 4), R(3, 4), P(3, 4) } },
   LERP = { { function(a, b) return torch.lerp(a, b, 0.3) end, R(3, 4), R(3, 4) } },
   LT = NONDIFF, LE = NONDIFF, GT = NONDIFF, GE = NONDIFF, EQ = NONDIFF, NE = NONDIFF,
   ALL = NONDIFF, ANY = NONDIFF,
   SUM = { { function(x) return x:sum() end, R(3, 4) },
           { function(x) return x:sum(2) end, R(3, 4) },
           { function(x) return torch.sum(x, 1) end, R(3, 4) } },
   PROD = { { function(x) return x:prod() end, P(2, 3) },
            { function(x) return x:prod(2) end, Away(3, 4) } },
   MEAN = { { function(x) return x:mean() end, R(3, 4) },
            { function(x) return x:mean(1) end, R(3, 4) } },
   RMAX = { { function(x) return x:max() end, Distinct(3, 4) },
            { function(x) return (x:max(2)) end, Distinct(3, 4) } },
   RMIN = { { function(x) return x:min() end, Distinct(3, 4) },
            { function(x) return (torch.min(x, 1)) end, Distinct(3, 4) } },
   NORM = { { function(x) return x:norm() end, R(3, 4) },
            { function(x) return x:norm(3) end, Away(3, 4) },
            { function(x) return x:norm(2, 2) end, R(3, 4) },
            { function(x) return x:norm(1) end, Away(5) } },
   STD = { { function(x) return x:std() end, R(3, 4) },
           { function(x) return x:std(2) end, R(3, 4) },
           { function(x) return x:std(1, true) end, R(3, 4) } },
   VAR = { { function(x) return x:var() end, R(3, 4) },
           { function(x) return x:var(2, true) end, R(3, 4) } },
   DIST = { { function(a, b) return torch.dist(a, b) end, R(3, 4), R(3, 4) },
            { function(a, b) return torch.dist(a, b, 3) end, R(5), R(5) } },
   CUMSUM = { { function(x) return torch.cumsum(x, 2) end, R(3, 4) },
              { function(x) return x:cumsum(1) end, R(3, 4) } },
   CUMPROD = { { function(x) return torch.cumprod(x, 2) end, Away(3, 4) } },
   DOT = { { torch.dot, R(5), R(5) }, { function(a, b) return a * b end, R(4), R(4) } },
   ADDMV = { { torch.mv, R(3, 4), R(4) }, { function(m, v) return m * v end, R(3, 4), R(4) },
             { function(c, m, v) return torch.addmv(0.5, c, 2, m, v) end, R(3), R(3, 4), R(4) } },
   ADDMM = { { torch.mm, R(3, 4), R(4, 2) }, { function(a, b) return a * b end, R(2, 3), R(3, 2) },
             { function(c, a, b) return torch.addmm(0.5, c, 2, a, b) end,
               R(3, 2), R(3, 4), R(4, 2) },
             { function(a, b) return a:t() * b end, R(4, 3), R(4, 2) } },
   ADDR = { { torch.ger, R(3), R(4) },
            { function(c, a, b) return torch.addr(0.5, c, 2, a, b) end, R(3, 4), R(3), R(4) } },
   BADDBMM = { { torch.bmm, R(2, 3, 4), R(2, 4, 2) },
               { function(c, a, b) return torch.baddbmm(0.5, c, 2, a, b) end,
                 R(2, 3, 2), R(2, 3, 4), R(2, 4, 2) } },
   ADDBMM = { { function(c, a, b) return torch.addbmm(0.5, c, 2, a, b) end,
                R(3, 2), R(2, 3, 4), R(2, 4, 2) } },
   COPY = { { function(x) return x:clone() end, R(3, 4) },
            { function(x) return x:t():contiguous() end, R(3, 4) },
            { function(x) return torch.zeros(4, 3):copy(x) end, R(3, 4) } },
   CAT = { { function(a, b) return torch.cat(a, b, 1) end, R(2, 3), R(3, 3) },
           { function(a, b, c) return torch.cat({ a, b, c }, 2) end, R(2, 3), R(2, 1), R(2, 2) },
           { function(a, b) return torch.cat(a, b) end, R(3), R(2) } },
   INDEX = { { function(x) return x:index(1, long { 3, 1, 3 }) end, R(3, 4) },
             { function(x) return x:indexSelect(2, long { 4, 1 }) end, R(3, 4) },
             { function(x) return torch.index(x, 2, long { 2, 2, 4 }) end, R(3, 4) },
             { function(x) return x[long { 2, 2 }] end, R(3, 4) } },
   GATHER = { { function(x) return (x:sort(2)) end, Distinct(3, 4) },
              { function(x) return (torch.topk(x, 2, 1, true)) end, Distinct(3, 4) },
              { function(x) return (x:kthvalue(2, 2)) end, Distinct(3, 4) },
              { function(x) return (x:median(1)) end, Distinct(3, 4) },
              { function(x) return (x:mode(2)) end, Distinct(3, 4) },
              { function(x) return torch.gather(x, 2, long { { 1, 2, 2 },
              { 4, 4, 1 },
              { 3, 3, 3 } }) end, R(3, 4) },
              { function(x) return x:gather(1, long { { 1, 3, 2, 2 } }) end, R(3, 4) } },
   SCATTER = { { function(x, s) return x:clone():scatter(2, long { { 1, 3 },
               { 4, 2 } }, s) end, R(2, 4), R(2, 2) },
               { function(s) return torch.zeros(3, 4):scatter(1, long { { 3, 1, 2, 1 } }, s) end,
                 R(1, 4) },
               { function(x) return x:clone():scatter(2, long { { 2 }, { 1 } }, 0) end, R(2, 3) } },
   MSELECT = { { function(x) return x:maskedSelect(torch.ByteTensor { { 1, 0, 1, 1 },
               { 0, 0, 1, 0 } }) end, R(2, 4) },
               { function(x) return x[torch.ByteTensor { 0, 1, 1 }] end, R(3) } },
   VIEW = { { function(x) return x:narrow(2, 2, 2) end, R(3, 4) },
            { function(x) return x:select(1, 2) end, R(3, 4) },
            { function(x) return x:t() end, R(3, 4) },
            { function(x) return x:transpose(1, 3) end, R(2, 3, 4) },
            { function(x) return x:view(4, 3) end, R(3, 4) },
            { function(x) return x[2] end, R(3, 4) },
            { function(x) return x[{ { 1, 2 }, 3 }] end, R(3, 4) },
            { function(x) return x:unsqueeze(1) end, R(3) },
            { function(x) return x:squeeze() end, R(1, 3, 1) },
            { function(x) return x:split(2, 2)[2] end, R(3, 4) },
            { function(x) return x:chunk(2, 1)[1] end, R(3, 4) },
            { function(x) return x:sub(1, 2, 2, 3) end, R(3, 4) },
            { function(x) return x:permute(2, 1, 3) end, R(2, 3, 2) },
            { function(x) return x:narrow(1, 2, 2):t():select(1, 3) end, R(3, 4) },
            { function(x) return x:unfold(1, 2, 2) end, R(6) },
            { function(x) return x:unfold(2, 3, 1) end, R(2, 5) },
            { function(x) return x:t():unfold(1, 2, 1) end, R(3, 4) },
            { function(x) return x:expand(2, 3):t() end, R(3) },
            { function(x) return x:view(1, 3):expand(4, 3):narrow(1, 2, 2):unfold(2, 2, 1) end,
              R(3) } },
   EXPAND = { { function(x) return x:expand(3, 4) end, R(1, 4) },
              { function(x) return x:expand(2, 3) end, R(3) },
              { function(x) return x:expandAs(torch.zeros(3, 4)) end, R(3, 1) } },
   RESHAPE = { { function(x) return x:reshape(2, 6) end, R(3, 4) },
               { function(x) return torch.reshape(x:t(), 12) end, R(3, 4) } },
   CONV2 = { { torch.conv2, R(5, 6), R(2, 3) },
             { function(x, k) return torch.conv2(x, k, 'F') end, R(4, 5), R(3, 2) },
             { torch.conv2, R(2, 5, 5), R(2, 3, 2) }, { torch.conv2, R(2, 5, 4), R(3, 2, 2, 3) },
             { function(x, k) return torch.conv2(x, k, 'F') end, R(2, 3, 3), R(3, 2, 2, 2) } },
   XCORR2 = { { torch.xcorr2, R(5, 6), R(2, 3) },
              { function(x, k) return torch.xcorr2(x, k, 'F') end, R(4, 5), R(3, 2) },
              { torch.xcorr2, R(2, 5, 4), R(2, 2, 3) }, { torch.xcorr2, R(2, 5, 4), R(3, 2, 2, 3) },
              { function(x, k) return torch.xcorr2(x, k, 'F') end, R(2, 3, 3), R(3, 2, 2, 2) } },
   TRIL = { { function(x) return torch.tril(x) end, R(3, 4) },
            { function(x) return x:tril(-1) end, R(4, 3) } },
   TRIU = { { function(x) return torch.triu(x, 1) end, R(3, 4) } },
   DIAG = { { function(x) return torch.diag(x) end, R(3) },
            { function(x) return torch.diag(x, -1) end, R(3) },
            { function(x) return torch.diag(x) end, R(3, 4) },
            { function(x) return x:diag(1) end, R(4, 3) },
            { function(x) return x:diag(-2) end, R(4, 3) } },
   TRACE = { { function(x) return torch.trace(x) end, R(3, 4) } },
   CROSS = { { torch.cross, R(3, 4), R(3, 4) },
             { function(a, b) return torch.cross(a, b, 2) end, R(2, 3), R(2, 3) } },
   REPEAT = { { function(x) return x:repeatTensor(2, 3) end, R(2, 2) },
              { function(x) return torch.repeatTensor(x, 2, 1, 2) end, R(3) } },
   SETVIEW = { { function(x, s) local y = x * 1; y[2] = s; return y end, R(3, 4), R(4) },
               { function(x) local y = x * 1; y[{ 1, 2 }] = 0; return y end, R(3, 4) },
               { function(s) local y = torch.zeros(2, 3); y[{ {}, { 2, 3 } }] = s; return y end,
                 R(2, 2) },
               { function(x) local y = x * 1; y[2] = 5; return y end, R(3) },
               { function(x, s) local y = x:t():clone(); y[{ 2, { 1, 2 } }] = s; return y end,
                 R(3, 3), R(2) } },
   CUSTOM = { { function(x)
                   local y = torch.noGrad(function() return torch.cmul(x, x) end)
                   return torch.autograd.record(y, { x }, function(g)
                      return torch.cmul(g, x:detach()) * 2
                   end)
                end, R(3, 4) } },
}

local function each_case(list, f)
   for k, case in ipairs(list) do
      if case ~= ZERO then f(k, case[1], { table.unpack(case, 2) }) end
   end
end

function tests.every_op_has_a_gradient_check()
   local nops = 0
   for _, op in ipairs(torch.autograd.ops()) do
      nops = nops + 1
      local list = cases[op.enum]
      tester:assert(list ~= nil, 'no gradient check for op ' .. op.enum .. ' (' .. op.name .. ')')
      if list == NONDIFF then
         tester:assert(not op.differentiable, op.enum .. ' is listed as not differentiable')
      elseif list then
         tester:assert(op.differentiable, op.enum .. ' should be differentiable')
         each_case(list, function(k, fn, inputs)
            local ok, msg = torch.autograd.gradcheck(fn, inputs)
            tester:assert(ok, string.format('%s case %d: %s', op.enum, k, msg))
         end)
      end
   end
   tester:assert(nops > 80, 'the op table is listed')
end

function tests.negative_control_every_rule_is_exercised()
   for _, op in ipairs(torch.autograd.ops()) do
      local list = cases[op.enum]
      if list and list ~= NONDIFF and list[1] ~= ZERO then
         torch.autograd._breakRule(op.opcode, true)
         local caught = false
         each_case(list, function(_, fn, inputs)
            if not caught and not torch.autograd.gradcheck(fn, inputs) then caught = true end
         end)
         torch.autograd._breakRule(op.opcode, false)
         tester:assert(caught, 'a wrong backward for ' .. op.enum .. ' went unnoticed')
      end
   end
end

function tests.comparisons_and_predicates_carry_no_history()
   local a, b = R(3), R(3)
   for _, f in ipairs { torch.lt, torch.le, torch.gt, torch.ge, torch.eq, torch.ne } do
      tester:assert(not f(a, b):isRequiresGrad(), 'comparison results have no history')
      tester:assert(not f(a, 0):isRequiresGrad(), 'comparison with a number')
   end
   tester:eq(type(a:gt(2):all()), 'boolean')
   tester:eq(type(a:gt(-2):any()), 'boolean')
end

function tests.gradcheck_reports_the_worst_element()
   local x = R(4)
   torch.autograd._breakRule(torch.autograd.ops()[10].opcode, true)   -- EXP
   local ok, msg = torch.autograd.gradcheck(torch.exp, { x })
   torch.autograd._breakRule(torch.autograd.ops()[10].opcode, false)
   tester:eq(torch.autograd.ops()[10].enum, 'EXP')
   tester:assert(not ok)
   tester:assert(msg:match('^input 1, element %d: analytic [-%d.e]+, numeric [-%d.e]+$') ~= nil,
                 msg)
   tester:eq(errmsg(torch.autograd.gradcheck, 1, {}),
             'gradcheck: bad argument #1 (function expected)')
end

-- several outputs of one node (a custom node with two outputs) share one
-- graph: gradcheck must run one backward over all of them
function tests.gradcheck_several_outputs_of_one_node()
   local x = R(6)
   local function f(t)
      local a, b = torch.noGrad(function() return t * 2, torch.exp(t) end)
      torch.autograd.record({ a, b }, { t }, function(ga, gb)
         return ga * 2 + torch.cmul(gb, torch.exp(t:detach()))
      end)
      return { a, b }
   end
   local ok, msg = torch.autograd.gradcheck(f, { x })
   tester:assert(ok, msg)
end

tester:add(tests)
tester:run()
