-- nn/Dropout.lua — in training, zero each element with probability p (0.5)
-- and scale the survivors by 1/(1-p), so evaluation is the identity
-- (Torch7's default "v2"; Dropout(p, true) is the old v1 that scales by
-- 1-p at evaluation instead).  The mask is drawn with the torch generator
-- (bernoulli(1-p), memory order) and kept in self.noise for backward.
-- stochasticInference keeps dropping at evaluation.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Dropout, parent = torch.class('nn.Dropout', 'nn.Module')

function Dropout:__init(p, v1, inplace, stochasticInference)
   parent.__init(self)
   self.p = p or 0.5
   self.train = true
   self.inplace = inplace
   self.stochastic_inference = stochasticInference or false
   self.v2 = not v1
   if type(self.p) ~= 'number' or self.p >= 1 or self.p < 0 then
      error('nn.Dropout: illegal percentage ' .. tostring(self.p) .. ', must be 0 <= p < 1', 2)
   end
   self.noise = torch.Tensor()
end

function Dropout:updateOutput(input)
   nn.utils.checkTensor('nn.Dropout', input)
   if self.inplace then
      self.output:set(input)
   else
      self.output:resizeAs(input):copy(input)
   end
   if self.p > 0 then
      if self.train or self.stochastic_inference then
         self.noise:resizeAs(input)
         self.noise:bernoulli(1 - self.p)
         if self.v2 then self.noise:div(1 - self.p) end
         self.output:cmul(self.noise)
      elseif not self.v2 then
         self.output:mul(1 - self.p)
      end
   end
   return self.output
end

function Dropout:updateGradInput(input, gradOutput)
   if self.inplace then
      self.gradInput:set(gradOutput)
   else
      self.gradInput:resizeAs(gradOutput):copy(gradOutput)
   end
   if self.train then
      if self.p > 0 then self.gradInput:cmul(self.noise) end
   elseif not self.v2 and self.p > 0 then
      self.gradInput:mul(1 - self.p)
   end
   return self.gradInput
end

function Dropout:setp(p)
   self.p = p
end

function Dropout:__tostring__()
   return string.format('%s(%f)', torch.type(self), self.p)
end

function Dropout:clearState()
   if self.noise then self.noise:set() end
   return parent.clearState(self)
end

return Dropout
