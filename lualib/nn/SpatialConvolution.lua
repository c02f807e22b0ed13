-- nn/SpatialConvolution.lua — 2-D convolution (cross-correlation) of an
-- image (nInputPlane x H x W) or a batch (N x nInputPlane x H x W):
--   SpatialConvolution(nInputPlane, nOutputPlane, kW, kH, [dW=1], [dH=1],
--                      [padW=0], [padH=padW])
-- weight is nOutputPlane x nInputPlane x kH x kW, bias nOutputPlane;
-- the output is nOutputPlane x oH x oW, oH = floor((H + 2padH - kH)/dH) + 1.
-- The work is done by im2col + GEMM in C (tensor/nn_conv.c).  reset() is
-- Torch7's: weight then bias uniform in +-1/sqrt(kW*kH*nInputPlane).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'
local C = torch._nn

local SpatialConvolution, parent = torch.class('nn.SpatialConvolution', 'nn.Module')

-- a positive (or, with zero_ok, non-negative) integer argument that fits
-- the C kernels' int
function nn.utils.checkint(where, v, what, zero_ok)
   if type(v) == 'number' and v > 2147483647 and v == math.floor(v) then
      error(string.format('%s: %s must be at most 2147483647 (got %s)', where, what,
                          tostring(v)), 4)
   end
   if type(v) ~= 'number' or v ~= math.floor(v) or v < (zero_ok and 0 or 1) then
      error(string.format('%s: %s must be a %s integer (got %s)', where, what,
                          zero_ok and 'non-negative' or 'positive', tostring(v)), 4)
   end
end

function SpatialConvolution:__init(nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH)
   parent.__init(self)
   local name = torch.type(self)
   dW, dH, padW = dW or 1, dH or 1, padW or 0
   padH = padH or padW
   local check = nn.utils.checkint
   check(name, nInputPlane, 'nInputPlane')
   check(name, nOutputPlane, 'nOutputPlane')
   check(name, kW, 'kW')
   check(name, kH, 'kH')
   check(name, dW, 'dW')
   check(name, dH, 'dH')
   check(name, padW, 'padW', true)
   check(name, padH, 'padH', true)
   self.nInputPlane, self.nOutputPlane = nInputPlane, nOutputPlane
   self.kW, self.kH, self.dW, self.dH, self.padW, self.padH = kW, kH, dW, dH, padW, padH
   self.dilationW, self.dilationH = 1, 1
   self:_allocate()
   self:reset()
end

function SpatialConvolution:_allocate()
   self.weight = torch.Tensor(self.nOutputPlane, self.nInputPlane, self.kH, self.kW)
   self.bias = torch.Tensor(self.nOutputPlane)
   self.gradWeight = torch.Tensor():resizeAs(self.weight):zero()
   self.gradBias = torch.Tensor(self.nOutputPlane):zero()
end

function SpatialConvolution:noBias()
   self.bias = nil
   self.gradBias = nil
   return self
end

function SpatialConvolution:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1 / math.sqrt(self.kW * self.kH * self.nInputPlane)
   end
   self.weight:uniform(-stdv, stdv)
   if self.bias then self.bias:uniform(-stdv, stdv) end
   return self
end

function SpatialConvolution:_geometry()
   return self.kW, self.kH, self.dW, self.dH, self.padW, self.padH, self.dilationW or 1,
          self.dilationH or 1
end

function SpatialConvolution:_checkinput(input)
   nn.utils.checkTensor(torch.type(self), input)
   local d = input:dim()
   if (d == 3 or d == 4) and input:size(d - 2) ~= self.nInputPlane then
      error(string.format('%s: input has %d planes, expected nInputPlane = %d (input of '
                          .. 'size %s)', torch.type(self), input:size(d - 2), self.nInputPlane,
                          nn.utils.shape(input)), 3)
   end
end

function SpatialConvolution:updateOutput(input)
   self:_checkinput(input)
   C.conv2d(torch.type(self), self.output, input, self.weight, self.bias, self:_geometry())
   return self.output
end

function SpatialConvolution:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   nn.utils.checkTensor(torch.type(self), gradOutput, 'gradOutput')
   C.conv2d_backward_input(torch.type(self), self.gradInput, input, gradOutput, self.weight,
                           self:_geometry())
   return self.gradInput
end

function SpatialConvolution:accGradParameters(input, gradOutput, scale)
   C.conv2d_backward_params(torch.type(self), self.gradWeight, self.bias and self.gradBias,
                            input, gradOutput, scale or 1, self:_geometry())
end

SpatialConvolution.sharedAccUpdateGradParameters = SpatialConvolution.accUpdateGradParameters

function SpatialConvolution:__tostring__()
   local s = string.format('%s(%d -> %d, %dx%d', torch.type(self), self.nInputPlane,
                           self.nOutputPlane, self.kW, self.kH)
   if self.dW ~= 1 or self.dH ~= 1 or self.padW ~= 0 or self.padH ~= 0 then
      s = s .. string.format(', %d,%d', self.dW, self.dH)
   end
   if self.padW ~= 0 or self.padH ~= 0 then
      s = s .. string.format(', %d,%d', self.padW, self.padH)
   end
   if (self.dilationW or 1) ~= 1 or (self.dilationH or 1) ~= 1 then
      s = s .. string.format(', %d,%d', self.dilationW, self.dilationH)
   end
   return s .. ')' .. (self.bias == nil and ' without bias' or '')
end

return SpatialConvolution
