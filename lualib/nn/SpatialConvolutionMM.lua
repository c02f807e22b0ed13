-- nn/SpatialConvolutionMM.lua — SpatialConvolution with Torch7's "MM"
-- weight layout: nOutputPlane x (nInputPlane*kH*kW), the matrix the
-- im2col product uses directly.  Same arguments, reset and output.
local torch = require 'torch'
require 'nn.SpatialConvolution'

local SpatialConvolutionMM, parent =
   torch.class('nn.SpatialConvolutionMM', 'nn.SpatialConvolution')

function SpatialConvolutionMM:_allocate()
   local k = self.nInputPlane * self.kH * self.kW
   self.weight = torch.Tensor(self.nOutputPlane, k)
   self.bias = torch.Tensor(self.nOutputPlane)
   self.gradWeight = torch.Tensor(self.nOutputPlane, k):zero()
   self.gradBias = torch.Tensor(self.nOutputPlane):zero()
end

function SpatialConvolutionMM:__init(...)
   parent.__init(self, ...)
end

return SpatialConvolutionMM
