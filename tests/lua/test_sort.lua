-- Sorting and selection: sort, topk, kthvalue, median, mode.  Values are
-- hand-computed and agree with PyTorch 1.13 (sort with stable=True;
-- kthvalue/median/mode values); index results are 1-based.  Ties are
-- broken by index (stable), which PyTorch only promises for sort.
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
local tester = torch.Tester()
local tests = torch.TestSuite()

local T, L = torch.DoubleTensor, torch.LongTensor
local function S() return T { { 3, 1, 2, 1 }, { 0, -5, 7, 7 }, { 2, 2, 2, 1 } } end

function tests.sort_forms_and_dims()
   local v, i = torch.sort(S())                      -- last dim, ascending
   tester:eq(v, T { { 1, 1, 2, 3 }, { -5, 0, 7, 7 }, { 1, 2, 2, 2 } })
   tester:eq(i, L { { 2, 4, 3, 1 }, { 2, 1, 3, 4 }, { 4, 1, 2, 3 } })
   v, i = S():sort(2, true)                          -- descending, ties stay in order
   tester:eq(v, T { { 3, 2, 1, 1 }, { 7, 7, 0, -5 }, { 2, 2, 2, 1 } })
   tester:eq(i, L { { 1, 3, 2, 4 }, { 3, 4, 1, 2 }, { 1, 2, 3, 4 } })
   v, i = torch.sort(S(), true)                      -- flag without dim
   tester:eq(i, L { { 1, 3, 2, 4 }, { 3, 4, 1, 2 }, { 1, 2, 3, 4 } })
   v, i = torch.sort(S(), 1)
   tester:eq(v, T { { 0, -5, 2, 1 }, { 2, 1, 2, 1 }, { 3, 2, 7, 7 } })
   tester:eq(i, L { { 2, 2, 1, 1 }, { 3, 1, 3, 3 }, { 1, 3, 2, 2 } })
   v, i = torch.sort(S(), -1)
   tester:eq(i, L { { 2, 4, 3, 1 }, { 2, 1, 3, 4 }, { 4, 1, 2, 3 } })
   -- result tensors are filled and returned
   local rv, ri = T(), L()
   local a, b = torch.sort(rv, ri, S(), 2)
   tester:assert(a == rv and b == ri)
   tester:eq(ri, L { { 2, 4, 3, 1 }, { 2, 1, 3, 4 }, { 4, 1, 2, 3 } })
   a, b = rv:sort(ri, S(), 1, true)
   tester:assert(a == rv and b == ri)
   tester:eq(rv, T { { 3, 2, 7, 7 }, { 2, 1, 2, 1 }, { 0, -5, 2, 1 } })
   -- the input is left alone
   local s = S()
   s:sort()
   tester:eq(s, S())
end

function tests.sort_non_contiguous_and_types()
   local s = S()
   local v, i = s:t():sort(1)                        -- transposed: sort the rows of s
   tester:eq(v, T { { 1, 1, 2, 3 }, { -5, 0, 7, 7 }, { 1, 2, 2, 2 } }:t())
   tester:eq(i, L { { 2, 4, 3, 1 }, { 2, 1, 3, 4 }, { 4, 1, 2, 3 } }:t())
   v, i = s:narrow(2, 2, 2):sort(1)                  -- columns 2 and 3
   tester:eq(v, T { { -5, 2 }, { 1, 2 }, { 2, 7 } })
   tester:eq(i, L { { 2, 1 }, { 1, 3 }, { 3, 2 } })
   v, i = T { { 4, 1, 3 } }:expand(2, 3):sort(2)
   tester:eq(v, T { { 1, 3, 4 }, { 1, 3, 4 } })
   v, i = torch.ByteTensor { 200, 3, 255, 0 }:sort()
   tester:eq(v, torch.ByteTensor { 0, 3, 200, 255 })
   tester:eq(i, L { 4, 2, 1, 3 })
   v = torch.LongTensor { math.maxinteger, math.mininteger, 0 }:sort(1, true)
   tester:eq(v, torch.LongTensor { math.maxinteger, 0, math.mininteger })
   v, i = torch.FloatTensor { 0.5, -0.25 }:sort()
   tester:eq(torch.type(v), 'torch.FloatTensor')
   tester:eq(i, L { 2, 1 })
   -- sorting a result into its own input
   local x = T { 3, 1, 2 }
   local xi = L()
   torch.sort(x, xi, x)
   tester:eq(x, T { 1, 2, 3 })
   tester:eq(xi, L { 2, 3, 1 })
   -- an empty tensor sorts to empty results
   v, i = T():sort()
   tester:eq(v:dim(), 0)
   tester:eq(i:dim(), 0)
end

function tests.nan_order()
   -- NaN is larger than every number (PyTorch): last ascending, first descending
   local nan = 0 / 0
   local x = T { 3, nan, 1, nan, 2 }
   local v, i = x:sort()
   tester:eq(i, L { 3, 5, 1, 2, 4 })
   tester:assert(v[4] ~= v[4] and v[5] ~= v[5] and v[3] == 3)
   v, i = x:sort(1, true)
   tester:eq(i, L { 2, 4, 1, 5, 3 })
   v, i = x:topk(2, 1, true, true)
   tester:eq(i, L { 2, 4 })
   v, i = x:topk(2)                                  -- smallest two
   tester:eq(v, T { 1, 2 })
   tester:eq(i, L { 3, 5 })
   v, i = x:kthvalue(4)
   tester:assert(v[1] ~= v[1])
   tester:eq(i[1], 2)
   v, i = x:median(1)                                -- a NaN makes the median NaN
   tester:assert(v[1] ~= v[1])
   tester:eq(i[1], 2)
   tester:assert(torch.median(x) ~= torch.median(x))
   -- NaN never equals itself: each is its own run for mode
   v, i = T { 1, nan, nan, 2 }:mode()
   tester:eq(v[1], 1)
   tester:eq(i[1], 1)
end

function tests.topk()
   -- Torch7's defaults: k = 1, last dim, the smallest, unsorted
   local v, i = torch.topk(S())
   tester:eq(v, T { { 1 }, { -5 }, { 1 } })
   tester:eq(i, L { { 2 }, { 2 }, { 4 } })
   v, i = S():topk(2, 2, true, true)                 -- largest, sorted
   tester:eq(v, T { { 3, 2 }, { 7, 7 }, { 2, 2 } })
   tester:eq(i, L { { 1, 3 }, { 3, 4 }, { 1, 2 } })
   v, i = S():topk(3, 2, false, true)                -- smallest, sorted
   tester:eq(v, T { { 1, 1, 2 }, { -5, 0, 7 }, { 1, 2, 2 } })
   tester:eq(i, L { { 2, 4, 3 }, { 2, 1, 3 }, { 4, 1, 2 } })
   v, i = S():topk(3, 2)                             -- unsorted: in the input's order
   tester:eq(v, T { { 1, 2, 1 }, { 0, -5, 7 }, { 2, 2, 1 } })
   tester:eq(i, L { { 2, 3, 4 }, { 1, 2, 3 }, { 1, 2, 4 } })
   v, i = torch.topk(S(), 2, 1, true, true)
   tester:eq(v, T { { 3, 2, 7, 7 }, { 2, 1, 2, 1 } })
   tester:eq(i, L { { 1, 3, 2, 2 }, { 3, 1, 1, 1 } })
   v, i = S():topk(0)
   tester:eq(v:size(2), 0)
   local rv, ri = T(), L()
   local a, b = torch.topk(rv, ri, S(), 1, 1, true)
   tester:assert(a == rv and b == ri)
   tester:eq(rv, T { { 3, 2, 7, 7 } })
   tester:eq(ri, L { { 1, 3, 2, 2 } })
   -- a long slice takes the heap path: the 5 largest of 0..999 permuted
   local n = 1000
   local x = T(n)
   for k = 1, n do x[k] = (k * 337) % n end
   v, i = x:topk(5, 1, true, true)
   tester:eq(v, T { 999, 998, 997, 996, 995 })
   for k = 1, 5 do tester:eq(x[i[k]], v[k]) end
   v, i = x:topk(5, 1, false, false)                 -- smallest, in input order
   local seen = {}
   for k = 1, 5 do seen[v[k]] = true; tester:eq(x[i[k]], v[k]) end
   for k = 0, 4 do tester:assert(seen[k], 'smallest value ' .. k) end
   for k = 2, 5 do tester:assert(i[k] > i[k - 1], 'input order') end
end

function tests.kthvalue_median_mode()
   local v, i = torch.kthvalue(S(), 2)
   tester:eq(v, T { { 1 }, { 0 }, { 2 } })
   tester:eq(i, L { { 4 }, { 1 }, { 1 } })           -- the 2nd in stable sorted order
   v, i = S():kthvalue(3, 1)
   tester:eq(v, T { { 3, 2, 7, 7 } })
   tester:eq(i, L { { 1, 3, 2, 2 } })
   -- median of all elements is a number: the lower median
   tester:eq(torch.median(S()), 2)
   tester:eq(torch.median(T { 4, 1, 3, 2 }), 2)
   tester:assert(math.type(torch.LongTensor { 5, 9, 1 }:median()) == 'integer')
   tester:eq(torch.LongTensor { 5, 9, 1 }:median(), 5)
   v, i = torch.median(S(), 2)
   tester:eq(v, T { { 1 }, { 0 }, { 2 } })
   tester:eq(i, L { { 4 }, { 1 }, { 1 } })           -- the lower median's stable position
   v, i = S():median(1)
   tester:eq(v, T { { 2, 1, 2, 1 } })
   -- mode: the most frequent; the smallest of equally frequent; last occurrence
   v, i = torch.mode(S())
   tester:eq(v, T { { 1 }, { 7 }, { 2 } })
   tester:eq(i, L { { 4 }, { 4 }, { 3 } })
   v, i = S():mode(1)
   tester:eq(v, T { { 0, -5, 2, 1 } })
   tester:eq(i, L { { 2, 2, 3, 3 } })
   local rv, ri = T(), L()
   local a, b = torch.kthvalue(rv, ri, S():t(), 1, 1)
   tester:assert(a == rv and b == ri)
   tester:eq(rv, T { { 1, -5, 1 } })
   tester:eq(ri, L { { 2, 2, 4 } })
end

function tests.against_a_reference()
   -- sizes past the insertion-sort threshold, many ties, every algorithm
   local n = 3000
   local x = torch.IntTensor(2, n)
   for k = 1, n do x[1][k] = (k * 7919) % 101; x[2][k] = (k * 31) % 17 - 8 end
   local v, i = x:sort(2)
   local dv, di = x:sort(2, true)
   for r = 1, 2 do
      local p = {}
      for k = 1, n do p[k] = { x[r][k], k } end
      table.sort(p, function(a, b) if a[1] ~= b[1] then return a[1] < b[1] end return a[2] < b[2] end)
      local ok = true
      for k = 1, n do
         if v[r][k] ~= p[k][1] or i[r][k] ~= p[k][2] then ok = false end
      end
      tester:assert(ok, 'sort row ' .. r)
      local kv, ki = x[r]:kthvalue(1234)
      tester:eq(kv[1], p[1234][1])
      tester:eq(ki[1], p[1234][2])
      local m = x[r]:median()
      tester:eq(m, p[(n - 1) // 2 + 1][1])
      table.sort(p, function(a, b) if a[1] ~= b[1] then return a[1] > b[1] end return a[2] < b[2] end)
      ok = true
      for k = 1, n do
         if dv[r][k] ~= p[k][1] or di[r][k] ~= p[k][2] then ok = false end
      end
      tester:assert(ok, 'descending sort row ' .. r)
      local tv, ti = x[r]:topk(40, 1, true, true)
      ok = true
      for k = 1, 40 do
         if tv[k] ~= p[k][1] or ti[k] ~= p[k][2] then ok = false end
      end
      tester:assert(ok, 'topk row ' .. r)
   end
   -- inputs that make naive quicksorts quadratic finish quickly and right
   local m = 200000
   local same = torch.FloatTensor(m):fill(1)
   local sv, si = same:sort()
   tester:eq(si[m], m)
   local asc = torch.range(1, m)
   sv, si = asc:sort(1, true)
   tester:eq(sv[1], m)
   tester:eq(si[m], 1)
   local pipe = T(m)
   for k = 1, m do pipe[k] = math.min(k, m - k) end
   sv = pipe:sort()
   tester:eq(sv[m], m // 2)
   tester:eq(pipe:kthvalue(m)[1], m // 2)
end

function tests.errors()
   local x = S()
   tester:eq(errmsg(function() return torch.sort(x, 3) end),
             "bad argument #2 to 'sort' (dimension 3 out of range for a 2D tensor (expected 1 to 2))")
   tester:eq(errmsg(function() return torch.sort(x, 1, 'yes') end),
             "sort: invalid arguments (torch.DoubleTensor, number, string); expected ([resval, resind,] tensor " ..
             "[, dim] [, descending])")
   tester:eq(errmsg(function() return torch.topk(x, 5) end),
             "bad argument #2 to 'topk' (k = 5 out of range: expected 0 to 4 (the size of " ..
             "dimension 2))")
   tester:eq(errmsg(function() return torch.topk(x, 2.5) end),
             "bad argument #2 to 'topk' (integer expected, got 2.5)")
   tester:eq(errmsg(function() return torch.topk(x, 1, 1.5) end),
             "bad argument #3 to 'topk' (integer expected, got 1.5)")
   tester:eq(errmsg(function() return torch.kthvalue(x, 0) end),
             "bad argument #2 to 'kthvalue' (k = 0 out of range: expected 1 to 4 (the size of " ..
             "dimension 2))")
   tester:eq(errmsg(function() return torch.kthvalue(x) end),
             "kthvalue: invalid arguments (torch.DoubleTensor); expected ([resval, resind,] tensor, k [, dim])")
   tester:eq(errmsg(function() return torch.median(T()) end),
             "bad argument #1 to 'median' (cannot take the median of an empty tensor)")
   tester:eq(errmsg(function() return torch.median(T(2, 0), 2) end),
             "bad argument #1 to 'median' (cannot take the median over dimension 2 of a 2x0 " ..
             "tensor: it has size 0)")
   tester:eq(errmsg(function() return torch.mode(T()) end),
             "bad argument #2 to 'mode' (dimension 1 out of range: the tensor is empty)")
   tester:eq(errmsg(function() return torch.sort(torch.FloatTensor(), L(), x) end),
             "bad argument #1 to 'sort' (torch.DoubleTensor expected, got torch.FloatTensor)")
   tester:eq(errmsg(function() return torch.sort(T(), torch.IntTensor(), x) end),
             "bad argument #2 to 'sort' (torch.LongTensor expected, got torch.IntTensor)")
   tester:eq(errmsg(function() return x:mode(0) end),
             "bad argument #1 to 'mode' (dimension 0 out of range for a 2D tensor (expected 1 to 2))")
end

tester:add(tests)
tester:run()
