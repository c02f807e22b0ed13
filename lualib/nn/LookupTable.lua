-- nn/LookupTable.lua — rows of an embedding matrix selected by index:
--   LookupTable(nIndex, nOutput, [paddingValue])
-- weight is nIndex x nOutput (reset: normal(0, 1), Torch7); input a tensor
-- of 1-based indices, n or N x n; output n x nOutput or N x n x nOutput.
-- Gradients accumulate into the selected rows (repeated indices add up);
-- rows whose index equals paddingValue get no gradient.  The indices have
-- no gradient: gradInput is a zero tensor of the input's size.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local LookupTable, parent = torch.class('nn.LookupTable', 'nn.Module')

function LookupTable:__init(nIndex, nOutput, paddingValue)
   parent.__init(self)
   nn.utils.checkint(torch.type(self), nIndex, 'nIndex')
   nn.utils.checkint(torch.type(self), nOutput, 'nOutput')
   self.weight = torch.Tensor(nIndex, nOutput)
   self.gradWeight = torch.Tensor(nIndex, nOutput):zero()
   self.paddingValue = paddingValue or 0
   self._idx = torch.LongTensor()
   self:reset()
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
   self.gradWeight:indexAdd(1, idx, g:clone():mul(scale or 1))
end

LookupTable.sharedAccUpdateGradParameters = LookupTable.accUpdateGradParameters

function LookupTable:__tostring__()
   return string.format('%s(%d -> %d)', torch.type(self), self.weight:size(1),
                        self.weight:size(2))
end

return LookupTable
