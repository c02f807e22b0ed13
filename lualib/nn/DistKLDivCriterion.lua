-- nn/DistKLDivCriterion.lua — Kullback-Leibler divergence of a target
-- distribution t from log-probabilities x: loss = sum_{t > 0} t (log t - x),
-- divided by the number of elements when sizeAverage (default).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Criterion'

local DistKLDivCriterion, parent = torch.class('nn.DistKLDivCriterion', 'nn.Criterion')

function DistKLDivCriterion:__init(sizeAverage)
   parent.__init(self)
   self.sizeAverage = nn.utils.sizeAverage(sizeAverage)
end

function DistKLDivCriterion:updateOutput(input, target)
   nn.utils.checkInputTarget(torch.type(self), input, target)
   local t = target:viewAs(input)
   local pos = t:gt(0)
   local tp = t:maskedSelect(pos)
   local s = 0
   if tp:nElement() > 0 then
      s = tp:dot(tp.new():resizeAs(tp):copy(tp):log():add(-1, input:maskedSelect(pos)))
   end
   if self.sizeAverage then s = s / input:nElement() end
   self.output = s
   return s
end

function DistKLDivCriterion:updateGradInput(input, target)
   nn.utils.checkInputTarget(torch.type(self), input, target)
   local t = target:viewAs(input)
   self.gradInput:resizeAs(input):copy(t):mul(-1)
   self.gradInput:maskedFill(t:le(0), 0)
   if self.sizeAverage then self.gradInput:div(input:nElement()) end
   return self.gradInput
end

return DistKLDivCriterion
