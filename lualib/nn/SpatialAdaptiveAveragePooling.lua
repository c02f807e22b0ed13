-- nn/SpatialAdaptiveAveragePooling.lua — average pooling to a fixed output
-- size: SpatialAdaptiveAveragePooling(W, H); windows as in
-- SpatialAdaptiveMaxPooling.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'
local C = torch._nn

local SpatialAdaptiveAveragePooling, parent =
   torch.class('nn.SpatialAdaptiveAveragePooling', 'nn.Module')

function SpatialAdaptiveAveragePooling:__init(W, H)
   parent.__init(self)
   nn.utils.checkint(torch.type(self), W, 'W')
   nn.utils.checkint(torch.type(self), H, 'H')
   self.W, self.H = W, H
end

function SpatialAdaptiveAveragePooling:updateOutput(input)
   nn.utils.checkTensor(torch.type(self), input)
   C.adaptive_avgpool2d(torch.type(self), self.output, input, self.W, self.H)
   return self.output
end

function SpatialAdaptiveAveragePooling:updateGradInput(input, gradOutput)
   nn.utils.checkTensor(torch.type(self), gradOutput, 'gradOutput')
   C.adaptive_avgpool2d_backward(torch.type(self), self.gradInput, input, gradOutput)
   return self.gradInput
end

function SpatialAdaptiveAveragePooling:__tostring__()
   return string.format('%s(%d, %d)', torch.type(self), self.W, self.H)
end

return SpatialAdaptiveAveragePooling
