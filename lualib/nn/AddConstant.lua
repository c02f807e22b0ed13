-- nn/AddConstant.lua — y = x + c for a fixed number c; in place optional.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local AddConstant, parent = torch.class('nn.AddConstant', 'nn.Module')

function AddConstant:__init(constant_scalar, ip)
   parent.__init(self)
   if type(constant_scalar) ~= 'number' then
      error('nn.AddConstant: constant (number) expected, got ' .. type(constant_scalar), 2)
   end
   self.constant_scalar = constant_scalar
   self.inplace = ip or false
end

function AddConstant:updateOutput(input)
   nn.utils.checkTensor('nn.AddConstant', input)
   if self.inplace then
      input:add(self.constant_scalar)
      self.output:set(input)
   else
      self.output:resizeAs(input):copy(input):add(self.constant_scalar)
   end
   return self.output
end

function AddConstant:updateGradInput(input, gradOutput)
   if self.inplace then
      self.gradInput:set(gradOutput)
      input:add(-self.constant_scalar)   -- give the caller its input back
   else
      self.gradInput:resizeAs(gradOutput):copy(gradOutput)
   end
   return self.gradInput
end

return AddConstant
