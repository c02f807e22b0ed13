-- torch/npy.lua — NumPy .npy files: torch.loadnpy(path), torch.savenpy(path, t).
--
-- A .npy file is "\x93NUMPY", a version (1.0: 2-byte header length; 2.0
-- and 3.0: 4 bytes), a Python dict literal {'descr': '<f8', 'fortran_order':
-- False, 'shape': (2, 3), } padded with spaces to a multiple of 64 bytes,
-- then the elements in one block.  The header is parsed by a small strict
-- reader of exactly that literal (no eval); the data moves with one read
-- into the tensor's storage, byte-swapped after the read when the file is
-- big-endian.  Fortran-order arrays load as contiguous (C-order) tensors.
-- dtypes: u1 i1 i2 i4 i8 f4 f8, and b1 as a ByteTensor.  Object arrays
-- are refused: unpickling them would run code.  A 0-d array loads as a
-- 1-element 1-D tensor (Torch7 tensors have no 0-d form).
local torch = require 'torch'
local M = {}

local KINDS = { u1 = 'Byte', i1 = 'Char', i2 = 'Short', i4 = 'Int', i8 = 'Long',
                f4 = 'Float', f8 = 'Double', b1 = 'Byte' }
local DESCR = { Byte = '|u1', Char = '|i1', Short = '<i2', Int = '<i4', Long = '<i8',
                Float = '<f4', Double = '<f8' }
local ELSIZE = { Byte = 1, Char = 1, Short = 2, Int = 4, Long = 8, Float = 4, Double = 8 }
local MAGIC = '\x93NUMPY'

local function fail(fmt, ...) error(string.format(fmt, ...), 0) end

-- the header literal: {'key': value, ...} with string, bool and int-tuple values
local function parse_header(h)
   local pos = 1
   local function ws() pos = h:find('[^ \t\n]', pos) or #h + 1 end
   local function expect(c)
      ws()
      if h:sub(pos, pos) ~= c then
         fail("bad .npy header: expected '%s' at offset %d", c, pos - 1)
      end
      pos = pos + 1
   end
   local function value()
      ws()
      local c = h:sub(pos, pos)
      if c == "'" or c == '"' then
         local e = h:find(c, pos + 1, true)
         if not e then fail('bad .npy header: unterminated string') end
         local s = h:sub(pos + 1, e - 1)
         pos = e + 1
         return s
      elseif h:sub(pos, pos + 3) == 'True' then
         pos = pos + 4
         return true
      elseif h:sub(pos, pos + 4) == 'False' then
         pos = pos + 5
         return false
      elseif c == '(' then
         pos = pos + 1
         local t = {}
         while true do
            ws()
            if h:sub(pos, pos) == ')' then pos = pos + 1; break end
            local digits = h:match('^%d+', pos)
            if not digits then fail('bad .npy header: shape must be a tuple of integers') end
            local n = math.tointeger(tonumber(digits))
            if not n or #digits > 18 then fail('bad .npy header: dimension %s is too large', digits) end
            t[#t + 1] = n
            pos = pos + #digits
            ws()
            if h:sub(pos, pos) == ',' then pos = pos + 1
            elseif h:sub(pos, pos) ~= ')' then fail('bad .npy header: malformed shape tuple') end
         end
         return t
      elseif c:match('%d') then          -- an integer (no key of the format has one)
         local digits = h:match('^%d+', pos)
         pos = pos + #digits
         return tonumber(digits)
      elseif c == '[' then
         fail('structured dtypes are not supported')
      end
      fail('bad .npy header: unexpected value at offset %d', pos - 1)
   end
   local d = {}
   expect('{')
   while true do
      ws()
      if h:sub(pos, pos) == '}' then pos = pos + 1; break end
      local k = value()
      if type(k) ~= 'string' then fail('bad .npy header: keys must be strings') end
      if d[k] ~= nil then fail("bad .npy header: duplicate key '%s'", k) end
      expect(':')
      d[k] = value()
      ws()
      if h:sub(pos, pos) == ',' then pos = pos + 1
      elseif h:sub(pos, pos) ~= '}' then fail('bad .npy header: expected , or } at offset %d', pos - 1) end
   end
   ws()
   if pos <= #h then fail('bad .npy header: trailing characters after the dict') end
   for k in pairs(d) do
      if k ~= 'descr' and k ~= 'fortran_order' and k ~= 'shape' then
         fail("bad .npy header: unknown key '%s'", k)
      end
   end
   if type(d.descr) ~= 'string' then fail("bad .npy header: 'descr' missing or not a string") end
   if type(d.fortran_order) ~= 'boolean' then
      fail("bad .npy header: 'fortran_order' missing or not a boolean")
   end
   if type(d.shape) ~= 'table' then fail("bad .npy header: 'shape' missing or not a tuple") end
   return d
end

-- f: a readable File; returns a tensor
function M.read(f)
   f:binary()
   local left = f:_remaining() or math.maxinteger
   if left < 10 then fail('not a .npy file: only %d bytes', left) end
   if f:readString(6) ~= MAGIC then fail('not a .npy file (bad magic string)') end
   local major, minor = f:readByte(), f:readByte()
   local hlen
   if major == 1 then
      hlen = string.unpack('<I2', f:readString(2))
   elseif major == 2 or major == 3 then
      if left < 12 then fail('file truncated in the .npy header length') end
      hlen = string.unpack('<I4', f:readString(4))
   else
      fail('unsupported .npy version %d.%d', major, minor)
   end
   left = f:_remaining() or math.maxinteger
   if hlen > left then
      fail('.npy header length %d exceeds the %d bytes left in the file', hlen, left)
   end
   local d = parse_header(f:readString(hlen))
   local order, kind = d.descr:match('^([<>|=]?)(%a%d+)$')
   if d.descr:find('O', 1, true) then
      fail("object arrays (dtype '%s') are not supported: loading them would run code",
           d.descr)
   end
   local T = kind and KINDS[kind]
   if not T then
      fail("unsupported .npy dtype '%s' (supported: u1 i1 i2 i4 i8 f4 f8 b1)", d.descr)
   end
   local shape = d.shape
   if #shape > 25 then fail('.npy array has %d dimensions (at most 25)', #shape) end
   local numel = 1
   for _, n in ipairs(shape) do
      if n ~= 0 and numel > math.maxinteger // n then fail('.npy shape size product overflows') end
      numel = numel * n
   end
   local es = ELSIZE[T]
   left = f:_remaining() or math.maxinteger
   if numel > left // es then
      fail('.npy data needs %s bytes but only %d are left in the file',
           numel > math.maxinteger // es and 'more than 2^63' or tostring(numel * es), left)
   end
   local storage = f['read' .. T](f, numel)
   if order == '>' and es > 1 then torch.File._bswap(storage) end
   if #shape == 0 then shape = { 1 } end
   local sizes = torch.LongStorage(shape)
   local strides = torch.LongStorage(#shape)
   local s = 1
   if d.fortran_order then
      for i = 1, #shape do strides[i] = s; s = s * math.max(shape[i], 1) end
   else
      for i = #shape, 1, -1 do strides[i] = s; s = s * math.max(shape[i], 1) end
   end
   local t = torch.File._maketensor(T, storage, 1, sizes, strides)
   if d.fortran_order then t = t:contiguous() end
   return t
end

-- the tensor's elements, in C order, as a storage of exactly numel elements
local function exact_storage(t)
   local c = t:contiguous()
   local s = c:storage()
   if s == nil or c:storageOffset() ~= 1 or #s ~= c:nElement() then
      c = c:clone()
      s = c:storage()
   end
   return s, c
end
M.exact_storage = exact_storage

function M.write(f, t)
   local T = torch.type(t):match('^torch%.(%a+)Tensor$')
   local shape = {}
   for i = 1, t:dim() do shape[i] = tostring(t:size(i)) end
   if t:dim() == 0 then shape[1] = '0' end
   local tuple = '(' .. table.concat(shape, ', ') .. (#shape == 1 and ',)' or ')')
   local dict = string.format("{'descr': '%s', 'fortran_order': False, 'shape': %s, }",
                              DESCR[T], tuple)
   local pre = 10
   local len = #dict + 1
   if pre + len > 65535 + 10 then pre = 12 end
   local total = ((pre + len + 63) // 64) * 64
   local header = dict .. string.rep(' ', total - pre - len) .. '\n'
   f:binary()
   f:writeString(MAGIC)
   if pre == 10 then f:writeString('\1\0' .. string.pack('<I2', #header))
   else f:writeString('\2\0' .. string.pack('<I4', #header)) end
   f:writeString(header)
   if t:nElement() > 0 then f['write' .. T](f, (exact_storage(t))) end
end

function torch.loadnpy(path)
   if type(path) ~= 'string' then
      error(string.format("bad argument #1 to 'loadnpy' (file name expected, got %s)",
                          torch.type(path)), 2)
   end
   local ok, f = pcall(torch.DiskFile, path, 'r')
   if not ok then error('torch.loadnpy: ' .. tostring(f):gsub('^[%w_.]+: ', ''), 2) end
   local ok2, t = pcall(M.read, f)
   f:close()
   if not ok2 then error(string.format("torch.loadnpy: '%s': %s", path, tostring(t)), 2) end
   return t
end

function torch.savenpy(path, t)
   if type(path) ~= 'string' then
      error(string.format("bad argument #1 to 'savenpy' (file name expected, got %s)",
                          torch.type(path)), 2)
   end
   if not torch.isTensor(t) then
      error(string.format("bad argument #2 to 'savenpy' (tensor expected, got %s)",
                          torch.type(t)), 2)
   end
   torch.File._atomic_save('torch.savenpy', path, function(f) M.write(f, t) end)
end

return M
