-- Creation and reshaping functions: zeros, ones, eye, range, linspace,
-- logspace, diag, tril, triu, histc, repeatTensor, trace, cross.
-- References: Torch7's rules (THTensorMath.c) where they define the result,
-- PyTorch 1.13 (float64, 17 digits) for values; tolerances are stated per
-- check (0 = exact).
local H = require 'tests.lua.helpers'
local errmsg, sizes = H.errmsg, H.sizes
local tester = torch.Tester()
local tests = torch.TestSuite()

function tests.zeros_ones()
   local z = torch.zeros(2, 3)
   tester:eq(torch.type(z), 'torch.DoubleTensor', 'default type')
   tester:eq(z, torch.Tensor({ { 0, 0, 0 }, { 0, 0, 0 } }), 'zeros')
   tester:eq(torch.ones(torch.LongStorage({ 2, 1 })), torch.Tensor({ { 1 }, { 1 } }),
             'sizes as a LongStorage')
   local x = torch.IntTensor(7):fill(5)
   tester:assert(x:zeros(3) == x, 'x:zeros returns x')
   tester:eq(x, torch.IntTensor({ 0, 0, 0 }), 'x:zeros(3) resizes and zeroes x')
   x:ones(2, 2)
   tester:eq(x, torch.IntTensor({ { 1, 1 }, { 1, 1 } }), 'x:ones(2, 2)')
   local r = torch.FloatTensor()
   tester:assert(torch.ones(r, 2) == r, 'torch.ones(r, sizes) returns r')
   tester:eq(r, torch.FloatTensor({ 1, 1 }), 'torch.ones(r, 2)')
   tester:eq(torch.type(torch.zeros(2, 'torch.FloatTensor')), 'torch.FloatTensor', 'type name last')
   torch.setdefaulttensortype('torch.FloatTensor')
   local f = torch.ones(3)
   torch.setdefaulttensortype('torch.DoubleTensor')
   tester:eq(torch.type(f), 'torch.FloatTensor', 'follows torch.setdefaulttensortype')
   tester:eq(sizes(torch.zeros(0, 3)), { 0, 3 }, 'zero-size dimension')
   tester:eq(errmsg(function() torch.zeros(2.5) end),
             "bad argument #1 to 'zeros' (integer expected, got 2.5)")
   tester:eq(errmsg(function() torch.ones(-1) end),
             "ones: invalid size -1 at dimension 1 (sizes must be >= 0)")
   tester:eq(errmsg(function() torch.zeros(2, 'torch.NoTensor') end),
             "bad argument #2 to 'zeros' (unknown tensor type 'torch.NoTensor')")
end

function tests.eye()
   tester:eq(torch.eye(3), torch.Tensor({ { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } }), 'eye(3)')
   tester:eq(torch.eye(2, 3), torch.Tensor({ { 1, 0, 0 }, { 0, 1, 0 } }), 'eye(2, 3)')
   tester:eq(torch.eye(3, 1), torch.Tensor({ { 1 }, { 0 }, { 0 } }), 'eye(3, 1)')
   tester:eq(sizes(torch.eye(2, 0)), { 2, 2 }, 'Torch7: m == 0 means n')
   local x = torch.LongTensor()
   x:eye(2)
   tester:eq(x, torch.LongTensor({ { 1, 0 }, { 0, 1 } }), 'x:eye(2)')
   local t = torch.Tensor(2, 2):t()
   torch.eye(t, 2)
   tester:eq(t, torch.eye(2), 'into a transposed tensor')
   tester:eq(errmsg(function() torch.eye(0) end),
             "bad argument #1 to 'eye' (size must be positive, got 0)")
   tester:eq(errmsg(function() torch.eye(2, -1) end),
             "bad argument #2 to 'eye' (size must be positive, got -1)")
   tester:eq(errmsg(function() torch.eye(1.5) end),
             "bad argument #1 to 'eye' (integer expected, got 1.5)")
end

function tests.range()
   -- Torch7 counts (int)((end - start)/step + 1) elements, end included
   tester:eq(torch.range(1, 10, 3), torch.Tensor({ 1, 4, 7, 10 }), 'range(1, 10, 3)')
   tester:eq(torch.range(1, 9, 3), torch.Tensor({ 1, 4, 7 }), 'range(1, 9, 3)')
   tester:eq(torch.range(10, 1, -3), torch.Tensor({ 10, 7, 4, 1 }), 'negative step')
   tester:eq(torch.range(2, 2), torch.Tensor({ 2 }), 'one element')
   tester:eq(torch.range(0, 1, 0.3), torch.Tensor({ 0, 0.3, 0.6, 0.9 }), 'fractional step', 1e-15)
   -- PyTorch 1.13 torch.range(0, 1, 0.1): start + i*step, exactly
   tester:eq(torch.range(0, 1, 0.1), torch.Tensor({ 0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5,
                                                    0.6000000000000001, 0.7000000000000001, 0.8,
                                                    0.9, 1.0 }), 'range(0, 1, 0.1)')
   tester:eq(torch.range(torch.IntTensor(), -2, 2), torch.IntTensor({ -2, -1, 0, 1, 2 }),
             'into an IntTensor')
   local x = torch.LongTensor()
   x:range(5, 1, -2)
   tester:eq(x, torch.LongTensor({ 5, 3, 1 }), 'x:range')
   tester:eq(torch.range(torch.LongTensor(), 2 ^ 53, 2 ^ 53 + 2)[3], 2 ^ 53 + 2,
             'integer ranges are exact')
   tester:eq(torch.type(torch.range(1, 2)), 'torch.DoubleTensor', 'default type')
   tester:eq(errmsg(function() torch.range(1, 2, 0) end),
             "bad argument #3 to 'range' (step must be nonzero)")
   tester:eq(errmsg(function() torch.range(10, 1) end),
             "bad argument #2 to 'range' (upper bound and lower bound inconsistent with step sign)")
   tester:eq(errmsg(function() torch.range(torch.LongTensor(), 0, 2, 0.5) end),
             "bad argument #4 to 'range' (range of a torch.LongTensor needs integer bounds and " ..
             "step, got 0.5)")
   tester:eq(errmsg(function() torch.range(0, math.huge) end),
             "bad argument #2 to 'range' (range bounds and step must be finite)")
end

function tests.linspace_logspace()
   -- PyTorch 1.13 linspace(-1, 1, 7) (Torch7's formula differs in the last bits)
   tester:eq(torch.linspace(-1, 1, 7), torch.Tensor({ -1.0, -0.6666666666666667,
             -0.33333333333333337,
                                                      5.551115123125783e-17, 0.33333333333333337,
                                                      0.6666666666666667, 1.0 }), 'linspace', 1e-15)
   tester:eq(torch.linspace(0, 1, 5), torch.Tensor({ 0, 0.25, 0.5, 0.75, 1 }), 'exact points')
   local l = torch.linspace(0, 1)
   tester:eq({ l:size(1), l[1], l[100] }, { 100, 0, 1 }, 'default 100 points')
   tester:eq(torch.linspace(3, 5, 1), torch.Tensor({ 3 }), 'one point')
   tester:eq(torch.linspace(torch.FloatTensor(), 0, 1, 3), torch.FloatTensor({ 0, 0.5, 1 }),
             'FloatTensor')
   tester:eq(torch.logspace(-1, 1, 5), torch.Tensor({ 0.1, 0.31622776601683794, 1.0,
             3.1622776601683795,
                                                      10.0 }), 'logspace', 1e-14)
   tester:eq(torch.logspace(0, 2, 3), torch.Tensor({ 1, 10, 100 }), 'logspace exact', 1e-13)
   local x = torch.Tensor()
   x:linspace(1, 2, 2)
   tester:eq(x, torch.Tensor({ 1, 2 }), 'x:linspace')
   tester:eq(errmsg(function() torch.linspace(0, 1, 0) end),
             "bad argument #3 to 'linspace' (invalid number of points 0 (must be at least 1))")
   tester:eq(errmsg(function() torch.logspace(0, 1, 2.5) end),
             "bad argument #3 to 'logspace' (integer expected, got 2.5)")
end

function tests.diag()
   local m = torch.range(1, 12):view(3, 4)
   tester:eq(torch.diag(m), torch.Tensor({ 1, 6, 11 }), 'main diagonal')
   tester:eq(torch.diag(m, 1), torch.Tensor({ 2, 7, 12 }), 'k = 1 (PyTorch)')
   tester:eq(torch.diag(m, -2), torch.Tensor({ 9 }), 'k = -2 (PyTorch)')
   tester:eq(sizes(torch.diag(m, 4)), { 0 }, 'beyond the matrix: empty')
   tester:eq(torch.diag(m:t()), torch.Tensor({ 1, 6, 11 }), 'transposed')
   tester:eq(torch.diag(torch.Tensor({ 1, 2 })), torch.Tensor({ { 1, 0 }, { 0, 2 } }),
             'vector to matrix')
   tester:eq(torch.diag(torch.IntTensor({ 1, 2 }), 1), torch.IntTensor({ { 0, 1, 0 }, { 0, 0, 2 },
             { 0, 0, 0 } }),
             'k = 1')
   tester:eq(torch.diag(torch.Tensor({ 5 }), -1), torch.Tensor({ { 0, 0 }, { 5, 0 } }), 'k = -1')
   local v = torch.range(1, 6):unfold(1, 1, 2):select(2, 1)      -- {1, 3, 5}, stride 2
   tester:eq(torch.diag(v), torch.Tensor({ { 1, 0, 0 }, { 0, 3, 0 }, { 0, 0, 5 } }),
             'strided vector')
   local r = torch.Tensor()
   tester:assert(torch.diag(r, m) == r, 'torch.diag(r, x) returns r')
   tester:eq(r, torch.Tensor({ 1, 6, 11 }), 'into r')
   tester:eq(m:diag(), torch.Tensor({ 1, 6, 11 }), 'x:diag() is torch.diag(x)')
   local sq = torch.range(1, 4):view(2, 2)
   sq:diag(sq)                                         -- result sharing the input's storage
   tester:eq(sq, torch.Tensor({ 1, 4 }), 'x:diag(x)')
   tester:eq(errmsg(function() torch.diag(torch.Tensor(2, 2, 2)) end),
             "bad argument #1 to 'diag' (vector or matrix expected, got a 3D tensor)")
   tester:eq(errmsg(function() torch.diag(torch.Tensor(2, 2), 0.5) end),
             "bad argument #2 to 'diag' (integer expected, got 0.5)")
end

function tests.tril_triu()
   local m = torch.range(1, 12):view(3, 4)
   tester:eq(torch.triu(m, -1), torch.Tensor({ { 1, 2, 3, 4 }, { 5, 6, 7, 8 }, { 0, 10, 11, 12 } }),
             'triu(m, -1) (PyTorch)')
   tester:eq(torch.tril(m, 1), torch.Tensor({ { 1, 2, 0, 0 }, { 5, 6, 7, 0 }, { 9, 10, 11, 12 } }),
             'tril(m, 1) (PyTorch)')
   tester:eq(torch.tril(m), torch.Tensor({ { 1, 0, 0, 0 }, { 5, 6, 0, 0 }, { 9, 10, 11, 0 } }),
             'tril')
   tester:eq(torch.triu(m), torch.Tensor({ { 1, 2, 3, 4 }, { 0, 6, 7, 8 }, { 0, 0, 11, 12 } }),
             'triu')
   tester:eq(torch.triu(m, 10), torch.zeros(3, 4), 'k beyond the matrix')
   tester:eq(torch.tril(m, -10), torch.zeros(3, 4), 'k before the matrix')
   tester:eq(torch.tril(m, 2 ^ 62), m, 'huge k')
   tester:eq(torch.tril(m:t()), torch.Tensor({ { 1, 0, 0 }, { 2, 6, 0 }, { 3, 7, 11 }, { 4, 8,
             12 } }),
             'transposed input')
   local x = m:clone()
   x:tril(x)
   tester:eq(x, torch.tril(m), 'x:tril(x) in place')
   local y = torch.Tensor(4, 3):t()
   torch.triu(y, m)
   tester:eq(y, torch.triu(m), 'into a transposed result')
   tester:eq(torch.triu(torch.IntTensor({ { 1, 2 }, { 3, 4 } })), torch.IntTensor({ { 1, 2 }, { 0,
             4 } }),
             'IntTensor')
   tester:eq(errmsg(function() torch.tril(torch.Tensor(3)) end),
             "bad argument #1 to 'tril' (matrix expected, got a 1D tensor)")
end

function tests.histc()
   tester:eq(torch.histc(torch.Tensor({ 1, 2, 2, 3, 5 }), 4), torch.Tensor({ 1, 2, 1, 1 }),
             'data range (PyTorch)')
   tester:eq(torch.histc(torch.Tensor({ 0.5, 1.5, 2.5, -1, 7, 3 }), 3, 0, 3), torch.Tensor({ 1, 1,
             2 }),
             'explicit range; max falls in the last bin (PyTorch)')
   tester:eq(torch.histc(torch.Tensor({ 3, 3 }), 2), torch.Tensor({ 0, 2 }),
             'all equal: [min-1, max+1]')
   local h = torch.histc(torch.Tensor({ 1, 2 }))
   tester:eq({ h:size(1), h[1], h[100] }, { 100, 1, 1 }, 'default 100 bins')
   tester:eq(torch.histc(torch.FloatTensor({ 1, 1, 4 }), 3), torch.FloatTensor({ 2, 0, 1 }),
             'FloatTensor')
   tester:eq(torch.histc(torch.range(1, 6):view(2, 3):t(), 2), torch.Tensor({ 3, 3 }), 'transposed')
   tester:eq(torch.histc(torch.Tensor(0), 3), torch.zeros(3), 'empty input')
   tester:eq(torch.histc(torch.Tensor({ 1, 0 / 0, 2 }), 2, 0, 2), torch.Tensor({ 0, 2 }),
             'NaN is not counted')
   local r = torch.Tensor()
   torch.histc(r, torch.Tensor({ 1, 2 }), 2)
   tester:eq(r, torch.Tensor({ 1, 1 }), 'into r')
   tester:eq(errmsg(function() torch.histc(torch.Tensor({ 1 }), 0) end),
             "bad argument #2 to 'histc' (number of bins must be positive, got 0)")
   tester:eq(errmsg(function() torch.histc(torch.Tensor({ 1 }), 2, 3, 1) end),
             "bad argument #3 to 'histc' (max (1) must not be smaller than min (3))")
   tester:eq(errmsg(function() torch.histc(torch.Tensor({ 1, 0 / 0 }), 2) end),
             "bad argument #1 to 'histc' (range of [nan, nan] is not finite)")
   -- a bin count whose byte size wraps size_t (found by scripts/fuzz/api.lua)
   tester:eq(errmsg(function() torch.histc(torch.ShortTensor(3):zero(), 2 ^ 62) end),
             'histc: not enough memory (a histogram of 4611686018427387904 bins)')
end

function tests.repeatTensor()
   tester:eq(torch.repeatTensor(torch.Tensor({ 1, 2 }), 2, 2), torch.Tensor({ { 1, 2, 1, 2 }, { 1,
             2, 1, 2 } }),
             'Torch7 doc example')
   local x = torch.Tensor({ { 1, 2 }, { 3, 4 } })
   tester:eq(x:repeatTensor(1, 2), torch.Tensor({ { 1, 2, 1, 2 }, { 3, 4, 3, 4 } }),
             'x:repeatTensor(1, 2)')
   local r = x:repeatTensor(torch.LongStorage({ 2, 1, 3 }))
   tester:eq(sizes(r), { 2, 2, 6 }, 'new leading dimension')
   tester:eq(r[2][2], torch.Tensor({ 3, 4, 3, 4, 3, 4 }), 'values')
   tester:eq(torch.repeatTensor(x:t(), 2, 1), torch.Tensor({ { 1, 3 }, { 2, 4 }, { 1, 3 }, { 2,
             4 } }),
             'transposed source')
   tester:eq(sizes(torch.repeatTensor(x, 0, 2)), { 0, 4 }, 'zero repeats')
   local into = torch.Tensor()
   tester:assert(into:repeatTensor(x, 1, 1) == into, 'r:repeatTensor(x, sizes) returns r')
   tester:eq(into, x, 'into r')
   local y = torch.IntTensor({ 7 })
   y:repeatTensor(y, 3)
   tester:eq(y, torch.IntTensor({ 7, 7, 7 }), 'y:repeatTensor(y, 3)')
   -- 13 dimensions of size 2 repeated twice each: 26 split dimensions, more
   -- than a view can have (a ByteTensor keeps the 4^13 elements small)
   local many = torch.ByteTensor(torch.LongStorage({ 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
      2 })):fill(1)
   many:view(-1)[1] = 5
   local big = many:repeatTensor(torch.LongStorage({ 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2 }))
   tester:eq({ big:size(1), big:nElement() }, { 4, 4 ^ 13 }, 'many dimensions')
   tester:eq(big:view(-1)[1] + big[3][3][3][3][3][3][3][3][3][3][3][3][3], 10,
             'tiles in many dimensions')
   local src = many:transpose(1, 13)         -- non-contiguous source
   src:select(1, 2):select(1, 1):fill(7)     -- positions with the first index 2, the second 1
   big = src:repeatTensor(torch.LongStorage({ 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2 }))
   local s, ok = 7, true
   for _ = 1, 200 do
      local e, w = big, src
      for d = 1, 13 do
         s = (s * 1103515245 + 12345) % 2147483648
         local i = s % 4 + 1
         e, w = e[i], w[(i - 1) % 2 + 1]
      end
      ok = ok and e == w
   end
   tester:assert(ok, '200 random elements of a 13-dimensional tiling')
   -- method calls number arguments after self (Lua's convention)
   tester:eq(errmsg(function() x:repeatTensor(2) end),
             "bad argument #1 to 'repeatTensor' (number of repeat dimensions (1) can not be " ..
             "smaller than the number of dimensions of the tensor (2))")
   tester:eq(errmsg(function() torch.repeatTensor(x, 2, -1) end),
             "bad argument #2 to 'repeatTensor' (repeat count -1 at dimension 2 must not be " ..
             "negative)")
end

function tests.trace()
   tester:eq(torch.trace(torch.Tensor({ { 1, 2 }, { 3, 4 } })), 5, 'trace')
   tester:eq(torch.range(1, 12):view(3, 4):trace(), 18, 'non-square')
   tester:eq(torch.range(1, 12):view(3, 4):t():trace(), 18, 'transposed')
   local i = torch.trace(torch.IntTensor({ { 2, 0 }, { 0, 3 } }))
   tester:eq({ i, math.type(i) }, { 5, 'integer' }, 'integer trace')
   tester:eq(torch.trace(torch.Tensor(0, 3)), 0, 'empty diagonal')
   tester:eq(errmsg(function() torch.trace(torch.Tensor(3)) end),
             "bad argument #1 to 'trace' (matrix expected, got a 1D tensor)")
end

function tests.cross()
   tester:eq(torch.cross(torch.Tensor({ 1, 2, 3 }), torch.Tensor({ -4, 5, 0.5 })),
             torch.Tensor({ -14, -12.5, 13 }), 'vectors (PyTorch)')
   local a = torch.range(1, 6):view(3, 2)
   local b = torch.Tensor({ { 0, 1 }, { 2, -1 }, { 1, 3 } })
   local want = torch.Tensor({ { -7, 18 }, { -1, 0 }, { 2, -6 } })      -- PyTorch, dim 0
   tester:eq(torch.cross(a, b), want, 'first dimension of size 3')
   tester:eq(torch.cross(a:t(), b:t(), 2), want:t(), 'explicit dimension, transposed inputs')
   tester:eq(torch.cross(a:t(), b:t(), -1), want:t(), 'negative dimension')
   tester:eq(torch.cross(torch.IntTensor({ 1, 0, 0 }), torch.IntTensor({ 0, 1, 0 })),
             torch.IntTensor({ 0, 0, 1 }), 'IntTensor')
   local x = torch.Tensor({ 1, 2, 3 })
   x:cross(x, torch.Tensor({ -4, 5, 0.5 }))
   tester:eq(x, torch.Tensor({ -14, -12.5, 13 }), 'x:cross(x, y) in place')
   tester:eq(errmsg(function() torch.cross(torch.Tensor(2, 2), torch.Tensor(2, 2)) end),
             "bad argument #1 to 'cross' (no dimension of size 3 in 2x2)")
   tester:eq(errmsg(function() torch.cross(torch.Tensor(3), torch.Tensor(4)) end),
             "bad argument #2 to 'cross' (inconsistent tensor sizes 3 and 4)")
   tester:eq(errmsg(function() torch.cross(torch.Tensor(2, 3), torch.Tensor(2, 3), 1) end),
             "bad argument #3 to 'cross' (dimension 1 does not have size 3 (it has 2))")
   tester:eq(errmsg(function() torch.cross(torch.Tensor(3), torch.Tensor(3), 2) end),
             "bad argument #3 to 'cross' (dimension 2 out of range for a 1D tensor (expected 1 " ..
             "to 1))")
end

tester:add(tests)
tester:run()
