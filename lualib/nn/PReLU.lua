-- nn/PReLU.lua — y = x if x > 0, else w * x, with w learnt: one weight for
-- all (nOutputPlane = 0, the default) or one per channel.  The channel
-- dimension is 1 for 1-D/3-D inputs (C / CxHxW) and 2 for batches (NxC /
-- NxCxHxW), as Torch7.  Weights start at 0.25.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local PReLU, parent = torch.class('nn.PReLU', 'nn.Module')

function PReLU:__init(nOutputPlane)
   parent.__init(self)
   self.nOutputPlane = nOutputPlane or 0
   self.weight = torch.Tensor(math.max(self.nOutputPlane, 1)):fill(0.25)
   self.gradWeight = torch.Tensor(math.max(self.nOutputPlane, 1)):zero()
end

-- w shaped to broadcast against x: 1 x ... x C x ... x 1
local function viewWeight(self, x)
   if self.nOutputPlane == 0 then return nil end
   local d = x:dim()
   local cdim = (d == 1 or d == 3) and 1 or 2
   if d > 4 or x:size(cdim) ~= self.nOutputPlane then
      error(string.format('nn.PReLU: input of size %s does not have %d channels in dimension %d',
                          nn.utils.shape(x), self.nOutputPlane, cdim), 3)
   end
   local shape = {}
   for i = 1, d do shape[i] = i == cdim and self.nOutputPlane or 1 end
   return self.weight:view(table.unpack(shape))
end

-- self._neg = x * (x <= 0)
function PReLU:updateOutput(input)
   nn.utils.checkTensor('nn.PReLU', input)
   local w = viewWeight(self, input)
   local neg = nn.utils.mask(self, '_negmask', input, 'le', 0)
   self._neg = self._neg or input.new()
   self._neg:resizeAs(input):copy(input):cmul(neg)
   self.output:resizeAs(input):copy(input):add(-1, self._neg)   -- the positive part
   if w then
      self.output:add(torch.cmul(self._neg, w:expandAs(input)))
   else
      self.output:add(self.weight[1], self._neg)
   end
   return self.output
end

function PReLU:updateGradInput(input, gradOutput)
   local w = viewWeight(self, input)
   local neg = self._negmask
   -- slope = 1 - neg + w * neg
   self._slope = self._slope or input.new()
   self._slope:resizeAs(input):fill(1):add(-1, neg)
   if w then
      self._slope:add(torch.cmul(neg, w:expandAs(input)))
   else
      self._slope:add(self.weight[1], neg)
   end
   self.gradInput:resizeAs(gradOutput):copy(gradOutput):cmul(self._slope)
   return self.gradInput
end

function PReLU:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   local prod = torch.cmul(self._neg, gradOutput)
   if self.nOutputPlane == 0 then
      self.gradWeight[1] = self.gradWeight[1] + scale * prod:sum()
   else
      local d = input:dim()
      local cdim = (d == 1 or d == 3) and 1 or 2
      local per = prod:transpose(1, cdim):contiguous():view(self.nOutputPlane, -1):sum(2)
      self.gradWeight:add(scale, per:view(self.nOutputPlane))
   end
end

function PReLU:clearState()
   self._neg, self._negmask, self._negmaskBytes, self._slope = nil, nil, nil, nil
   return parent.clearState(self)
end

return PReLU
