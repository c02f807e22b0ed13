-- nn/SpatialDropout.lua — drops whole feature maps: SpatialDropout([p=0.5]).
-- In training each plane of a C x H x W or N x C x H x W input is zeroed
-- with probability p (one draw per plane: neighbouring pixels are
-- correlated, so dropping them one by one regularises little); in
-- evaluation the output is input * (1 - p), as in Torch7 (no rescaling
-- during training).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local SpatialDropout, parent = torch.class('nn.SpatialDropout', 'nn.Module')

function SpatialDropout:__init(p)
   parent.__init(self)
   self.p = p or 0.5
   if type(self.p) ~= 'number' or self.p < 0 or self.p >= 1 then
      error(string.format('%s: p must be a number in [0, 1) (got %s)', torch.type(self),
                          tostring(p)), 2)
   end
   self.train = true
   self.noise = torch.Tensor()
end

function SpatialDropout:updateOutput(input)
   nn.utils.checkTensor(torch.type(self), input)
   self.output:resizeAs(input):copy(input)
   if self.train ~= false then
      if input:dim() == 4 then
         self.noise:resize(input:size(1), input:size(2), 1, 1)
      elseif input:dim() == 3 then
         self.noise:resize(input:size(1), 1, 1)
      else
         error(string.format('%s: input must be 4D (nbatch, nfeat, h, w) or 3D (nfeat, h, w) '
                             .. '(got %s)', torch.type(self), nn.utils.shape(input)), 2)
      end
      self.noise:bernoulli(1 - self.p)
      self.output:cmul(self.noise:expandAs(input))
   else
      self.output:mul(1 - self.p)
   end
   return self.output
end

function SpatialDropout:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(gradOutput):copy(gradOutput)
   if self.train ~= false then
      self.gradInput:cmul(self.noise:expandAs(input))
   else
      self.gradInput:mul(1 - self.p)
   end
   return self.gradInput
end

function SpatialDropout:setp(p)
   self.p = p
   return self
end

function SpatialDropout:clearState()
   if self.noise then self.noise:set() end
   return parent.clearState(self)
end

function SpatialDropout:__tostring__()
   return string.format('%s(%f)', torch.type(self), self.p)
end

return SpatialDropout
