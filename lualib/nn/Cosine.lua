-- nn/Cosine.lua — y_j = (w_j . x) / (||w_j|| ||x||): the cosine similarity
-- of the input with each row of weight (outputSize x inputSize).  Vector or
-- batch input; 1e-12 is added to the norms, as Torch7, so a zero vector
-- gives 0.
--   dy/dx = w / (|w||x|) - y x / |x|^2,   dy/dw = x / (|w||x|) - y w / |w|^2
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Cosine, parent = torch.class('nn.Cosine', 'nn.Module')

function Cosine:__init(inputSize, outputSize)
   parent.__init(self)
   self.weight = torch.Tensor(outputSize, inputSize)
   self.gradWeight = torch.Tensor(outputSize, inputSize):zero()
   self:reset()
end

function Cosine:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1 / math.sqrt(self.weight:size(1))
   end
   self.weight:uniform(-stdv, stdv)
   return self
end

local function prepare(self, input)
   nn.utils.checkTensor('nn.Cosine', input)
   local x = input:dim() == 1 and input:view(1, -1) or input
   if x:dim() ~= 2 or x:size(2) ~= self.weight:size(2) then
      error(string.format('nn.Cosine: input of size %s, expected %d features',
                          nn.utils.shape(input), self.weight:size(2)), 3)
   end
   local xn = x:norm(2, 2):add(1e-12)                  -- n x 1
   local wn = self.weight:norm(2, 2):add(1e-12)        -- out x 1
   return x, xn, wn
end

function Cosine:updateOutput(input)
   local x, xn, wn = prepare(self, input)
   local y = torch.mm(x, self.weight:t())              -- n x out
   y:cdiv(xn:expandAs(y)):cdiv(wn:t():expandAs(y))
   if input:dim() == 1 then y = y:view(self.weight:size(1)) end
   self.output:resizeAs(y):copy(y)
   return self.output
end

function Cosine:updateGradInput(input, gradOutput)
   local x, xn, wn = prepare(self, input)
   local n, dout = x:size(1), self.weight:size(1)
   local y = self.output:contiguous():view(n, dout)
   local g = gradOutput:contiguous():view(n, dout)
   -- sum_j g_j w_j / (|w_j||x|)  -  (sum_j g_j y_j) x / |x|^2
   local gw = torch.cdiv(g, wn:t():expandAs(g))
   local gi = torch.mm(gw, self.weight):cdiv(xn:expandAs(x))
   local gy = torch.cmul(g, y):sum(2)
   gi:add(-1, torch.cmul(x, torch.cdiv(gy, torch.cmul(xn, xn)):expandAs(x)))
   self.gradInput:resizeAs(input):copy(gi:viewAs(input))
   return self.gradInput
end

function Cosine:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   local x, xn, wn = prepare(self, input)
   local n, dout = x:size(1), self.weight:size(1)
   local y = self.output:contiguous():view(n, dout)
   local g = gradOutput:contiguous():view(n, dout)
   -- sum_n g_nj x_n / (|w_j||x_n|)  -  (sum_n g_nj y_nj) w_j / |w_j|^2
   local gx = torch.cdiv(g, xn:expandAs(g))
   local dw = torch.mm(gx:t(), x):cdiv(wn:expandAs(self.weight))
   local gy = torch.cmul(g, y):sum(1):t()             -- out x 1
   dw:add(-1, torch.cmul(self.weight, torch.cdiv(gy, torch.cmul(wn, wn)):expandAs(self.weight)))
   self.gradWeight:add(scale, dw)
end

return Cosine
