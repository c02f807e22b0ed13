-- nn/HingeEmbeddingCriterion.lua — for distances x and labels y = +-1:
--   HingeEmbeddingCriterion([margin=1])
-- per element: x where y == 1, max(0, margin - x) where y == -1; summed,
-- divided by the number of elements when sizeAverage (default true).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Criterion'

local HEC, parent = torch.class('nn.HingeEmbeddingCriterion', 'nn.Criterion')

function HEC:__init(margin)
   parent.__init(self)
   self.margin = margin or 1
   self.sizeAverage = true
end

local function target_of(self, input, target)
   if type(target) == 'number' then return input.new():resizeAs(input):fill(target) end
   nn.utils.checkInputTarget(torch.type(self), input, target)
   return target:viewAs(input)
end

function HEC:updateOutput(input, target)
   nn.utils.checkTensor(torch.type(self), input)
   local y = target_of(self, input, target)
   local pos, neg = y:eq(1), y:eq(-1)
   local l = input.new():resizeAs(input):copy(input):mul(-1):add(self.margin):cmax(0)
   l:maskedCopy(pos, input:maskedSelect(pos))
   l:maskedFill(pos:add(neg):eq(0), 0)
   local s = l:sum()
   if self.sizeAverage then s = s / input:nElement() end
   self.output = s
   return s
end

function HEC:updateGradInput(input, target)
   nn.utils.checkTensor(torch.type(self), input)
   local y = target_of(self, input, target)
   local g = self.gradInput:resizeAs(input):zero()
   g:maskedFill(y:eq(1), 1)
   local active = input.new():resizeAs(input):copy(input):mul(-1):add(self.margin):gt(0)
   g:maskedFill(y:eq(-1):cmul(active), -1)
   if self.sizeAverage then g:div(input:nElement()) end
   return g
end

return HEC
