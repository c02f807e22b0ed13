-- Indexing: index/indexCopy/indexAdd/indexFill, gather/scatter, masked
-- select/copy/fill, nonzero, cat, and the t[...] syntax with its errors.
-- Reference values are PyTorch 1.13 (converted to 1-based indices) or
-- hand-computed; all are exact (small integers), so comparisons use no
-- tolerance.
local H = require 'tests.lua.helpers'
local errmsg, sizes = H.errmsg, H.sizes
local tester = torch.Tester()
local tests = torch.TestSuite()

local L = torch.LongTensor
local TYPES = { 'Byte', 'Char', 'Short', 'Int', 'Long', 'Float', 'Double' }

-- 3x4 matrix 1..12
local function m34(T) return torch[(T or 'Double') .. 'Tensor']({ { 1, 2, 3, 4 }, { 5, 6, 7, 8 },
                                                               { 9, 10, 11, 12 } }) end

-- --------------------------------------------------------------- index
function tests.index_select()
   local x = m34()
   -- PyTorch: index_select(x, 0, [2,0,2]) / (x, 1, [3,1])
   tester:eq(x:index(1, L{ 3, 1, 3 }):totable(), { { 9, 10, 11, 12 }, { 1, 2, 3, 4 },
                                                    { 9, 10, 11, 12 } })
   tester:eq(torch.index(x, 2, L{ 4, 2 }):totable(), { { 4, 2 }, { 8, 6 }, { 12, 10 } })
   tester:eq(x:index(-1, L{ 4 }):totable(), { { 4 }, { 8 }, { 12 } }, 'negative dim')
   -- result given: resized, returned, same object
   local r = torch.Tensor(7)
   local got = torch.index(r, x, 1, L{ 2 })
   tester:assert(got == r, 'torch.index(res, ...) returns res')
   tester:eq(r:totable(), { { 5, 6, 7, 8 } })
   tester:assert(r:index(x, 2, L{ 1 }) == r, 'res:index(src, dim, idx) returns res')
   tester:eq(r:totable(), { { 1 }, { 5 }, { 9 } })
   -- a new tensor, not a view
   local y = x:index(1, L{ 1 })
   y[1][1] = 100
   tester:eq(x[1][1], 1.0)
   -- vectors
   tester:eq(torch.Tensor({ 10, 20, 30 }):index(1, L{ 3, 3, 1 }):totable(), { 30, 30, 10 })
   -- every dtype keeps its type and values
   for _, T in ipairs(TYPES) do
      local z = m34(T):index(2, L{ 3, 1 })
      tester:eq(torch.type(z), 'torch.' .. T .. 'Tensor')
      tester:eq(z:double():totable(), { { 3, 1 }, { 7, 5 }, { 11, 9 } }, T)
   end
end

function tests.index_select_noncontiguous_and_empty()
   local xt = m34():t()          -- 4x3, transposed
   -- PyTorch: index_select(x.t(), 0, [1,3])
   tester:eq(xt:index(1, L{ 2, 4 }):totable(), { { 2, 6, 10 }, { 4, 8, 12 } })
   tester:eq(xt:index(2, L{ 3 }):totable(), { { 9 }, { 10 }, { 11 }, { 12 } })
   -- a strided index: every other entry of {3, 9, 1, 9}
   local idx = L{ 3, 9, 1, 9 }:narrow(1, 1, 3):unfold(1, 1, 2):select(2, 1)
   tester:assert(not idx:isContiguous())
   tester:eq(m34():index(1, idx):totable(), { { 9, 10, 11, 12 }, { 1, 2, 3, 4 } })
   -- empty index: size 0 along the dimension
   tester:eq(sizes(m34():index(1, L())), { 0, 4 })
   tester:eq(sizes(m34():index(2, L(0))), { 3, 0 })
   -- a result that is the source itself (copied aside first)
   local x = m34()
   x:index(x, 1, L{ 3, 1 })
   tester:eq(x:totable(), { { 9, 10, 11, 12 }, { 1, 2, 3, 4 } })
   -- larger: rows of a contiguous matrix (memcpy path) and columns
   local big = torch.range(1, 200 * 300):view(200, 300)
   local rows = L(500):random(1, 200)
   local cols = L(400):random(1, 300)
   local br, bc = big:index(1, rows), big:index(2, cols)
   local ok = true
   for k = 1, 500, 37 do
      for j = 1, 300, 29 do ok = ok and br[k][j] == (rows[k] - 1) * 300 + j end
   end
   for i = 1, 200, 23 do
      for k = 1, 400, 31 do ok = ok and bc[i][k] == (i - 1) * 300 + cols[k] end
   end
   tester:assert(ok, 'large index_select matches the formula')
end

function tests.index_copy_add_fill()
   -- PyTorch: zeros(3,4).index_copy_(1, [3,0], [[1,2],[3,4],[5,6]])
   local t = torch.zeros(3, 4)
   tester:assert(t:indexCopy(2, L{ 4, 1 }, torch.Tensor({ { 1, 2 }, { 3, 4 }, { 5, 6 } })) == t)
   tester:eq(t:totable(), { { 2, 0, 0, 1 }, { 4, 0, 0, 3 }, { 6, 0, 0, 5 } })
   -- PyTorch: ones(5).index_add_(0, [0,4,0,2], [1,2,3,4]): duplicates accumulate
   local a = torch.ones(5)
   a:indexAdd(1, L{ 1, 5, 1, 3 }, torch.Tensor({ 1, 2, 3, 4 }))
   tester:eq(a:totable(), { 5, 1, 5, 1, 3 })
   -- duplicates in indexCopy: the last one wins
   local c = torch.zeros(3)
   c:indexCopy(1, L{ 2, 2 }, torch.Tensor({ 7, 8 }))
   tester:eq(c:totable(), { 0, 8, 0 })
   -- PyTorch: arange(1,7).view(2,3).index_fill_(1, [0,2], -1)
   local f = torch.range(1, 6):view(2, 3)
   tester:assert(f:indexFill(2, L{ 1, 3 }, -1) == f)
   tester:eq(f:totable(), { { -1, 2, -1 }, { -1, 5, -1 } })
   -- integer sums wrap, fills convert like fill()
   local b = torch.ByteTensor({ 200, 1 })
   b:indexAdd(1, L{ 1 }, torch.ByteTensor({ 100 }))
   tester:eq(b:totable(), { 44, 1 })
   local i = torch.IntTensor(3):zero()
   i:indexFill(1, L{ 2 }, 2.75)
   tester:eq(i:totable(), { 0, 2, 0 })
   -- every dtype
   for _, T in ipairs(TYPES) do
      local d = m34(T)
      d:indexAdd(1, L{ 3 }, torch[T .. 'Tensor']({ { 1, 1, 1, 1 } }))
      d:indexCopy(2, L{ 1 }, torch[T .. 'Tensor']({ { 0 }, { 0 }, { 0 } }))
      d:indexFill(1, L{ 2 }, 3)
      tester:eq(d:double():totable(), { { 0, 2, 3, 4 }, { 3, 3, 3, 3 }, { 0, 11, 12, 13 } }, T)
   end
end

function tests.index_write_noncontiguous_and_overlap()
   -- destination transposed: columns of t are rows of the view
   local t = torch.zeros(4, 3)
   t:t():indexCopy(1, L{ 3 }, torch.Tensor({ { 1, 2, 3, 4 } }))
   tester:eq(t:totable(), { { 0, 0, 1 }, { 0, 0, 2 }, { 0, 0, 3 }, { 0, 0, 4 } })
   t:t():indexAdd(2, L{ 1, 1 }, torch.ones(3, 2))
   tester:eq(t:select(1, 1):totable(), { 2, 2, 3 })
   -- the source is the destination: it is read as it was before the call
   local x = torch.Tensor({ 1, 2, 3, 4 })
   x:indexCopy(1, L{ 2, 3, 4, 1 }, x)
   tester:eq(x:totable(), { 4, 1, 2, 3 })
   local y = torch.Tensor({ 1, 2, 3 })
   y:indexAdd(1, L{ 3, 3, 3 }, y)
   tester:eq(y:totable(), { 1, 2, 9 })
   -- the index lives in the destination's storage
   local z = L{ 2, 1, 3 }
   z:indexFill(1, z, 5)
   tester:eq(z:totable(), { 5, 5, 5 })
   local w = L{ 3, 3, 1 }
   w:indexCopy(1, w, L{ 7, 8, 9 })
   tester:eq(w:totable(), { 9, 3, 8 })
   -- empty index: nothing happens
   local e = torch.ones(2)
   e:indexFill(1, L(), 0)
   e:indexCopy(1, L(0), torch.Tensor(0))
   tester:eq(e:totable(), { 1, 1 })
end

function tests.index_errors()
   local x = m34()
   tester:eq(errmsg(function() x:index(1, L{ 1, 4 }) end),
             "bad argument #2 to 'index' (index 4 out of range for dimension 1 of size 3 " ..
             "(index entry 2))")
   tester:eq(errmsg(function() x:index(2, L{ 0 }) end),
             "bad argument #2 to 'index' (index 0 out of range for dimension 2 of size 4 " ..
             "(index entry 1))")
   tester:eq(errmsg(function() torch.index(x, 1, torch.Tensor({ 1 })) end),
             "bad argument #3 to 'index' (index must be a torch.LongTensor, got a " ..
             "torch.DoubleTensor)")
   tester:eq(errmsg(function() x:index(1, L{ { 1 } }) end),
             "bad argument #2 to 'index' (index must be a vector (1D torch.LongTensor), " ..
             "got size 1x1)")
   tester:eq(errmsg(function() x:index(3, L{ 1 }) end),
             "bad argument #1 to 'index' (dimension 3 out of range for a 2D tensor " ..
             "(expected 1 to 2))")
   tester:eq(errmsg(function() x:index(1.5, L{ 1 }) end),
             "bad argument #1 to 'index' (integer expected, got 1.5)")
   tester:eq(errmsg(function() torch.index(torch.FloatTensor(), x, 1, L{ 1 }) end),
             "bad argument #1 to 'index' (torch.DoubleTensor expected, got torch.FloatTensor)")
   tester:eq(errmsg(function() torch.Tensor():index(1, L{ 1 }) end),
             "bad argument #1 to 'index' (dimension 1 out of range: the tensor is empty)")
   -- a bad index leaves the destination untouched
   local t = torch.zeros(3)
   tester:eq(errmsg(function() t:indexFill(1, L{ 1, 2, 7 }, 1) end),
             "bad argument #2 to 'indexFill' (index 7 out of range for dimension 1 of size 3 " ..
             "(index entry 3))")
   tester:eq(errmsg(function() t:indexCopy(1, L{ 1, -1 }, torch.ones(2)) end),
             "bad argument #2 to 'indexCopy' (index -1 out of range for dimension 1 of size 3 " ..
             "(index entry 2))")
   tester:eq(errmsg(function() t:indexAdd(1, L{ 3, 4 }, torch.ones(2)) end),
             "bad argument #2 to 'indexAdd' (index 4 out of range for dimension 1 of size 3 " ..
             "(index entry 2))")
   tester:eq(t:totable(), { 0, 0, 0 }, 'destination untouched')
   tester:eq(errmsg(function() t:indexCopy(1, L{ 1 }, torch.FloatTensor(1)) end),
             "bad argument #3 to 'indexCopy' (torch.DoubleTensor expected, got torch.FloatTensor)")
   tester:eq(errmsg(function() m34():indexCopy(1, L{ 1 }, torch.ones(2, 4)) end),
             "bad argument #3 to 'indexCopy' (source of size 2x4 does not fit 1 indices into a " ..
             "tensor of size 3x4 along dimension 1 (expected size 1x4))")
   tester:eq(errmsg(function() t:indexFill(1, L{ 1 }, 'x') end),
             "bad argument #3 to 'indexFill' (number expected, got string)")
   tester:eq(errmsg(function() t:indexCopy(1, L{ 1 }) end),
             "bad argument #3 to 'indexCopy' (tensor expected, got no value)")
end

-- ------------------------------------------------------ gather / scatter
function tests.gather()
   local s = torch.Tensor({ { 1, 2, 3 }, { 4, 5, 6 } })
   -- PyTorch: gather(s, 0, [[1,0,1],[0,0,1]]) and gather(s, 1, [[2],[0]])
   tester:eq(torch.gather(s, 1, L{ { 2, 1, 2 }, { 1, 1, 2 } }):totable(),
             { { 4, 2, 6 }, { 1, 2, 6 } })
   tester:eq(s:gather(2, L{ { 3 }, { 1 } }):totable(), { { 3 }, { 4 } })
   local r = torch.Tensor()
   tester:assert(torch.gather(r, s, 2, L{ { 1, 1 }, { 3, 2 } }) == r)
   tester:eq(r:totable(), { { 1, 1 }, { 6, 5 } })
   tester:assert(r:gather(s, 1, L{ { 2 } }) == r)
   tester:eq(r:totable(), { { 4 } })
   -- non-contiguous source and index
   local st = s:t()              -- 3x2: {{1,4},{2,5},{3,6}}
   local it = L{ { 2, 1, 1 }, { 1, 3, 2 } }:t()   -- 3x2
   tester:eq(st:gather(1, it):totable(), { { 2, 4 }, { 1, 6 }, { 1, 5 } })
   for _, T in ipairs(TYPES) do
      local g = m34(T):gather(2, L{ { 4 }, { 1 }, { 2 } })
      tester:eq(torch.type(g), 'torch.' .. T .. 'Tensor')
      tester:eq(g:double():totable(), { { 4 }, { 5 }, { 10 } }, T)
   end
   -- along dimension 1 of a larger matrix (k-outer loop order)
   local big = torch.range(1, 50 * 40):view(50, 40)
   local idx = L(30, 40):random(1, 50)
   local g = big:gather(1, idx)
   local ok = true
   for i = 1, 30, 7 do
      for j = 1, 40, 3 do ok = ok and g[i][j] == (idx[i][j] - 1) * 40 + j end
   end
   tester:assert(ok, 'gather along dimension 1')
end

function tests.scatter()
   -- PyTorch: zeros(3,5).scatter_(0, [[0,1,2,0,0],[2,0,0,1,2]], [[1..5],[6..10]])
   local z = torch.zeros(3, 5)
   tester:assert(z:scatter(1, L{ { 1, 2, 3, 1, 1 }, { 3, 1, 1, 2, 3 } },
                           torch.Tensor({ { 1, 2, 3, 4, 5 }, { 6, 7, 8, 9, 10 } })) == z)
   tester:eq(z:totable(), { { 1, 7, 8, 4, 5 }, { 0, 2, 0, 9, 0 }, { 6, 0, 3, 0, 10 } })
   -- PyTorch: zeros(2,4).scatter_(1, [[1],[3]], 1.25)
   local f = torch.zeros(2, 4)
   f:scatter(2, L{ { 2 }, { 4 } }, 1.25)
   tester:eq(f:totable(), { { 0, 1.25, 0, 0 }, { 0, 0, 0, 1.25 } })
   tester:assert(torch.scatter(f, 2, L{ { 1 }, { 1 } }, 9) == f, 'torch.scatter form')
   tester:eq(f:select(2, 1):totable(), { 9, 9 })
   -- duplicates: the last write wins
   local d = torch.zeros(3)
   d:scatter(1, L{ 2, 2, 2 }, torch.Tensor({ 1, 2, 3 }))
   tester:eq(d:totable(), { 0, 3, 0 })
   -- a source larger than the index: only the index's part is used
   local p = torch.zeros(2, 2)
   p:scatter(1, L{ { 2, 1 } }, torch.Tensor({ { 5, 6, 7 }, { 8, 9, 10 } }))
   tester:eq(p:totable(), { { 0, 6 }, { 5, 0 } })
   -- non-contiguous destination
   local q = torch.zeros(2, 3)
   q:t():scatter(1, L{ { 3, 1 } }, torch.Tensor({ { 1, 2 } }))
   tester:eq(q:totable(), { { 0, 0, 1 }, { 2, 0, 0 } })
   -- the source is the destination
   local v = torch.Tensor({ 1, 2, 3 })
   v:scatter(1, L{ 3, 1, 2 }, v)
   tester:eq(v:totable(), { 2, 3, 1 })
   for _, T in ipairs(TYPES) do
      local c = torch[T .. 'Tensor'](2, 2):zero()
      c:scatter(2, L{ { 2 }, { 1 } }, 7)
      tester:eq(c:double():totable(), { { 0, 7 }, { 7, 0 } }, T)
   end
end

function tests.gather_scatter_errors()
   local s = torch.Tensor({ { 1, 2, 3 }, { 4, 5, 6 } })
   tester:eq(errmsg(function() s:gather(2, L{ { 1, 4 }, { 1, 1 } }) end),
             "bad argument #2 to 'gather' (index 4 out of range for dimension 2 of size 3 " ..
             "(index entry [1,2]))")
   tester:eq(errmsg(function() s:gather(1, L{ 1, 2 }) end),
             "bad argument #2 to 'gather' (index of size 2 must have as many dimensions as the " ..
             "source (2x3))")
   tester:eq(errmsg(function() s:gather(1, L{ { 1, 1, 1, 1 } }) end),
             "bad argument #2 to 'gather' (index of size 1x4 is larger than the source (2x3) " ..
             "in dimension 2)")
   tester:eq(errmsg(function() s:gather(1, torch.IntTensor({ { 1 } })) end),
             "bad argument #2 to 'gather' (index must be a torch.LongTensor, got a " ..
             "torch.IntTensor)")
   local z = torch.zeros(2, 2)
   tester:eq(errmsg(function() z:scatter(1, L{ { 1, 3 } }, torch.ones(1, 2)) end),
             "bad argument #2 to 'scatter' (index 3 out of range for dimension 1 of size 2 " ..
             "(index entry [1,2]))")
   tester:eq(errmsg(function() z:scatter(1, L{ { 1, 1 } }, torch.ones(1, 1)) end),
             "bad argument #2 to 'scatter' (index of size 1x2 is larger than the source (1x1) " ..
             "in dimension 2)")
   tester:eq(errmsg(function() z:scatter(1, L{ { 1, 1 } }, torch.FloatTensor(1, 2)) end),
             "bad argument #3 to 'scatter' (torch.DoubleTensor expected, got torch.FloatTensor)")
   tester:eq(errmsg(function() z:scatter(1, L{ { 1, 1 } }, 'x') end),
             "bad argument #3 to 'scatter' (tensor or number expected, got string)")
   tester:eq(z:totable(), { { 0, 0 }, { 0, 0 } }, 'destination untouched')
end

-- ----------------------------------------------------------------- masks
function tests.masked()
   local s = torch.Tensor({ { 1, 2, 3 }, { 4, 5, 6 } })
   local m = torch.ByteTensor({ { 1, 0, 1 }, { 0, 1, 1 } })
   -- PyTorch: masked_select / masked_scatter_ / masked_fill_
   tester:eq(s:maskedSelect(m):totable(), { 1, 3, 5, 6 })
   tester:eq(torch.maskedSelect(s, m):totable(), { 1, 3, 5, 6 })
   local r = torch.Tensor()
   tester:assert(torch.maskedSelect(r, s, m) == r and r:dim() == 1)
   tester:assert(r:maskedSelect(s, m:t():t()) == r)
   tester:eq(r:totable(), { 1, 3, 5, 6 })
   tester:eq(s:maskedSelect(torch.ByteTensor({ 1, 0, 1 })):totable(), { 1, 3, 4, 6 },
             'a mask that expands')
   tester:eq(s:maskedSelect(torch.ByteTensor({ 1, 0, 1, 0, 1, 1 })):totable(), { 1, 3, 5, 6 },
             'Torch7: same number of elements, row-major')
   tester:eq(sizes(s:maskedSelect(torch.ByteTensor(2, 3):zero())), { 0 }, 'nothing selected')
   tester:eq(s:t():maskedSelect(m:t()):totable(), { 1, 5, 3, 6 }, 'transposed: row-major order')
   local c = s:clone()
   tester:assert(c:maskedCopy(m, torch.Tensor({ 10, 20, 30, 40, 50 })) == c)
   tester:eq(c:totable(), { { 10, 2, 20 }, { 4, 30, 40 } })
   local c2 = s:clone()
   c2:maskedCopy(m, torch.Tensor({ { 10, 20 }, { 30, 40 } }):t())   -- source read row-major
   tester:eq(c2:totable(), { { 10, 2, 30 }, { 4, 20, 40 } })
   local f = s:clone()
   tester:assert(f:maskedFill(m, 7) == f)
   tester:eq(f:totable(), { { 7, 2, 7 }, { 4, 7, 7 } })
   local ft = s:clone()
   ft:t():maskedFill(m:t(), -1)
   tester:eq(ft:totable(), { { -1, 2, -1 }, { 4, -1, -1 } })
   for _, T in ipairs(TYPES) do
      local x = m34(T)
      local mk = x:gt(6)
      tester:eq(x:maskedSelect(mk):double():totable(), { 7, 8, 9, 10, 11, 12 }, T)
      x:maskedFill(mk, 0)
      x:maskedCopy(x:eq(1), torch[T .. 'Tensor']({ 9 }))
      tester:eq(x:double():totable(), { { 9, 2, 3, 4 }, { 5, 6, 0, 0 }, { 0, 0, 0, 0 } }, T)
   end
   -- a mask sharing the destination's storage is read as it was
   local b = torch.ByteTensor({ 1, 0, 1 })
   b:maskedFill(b, 5)
   tester:eq(b:totable(), { 5, 0, 5 })
   -- empty tensors
   tester:eq(sizes(torch.Tensor():maskedSelect(torch.ByteTensor())), { 0 })
end

function tests.masked_errors()
   local s = torch.Tensor({ { 1, 2, 3 }, { 4, 5, 6 } })
   tester:eq(errmsg(function() s:maskedSelect(torch.ByteTensor(2, 2):fill(1)) end),
             "bad argument #1 to 'maskedSelect' (mask of size 2x2 does not match the tensor " ..
             "of size 2x3)")
   tester:eq(errmsg(function() s:maskedSelect(torch.LongTensor(2, 3):fill(1)) end),
             "bad argument #1 to 'maskedSelect' (mask must be a torch.ByteTensor, got a " ..
             "torch.LongTensor)")
   tester:eq(errmsg(function() s:maskedFill(torch.ByteTensor({ { 1, 0, 2 }, { 0, 0, 0 } }), 1) end),
             "bad argument #1 to 'maskedFill' (mask values must be 0 or 1, got 2 at element 3)")
   tester:eq(errmsg(function() s:maskedCopy(torch.ByteTensor(2, 3):fill(1), torch.ones(5)) end),
             "bad argument #2 to 'maskedCopy' (the mask selects 6 elements but the source has " ..
             "only 5)")
   local all = torch.ByteTensor(2, 3):fill(1)
   tester:eq(errmsg(function() s:maskedCopy(all, torch.IntTensor(6)) end),
             "bad argument #2 to 'maskedCopy' (torch.DoubleTensor expected, got torch.IntTensor)")
   tester:eq(errmsg(function() s:maskedFill(torch.ByteTensor(2, 3), 'a') end),
             "bad argument #2 to 'maskedFill' (number expected, got string)")
   tester:eq(s:totable(), { { 1, 2, 3 }, { 4, 5, 6 } }, 'destination untouched')
end

-- --------------------------------------------------------------- nonzero
function tests.nonzero()
   -- PyTorch: nonzero([[0,1.5,0],[2,0,-1]]) = [[0,1],[1,0],[1,2]]
   local n = torch.nonzero(torch.Tensor({ { 0, 1.5, 0 }, { 2, 0, -1 } }))
   tester:eq(torch.type(n), 'torch.LongTensor')
   tester:eq(n:totable(), { { 1, 2 }, { 2, 1 }, { 2, 3 } })
   -- PyTorch: nonzero of [[[0,1],[1,0]],[[0,0],[0,3]]]
   local c3 = torch.IntTensor({ { { 0, 1 }, { 1, 0 } }, { { 0, 0 }, { 0, 3 } } })
   tester:eq(c3:nonzero():totable(),
             { { 1, 1, 2 }, { 1, 2, 1 }, { 2, 2, 2 } })
   tester:eq(torch.ByteTensor({ 0, 3, 0, 1 }):nonzero():totable(), { { 2 }, { 4 } })
   -- transposed input: subscripts of the view, in its row-major order
   tester:eq(torch.Tensor({ { 0, 1 }, { 2, 0 } }):t():nonzero():totable(), { { 1, 2 }, { 2, 1 } })
   -- nothing: 0 x ndim (PyTorch's shape)
   tester:eq(sizes(torch.nonzero(torch.zeros(2, 3))), { 0, 2 })
   tester:eq(sizes(torch.nonzero(torch.Tensor())), { 0, 0 })
   -- NaN is not zero
   tester:eq(torch.nonzero(torch.Tensor({ 0, 0 / 0 })):totable(), { { 2 } })
   local r = L()
   tester:assert(torch.nonzero(r, torch.Tensor({ 5, 0, 5 })) == r)
   tester:eq(r:totable(), { { 1 }, { 3 } })
   local self = L{ 0, 7 }
   torch.nonzero(self, self)
   tester:eq(self:totable(), { { 2 } }, 'result is the input')
   tester:eq(errmsg(function() torch.nonzero(torch.Tensor(1), torch.Tensor(1)) end),
             "bad argument #1 to 'nonzero' (torch.LongTensor expected, got torch.DoubleTensor)")
end

-- ------------------------------------------------------------------- cat
function tests.cat()
   local a = torch.Tensor({ { 1, 2 }, { 3, 4 } })
   -- PyTorch: cat([a, [[5,6]]], 0) and cat([a, [[5],[6]]], 1)
   tester:eq(torch.cat(a, torch.Tensor({ { 5, 6 } }), 1):totable(),
             { { 1, 2 }, { 3, 4 }, { 5, 6 } })
   tester:eq(torch.cat(a, torch.Tensor({ { 5 }, { 6 } })):totable(), { { 1, 2, 5 }, { 3, 4, 6 } },
             'default: the last dimension')
   tester:eq(torch.cat({ a, a, a }, 1):size(1), 6)
   tester:eq(sizes(torch.cat({ a, a, a })), { 2, 6 })
   tester:eq(torch.cat(torch.ones(3), torch.zeros(2)):totable(), { 1, 1, 1, 0, 0 })
   tester:eq(torch.cat(a, a, -2):totable(), { { 1, 2 }, { 3, 4 }, { 1, 2 }, { 3, 4 } })
   -- Torch7: vectors along dimension 2 become columns
   tester:eq(torch.cat(torch.Tensor({ 1, 2 }), torch.Tensor({ 3, 4 }), 2):totable(),
             { { 1, 3 }, { 2, 4 } })
   -- empty tensors are skipped
   tester:eq(torch.cat({ torch.Tensor(), a, torch.Tensor(0) }, 1):totable(), a:totable())
   tester:eq(torch.cat(torch.Tensor(), torch.Tensor()):dim(), 0)
   -- results
   local r = torch.Tensor(5)
   tester:assert(torch.cat(r, a, a, 1) == r)
   tester:eq(sizes(r), { 4, 2 })
   tester:assert(torch.cat(r, { a, a }, 2) == r)
   tester:eq(r:totable(), { { 1, 2, 1, 2 }, { 3, 4, 3, 4 } })
   local s = torch.Tensor({ 1, 2 })
   torch.cat(s, s, torch.Tensor({ 3 }))
   tester:eq(s:totable(), { 1, 2, 3 }, 'result is an input')
   -- methods, types, non-contiguous inputs
   tester:eq(a:cat(a, 1):size(1), 4)
   for _, T in ipairs(TYPES) do
      local x = torch[T .. 'Tensor']({ { 1, 2 }, { 3, 4 } })
      local c = torch.cat(x:t(), x, 1)
      tester:eq(torch.type(c), 'torch.' .. T .. 'Tensor')
      tester:eq(c:double():totable(), { { 1, 3 }, { 2, 4 }, { 1, 2 }, { 3, 4 } }, T)
   end
   local many = {}
   for i = 1, 300 do many[i] = torch.Tensor({ i }) end
   local c = torch.cat(many)
   tester:eq({ c:size(1), c[1], c[300] }, { 300, 1.0, 300.0 }, 'more than 256 inputs')
end

function tests.cat_errors()
   local a = torch.Tensor(2, 2)
   tester:eq(errmsg(function() torch.cat(a, torch.Tensor(3, 3), 1) end),
             "bad argument #2 to 'cat' (sizes must match except in dimension 1: tensor 1 has " ..
             "size 2x2, tensor 2 has size 3x3)")
   tester:eq(errmsg(function() torch.cat({ a, a, torch.Tensor(2, 3) }, 1) end),
             "bad argument #1 to 'cat' (sizes must match except in dimension 1: tensor 1 has " ..
             "size 2x2, tensor 3 has size 2x3)")
   tester:eq(errmsg(function() torch.cat(a, torch.FloatTensor(2, 2)) end),
             "bad argument #2 to 'cat' (torch.DoubleTensor expected, got torch.FloatTensor)")
   tester:eq(errmsg(function() torch.cat({ a, 3 }) end),
             "bad argument #1 to 'cat' (entry 2 is a number, expected a tensor)")
   tester:eq(errmsg(function() torch.cat({}) end),
             "bad argument #1 to 'cat' (no tensors to concatenate)")
   tester:eq(errmsg(function() torch.cat(a, a, 0) end),
             "bad argument #3 to 'cat' (dimension 0 out of range (expected 1 to 25, or -1 to -2))")
   tester:eq(errmsg(function() torch.cat(a, a, 1.5) end),
             "bad argument #3 to 'cat' (integer expected, got 1.5)")
   tester:eq(errmsg(function() torch.cat(a) end),
             "cat: invalid arguments: expected ([result,] tensor, tensor [, dim]) or " ..
             "([result,] {tensors...} [, dim])")
   tester:eq(errmsg(function() torch.cat(torch.FloatTensor(), a, a) end),
             "bad argument #1 to 'cat' (torch.DoubleTensor expected, got torch.FloatTensor)")
end

-- ---------------------------------------------------------- t[{...}] syntax
function tests.syntax_get()
   local x = m34()
   tester:eq(x[{ 2, 3 }], 7.0, 'every dimension selected: a number')
   tester:eq(math.type(torch.LongTensor({ { 1, 2 } })[{ 1, 2 }]), 'integer')
   tester:eq(x[{ -1, -1 }], 12.0)
   tester:eq(x[{ 2 }]:totable(), { 5, 6, 7, 8 })
   tester:eq(x[{ { 1, 2 }, 2 }]:totable(), { 2, 6 })
   tester:eq(x[{ {}, { -1 } }]:totable(), { { 4 }, { 8 }, { 12 } }, '{a} keeps the dimension')
   tester:eq(x[{ { 2 } }]:totable(), { { 5, 6, 7, 8 } })
   tester:eq(x[{ { 2, -1 }, { 2, 3 } }]:totable(), { { 6, 7 }, { 10, 11 } })
   tester:eq(x[{ {}, 3 }]:totable(), { 3, 7, 11 })
   tester:eq(x[{ { nil, 2 } }]:totable(), { { 1, 2, 3, 4 }, { 5, 6, 7, 8 } }, '{nil, b}: 1..b')
   tester:eq(x[{}]:totable(), x:totable())
   tester:eq(x[{ { 1, 1 }, { 1, 1 } }]:totable(), { { 1 } })
   -- a view: it shares the storage
   local v = x[{ { 2, 3 }, { 2, 3 } }]
   v[1][1] = 60
   tester:eq(x[2][2], 60.0)
   tester:eq(v:stride(1), 4)
   -- on a non-contiguous tensor
   local t = m34():t()
   tester:eq(t[{ { 2, 3 }, -1 }]:totable(), { 10, 11 })
   tester:eq(t[{ 4, 2 }], 8.0)
   -- 3-D
   local c = torch.range(1, 24):view(2, 3, 4)
   tester:eq(c[{ 2, { 2, 3 }, -2 }]:totable(), { 19, 23 })
   tester:eq(c[{ {}, 1, {} }]:totable(), { { 1, 2, 3, 4 }, { 13, 14, 15, 16 } })
   tester:eq(c[{ 1, 1, 1 }], 1.0)
   -- LongStorage: one element (Torch7)
   tester:eq(c[torch.LongStorage({ 2, 3, -1 })], 24.0)
   -- masks and index tensors (x[2][2] is 60 now)
   tester:eq(x[x:gt(9)]:totable(), { 60, 10, 11, 12 })
   tester:eq(x[L{ 3, 1 }]:totable(), { { 9, 10, 11, 12 }, { 1, 2, 3, 4 } })
   tester:eq(torch.Tensor({ 5, 6, 7 })[L{ 3, 3 }]:totable(), { 7, 7 })
   -- empty results and tensors
   tester:eq(sizes(x[x:gt(100)]), { 0 })
   tester:eq(torch.Tensor()[{}]:dim(), 0)
   tester:eq(sizes(torch.Tensor(0, 3)[{ {}, 2 }]), { 0 })
   -- other keys read nothing
   tester:eq(x[true], nil)
end

function tests.syntax_set()
   local x = torch.zeros(3, 4)
   x[{ 2, 3 }] = 5
   tester:eq(x[2][3], 5.0)
   x[{ -1, -1 }] = 6
   tester:eq(x[3][4], 6.0)
   x[{ 1 }] = 1
   tester:eq(x[1]:totable(), { 1, 1, 1, 1 })
   x[{ {}, { 1 } }] = 2
   tester:eq(x:select(2, 1):totable(), { 2, 2, 2 })
   x[{ { 2, 3 }, { 3, 4 } }] = torch.Tensor({ { 7, 8 }, { 9, 10 } })
   tester:eq(x:totable(), { { 2, 1, 1, 1 }, { 2, 0, 7, 8 }, { 2, 0, 9, 10 } })
   x[{ 3, {} }] = torch.IntTensor({ 4, 3, 2, 1 })   -- any type converts
   tester:eq(x[3]:totable(), { 4, 3, 2, 1 })
   x[{ 1, 1 }] = torch.Tensor({ 42 })             -- a one-element tensor
   tester:eq(x[1][1], 42.0)
   x[torch.LongStorage({ 1, 2 })] = -3
   tester:eq(x[1][2], -3.0)
   -- on a non-contiguous view
   local y = torch.zeros(2, 3)
   y:t()[{ 3, { 1, 2 } }] = 1
   tester:eq(y:totable(), { { 0, 0, 1 }, { 0, 0, 1 } })
   -- masks and index tensors
   local m = torch.range(1, 6):view(2, 3)
   m[m:gt(4)] = 0
   tester:eq(m:totable(), { { 1, 2, 3 }, { 4, 0, 0 } })
   m[m:eq(0)] = torch.Tensor({ 8, 9 })
   tester:eq(m:totable(), { { 1, 2, 3 }, { 4, 8, 9 } })
   m[L{ 2 }] = -1
   tester:eq(m:totable(), { { 1, 2, 3 }, { -1, -1, -1 } })
   m[L{ 1, 2 }] = torch.Tensor({ { 1, 1, 1 }, { 2, 2, 2 } })
   tester:eq(m:totable(), { { 1, 1, 1 }, { 2, 2, 2 } })
   local v = torch.zeros(4)
   v[L{ 4, 1 }] = torch.Tensor({ 5, 6 })
   tester:eq(v:totable(), { 6, 0, 0, 5 })
end

function tests.syntax_errors()
   local x = m34()
   tester:eq(errmsg(function() return x[{ 4 }] end),
             'index 4 out of range for dimension 1 of size 3')
   tester:eq(errmsg(function() return x[{ 1, -5 }] end),
             'index -5 out of range for dimension 2 of size 4')
   tester:eq(errmsg(function() return x[{ 0 }] end),
             'index 0 out of range for dimension 1 of size 3')
   tester:eq(errmsg(function() return x[{ 1.5 }] end),
             'invalid index entry 1: the index must be an integer, got 1.5')
   tester:eq(errmsg(function() return x[{ 1, { 1.5, 2 } }] end),
             'invalid index entry 2: the first index must be an integer, got 1.5')
   tester:eq(errmsg(function() return x[{ 1, { 1, 'a' } }] end),
             'invalid index entry 2: the last index must be an integer, got string')
   tester:eq(errmsg(function() return x[{ { 1, 5 } }] end),
             'index 5 out of range for dimension 1 of size 3')
   tester:eq(errmsg(function() return x[{ { 3, 2 } }] end),
             'invalid index entry 1: range {3, 2} ends before it starts')
   tester:eq(errmsg(function() return x[{ { 1, 2, 3 } }] end),
             'invalid index entry 1: a range is {first, last}, got 3 elements')
   tester:eq(errmsg(function() return x[{ 1, 2, 3 }] end),
             'too many indices for a 2D tensor (3 given)')
   tester:eq(errmsg(function() return x[{ 'a' }] end),
             'invalid index entry 1: a number or a table expected, got string')
   tester:eq(errmsg(function() return x[{ L{ 1 } }] end),
             'invalid index entry 1: a number or a table expected, got torch.LongTensor')
   tester:eq(errmsg(function() return x[torch.Tensor({ 1 })] end),
             'a tensor index must be a torch.LongTensor (indices) or a torch.ByteTensor ' ..
             '(mask), got a torch.DoubleTensor')
   tester:eq(errmsg(function() return x[L{ 1, 4 }] end),
             'index 4 out of range for dimension 1 of size 3 (index entry 2)')
   tester:eq(errmsg(function() return x[torch.ByteTensor(2, 2):zero()] end),
             'mask of size 2x2 does not match the tensor of size 3x4')
   tester:eq(errmsg(function() return x[torch.LongStorage({ 1 })] end),
             'index storage has 1 entries for a 2D tensor')
   tester:eq(errmsg(function() return x[torch.LongStorage({ 1, 9 })] end),
             'index 9 out of range for dimension 2 of size 4')
   tester:eq(errmsg(function() return x[torch.DoubleStorage({ 1, 1 })] end),
             'a tensor cannot be indexed with a torch.DoubleStorage')
   tester:eq(errmsg(function() return torch.Tensor()[{ 1 }] end),
             'too many indices for a 0D tensor (1 given)')
   -- assignments
   tester:eq(errmsg(function() x[{ 1 }] = 'a' end),
             'cannot assign a string to a tensor: a number or a tensor expected')
   tester:eq(errmsg(function() x[{ 1 }] = torch.Tensor(3) end),
             'sizes do not match: copying 3 (3 elements) into 4 (4 elements)')
   tester:eq(errmsg(function() x[{ 1, 9 }] = 1 end),
             'index 9 out of range for dimension 2 of size 4')
   tester:eq(errmsg(function() x[x:gt(0)] = torch.FloatTensor(12) end),
             'torch.DoubleTensor expected, got torch.FloatTensor')
   tester:eq(errmsg(function() x[x:gt(0)] = torch.Tensor(3) end),
             'the mask selects 12 elements but the source has only 3')
   tester:eq(errmsg(function() x[L{ 5 }] = 0 end),
             'index 5 out of range for dimension 1 of size 3 (index entry 1)')
   tester:eq(errmsg(function() x[L{ 1 }] = true end),
             'cannot assign a boolean to a tensor: a number or a tensor expected')
   tester:eq(errmsg(function() x[true] = 1 end), 'a tensor cannot be indexed with a boolean')
   tester:eq(errmsg(function() x[torch.LongStorage({ 1, 1 })] = torch.Tensor(1) end),
             'cannot assign a torch.DoubleTensor to a tensor element: a number expected')
   tester:eq(x:totable(), m34():totable(), 'failed assignments changed nothing')
end

tester:add(tests)
tester:run()
