-- Elementwise math, comparisons, broadcasting and operators.
-- Float references are PyTorch 1.13 (float64) printed to 15 digits; the
-- tolerance 1e-12 covers that rounding.  Integer results are hand-computed.
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
local tester = torch.Tester()
local tests = torch.TestSuite()
local TOL = 1e-12

local x = { -1.5, -0.5, 0.25, 0.75, 2.0 }
local pos = { 0.25, 0.5, 1.5, 2.0, 3.0 }
local unit = { -0.9, -0.3, 0, 0.4, 0.8 }

local REF = {
   abs = { x, { 1.5, 0.5, 0.25, 0.75, 2.0 } },
   sign = { x, { -1, -1, 1, 1, 1 } },
   ceil = { x, { -1, 0, 1, 1, 2 } },
   floor = { x, { -2, -1, 0, 0, 2 } },
   trunc = { x, { -1, 0, 0, 0, 2 } },
   frac = { x, { -0.5, -0.5, 0.25, 0.75, 0 } },
   neg = { x, { 1.5, 0.5, -0.25, -0.75, -2 } },
   exp = { x, { 0.22313016014843, 0.606530659712633, 1.28402541668774, 2.11700001661267,
               7.38905609893065 } },
   expm1 = { x, { -0.77686983985157, -0.393469340287367, 0.284025416687742, 1.11700001661267,
                 6.38905609893065 } },
   cos = { x, { 0.0707372016677029, 0.877582561890373, 0.968912421710645, 0.731688868873821,
               -0.416146836547142 } },
   sin = { x, { -0.997494986604054, -0.479425538604203, 0.247403959254523, 0.681638760023334,
               0.909297426825682 } },
   tan = { x, { -14.1014199471717, -0.54630248984379, 0.255341921221036, 0.931596459944072,
               -2.18503986326152 } },
   tanh = { x, { -0.905148253644866, -0.46211715726001, 0.244918662403709, 0.635148952387287,
                0.964027580075817 } },
   cosh = { x, { 2.35240961524325, 1.12762596520638, 1.03141309987957, 1.29468328467684,
                3.76219569108363 } },
   sinh = { x, { -2.12927945509482, -0.521095305493747, 0.252612316808168, 0.82231673193583,
                3.62686040784702 } },
   atan = { x, { -0.982793723247329, -0.463647609000806, 0.244978663126864, 0.643501108793284,
                1.10714871779409 } },
   sigmoid = { x, { 0.182425523806356, 0.377540668798145, 0.562176500885798, 0.679178699175393,
                   0.880797077977882 } },
   log = { pos, { -1.38629436111989, -0.693147180559945, 0.405465108108164, 0.693147180559945,
                  1.09861228866811 } },
   log1p = { pos, { 0.22314355131421, 0.405465108108164, 0.916290731874155, 1.09861228866811,
                    1.38629436111989 } },
   sqrt = { pos, { 0.5, 0.707106781186548, 1.22474487139159, 1.4142135623731, 1.73205080756888 } },
   rsqrt = { pos, { 2.0, 1.41421356237309, 0.816496580927726, 0.707106781186547,
                    0.577350269189626 } },
   cinv = { pos, { 4.0, 2.0, 0.666666666666667, 0.5, 0.333333333333333 } },
   acos = { unit, { 2.69056584179353, 1.87548898081029, 1.5707963267949, 1.15927948072741,
                    0.643501108793284 } },
   asin = { unit, { -1.11976951499863, -0.304692654015397, 0.0, 0.411516846067488,
                    0.927295218001612 } },
}

function tests.unary_reference_values()
   for name, case in pairs(REF) do
      local input, expected = case[1], case[2]
      for _, T in ipairs({ 'DoubleTensor', 'FloatTensor' }) do
         local tol = T == 'DoubleTensor' and TOL or 1e-5
         local t = torch[T](input)
         local got = torch[name](t)
         tester:assertTensorEq(got, torch[T](expected), tol * 10, name .. ' ' .. T)
         tester:assert(got ~= t, 'torch.' .. name .. '(x) returns a new tensor')
         local r = torch[T](5)
         torch[name](r, t)
         tester:assertTensorEq(r, torch[T](expected), tol * 10, name .. ' into result')
         t[name](t)
         tester:assertTensorEq(t, torch[T](expected), tol * 10, name .. ' in place')
      end
   end
end

function tests.round_is_half_away_from_zero()
   -- Torch7 used C's round(); PyTorch rounds half to even
   tester:eq(torch.round(torch.Tensor({ 0.5, 1.5, 2.5, -0.5, -2.5 })):totable(),
             { 1, 2, 3, -1, -3 })
end

function tests.float_only_ops_refuse_integers()
   tester:eq(errmsg(function() torch.LongTensor({ 4 }):sqrt() end),
             "calling 'sqrt' on bad self (sqrt is defined for Float and Double tensors only, " ..
             'got a torch.LongTensor)')
   tester:eq(errmsg(function() torch.exp(torch.IntTensor({ 1 })) end),
             "bad argument #1 to 'exp' (exp is defined for Float and Double tensors only, got " ..
             'a torch.IntTensor)')
   tester:eq(torch.IntTensor({ -3, 4 }):abs():totable(), { 3, 4 })
   tester:eq(torch.CharTensor({ -3, 0, 4 }):sign():totable(), { -1, 0, 1 })
end

function tests.scalar_ops()
   local t = torch.Tensor({ 1, 2, 3 })
   tester:eq(torch.add(t, 1):totable(), { 2, 3, 4 })
   tester:eq(torch.mul(t, 2):totable(), { 2, 4, 6 })
   tester:eq(torch.div(t, 2):totable(), { 0.5, 1, 1.5 })
   tester:eq(torch.pow(t, 2):totable(), { 1, 4, 9 })
   tester:eq(torch.pow(2, t):totable(), { 2, 4, 8 }, 'pow(number, tensor) is number^x')
   tester:eq(torch.clamp(t, 1.5, 2.5):totable(), { 1.5, 2, 2.5 })
   tester:eq(torch.cmax(t, 2):totable(), { 2, 2, 3 })
   tester:eq(torch.cmin(t, 2):totable(), { 1, 2, 2 })
   tester:eq(torch.csub(t, 1):totable(), { 0, 1, 2 })
   tester:eq(torch.fmod(torch.Tensor({ -7, 7, 5.5 }), 3):totable(), { -1, 1, 2.5 })
   tester:eq(torch.remainder(torch.Tensor({ -7, 7, 5.5 }), 3):totable(), { 2, 1, 2.5 })
   -- methods work in place and return self
   local u = torch.Tensor({ 1, 2, 3 })
   tester:assert(u:mul(3) == u)
   tester:eq(u:totable(), { 3, 6, 9 })
   u:add(-3):div(3)
   tester:eq(u:totable(), { 0, 1, 2 })
   local r = torch.Tensor()
   r:mul(torch.Tensor({ 1, 2 }), 10)
   tester:eq(r:totable(), { 10, 20 }, 'r:mul(x, v) stores x*v in r')
   tester:eq(errmsg(function() torch.clamp(t, 3, 1) end),
             "bad argument #2 to 'clamp' (min is greater than max)")
end

function tests.integer_semantics()
   tester:eq(torch.IntTensor({ 7, -7 }):div(2):totable(), { 3, -3 }, 'C division truncates')
   tester:eq(torch.LongTensor({ -7, 7 }):remainder(3):totable(), { 2, 1 })
   tester:eq(torch.LongTensor({ -7, 7 }):fmod(3):totable(), { -1, 1 })
   tester:eq(torch.IntTensor({ 2147483647 }):add(1)[1], -2147483648, 'wraps, never UB')
   tester:eq(torch.LongTensor({ 3 }):pow(3)[1], 27)
   tester:eq(torch.LongTensor({ 2 }):pow(-1)[1], 0)
   tester:eq(torch.IntTensor({ 5 }):mul(0.5)[1], 0, 'scalars truncate for integer tensors (Torch7)')
   tester:eq(torch.LongTensor({ 9007199254740993 }):add(0)[1], 9007199254740993, 'exact int64')
   tester:eq(errmsg(function() torch.IntTensor({ 1 }):div(0) end),
             "bad argument #1 to 'div' (integer division by zero)")
   tester:eq(errmsg(function() torch.IntTensor({ 1, 2 }):cdiv(torch.IntTensor({ 1, 0 })) end),
             "bad argument #1 to 'cdiv' (integer division by zero)")
   tester:eq(torch.ByteTensor({ 250 }):add(10)[1], 4)
end

function tests.tensor_tensor_ops()
   local a, b = torch.Tensor({ 1, 2, 3 }), torch.Tensor({ 4, 5, 6 })
   tester:eq(torch.add(a, b):totable(), { 5, 7, 9 })
   tester:eq(torch.add(a, 2, b):totable(), { 9, 12, 15 })
   tester:eq(torch.csub(b, a):totable(), { 3, 3, 3 })
   tester:eq(torch.csub(b, 2, a):totable(), { 2, 1, 0 })
   tester:eq(torch.cmul(a, b):totable(), { 4, 10, 18 })
   tester:eq(torch.cdiv(b, a):totable(), { 4, 2.5, 2 })
   tester:eq(torch.cpow(a, b):totable(), { 1, 32, 729 })
   tester:eq(torch.cmax(a, torch.Tensor({ 2, 2, 2 })):totable(), { 2, 2, 3 })
   tester:eq(torch.cmin(a, torch.Tensor({ 2, 2, 2 })):totable(), { 1, 2, 2 })
   tester:eq(torch.cfmod(torch.Tensor({ -7, 7 }), torch.Tensor({ 3, -3 })):totable(), { -1, 1 })
   tester:eq(torch.cremainder(torch.Tensor({ -7, 7 }), torch.Tensor({ 3, -3 })):totable(), { 2, -2 })
   tester:assertTensorEq(torch.atan2(torch.Tensor(x), torch.Tensor(pos)),
      torch.Tensor({ -1.40564764938027, -0.785398163397448, 0.165148677414627, 0.358770670270572,
                     0.588002603547568 }), 1e-11)
   tester:eq(torch.lerp(a, b, 0.5):totable(), { 2.5, 3.5, 4.5 })
   tester:eq(torch.addcmul(a, 2, a, b):totable(), { 9, 22, 39 })
   tester:eq(torch.addcdiv(a, 2, b, a):totable(), { 9, 7, 7 })
   -- method forms
   local r = torch.Tensor()
   r:add(a, b)
   tester:eq(r:totable(), { 5, 7, 9 })
   r:add(a, 10, b)
   tester:eq(r:totable(), { 41, 52, 63 })
   local c = a:clone()
   c:add(2, b)
   tester:eq(c:totable(), { 9, 12, 15 })
   c:cmul(a)
   tester:eq(c:totable(), { 9, 24, 45 })
   c:addcmul(0.5, a, a)
   tester:eq(c:totable(), { 9.5, 26, 49.5 })
   c:copy(a):lerp(b, 1)
   tester:eq(c:totable(), { 4, 5, 6 })
   r:cdiv(b, a)
   tester:eq(r:totable(), { 4, 2.5, 2 })
   tester:eq(errmsg(function() torch.cmul(a, torch.FloatTensor(3)) end),
             "bad argument #2 to 'cmul' (torch.DoubleTensor expected, got torch.FloatTensor)")
   tester:eq(errmsg(function() torch.cmul(a, 'x') end),
             "cmul: invalid arguments (torch.DoubleTensor, string); expected ([result,] tensor, tensor)")
end

function tests.broadcasting()
   local col = torch.Tensor({ { 1 }, { 2 }, { 3 } })   -- 3x1
   local row = torch.Tensor({ 10, 20 })                -- 2
   local s = col + row
   tester:eq(s:totable(), { { 11, 21 }, { 12, 22 }, { 13, 23 } })
   tester:eq(torch.cmul(col, row):size():totable(), { 3, 2 })
   local m = torch.Tensor(3, 2):fill(1)
   m:add(row)
   tester:eq(m:totable(), { { 11, 21 }, { 11, 21 }, { 11, 21 } }, 'in place with a broadcast operand')
   tester:eq(errmsg(function() row:add(m) end),
             "bad argument #1 to 'add' (size mismatch: 2 and 3x2 cannot be broadcast together " ..
             'into the result)')
   tester:eq(errmsg(function() return torch.Tensor(2, 3) + torch.Tensor(4) end),
             "bad argument #2 to 'add' (size mismatch: 2x3 and 4 cannot be broadcast together)")
   -- an empty (0-dim) tensor is not a scalar: it broadcasts with nothing
   tester:eq(errmsg(function() return torch.Tensor() + torch.Tensor(2) end),
             "bad argument #2 to 'add' (size mismatch: empty and 2 cannot be broadcast together)")
   tester:eq(errmsg(function() return torch.Tensor(3):cmul(torch.Tensor()) end),
             "bad argument #1 to 'cmul' (size mismatch: 3 and empty cannot be broadcast together)",
             'a method call counts arguments after self, as Lua does')
   tester:eq(errmsg(function() torch.add(5, torch.Tensor(2)) end),
             'add: invalid arguments (number, torch.DoubleTensor); expected ([result,] tensor, [value,] tensor) ' ..
             'or ([result,] tensor, value)')
   -- Torch7's equal-element-count rule when shapes cannot broadcast
   local p = torch.Tensor({ { 1, 2, 3 }, { 4, 5, 6 } })
   local q = torch.Tensor({ { 1, 1 }, { 2, 2 }, { 3, 3 } })
   tester:eq(torch.add(p, q):totable(), { { 2, 3, 5 }, { 6, 8, 9 } })
   tester:eq(torch.add(p, q:t()):totable(), { { 2, 4, 6 }, { 5, 7, 9 } },
             'row-major order of a non-contiguous operand')
   -- comparisons broadcast too
   tester:eq(torch.gt(col, torch.Tensor({ 1.5, 2.5 })):totable(), { { 0, 0 }, { 1, 0 }, { 1, 1 } })
end

function tests.comparisons()
   local a = torch.Tensor({ 1, 2, 3 })
   local r = a:lt(2)
   tester:eq(torch.type(r), 'torch.ByteTensor')
   tester:eq(r:totable(), { 1, 0, 0 })
   tester:eq(a:le(2):totable(), { 1, 1, 0 })
   tester:eq(a:gt(2):totable(), { 0, 0, 1 })
   tester:eq(a:ge(2):totable(), { 0, 1, 1 })
   tester:eq(a:eq(2):totable(), { 0, 1, 0 })
   tester:eq(a:ne(2):totable(), { 1, 0, 1 })
   tester:eq(torch.eq(a, torch.Tensor({ 1, 0, 3 })):totable(), { 1, 0, 1 })
   local res = torch.ByteTensor()
   torch.lt(res, a, 3)
   tester:eq(res:totable(), { 1, 1, 0 })
   tester:eq(torch.IntTensor({ 1, 2 }):ge(1.5):totable(), { 0, 1 },
             'integers compare exactly with non-integral numbers')
   tester:eq(torch.Tensor({ 0 / 0 }):eq(0 / 0)[1], 0, 'NaN is not equal to NaN')
   tester:eq(errmsg(function() torch.lt(torch.FloatTensor(), a, 1) end),
             "bad argument #1 to 'lt' (torch.ByteTensor expected, got torch.FloatTensor)")
end

function tests.operators()
   local a, b = torch.Tensor({ 1, 2 }), torch.Tensor({ 3, 4 })
   tester:eq((a + b):totable(), { 4, 6 })
   tester:eq((a - b):totable(), { -2, -2 })
   tester:eq((a + 1):totable(), { 2, 3 })
   tester:eq((1 + a):totable(), { 2, 3 })
   tester:eq((10 - a):totable(), { 9, 8 })
   tester:eq((a - 1):totable(), { 0, 1 })
   tester:eq((a * 3):totable(), { 3, 6 })
   tester:eq((3 * a):totable(), { 3, 6 })
   tester:eq((a / 2):totable(), { 0.5, 1 })
   tester:eq((2 / a):totable(), { 2, 1 })
   tester:eq((b / a):totable(), { 3, 2 })
   tester:eq((-a):totable(), { -1, -2 })
   tester:eq((torch.Tensor({ -7, 7 }) % 3):totable(), { 2, 1 }, '% is floored like Lua')
   tester:eq((a ^ 2):totable(), { 1, 4 })
   tester:eq((2 ^ a):totable(), { 2, 4 })
   tester:eq(a:totable(), { 1, 2 }, 'operators leave their operands alone')
   tester:eq(torch.type(torch.IntTensor({ 1 }) + 1), 'torch.IntTensor')
   tester:eq(errmsg(function() return a + 'x' end), "bad argument #2 to 'add' (number expected, got string)")
end

function tests.aliasing()
   local m = torch.Tensor({ { 1, 2 }, { 3, 4 } })
   m:add(m:t())
   tester:eq(m:totable(), { { 2, 5 }, { 5, 8 } }, 'x:add(x:t()) reads the original values')
   local v = torch.Tensor({ 1, 2, 3, 4 })
   v:narrow(1, 2, 3):add(v:narrow(1, 1, 3))
   tester:eq(v:totable(), { 1, 3, 5, 7 }, 'overlapping views')
end

function tests.noncontiguous_and_empty()
   local base = torch.Tensor(4, 6)
   for i = 1, 4 do for j = 1, 6 do base[i][j] = i * 10 + j end end
   local v = base:narrow(2, 2, 3):t()     -- 3x4, strided
   local e = torch.exp(v / 100)
   tester:assertalmosteq(e[2][3], math.exp(0.33), 1e-14)
   local big = torch.Tensor(500, 300)
   big:fill(2)
   local tb = big:t():mul(3)
   tester:eq(big[500][300], 6.0)
   tester:eq(torch.Tensor():add(1):dim(), 0)
   tester:eq(torch.Tensor(0, 3):mul(2):size():totable(), { 0, 3 })
   tester:eq((torch.Tensor(0) + torch.Tensor(0)):nElement(), 0)
end

function tests.large_parallel_matches_serial()
   local n = 1000000
   local a = torch.Tensor(n):fill(0.5)
   local r = torch.sigmoid(a)
   tester:assertalmosteq(r[1], 1 / (1 + math.exp(-0.5)), 1e-15)
   tester:assertalmosteq(r[n], 1 / (1 + math.exp(-0.5)), 1e-15)
   tester:assertalmosteq(r[n // 2 + 7], 1 / (1 + math.exp(-0.5)), 1e-15)
end

tester:add(tests)
tester:run()
