-- torch/File.lua — Torch7's object serialization (writeObject/readObject)
-- on top of the C File objects, and torch.save/load/serialize/deserialize.
--
-- The format is Torch7's .t7: each value is an Int type tag followed by its
-- body; tables, torch objects and functions carry an Int index so shared
-- references and cycles are written once and referred to afterwards.
--
--   nil 0 | number 1: Double | string 2: Int length, bytes | boolean 5: Int 0/1
--   table 3: Int index, Int count, count x (key, value)
--   torch 4: Int index, "V <version>" and class name as strings, then the
--            class's own layout (tensors: Int ndim, ndim Longs of sizes and
--            of strides, Long 1-based offset, the storage as an object;
--            storages: Long count, then the elements in one block)
--   function 6 (no index) / 8 (index; upvalues as {name=, value=} tables)
--            / 7 (legacy: index; upvalues as plain values)
--
-- Integers and floats (Lua 5.4).  Torch7 wrote every number as a double.
-- Binary files stay exactly that: a number whose double is integral, of
-- magnitude <= 2^53 and not -0 loads as a Lua integer, any other as a
-- float; so 3 round-trips as 3, 2.5 as 2.5, and 3.0 comes back as 3.
-- Integers beyond 2^53, which a double cannot hold, use one extra tag
-- (9: Long), which only Lantern reads; Torch7 had no such numbers.  Ascii
-- files keep the distinction fully: integers are written as digits,
-- floats always with a '.' or an exponent (Torch7 reads both with %lg).
--
-- Safety.  Loading never runs code unless asked: function tags are refused
-- unless the file was opened with f:allowFunctions(true) (torch.load's
-- option {allowFunctions=true}); classes are instantiated only when
-- registered with torch.class (or one of the tensor and storage types); a
-- length, count or size is compared with the bytes left in the file before
-- anything is allocated; a reference must name an object already read,
-- and a new object must carry the next index.
local torch = require 'torch'
local File = torch.File

local TYPE_NIL, TYPE_NUMBER, TYPE_STRING, TYPE_TABLE = 0, 1, 2, 3
local TYPE_TORCH, TYPE_BOOLEAN, TYPE_FUNCTION = 4, 5, 6
local LEGACY_TYPE_RECUR_FUNCTION, TYPE_RECUR_FUNCTION = 7, 8
local TYPE_INT64 = 9                      -- Lantern: integers beyond 2^53
local MAX_DEPTH = 10000                   -- nesting of tables/objects on load
local TWO53 = 9007199254740992

local TENSOR_TYPES, STORAGE_TYPES = {}, {}
for _, T in ipairs({ 'Byte', 'Char', 'Short', 'Int', 'Long', 'Float', 'Double' }) do
   TENSOR_TYPES['torch.' .. T .. 'Tensor'] = T
   STORAGE_TYPES['torch.' .. T .. 'Storage'] = T
end
local ELSIZE = { Byte = 1, Char = 1, Short = 2, Int = 4, Long = 8, Float = 4, Double = 8 }

-- per-file state, as Torch7 kept in the file's environment
local envs = setmetatable({}, { __mode = 'k' })
local function env(f)
   local e = envs[f]
   if not e then
      e = { written = {}, keep = {}, nwritten = 0, read = {}, nread = 0, force = false,
            allowFunctions = false, depth = 0 }
      envs[f] = e
   end
   return e
end

function File:writeBool(v) self:writeInt(v and 1 or 0) end
function File:readBool() return self:readInt() == 1 end

-- referenced(false): write every occurrence in full (no shared references)
function File:referenced(ref)
   env(self).force = not ref
   return self
end
function File:isReferenced() return not env(self).force end

-- Opt in to loading Lua functions (bytecode) from this file.  Bytecode can
-- do anything, including crash the interpreter: only for trusted files.
function File:allowFunctions(allow)
   env(self).allowFunctions = allow and true or false
   return self
end

-- ------------------------------------------------------------- writing
local function classof(obj)
   local name = torch.typename(obj)
   if not name then return nil end
   if TENSOR_TYPES[name] or STORAGE_TYPES[name] or torch.isClass(name) then return name end
   return nil
end

local function writable(obj)
   local t = type(obj)
   if obj == nil then return TYPE_NIL end
   if classof(obj) then return TYPE_TORCH end
   if t == 'table' then return TYPE_TABLE end
   if t == 'number' then return TYPE_NUMBER end
   if t == 'string' then return TYPE_STRING end
   if t == 'boolean' then return TYPE_BOOLEAN end
   if t == 'function' and pcall(string.dump, obj) then return TYPE_RECUR_FUNCTION end
   return nil
end
File.isWritableObject = function(_, obj) return writable(obj) end

local function writeChars(f, s)           -- Torch7's writeInt(#s) + writeChar(s)
   f:writeInt(#s)
   f:writeString(s)
   if #s > 0 and not f:isBinary() and f:isAutoSpacing() then f:writeString('\n') end
end

local function versionof(obj)
   local mt = getmetatable(obj)
   local v = type(mt) == 'table' and mt.__version
   return math.type(v) == 'integer' and v or 1
end

local function writeTensor(f, t)
   local n = t:dim()
   f:writeInt(n)
   f:writeLong(t:size())
   f:writeLong(t:stride())
   f:writeLong(t:storageOffset())
   f:writeObject(t:storage())
end

local function writeStorage(f, s, T)
   f:writeLong(#s)
   f['write' .. T](f, s)
end

-- e.path: the keys leading to the object being written, for error messages
local function pathof(e)
   local parts = { '<object>' }
   for i = 1, #e.path do parts[i + 1] = tostring(e.path[i]) end
   e.path = {}                   -- the write is abandoned: start afresh next time
   return table.concat(parts, '.')
end

local writeInt, writeNumber, writePlain = File.writeInt, File._writeNumber, File._writePlain

local function write(self, e, obj)
   if writePlain(self, obj) then return end     -- binary nil/boolean/number/string: in C
   local t = type(obj)
   -- the common cases first: no class lookup for plain numbers and strings
   if t == 'string' then
      writeInt(self, TYPE_STRING)
      return writeChars(self, obj)
   elseif t == 'number' and (math.type(obj) == 'float' or (obj <= TWO53 and obj >= -TWO53)) then
      writeInt(self, TYPE_NUMBER)
      return writeNumber(self, obj)
   end
   local tag = writable(obj)
   if not tag then
      error(string.format("writeObject: cannot write a %s (at %s)", torch.type(obj), pathof(e)), 0)
   end
   if tag == TYPE_NUMBER and math.type(obj) == 'integer' and self:isBinary()
      and (obj > TWO53 or obj < -TWO53) then
      writeInt(self, TYPE_INT64)
      self:writeLong(obj)
      return
   end
   writeInt(self, tag)
   if tag == TYPE_NIL then return end
   if tag == TYPE_NUMBER then return writeNumber(self, obj) end
   if tag == TYPE_BOOLEAN then return self:writeBool(obj) end
   if tag == TYPE_STRING then return writeChars(self, obj) end

   -- identity by pointer: two userdata of one storage are one object
   local key = type(obj) == 'userdata' and torch.pointer(obj) or obj
   local index = e.written[key]
   if index and not e.force then
      writeInt(self, index)
      return
   end
   e.nwritten = e.nwritten + 1
   index = e.nwritten
   if not e.force then
      e.written[key] = index
      e.keep[index] = obj            -- keeps the pointer from being reused
   end
   writeInt(self, index)

   if tag == TYPE_RECUR_FUNCTION then
      local upvalues = {}
      for i = 1, math.huge do
         local name, value = debug.getupvalue(obj, i)
         if not name then break end
         if name == '_ENV' then value = nil end
         upvalues[i] = { name = name, value = value }
      end
      writeChars(self, string.dump(obj))
      e.path[#e.path + 1] = '<upvalues>'
      write(self, e, upvalues)
      e.path[#e.path] = nil
   elseif tag == TYPE_TORCH then
      local name = classof(obj)
      writeChars(self, 'V ' .. versionof(obj))
      writeChars(self, name)
      if TENSOR_TYPES[name] then return writeTensor(self, obj) end
      if STORAGE_TYPES[name] then return writeStorage(self, obj, STORAGE_TYPES[name]) end
      local mt = getmetatable(obj)
      local custom = mt.__write or mt.write
      if type(custom) == 'function' then return custom(obj, self) end
      local fields = {}
      for k, v in pairs(obj) do
         if writable(v) and writable(k) then
            fields[k] = v
         else
            io.stderr:write(string.format("$ Warning: cannot write object field <%s> of <%s>\n",
                                          tostring(k), name))
         end
      end
      write(self, e, fields)
   else
      local n = 0
      for _ in pairs(obj) do n = n + 1 end
      writeInt(self, n)
      for k, v in pairs(obj) do
         if not writePlain(self, k) then write(self, e, k) end
         if not writePlain(self, v) then
            local depth = #e.path + 1
            e.path[depth] = k
            write(self, e, v)
            e.path[depth] = nil
         end
      end
   end
end

function File:writeObject(obj)
   local e = env(self)
   e.path = e.path or {}
   return write(self, e, obj)
end

-- ------------------------------------------------------------- reading
local function where(f)
   local ok, pos = pcall(f.position, f)
   return ok and string.format(' (at byte %d)', pos - 1) or ''
end

local function fail(f, fmt, ...)
   error(string.format(fmt, ...) .. where(f), 0)
end

-- (loads run the file in quiet mode: a short read returns nil, and the
-- message here says what was being read)
local function missing(f, what)
   if not f:isBinary() and (f:_remaining() or 1) > 0 then
      fail(f, '%s is not a valid number', what)
   end
   fail(f, 'file truncated: %s missing', what)
end

local cReadInt, cReadNumber, cRemaining = File.readInt, File._readNumber, File._remaining

local function readInt(f, what)
   local v = cReadInt(f)
   if v == nil then missing(f, what) end
   return v
end

-- bytes left, or nil when unknown (pipes: there the C reads grow in
-- bounded chunks as bytes arrive instead)
local function left(f) return cRemaining(f) end

local function readChars(f, what)
   local n = readInt(f, what .. ' length')
   if n < 0 then fail(f, '%s length %d is negative', what, n) end
   local l = left(f)
   if l and n > l then
      fail(f, '%s length %d exceeds the %d bytes left in the file', what, n, l)
   end
   local s = f:readString(n, true)
   if #s ~= n then missing(f, what) end
   return s
end

local function newindex(f, e, tag)
   local index = readInt(f, 'object index')
   if not e.force then
      if index >= 1 and index <= e.nread then
         local obj = e.read[index]
         if obj == nil then
            fail(f, 'reference to object %d, which is not complete yet', index)
         end
         return index, obj, true
      end
   end
   if index ~= e.nread + 1 then
      fail(f, 'object index %d is out of order (expected %d: a reference must point back '
           .. 'to an object already read)', index, e.nread + 1)
   end
   e.nread = index
   return index
end

local readObject

local function readTensor(f, e, T, index)
   local ndim = readInt(f, 'tensor dimension count')
   if ndim < 0 or ndim > 25 then
      fail(f, 'tensor has %d dimensions (must be between 0 and 25)', ndim)
   end
   if f:isBinary() and ndim * 16 > (left(f) or math.maxinteger) then
      fail(f, 'file truncated: tensor sizes and strides missing')
   end
   local sizes = f:readLong(ndim)
   local strides = f:readLong(ndim)
   if #sizes ~= ndim or #strides ~= ndim then missing(f, 'tensor sizes and strides') end
   local offset = f:readLong()
   if offset == nil then missing(f, 'tensor offset') end
   local storage = readObject(f, e)
   if storage ~= nil and torch.typename(storage) ~= 'torch.' .. T .. 'Storage' then
      fail(f, 'torch.%sTensor has a storage of type %s', T, torch.type(storage))
   end
   local ok, t = pcall(File._maketensor, T, storage, offset, sizes, strides)
   if not ok then fail(f, '%s', (tostring(t):gsub('^_maketensor: ', ''))) end
   return t
end

local function readStorage(f, T)
   local n = f:readLong()
   if n == nil then missing(f, 'storage size') end
   if n < 0 then fail(f, 'storage size %d is negative', n) end
   local per = f:isBinary() and ELSIZE[T] or 1
   local l = left(f)
   if l and n > l // per then
      fail(f, 'storage of %d %s values needs %s bytes, but only %d are left in the file', n,
           T, n > math.maxinteger // per and 'more than 2^63' or tostring(n * per), l)
   end
   local s = f['read' .. T](f, n)
   if #s ~= n then missing(f, 'storage data') end
   return s
end

local function readFunction(f, e, tag, index)
   if not e.allowFunctions then
      fail(f, 'file contains a Lua function (type tag %d); loading functions runs code from '
           .. 'the file: pass {allowFunctions=true} to torch.load only for trusted files', tag)
   end
   local code = readChars(f, 'function bytecode')
   local fn, err = load(code, '=(loaded function)', 'b')
   if not fn then fail(f, 'cannot load function bytecode: %s', tostring(err)) end
   if index and not e.force then e.read[index] = fn end
   local upvalues = readObject(f, e)
   if type(upvalues) ~= 'table' then fail(f, 'function upvalues must be a table') end
   for i, up in ipairs(upvalues) do
      if tag == TYPE_RECUR_FUNCTION then
         if type(up) ~= 'table' then fail(f, 'function upvalue %d is malformed', i) end
         if up.name == '_ENV' then debug.setupvalue(fn, i, _ENV)
         else debug.setupvalue(fn, i, up.value) end
      else
         debug.setupvalue(fn, i, up)
      end
   end
   return fn
end

local function readTorch(f, e, index)
   local version = readChars(f, 'class version')
   local className, versionNumber
   local v = version:match('^V (.*)$')
   if v then
      versionNumber = tonumber(v)
      if not versionNumber then fail(f, "bad class version string '%s'", version) end
      className = readChars(f, 'class name')
   else
      className, versionNumber = version, 0      -- files from before versioning
   end
   local T = TENSOR_TYPES[className]
   if T then
      local t = readTensor(f, e, T, index)
      if not e.force then e.read[index] = t end
      return t
   end
   T = STORAGE_TYPES[className]
   if T then
      local s = readStorage(f, T)
      if not e.force then e.read[index] = s end
      return s
   end
   if not torch.isClass(className) then
      fail(f, "unknown Torch class <%s> (only classes registered with torch.class load; "
           .. "require the package defining it first)", className)
   end
   local mt = torch.getmetatable(className)
   local obj = setmetatable({}, mt)
   if not e.force then e.read[index] = obj end
   local read = mt.__read or mt.read
   if type(read) == 'function' then
      read(obj, f, versionNumber)
   else
      local fields = readObject(f, e)
      if type(fields) ~= 'table' or getmetatable(fields) ~= nil then
         fail(f, '<%s> object fields must be a plain table, got %s', className, torch.type(fields))
      end
      for k, val in pairs(fields) do obj[k] = val end
   end
   return obj
end

local cReadPlain, cReadPlainPairs = File._readPlain, File._readPlainPairs

function readObject(f, e)
   local plain, value = cReadPlain(f)          -- well-formed binary plain values: in C
   if plain then return value end
   local tag = readInt(f, 'type tag')
   if tag == TYPE_NIL then return nil end
   if tag == TYPE_NUMBER then
      local v, bad = cReadNumber(f)
      if bad then fail(f, '%s', bad) end
      if v == nil then missing(f, 'number') end
      return v
   end
   if tag == TYPE_INT64 then
      local v = f:readLong()
      if v == nil then missing(f, 'integer') end
      return v
   end
   if tag == TYPE_BOOLEAN then
      local v = readInt(f, 'boolean')
      if v ~= 0 and v ~= 1 then fail(f, 'boolean value %d is not 0 or 1', v) end
      return v == 1
   end
   if tag == TYPE_STRING then return readChars(f, 'string') end
   if tag == TYPE_FUNCTION then return readFunction(f, e, tag, nil) end
   if tag ~= TYPE_TABLE and tag ~= TYPE_TORCH and tag ~= TYPE_RECUR_FUNCTION
      and tag ~= LEGACY_TYPE_RECUR_FUNCTION then
      local hint = ''
      if f:isBinary() and string.pack('<i4', tag):match('^[%d%s]+$') then
         hint = " (the bytes are text: is this an ascii file? load it with 'ascii')"
      end
      fail(f, 'unknown type tag %d%s', tag, hint)
   end
   local index, obj, found = newindex(f, e, tag)
   if found then return obj end
   e.depth = e.depth + 1
   if e.depth > MAX_DEPTH then fail(f, 'objects nested deeper than %d levels', MAX_DEPTH) end
   if tag == TYPE_RECUR_FUNCTION or tag == LEGACY_TYPE_RECUR_FUNCTION then
      obj = readFunction(f, e, tag, index)
   elseif tag == TYPE_TORCH then
      obj = readTorch(f, e, index)
   else
      local n = readInt(f, 'table size')
      if n < 0 then fail(f, 'table size %d is negative', n) end
      -- each entry holds two tags of at least 4 bytes (binary) or 2 (ascii)
      local l = left(f)
      if l and n > l // (f:isBinary() and 8 or 4) then
         fail(f, 'table of %d entries cannot fit in the %d bytes left in the file', n, l)
      end
      obj = {}
      if not e.force then e.read[index] = obj end
      -- entries of plain keys and values in one C call; from the first
      -- other entry on, here (which also reports the malformed ones)
      for _ = cReadPlainPairs(f, obj, n) + 1, n do
         local k = readObject(f, e)
         local v = readObject(f, e)
         if k == nil then fail(f, 'table key is nil') end
         if k ~= k then fail(f, 'table key is NaN') end
         obj[k] = v
      end
   end
   e.depth = e.depth - 1
   return obj
end

function File:readObject()
   local e = env(self)
   e.depth = 0
   return readObject(self, e)
end

-- ------------------------------------------------- save / load helpers
local function checkmode(fname, mode)
   if mode ~= nil and mode ~= 'binary' and mode ~= 'ascii' then
      error(string.format("bad argument #2 to '%s' ('binary' or 'ascii' expected, got %s)",
                          fname, tostring(mode)), 3)
   end
   return mode or 'binary'
end

-- third argument: Torch7's `referenced` boolean, or a table of options
-- { referenced = bool, allowFunctions = bool }
local function options(fname, opt, argn)
   if opt == nil then return true, false end
   if type(opt) == 'boolean' then return opt, false end
   if type(opt) ~= 'table' then
      error(string.format("bad argument #%d to '%s' (boolean or table of options expected, "
                          .. "got %s)", argn, fname, torch.type(opt)), 3)
   end
   for k in pairs(opt) do
      if k ~= 'referenced' and k ~= 'allowFunctions' then
         error(string.format("bad argument #%d to '%s' (unknown option '%s')", argn, fname,
                             tostring(k)), 3)
      end
   end
   return opt.referenced ~= false, opt.allowFunctions == true
end

local function strip(err)          -- "file.lua:12: _commit: msg" -> "msg"
   return (tostring(err):gsub('^[^:]*:%d+: ', ''):gsub('^[%w_]+: ', ''))
end

-- Atomic: write(f) fills a temporary file beside `path`, which is then
-- flushed, fsync'ed and renamed over it; on any failure (or a crash) the
-- old file stays as it was.  Errors read "<fname>: <problem>".
function File._atomic_save(fname, path, write)
   local ok, f = pcall(torch.DiskFile._atomic, path)
   if not ok then error(fname .. ': ' .. strip(f), 3) end
   local ok2, err = pcall(write, f)
   if not ok2 then
      f:close()                       -- removes the temporary file
      error(fname .. ': ' .. strip(err), 3)
   end
   local ok3, err3 = pcall(f._commit, f)
   if not ok3 then error(fname .. ': ' .. strip(err3), 3) end
end

function torch.save(filename, object, mode, referenced)
   if type(filename) ~= 'string' then
      error(string.format("bad argument #1 to 'save' (file name expected, got %s)",
                          torch.type(filename)), 2)
   end
   mode = checkmode('save', mode)
   local ref = options('save', referenced, 4)
   File._atomic_save('torch.save', filename, function(f)
      f[mode](f)
      f:referenced(ref)
      f:writeObject(object)
   end)
end

local function readfrom(fname, f, label, mode, ref, allow)
   f[mode](f)
   f:quiet()
   f:referenced(ref)
   f:allowFunctions(allow)
   local ok, obj = pcall(f.readObject, f)
   f:close()
   if not ok then error(string.format('torch.%s: %s%s', fname, label, tostring(obj)), 3) end
   return obj
end

function torch.load(filename, mode, opt)
   if type(filename) ~= 'string' then
      error(string.format("bad argument #1 to 'load' (file name expected, got %s)",
                          torch.type(filename)), 2)
   end
   mode = checkmode('load', mode)
   local ref, allow = options('load', opt, 3)
   local ok, f = pcall(torch.DiskFile, filename, 'r')
   if not ok then error('torch.load: ' .. tostring(f):gsub('^[%w_.]+: ', ''), 2) end
   return readfrom('load', f, "'" .. filename .. "': ", mode, ref, allow)
end

function torch.serialize(object, mode)
   mode = checkmode('serialize', mode)
   local f = torch.MemoryFile()
   f[mode](f)
   local ok, err = pcall(f.writeObject, f, object)
   if not ok then error('torch.serialize: ' .. tostring(err):gsub('^writeObject: ', ''), 2) end
   local s = f:_string()
   f:close()
   return s
end

function torch.serializeToStorage(object, mode)
   return torch.CharStorage():string(torch.serialize(object, mode))
end

function torch.deserialize(str, mode, opt)
   if type(str) ~= 'string' then
      error(string.format("bad argument #1 to 'deserialize' (string expected, got %s)",
                          torch.type(str)), 2)
   end
   mode = checkmode('deserialize', mode)
   local ref, allow = options('deserialize', opt, 3)
   return readfrom('deserialize', torch.MemoryFile(str, 'r'), '', mode, ref, allow)
end

function torch.deserializeFromStorage(storage, mode, opt)
   mode = checkmode('deserializeFromStorage', mode)
   local ref, allow = options('deserializeFromStorage', opt, 3)
   return readfrom('deserializeFromStorage', torch.MemoryFile(storage:string(), 'r'), '',
                   mode, ref, allow)
end

torch.saveobj = torch.save
torch.loadobj = torch.load

return File
