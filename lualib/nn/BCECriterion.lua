-- nn/BCECriterion.lua — binary cross-entropy of probabilities x in (0, 1):
--   BCECriterion([weights], [sizeAverage=true])
-- loss = -sum w (t log(x + eps) + (1 - t) log(1 - x + eps)), eps = 1e-12
-- (Torch7), divided by the number of elements when sizeAverage.  weights,
-- if given, has the input's size or a batch row's (it is broadcast over
-- the batch).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Criterion'

local BCECriterion, parent = torch.class('nn.BCECriterion', 'nn.Criterion')
local eps = 1e-12

function BCECriterion:__init(weights, sizeAverage)
   parent.__init(self)
   if weights ~= nil and not torch.isTensor(weights) then
      error(string.format('%s: weights must be a tensor (got %s)', torch.type(self),
                          torch.type(weights)), 2)
   end
   self.weights = weights
   self.sizeAverage = nn.utils.sizeAverage(sizeAverage)
end

local function weightsFor(self, input)
   if not self.weights then return nil end
   local w = self.weights
   if torch.type(w) ~= torch.type(input) then w = w:type(torch.type(input)) end
   if w:nElement() == input:nElement() then return w:viewAs(input) end
   if input:dim() == 2 and w:nElement() == input:size(2) then
      return w:view(1, input:size(2)):expandAs(input)
   end
   error(string.format('%s: weights of size %s do not fit input %s', torch.type(self),
                       nn.utils.shape(self.weights), nn.utils.shape(input)), 3)
end

function BCECriterion:updateOutput(input, target)
   nn.utils.checkInputTarget(torch.type(self), input, target)
   local t = target:viewAs(input)
   local w = weightsFor(self, input)
   local a = input.new():resizeAs(input):copy(input):add(eps):log():cmul(t)
   local b = input.new():resizeAs(input):copy(input):mul(-1):add(1 + eps):log()
   b:cmul(t.new():resizeAs(t):copy(t):mul(-1):add(1))
   a:add(b)
   if w then a:cmul(w) end
   local s = -a:sum()
   if self.sizeAverage then s = s / input:nElement() end
   self.output = s
   return s
end

function BCECriterion:updateGradInput(input, target)
   nn.utils.checkInputTarget(torch.type(self), input, target)
   local t = target:viewAs(input)
   local w = weightsFor(self, input)
   -- d/dx = -(t - x) / ((1 - x + eps)(x + eps))
   local den = input.new():resizeAs(input):copy(input):mul(-1):add(1 + eps)
   den:cmul(input.new():resizeAs(input):copy(input):add(eps))
   self.gradInput:resizeAs(input):copy(input):add(-1, t):cdiv(den)
   if w then self.gradInput:cmul(w) end
   if self.sizeAverage then self.gradInput:div(input:nElement()) end
   return self.gradInput
end

return BCECriterion
