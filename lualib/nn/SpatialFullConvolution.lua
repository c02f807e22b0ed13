-- nn/SpatialFullConvolution.lua — transposed ("full", "deconvolution")
-- convolution, the adjoint of SpatialConvolution:
--   SpatialFullConvolution(nInputPlane, nOutputPlane, kW, kH, [dW=1], [dH=1],
--                          [padW=0], [padH=0], [adjW=0], [adjH=0])
-- weight is nInputPlane x nOutputPlane x kH x kW (Torch7's layout);
-- oH = (H - 1)*dH - 2padH + kH + adjH.  reset: uniform in
-- +-1/sqrt(kW*kH*nInputPlane), weight then bias.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'
local C = torch._nn

local SpatialFullConvolution, parent = torch.class('nn.SpatialFullConvolution', 'nn.Module')

function SpatialFullConvolution:__init(nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH,
                                       adjW, adjH)
   parent.__init(self)
   local name, check = torch.type(self), nn.utils.checkint
   dW, dH, padW, padH, adjW, adjH = dW or 1, dH or 1, padW or 0, padH or 0, adjW or 0, adjH or 0
   check(name, nInputPlane, 'nInputPlane')
   check(name, nOutputPlane, 'nOutputPlane')
   check(name, kW, 'kW')
   check(name, kH, 'kH')
   check(name, dW, 'dW')
   check(name, dH, 'dH')
   check(name, padW, 'padW', true)
   check(name, padH, 'padH', true)
   check(name, adjW, 'adjW', true)
   check(name, adjH, 'adjH', true)
   if adjW > dW - 1 or adjH > dH - 1 then
      error(string.format('%s: adjW and adjH must be smaller than dW and dH (got adj %d,%d '
                          .. 'for stride %d,%d)', name, adjW, adjH, dW, dH), 2)
   end
   self.nInputPlane, self.nOutputPlane = nInputPlane, nOutputPlane
   self.kW, self.kH, self.dW, self.dH = kW, kH, dW, dH
   self.padW, self.padH, self.adjW, self.adjH = padW, padH, adjW, adjH
   self.weight = torch.Tensor(nInputPlane, nOutputPlane, kH, kW)
   self.gradWeight = torch.Tensor(nInputPlane, nOutputPlane, kH, kW):zero()
   self.bias = torch.Tensor(nOutputPlane)
   self.gradBias = torch.Tensor(nOutputPlane):zero()
   self:reset()
end

function SpatialFullConvolution:noBias()
   self.bias = nil
   self.gradBias = nil
   return self
end

function SpatialFullConvolution:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1 / math.sqrt(self.kW * self.kH * self.nInputPlane)
   end
   self.weight:uniform(-stdv, stdv)
   if self.bias then self.bias:uniform(-stdv, stdv) end
   return self
end

function SpatialFullConvolution:_geometry()
   return self.kW, self.kH, self.dW, self.dH, self.padW, self.padH, 1, 1, self.adjW, self.adjH
end

function SpatialFullConvolution:updateOutput(input)
   nn.utils.checkTensor(torch.type(self), input)
   local d = input:dim()
   if (d == 3 or d == 4) and input:size(d - 2) ~= self.nInputPlane then
      error(string.format('%s: input has %d planes, expected nInputPlane = %d (input of '
                          .. 'size %s)', torch.type(self), input:size(d - 2), self.nInputPlane,
                          nn.utils.shape(input)), 2)
   end
   C.convT2d(torch.type(self), self.output, input, self.weight, self.bias, self:_geometry())
   return self.output
end

function SpatialFullConvolution:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   nn.utils.checkTensor(torch.type(self), gradOutput, 'gradOutput')
   C.convT2d_backward_input(torch.type(self), self.gradInput, input, gradOutput, self.weight,
                            self:_geometry())
   return self.gradInput
end

function SpatialFullConvolution:accGradParameters(input, gradOutput, scale)
   C.convT2d_backward_params(torch.type(self), self.gradWeight, self.bias and self.gradBias,
                             input, gradOutput, scale or 1, self:_geometry())
end

SpatialFullConvolution.sharedAccUpdateGradParameters =
   SpatialFullConvolution.accUpdateGradParameters

function SpatialFullConvolution:__tostring__()
   local s = string.format('%s(%d -> %d, %dx%d', torch.type(self), self.nInputPlane,
                           self.nOutputPlane, self.kW, self.kH)
   if self.dW ~= 1 or self.dH ~= 1 or self.padW ~= 0 or self.padH ~= 0 then
      s = s .. string.format(', %d,%d', self.dW, self.dH)
   end
   if self.padW ~= 0 or self.padH ~= 0 or self.adjW ~= 0 or self.adjH ~= 0 then
      s = s .. string.format(', %d,%d', self.padW, self.padH)
   end
   if self.adjW ~= 0 or self.adjH ~= 0 then
      s = s .. string.format(', %d,%d', self.adjW, self.adjH)
   end
   return s .. ')' .. (self.bias == nil and ' without bias' or '')
end

return SpatialFullConvolution
