-- nn/SoftPlus.lua — y = log(1 + exp(beta * x)) / beta (beta 1), and y = x
-- where beta * x > threshold (20), where the two agree to double precision
-- and exp would overflow; dy/dx = sigmoid(beta * x), 1 in the linear part.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local SoftPlus, parent = torch.class('nn.SoftPlus', 'nn.Module')

function SoftPlus:__init(beta, threshold)
   parent.__init(self)
   self.beta = beta or 1
   self.threshold = threshold or 20
   if self.beta == 0 then error('nn.SoftPlus: beta must not be 0', 2) end
end

function SoftPlus:updateOutput(input)
   nn.utils.checkTensor('nn.SoftPlus', input)
   self._bx = self._bx or input.new()
   self._bx:resizeAs(input):copy(input):mul(self.beta)
   local lin = nn.utils.mask(self, '_lin', self._bx, 'gt', self.threshold)
   -- softplus on min(bx, threshold) keeps exp finite; then select
   self.output:resizeAs(input)
   torch.cmin(self.output, self._bx, self.threshold)
   self.output:exp():log1p():div(self.beta)
   self.output:cmul(torch.mul(lin, -1):add(1)):add(torch.cmul(lin, input))
   return self.output
end

function SoftPlus:updateGradInput(input, gradOutput)
   local lin = self._lin
   self.gradInput:resizeAs(input):sigmoid(self._bx)
   self.gradInput:cmul(torch.mul(lin, -1):add(1)):add(lin):cmul(gradOutput)
   return self.gradInput
end

function SoftPlus:clearState()
   self._bx, self._lin, self._linBytes = nil, nil, nil
   return parent.clearState(self)
end

return SoftPlus
