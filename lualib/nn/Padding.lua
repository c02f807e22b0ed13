-- nn/Padding.lua — Padding(dim, pad, nInputDim, value, index): insert |pad|
-- entries of `value` (0) along `dim`; pad < 0 pads before, pad > 0 after.
-- index (1) moves the insertion point: with pad < 0 it counts from the
-- start (index 2 pads between elements 1 and 2), with pad > 0 from the end.
-- With nInputDim, inputs of another rank are batches (dim shifted by one).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Padding, parent = torch.class('nn.Padding', 'nn.Module')

function Padding:__init(dim, pad, nInputDim, value, index)
   parent.__init(self)
   if type(dim) ~= 'number' or type(pad) ~= 'number' then
      error('nn.Padding: dim and pad (numbers) expected', 2)
   end
   self.value = value or 0
   self.index = index or 1
   self.dim = dim
   self.pad = pad
   self.nInputDim = nInputDim
   self.outputSize = torch.LongStorage()
end

-- dim, the number of entries, and where the input's first kept-before part
-- ends: input[1 .. cut-1] stays in place, input[cut ..] moves by pad
local function layout(self, input)
   local dim = self.dim
   if self.nInputDim and input:dim() ~= self.nInputDim then dim = dim + 1 end
   if dim < 1 or dim > input:dim() then
      error(string.format('nn.Padding: dimension %d out of range for an input of size %s', dim,
                          nn.utils.shape(input)), 3)
   end
   local n = input:size(dim)
   local pad, cut = self.pad, self.index
   if pad > 0 then cut = n - self.index + 2 else pad = -pad end
   if cut < 1 or cut > n + 1 then
      error(string.format('nn.Padding: index %d out of range (dimension %d has size %d)',
                          self.index, dim, n), 3)
   end
   return dim, pad, cut, n
end

function Padding:updateOutput(input)
   nn.utils.checkTensor('nn.Padding', input)
   local dim, pad, cut, n = layout(self, input)
   self.outputSize:resize(input:dim()):copy(input:size())
   self.outputSize[dim] = n + pad
   self.output:resize(self.outputSize):fill(self.value)
   if cut > 1 then self.output:narrow(dim, 1, cut - 1):copy(input:narrow(dim, 1, cut - 1)) end
   if cut <= n then
      self.output:narrow(dim, cut + pad, n - cut + 1):copy(input:narrow(dim, cut, n - cut + 1))
   end
   return self.output
end

function Padding:updateGradInput(input, gradOutput)
   local dim, pad, cut, n = layout(self, input)
   self.gradInput:resizeAs(input)
   if cut > 1 then
      self.gradInput:narrow(dim, 1, cut - 1):copy(gradOutput:narrow(dim, 1, cut - 1))
   end
   if cut <= n then
      self.gradInput:narrow(dim, cut, n - cut + 1):copy(gradOutput:narrow(dim, cut + pad, n - cut + 1))
   end
   return self.gradInput
end

return Padding
