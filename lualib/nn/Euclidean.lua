-- nn/Euclidean.lua — y_j = ||x - w_j||: the distance from the input to each
-- of outputSize learnt centres, the columns of weight (inputSize x
-- outputSize).  Vector or batch input.  Where a distance is 0, its
-- gradient is taken as 0 (the norm is not differentiable there).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Euclidean, parent = torch.class('nn.Euclidean', 'nn.Module')

function Euclidean:__init(inputSize, outputSize)
   parent.__init(self)
   self.weight = torch.Tensor(inputSize, outputSize)
   self.gradWeight = torch.Tensor(inputSize, outputSize):zero()
   self:reset()
end

function Euclidean:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1 / math.sqrt(self.weight:size(1))
   end
   self.weight:uniform(-stdv, stdv)
   return self
end

-- batch view of the input, and diff = x - w (n x in x out)
local function diffs(self, input)
   nn.utils.checkTensor('nn.Euclidean', input)
   local x = input:dim() == 1 and input:view(1, -1) or input
   if x:dim() ~= 2 or x:size(2) ~= self.weight:size(1) then
      error(string.format('nn.Euclidean: input of size %s, expected %d features',
                          nn.utils.shape(input), self.weight:size(1)), 3)
   end
   local n, din, dout = x:size(1), self.weight:size(1), self.weight:size(2)
   local diff = x:view(n, din, 1):expand(n, din, dout) - self.weight:view(1, din, dout):expand(n, din, dout)
   return x, diff
end

function Euclidean:updateOutput(input)
   local x, diff = diffs(self, input)
   local out = torch.cmul(diff, diff):sum(2):sqrt():view(x:size(1), self.weight:size(2))
   if input:dim() == 1 then out = out:view(self.weight:size(2)) end
   self.output:resizeAs(out):copy(out)
   return self.output
end

-- g / y where y > 0, else 0 (n x 1 x out)
local function scaled(self, x, gradOutput)
   local n, dout = x:size(1), self.weight:size(2)
   local y = self.output:contiguous():view(n, dout)
   local g = gradOutput:contiguous():view(n, dout)
   local zero = torch.le(y, 0):typeAs(y)
   local q = torch.cdiv(g, torch.add(y, zero)):cmul(zero:mul(-1):add(1))
   return q:view(n, 1, dout)
end

function Euclidean:updateGradInput(input, gradOutput)
   local x, diff = diffs(self, input)
   local q = scaled(self, x, gradOutput)
   local gi = torch.cmul(diff, q:expandAs(diff)):sum(3):view(x:size(1), x:size(2))
   self.gradInput:resizeAs(input):copy(gi:viewAs(input))
   return self.gradInput
end

function Euclidean:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   local x, diff = diffs(self, input)
   local q = scaled(self, x, gradOutput)
   local gw = torch.cmul(diff, q:expandAs(diff)):sum(1):view(self.weight:size())
   self.gradWeight:add(-scale, gw)
end

return Euclidean
