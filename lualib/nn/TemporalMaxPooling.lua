-- nn/TemporalMaxPooling.lua — max over windows of kW frames, step dW:
--   TemporalMaxPooling(kW, [dW=kW])
-- input nInputFrame x frameSize or N x nInputFrame x frameSize;
-- nOutputFrame = floor((nInputFrame - kW)/dW) + 1.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.SpatialMaxPooling'
local C = torch._nn

local TemporalMaxPooling, parent = torch.class('nn.TemporalMaxPooling', 'nn.Module')

function TemporalMaxPooling:__init(kW, dW)
   parent.__init(self)
   dW = dW or kW
   nn.utils.checkint(torch.type(self), kW, 'kW')
   nn.utils.checkint(torch.type(self), dW, 'dW')
   self.kW, self.dW = kW, dW
   self.indices = torch.LongTensor()
end

function TemporalMaxPooling:updateOutput(input)
   nn.utils.checkTensor(torch.type(self), input)
   C.temporal_maxpool(torch.type(self), self.output, nn.utils.longIndices(self), input,
                      self.kW, self.dW)
   return self.output
end

function TemporalMaxPooling:updateGradInput(input, gradOutput)
   nn.utils.checkTensor(torch.type(self), gradOutput, 'gradOutput')
   C.temporal_maxpool_backward(torch.type(self), self.gradInput, input, gradOutput,
                               nn.utils.longIndices(self))
   return self.gradInput
end

function TemporalMaxPooling:clearState()
   if self.indices then self.indices:set() end
   return parent.clearState(self)
end

function TemporalMaxPooling:__tostring__()
   return string.format('%s(%d, %d)', torch.type(self), self.kW, self.dW)
end

return TemporalMaxPooling
