-- dataset/init.lua — data sets for tutorials and tests: Fashion-MNIST and
-- MNIST loaders (on torch.readidx, l_idx.c), normalisation, and a batch
-- iterator.
--
-- Nothing is downloaded: Fashion-MNIST comes from Debian's
-- dataset-fashion-mnist package (/usr/share/datasets/fashion-mnist/), or
-- from a directory named by the caller or by $LANTERN_FASHION_MNIST.  A
-- loaded split is a plain table, shaped as Torch7's mnist package returns
-- it so that its scripts run:
--   { data = ByteTensor N x 28 x 28, labels = LongTensor N (1-based class
--     ids, Torch7's convention), label = (the same tensor), size = N,
--     classes = { 'T-shirt/top', ... } }
-- The batch iterator shuffles with torch.randperm, so torch.manualSeed
-- makes a run repeat exactly.
local torch = require 'torch'

local dataset = {}

dataset.fashionmnist_classes = {
   'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
   'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
}
dataset.mnist_classes = { '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' }

local FILES = {
   train = { 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte' },
   test = { 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte' },
}

local function exists(path)
   local f = io.open(path, 'rb')
   if f then f:close() end
   return f ~= nil
end

-- The path of an IDX file in dir, gzipped or plain (Debian ships .gz; an
-- unpacked copy of the MNIST site's files has no suffix).
local function findfile(dir, base)
   for _, name in ipairs({ base .. '.gz', base }) do
      local p = dir .. '/' .. name
      if exists(p) then return p end
   end
   return nil
end

-- Loads one split of an MNIST-shaped data set (fn names the caller for
-- errors; what says how to get the files when they are missing).
local function loadsplit(fn, dir, split, classes, what)
   if split == nil then split = 'train' end
   if type(split) ~= 'string' or not FILES[split] then
      error(string.format("bad argument #1 to '%s' (expected 'train' or 'test', got %s)", fn,
                          type(split) == 'string' and "'" .. split .. "'" or type(split)), 3)
   end
   local img = findfile(dir, FILES[split][1])
   local lab = findfile(dir, FILES[split][2])
   if not img or not lab then
      error(string.format('%s: cannot find %s(.gz) in %s; %s', fn,
                          img and FILES[split][2] or FILES[split][1], dir, what), 3)
   end
   local data, labels = torch.readidx(img), torch.readidx(lab)
   if torch.type(data) ~= 'torch.ByteTensor' or data:dim() ~= 3 then
      error(string.format('%s: %s holds a %s of %dD, expected 3D unsigned bytes', fn, img,
                          torch.type(data), data:dim()), 3)
   end
   if torch.type(labels) ~= 'torch.ByteTensor' or labels:dim() ~= 1 then
      error(string.format('%s: %s holds a %s of %dD, expected 1D unsigned bytes', fn, lab,
                          torch.type(labels), labels:dim()), 3)
   end
   local n = data:size(1)
   if labels:size(1) ~= n then
      error(string.format('%s: %s has %d images but %s has %d labels', fn, img, n, lab,
                          labels:size(1)), 3)
   end
   if n > 0 and labels:max() >= #classes then
      error(string.format('%s: %s holds label %d, expected 0 to %d', fn, lab, labels:max(),
                          #classes - 1), 3)
   end
   local ids = labels:long():add(1)
   local copy = {}
   for i, c in ipairs(classes) do copy[i] = c end
   return { data = data, labels = ids, label = ids, size = n, classes = copy }
end

-- dataset.fashionmnist([split [, dir]]) -> table
function dataset.fashionmnist(split, dir)
   if dir ~= nil and type(dir) ~= 'string' then
      error("bad argument #2 to 'fashionmnist' (directory expected, got " .. type(dir) .. ')', 2)
   end
   dir = dir or os.getenv('LANTERN_FASHION_MNIST') or '/usr/share/datasets/fashion-mnist'
   local set = loadsplit('fashionmnist', dir, split, dataset.fashionmnist_classes,
                    'install the Debian package dataset-fashion-mnist ' ..
                    '(apt-get install dataset-fashion-mnist), or set LANTERN_FASHION_MNIST ' ..
                    'to a directory holding the IDX files')
   return set
end

-- dataset.mnist([split [, dir]]) -> table: the original digits, same files.
function dataset.mnist(split, dir)
   if dir ~= nil and type(dir) ~= 'string' then
      error("bad argument #2 to 'mnist' (directory expected, got " .. type(dir) .. ')', 2)
   end
   dir = dir or os.getenv('LANTERN_MNIST')
   if not dir then
      error("mnist: no directory given: pass one (dataset.mnist('train', dir)) or set " ..
            'LANTERN_MNIST; Debian packages only Fashion-MNIST (dataset.fashionmnist)', 2)
   end
   local set = loadsplit('mnist', dir, split, dataset.mnist_classes,
                    'it should hold the four IDX files of MNIST')
   return set
end

-- dataset.normalize(x [, mean, std]) -> y, mean, std
-- y = (x - mean) / std in the default tensor type (x's own type if x is
-- already Float or Double); mean and std default to x's own (computed
-- over all elements), so a test split is normalised with the training
-- split's values: xtr, m, s = normalize(train.data); xte = normalize(test.data, m, s).
function dataset.normalize(x, mean, std)
   if not torch.isTensor(x) then
      error("bad argument #1 to 'normalize' (tensor expected, got " .. torch.type(x) .. ')', 2)
   end
   if mean ~= nil and type(mean) ~= 'number' then
      error("bad argument #2 to 'normalize' (number expected, got " .. type(mean) .. ')', 2)
   end
   if std ~= nil and (type(std) ~= 'number' or not (std > 0)) then
      error("bad argument #3 to 'normalize' (positive number expected, got " ..
            tostring(std) .. ')', 2)
   end
   if x:nElement() == 0 then
      error("bad argument #1 to 'normalize' (empty tensor)", 2)
   end
   local ty = x:type()
   if ty ~= 'torch.FloatTensor' and ty ~= 'torch.DoubleTensor' then
      ty = torch.getdefaulttensortype()
   end
   local y = x:type(ty)
   if y == x then y = x:clone() end
   mean = mean or y:mean()
   if not std then
      std = y:nElement() > 1 and y:std() or 0
      if not (std > 0) then
         error("normalize: the data has zero spread (all elements equal); pass mean and std", 2)
      end
   end
   y:add(-mean):div(std)
   return y, mean, std
end

-- dataset.batches(inputs [, targets], opt) -> iterator of (inputs, targets)
-- opt: batchsize (default 32), shuffle (default false), droplast (default false).
function dataset.batches(inputs, targets, opt)
   if not torch.isTensor(inputs) then
      error("bad argument #1 to 'batches' (tensor expected, got " .. torch.type(inputs) .. ')', 2)
   end
   if type(targets) == 'table' and opt == nil then targets, opt = nil, targets end
   if targets ~= nil and not torch.isTensor(targets) then
      error("bad argument #2 to 'batches' (tensor expected, got " .. torch.type(targets) .. ')', 2)
   end
   opt = opt or {}
   if type(opt) ~= 'table' then
      error("bad argument #3 to 'batches' (table of options expected, got " .. type(opt) .. ')', 2)
   end
   local n = inputs:dim() > 0 and inputs:size(1) or 0
   if targets and (targets:dim() == 0 or targets:size(1) ~= n) then
      error(string.format("bad argument #2 to 'batches' (%d targets for %d inputs)",
                          targets:dim() > 0 and targets:size(1) or 0, n), 2)
   end
   local bs = opt.batchsize or opt.batchSize or 32
   if math.type(bs) ~= 'integer' or bs < 1 then
      error("bad argument #3 to 'batches' (batchsize must be a positive integer, got " ..
            tostring(bs) .. ')', 2)
   end
   local perm = opt.shuffle and n > 0 and torch.randperm(n):long() or nil
   local nb = opt.droplast and n // bs or (n + bs - 1) // bs
   local b = 0
   return function()
      b = b + 1
      if b > nb then return nil end
      local first = (b - 1) * bs + 1
      local len = math.min(bs, n - first + 1)
      if perm then
         local idx = perm:narrow(1, first, len)
         return inputs:index(1, idx), targets and targets:index(1, idx)
      end
      return inputs:narrow(1, first, len), targets and targets:narrow(1, first, len)
   end
end

-- dataset.nbatches(n, batchsize [, droplast]) -> number of batches per epoch
function dataset.nbatches(n, bs, droplast)
   if math.type(n) ~= 'integer' or n < 0 then
      error("bad argument #1 to 'nbatches' (non-negative integer expected)", 2)
   end
   if math.type(bs) ~= 'integer' or bs < 1 then
      error("bad argument #2 to 'nbatches' (positive integer expected)", 2)
   end
   return droplast and n // bs or (n + bs - 1) // bs
end

return dataset
