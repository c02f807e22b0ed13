-- nn/MSECriterion.lua — loss = sum((x - t)^2), divided by the number of
-- elements when sizeAverage (default).  gradInput = 2 (x - t) [/ n].
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Criterion'

local MSECriterion, parent = torch.class('nn.MSECriterion', 'nn.Criterion')

function MSECriterion:__init(sizeAverage)
   parent.__init(self)
   self.sizeAverage = nn.utils.sizeAverage(sizeAverage)
end

function MSECriterion:updateOutput(input, target)
   nn.utils.checkInputTarget(torch.type(self), input, target)
   self._diff = self._diff or input.new()
   self._diff:resizeAs(input):copy(input):add(-1, target:viewAs(input))
   local s = self._diff:dot(self._diff)
   if self.sizeAverage then s = s / input:nElement() end
   self.output = s
   return s
end

function MSECriterion:updateGradInput(input, target)
   nn.utils.checkInputTarget(torch.type(self), input, target)
   local norm = self.sizeAverage and 2 / input:nElement() or 2
   self.gradInput:resizeAs(input):copy(input):add(-1, target:viewAs(input)):mul(norm)
   return self.gradInput
end

return MSECriterion
