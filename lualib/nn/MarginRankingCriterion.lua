-- nn/MarginRankingCriterion.lua — ranking hinge loss of a pair {x1, x2}:
--   MarginRankingCriterion([margin=0])
-- loss = max(0, -y (x1 - x2) + margin), y = 1 when x1 should rank higher,
-- -1 when x2 should.  x1, x2 are 1-element tensors with a number target, or
-- vectors of N scores with N targets (averaged when sizeAverage, default).
-- gradInput is the pair {dx1, dx2}.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Criterion'

local MRC, parent = torch.class('nn.MarginRankingCriterion', 'nn.Criterion')

function MRC:__init(margin)
   parent.__init(self)
   self.margin = margin or 0
   self.sizeAverage = true
   self.gradInput = { torch.Tensor(), torch.Tensor() }
end

-- x1, x2 as vectors and y as a tensor of their size
function nn.utils.pairArgs(self, input, target)
   if type(input) ~= 'table' or not torch.isTensor(input[1]) or not torch.isTensor(input[2]) then
      error(string.format('%s: input must be a table of two tensors (got %s)', torch.type(self),
                          torch.type(input)), 4)
   end
   local x1, x2 = input[1], input[2]
   if x1:nElement() ~= x2:nElement() then
      error(string.format('%s: the two inputs differ in size (%s and %s)', torch.type(self),
                          nn.utils.shape(x1), nn.utils.shape(x2)), 4)
   end
   local y
   if type(target) == 'number' then
      y = x1.new(x1:nElement()):fill(target)
   elseif torch.isTensor(target) and target:nElement() == x1:nElement() then
      y = x1.new(x1:nElement()):copy(target:contiguous():view(target:nElement()))
   else
      error(string.format('%s: target must be a number or a tensor of %d element(s) (got %s)',
                          torch.type(self), x1:nElement(), nn.utils.shape(target)), 4)
   end
   return x1:contiguous():view(x1:nElement()), x2:contiguous():view(x2:nElement()), y
end

local function hinge(self, x1, x2, y)
   -- -y (x1 - x2) + margin
   return x1.new():resizeAs(x1):copy(x1):add(-1, x2):cmul(y):mul(-1):add(self.margin)
end

function MRC:updateOutput(input, target)
   local x1, x2, y = nn.utils.pairArgs(self, input, target)
   local s = hinge(self, x1, x2, y):cmax(0):sum()
   if self.sizeAverage then s = s / x1:nElement() end
   self.output = s
   return s
end

function MRC:updateGradInput(input, target)
   local x1, x2, y = nn.utils.pairArgs(self, input, target)
   local active = hinge(self, x1, x2, y):gt(0)
   local g = y.new():resizeAs(y):copy(y):mul(-1)
   g:maskedFill(active:eq(0), 0)
   if self.sizeAverage then g:div(x1:nElement()) end
   self.gradInput[1] = self.gradInput[1] or input[1].new()
   self.gradInput[2] = self.gradInput[2] or input[1].new()
   self.gradInput[1]:resizeAs(input[1]):copy(g:viewAs(input[1]))
   self.gradInput[2]:resizeAs(input[2]):copy(g:viewAs(input[2])):mul(-1)
   return self.gradInput
end

return MRC
