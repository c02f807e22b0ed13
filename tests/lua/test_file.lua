-- File objects (DiskFile, MemoryFile, PipeFile) and .t7 serialization:
-- every value type in binary and ascii, shared references and cycles,
-- integer/float round trips, safety options, atomic saving under SIGKILL.
-- Byte layouts are checked against Torch7's writer as read in its
-- File.lua/THDiskFile.c (little-endian, 8-byte longs).
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
local tester = torch.Tester()
local tests = torch.TestSuite()
local TMP = os.tmpname()
os.remove(TMP)
local LANTERN = arg and arg[-1] or 'build/lantern'

local function tmp(name) return TMP .. '-' .. name end

function tests.memoryfile_typed_values_binary()
   local f = torch.MemoryFile():binary()
   f:writeByte(200); f:writeChar(-5); f:writeShort(-300); f:writeInt(70000)
   f:writeLong(2 ^ 40 // 1); f:writeFloat(1.5); f:writeDouble(math.pi)
   tester:eq(#f:_string(), 1 + 1 + 2 + 4 + 8 + 4 + 8)
   tester:eq(f:_string():sub(1, 8), string.pack('<Bbhi', 200, -5, -300, 70000))
   f:seek(1)
   tester:eq(f:readByte(), 200); tester:eq(f:readChar(), -5); tester:eq(f:readShort(), -300)
   tester:eq(f:readInt(), 70000); tester:eq(f:readLong(), 2 ^ 40 // 1)
   tester:eq(f:readFloat(), 1.5); tester:eq(f:readDouble(), math.pi)
   tester:eq(math.type(f:seek(1):readInt()), 'integer')
end

function tests.storages_move_in_one_block()
   local s = torch.DoubleStorage({ 1.5, -2, 3e100 })
   local f = torch.MemoryFile():binary()
   tester:eq(f:writeDouble(s), 3)
   tester:eq(f:_string(), string.pack('<ddd', 1.5, -2, 3e100))
   f:seek(1)
   local r = f:readDouble(3)
   tester:eq(torch.type(r), 'torch.DoubleStorage')
   tester:eq(r:totable(), { 1.5, -2, 3e100 })
   local into = torch.DoubleStorage(2)
   f:seek(1)
   tester:eq(f:readDouble(into), 2)
   tester:eq(into:totable(), { 1.5, -2 })
   tester:eq(errmsg(function() f:readInt(torch.DoubleStorage(1)) end),
             "bad argument #1 to 'readInt' (torch.IntStorage expected, got torch.DoubleStorage)")
end

function tests.ascii_layout_is_torch7s()
   local f = torch.MemoryFile()          -- ascii by default, as in Torch7
   tester:assert(not f:isBinary())
   f:writeInt(torch.IntStorage({ 1, -2, 3 }))
   f:writeDouble(0.1)
   f:writeFloat(0.1)
   f:writeChar(torch.CharStorage():string('ab'))
   tester:eq(f:_string(), '1 -2 3\n0.10000000000000001\n0.100000001\nab\n')
   f:seek(1)
   tester:eq(f:readInt(3):totable(), { 1, -2, 3 })
   tester:eq(f:readDouble(), 0.1)
   tester:eq(f:readFloat(), torch.FloatStorage({ 0.1 })[1])
   tester:eq(f:readChar(2):string(), 'ab')
   f:noAutoSpacing():seekEnd()
   f:writeInt(5); f:writeInt(6)
   tester:eq(f:_string():sub(-2), '56')
end

function tests.strings_and_formats()
   local f = torch.MemoryFile('line one\nline two\nrest')
   tester:eq(f:readString('*l'), 'line one')
   tester:eq(f:readString(4), 'line')
   tester:eq(f:readString('*a'), ' two\nrest')
   tester:eq(errmsg(function() f:readString('*x') end),
             "bad argument #1 to 'readString' (format must be '*a', '*l' or a number of bytes)")
   local w = torch.MemoryFile()
   tester:eq(w:writeString('hé\0x'), 5)
   tester:eq(w:_string(), 'hé\0x')
   tester:eq(w:storage():size(), 6)       -- Torch7: contents plus a NUL
   tester:eq(torch.MemoryFile(w:storage()):readString('*a'), 'hé\0x')
end

function tests.position_seek_errors_quiet()
   local f = torch.MemoryFile():binary()
   f:writeInt(1); f:writeInt(2)
   tester:eq(f:position(), 9)
   f:seek(5)
   tester:eq(f:readInt(), 2)
   tester:eq(errmsg(function() f:readInt() end),
             'readInt: read error: read 0 of 1 Int values (end of file)')
   tester:assert(f:hasError())
   f:clearError()
   tester:assert(not f:hasError())
   f:quiet()
   tester:eq(f:readInt(), nil)
   tester:assert(f:hasError())
   tester:eq(errmsg(function() f:pedantic():seek(100) end),
             'seek: unable to seek to position 100')
   tester:eq(errmsg(function() f:readDouble(1000) end),
             'readDouble: cannot read 1000 Double values: only 0 bytes left in the file')
   f:close()
   tester:eq(errmsg(function() f:readInt() end), 'readInt: attempt to use a closed file')
   tester:eq(errmsg(function() f:close() end), 'close: attempt to use a closed file')
   local r = torch.MemoryFile('abc', 'r')
   tester:eq(errmsg(function() r:writeInt(1) end), 'writeInt: attempt to write in a read-only file')
end

function tests.diskfile_modes_and_errors()
   local p = tmp('disk')
   local f = torch.DiskFile(p, 'w'):binary()
   f:writeLong(torch.LongStorage({ 5, 6, 7 }))
   tester:eq(f:name(), p)
   f:close()
   local g = torch.DiskFile(p):binary()
   tester:assert(g:isReadable() and not g:isWritable())
   tester:eq(g:readLong(3):totable(), { 5, 6, 7 })
   g:close()
   local rw = torch.DiskFile(p, 'rw'):binary()
   rw:seekEnd():writeLong(8)
   rw:seek(1)
   tester:eq(rw:readLong(4):totable(), { 5, 6, 7, 8 })
   rw:close()
   tester:assert(tostring(torch.DiskFile(p)):find("^torch.DiskFile '") ~= nil)
   tester:eq(errmsg(function() torch.DiskFile('/nonexistent/x', 'r') end),
             "DiskFile: cannot open '/nonexistent/x' in mode 'r' (No such file or directory)")
   tester:eq(torch.DiskFile('/nonexistent/x', 'r', true), nil)
   tester:eq(errmsg(function() torch.DiskFile(p, 'a') end),
             "bad argument #2 to 'DiskFile' (mode must be 'r', 'w' or 'rw')")
   tester:assert(torch.isTypeOf(torch.DiskFile(p), 'torch.File'))
   os.remove(p)
end

function tests.pipefile_reads_writes_and_survives_sigpipe()
   local p = torch.PipeFile('printf "12 34\\n"')
   tester:eq(p:readInt(2):totable(), { 12, 34 })
   p:close()
   local out = tmp('pipe')
   local w = torch.PipeFile('cat > ' .. out, 'w')
   w:writeString('hello')
   w:close()
   tester:eq(torch.DiskFile(out):readString('*a'), 'hello')
   os.remove(out)
   -- the reader exits at once: writes fail with an error, the process lives
   local dead = torch.PipeFile('true', 'w'):binary()
   os.execute('sleep 0.1')
   local ok, err = pcall(function()
      for _ = 1, 100 do dead:writeDouble(torch.DoubleStorage(100000)); dead:synchronize() end
   end)
   tester:assert(not ok)
   tester:assert(tostring(err):find('write error') ~= nil, tostring(err))
   tester:eq(errmsg(function() torch.PipeFile('true'):seek(1) end),
             'seek: cannot seek in a PipeFile')
end

-- From a pipe the size is unknown: a lying storage size fails after the
-- bytes that exist, having allocated at most one 1 MB chunk.
function tests.pipe_readobject_with_lying_sizes()
   local bad = (os.getenv('LANTERN_TEST_ROOT') or '.') .. '/tests/fixtures/malformed/'
   local p = torch.PipeFile("cat '" .. bad .. "t7_storage_size_huge.t7'"):binary()
   local before = collectgarbage('count')
   tester:eq(errmsg(function() return p:readObject() end),
             'readDouble: read error: read 1 of 4611686018427387904 Double values (end of file)')
   tester:assert(collectgarbage('count') - before < 4096, 'memory stayed bounded')
   p:close()
   local ok = torch.PipeFile("cat '" .. bad .. "../t7/shared.t7'"):binary():readObject()
   tester:assert(ok.self == ok)
end

-- every value type, both formats
local function sample()
   local t = torch.range(1, 12):view(3, 4)
   local obj = {
      1, 2.5, -7, 3.0, 'str', '', true, false, 1e300, -0.0, math.huge, -math.huge,
      big = math.maxinteger, small = math.mininteger, pos53 = 2 ^ 53 // 1,
      nested = { a = { b = { c = 'deep' } } },
      t = t, col = t:select(2, 2), tt = t:t(), empty = torch.Tensor(),
      bytes = torch.ByteTensor({ 0, 255 }), chars = torch.CharTensor({ -128, 127 }),
      shorts = torch.ShortTensor({ -32768 }), ints = torch.IntTensor({ 2 ^ 31 - 1 }),
      longs = torch.LongTensor({ math.mininteger }), floats = torch.FloatTensor({ 0.1 }),
      storage = torch.FloatStorage({ 1, 2 }),
      [20] = 'ten', [2.5] = 'float key', [true] = 'bool key',
   }
   obj.cycle = obj
   obj.t2 = t
   return obj
end

local function check_sample(b, mode)
   tester:eq(b[1], 1); tester:eq(math.type(b[1]), 'integer')
   tester:eq(b[2], 2.5); tester:eq(b[3], -7); tester:eq(math.type(b[3]), 'integer')
   tester:eq(math.type(b[4]), mode == 'ascii' and 'float' or 'integer')
   tester:eq(b[5], 'str'); tester:eq(b[6], ''); tester:eq(b[7], true); tester:eq(b[8], false)
   tester:eq(b[9], 1e300); tester:eq(1 / b[10], -math.huge)
   tester:eq(b[11], math.huge); tester:eq(b[12], -math.huge)
   tester:eq(b.big, math.maxinteger); tester:eq(b.small, math.mininteger)
   tester:eq(b.pos53, 2 ^ 53 // 1)
   tester:eq(b.nested.a.b.c, 'deep')
   tester:eq(b[20], 'ten'); tester:eq(b[2.5], 'float key'); tester:eq(b[true], 'bool key')
   tester:assert(b.cycle == b, 'cycle')
   tester:assert(b.t2 == b.t, 'shared tensor is one object')
   tester:eq(b.t, torch.range(1, 12):view(3, 4))
   tester:eq(b.tt, torch.range(1, 12):view(3, 4):t())
   b.t[1][2] = 100       -- views still share the storage
   tester:eq(b.col[1], 100); tester:eq(b.tt[2][1], 100)
   tester:eq(b.empty:dim(), 0)
   tester:eq(b.bytes:totable(), { 0, 255 }); tester:eq(b.chars:totable(), { -128, 127 })
   tester:eq(b.shorts[1], -32768); tester:eq(b.ints[1], 2 ^ 31 - 1)
   tester:eq(b.longs[1], math.mininteger)
   tester:eq(b.floats[1], torch.FloatTensor({ 0.1 })[1])
   tester:eq(torch.type(b.storage), 'torch.FloatStorage')
   tester:eq(b.storage:totable(), { 1, 2 })
end

function tests.roundtrip_every_type_binary_and_ascii()
   for _, mode in ipairs({ 'binary', 'ascii' }) do
      check_sample(torch.deserialize(torch.serialize(sample(), mode), mode), mode)
      local p = tmp('rt.t7')
      torch.save(p, sample(), mode)
      check_sample(torch.load(p, mode), mode)
      os.remove(p)
   end
end

function tests.tables_of_plain_entries_mixed_with_objects()
   -- plain entries are read in blocks in C until the first object; the
   -- Lua reader takes over there and the block reader resumes in the
   -- next table
   local shared = { 'shared' }
   local t = {}
   for i = 1, 500 do t[i] = i * 0.5 end
   t[501] = { 1, 2, { deep = true } }
   t[502] = shared
   for i = 503, 900 do t[i] = (i % 3 == 0) and ('s' .. i) or (i % 3 == 1) end
   t[901] = shared
   t[902] = torch.range(1, 4)
   t.name, t[''], t[-0.5] = 'x', '', 'neg'
   t.big, t.huge, t.nan, t.negzero, t.inf = 2 ^ 53 + 1, 2 ^ 60 // 1, 0 / 0, -0.0, math.huge
   for _, mode in ipairs({ 'binary', 'ascii' }) do
      local path = tmp('mixed-' .. mode)
      torch.save(path, t, mode)
      local r = torch.load(path, mode)
      os.remove(path)
      local bad = 0
      for i = 1, 500 do if r[i] ~= i * 0.5 then bad = bad + 1 end end
      for i = 503, 900 do if r[i] ~= t[i] then bad = bad + 1 end end
      tester:eq(bad, 0, 'plain entries ' .. mode)
      tester:eq(r[501], t[501], 'nested table ' .. mode)
      tester:assert(r[502] == r[901] and r[502][1] == 'shared', 'shared reference ' .. mode)
      tester:eq(r[902], torch.range(1, 4), 'tensor ' .. mode)
      tester:eq({ r.name, r[''], r[-0.5], r.big, r.huge, r.inf },
                { 'x', '', 'neg', 2 ^ 53 + 1, 2 ^ 60 // 1, math.huge }, 'keys and values ' .. mode)
      tester:assert(r.nan ~= r.nan, 'NaN value ' .. mode)
      tester:assert(math.type(r.negzero) == 'float' and 1 / r.negzero == -math.huge,
                    '-0.0 stays a float ' .. mode)
      if mode == 'binary' then
         tester:eq(math.type(r[2]), 'integer', 'whole numbers load as integers ' .. mode)
      end
      local count = 0
      for _ in pairs(r) do count = count + 1 end
      tester:eq(count, 902 + 8, 'no extra entries ' .. mode)
   end
   -- the same through a MemoryFile
   local f = torch.MemoryFile():binary()
   f:writeObject(t)
   f:seek(1)
   local r = f:readObject()
   tester:eq(r[700], t[700], 'MemoryFile')
   tester:assert(r[502] == r[901], 'MemoryFile: shared reference')
end

function tests.number_and_string_bytes_match_torch7()
   tester:eq(torch.serialize(2.5), string.pack('<id', 1, 2.5))
   tester:eq(torch.serialize('ab'), string.pack('<ii', 2, 2) .. 'ab')
   tester:eq(torch.serialize(true), string.pack('<ii', 5, 1))
   tester:eq(torch.serialize(nil), string.pack('<i', 0))
   tester:eq(torch.serialize({ 7 }), string.pack('<iiiidid', 3, 1, 1, 1, 1, 1, 7))
   tester:eq(torch.serialize(2.5, 'ascii'), '1\n2.5\n')
   tester:eq(torch.serialize(3, 'ascii'), '1\n3\n')
   tester:eq(torch.serialize(3.0, 'ascii'), '1\n3.0\n')
   tester:eq(torch.serialize('ab', 'ascii'), '2\n2\nab\n')
   -- a tensor: class header, then ndim, sizes, strides, offset, storage
   local s = torch.serialize(torch.DoubleTensor({ 1, 2 }))
   local expect = string.pack('<iii', 4, 1, 3) .. 'V 1' .. string.pack('<i', 18)
      .. 'torch.DoubleTensor' .. string.pack('<illl', 1, 2, 1, 1)
      .. string.pack('<iii', 4, 2, 3) .. 'V 1' .. string.pack('<i', 19) .. 'torch.DoubleStorage'
      .. string.pack('<ldd', 2, 1, 2)
   tester:eq(s, expect)
end

function tests.referenced_false_writes_copies()
   local t = torch.Tensor(2)
   local s = torch.serialize({ t, t })
   local b = torch.deserialize(s)
   tester:assert(b[1] == b[2])
   local f = torch.MemoryFile():binary():referenced(false)
   tester:assert(not f:isReferenced())
   f:writeObject({ t, t })
   local c = torch.deserialize(f:_string(), 'binary', { referenced = false })
   tester:assert(c[1] ~= c[2])
   tester:eq(c[1]:size(1), 2)
end

function tests.classes_registered_with_torch_class()
   local Point = torch.class('ftest.Point')
   function Point:__init(x, y) self.x, self.y = x, y end
   function Point:norm2() return self.x * self.x + self.y * self.y end
   local p = ftest.Point(3, 4)
   local q = torch.deserialize(torch.serialize({ p, p }))
   tester:eq(torch.type(q[1]), 'ftest.Point')
   tester:eq(q[1]:norm2(), 25)
   tester:assert(q[1] == q[2])
   -- read/write methods are honoured
   local Custom = torch.class('ftest.Custom')
   function Custom:__init(v) self.v = v end
   function Custom:write(f) f:writeInt(self.v * 2) end
   function Custom:read(f, version) self.v = f:readInt() / 2; self.version = version end
   local c = torch.deserialize(torch.serialize(ftest.Custom(21)))
   tester:eq(c.v, 21); tester:eq(c.version, 1)
   -- unknown class: a clear error naming it
   local s = torch.serialize(ftest.Point(1, 2)):gsub('ftest%.Point', 'ftest.Ghost')
   tester:eq(errmsg(torch.deserialize, s),
             'torch.deserialize: unknown Torch class <ftest.Ghost> (only classes registered '
             .. 'with torch.class load; require the package defining it first) (at byte 30)')
   -- C types that are not data are never instantiated
   local s2 = torch.serialize(ftest.Point(1, 2)):gsub(string.pack('<i', 11) .. 'ftest%.Point',
                                                      string.pack('<i', 14) .. 'torch.DiskFile')
   tester:assert(errmsg(torch.deserialize, s2):find('unknown Torch class <torch.DiskFile>', 1, true) ~= nil)
end

function tests.functions_refused_unless_allowed()
   local up = 10
   local fn = function(x) return x + up end
   local s = torch.serialize({ f = fn })
   tester:eq(errmsg(torch.deserialize, s),
             'torch.deserialize: file contains a Lua function (type tag 8); loading functions '
             .. 'runs code from the file: pass {allowFunctions=true} to torch.load only for '
             .. 'trusted files (at byte 29)')
   local t = torch.deserialize(s, 'binary', { allowFunctions = true })
   tester:eq(t.f(1), 11)
   local p = tmp('fn.t7')
   torch.save(p, fn)
   tester:assert(errmsg(torch.load, p):find('file contains a Lua function', 1, true) ~= nil)
   tester:eq(torch.load(p, 'binary', { allowFunctions = true })(5), 15)
   os.remove(p)
   tester:eq(errmsg(torch.load, p, 'binary', { allowfunctions = true }),
             "bad argument #3 to 'load' (unknown option 'allowfunctions')")
   tester:eq(errmsg(torch.save, p, {}, 'text'),
             "bad argument #2 to 'save' ('binary' or 'ascii' expected, got text)")
   tester:eq(errmsg(torch.save, p, { io.stdout }),
             'torch.save: cannot write a userdata (at <object>.1)')
   tester:eq(io.open(p), nil)        -- the failed save left nothing behind
end

function tests.save_is_atomic_on_error()
   local p = tmp('atomic.t7')
   torch.save(p, { gen = 1 })
   local bad = { ok = 1, later = { coroutine.create(function() end) } }
   tester:assert(not pcall(torch.save, p, bad))
   tester:eq(torch.load(p).gen, 1)
   -- no temporary file is left beside it
   local dir, base = p:match('^(.*)/([^/]*)$')
   local ls = io.popen('ls -a ' .. dir):read('a')
   tester:assert(not ls:find('.' .. base .. '.tmp-', 1, true), 'temporary file left')
   os.remove(p)
end

-- A child process saves in a loop and is killed with SIGKILL at several
-- moments: the file always holds one complete save (old or new).
function tests.save_is_atomic_under_sigkill()
   local p = tmp('kill.t7')
   torch.save(p, { gen = 0, data = torch.Tensor(300000):fill(0) })
   local script = tmp('kill.lua')
   local fh = io.open(script, 'w')
   fh:write(string.format([[
for i = 1, 1e9 do
   torch.save(%q, { gen = i, data = torch.Tensor(300000):fill(i) })
end
]], p))
   fh:close()
   local seen = {}
   for _, delay in ipairs({ '0.2', '0.35', '0.5', '0.7' }) do
      os.execute(string.format('exec 2>/dev/null; timeout -s KILL %s %s %s', delay, LANTERN, script))
      local obj = torch.load(p)
      tester:eq(obj.data:size(1), 300000)
      tester:eq(obj.data:min(), obj.gen)
      tester:eq(obj.data:max(), obj.gen)
      seen[#seen + 1] = obj.gen
   end
   tester:assert(seen[#seen] > 0, 'the child never completed a save')
   os.remove(script)
   os.remove(p)
   os.execute(string.format("rm -f '%s'/.%s.tmp-*", p:match('^(.*)/'), p:match('([^/]*)$')))
end

function tests.save_keeps_the_file_mode()
   local p = tmp('mode.t7')
   torch.save(p, 1)
   os.execute("chmod 640 '" .. p .. "'")
   torch.save(p, 2)
   tester:eq(io.popen("stat -c %a '" .. p .. "'"):read('l'), '640')
   tester:eq(torch.load(p), 2)
   os.remove(p)
end

function tests.save_errors_name_the_problem()
   tester:eq(errmsg(torch.save, '/nonexistent/dir/x.t7', 1),
             "torch.save: cannot open '/nonexistent/dir/x.t7' for writing (No such file or "
             .. 'directory)')
   local dir = tmp('dir.t7')
   os.execute("mkdir -p '" .. dir .. "'")
   tester:eq(errmsg(torch.save, dir, 1),
             "torch.save: saving '" .. dir .. "' failed at rename (Is a directory); the "
             .. 'previous file is unchanged')
   tester:eq(errmsg(torch.savenpy, dir, torch.Tensor(1)),
             "torch.savenpy: saving '" .. dir .. "' failed at rename (Is a directory); the "
             .. 'previous file is unchanged')
   os.execute("rm -rf '" .. dir .. "'")
   local f = torch.MemoryFile()
   tester:eq(f:longSize(8), f)
   tester:eq(errmsg(function() f:longSize(4) end),
             "bad argument #1 to 'longSize' (only 8-byte longs are supported (0 or 8))")
end

function tests.help_covers_the_public_functions()
   local doc = dofile((os.getenv('LANTERN_TEST_ROOT') or '.') .. '/lualib/torch/doc/file.lua')
   local f = torch.MemoryFile()
   for name, entry in pairs(doc) do
      tester:assert(type(entry.sig) == 'string' and type(entry.text) == 'string', name)
      local method = name:match('^torch%.File%.(.*)$')
      if method then
         tester:assert(type(f[method]) == 'function', name)
      else
         tester:assert(torch[name:match('^torch%.(.*)$')] ~= nil, name)
      end
   end
   for _, fn in ipairs({ 'save', 'load', 'serialize', 'deserialize', 'loadnpy', 'savenpy',
                         'loadsafetensors', 'savesafetensors', 'DiskFile', 'MemoryFile',
                         'PipeFile', 'pointer' }) do
      tester:assert(doc['torch.' .. fn] ~= nil, 'no help for torch.' .. fn)
   end
end

function tests.load_errors()
   local p = tmp('asc.t7')
   torch.save(p, { 1 }, 'ascii')
   tester:eq(errmsg(torch.load, p),
             "torch.load: '" .. p .. "': unknown type tag 170986035 (the bytes are text: is "
             .. "this an ascii file? load it with 'ascii') (at byte 4)")
   tester:eq(torch.load(p, 'ascii'), { 1 })
   os.remove(p)
   tester:eq(errmsg(torch.load, '/nonexistent.t7'),
             "torch.load: cannot open '/nonexistent.t7' in mode 'r' (No such file or directory)")
   tester:eq(errmsg(torch.load, 5), "bad argument #1 to 'load' (file name expected, got number)")
   tester:eq(errmsg(torch.deserialize, {}),
             "bad argument #1 to 'deserialize' (string expected, got table)")
end

function tests.large_tensor_speed()
   local t = torch.randn(2000, 1000)
   local p = tmp('big.t7')
   local timer = torch.Timer()
   torch.save(p, t)
   local u = torch.load(p)
   local secs = timer:time().real
   tester:assert(u:equal(t))
   tester:assert(secs < 2, 'save+load of 16 MB took ' .. secs .. ' s')
   os.remove(p)
end

tester:add(tests)
tester:run()
