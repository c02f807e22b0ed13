-- nn/SpatialAveragePooling.lua — the mean of each kW x kH window:
--   SpatialAveragePooling(kW, kH, [dW=1], [dH=1], [padW=0], [padH=0])
-- Zero padding is counted in the divisor by default (Torch7);
-- :setCountExcludePad() divides by the elements inside the image only,
-- :setCountIncludePad() restores the default; :ceil()/:floor() as in
-- SpatialMaxPooling.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'
local C = torch._nn

local SpatialAveragePooling, parent = torch.class('nn.SpatialAveragePooling', 'nn.Module')

function SpatialAveragePooling:__init(kW, kH, dW, dH, padW, padH)
   parent.__init(self)
   local name, check = torch.type(self), nn.utils.checkint
   dW, dH, padW, padH = dW or 1, dH or 1, padW or 0, padH or 0
   check(name, kW, 'kW')
   check(name, kH, 'kH')
   check(name, dW, 'dW')
   check(name, dH, 'dH')
   check(name, padW, 'padW', true)
   check(name, padH, 'padH', true)
   self.kW, self.kH, self.dW, self.dH, self.padW, self.padH = kW, kH, dW, dH, padW, padH
   self.ceil_mode = false
   self.count_include_pad = true
end

function SpatialAveragePooling:ceil() self.ceil_mode = true return self end
function SpatialAveragePooling:floor() self.ceil_mode = false return self end
function SpatialAveragePooling:setCountIncludePad() self.count_include_pad = true return self end
function SpatialAveragePooling:setCountExcludePad() self.count_include_pad = false return self end

function SpatialAveragePooling:_geometry()
   return self.kW, self.kH, self.dW, self.dH, self.padW, self.padH, self.ceil_mode,
          self.count_include_pad
end

function SpatialAveragePooling:updateOutput(input)
   nn.utils.checkTensor(torch.type(self), input)
   C.avgpool2d(torch.type(self), self.output, input, self:_geometry())
   return self.output
end

function SpatialAveragePooling:updateGradInput(input, gradOutput)
   nn.utils.checkTensor(torch.type(self), gradOutput, 'gradOutput')
   C.avgpool2d_backward(torch.type(self), self.gradInput, input, gradOutput, self:_geometry())
   return self.gradInput
end

function SpatialAveragePooling:__tostring__()
   local s = string.format('%s(%dx%d, %d,%d', torch.type(self), self.kW, self.kH, self.dW,
                           self.dH)
   if self.padW ~= 0 or self.padH ~= 0 then
      s = s .. string.format(', %d,%d', self.padW, self.padH)
   end
   return s .. ')'
end

return SpatialAveragePooling
