--[[ optim.ConfusionMatrix — counts of (target, prediction) pairs for
classification, printed the way Torch7 printed them.

    conf = optim.ConfusionMatrix({'cat', 'dog', 'person'})   -- or (3) / (3, names)
    conf:zero()
    for i = 1, N do conf:add(model:forward(sample), label) end
    conf:batchAdd(outputs, labels)                            -- a whole batch
    print(conf)
    print(conf.totalValid, conf.averageValid)                 -- after updateValids()

mat[t][p] counts samples of target class t predicted as class p (a
LongTensor, rows are targets).  A prediction or a target may be a class
index or a vector of scores (its argmax is the class); a non-positive
target means "unlabelled" and is skipped, as in Torch7.  updateValids()
computes valids[t] (the share of row t that is correct), unionvalids[t]
(the VOC measure, correct / (row + column - correct)), totalValid (the
global accuracy) and averageValid (the mean of the defined valids).
batchAdd adds the whole batch with one indexAdd, not a loop per sample.
]]
local torch = require 'torch'
local optim = package.loaded.optim
local ConfusionMatrix = torch.class('optim.ConfusionMatrix', optim)

local fmt = string.format

local function bad(fname, argn, msg)
   error(fmt("bad argument #%d to 'ConfusionMatrix.%s' (%s)", argn, fname, msg), 3)
end

function ConfusionMatrix:__init(nclasses, classes)
   if type(nclasses) == 'table' then
      classes = nclasses
      nclasses = #classes
   end
   if type(nclasses) ~= 'number' or nclasses < 1 or nclasses ~= math.floor(nclasses) then
      bad('__init', 1, 'the number of classes (an integer >= 1) or a table of class names ' ..
          'expected, got ' .. (type(nclasses) == 'number' and tostring(nclasses) or
                               torch.type(nclasses)))
   end
   if classes ~= nil and type(classes) ~= 'table' then
      bad('__init', 2, 'classes must be a table of names, got ' .. torch.type(classes))
   end
   nclasses = math.tointeger(nclasses)
   self.mat = torch.LongTensor(nclasses, nclasses):zero()
   self.valids = torch.FloatTensor(nclasses):zero()
   self.unionvalids = torch.FloatTensor(nclasses):zero()
   self.nclasses = nclasses
   self.totalValid = 0
   self.averageValid = 0
   self.classes = classes or {}
   -- buffers
   self._target = torch.FloatTensor()
   self._prediction = torch.FloatTensor()
   self._max = torch.FloatTensor()
   self._pred_idx = torch.LongTensor()
   self._targ_idx = torch.LongTensor()
end

local function checkclass(self, fname, argn, what, v)
   if type(v) ~= 'number' or v ~= math.floor(v) or v > self.nclasses or
      (what == 'prediction' and v < 1) then
      bad(fname, argn, fmt('%s must be a class index in 1..%d, got %s', what, self.nclasses,
                           tostring(v)))
   end
end

-- one (prediction, target) pair of class indices
function ConfusionMatrix:_add(p, t, fname)
   fname = fname or '_add'
   checkclass(self, fname, 2, 'target', t)
   -- non-positive targets are missing labels: ignored
   if t > 0 then
      checkclass(self, fname, 1, 'prediction', p)
      self.mat[t][p] = self.mat[t][p] + 1
   end
end

-- the class index of one prediction or target: a number, or the argmax
-- of a vector of scores
local function classof(self, fname, argn, what, v, buf)
   if type(v) == 'number' then return v end
   if not torch.isTensor(v) then
      bad(fname, argn, fmt('%s must be a class index or a vector of scores, got %s', what,
                           torch.type(v)))
   end
   if v:nElement() ~= self.nclasses then
      bad(fname, argn, fmt('%s must have %d scores (one per class), got %d', what,
                           self.nclasses, v:nElement()))
   end
   buf:resize(v:nElement()):copy(v)
   self._max:max(self._pred_idx, buf, 1)
   return self._pred_idx[1]
end

function ConfusionMatrix:add(prediction, target)
   local p = classof(self, 'add', 1, 'prediction', prediction, self._prediction)
   local t = classof(self, 'add', 2, 'target', target, self._target)
   self:_add(p, t, 'add')
end

-- a batch: predictions and targets are each a vector of class indices or
-- an N x nclasses matrix of scores (N x 1 is read as a vector)
local function classes_of(self, argn, what, v, buf, idx)
   if not torch.isTensor(v) then
      bad('batchAdd', argn, fmt('%s must be a tensor, got %s', what, torch.type(v)))
   end
   buf:resize(v:size()):copy(v)
   if v:dim() == 2 and v:size(2) == 1 then
      buf = buf:select(2, 1)
   elseif v:dim() == 2 then
      if v:size(2) ~= self.nclasses then
         bad('batchAdd', argn, fmt('%s must have %d columns (one per class), got %d', what,
                                   self.nclasses, v:size(2)))
      end
      self._max:max(idx, buf, 2)
      return idx:select(2, 1)
   elseif v:dim() ~= 1 then
      bad('batchAdd', argn, fmt('%s must be a vector of classes or a matrix of scores, ' ..
                                'got %d dimensions', what, v:dim()))
   end
   local r = torch.LongTensor(buf:nElement()):copy(buf)
   if buf:nElement() > 0 and (buf - r:float()):abs():max() ~= 0 then
      bad('batchAdd', argn, what .. ' must hold integer class indices')
   end
   return r
end

function ConfusionMatrix:batchAdd(predictions, targets)
   local preds = classes_of(self, 1, 'predictions', predictions, self._prediction,
                            self._pred_idx)
   local targs = classes_of(self, 2, 'targets', targets, self._target, self._targ_idx)
   if preds:nElement() ~= targs:nElement() then
      bad('batchAdd', 2, fmt('%d targets for %d predictions', targs:nElement(),
                             preds:nElement()))
   end
   if preds:nElement() == 0 then return end
   local keep = targs:gt(0)        -- non-positive targets are missing labels
   if keep:sum() == 0 then return end
   local p, t = preds[keep], targs[keep]
   if t:max() > self.nclasses then
      bad('batchAdd', 2, fmt('targets must be class indices in 1..%d, got %d', self.nclasses,
                             t:max()))
   end
   if p:min() < 1 or p:max() > self.nclasses then
      bad('batchAdd', 1, fmt('predictions must be class indices in 1..%d, got %d',
                             self.nclasses, p:min() < 1 and p:min() or p:max()))
   end
   -- flat index of mat[t][p] (1-based), all counted in one go
   local flat = (t - 1):mul(self.nclasses):add(p)
   self.mat:view(self.nclasses * self.nclasses):indexAdd(1, flat,
      torch.LongTensor(flat:nElement()):fill(1))
end

function ConfusionMatrix:zero()
   self.mat:zero()
   self.valids:zero()
   self.unionvalids:zero()
   self.totalValid = 0
   self.averageValid = 0
end

local function isNaN(v) return v ~= v end

function ConfusionMatrix:updateValids()
   local total = 0
   local mat = self.mat
   for t = 1, self.nclasses do
      local row, col, d = mat:select(1, t):sum(), mat:select(2, t):sum(), mat[t][t]
      self.valids[t] = d / row
      self.unionvalids[t] = d / (row + col - d)
      total = total + d
   end
   self.totalValid = total / mat:sum()
   self.averageValid = 0
   self.averageUnionValid = 0
   local nvalids, nunionvalids = 0, 0
   for t = 1, self.nclasses do
      local v, u = self.valids[t], self.unionvalids[t]
      if not isNaN(v) then
         self.averageValid = self.averageValid + v
         nvalids = nvalids + 1
      end
      if not isNaN(v) and not isNaN(u) then
         self.averageUnionValid = self.averageUnionValid + u
         nunionvalids = nunionvalids + 1
      end
   end
   self.averageValid = self.averageValid / nvalids
   self.averageUnionValid = self.averageUnionValid / nunionvalids
end

-- Torch7 ran on LuaJIT, which prints numbers with %.14g (75, not 75.0)
local function num(v) return fmt('%.14g', v) end

function ConfusionMatrix:__tostring__()
   self:updateValids()
   local str = { 'ConfusionMatrix:\n' }
   local nclasses = self.nclasses
   str[#str + 1] = '['
   local maxCnt = self.mat:max()
   local nDigits = 8
   if maxCnt > 0 then nDigits = math.max(8, 1 + math.ceil(math.log(maxCnt, 10))) end
   local cell = '%' .. math.tointeger(nDigits) .. 'd'
   local named = self.classes and self.classes[1]
   for t = 1, nclasses do
      local pclass = fmt('%2.3f', self.valids[t] * 100)
      str[#str + 1] = t == 1 and '[' or ' ['
      for p = 1, nclasses do
         str[#str + 1] = fmt(cell, self.mat[t][p])
      end
      local close = t == nclasses and ']]  ' or ']   '
      if named then
         str[#str + 1] = close .. pclass .. '% \t[class: ' .. tostring(self.classes[t] or '') ..
                         ']\n'
      else
         str[#str + 1] = close .. pclass .. '% \n'
      end
   end
   str[#str + 1] = ' + average row correct: ' .. num(self.averageValid * 100) .. '% \n'
   str[#str + 1] = ' + average rowUcol correct (VOC measure): ' ..
                   num(self.averageUnionValid * 100) .. '% \n'
   str[#str + 1] = ' + global correct: ' .. num(self.totalValid * 100) .. '%'
   return table.concat(str)
end

return ConfusionMatrix
