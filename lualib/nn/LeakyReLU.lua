-- nn/LeakyReLU.lua — y = x if x > 0, else negval * x (negval 1/100).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local LeakyReLU, parent = torch.class('nn.LeakyReLU', 'nn.Module')

function LeakyReLU:__init(negval, ip)
   parent.__init(self)
   if type(negval) == 'boolean' then negval, ip = nil, negval end
   self.negval = negval or 1 / 100
   self.inplace = ip or false
   if self.negval < 0 then self.inplace = false end
end

-- slope = 1 where x > 0, negval elsewhere
local function slope(self, x)
   local s = nn.utils.mask(self, '_slope', x, 'gt', 0)
   return s:mul(1 - self.negval):add(self.negval)
end

function LeakyReLU:updateOutput(input)
   nn.utils.checkTensor('nn.LeakyReLU', input)
   local s = slope(self, input)
   if self.inplace then
      input:cmul(s)
      self.output:set(input)
   else
      self.output:resizeAs(input):copy(input):cmul(s)
   end
   return self.output
end

function LeakyReLU:updateGradInput(input, gradOutput)
   -- in place, input holds the output, which has the input's sign (negval >= 0)
   local s = slope(self, input)
   if self.inplace then
      gradOutput:cmul(s)
      self.gradInput:set(gradOutput)
   else
      self.gradInput:resizeAs(gradOutput):copy(gradOutput):cmul(s)
   end
   return self.gradInput
end

function LeakyReLU:clearState()
   self._slope, self._slopeBytes = nil, nil
   return parent.clearState(self)
end

function LeakyReLU:__tostring__()
   return torch.type(self) .. string.format('(%g)', self.negval)
end

return LeakyReLU
