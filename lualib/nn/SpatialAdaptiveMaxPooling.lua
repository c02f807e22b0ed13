-- nn/SpatialAdaptiveMaxPooling.lua — max pooling to a fixed output size:
--   SpatialAdaptiveMaxPooling(W, H)
-- output cell (i, j) covers input rows floor((i-1)*iH/H) .. ceil(i*iH/H)
-- (and the same for columns), whatever the input's size.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.SpatialMaxPooling'
local C = torch._nn

local SpatialAdaptiveMaxPooling, parent =
   torch.class('nn.SpatialAdaptiveMaxPooling', 'nn.Module')

function SpatialAdaptiveMaxPooling:__init(W, H)
   parent.__init(self)
   nn.utils.checkint(torch.type(self), W, 'W')
   nn.utils.checkint(torch.type(self), H, 'H')
   self.W, self.H = W, H
   self.indices = torch.LongTensor()
end

function SpatialAdaptiveMaxPooling:updateOutput(input)
   nn.utils.checkTensor(torch.type(self), input)
   C.adaptive_maxpool2d(torch.type(self), self.output, nn.utils.longIndices(self), input,
                        self.W, self.H)
   return self.output
end

function SpatialAdaptiveMaxPooling:updateGradInput(input, gradOutput)
   nn.utils.checkTensor(torch.type(self), gradOutput, 'gradOutput')
   C.maxpool2d_backward(torch.type(self), self.gradInput, input, gradOutput,
                        nn.utils.longIndices(self))
   return self.gradInput
end

function SpatialAdaptiveMaxPooling:clearState()
   if self.indices then self.indices:set() end
   return parent.clearState(self)
end

function SpatialAdaptiveMaxPooling:__tostring__()
   return string.format('%s(%d, %d)', torch.type(self), self.W, self.H)
end

return SpatialAdaptiveMaxPooling
