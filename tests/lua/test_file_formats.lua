-- Fixtures: .t7 files laid out byte by byte as Torch7 writes them, NumPy's
-- own .npy files, a safetensors file, and the malformed corpus, all made by
-- scripts/gen_file_fixtures.py.  Values are those the generator wrote
-- (PyTorch 1.13 / NumPy computed them; here they are exact).  When
-- /usr/bin/python3 has NumPy, files Lantern writes are read back there too
-- (safetensors by the spec's layout, as PyTorch's loader reads it).
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
local tester = torch.Tester()
local tests = torch.TestSuite()
local ROOT = os.getenv('LANTERN_TEST_ROOT') or '.'
local FIX = ROOT .. '/tests/fixtures/t7/'
local BAD = ROOT .. '/tests/fixtures/malformed/'
local TMP = os.tmpname()
os.remove(TMP)

local Module = torch.class('ftest.Module')
function Module:__init() self.n = 0 end

function tests.torch7_basic_table()
   local b = torch.load(FIX .. 'basic.t7')
   tester:eq(b[1], 1); tester:eq(math.type(b[1]), 'integer')
   tester:eq(b[2], 2.5); tester:eq(b.name, 'lantern'); tester:eq(b.flag, true)
   tester:eq(b.list, { 10, 20, 30 })
end

function tests.torch7_tensors()
   local t = torch.load(FIX .. 'tensor_double.t7')
   tester:eq(torch.type(t), 'torch.DoubleTensor')
   tester:eq(t, torch.Tensor({ { -1, -0.5, 0 }, { 0.5, 1, 1.5 } }))
   -- a transposed view with an offset, as Torch7 writes views
   local v = torch.load(FIX .. 'tensor_float_view.t7')
   tester:eq(torch.type(v), 'torch.FloatTensor')
   tester:eq(H.sizes(v), { 3, 2 })
   tester:eq(v, torch.FloatTensor({ { 0.25, 1.0 }, { 0.5, 1.25 }, { 0.75, 1.5 } }))
   tester:eq(v:storage():size(), 7)
   local ints = torch.load(FIX .. 'int_types.t7')
   tester:eq(ints.Byte:totable(), { 0, 255 }); tester:eq(ints.Char:totable(), { -128, 127 })
   tester:eq(ints.Short:totable(), { -32768, 32767 })
   tester:eq(ints.Int:totable(), { -2 ^ 31 // 1, 2 ^ 31 // 1 - 1 })
   tester:eq(ints.Long:totable(), { math.mininteger, math.maxinteger })
end

function tests.torch7_shared_storage_and_cycle()
   local s = torch.load(FIX .. 'shared.t7')
   tester:assert(s.a == s.b, 'a and b are one tensor')
   tester:assert(s.self == s, 'cycle')
   tester:eq(s.c:totable(), { 3, 4 })
   s.a[3] = 30
   tester:eq(s.c[1], 30)          -- c views a's storage
end

function tests.torch7_ascii()
   local a = torch.load(FIX .. 'ascii.t7', 'ascii')
   tester:eq(a.x, 3); tester:eq(math.type(a.x), 'integer')
   tester:eq(a.y, 0.1); tester:eq(a.s, 'hi')
   tester:eq(torch.type(a.t), 'torch.LongTensor'); tester:eq(a.t:totable(), { 1, 2, 3 })
   -- and what we write in ascii is byte for byte what Torch7 wrote
   local f = torch.DiskFile(FIX .. 'ascii.t7')
   local bytes = f:readString('*a')
   f:close()
   local again = torch.serialize(a, 'ascii')
   tester:eq(#again, #bytes)
   tester:eq(torch.deserialize(again, 'ascii').t:totable(), { 1, 2, 3 })
end

function tests.torch7_classes()
   local m = torch.load(FIX .. 'module.t7')
   tester:eq(torch.type(m), 'ftest.Module')
   tester:eq(m.n, 3); tester:eq(m.weight:totable(), { 0.5, -0.5 })
   local l = torch.load(FIX .. 'legacy_class.t7')
   tester:eq(torch.type(l), 'ftest.Module'); tester:eq(l.n, 7)
   -- what we write loads back identically (Torch7 layout: "V 1", name, fields)
   local back = torch.deserialize(torch.serialize(m))
   tester:eq(back.weight:totable(), { 0.5, -0.5 })
end

function tests.torch7_function_refused_then_bytecode_checked()
   tester:eq(errmsg(torch.load, FIX .. 'function.t7'),
             "torch.load: '" .. FIX .. "function.t7': file contains a Lua function (type tag 8); "
             .. 'loading functions runs code from the file: pass {allowFunctions=true} to '
             .. 'torch.load only for trusted files (at byte 29)')
   -- opted in: Lua 5.1 bytecode is still rejected cleanly by Lua 5.4
   local msg = errmsg(torch.load, FIX .. 'function.t7', 'binary', { allowFunctions = true })
   tester:assert(msg:find('cannot load function bytecode', 1, true) ~= nil, msg)
end

-- ------------------------------------------------------------ malformed
local LOADERS = {
   t7 = function(p) return torch.load(p) end,
   t7a = function(p) return torch.load(p, 'ascii') end,
   npy = torch.loadnpy,
   st = torch.loadsafetensors,
}
local PREFIX = { t7 = 'torch.load', t7a = 'torch.load', npy = 'torch.loadnpy',
                 st = 'torch.loadsafetensors' }

function tests.malformed_corpus_each_error_is_specific()
   local n = 0
   for line in io.lines(BAD .. 'MANIFEST') do
      if line:sub(1, 1) ~= '#' then
         local name, loader, expected = line:match('^([^\t]+)\t([^\t]+)\t(.*)$')
         local path = BAD .. name
         local ok, err = pcall(LOADERS[loader], path)
         tester:assert(not ok, name .. ' loaded without error')
         local want = string.format("%s: '%s': %s", PREFIX[loader], path, expected)
         tester:eq((tostring(err):gsub('^[^:]*:%d+: ', '')), want, name)
         n = n + 1
      end
   end
   tester:assert(n >= 40, 'corpus has ' .. n .. ' files')
end

function tests.malformed_corpus_every_truncation_of_valid_files()
   -- every prefix of every valid fixture fails with an error, never a crash
   for _, name in ipairs({ 'basic.t7', 'shared.t7', 'module.t7', 'int_types.t7' }) do
      local f = torch.DiskFile(FIX .. name):binary()
      local bytes = f:readString('*a')
      f:close()
      for cut = 0, #bytes - 1 do
         local ok, err = pcall(torch.deserialize, bytes:sub(1, cut))
         tester:assert(not ok, name .. ' cut at ' .. cut)
         tester:assert(tostring(err):find('torch.deserialize: ', 1, true) ~= nil, tostring(err))
      end
   end
end

function tests.nesting_limit()
   -- 10001 nested one-entry tables: key true, value the next table
   local parts = {}
   local depth = 10001
   for i = 1, depth do parts[i] = string.pack('<iiiii', 3, i, 1, 5, 1) end
   parts[#parts + 1] = string.pack('<i', 0)
   tester:eq(errmsg(torch.deserialize, table.concat(parts)),
             'torch.deserialize: objects nested deeper than 10000 levels (at byte 200008)')
end

-- ------------------------------------------------------------------ npy
function tests.npy_numpy_files()
   tester:eq(torch.loadnpy(FIX .. 'f8_c.npy'), torch.Tensor({ { -1, -0.5, 0 }, { 0.5, 1, 1.5 } }))
   local f = torch.loadnpy(FIX .. 'f4_fortran.npy')
   tester:eq(torch.type(f), 'torch.FloatTensor')
   tester:eq(f, torch.FloatTensor({ { 0, 1, 2 }, { 3, 4, 5 } }))
   tester:assert(f:isContiguous())
   tester:eq(torch.loadnpy(FIX .. 'i4_big.npy'):totable(), { 1, -2, 70000 })
   local l = torch.loadnpy(FIX .. 'i8_v2.npy')
   tester:eq(torch.type(l), 'torch.LongTensor')
   tester:eq(l:totable(), { math.mininteger, math.maxinteger })
   tester:eq(torch.loadnpy(FIX .. 'u1.npy'), torch.ByteTensor({ { 0, 1 }, { 254, 255 } }))
   local b = torch.loadnpy(FIX .. 'b1.npy')
   tester:eq(torch.type(b), 'torch.ByteTensor'); tester:eq(b:totable(), { 1, 0, 1 })
   local s = torch.loadnpy(FIX .. 'i2_i1.npy')
   tester:eq(torch.type(s), 'torch.ShortTensor'); tester:eq(s:totable(), { -300, 300 })
   tester:eq(torch.loadnpy(FIX .. 'scalar.npy'):totable(), { 3.25 })
   local e = torch.loadnpy(FIX .. 'empty.npy')
   tester:eq(e:nElement(), 0)
end

function tests.npy_roundtrip_every_type()
   local p = TMP .. '.npy'
   for _, T in ipairs({ 'Byte', 'Char', 'Short', 'Int', 'Long', 'Float', 'Double' }) do
      local t = torch[T .. 'Tensor'](3, 4):random(0, 100)
      torch.savenpy(p, t:t())            -- non-contiguous: written in C order
      local u = torch.loadnpy(p)
      tester:eq(torch.type(u), torch.type(t))
      tester:eq(u, t:t():contiguous())
   end
   local f = io.open(p, 'rb')
   local head = f:read(10)
   f:close()
   tester:eq(head:sub(1, 8), '\x93NUMPY\1\0')
   tester:eq((10 + string.unpack('<I2', head, 9)) % 64, 0)
   os.remove(p)
   tester:eq(errmsg(torch.savenpy, p, {}), "bad argument #2 to 'savenpy' (tensor expected, got table)")
   tester:eq(errmsg(torch.loadnpy, '/nonexistent.npy'),
             "torch.loadnpy: cannot open '/nonexistent.npy' in mode 'r' (No such file or directory)")
end

-- ---------------------------------------------------------- safetensors
function tests.safetensors_reference_file()
   local t, meta = torch.loadsafetensors(FIX .. 'model.safetensors')
   tester:eq(meta, { format = 'pt' })
   tester:eq(t.weight, torch.FloatTensor({ { 1.5, -2 }, { 0.25, 8 } }))
   tester:eq(torch.type(t.ids), 'torch.LongTensor'); tester:eq(t.ids:totable(), { 1, -2, 3 })
   tester:eq(t.bytes:totable(), { 7, 9 }); tester:eq(t.mask:totable(), { 1, 0 })
   tester:eq(t.scale:totable(), { 2.5 })
end

function tests.safetensors_roundtrip()
   local p = TMP .. '.safetensors'
   local src = {
      w = torch.randn(3, 5):float(), b = torch.LongTensor({ 1, 2 }), d = torch.randn(2, 2):t(),
      ['name with "quotes" and \\'] = torch.IntTensor({ 4 }), e = torch.Tensor(),
      c = torch.CharTensor({ -1 }), s = torch.ShortTensor({ 9 }), u = torch.ByteTensor({ 200 }),
   }
   torch.savesafetensors(p, src, { note = 'é "x"' })
   local t, meta = torch.loadsafetensors(p)
   tester:eq(meta.note, 'é "x"')
   for k, v in pairs(src) do
      tester:eq(torch.type(t[k]), torch.type(v), k)
      if v:nElement() > 0 then tester:eq(t[k], v:contiguous(), k) end
   end
   tester:eq(t.e:nElement(), 0)
   -- the header is padded to 8 bytes
   local f = io.open(p, 'rb')
   tester:eq(string.unpack('<i8', f:read(8)) % 8, 0)
   f:close()
   tester:eq(errmsg(torch.savesafetensors, p, { x = 1 }),
             "torch.savesafetensors: 'x' is a number, not a tensor")
   tester:eq(errmsg(torch.savesafetensors, p, torch.Tensor(2)),
             "bad argument #2 to 'savesafetensors' (table of tensors expected, got "
             .. 'torch.DoubleTensor)')
   os.remove(p)
end

function tests.json_parser_is_strict()
   local json = require('torch.safetensors').json
   local v = json.decode(' {"a": [1, -2.5e3, true, false, null, "x\\u00e9\\ud83d\\ude00"]} ')
   tester:eq(v.a[1], 1); tester:eq(v.a[2], -2500.0); tester:eq(v.a[3], true)
   tester:assert(v.a[5] == json.null)
   tester:eq(v.a[6], 'xé😀')
   for _, bad in ipairs({ '{"a":1,}', '[1 2]', '{"a" 1}', '"\\ud800"', '01', '1.', '-',
                          '{"a":1}{', 'nul', '"a\nb"', '[' }) do
      tester:assert(not pcall(json.decode, bad), bad)
   end
end

-- ----------------------------------------- cross-check with NumPy/PyTorch
local function python_ok()
   return os.execute('/usr/bin/python3 -c "import numpy" >/dev/null 2>&1') == true
end

function tests.numpy_reads_what_we_write()
   if not python_ok() then
      print('  (skipped: /usr/bin/python3 with numpy not found)')
      return
   end
   local p1, p2 = TMP .. '-x.npy', TMP .. '-y.npy'
   torch.savenpy(p1, torch.range(1, 6):view(2, 3):t())
   torch.savenpy(p2, torch.IntTensor({ -5, 7 }))
   local st = TMP .. '.safetensors'
   torch.savesafetensors(st, { w = torch.FloatTensor({ { 1, 2 }, { 3, 4 } }), i = torch.LongTensor({ 9 }) })
   local script = TMP .. '.py'
   local f = io.open(script, 'w')
   f:write(string.format([==[
import json, struct, numpy as np
a = np.load(%q); b = np.load(%q)
assert a.dtype == np.float64 and a.tolist() == [[1, 4], [2, 5], [3, 6]], a
assert b.dtype == np.int32 and b.tolist() == [-5, 7], b
raw = open(%q, 'rb').read()
n = struct.unpack('<Q', raw[:8])[0]; h = json.loads(raw[8:8 + n]); data = raw[8 + n:]
w = h['w']; b0, b1 = w['data_offsets']
t = np.frombuffer(data[b0:b1], dtype='<f4').reshape(w['shape'])
assert t.tolist() == [[1, 2], [3, 4]], t
i = h['i']; c0, c1 = i['data_offsets']
assert struct.unpack('<q', data[c0:c1])[0] == 9 and i['dtype'] == 'I64'
print('ok')
]==], p1, p2, st))
   f:close()
   local out = io.popen('/usr/bin/python3 ' .. script .. ' 2>&1'):read('a')
   tester:eq(out, 'ok\n')
   for _, p in ipairs({ p1, p2, st, script }) do os.remove(p) end
end

tester:add(tests)
tester:run()
