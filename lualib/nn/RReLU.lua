-- nn/RReLU.lua — randomized leaky ReLU: in training, each negative element
-- is scaled by a slope drawn uniformly from [l, u] (torch generator, one
-- draw per element in memory order, kept in self.noise for backward); in
-- evaluation, by (l + u) / 2.  Defaults l = 1/8, u = 1/3.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local RReLU, parent = torch.class('nn.RReLU', 'nn.Module')

function RReLU:__init(l, u, ip)
   parent.__init(self)
   self.lower = l or 1 / 8
   self.upper = u or 1 / 3
   if not (self.lower >= 0 and self.lower <= self.upper and self.upper <= 1) then
      error(string.format('nn.RReLU: 0 <= lower (%g) <= upper (%g) <= 1 required', self.lower,
                          self.upper), 2)
   end
   self.noise = torch.Tensor()
   self.train = true
   self.inplace = ip or false
end

function RReLU:updateOutput(input)
   nn.utils.checkTensor('nn.RReLU', input)
   local pos = nn.utils.mask(self, '_pos', input, 'gt', 0)
   self.noise:resizeAs(input)
   if self.train ~= false then
      self.noise:uniform(self.lower, self.upper)
   else
      self.noise:fill((self.lower + self.upper) / 2)
   end
   -- noise = 1 where x > 0
   self.noise:cmul(torch.mul(pos, -1):add(1)):add(pos)
   if self.inplace then
      input:cmul(self.noise)
      self.output:set(input)
   else
      self.output:resizeAs(input):copy(input):cmul(self.noise)
   end
   return self.output
end

function RReLU:updateGradInput(input, gradOutput)
   if self.inplace then
      gradOutput:cmul(self.noise)
      self.gradInput:set(gradOutput)
   else
      self.gradInput:resizeAs(gradOutput):copy(gradOutput):cmul(self.noise)
   end
   return self.gradInput
end

function RReLU:__tostring__()
   return string.format('%s (l:%f, u:%f)', torch.type(self), self.lower, self.upper)
end

function RReLU:clearState()
   self._pos, self._posBytes = nil, nil
   if self.noise then self.noise:set() end
   return parent.clearState(self)
end

return RReLU
