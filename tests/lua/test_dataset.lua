-- torch.readidx (l_idx.c) and the dataset module: IDX types, gzip and plain
-- files, malformed files, the Fashion-MNIST/MNIST loaders, normalize and the
-- batch iterator.  Fixtures: tests/fixtures/idx (scripts/make_idx_fixtures.py).
local H = require 'tests.lua.helpers'
local dataset = require 'dataset'
local errmsg = H.errmsg
local tester = torch.Tester()
local tests = torch.TestSuite()

local root = os.getenv('LANTERN_TEST_ROOT') or '.'
local FIX = root .. '/tests/fixtures/idx/'

-- ---------------------------------------------------------------- readidx
function tests.readidx_u8_plain_and_gzip()
   for _, name in ipairs({ 'u8.idx', 'u8.idx.gz' }) do
      local t = torch.readidx(FIX .. name)
      tester:eq(torch.type(t), 'torch.ByteTensor', name)
      tester:eq(H.sizes(t), { 2, 3, 4 }, name)
      tester:eq(t[1][1][1], 0)
      tester:eq(t[1][2][3], 6)
      tester:eq(t[2][3][4], 23)
      tester:eq(t:sum(), 276, name .. ': 0 + 1 + ... + 23')
   end
end

function tests.readidx_types_and_byte_order()
   local i8 = torch.readidx(FIX .. 'i8.idx')
   tester:eq(torch.type(i8), 'torch.CharTensor')
   tester:eq(i8:totable(), { -128, -1, 0, 127 })
   local i16 = torch.readidx(FIX .. 'i16.idx')
   tester:eq(torch.type(i16), 'torch.ShortTensor')
   tester:eq(i16:totable(), { { -32768, -2 }, { 300, 32767 } })
   local i32 = torch.readidx(FIX .. 'i32.idx.gz')
   tester:eq(torch.type(i32), 'torch.IntTensor')
   tester:eq(i32:totable(), { -2147483648, 65536, 2147483647 })
   local f32 = torch.readidx(FIX .. 'f32.idx')
   tester:eq(torch.type(f32), 'torch.FloatTensor')
   tester:eq(f32:totable(), { 1.5, -0.25 })
   local f64 = torch.readidx(FIX .. 'f64.idx')
   tester:eq(torch.type(f64), 'torch.DoubleTensor')
   tester:eq(f64:totable(), { { 0.1, -1e300 } }, 'bit-exact doubles')
   local e = torch.readidx(FIX .. 'empty.idx')
   tester:eq(H.sizes(e), { 0, 28 })
   tester:eq(e:nElement(), 0)
end

function tests.readidx_errors()
   local function msg(name) return errmsg(torch.readidx, FIX .. name) end
   local p = FIX
   tester:eq(msg('truncated.idx'), "readidx: '" .. p .. "truncated.idx' is truncated: the " ..
             "header promises 24 bytes of data, the file holds 19")
   tester:assert(msg('truncated.idx.gz'):find("^readidx: '" .. p:gsub('%p', '%%%0') ..
                 "truncated.idx.gz' is truncated") ~= nil, msg('truncated.idx.gz'))
   tester:eq(msg('trailing.idx'), "readidx: '" .. p .. "trailing.idx' has 2 bytes after the " ..
             "data its header describes")
   tester:eq(msg('badmagic.idx'), "readidx: '" .. p .. "badmagic.idx' is not an IDX file " ..
             "(bad magic 12 34 08 03)")
   tester:eq(msg('badtype.idx'), "readidx: '" .. p .. "badtype.idx': unknown IDX element " ..
             "type 0x0a")
   tester:eq(msg('nodims.idx'), "readidx: '" .. p .. "nodims.idx': IDX header has 0 " ..
             "dimensions (expected 1 to 25)")
   tester:eq(msg('shortheader.idx'), "readidx: '" .. p .. "shortheader.idx' is truncated: " ..
             "its header lists 3 dimensions but the file ends after 1 of them")
   tester:eq(msg('tiny.idx'), "readidx: '" .. p .. "tiny.idx' is not an IDX file (only 2 bytes)")
   tester:eq(msg('overflow.idx'), "readidx: '" .. p .. "overflow.idx': IDX sizes overflow " ..
             "(dimension 2 has size 4294967295)")
   tester:eq(msg('huge.idx.gz'), "readidx: '" .. p .. "huge.idx.gz' is truncated or corrupt: " ..
             "the header promises 4294967295 bytes of data, more than 29 compressed bytes can hold")
   tester:eq(msg('missing.idx'), "readidx: cannot open '" .. p .. "missing.idx': No such file " ..
             "or directory")
   tester:eq(errmsg(torch.readidx, FIX .. 'mini'), "readidx: '" .. p .. "mini' is not a " ..
             "regular file")
   tester:eq(errmsg(torch.readidx), "bad argument #1 to 'torch.readidx' (string expected, got no value)")
end

-- Every prefix of a good file, plain and gzipped, and random bytes: always
-- a clean error (or, for the whole file, the tensor), never a crash.
function tests.readidx_cut_anywhere_and_garbage()
   local tmp = os.tmpname()
   for _, name in ipairs({ 'u8.idx', 'u8.idx.gz', 'i32.idx.gz' }) do
      local f = io.open(FIX .. name, 'rb')
      local whole = f:read('a')
      f:close()
      for len = 0, #whole - 1 do
         local g = io.open(tmp, 'wb')
         g:write(whole:sub(1, len))
         g:close()
         local ok, err = pcall(torch.readidx, tmp)
         tester:assert(not ok and tostring(err):find('^readidx: ') ~= nil,
                       name .. ' cut at ' .. len .. ': ' .. tostring(err))
      end
   end
   -- a flipped bit anywhere after the gzip header: the CRC or the length
   -- catches it, unless it fell in the padding after the last code (the
   -- data are then intact: the same tensor)
   local good = torch.readidx(FIX .. 'u8.idx.gz')
   local f = io.open(FIX .. 'u8.idx.gz', 'rb')
   local whole = f:read('a')
   f:close()
   for pos = 11, #whole do
      local b = whole:byte(pos) ~ 0x10
      local g = io.open(tmp, 'wb')
      g:write(whole:sub(1, pos - 1), string.char(b), whole:sub(pos + 1))
      g:close()
      local ok, res = pcall(torch.readidx, tmp)
      tester:assert(ok and res:equal(good) or not ok and tostring(res):find('^readidx: ') ~= nil,
                    'bit flipped at byte ' .. pos .. ': ' .. tostring(res))
   end
   torch.manualSeed(1)
   for trial = 1, 200 do
      local n = trial % 40
      local bytes = {}
      for i = 1, n do bytes[i] = string.char(math.floor(torch.uniform(0, 256))) end
      if trial % 2 == 0 and n >= 4 then   -- a plausible magic, random sizes after it
         bytes[1], bytes[2], bytes[3], bytes[4] = '\0', '\0', '\8', string.char(trial % 4 + 1)
      end
      local g = io.open(tmp, 'wb')
      g:write(table.concat(bytes))
      g:close()
      local ok, res = pcall(torch.readidx, tmp)
      tester:assert(ok and torch.isTensor(res) or tostring(res):find('^readidx: ') ~= nil,
                    'random file ' .. trial .. ': ' .. tostring(res))
   end
   os.remove(tmp)
end

-- ----------------------------------------------------------- fashionmnist
function tests.fashionmnist_from_a_directory()
   local tr = dataset.fashionmnist('train', FIX .. 'mini')
   tester:eq(torch.type(tr.data), 'torch.ByteTensor')
   tester:eq(H.sizes(tr.data), { 3, 28, 28 })
   tester:eq(torch.type(tr.labels), 'torch.LongTensor')
   tester:eq(tr.labels:totable(), { 10, 1, 4 }, 'file labels 9 0 3 become 1-based ids')
   tester:eq(tr.label, tr.labels, 'label: the mnist package name')
   tester:eq(tr.size, 3)
   tester:eq(tr.classes[tr.labels[1]], 'Ankle boot')
   tester:eq(tr.classes[1], 'T-shirt/top')
   tester:eq(#tr.classes, 10)
   tester:eq(tr.data[2][1][1], 7, 'image i, pixel k holds (7i + k) mod 256 (0-based)')
   tester:eq(tr.data[3][28][28], (2 * 7 + 783) % 256)
   local te = dataset.fashionmnist('test', FIX .. 'mini')
   tester:eq(te.size, 2)
   tester:eq(te.labels:totable(), { 2, 9 })
   tester:eq(dataset.fashionmnist(nil, FIX .. 'mini').size, 3, 'the default split is train')
   tr.classes[1] = 'changed'
   tester:eq(dataset.fashionmnist_classes[1], 'T-shirt/top', 'each set gets its own class list')
end

function tests.fashionmnist_environment_variable()
   -- the variable is read at call time: run a child process with it set
   local cmd = string.format("LANTERN_FASHION_MNIST='%smini' '%s' -e \"local d = require " ..
                             "'dataset'; io.write(d.fashionmnist('test').size)\" 2>&1",
                             FIX, arg and arg[-1] or 'build/lantern')
   local p = io.popen(cmd)
   local out = p:read('a')
   p:close()
   tester:eq(out, '2')
end

function tests.fashionmnist_errors()
   tester:eq(errmsg(dataset.fashionmnist, 'train', FIX .. 'nothere'),
             "fashionmnist: cannot find train-images-idx3-ubyte(.gz) in " .. FIX .. "nothere; " ..
             "install the Debian package dataset-fashion-mnist (apt-get install " ..
             "dataset-fashion-mnist), or set LANTERN_FASHION_MNIST to a directory holding the " ..
             "IDX files")
   tester:eq(errmsg(dataset.fashionmnist, 'val'),
             "bad argument #1 to 'fashionmnist' (expected 'train' or 'test', got 'val')")
   tester:eq(errmsg(dataset.fashionmnist, 3),
             "bad argument #1 to 'fashionmnist' (expected 'train' or 'test', got number)")
   tester:eq(errmsg(dataset.fashionmnist, 'train', 5),
             "bad argument #2 to 'fashionmnist' (directory expected, got number)")
   tester:eq(errmsg(dataset.fashionmnist, 'train', FIX .. 'bad'),
             "fashionmnist: " .. FIX .. "bad/train-images-idx3-ubyte has 2 images but " .. FIX ..
             "bad/train-labels-idx1-ubyte has 3 labels")
   tester:eq(errmsg(dataset.fashionmnist, 'test', FIX .. 'bad'),
             "fashionmnist: " .. FIX .. "bad/t10k-labels-idx1-ubyte holds label 10, expected 0 to 9")
end

function tests.mnist_loader()
   local tr = dataset.mnist('train', FIX .. 'mini')
   tester:eq(tr.classes[tr.labels[1]], '9', 'MNIST classes are the digits')
   tester:eq(tr.labels:totable(), { 10, 1, 4 })
   tester:eq(errmsg(dataset.mnist, 'test', FIX .. 'nothere'),
             "mnist: cannot find t10k-images-idx3-ubyte(.gz) in " .. FIX .. "nothere; it should " ..
             "hold the four IDX files of MNIST")
   if not os.getenv('LANTERN_MNIST') then
      tester:eq(errmsg(dataset.mnist), "mnist: no directory given: pass one " ..
                "(dataset.mnist('train', dir)) or set LANTERN_MNIST; Debian packages only " ..
                "Fashion-MNIST (dataset.fashionmnist)")
   end
end

-- The installed Debian package, when present: sizes, label range, speed.
function tests.fashionmnist_installed()
   local f = io.open('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz', 'rb')
   if not f or os.getenv('LANTERN_FASHION_MNIST') then
      if f then f:close() end
      print('skipped: dataset-fashion-mnist is not installed (or LANTERN_FASHION_MNIST is set)')
      return
   end
   f:close()
   local clock = torch.Timer()
   local tr = dataset.fashionmnist('train')
   local secs = clock:time().real
   tester:eq(H.sizes(tr.data), { 60000, 28, 28 })
   tester:eq(tr.labels:min(), 1)
   tester:eq(tr.labels:max(), 10)
   tester:eq(tr.labels:eq(1):sum(), 6000, 'Fashion-MNIST is balanced: 6000 per class')
   tester:assertlt(secs, 2, 'loading the 60000 training images is fast')
   local te = dataset.fashionmnist('test')
   tester:eq(H.sizes(te.data), { 10000, 28, 28 })
   tester:eq(te.labels[1], 10, 'the first test image is an ankle boot (label 9)')
end

-- -------------------------------------------------------------- normalize
function tests.normalize()
   local x = torch.ByteTensor({ 0, 2, 4, 6 })
   local y, m, s = dataset.normalize(x)
   tester:eq(torch.type(y), 'torch.DoubleTensor')
   tester:eq(m, 3)
   tester:assertlt(math.abs(s - math.sqrt(20 / 3)), 1e-12, 'unbiased std, as torch.std')
   tester:assertlt(math.abs(y:mean()), 1e-15)
   tester:assertlt(math.abs(y:std() - 1), 1e-12)
   tester:eq(x:totable(), { 0, 2, 4, 6 }, 'the input is untouched')
   local z = dataset.normalize(torch.ByteTensor({ 3, 5 }), 3, 2)
   tester:eq(z:totable(), { 0, 1 }, 'given mean and std')
   local f = torch.FloatTensor({ 1, 3 })
   local g = dataset.normalize(f, 1, 2)
   tester:eq(torch.type(g), 'torch.FloatTensor', 'floating types are kept')
   tester:eq(f:totable(), { 1, 3 }, 'a floating input is untouched too')
   tester:eq(g:totable(), { 0, 1 })
   tester:eq(errmsg(dataset.normalize, torch.ByteTensor({ 4, 4 })),
             "normalize: the data has zero spread (all elements equal); pass mean and std")
   tester:eq(errmsg(dataset.normalize, 'x'),
             "bad argument #1 to 'normalize' (tensor expected, got string)")
   tester:eq(errmsg(dataset.normalize, x, 1, 0),
             "bad argument #3 to 'normalize' (positive number expected, got 0)")
   tester:eq(errmsg(dataset.normalize, x, '1'),
             "bad argument #2 to 'normalize' (number expected, got string)")
   tester:eq(errmsg(dataset.normalize, torch.Tensor()),
             "bad argument #1 to 'normalize' (empty tensor)")
end

-- ---------------------------------------------------------------- batches
function tests.batches_in_order()
   local x = torch.range(1, 10):view(10, 1)
   local y = torch.range(101, 110)
   local seen, sizes = {}, {}
   for a, b in dataset.batches(x, y, { batchsize = 4 }) do
      sizes[#sizes + 1] = a:size(1)
      for i = 1, a:size(1) do
         seen[#seen + 1] = a[i][1]
         tester:eq(b[i], a[i][1] + 100, 'targets stay with their inputs')
      end
   end
   tester:eq(sizes, { 4, 4, 2 }, 'the last batch is short')
   tester:eq(seen, torch.range(1, 10):totable())
   sizes = {}
   for a, b in dataset.batches(x, y, { batchsize = 4, droplast = true }) do
      sizes[#sizes + 1] = a:size(1)
   end
   tester:eq(sizes, { 4, 4 }, 'droplast drops the short batch')
   local n = 0
   for a, b in dataset.batches(x, { batchsize = 5 }) do
      n = n + 1
      tester:eq(b, nil, 'no targets')
      tester:eq(a:size(1), 5)
   end
   tester:eq(n, 2)
   local first = dataset.batches(x, y, { batchsize = 3 })()
   first[1][1] = -1
   tester:eq(x[1][1], -1, 'unshuffled batches are views')
   x[1][1] = 1
   tester:eq(dataset.nbatches(10, 4), 3)
   tester:eq(dataset.nbatches(10, 4, true), 2)
   tester:eq(dataset.nbatches(0, 4), 0)
   local count = 0
   for _ in dataset.batches(torch.Tensor(0, 3), { batchsize = 2, shuffle = true }) do
      count = count + 1
   end
   tester:eq(count, 0, 'an empty set yields nothing')
end

function tests.batches_shuffle_is_seeded()
   local x = torch.range(1, 20)
   local y = x * 2
   local function epoch()
      local order = {}
      for a, b in dataset.batches(x, y, { batchsize = 6, shuffle = true }) do
         for i = 1, a:size(1) do
            tester:eq(b[i], 2 * a[i], 'targets stay with their inputs')
            order[#order + 1] = a[i]
         end
      end
      return order
   end
   torch.manualSeed(7)
   local o1 = epoch()
   torch.manualSeed(7)
   local o2 = epoch()
   tester:eq(o1, o2, 'the same seed gives the same order')
   torch.manualSeed(7)
   local perm = torch.randperm(20)
   tester:eq(o1, perm:totable(), 'the order is torch.randperm(n)')
   local sorted = {}
   for i, v in ipairs(o1) do sorted[i] = v end
   table.sort(sorted)
   tester:eq(sorted, x:totable(), 'every sample once per epoch')
   tester:assert(table.concat(o1, ',') ~= table.concat(x:totable(), ','), 'shuffled')
end

function tests.batches_errors()
   local x = torch.Tensor(5, 2)
   tester:eq(errmsg(dataset.batches, 'x'),
             "bad argument #1 to 'batches' (tensor expected, got string)")
   tester:eq(errmsg(dataset.batches, x, 3),
             "bad argument #2 to 'batches' (tensor expected, got number)")
   tester:eq(errmsg(dataset.batches, x, torch.Tensor(4)),
             "bad argument #2 to 'batches' (4 targets for 5 inputs)")
   tester:eq(errmsg(dataset.batches, x, { batchsize = 0 }),
             "bad argument #3 to 'batches' (batchsize must be a positive integer, got 0)")
   tester:eq(errmsg(dataset.batches, x, { batchsize = 2.5 }),
             "bad argument #3 to 'batches' (batchsize must be a positive integer, got 2.5)")
   tester:eq(errmsg(dataset.batches, x, nil, 'fast'),
             "bad argument #3 to 'batches' (table of options expected, got string)")
   tester:eq(errmsg(dataset.nbatches, -1, 2),
             "bad argument #1 to 'nbatches' (non-negative integer expected)")
   tester:eq(errmsg(dataset.nbatches, 4, 0),
             "bad argument #2 to 'nbatches' (positive integer expected)")
end

function tests.every_public_function_has_help()
   local doc = require 'dataset.doc.dataset'
   tester:eq(require 'dataset.doc', { 'dataset' })
   for k, v in pairs(dataset) do
      tester:assert(doc['dataset.' .. k] ~= nil, 'help for dataset.' .. k)
   end
   local tdoc = require 'torch.doc.idx'
   for _, k in ipairs({ 'readidx', 'isatty', 'termsize' }) do
      tester:assert(tdoc['torch.' .. k] ~= nil and type(torch[k]) == 'function', 'torch.' .. k)
   end
end

function tests.isatty_and_termsize()
   tester:eq(type(torch.isatty()), 'boolean')
   tester:eq(torch.isatty(0), torch.isatty('stdin'))
   tester:eq(errmsg(torch.isatty, 'tty'), "bad argument #1 to 'torch.isatty' (expected 'stdin', " ..
             "'stdout', 'stderr' or a file descriptor, got 'tty')")
   -- not a terminal: $COLUMNS/$LINES, else nil (a child whose stdout is a pipe)
   local p = io.popen(string.format("COLUMNS=77 LINES=9 '%s' -e 'io.write(tostring(torch.isatty()), " ..
                                    "\" \", torch.termsize())'", arg and arg[-1] or 'build/lantern'))
   tester:eq(p:read('a'), 'false 779')
   p:close()
   p = io.popen(string.format("env -u COLUMNS -u LINES '%s' -e 'io.write(tostring(torch.termsize()))'",
                              arg and arg[-1] or 'build/lantern'))
   tester:eq(p:read('a'), 'nil')
   p:close()
end

tester:add(tests)
tester:run()
