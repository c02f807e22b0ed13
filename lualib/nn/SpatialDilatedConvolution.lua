-- nn/SpatialDilatedConvolution.lua — convolution with holes:
--   SpatialDilatedConvolution(nInputPlane, nOutputPlane, kW, kH, [dW=1], [dH=1],
--                             [padW=0], [padH=0], [dilationW=1], [dilationH=1])
-- kernel taps dilation apart; oH = floor((H + 2padH - dilationH*(kH-1) - 1)/dH) + 1.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.SpatialConvolution'

local SpatialDilatedConvolution, parent =
   torch.class('nn.SpatialDilatedConvolution', 'nn.SpatialConvolution')

function SpatialDilatedConvolution:__init(nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH,
                                          dilationW, dilationH)
   parent.__init(self, nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH or 0)
   self.dilationW, self.dilationH = dilationW or 1, dilationH or 1
   nn.utils.checkint(torch.type(self), self.dilationW, 'dilationW')
   nn.utils.checkint(torch.type(self), self.dilationH, 'dilationH')
end

function SpatialDilatedConvolution:__tostring__()
   return string.format('%s(%d -> %d, %dx%d, %d,%d, %d,%d, %d,%d)%s', torch.type(self),
                        self.nInputPlane, self.nOutputPlane, self.kW, self.kH, self.dW, self.dH,
                        self.padW, self.padH, self.dilationW, self.dilationH,
                        self.bias == nil and ' without bias' or '')
end

return SpatialDilatedConvolution
