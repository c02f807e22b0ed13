-- nn/MulConstant.lua — y = c x for a fixed number c; in place optional.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local MulConstant, parent = torch.class('nn.MulConstant', 'nn.Module')

function MulConstant:__init(constant_scalar, ip)
   parent.__init(self)
   if type(constant_scalar) ~= 'number' then
      error('nn.MulConstant: constant (number) expected, got ' .. type(constant_scalar), 2)
   end
   self.constant_scalar = constant_scalar
   self.inplace = ip or false
end

function MulConstant:updateOutput(input)
   nn.utils.checkTensor('nn.MulConstant', input)
   if self.inplace then
      input:mul(self.constant_scalar)
      self.output:set(input)
   else
      self.output:resizeAs(input):copy(input):mul(self.constant_scalar)
   end
   return self.output
end

function MulConstant:updateGradInput(input, gradOutput)
   if self.inplace then
      gradOutput:mul(self.constant_scalar)
      self.gradInput:set(gradOutput)
      input:div(self.constant_scalar)   -- give the caller its input back
   else
      self.gradInput:resizeAs(gradOutput):copy(gradOutput):mul(self.constant_scalar)
   end
   return self.gradInput
end

return MulConstant
