-- nn/LookupTable.lua — rows of an embedding matrix selected by index:
--   LookupTable(nIndex, nOutput, [paddingValue [, maxNorm [, normType]]])
-- With maxNorm, each forward first rescales the rows it reads whose
-- normType-norm (default 2) exceeds maxNorm down to maxNorm, in the weight
-- itself (Torch7's renorm; setMaxNorm/setNormType change them later).
-- scaleGradByFreq() divides each row's gradient by the number of times
-- its index occurs in the batch.  nn.Embedding(n, dim, {paddingIdx =,
-- maxNorm =, normType =, scaleGradByFreq =}) is the same module with
-- PyTorch's options: the padding row starts at zero and gets no gradient.
-- weight is nIndex x nOutput (reset: normal(0, 1), Torch7); input a tensor
-- of 1-based indices, n or N x n; output n x nOutput or N x n x nOutput.
-- Gradients accumulate into the selected rows (repeated indices add up);
-- rows whose index equals paddingValue get no gradient.  The indices have
-- no gradient: gradInput is a zero tensor of the input's size.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local LookupTable, parent = torch.class('nn.LookupTable', 'nn.Module')

function LookupTable:__init(nIndex, nOutput, paddingValue, maxNorm, normType)
   parent.__init(self)
   nn.utils.checkint(torch.type(self), nIndex, 'nIndex')
   nn.utils.checkint(torch.type(self), nOutput, 'nOutput')
   self.weight = torch.Tensor(nIndex, nOutput)
   self.gradWeight = torch.Tensor(nIndex, nOutput):zero()
   self.paddingValue = paddingValue or 0
   self:setMaxNorm(maxNorm)
   self:setNormType(normType)
   self.shouldScaleGradByFreq = false
   self._idx = torch.LongTensor()
   self:reset()
end

function LookupTable:setMaxNorm(maxNorm)
   if maxNorm ~= nil and (type(maxNorm) ~= 'number' or not (maxNorm > 0)) then
      error(string.format('%s: maxNorm must be a positive number, got %s', torch.type(self),
                          tostring(maxNorm)), 3)
   end
   self.maxNorm = maxNorm
   return self
end

function LookupTable:setNormType(normType)
   if normType ~= nil and (type(normType) ~= 'number' or not (normType > 0)) then
      error(string.format('%s: normType must be a positive number, got %s', torch.type(self),
                          tostring(normType)), 3)
   end
   self.normType = normType
   return self
end

function LookupTable:scaleGradByFreq()
   self.shouldScaleGradByFreq = true
   return self
end

-- rows idx of the weight rescaled to norm maxNorm where they exceed it
-- (each distinct row once, as Torch7's renorm does)
function LookupTable:renorm(idx)
   if not self.maxNorm or idx:nElement() == 0 then return end
   torch.noGrad(function()
      local sorted = torch.sort(idx)
      local keep = torch.ByteTensor(sorted:nElement()):fill(1)
      if sorted:nElement() > 1 then
         keep:narrow(1, 2, sorted:nElement() - 1)
             :copy(sorted:narrow(1, 2, sorted:nElement() - 1)
                      :ne(sorted:narrow(1, 1, sorted:nElement() - 1)))
      end
      local uniq = sorted:maskedSelect(keep)
      local rows = self.weight:index(1, uniq)
      local norms = rows:norm(self.normType or 2, 2)
      local over = norms:gt(self.maxNorm)
      if over:sum() == 0 then return end
      local scale = norms:clone():fill(1)
      scale:maskedCopy(over, torch.cdiv(norms:clone():fill(self.maxNorm), norms + 1e-7)
                                :maskedSelect(over))
      rows:cmul(scale:expandAs(rows))
      self.weight:indexCopy(1, uniq, rows)
   end)
end

function LookupTable:reset(stdv)
   self.weight:normal(0, stdv or 1)
   return self
end

function LookupTable:_indices(input)
   -- indices: any tensor type (LongTensor usually)
   if not torch.isTensor(input) then
      error(string.format('%s: input must be a tensor of indices (got %s)', torch.type(self),
                          torch.type(input)), 3)
   end
   if input:dim() ~= 1 and input:dim() ~= 2 then
      error(string.format('%s: input must be a vector or a matrix of indices (got %s)',
                          torch.type(self), nn.utils.shape(input)), 3)
   end
   local ty = torch.type(input)
   if (ty == 'torch.DoubleTensor' or ty == 'torch.FloatTensor') and input:nElement() > 0 and
      input.new():resizeAs(input):copy(input):floor():ne(input):sum() > 0 then
      error(string.format('%s: indices must be integers', torch.type(self)), 3)
   end
   if torch.type(self._idx) ~= 'torch.LongTensor' then self._idx = torch.LongTensor() end
   self._idx:resize(input:nElement()):copy(input:contiguous():view(input:nElement()))
   if self._idx:nElement() > 0 then
      local lo, hi = self._idx:min(), self._idx:max()
      if lo < 1 or hi > self.weight:size(1) then
         error(string.format('%s: index %d out of range (1 to %d)', torch.type(self),
                             lo < 1 and lo or hi, self.weight:size(1)), 3)
      end
   end
   return self._idx
end

function LookupTable:updateOutput(input)
   local idx = self:_indices(input)
   self:renorm(idx)
   local nOutput = self.weight:size(2)
   self.output:index(self.weight, 1, idx)
   if input:dim() == 2 then
      self.output = self.output:view(input:size(1), input:size(2), nOutput)
   end
   return self.output
end

function LookupTable:updateGradInput(input, gradOutput)
   self.gradInput = self.gradInput or torch.Tensor()
   self.gradInput:resize(input:size()):zero()
   return self.gradInput
end

function LookupTable:accGradParameters(input, gradOutput, scale)
   local idx = self:_indices(input)
   local g = gradOutput:contiguous():view(idx:nElement(), self.weight:size(2))
   if self.paddingValue ~= 0 then
      local keep = idx:ne(self.paddingValue)
      if keep:sum() < idx:nElement() then
         g = g:clone():cmul(keep:viewAs(idx):typeAs(g):view(idx:nElement(), 1)
                               :expandAs(g))
      end
   end
   g = g:clone():mul(scale or 1)
   if self.shouldScaleGradByFreq then
      -- each row's gradient divided by the count of its index in the batch
      local count = torch.zeros(self.weight:size(1)):typeAs(g)
      count:indexAdd(1, idx, torch.ones(idx:nElement()):typeAs(g))
      g:cdiv(count:index(1, idx):view(idx:nElement(), 1):expandAs(g))
   end
   self.gradWeight:indexAdd(1, idx, g)
end

-- nn.Embedding(n, dim [, {paddingIdx =, maxNorm =, normType =, scaleGradByFreq =}])
local Embedding = torch.class('nn.Embedding', 'nn.LookupTable')

function Embedding:__init(n, dim, opt)
   opt = opt or {}
   if type(opt) ~= 'table' then
      error('nn.Embedding: options must be a table, got ' .. torch.type(opt), 2)
   end
   LookupTable.__init(self, n, dim, opt.paddingIdx, opt.maxNorm, opt.normType)
   if opt.scaleGradByFreq then self:scaleGradByFreq() end
end

function Embedding:reset(stdv)
   LookupTable.reset(self, stdv)
   local p = self.paddingValue
   if p and p >= 1 and p <= self.weight:size(1) then self.weight[p]:zero() end
   return self
end

LookupTable.sharedAccUpdateGradParameters = LookupTable.accUpdateGradParameters

function LookupTable:__tostring__()
   return string.format('%s(%d -> %d)', torch.type(self), self.weight:size(1),
                        self.weight:size(2))
end

return LookupTable
