-- nn/ELU.lua — y = x if x > 0, else alpha * (exp(x) - 1) (alpha 1);
-- dy/dx = 1, or y + alpha on the negative side.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local ELU, parent = torch.class('nn.ELU', 'nn.Module')

function ELU:__init(alpha, inplace)
   parent.__init(self)
   self.alpha = alpha or 1
   self.inplace = inplace or false
end

function ELU:updateOutput(input)
   nn.utils.checkTensor('nn.ELU', input)
   local pos = nn.utils.mask(self, '_pos', input, 'gt', 0)
   -- negative part alpha * (exp(min(x, 0)) - 1), which is 0 where x > 0
   self._neg = self._neg or input.new()
   torch.cmin(self._neg, input, 0)
   self._neg:exp():add(-1):mul(self.alpha)
   local out = self.inplace and input or self.output:resizeAs(input)
   out:copy(input):cmul(pos):add(self._neg)
   if self.inplace then self.output:set(input) end
   return self.output
end

function ELU:updateGradInput(input, gradOutput)
   -- slope = pos + (1 - pos) * (y + alpha)
   local pos = self._pos
   self._slope = self._slope or input.new()
   self._slope:resizeAs(pos):copy(self._neg):add(self.alpha):cmul(torch.mul(pos, -1):add(1))
      :add(pos)
   if self.inplace then
      gradOutput:cmul(self._slope)
      self.gradInput:set(gradOutput)
   else
      self.gradInput:resizeAs(gradOutput):copy(gradOutput):cmul(self._slope)
   end
   return self.gradInput
end

function ELU:clearState()
   self._pos, self._posBytes, self._neg, self._slope = nil, nil, nil, nil
   return parent.clearState(self)
end

function ELU:__tostring__()
   return string.format('%s (alpha:%f)', torch.type(self), self.alpha)
end

return ELU
