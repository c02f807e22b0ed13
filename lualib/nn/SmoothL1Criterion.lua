-- nn/SmoothL1Criterion.lua — the Huber loss with threshold 1: per element
-- 0.5 d^2 where |d| < 1, else |d| - 0.5 (d = x - t); summed, divided by the
-- number of elements when sizeAverage (default).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Criterion'

local SmoothL1Criterion, parent = torch.class('nn.SmoothL1Criterion', 'nn.Criterion')

function SmoothL1Criterion:__init(sizeAverage)
   parent.__init(self)
   self.sizeAverage = nn.utils.sizeAverage(sizeAverage)
end

function SmoothL1Criterion:updateOutput(input, target)
   nn.utils.checkInputTarget(torch.type(self), input, target)
   local d = input.new():resizeAs(input):copy(input):add(-1, target:viewAs(input))
   local a = d.new():resizeAs(d):copy(d):abs()
   local small = a:lt(1)
   local sq = d.new():resizeAs(d):copy(d):pow(2):mul(0.5)
   local lin = a:add(-0.5)
   lin:maskedCopy(small, sq:maskedSelect(small))
   local s = lin:sum()
   if self.sizeAverage then s = s / input:nElement() end
   self.output = s
   return s
end

function SmoothL1Criterion:updateGradInput(input, target)
   nn.utils.checkInputTarget(torch.type(self), input, target)
   -- clamp(d, -1, 1)
   self.gradInput:resizeAs(input):copy(input):add(-1, target:viewAs(input)):clamp(-1, 1)
   if self.sizeAverage then self.gradInput:div(input:nElement()) end
   return self.gradInput
end

return SmoothL1Criterion
