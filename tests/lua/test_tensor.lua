-- Tensor types, constructors, metadata, views, conversions, storages and
-- the errors each raises on bad input.  Expected values are hand-computed.
local H = require 'tests.lua.helpers'
local errmsg, sizes = H.errmsg, H.sizes
local tester = torch.Tester()
local tests = torch.TestSuite()

function tests.types_and_default()
   tester:eq(torch.type(torch.Tensor()), 'torch.DoubleTensor')
   for _, name in ipairs({ 'Byte', 'Char', 'Short', 'Int', 'Long', 'Float', 'Double' }) do
      local t = torch[name .. 'Tensor'](2)
      tester:eq(torch.type(t), 'torch.' .. name .. 'Tensor')
      tester:eq(t:type(), 'torch.' .. name .. 'Tensor')
      tester:eq(torch.type(t:storage()), 'torch.' .. name .. 'Storage')
      tester:assert(torch.isTensor(t) and not torch.isTensor(t:storage()))
      tester:assert(torch.isStorage(t:storage()))
   end
   torch.setdefaulttensortype('torch.FloatTensor')
   tester:eq(torch.type(torch.Tensor(1)), 'torch.FloatTensor')
   tester:eq(torch.type(torch.Storage(1)), 'torch.FloatStorage')
   tester:eq(torch.getdefaulttensortype(), 'torch.FloatTensor')
   torch.setdefaulttensortype('torch.DoubleTensor')
   tester:eq(torch.type(torch.Tensor(1)), 'torch.DoubleTensor')
   tester:eq(errmsg(function() torch.setdefaulttensortype('torch.HalfTensor') end),
             "bad argument #1 to 'set' (unknown tensor type 'torch.HalfTensor')")
end

function tests.constructors()
   local t = torch.Tensor(2, 3)
   tester:eq(sizes(t), { 2, 3 })
   tester:eq(t:nElement(), 6)
   tester:eq(sizes(torch.Tensor(torch.LongStorage({ 4, 1, 2 }))), { 4, 1, 2 })
   local x = torch.Tensor({ { 1, 2, 3 }, { 4, 5, 6 } })
   tester:eq(sizes(x), { 2, 3 })
   tester:eq(x[2][3], 6.0)
   tester:eq(math.type(x[2][3]), 'float')
   local l = torch.LongTensor({ 1, 2, 3 })
   tester:eq(math.type(l[1]), 'integer')
   local big = torch.LongTensor({ 9007199254740993 })   -- 2^53 + 1 survives exactly
   tester:eq(big[1], 9007199254740993)
   local shared = torch.Tensor(x)
   shared[1][1] = 42
   tester:eq(x[1][1], 42.0, 'tensor(tensor) shares storage')
   -- storage, offset, sizes, strides
   local s = torch.DoubleStorage({ 1, 2, 3, 4, 5, 6 })
   local v = torch.Tensor(s, 2, torch.LongStorage({ 2, 2 }), torch.LongStorage({ 1, 2 }))
   tester:eq(v:totable(), { { 2, 4 }, { 3, 5 } })
   local w = torch.Tensor(s, 1, 3, 2, 2, 1)
   tester:eq(w:totable(), { { 1, 2 }, { 3, 4 }, { 5, 6 } })
   tester:eq(torch.Tensor(s):nElement(), 6)
   tester:eq(torch.Tensor():dim(), 0)
   tester:eq(torch.Tensor({}):dim(), 0)
   tester:eq(torch.ByteTensor({ true, false, 3 }):totable(), { 1, 0, 3 })
   local n = x.new(2)
   tester:eq(torch.type(n), 'torch.DoubleTensor')
   tester:eq(n:nElement(), 2)
   tester:eq(torch.FloatTensor.new():dim(), 0)
end

function tests.constructor_errors()
   tester:eq(errmsg(function() torch.Tensor(-1) end),
             'Tensor: invalid size -1 at dimension 1 (sizes must be >= 0)')
   tester:eq(errmsg(function() torch.Tensor(1e10, 1e10) end),
             'Tensor: size overflows: the product of the sizes exceeds 2^63')
   tester:eq(errmsg(function() torch.Tensor(0, 2^62, 4) end),
             'Tensor: size overflows: the product of the sizes exceeds 2^63',
             'a zero size does not hide an overflowing product of the others')
   tester:eq(errmsg(function() torch.Tensor(2.5) end),
             "bad argument #1 to 'Tensor' (integer expected, got 2.5)")
   tester:eq(errmsg(function() torch.Tensor({ { 1, 2 }, { 3 } }) end),
             'inconsistent table sizes: expected 2 elements at depth 2, got 1')
   tester:eq(errmsg(function() torch.Tensor({ 1, 'x' }) end),
             'table entry is a string, expected a number')
   tester:eq(errmsg(function() torch.Tensor(torch.FloatTensor(2)) end),
             "bad argument #1 to 'Tensor' (torch.DoubleTensor expected, got torch.FloatTensor " ..
             '(use :type() to convert))')
   tester:eq(errmsg(function() torch.Tensor(torch.DoubleStorage(4), 2, torch.LongStorage({ 4 })) end),
             'Tensor: view reaches element 5 but the storage has 4 elements')
   tester:eq(errmsg(function() torch.Tensor('abc') end),
             "bad argument #1 to 'Tensor' (sizes, a table, a storage or a tensor expected, got string)")
   local sizes26 = {}
   for i = 1, 26 do sizes26[i] = 1 end
   tester:assertErrorPattern(function() torch.Tensor(table.unpack(sizes26)) end, 'too many dimensions')
end

function tests.metadata()
   local t = torch.Tensor(3, 4, 5)
   tester:eq(t:dim(), 3)
   tester:eq(t:nDimension(), 3)
   tester:eq(t:numel(), 60)
   tester:eq(t:size(2), 4)
   tester:eq(t:size(-1), 5)
   tester:eq(t:size():totable(), { 3, 4, 5 })
   tester:eq((#t):totable(), { 3, 4, 5 })
   tester:eq(torch.type(#t), 'torch.LongStorage')
   tester:eq(t:stride():totable(), { 20, 5, 1 })
   tester:eq(t:stride(1), 20)
   tester:assert(t:isContiguous())
   tester:assert(not t:transpose(1, 3):isContiguous())
   tester:assert(t:isSameSizeAs(torch.FloatTensor(3, 4, 5)))
   tester:assert(t:isSize(torch.LongStorage({ 3, 4, 5 })))
   tester:eq(t:storageOffset(), 1)
   tester:eq(t:narrow(1, 2, 1):storageOffset(), 21)
   tester:eq(errmsg(function() t:size(4) end),
             "bad argument #1 to 'size' (dimension 4 out of range for a 3D tensor (expected 1 to 3))")
   tester:eq(torch.Tensor():storage(), nil)
end

function tests.views_share_storage()
   local a = torch.Tensor({ { 1, 2, 3 }, { 4, 5, 6 } })
   local n = a:narrow(2, 2, 2)
   tester:eq(n:totable(), { { 2, 3 }, { 5, 6 } })
   n:fill(0)
   tester:eq(a:totable(), { { 1, 0, 0 }, { 4, 0, 0 } })
   a = torch.Tensor({ { 1, 2, 3 }, { 4, 5, 6 } })
   tester:eq(a:select(1, 2):totable(), { 4, 5, 6 })
   tester:eq(a:select(2, 3):totable(), { 3, 6 })
   tester:eq(torch.Tensor({ 7, 8 }):select(1, 2), 8.0, 'select on a vector gives the number')
   tester:eq(a:t():totable(), { { 1, 4 }, { 2, 5 }, { 3, 6 } })
   tester:eq(a:transpose(1, 2):totable(), a:t():totable())
   tester:eq(a:sub(1, 2, 2, 3):totable(), { { 2, 3 }, { 5, 6 } })
   tester:eq(a:sub(-1, -1):totable(), { { 4, 5, 6 } })
   tester:eq(a:view(3, 2):totable(), { { 1, 2 }, { 3, 4 }, { 5, 6 } })
   tester:eq(a:view(-1):totable(), { 1, 2, 3, 4, 5, 6 })
   tester:eq(a:view(torch.LongStorage({ 6, 1 })):size(1), 6)
   tester:eq(a:viewAs(torch.Tensor(3, 2)):size(1), 3)
   local r = a:reshape(3, 2)
   r[1][1] = 100
   tester:eq(a[1][1], 1.0, 'reshape copies (Torch7)')
   tester:eq(r:totable(), { { 100, 2 }, { 3, 4 }, { 5, 6 } })
   tester:eq(torch.reshape(a:t(), 6):totable(), { 1, 4, 2, 5, 3, 6 })
   local p = torch.Tensor(2, 3, 4):permute(3, 1, 2)
   tester:eq(sizes(p), { 4, 2, 3 })
   local e = torch.Tensor({ 1, 2, 3 }):view(3, 1):expand(3, 4)
   tester:eq(e:totable()[3], { 3, 3, 3, 3 })
   tester:eq(e:stride(2), 0)
   tester:eq(sizes(torch.Tensor({ 5 }):expandAs(torch.Tensor(2, 3))), { 2, 3 })
   tester:eq(sizes(torch.Tensor(1, 3, 1):squeeze()), { 3 })
   tester:eq(sizes(torch.Tensor(1, 3, 1):squeeze(1)), { 3, 1 })
   tester:eq(sizes(torch.Tensor(1, 1):squeeze()), { 1 }, 'squeeze keeps one dim')
   tester:eq(sizes(torch.Tensor(2, 3):unsqueeze(2)), { 2, 1, 3 })
   tester:eq(sizes(torch.Tensor(2, 3):unsqueeze(3)), { 2, 3, 1 })
   local u = torch.Tensor({ 1, 2, 3, 4, 5, 6, 7 }):unfold(1, 2, 3)
   tester:eq(u:totable(), { { 1, 2 }, { 4, 5 } })
   local parts = torch.Tensor({ 1, 2, 3, 4, 5 }):split(2)
   tester:eq(#parts, 3)
   tester:eq(parts[3]:totable(), { 5 })
   local ch = torch.Tensor(2, 7):chunk(3, 2)
   tester:eq(#ch, 3)
   tester:eq(ch[3]:size(2), 1)
   tester:eq(torch.split(torch.Tensor(6), 3)[2]:nElement(), 3)
   -- huge sizes and counts: one piece, no overflow (found by scripts/fuzz/api.lua)
   tester:eq(#torch.Tensor(5):split(math.maxinteger), 1)
   tester:eq(#torch.Tensor(5):chunk(math.maxinteger), 5)
end

function tests.view_errors()
   local a = torch.Tensor(2, 3)
   tester:eq(errmsg(function() a:view(4, 2) end),
             'view: cannot view a tensor of size 2x3 (6 elements) as 4x2')
   tester:eq(errmsg(function() a:t():view(6) end),
             'view: cannot view a non-contiguous tensor of size 3x2 as 6 ' ..
             '(call :contiguous() or use :reshape())')
   tester:eq(errmsg(function() a:narrow(1, 2, 5) end),
             "bad argument #3 to 'narrow' (length 5 from index 2 exceeds dimension 1 of size 2)")
   tester:eq(errmsg(function() a:narrow(3, 1, 1) end),
             "bad argument #1 to 'narrow' (dimension 3 out of range for a 2D tensor (expected 1 to 2))")
   tester:eq(errmsg(function() a:select(1, 3) end),
             "bad argument #2 to 'select' (index 3 out of range (size 2))")
   tester:eq(errmsg(function() a:select(1, 1.5) end),
             "bad argument #2 to 'select' (integer expected, got 1.5)")
   tester:eq(errmsg(function() a:expand(3, 3) end),
             'expand: cannot expand a tensor of size 2x3 to 3x3 (only dimensions of size 1 expand)')
   tester:eq(errmsg(function() a:t():t():t():t():view(-1, -1) end),
             'view: only one dimension can be inferred (-1)')
   tester:eq(errmsg(function() a:permute(1, 1) end),
             "bad argument #2 to 'permute' (dimension 1 repeated in the permutation)")
   tester:eq(errmsg(function() a:permute(1, 2 ^ 31) end),
             "bad argument #1 to 'permute' (dimension 2147483648 out of range for a 2D tensor)")
   tester:eq(errmsg(function() a:permute(0, 1) end),
             "bad argument #1 to 'permute' (dimension 0 out of range for a 2D tensor)")
   tester:eq(errmsg(function() torch.Tensor(3):t() end),
             "calling 't' on bad self (t() expects a 2D tensor, got 1D)")
   tester:eq(errmsg(function() a:unfold(2, 4, 1) end),
             "bad argument #2 to 'unfold' (unfold size 4 larger than dimension 2 of size 3)")
   tester:eq(errmsg(function() a:sub(1, 3) end),
             "bad argument #2 to 'sub' (end index out of range for dimension 1 of size 2 " ..
             '(or before start))')
end

function tests.element_access()
   local a = torch.Tensor({ { 1, 2 }, { 3, 4 } })
   tester:eq(a[2][1], 3.0)
   tester:eq(a[-1][-1], 4.0)
   a[1][2] = 7
   tester:eq(a[1][2], 7.0)
   a[2] = 9
   tester:eq(a:totable(), { { 1, 7 }, { 9, 9 } })
   a[1] = torch.Tensor({ 5, 6 })
   tester:eq(a[1]:totable(), { 5, 6 })
   tester:eq(a[2.0][1], 9.0, 'integral floats are valid indices')
   tester:eq(errmsg(function() return a[3] end), 'index 3 out of range for dimension 1 of size 2')
   tester:eq(errmsg(function() return a[0] end), 'index 0 out of range for dimension 1 of size 2')
   tester:eq(errmsg(function() return a[1.5] end), 'tensor index must be an integer, got 1.5')
   tester:eq(errmsg(function() a[1][5] = 1 end), 'index 5 out of range for dimension 1 of size 2')
   tester:eq(errmsg(function() return torch.Tensor()[1] end), 'cannot index an empty tensor')
   tester:eq(errmsg(function() a.foo = 1 end), "cannot set field 'foo' of a tensor")
   tester:eq(a.nosuchmethod, nil)
   local b = torch.ByteTensor(1)
   b[1] = 300
   tester:eq(b[1], 44, 'integers wrap into smaller integer types, as a C cast does')
   b[1] = 300.5
   tester:eq(b[1], 255, 'out-of-range floats saturate into integer types')
   b[1] = -3.7
   tester:eq(b[1], 0)
end

function tests.copy_fill_convert()
   local a = torch.Tensor({ { 1.5, -2.5 }, { 3.9, 4 } })
   tester:eq(a:int():totable(), { { 1, -2 }, { 3, 4 } })
   tester:eq(torch.type(a:float()), 'torch.FloatTensor')
   tester:assert(a:double() == a, 'converting to the same type returns self')
   tester:eq(torch.type(a:type('torch.IntTensor')), 'torch.IntTensor')
   tester:eq(torch.type(a:typeAs(torch.ByteTensor())), 'torch.ByteTensor')
   tester:assertErrorPattern(function() a:type('torch.CudaTensor') end, 'without CUDA')
   local f = torch.FloatTensor(2, 2):copy(a)
   tester:eq(f:totable(), { { 1.5, -2.5 }, { 3.9000000953674, 4 } }, 1e-6)
   local flat = torch.Tensor(4):copy(a:t())
   tester:eq(flat:totable(), { 1.5, 3.9, -2.5, 4 }, 'copy walks the source in row-major order')
   tester:eq(errmsg(function() torch.Tensor(3):copy(a) end),
             "bad argument #1 to 'copy' (sizes do not match: copying 2x2 (4 elements) into 3 (3 elements))")
   tester:eq(torch.Tensor(3):fill(2):totable(), { 2, 2, 2 })
   tester:eq(torch.Tensor(3):fill(2):zero():totable(), { 0, 0, 0 })
   local c = a:clone()
   c[1][1] = 0
   tester:eq(a[1][1], 1.5)
   local tr = a:t()
   tester:assert(not tr:isContiguous())
   tester:assert(tr:contiguous():isContiguous())
   tester:assert(a:contiguous() == a, 'contiguous returns self when already contiguous')
   tester:assert(a:equal(a:clone()))
   tester:assert(not a:equal(a:t()))
   tester:assert(not a:equal(a:float()))
   tester:eq(torch.LongTensor({ { 1, 2 } }):totable(), { { 1, 2 } })
   tester:eq(errmsg(function() torch.Tensor(2):fill('x') end),
             "bad argument #1 to 'fill' (number expected, got string)")
end

function tests.transposing_copy_in_tiles()
   -- large enough for the tiled path (bands of 128x16, 8x8 / 4x4 register
   -- squares) with ragged edges on both sides; every element checked
   local function check(b, a, what)
      local bad = 0
      for i = 1, b:size(1) do
         for j = 1, b:size(2) do
            if b[i][j] ~= a[j][i] then bad = bad + 1 end
         end
      end
      tester:eq(bad, 0, what)
   end
   for _, T in ipairs({ 'ByteTensor', 'ShortTensor', 'IntTensor', 'LongTensor',
                        'FloatTensor', 'DoubleTensor' }) do
      for _, sz in ipairs({ { 130, 70 }, { 67, 131 }, { 64, 64 }, { 300, 97 } }) do
         local a = torch[T](sz[1], sz[2])
         local k = 0
         a:apply(function() k = (k + 1) % 100; return k end)
         local what = T .. ' ' .. sz[1] .. 'x' .. sz[2]
         check(torch[T](sz[2], sz[1]):copy(a:t()), a, 'from a transposed source ' .. what)
         -- the destination transposed instead
         local d = torch[T](sz[1], sz[2]):zero()
         d:t():copy(a:t():contiguous())
         tester:eq(d, a, 'into a transposed destination ' .. what)
      end
   end
   -- a strided window (row stride not the column count)
   local big = torch.randn(150, 210)
   local win = big[{ { 3, 140 }, { 5, 200 } }]
   check(win:t():contiguous(), win, 'transpose of a window')
end

function tests.resize_set()
   local t = torch.Tensor(2, 2):fill(1)
   t:resize(3, 3)
   tester:eq(sizes(t), { 3, 3 })
   t:resize(torch.LongStorage({ 4 }))
   tester:eq(sizes(t), { 4 })
   t:resizeAs(torch.FloatTensor(1, 2))
   tester:eq(sizes(t), { 1, 2 })
   local tr = torch.Tensor(2, 3):t()
   tr:resize(3, 2)
   tester:assert(not tr:isContiguous(), 'resize to the same size keeps strides (Torch7)')
   local s = torch.DoubleStorage({ 1, 2, 3, 4, 5, 6 })
   local v = torch.Tensor():set(s, 3, torch.LongStorage({ 2, 2 }))
   tester:eq(v:totable(), { { 3, 4 }, { 5, 6 } })
   local w = torch.Tensor():set(v)
   tester:eq(w:totable(), v:totable())
   w:set()
   tester:eq(w:dim(), 0)
   tester:eq(errmsg(function() torch.Tensor():set(s, 5, torch.LongStorage({ 2, 2 })) end),
             'set: view reaches element 8 but the storage has 6 elements')
   tester:eq(errmsg(function() torch.Tensor(2):resize(-2) end),
             'resize: invalid size -2 at dimension 1 (sizes must be >= 0)')
end

function tests.resized_storage_is_detected()
   local a = torch.Tensor(3, 3):fill(1)
   a:storage():resize(4)
   tester:eq(errmsg(function() return a + 1 end),
             "bad argument #1 to 'add' (tensor of size 3x3 at offset 1 reaches element 9 of a " ..
             'storage of size 4 (was the storage resized?))')
   tester:assertErrorPattern(function() return a[3][3] end, 'was the storage resized')
   tester:assertErrorPattern(function() return a:totable() end, 'was the storage resized')
   a:storage():resize(9)
   tester:eq(a:add(1)[3][3] ~= nil, true, 'usable again once the storage is big enough')
end

function tests.storages()
   local s = torch.DoubleStorage(3)
   tester:eq(#s, 3)
   tester:eq(s:size(), 3)
   s:fill(1.5)
   tester:eq(s[3], 1.5)
   s[2] = 7
   tester:eq(s:totable(), { 1.5, 7, 1.5 })
   s:resize(5)
   tester:eq(#s, 5)
   tester:eq(s[2], 7.0)
   local l = torch.LongStorage({ 1, 2, 3 })
   tester:eq(l[3], 3)
   tester:eq(math.type(l[3]), 'integer')
   local f = torch.FloatStorage(3):copy(l)
   tester:eq(f:totable(), { 1, 2, 3 })
   local b = torch.ByteStorage():string('hello')
   tester:eq(#b, 5)
   tester:eq(b[1], 104)
   tester:eq(b:string(), 'hello')
   tester:eq(torch.CharStorage('ab'):string(), 'ab')
   tester:eq(errmsg(function() return s[6] end),
             "bad argument #2 to 'index' (index 6 out of range (storage of size 5))")
   tester:eq(errmsg(function() torch.DoubleStorage(2):string() end),
             'string: string() is defined for ByteStorage and CharStorage only')
   tester:eq(errmsg(function() torch.DoubleStorage(-1) end),
             "bad argument #1 to 'DoubleStorage' (storage size must be >= 0)")
   tester:eq(errmsg(function() torch.FloatStorage(2):copy(torch.FloatStorage(3)) end),
             "bad argument #1 to 'copy' (storage sizes differ (2 and 3))")
end

function tests.apply_map()
   local t = torch.Tensor({ { 1, 2 }, { 3, 4 } })
   local seen = {}
   t:apply(function(x) seen[#seen + 1] = x end)
   tester:eq(seen, { 1, 2, 3, 4 })
   t:apply(function(x) return x * 10 end)
   tester:eq(t:totable(), { { 10, 20 }, { 30, 40 } })
   local u = torch.Tensor({ { 1, 1 }, { 1, 1 } })
   t:map(u, function(x, y) return x + y end)
   tester:eq(t:totable(), { { 11, 21 }, { 31, 41 } })
   t:map2(u, u, function(x, y, z) return y + z end)
   tester:eq(t:totable(), { { 2, 2 }, { 2, 2 } })
   tester:assertErrorPattern(function() t:map(torch.Tensor(3), function() end) end,
                             'number of elements differs')
end

function tests.close_releases()
   local t <close> = torch.Tensor(10)
   local v = torch.Tensor(3)
   do
      local w <close> = v
   end
   tester:eq(errmsg(function() return v:size() end),
             "calling 'size' on bad self (tensor was closed (<close> or :free()))")
   local x = torch.Tensor(4)
   x:free()
   tester:assertErrorPattern(function() return x + 1 end, 'tensor was closed')
end

function tests.gc_keeps_memory_flat()
   -- 200k temporaries of 8 KB each would be 1.6 GB without collection.
   local function rss_kb()
      local f = io.open('/proc/self/status')
      if not f then return nil end
      local s = f:read('a')
      f:close()
      return tonumber(s:match('VmRSS:%s*(%d+)'))
   end
   collectgarbage()
   local x = torch.Tensor(1024):fill(1)
   for _ = 1, 2000 do local y = x + 1 end
   local before = rss_kb()
   for _ = 1, 200000 do local y = x + 1 end
   local after = rss_kb()
   -- (under AddressSanitizer freed memory sits in a quarantine: RSS says nothing)
   if before and after and not os.getenv('ASAN_OPTIONS') then
      tester:assertlt(after - before, 200 * 1024, 'RSS grew by ' .. (after - before) .. ' KB')
   end
end

function tests.out_of_memory_is_an_error()
   -- 2^60 bytes cannot be mapped on any machine: the allocation fails after
   -- a collection and a retry, and the session goes on
   tester:eq(errmsg(function() return torch.ByteTensor(2 ^ 60) end),
             'ByteTensor: not enough memory (1152921504606846976 bytes)')
   tester:eq(errmsg(function() return torch.ByteStorage(2 ^ 60) end),
             'ByteStorage: not enough memory (1152921504606846976 bytes)')
   local t = torch.Tensor(10):fill(1)
   tester:eq(t[10], 1.0)
end

function tests.prelude()
   tester:eq(unpack({ 1, 2 }), 1)
   tester:eq(loadstring('return 3')(), 3)
   tester:eq(table.getn({ 1, 2, 3 }), 3)
   tester:eq(table.maxn({ [1] = 1, [7] = 2 }), 7)
   tester:eq(math.pow(2, 10), 1024.0)
   tester:eq(math.log10(1000), 3.0, 1e-15)
   tester:eq(math.mod(7, 3), 1)
   local m, e = math.frexp(8)
   tester:eq({ m, e }, { 0.5, 4 })
   tester:eq(math.ldexp(0.5, 4), 8.0)
   local words = {}
   for w in string.gfind('a b', '%a') do words[#words + 1] = w end
   tester:eq(words, { 'a', 'b' })
end

function tests.class_system()
   local A, parentA = torch.class('lanterntest.A')
   tester:eq(parentA, nil)
   function A:__init(x) self.x = x end
   function A:get() return self.x end
   function A:__tostring__() return 'A(' .. self.x .. ')' end
   local B, parent = torch.class('lanterntest.B', 'lanterntest.A')
   function B:__init(x, y)
      parent.__init(self, x)
      self.y = y
   end
   function B:__call__(z) return self.x + self.y + z end
   local b = lanterntest.B(1, 2)
   tester:eq(b:get(), 1)
   tester:eq(b(3), 6)
   tester:eq(tostring(b), 'A(1)', 'metamethods are inherited')
   tester:eq(torch.type(b), 'lanterntest.B')
   tester:eq(torch.typename(b), 'lanterntest.B')
   tester:assert(torch.isTypeOf(b, 'lanterntest.A'))
   tester:assert(torch.isTypeOf(b, lanterntest.A))
   tester:assert(not torch.isTypeOf(lanterntest.A(1), 'lanterntest.B'))
   tester:eq(torch.type(3), 'number')
   tester:assertErrorPattern(function() torch.class('lanterntest.A') end, 'already exists')
   tester:assertErrorPattern(function() torch.class('lanterntest.C', 'nope.Nope') end,
                             "parent class 'nope.Nope' does not exist")
   local m = {}
   local C = torch.class('lanterntest.C', m)
   tester:assert(m.C ~= nil, 'class placed in the given module table')
   tester:assert(torch.getmetatable('lanterntest.B') == B)
   tester:assert(torch.isTypeOf(torch.Tensor(), 'torch.DoubleTensor'))
   -- without __eq__ / __len__, == is identity and # the raw length, as in Lua
   local b2 = lanterntest.B(1, 2)
   tester:assert(b == b, 'an instance equals itself')
   tester:assert(b ~= b2, 'two instances differ')
   b[1], b[2] = 'x', 'y'
   tester:eq(#b, 2)
   function A:__eq__(o) return self.x == o.x end
   tester:assert(b == b2, 'a user __eq__ is used')
   lanterntest = nil
end

tester:add(tests)
tester:run()
