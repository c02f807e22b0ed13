-- nn/Replicate.lua — nFeatures copies of the input stacked along a new
-- dimension `dim` (1 by default; with ndim, counted after a batch
-- dimension).  The output is an expanded view (stride 0, no copy); the
-- gradient sums over the copies.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Replicate, parent = torch.class('nn.Replicate', 'nn.Module')

function Replicate:__init(nf, dim, ndim)
   parent.__init(self)
   if type(nf) ~= 'number' or nf < 1 then
      error('nn.Replicate: nFeatures must be a positive integer (got ' .. tostring(nf) .. ')', 2)
   end
   self.nfeatures = nf
   self.dim = dim or 1
   self.ndim = ndim
end

local function position(self, input)
   local rdim = self.dim
   if self.ndim and input:dim() == self.ndim + 1 then rdim = rdim + 1 end
   if rdim < 1 or rdim > input:dim() + 1 then
      error(string.format('nn.Replicate: dimension %d out of range for an input of size %s',
                          self.dim, nn.utils.shape(input)), 3)
   end
   return rdim
end

function Replicate:updateOutput(input)
   nn.utils.checkTensor('nn.Replicate', input)
   if input:nElement() == 0 then error('nn.Replicate: input is empty', 2) end
   local rdim = position(self, input)
   local size = {}
   for i = 1, input:dim() do size[#size + 1] = input:size(i) end
   table.insert(size, rdim, self.nfeatures)
   self.output = input:unsqueeze(rdim):expand(table.unpack(size))
   return self.output
end

function Replicate:updateGradInput(input, gradOutput)
   local rdim = position(self, input)
   self.gradInput:resizeAs(input)
   self.gradInput:copy(gradOutput:sum(rdim):viewAs(input))
   return self.gradInput
end

return Replicate
