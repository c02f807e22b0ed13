-- Matrix products: dot, mv, mm, bmm, ger, addmv, addmm, addr, addbmm, baddbmm
-- in Torch7's function and method forms.  References are PyTorch 1.13 in
-- float64 (printed with 17 digits; exact for these small-integer operands,
-- tolerance 1e-12 for the fractional ones, 1e-5 for FloatTensor).
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
local tester = torch.Tester()
local tests = torch.TestSuite()

local A = { { 1, 2, 3 }, { 4, 5, 6 } }
local B = { { 1, -2 }, { 0.5, 4 }, { -3, 1 } }
local AB = { { -7, 9 }, { -11.5, 18 } }                 -- torch.mm(A, B)
local AV = { 5, 11 }                                    -- A * {1, -1, 2}
local GER = { { 3, -1, 0.5 }, { 6, -2, 1 } }            -- {1, 2} outer {3, -1, 0.5}
local ADDMM = { { -13.5, 18.5 }, { -22.5, 36.5 } }      -- addmm(ones, A, B, beta=.5, alpha=2)

function tests.mm_mv_ger_values()
   for _, T in ipairs({ 'DoubleTensor', 'FloatTensor' }) do
      local a, b = torch[T](A), torch[T](B)
      tester:eq(torch.mm(a, b), torch[T](AB), 'mm ' .. T)
      tester:eq(a * b, torch[T](AB), 'a * b ' .. T)
      tester:eq(torch.mv(a, torch[T]({ 1, -1, 2 })), torch[T](AV), 'mv ' .. T)
      tester:eq(a * torch[T]({ 1, -1, 2 }), torch[T](AV), 'matrix * vector ' .. T)
      tester:eq(torch.ger(torch[T]({ 1, 2 }), torch[T]({ 3, -1, 0.5 })), torch[T](GER), 'ger')
      tester:eq(torch.dot(torch[T]({ 1, 2, 3 }), torch[T]({ 4, -5, 6 })), 12, 'dot')
      tester:eq(torch[T]({ 1, 2, 3 }) * torch[T]({ 4, -5, 6 }), 12, 'vector * vector')
   end
   -- fractional operands
   local x = torch.Tensor({ { 0.1, 0.2, 0.3 }, { 0.4, 0.5, 0.6 } })
   local y = torch.Tensor({ { 0.7, -0.8 }, { 0.9, 1.1 }, { -1.2, 1.3 } })
   tester:eq(torch.mm(x, y), torch.Tensor({ { -0.10999999999999999, 0.53 },
                                            { 0.010000000000000009, 1.01 } }), 'mm', 1e-12)
   tester:eq(torch.mm(x:float(), y:float()), torch.FloatTensor({ { -0.11, 0.53 }, { 0.01, 1.01 } }),
             'mm float', 1e-5)
   tester:eq(torch.dot(torch.Tensor({ 0.1, 0.2, 0.3 }), torch.Tensor({ 0.4, -0.5, 0.6 })), 0.12,
             'dot', 1e-12)
end

function tests.result_forms()
   local a, b = torch.Tensor(A), torch.Tensor(B)
   local r = torch.Tensor(7)
   tester:assert(torch.mm(r, a, b) == r, 'torch.mm(r, a, b) returns r')
   tester:eq(r, torch.Tensor(AB), 'torch.mm(r, a, b) resizes and fills r')
   local r2 = torch.Tensor()
   tester:assert(r2:mm(a, b) == r2, 'r:mm(a, b) returns r')
   tester:eq(r2, torch.Tensor(AB), 'r:mm(a, b)')
   local v = torch.Tensor()
   v:mv(a, torch.Tensor({ 1, -1, 2 }))
   tester:eq(v, torch.Tensor(AV), 'r:mv')
   local g = torch.Tensor(1)
   g:ger(torch.Tensor({ 1, 2 }), torch.Tensor({ 3, -1, 0.5 }))
   tester:eq(g, torch.Tensor(GER), 'r:ger')
   tester:eq(torch.Tensor({ 1, 2, 3 }):dot(torch.Tensor({ 4, -5, 6 })), 12, 'x:dot(y)')
   -- new results take the operands' type
   tester:eq(torch.type(torch.mm(a:float(), b:float())), 'torch.FloatTensor', 'mm of floats')
   tester:eq(torch.type(torch.addmm(torch.IntTensor(2, 2):zero(), torch.IntTensor(2, 3):zero(),
                                    torch.IntTensor(3, 2):zero())), 'torch.IntTensor', 'addmm')
end

-- Torch7's addmm signatures: torch.addmm([res,] [beta,] c, [alpha,] a, b) and
-- x:addmm([c,] [alpha,] a, b), x:addmm(beta, [c,] alpha, a, b)
function tests.addmm_argument_forms()
   local a, b = torch.Tensor(A), torch.Tensor(B)
   local c = torch.ones(2, 2)
   local P = torch.Tensor(AB)
   local function expect(got, beta, cc, alpha, msg)
      tester:eq(got, cc * beta + P * alpha, msg, 1e-12)
   end
   expect(torch.addmm(c, a, b), 1, c, 1, 'torch.addmm(c, a, b)')
   expect(torch.addmm(0.5, c, a, b), 0.5, c, 1, 'torch.addmm(beta, c, a, b)')
   expect(torch.addmm(c, 2, a, b), 1, c, 2, 'torch.addmm(c, alpha, a, b)')
   tester:eq(torch.addmm(0.5, c, 2, a, b), torch.Tensor(ADDMM), 'PyTorch addmm(beta=.5, alpha=2)')
   local r = torch.Tensor()
   tester:assert(torch.addmm(r, 0.5, c, 2, a, b) == r, 'returns the result')
   tester:eq(r, torch.Tensor(ADDMM), 'torch.addmm(r, beta, c, alpha, a, b)')
   expect(torch.addmm(r, c, a, b), 1, c, 1, 'torch.addmm(r, c, a, b)')
   expect(torch.addmm(r, 3, c, a, b), 3, c, 1, 'torch.addmm(r, beta, c, a, b)')
   expect(torch.addmm(r, c, 3, a, b), 1, c, 3, 'torch.addmm(r, c, alpha, a, b)')
   tester:eq(c, torch.ones(2, 2), 'c untouched by the function forms')
   -- methods: x is the result, and c when c is not given
   local x = torch.ones(2, 2)
   expect(x:addmm(a, b), 1, torch.ones(2, 2), 1, 'x:addmm(a, b)')
   x = torch.ones(2, 2)
   expect(x:addmm(3, a, b), 1, torch.ones(2, 2), 3, 'x:addmm(alpha, a, b)')
   x = torch.Tensor()
   expect(x:addmm(c, a, b), 1, c, 1, 'x:addmm(c, a, b)')
   expect(x:addmm(c, -1, a, b), 1, c, -1, 'x:addmm(c, alpha, a, b)')
   x = torch.ones(2, 2)
   expect(x:addmm(0.5, 2, a, b), 0.5, torch.ones(2, 2), 2, 'x:addmm(beta, alpha, a, b)')
   expect(x:addmm(0.5, c, 2, a, b), 0.5, c, 2, 'x:addmm(beta, c, alpha, a, b)')
end

function tests.addmv_addr_forms()
   local a, v = torch.Tensor(A), torch.Tensor({ 1, -1, 2 })
   local y = torch.Tensor({ 1, 2 })
   tester:eq(torch.addmv(y, a, v), torch.Tensor({ 6, 13 }), 'torch.addmv(c, m, v)')
   tester:eq(torch.addmv(2, y, -1, a, v), torch.Tensor({ -3, -7 }),
             'torch.addmv(beta, c, alpha, m, v)')
   local x = y:clone()
   x:addmv(a, v)
   tester:eq(x, torch.Tensor({ 6, 13 }), 'x:addmv(m, v)')
   x:addmv(0, 1, a, v)
   tester:eq(x, torch.Tensor(AV), 'x:addmv(0, 1, m, v)')
   local u, w = torch.Tensor({ 1, 2 }), torch.Tensor({ 3, -1, 0.5 })
   local c = torch.ones(2, 3)
   tester:eq(torch.addr(c, u, w), torch.Tensor(GER) + 1, 'torch.addr(c, u, w)')
   tester:eq(torch.addr(0.5, c, 2, u, w), torch.Tensor(GER) * 2 + 0.5,
             'torch.addr(beta, c, alpha, u, w)')
   local z = torch.ones(2, 3)
   z:addr(2, u, w)
   tester:eq(z, torch.Tensor(GER) * 2 + 1, 'x:addr(alpha, u, w)')
end

function tests.batch_products()
   local b1 = torch.range(1, 12):view(2, 2, 3)
   local b2 = torch.range(-3, 8):view(2, 3, 2)
   tester:eq(torch.bmm(b1, b2), torch.Tensor({ { { -2, 4 }, { -11, 4 } },
                                               { { 124, 148 }, { 169, 202 } } }), 'bmm')
   local r = torch.Tensor()
   r:bmm(b1, b2)
   tester:eq(r:size(1), 2, 'r:bmm')
   -- PyTorch: addbmm(ones, b1, b2, beta=2, alpha=0.5), baddbmm(ones, b1, b2, beta=-1, alpha=3)
   tester:eq(torch.addbmm(2, torch.ones(2, 2), 0.5, b1, b2), torch.Tensor({ { 63, 78 }, { 81,
             105 } }),
             'addbmm')
   tester:eq(torch.baddbmm(-1, torch.ones(2, 2, 2), 3, b1, b2),
             torch.Tensor({ { { -7, 11 }, { -34, 11 } }, { { 371, 443 }, { 506, 605 } } }),
                'baddbmm')
   local acc = torch.ones(2, 2)
   acc:addbmm(b1, b2)
   tester:eq(acc, torch.Tensor({ { 123, 153 }, { 159, 207 } }), 'x:addbmm(b1, b2)')
   local bb = torch.ones(2, 2, 2)
   bb:baddbmm(0, 1, b1, b2)
   tester:eq(bb, torch.bmm(b1, b2), 'x:baddbmm(0, 1, b1, b2)')
   -- many small matrices (the parallel path) against one product at a time
   local n1, n2 = torch.Tensor(64, 5, 7), torch.Tensor(64, 7, 3)
   local s = 1
   n1:apply(function() s = (s * 1103515245 + 12345) % 2147483648; return s % 17 - 8 end)
   n2:apply(function() s = (s * 1103515245 + 12345) % 2147483648; return s % 13 - 6 end)
   for _, T in ipairs({ 'torch.DoubleTensor', 'torch.FloatTensor', 'torch.LongTensor' }) do
      local p1, p2 = n1:type(T), n2:type(T)
      local got = torch.bmm(p1, p2)
      local ok = true
      for i = 1, 64 do ok = ok and got[i]:equal(torch.mm(p1[i], p2[i])) end
      tester:assert(ok, 'bmm of 64 small matrices ' .. T)
      -- transposed batches
      local t2 = p2:transpose(2, 3):clone():transpose(2, 3)
      tester:assert(torch.bmm(p1, t2):equal(got), 'bmm of transposed batches ' .. T)
   end
end

function tests.transposed_and_noncontiguous()
   local a, b = torch.Tensor(A), torch.Tensor(B)
   local at = a:t():clone():t()              -- column-major copy of A
   local bt = b:t():clone():t()
   tester:eq(torch.mm(at, bt), torch.Tensor(AB), 'column-major operands')
   tester:eq(torch.mm(b:t(), a:t()), torch.Tensor(AB):t(), 'transposed views')
   local big = torch.Tensor(4, 7):fill(99)
   big:narrow(1, 2, 2):narrow(2, 3, 3):copy(a)
   tester:eq(torch.mm(big:narrow(1, 2, 2):narrow(2, 3, 3), b), torch.Tensor(AB), 'padded rows')
   -- no unit stride at all (every other column of a wider matrix)
   local wide = torch.Tensor(2, 6):zero()
   for i = 1, 2 do for j = 1, 3 do wide[i][2 * j - 1] = A[i][j] end end
   local strided = wide:unfold(2, 1, 2):select(3, 1)
   tester:eq(strided:stride(2), 2, 'stride 2')
   tester:eq(torch.mm(strided, b), torch.Tensor(AB), 'no unit stride')
   -- expanded (stride 0) operand
   local row = torch.Tensor({ { 1, 2, 3 } }):expand(2, 3)
   tester:eq(torch.mm(row, b), torch.Tensor({ { -7, 9 }, { -7, 9 } }), 'expanded rows')
   -- result with a transposed layout
   local r = torch.Tensor(2, 2):t()
   r:mm(a, b)
   tester:eq(r, torch.Tensor(AB), 'into a transposed result')
   tester:eq(r:stride(1), 1, 'the result keeps its layout')
   -- strided vectors
   local v = torch.Tensor({ 1, 0, -1, 0, 2 }):unfold(1, 1, 2):select(2, 1)
   tester:eq(torch.mv(a, v), torch.Tensor(AV), 'mv of a strided vector')
   tester:eq(torch.mv(at, v), torch.Tensor(AV), 'mv of a column-major matrix')
   tester:eq(torch.dot(a, torch.Tensor({ 1, 1, 1, 1, 1, 1 })), 21, 'dot of a matrix and a vector')
   tester:eq(torch.dot(at, a), 91, 'dot in row-major order of a transposed copy')
end

function tests.integer_types()
   for _, T in ipairs({ 'ByteTensor', 'CharTensor', 'ShortTensor', 'IntTensor', 'LongTensor' }) do
      local a = torch[T]({ { 1, 2, 3 }, { 4, 5, 6 } })
      local b = torch[T]({ { 1, 2 }, { 0, 4 }, { 3, 1 } })
      tester:eq(torch.mm(a, b), torch[T]({ { 10, 13 }, { 22, 34 } }), 'mm ' .. T)
      tester:eq(torch.mv(a, torch[T]({ 1, 1, 2 })), torch[T]({ 9, 21 }), 'mv ' .. T)
      tester:eq(torch.ger(torch[T]({ 1, 2 }), torch[T]({ 3, 1 })), torch[T]({ { 3, 1 }, { 6, 2 } }),
                'ger ' .. T)
      tester:eq(torch.dot(torch[T]({ 1, 2, 3 }), torch[T]({ 4, 5, 6 })), 32, 'dot ' .. T)
      tester:eq(math.type(torch.dot(torch[T]({ 1 }), torch[T]({ 2 }))), 'integer',
                'dot is an integer')
      tester:eq(torch.addmm(2, torch[T](2, 2):fill(1), 3, a, b), torch[T]({ { 32, 41 }, { 68,
                104 } }),
                'addmm ' .. T)
   end
   -- Byte arithmetic wraps modulo 256, as Torch7's unsigned char loops
   tester:eq(torch.mm(torch.ByteTensor({ { 16 } }), torch.ByteTensor({ { 17 } })),
             torch.ByteTensor({ { 16 } }), '16*17 = 272 = 16 mod 256')
   -- dot accumulates in 64 bits (Torch7's accreal long)
   tester:eq(torch.dot(torch.ByteTensor({ 200, 200 }), torch.ByteTensor({ 200, 200 })), 80000,
             'byte dot does not wrap')
   tester:eq(torch.mm(torch.LongTensor({ { 2 ^ 40 } }), torch.LongTensor({ { 2 ^ 20 } }))[1][1],
             2 ^ 60,
             'long products are exact')
end

function tests.beta_zero_ignores_the_result()
   local a, b = torch.Tensor(A), torch.Tensor(B)
   for _, T in ipairs({ 'DoubleTensor', 'FloatTensor' }) do
      local r = torch[T](2, 2):fill(0 / 0)
      r:mm(a:type('torch.' .. T), b:type('torch.' .. T))
      tester:eq(r, torch[T](AB), 'mm over NaN ' .. T)
      local v = torch[T](2):fill(0 / 0)
      v:mv(a:type('torch.' .. T), torch[T]({ 1, -1, 2 }))
      tester:eq(v, torch[T](AV), 'mv over NaN ' .. T)
      local g = torch[T](2, 3):fill(0 / 0)
      g:ger(torch[T]({ 1, 2 }), torch[T]({ 3, -1, 0.5 }))
      tester:eq(g, torch[T](GER), 'ger over NaN ' .. T)
      local c = torch[T](2, 2):fill(0 / 0)
      tester:eq(torch.addmm(0, c, a:type('torch.' .. T), b:type('torch.' .. T)), torch[T](AB),
                'addmm with beta 0 ignores NaN in c ' .. T)
      local bb = torch[T](2, 2, 2):fill(0 / 0)
      bb:bmm(torch[T](2, 2, 3):fill(1), torch[T](2, 3, 2):fill(1))
      tester:eq(bb, torch[T](2, 2, 2):fill(3), 'bmm over NaN ' .. T)
   end
end

function tests.aliasing()
   local x = torch.Tensor({ { 1, 2 }, { 3, 4 } })
   local y = torch.Tensor({ { 0, 1 }, { 1, 0 } })
   local want = torch.Tensor({ { 2, 1 }, { 4, 3 } })
   x:mm(x, y)
   tester:eq(x, want, 'x:mm(x, y)')
   x = torch.Tensor({ { 1, 2 }, { 3, 4 } })
   x:mm(y, x)
   tester:eq(x, torch.Tensor({ { 3, 4 }, { 1, 2 } }), 'x:mm(y, x)')
   x = torch.Tensor({ { 1, 2 }, { 3, 4 } })
   x:addmm(x, x)
   tester:eq(x, torch.Tensor({ { 8, 12 }, { 18, 26 } }), 'x:addmm(x, x): x + x*x')
   x = torch.Tensor({ { 1, 2 }, { 3, 4 } })
   torch.mm(x, x, x)
   tester:eq(x, torch.Tensor({ { 7, 10 }, { 15, 22 } }), 'torch.mm(x, x, x)')
   local v = torch.Tensor({ 1, 2 })
   v:mv(torch.Tensor({ { 1, 2 }, { 3, 4 } }), v)
   tester:eq(v, torch.Tensor({ 5, 11 }), 'v:mv(m, v)')
   -- result a window of the storage the operand reads (shapes differ)
   local s = torch.Tensor({ 1, 2, 3, 4, 5, 6 })
   local m = s:view(2, 3)
   local r = s:narrow(1, 1, 4)
   torch.mm(r, m, torch.Tensor(B))
   tester:eq(r:view(2, 2), torch.Tensor(AB), 'result overlapping an operand')
   local bt = torch.range(1, 8):view(2, 2, 2)
   bt:bmm(bt, torch.Tensor(2, 2, 2):copy(torch.eye(2):view(1, 2, 2):expand(2, 2, 2)))
   tester:eq(bt, torch.range(1, 8):view(2, 2, 2), 'x:bmm(x, identities)')
end

function tests.empty_and_zero_sizes()
   tester:eq(torch.mm(torch.Tensor(2, 0), torch.Tensor(0, 3)), torch.zeros(2, 3), 'k == 0: zeros')
   tester:eq(torch.addmm(torch.ones(2, 3), torch.Tensor(2, 0), torch.Tensor(0, 3)), torch.ones(2,
             3),
             'k == 0: beta*c')
   tester:eq(torch.addmm(0.5, torch.ones(2, 3), torch.Tensor(2, 0), torch.Tensor(0, 3)),
             torch.ones(2, 3) * 0.5, 'k == 0 with beta')
   local r = torch.mm(torch.Tensor(0, 4), torch.Tensor(4, 3))
   tester:eq({ r:dim(), r:size(1), r:size(2) }, { 2, 0, 3 }, 'a 0x3 result')
   tester:eq(torch.mv(torch.Tensor(3, 0), torch.Tensor(0)), torch.zeros(3), 'mv with k == 0')
   tester:eq(torch.dot(torch.Tensor(0), torch.Tensor(0)), 0, 'dot of empty vectors')
   tester:eq(torch.addbmm(torch.ones(2, 2), torch.Tensor(0, 2, 3), torch.Tensor(0, 3, 2)),
             torch.ones(2, 2), 'addbmm of no batches')
end

function tests.errors()
   tester:eq(errmsg(function() torch.mm(torch.Tensor(3, 4), torch.Tensor(5, 6)) end),
             "bad argument #2 to 'mm' (size mismatch: 3x4 and 5x6)")
   tester:eq(errmsg(function() torch.Tensor(3, 4):mm(torch.Tensor(3, 4), torch.Tensor(5, 6)) end),
             "bad argument #2 to 'mm' (size mismatch: 3x4 and 5x6)")
   tester:eq(errmsg(function() torch.mm(torch.Tensor(3, 4, 1), torch.Tensor(5, 6)) end),
             "bad argument #1 to 'mm' (matrix expected, got a 3D tensor)")
   tester:eq(errmsg(function() torch.mm(torch.Tensor(3, 4), torch.Tensor()) end),
             "bad argument #2 to 'mm' (matrix expected, got an empty tensor)")
   tester:eq(errmsg(function() torch.mm(torch.Tensor(2, 2), torch.FloatTensor(2, 2)) end),
             "bad argument #2 to 'mm' (torch.DoubleTensor expected, got torch.FloatTensor)")
   tester:eq(errmsg(function() torch.mm(torch.FloatTensor(), torch.Tensor(2, 2), torch.Tensor(2,
             2)) end),
             "bad argument #1 to 'mm' (torch.DoubleTensor expected, got torch.FloatTensor)")
   tester:eq(errmsg(function() torch.addmm(torch.Tensor(3, 3), torch.Tensor(3, 4), torch.Tensor(4,
             5)) end),
             "bad argument #1 to 'addmm' (size mismatch: the product of 3x4 and 4x5 is 3x5, " ..
             "the added tensor is 3x3)")
   tester:eq(errmsg(function() torch.addmm(2, torch.Tensor(3, 3), 1, torch.Tensor(3, 4),
                                           torch.Tensor(4, 5)) end),
             "bad argument #2 to 'addmm' (size mismatch: the product of 3x4 and 4x5 is 3x5, " ..
             "the added tensor is 3x3)")
   tester:eq(errmsg(function() torch.mv(torch.Tensor(2, 3), torch.Tensor(2, 3)) end),
             "bad argument #2 to 'mv' (vector expected, got a 2D tensor)")
   tester:eq(errmsg(function() torch.mv(torch.Tensor(2, 3), torch.Tensor(4)) end),
             "bad argument #2 to 'mv' (size mismatch: 2x3 and 4)")
   tester:eq(errmsg(function() torch.bmm(torch.Tensor(2, 3, 4), torch.Tensor(3, 4, 5)) end),
             "bad argument #2 to 'bmm' (size mismatch: 2x3x4 and 3x4x5 have different numbers " ..
             "of batches)")
   tester:eq(errmsg(function() torch.bmm(torch.Tensor(2, 3, 4), torch.Tensor(2, 5, 5)) end),
             "bad argument #2 to 'bmm' (size mismatch: 2x3x4 and 2x5x5 (batches of 3x4 and " ..
             "5x5 matrices))")
   tester:eq(errmsg(function() torch.ger(torch.Tensor(2, 2), torch.Tensor(2)) end),
             "bad argument #1 to 'ger' (vector expected, got a 2D tensor)")
   tester:eq(errmsg(function() torch.dot(torch.Tensor(3), torch.Tensor(4)) end),
             "bad argument #2 to 'dot' (size mismatch: 3 and 4 (3 and 4 elements))")
   tester:eq(errmsg(function() torch.mm(torch.Tensor(2, 2)) end),
             "mm: invalid arguments (torch.DoubleTensor); expected ([result,] tensor, tensor)")
   tester:eq(errmsg(function() torch.Tensor(2, 2):addmm(1, 2, 3) end),
             "addmm: invalid arguments (torch.DoubleTensor, number, number, number); expected ([beta,] " ..
             "[tensor,] [alpha,] tensor, tensor) after the result")
   tester:eq(errmsg(function() torch.addmm(torch.Tensor(2, 2), 'x', torch.Tensor(2, 2),
                                           torch.Tensor(2, 2)) end),
             "addmm: invalid arguments (torch.DoubleTensor, string, torch.DoubleTensor, torch.DoubleTensor); expected ([result,] " ..
             "[beta,] tensor, [alpha,] tensor, tensor)")
   tester:eq(errmsg(function() return torch.Tensor(2, 2, 2) * torch.Tensor(2, 2) end),
             "mul: multiplication between 3D and 2D tensors is not defined (use torch.cmul for " ..
             "elementwise products)")
end

tester:add(tests)
tester:run()
