-- torch/safetensors.lua — safetensors files for a table of named tensors:
-- torch.savesafetensors(path, {name = tensor, ...} [, metadata]) and
-- torch.loadsafetensors(path) -> tensors, metadata.
--
-- Layout (the format PyTorch/Hugging Face use): an 8-byte little-endian
-- header length N, N bytes of JSON {"name": {"dtype": "F32", "shape": [2, 3],
-- "data_offsets": [begin, end]}, ..., "__metadata__": {"k": "v"}}, then the
-- data block; offsets are relative to the block.  The JSON is read by the
-- strict parser below (RFC 8259; duplicate keys are errors), and the
-- entries are validated before any tensor is allocated: known dtype,
-- non-negative integer shape, end - begin equal to the tensor's byte size,
-- offsets inside the block, and the tensors tiling the block exactly (no
-- overlap, no gap), as the reference implementation requires.  Each
-- tensor's data then moves with one read.
local torch = require 'torch'
local npy = require 'torch.npy'
local M = {}

local DTYPES = { F64 = 'Double', F32 = 'Float', I64 = 'Long', I32 = 'Int', I16 = 'Short',
                 I8 = 'Char', U8 = 'Byte', BOOL = 'Byte' }
local NAMES = { Double = 'F64', Float = 'F32', Long = 'I64', Int = 'I32', Short = 'I16',
                Char = 'I8', Byte = 'U8' }
local ELSIZE = { Byte = 1, Char = 1, Short = 2, Int = 4, Long = 8, Float = 4, Double = 8 }
local MAX_HEADER = 100 * 1024 * 1024

local function fail(fmt, ...) error(string.format(fmt, ...), 0) end

-- ------------------------------------------------------------ JSON
local json = {}
do
   local ESC = { ['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f', n = '\n',
                 r = '\r', t = '\t' }
   local s, pos
   local function err(msg) fail('bad JSON in header at byte %d: %s', pos - 1, msg) end
   local function ws() pos = s:find('[^ \t\n\r]', pos) or #s + 1 end
   local value
   local function str()
      pos = pos + 1                     -- the opening quote
      local out = {}
      while true do
         local a, b = s:find('^[^"\\%c]+', pos)
         if a then out[#out + 1] = s:sub(a, b); pos = b + 1 end
         local c = s:sub(pos, pos)
         if c == '"' then pos = pos + 1; return table.concat(out) end
         if c == '' then err('unterminated string') end
         if c ~= '\\' then err('control character in string') end
         local e = s:sub(pos + 1, pos + 1)
         if ESC[e] then
            out[#out + 1] = ESC[e]
            pos = pos + 2
         elseif e == 'u' then
            local hex = s:match('^%x%x%x%x', pos + 2)
            if not hex then err('bad \\u escape') end
            local cp = tonumber(hex, 16)
            pos = pos + 6
            if cp >= 0xD800 and cp <= 0xDBFF then
               local lo = s:match('^\\u(%x%x%x%x)', pos)
               lo = lo and tonumber(lo, 16)
               if not lo or lo < 0xDC00 or lo > 0xDFFF then err('unpaired surrogate') end
               cp = 0x10000 + (cp - 0xD800) * 0x400 + (lo - 0xDC00)
               pos = pos + 6
            elseif cp >= 0xDC00 and cp <= 0xDFFF then
               err('unpaired surrogate')
            end
            out[#out + 1] = utf8.char(cp)
         else
            err('bad escape sequence')
         end
      end
   end
   local function num()            -- -?(0|[1-9]d*)(.d+)?([eE][-+]?d+)?
      local p = pos
      if s:sub(p, p) == '-' then p = p + 1 end
      local d = s:match('^%d+', p)
      if not d or (#d > 1 and d:sub(1, 1) == '0') then err('bad number') end
      p = p + #d
      local frac = s:match('^%.%d+', p)
      if not frac and s:sub(p, p) == '.' then err('bad number') end
      p = p + (frac and #frac or 0)
      local ex = s:match('^[eE][-+]?%d+', p)
      if not ex and s:sub(p, p):match('[eE]') then err('bad number') end
      p = p + (ex and #ex or 0)
      local m = s:sub(pos, p - 1)
      pos = p
      if not frac and not ex then return math.tointeger(tonumber(m)) or tonumber(m) end
      return tonumber(m)
   end
   function value(depth)
      if depth > 64 then err('nested too deeply') end
      ws()
      local c = s:sub(pos, pos)
      if c == '{' then
         pos = pos + 1
         local obj, keys = {}, {}
         ws()
         if s:sub(pos, pos) == '}' then pos = pos + 1; return obj, keys end
         while true do
            ws()
            if s:sub(pos, pos) ~= '"' then err('expected a string key') end
            local k = str()
            if obj[k] ~= nil then err("duplicate key '" .. k .. "'") end
            ws()
            if s:sub(pos, pos) ~= ':' then err("expected ':'") end
            pos = pos + 1
            local v = value(depth + 1)
            if v == nil then v = json.null end
            obj[k] = v
            keys[#keys + 1] = k
            ws()
            c = s:sub(pos, pos)
            pos = pos + 1
            if c == '}' then return obj, keys end
            if c ~= ',' then pos = pos - 1; err("expected ',' or '}'") end
         end
      elseif c == '[' then
         pos = pos + 1
         local arr = { n = 0 }
         ws()
         if s:sub(pos, pos) == ']' then pos = pos + 1; return arr end
         while true do
            local v = value(depth + 1)
            arr.n = arr.n + 1
            arr[arr.n] = v
            ws()
            c = s:sub(pos, pos)
            pos = pos + 1
            if c == ']' then return arr end
            if c ~= ',' then pos = pos - 1; err("expected ',' or ']'") end
         end
      elseif c == '"' then
         return str()
      elseif c == '-' or c:match('%d') then
         return num()
      elseif s:sub(pos, pos + 3) == 'true' then pos = pos + 4; return true
      elseif s:sub(pos, pos + 4) == 'false' then pos = pos + 5; return false
      elseif s:sub(pos, pos + 3) == 'null' then pos = pos + 4; return json.null
      elseif c == '' then err('unexpected end of input')
      end
      err("unexpected character '" .. c .. "'")
   end
   json.null = setmetatable({}, { __tostring = function() return 'null' end })
   function json.decode(text)
      s, pos = text, 1
      local v, keys = value(1)
      ws()
      if pos <= #s then err('trailing characters after the JSON value') end
      return v, keys
   end
   function json.quote(x)
      return '"' .. x:gsub('[%c"\\]', function(c)
         return string.format('\\u%04x', c:byte())
      end) .. '"'
   end
end
M.json = json

local function isarray(v) return type(v) == 'table' and v.n ~= nil end
local function isint(v) return math.type(v) == 'integer' end

-- f: a readable File; returns tensors, metadata
function M.read(f)
   f:binary()
   local size = f:_remaining() or math.maxinteger
   if size < 8 then fail('file too short for a safetensors header (%d bytes)', size) end
   local n = string.unpack('<i8', f:readString(8))
   if n < 0 or n > size - 8 then
      fail('header length %s exceeds the %d bytes left in the file',
           n < 0 and string.format('%u', n) or tostring(n), size - 8)
   end
   if n > MAX_HEADER then fail('header length %d exceeds the 100 MB limit', n) end
   local header, names = json.decode(f:readString(n))
   if type(header) ~= 'table' or isarray(header) then fail('header must be a JSON object') end
   local datalen = size - 8 - n
   local entries, meta = {}, nil
   for _, name in ipairs(names) do
      local e = header[name]
      if name == '__metadata__' then
         if type(e) ~= 'table' or isarray(e) then fail('__metadata__ must be an object') end
         meta = {}
         for k, v in pairs(e) do
            if type(v) ~= 'string' then fail("__metadata__ value '%s' must be a string", k) end
            meta[k] = v
         end
      else
         if type(e) ~= 'table' or isarray(e) then fail("tensor '%s': entry must be an object", name) end
         for k in pairs(e) do
            if k ~= 'dtype' and k ~= 'shape' and k ~= 'data_offsets' then
               fail("tensor '%s': unknown field '%s'", name, k)
            end
         end
         local T = type(e.dtype) == 'string' and DTYPES[e.dtype]
         if not T then
            fail("tensor '%s': unsupported dtype %s (supported: F64 F32 I64 I32 I16 I8 U8 BOOL)",
                 name, type(e.dtype) == 'string' and "'" .. e.dtype .. "'" or 'missing')
         end
         if not isarray(e.shape) then fail("tensor '%s': shape must be an array", name) end
         if e.shape.n > 25 then fail("tensor '%s': %d dimensions (at most 25)", name, e.shape.n) end
         local numel = 1
         for i = 1, e.shape.n do
            local d = e.shape[i]
            if not isint(d) or d < 0 then
               fail("tensor '%s': shape entries must be non-negative integers", name)
            end
            if d ~= 0 and numel > math.maxinteger // d then
               fail("tensor '%s': shape size product overflows", name)
            end
            numel = numel * d
         end
         local o = e.data_offsets
         if not isarray(o) or o.n ~= 2 or not isint(o[1]) or not isint(o[2]) then
            fail("tensor '%s': data_offsets must be two integers", name)
         end
         local b, en = o[1], o[2]
         if b < 0 or en < b then fail("tensor '%s': data_offsets [%d, %d] are invalid", name, b, en) end
         if en > datalen then
            fail("tensor '%s': data_offsets [%d, %d] go past the end of the %d-byte data block",
                 name, b, en, datalen)
         end
         if numel > math.maxinteger // ELSIZE[T] or numel * ELSIZE[T] ~= en - b then
            fail("tensor '%s': data_offsets [%d, %d] hold %d bytes, but %s of that shape needs %s",
                 name, b, en, en - b, e.dtype,
                 numel > math.maxinteger // ELSIZE[T] and 'more than 2^63' or tostring(numel * ELSIZE[T]))
         end
         local shape = {}
         for i = 1, e.shape.n do shape[i] = e.shape[i] end
         entries[#entries + 1] = { name = name, T = T, shape = shape, numel = numel, b = b, e = en }
      end
   end
   local sorted = {}
   for i, e in ipairs(entries) do sorted[i] = e end
   table.sort(sorted, function(x, y) return x.b < y.b or (x.b == y.b and x.e < y.e) end)
   local at = 0
   for i, e in ipairs(sorted) do
      if e.b < at then fail("tensors '%s' and '%s' overlap in the data block", sorted[i - 1].name, e.name) end
      if e.b > at then fail("gap in the data block before tensor '%s' (bytes %d to %d unused)", e.name, at, e.b) end
      at = e.e
   end
   if at ~= datalen then
      fail('the data block has %d bytes after the last tensor', datalen - at)
   end
   local tensors = {}
   local base = f:position() - 1
   for _, e in ipairs(entries) do
      f:seek(base + e.b + 1)
      local st = f['read' .. e.T](f, e.numel)
      local shape = #e.shape == 0 and { 1 } or e.shape
      local strides, s = {}, 1
      for i = #shape, 1, -1 do strides[i] = s; s = s * math.max(shape[i], 1) end
      tensors[e.name] = torch.File._maketensor(e.T, st, 1, torch.LongStorage(shape),
                                               torch.LongStorage(strides))
   end
   return tensors, meta
end

function M.write(f, tensors, meta)
   local names = {}
   for k, t in pairs(tensors) do
      if type(k) ~= 'string' then fail('tensor names must be strings, got %s', torch.type(k)) end
      if k == '__metadata__' then fail("'__metadata__' cannot be a tensor name") end
      if not torch.isTensor(t) then fail("'%s' is a %s, not a tensor", k, torch.type(t)) end
      names[#names + 1] = k
   end
   table.sort(names)
   local parts, at, stor = {}, 0, {}
   for i, k in ipairs(names) do
      local t = tensors[k]
      local T = torch.type(t):match('^torch%.(%a+)Tensor$')
      local shape = {}
      for d = 1, t:dim() do shape[d] = tostring(t:size(d)) end
      if t:dim() == 0 then shape[1] = '0' end
      local nbytes = t:nElement() * ELSIZE[T]
      parts[#parts + 1] = string.format('%s:{"dtype":"%s","shape":[%s],"data_offsets":[%d,%d]}',
                                        json.quote(k), NAMES[T], table.concat(shape, ','), at,
                                        at + nbytes)
      at = at + nbytes
      stor[i] = t:nElement() > 0 and (npy.exact_storage(t)) or false
   end
   if meta ~= nil then
      if type(meta) ~= 'table' then fail('metadata must be a table of strings') end
      local m = {}
      for k, v in pairs(meta) do
         if type(k) ~= 'string' or type(v) ~= 'string' then
            fail('metadata must map strings to strings')
         end
         m[#m + 1] = json.quote(k) .. ':' .. json.quote(v)
      end
      table.sort(m)
      table.insert(parts, 1, '"__metadata__":{' .. table.concat(m, ',') .. '}')
   end
   local header = '{' .. table.concat(parts, ',') .. '}'
   header = header .. string.rep(' ', (8 - #header % 8) % 8)
   f:binary()
   f:writeString(string.pack('<i8', #header))
   f:writeString(header)
   for i, k in ipairs(names) do
      if stor[i] then
         local T = torch.type(tensors[k]):match('^torch%.(%a+)Tensor$')
         f['write' .. T](f, stor[i])
      end
   end
end

function torch.loadsafetensors(path)
   if type(path) ~= 'string' then
      error(string.format("bad argument #1 to 'loadsafetensors' (file name expected, got %s)",
                          torch.type(path)), 2)
   end
   local ok, f = pcall(torch.DiskFile, path, 'r')
   if not ok then error('torch.loadsafetensors: ' .. tostring(f):gsub('^[%w_.]+: ', ''), 2) end
   local ok2, t, meta = pcall(M.read, f)
   f:close()
   if not ok2 then error(string.format("torch.loadsafetensors: '%s': %s", path, tostring(t)), 2) end
   return t, meta
end

function torch.savesafetensors(path, tensors, meta)
   if type(path) ~= 'string' then
      error(string.format("bad argument #1 to 'savesafetensors' (file name expected, got %s)",
                          torch.type(path)), 2)
   end
   if type(tensors) ~= 'table' or torch.typename(tensors) then
      error(string.format("bad argument #2 to 'savesafetensors' (table of tensors expected, "
                          .. "got %s)", torch.type(tensors)), 2)
   end
   torch.File._atomic_save('torch.savesafetensors', path, function(f) M.write(f, tensors, meta) end)
end

return M
