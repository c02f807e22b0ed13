-- Reductions and scans: sum, prod, mean, max, min, std, var, norm, dist,
-- all, any, cumsum, cumprod.  Float references are PyTorch 1.13 (float64,
-- keepdim=True) printed with repr(); TOL = 1e-12 covers the differences in
-- summation order.  Integer and exact binary-fraction results are
-- hand-computed and compared exactly.
local H = require 'tests.lua.helpers'
local errmsg, sizes = H.errmsg, H.sizes
local tester = torch.Tester()
local tests = torch.TestSuite()
local TOL = 1e-12

-- exact binary fractions: sums and means are exact
local XV = { { 0.5, -1.25, 2, 3.5 }, { -0.75, 4, 1, -2 }, { 2.5, 0.25, -3, 1.5 } }
local function X() return torch.DoubleTensor(XV) end
local T = torch.DoubleTensor

function tests.whole_tensor_values()
   local x = X()
   tester:eq(x:sum(), 8.25)
   tester:eq(torch.sum(x), 8.25)
   tester:eq(x:prod(), 73.828125)
   tester:eq(x:mean(), 0.6875)
   tester:eq(x:max(), 4)
   tester:eq(x:min(), -3)
   tester:eq(x:std(), 2.16407916591876, TOL)
   tester:eq(x:var(), 4.683238636363637, TOL)
   tester:eq(x:std(true), 2.071948056781347, TOL)          -- biased: divide by n
   tester:eq(torch.var(x, true), 4.29296875, TOL)
   tester:eq(x:norm(), 7.562241731127087, TOL)
   tester:eq(x:norm(1), 22.25)
   tester:eq(x:norm(3), 5.565504625947576, TOL)
   tester:eq(x:norm(0), 12)                                -- counts non-zeros
   tester:eq(x:norm(math.huge), 4)
   tester:eq(x:norm(-math.huge), 0.25)
   tester:eq(x:norm(0.5), 238.0341843188231, TOL)
   tester:assert(math.type(x:sum()) == 'float')
end

function tests.sum_prod_mean_along_dims()
   local x = X()
   tester:eq(torch.sum(x, 1), T { { 2.25, 3, 0, 3 } })
   tester:eq(x:sum(2), T { { 4.75 }, { 2.25 }, { 1.25 } })
   tester:eq(x:sum(-1), T { { 4.75 }, { 2.25 }, { 1.25 } })   -- negative dims from the end
   tester:eq(x:prod(1), T { { -0.9375, -1.25, -6, -10.5 } })
   tester:eq(x:prod(2), T { { -4.375 }, { 6 }, { -2.8125 } })
   tester:eq(x:mean(1), T { { 0.75, 1, 0, 1 } })
   tester:eq(x:mean(2), T { { 1.1875 }, { 0.5625 }, { 0.3125 } })
   -- Torch7 keeps the reduced dim with size 1
   tester:eq(sizes(x:sum(1)), { 1, 4 })
   tester:eq(sizes(torch.sum(torch.zeros(2, 3, 4), 2)), { 2, 1, 4 })
   -- result tensors: torch.sum(res, x, dim) and res:sum(x, dim) fill res
   local r = torch.DoubleTensor(7)
   local got = torch.sum(r, x, 2)
   tester:assert(got == r, 'the result tensor is returned')
   tester:eq(r, T { { 4.75 }, { 2.25 }, { 1.25 } })
   local r2 = torch.DoubleTensor()
   tester:assert(r2:prod(x, 1) == r2)
   tester:eq(r2, T { { -0.9375, -1.25, -6, -10.5 } })
   -- the result may be the input
   local y = X()
   y:sum(y, 1)
   tester:eq(y, T { { 2.25, 3, 0, 3 } })
end

function tests.std_var_norm_along_dims()
   local x = X()
   tester:eq(x:std(1), T { { 1.6393596310755, 2.704163456597992, 2.6457513110645907,
                             2.7838821814150108 } }, TOL)
   tester:eq(torch.std(x, 1, true), T { { 1.3385315336840842, 2.207940216581962,
                                          2.160246899469287, 2.273030282830976 } }, TOL)
   tester:eq(x:var(1), T { { 2.6875, 7.3125, 7, 7.75 } }, TOL)
   tester:eq(x:var(2, true), T { { 3.10546875 }, { 5.07421875 }, { 4.29296875 } }, TOL)
   tester:eq(x:std(2), T { { 2.0348525745124633 }, { 2.6010815058356016 },
                           { 2.3924795366592653 } }, TOL)
   tester:eq(x:norm(2, 1), T { { 2.6575364531836625, 4.198213905936666, 3.7416573867739413,
                                 4.301162633521313 } }, TOL)
   tester:eq(torch.norm(x, 1, 2), T { { 7.25 }, { 7.75 }, { 7.25 } })
   tester:eq(x:norm(3, 2), T { { 3.755178032023481 }, { 4.187374689945861 },
                               { 3.5834535143875788 } }, TOL)
   tester:eq(x:norm(0, 1), T { { 3, 3, 3, 3 } })
   tester:eq(x:norm(math.huge, 1), T { { 2.5, 4, 3, 3.5 } })
   tester:eq(x:norm(0.5, 1), T { { 9.949425636417212, 13.090169943749475, 17.191508225450303,
                                   20.338179932222776 } }, TOL)
   local r = torch.DoubleTensor()
   tester:assert(torch.norm(r, x, 1, 2) == r)
   tester:eq(r, T { { 7.25 }, { 7.75 }, { 7.25 } })
   -- a single element has no unbiased variance (PyTorch: nan)
   tester:assert(T { 5 }:var() ~= T { 5 }:var())
   tester:eq(T { 5 }:var(true), 0)
end

function tests.max_min_values_and_indices()
   local x = X()
   local v, i = torch.max(x, 1)
   tester:eq(v, T { { 2.5, 4, 2, 3.5 } })
   tester:eq(i, torch.LongTensor { { 3, 2, 1, 1 } })      -- 1-based
   v, i = x:min(2)
   tester:eq(v, T { { -1.25 }, { -2 }, { -3 } })
   tester:eq(i, torch.LongTensor { { 2 }, { 4 }, { 3 } })
   -- ties: the first occurrence
   v, i = T { { 1, 7, 7, 2 } }:max(2)
   tester:eq(i[1][1], 2)
   -- given results are filled and returned
   local rv, ri = torch.DoubleTensor(), torch.LongTensor()
   local a, b = torch.max(rv, ri, x, 2)
   tester:assert(a == rv and b == ri)
   tester:eq(rv, T { { 3.5 }, { 4 }, { 2.5 } })
   tester:eq(ri, torch.LongTensor { { 4 }, { 2 }, { 1 } })
   a, b = rv:min(ri, x, 1)
   tester:assert(a == rv and b == ri)
   tester:eq(ri, torch.LongTensor { { 2, 1, 3, 2 } })
   -- two tensors: elementwise, as PyTorch's torch.max(a, b)
   tester:eq(torch.max(T { 1, 5 }, T { 3, 2 }), T { 3, 5 })
   tester:eq(torch.min(T { 1, 5 }, T { 3, 2 }), T { 1, 2 })
end

function tests.nan_semantics()
   -- max/min propagate NaN (PyTorch, recent TH) with the first NaN's index
   local nan = 0 / 0
   local x = T { { 1, nan, 3, nan }, { 4, 2, 0, 1 } }
   tester:assert(x:max() ~= x:max() and x:min() ~= x:min())
   local v, i = x:max(2)
   tester:assert(v[1][1] ~= v[1][1])
   tester:eq(i[1][1], 2)
   tester:eq(v[2][1], 4)
   v, i = x:min(1)
   tester:assert(v[1][2] ~= v[1][2] and v[1][4] ~= v[1][4])
   tester:eq(i, torch.LongTensor { { 1, 1, 2, 1 } })
   tester:assert(x:sum() ~= x:sum())
   tester:assert(x:norm(math.huge) ~= x:norm(math.huge))
   -- float columns go through the row layout (NaN must survive there too)
   local c = torch.FloatTensor { { 1, 2 }, { nan, 5 }, { 9, 0 } }
   v, i = c:max(1)
   tester:assert(v[1][1] ~= v[1][1])
   tester:eq(i, torch.LongTensor { { 2, 2 } })
end

function tests.non_contiguous_inputs()
   local x = X()
   local xt = x:t()                                        -- 4x3, strides 1, 4
   tester:eq(xt:sum(1), x:sum(2):t())
   tester:eq(xt:sum(2), x:sum(1):t())
   tester:eq(xt:var(1), x:var(2):t(), TOL)
   tester:eq(xt:norm(2, 2), x:norm(2, 1):t(), TOL)
   local v1, i1 = xt:max(1)
   local v2, i2 = x:max(2)
   tester:eq(v1, v2:t())
   tester:eq(i1, i2:t())
   tester:eq(xt:sum(), 8.25)
   -- narrowed
   local n = x:narrow(2, 2, 2)                             -- columns 2..3
   tester:eq(n:sum(), 3)
   tester:eq(n:sum(1), T { { 3, 0 } })
   tester:eq(n:prod(2), T { { -2.5 }, { 4 }, { -0.75 } })
   -- expanded (stride 0)
   local e = T { { 1, 2, 3 } }:expand(4, 3)
   tester:eq(e:sum(), 24)
   tester:eq(e:sum(1), T { { 4, 8, 12 } })
   tester:eq(e:mean(2), T { { 2 }, { 2 }, { 2 }, { 2 } })
   local ev, ei = e:max(1)
   tester:eq(ei, torch.LongTensor { { 1, 1, 1 } })
   tester:eq(e:std(1), T { { 0, 0, 0 } })
   -- a 3-D permutation, every dim
   local a = torch.DoubleTensor(2, 3, 4)
   local s = a:storage()
   for k = 1, #s do s[k] = (k * 37) % 11 - 5 end
   local p = a:permute(3, 1, 2)                            -- 4x2x3
   for d = 1, 3 do
      local want = a:sum(({ 3, 1, 2 })[d])
      tester:eq(p:sum(d), want:permute(3, 1, 2), 0, 'permuted sum dim ' .. d)
      local pm, pi = p:min(d)
      local wm, wi = a:min(({ 3, 1, 2 })[d])
      tester:eq(pm, wm:permute(3, 1, 2))
      tester:eq(pi, wi:permute(3, 1, 2))
   end
end

function tests.wide_column_reductions_any_thread_count()
   -- reducing dim 1 of a wide matrix runs in tiles of output positions
   -- split among threads; every split must give the row-major answer
   local m = torch.randn(300, 2500)
   local mt = m:t():contiguous()
   local nt = torch.getnumthreads()
   for _, th in ipairs({ 1, 2, 3 }) do
      torch.setnumthreads(th)
      for _, w in ipairs({ 2500, 700, 1025, 5 }) do
         local a, at = m:narrow(2, 1, w), mt:narrow(1, 1, w)
         local what = th .. ' threads, width ' .. w
         tester:eq(a:sum(1):view(w), at:sum(2):view(w), 1e-12, 'sum ' .. what)
         tester:eq(a:mean(1):view(w), at:mean(2):view(w), 1e-12, 'mean ' .. what)
         tester:eq(a:std(1):view(w), at:std(2):view(w), 1e-12, 'std ' .. what)
         local v, i = a:max(1)
         local vt, it = at:max(2)
         tester:eq(v:view(w), vt:view(w), 0, 'max ' .. what)
         tester:eq(i:view(w), it:view(w), 0, 'argmax ' .. what)
         tester:eq(a:cumsum(1):select(1, 300), at:sum(2):view(w), 1e-11, 'cumsum ' .. what)
      end
   end
   torch.setnumthreads(nt)
end

function tests.integer_types()
   local l = torch.LongTensor { { 1, 2, 3 }, { 4, 5, 6 } }
   tester:assert(math.type(l:sum()) == 'integer' and l:sum() == 21)
   tester:assert(math.type(l:prod()) == 'integer' and l:prod() == 720)
   tester:assert(math.type(l:max()) == 'integer' and l:max() == 6)
   tester:assert(math.type(l:min()) == 'integer' and l:min() == 1)
   tester:eq(l:sum(1), torch.LongTensor { { 5, 7, 9 } })
   -- exact int64 accumulation, wrapping instead of overflowing
   local big = torch.LongTensor { math.maxinteger, 1 }
   tester:eq(big:sum(), math.mininteger)
   tester:eq(torch.LongTensor { 1 << 62, 4 }:prod(), 0)
   -- whole sums are int64, dim sums keep the type (and wrap, as Torch7)
   local b = torch.ByteTensor { { 200, 100 }, { 255, 1 } }
   tester:eq(b:sum(), 556)
   tester:eq(b:sum(2), torch.ByteTensor { { 44 }, { 0 } })
   tester:eq(torch.CharTensor { -128, -1 }:sum(), -129)
   tester:eq(torch.ShortTensor { { 3, -4 } }:max(2), torch.ShortTensor { { 3 } })
   -- mean/std/var/norm of integers: floats, and DoubleTensors along dims
   local i = torch.IntTensor { { 1, 2 }, { 4, 7 } }
   tester:assert(math.type(i:mean()) == 'float')
   tester:eq(i:mean(), 3.5)
   tester:eq(i:var(), 7, TOL)
   tester:eq(i:norm(1), 14)
   local m = i:mean(1)
   tester:eq(torch.type(m), 'torch.DoubleTensor')
   tester:eq(m, T { { 2.5, 4.5 } })
   tester:eq(i:std(2, true), T { { 0.5 }, { 1.5 } }, TOL)
   tester:eq(torch.type(i:norm(2, 1)), 'torch.DoubleTensor')
end

function tests.float_accumulates_in_double()
   -- Torch7 sums FloatTensors in double (accreal) and returns the double
   local f = torch.FloatTensor { 0.1, 0.2, 0.3, 0.7 }
   tester:eq(f:sum(), 1.3000000044703484, 1e-15)
   tester:eq(f:mean(), 1.3000000044703484 / 4, 1e-15)
   local c = torch.FloatTensor { 16777216, 1, 1 }:cumsum()
   tester:eq(c[3], 16777218)                 -- in float it would stay 16777216
   -- a parallel-sized reduction: integers in floats, so the sum is exact
   local n = 200001
   local big = torch.FloatTensor(n)
   local s = big:storage()
   local want = 0
   for k = 1, n do s[k] = k % 1000; want = want + k % 1000 end
   tester:eq(big:sum(), want)
   tester:eq(big:mean(), want / n, 1e-9)
   tester:eq(big:max(), 999)
   local v, i = big:max(1)
   tester:eq(i[1], 999)
end

function tests.all_any()
   local b = torch.ByteTensor { { 1, 0 }, { 1, 1 } }
   tester:assert(b:all() == false and b:any() == true)
   tester:assert(torch.ByteTensor { 1, 1 }:all() == true)
   tester:assert(torch.ByteTensor { 0, 0 }:any() == false)
   tester:eq(b:all(1), torch.ByteTensor { { 1, 0 } })
   tester:eq(torch.any(b, 2), torch.ByteTensor { { 1 }, { 1 } })
   tester:assert(torch.DoubleTensor { 0.5, 2 }:all())      -- any type: non-zero is true
   -- empty: all is true, any is false (PyTorch)
   tester:assert(torch.ByteTensor():all() == true and torch.ByteTensor():any() == false)
end

function tests.dist()
   local a = X():narrow(1, 1, 2):narrow(2, 1, 3)            -- non-contiguous 2x3
   local b = T { { 1, 2, 3 }, { 4, 5, 6 } }
   tester:eq(torch.dist(a, b), 7.770135133960027, TOL)
   tester:eq(a:dist(b, 1), 15.5)
   tester:eq(torch.dist(a, b, 3), 6.4523137343506525, TOL)
   -- integer differences do not wrap
   tester:eq(torch.dist(torch.ByteTensor { 0 }, torch.ByteTensor { 255 }), 255)
end

function tests.cumsum_cumprod()
   local x = X()
   -- Torch7's default dim is 1
   tester:eq(x:cumsum(), T { { 0.5, -1.25, 2, 3.5 }, { -0.25, 2.75, 3, 1.5 },
                             { 2.25, 3, 0, 3 } })
   tester:eq(torch.cumsum(x, 2), T { { 0.5, -0.75, 1.25, 4.75 }, { -0.75, 3.25, 4.25, 2.25 },
                                     { 2.5, 2.75, -0.25, 1.25 } })
   tester:eq(torch.cumprod(x), T { { 0.5, -1.25, 2, 3.5 }, { -0.375, -5, 2, -7 },
                                   { -0.9375, -1.25, -6, -10.5 } })
   tester:eq(x:cumprod(2), T { { 0.5, -0.625, -1.25, -4.375 }, { -0.75, -3, -3, 6 },
                               { 2.5, 0.625, -1.875, -2.8125 } })
   -- Torch7's documented example
   local A = torch.LongTensor { { 1, 4, 7 }, { 2, 5, 8 }, { 3, 6, 9 } }
   tester:eq(torch.cumprod(A), torch.LongTensor { { 1, 4, 7 }, { 2, 20, 56 }, { 6, 120, 504 } })
   tester:eq(torch.cumprod(A, 2), torch.LongTensor { { 1, 4, 28 }, { 2, 10, 80 }, { 3, 18, 162 } })
   -- transposed input, result tensor given
   local r = torch.LongTensor()
   tester:assert(torch.cumsum(r, A:t(), 2) == r)
   tester:eq(r, torch.LongTensor { { 1, 3, 6 }, { 4, 9, 15 }, { 7, 15, 24 } })
   tester:eq(torch.ByteTensor { 200, 100 }:cumsum(), torch.ByteTensor { 200, 44 })
   -- does not modify x
   tester:eq(x, X())
end

function tests.empty_tensors()
   local e = torch.DoubleTensor()
   tester:eq(e:sum(), 0)
   tester:eq(e:prod(), 1)
   tester:assert(e:mean() ~= e:mean())                    -- nan, as PyTorch
   tester:eq(e:norm(), 0)
   local z = torch.DoubleTensor(0, 3)
   tester:eq(z:sum(1), T(1, 3):zero())
   tester:eq(sizes(z:sum(2)), { 0, 1 })
   tester:eq(sizes(z:cumsum(1)), { 0, 3 })
   tester:eq(errmsg(function() return torch.max(e) end),
             "bad argument #1 to 'max' (cannot take the max of an empty tensor)")
   tester:eq(errmsg(function() return z:min() end),
             "calling 'min' on bad self (cannot take the min of an empty tensor (size 0x3))")
   tester:eq(errmsg(function() return torch.max(z, 1) end),
             "bad argument #1 to 'max' (cannot take the max over dimension 1 of a 0x3 tensor: " ..
             "it has size 0)")
end

function tests.errors()
   local x = X()
   tester:eq(errmsg(function() return torch.sum(x, 3) end),
             "bad argument #2 to 'sum' (dimension 3 out of range for a 2D tensor (expected 1 to 2))")
   tester:eq(errmsg(function() return x:sum(0) end),
             "bad argument #1 to 'sum' (dimension 0 out of range for a 2D tensor (expected 1 to 2))")
   tester:eq(errmsg(function() return torch.max(x, 1.5) end),
             "bad argument #2 to 'max' (integer expected, got 1.5)")
   tester:eq(errmsg(function() return torch.sum(torch.FloatTensor(), x, 1) end),
             "bad argument #1 to 'sum' (torch.DoubleTensor expected, got torch.FloatTensor)")
   tester:eq(errmsg(function() return torch.max(T(), torch.IntTensor(), x, 1) end),
             "bad argument #2 to 'max' (torch.LongTensor expected, got torch.IntTensor)")
   tester:eq(errmsg(function() return torch.mean(torch.IntTensor(), torch.IntTensor(2, 2), 1) end),
             "bad argument #1 to 'mean' (torch.DoubleTensor expected, got torch.IntTensor)")
   tester:eq(errmsg(function() return torch.sum(x, 'a') end),
             "sum: invalid arguments (torch.DoubleTensor, string); expected ([result,] tensor [, dim])")
   tester:eq(errmsg(function() return torch.std(x, 1, 2) end),
             "std: invalid arguments (torch.DoubleTensor, number, number); expected ([result,] tensor " ..
             "[, dim] [, biased])")
   tester:eq(errmsg(function() return torch.norm(x, 2, 5) end),
             "bad argument #3 to 'norm' (dimension 5 out of range for a 2D tensor (expected 1 to 2))")
   tester:eq(errmsg(function() return torch.dist(x, T(5)) end),
             "bad argument #2 to 'dist' (size mismatch: 3x4 and 5)")
   tester:eq(errmsg(function() return torch.dist(x, torch.FloatTensor(3, 4)) end),
             "bad argument #2 to 'dist' (torch.DoubleTensor expected, got torch.FloatTensor)")
   tester:eq(errmsg(function() return torch.cumsum(x, 3) end),
             "bad argument #2 to 'cumsum' (dimension 3 out of range for a 2D tensor (expected 1 to 2))")
   tester:eq(errmsg(function() return torch.sum(T(), 1) end),
             "bad argument #2 to 'sum' (dimension 1 out of range: the tensor is empty)")
   local shrunk = T(4)
   shrunk:storage():resize(2)
   tester:eq(errmsg(function() return torch.sum(shrunk) end),
             "bad argument #1 to 'sum' (tensor of size 4 at offset 1 reaches element 4 of a " ..
             "storage of size 2 (was the storage resized?))")
end

tester:add(tests)
tester:run()
