-- nn/SpatialMaxPooling.lua — the maximum of each kW x kH window:
--   SpatialMaxPooling(kW, kH, [dW=kW], [dH=kH], [padW=0], [padH=0])
-- Input nPlane x H x W or N x nPlane x H x W; oH = floor((H + 2padH - kH)/dH) + 1
-- (:ceil() rounds up, :floor() back).  Padding counts as -inf and must be at
-- most half the kernel.  self.indices (LongTensor) remembers where each
-- maximum came from, for the backward.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'
local C = torch._nn

local SpatialMaxPooling, parent = torch.class('nn.SpatialMaxPooling', 'nn.Module')

function SpatialMaxPooling:__init(kW, kH, dW, dH, padW, padH)
   parent.__init(self)
   local name, check = torch.type(self), nn.utils.checkint
   dW, dH, padW, padH = dW or kW, dH or kH, padW or 0, padH or 0
   check(name, kW, 'kW')
   check(name, kH, 'kH')
   check(name, dW, 'dW')
   check(name, dH, 'dH')
   check(name, padW, 'padW', true)
   check(name, padH, 'padH', true)
   self.kW, self.kH, self.dW, self.dH, self.padW, self.padH = kW, kH, dW, dH, padW, padH
   self.ceil_mode = false
   self.indices = torch.LongTensor()
end

function SpatialMaxPooling:ceil()
   self.ceil_mode = true
   return self
end

function SpatialMaxPooling:floor()
   self.ceil_mode = false
   return self
end

-- module:float() converts every tensor field; the indices must stay Long
function nn.utils.longIndices(self)
   if torch.type(self.indices) ~= 'torch.LongTensor' then self.indices = torch.LongTensor() end
   return self.indices
end

function SpatialMaxPooling:updateOutput(input)
   nn.utils.checkTensor(torch.type(self), input)
   C.maxpool2d(torch.type(self), self.output, nn.utils.longIndices(self), input, self.kW,
               self.kH, self.dW, self.dH, self.padW, self.padH, self.ceil_mode, false)
   return self.output
end

function SpatialMaxPooling:updateGradInput(input, gradOutput)
   nn.utils.checkTensor(torch.type(self), gradOutput, 'gradOutput')
   C.maxpool2d_backward(torch.type(self), self.gradInput, input, gradOutput,
                        nn.utils.longIndices(self))
   return self.gradInput
end

function SpatialMaxPooling:clearState()
   if self.indices then self.indices:set() end
   return parent.clearState(self)
end

function SpatialMaxPooling:__tostring__()
   local s = string.format('%s(%dx%d, %d,%d', torch.type(self), self.kW, self.kH, self.dW,
                           self.dH)
   if self.padW ~= 0 or self.padH ~= 0 then
      s = s .. string.format(', %d,%d', self.padW, self.padH)
   end
   return s .. ')'
end

return SpatialMaxPooling
