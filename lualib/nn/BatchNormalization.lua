-- nn/BatchNormalization.lua — batch normalisation of N x nOutput inputs:
--   BatchNormalization(nOutput, [eps=1e-5], [momentum=0.1], [affine=true])
-- y = (x - mean) / sqrt(var + eps) * weight + bias per feature.  Training
-- (the default, :training()) uses the batch's mean and biased variance and
-- updates running_mean/running_var (unbiased) with momentum; :evaluate()
-- uses the running statistics.  reset: weight uniform in [0, 1], bias 0,
-- running_mean 0, running_var 1 (Torch7).  Kernels in tensor/nn_bn.c.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'
local C = torch._nn

local BN, parent = torch.class('nn.BatchNormalization', 'nn.Module')
BN.nDim = 2

function BN:__init(nOutput, eps, momentum, affine)
   parent.__init(self)
   nn.utils.checkint(torch.type(self), nOutput, 'nOutput')
   if affine == nil then affine = true end
   self.eps = eps or 1e-5
   self.momentum = momentum or 0.1
   if type(self.eps) ~= 'number' or self.eps <= 0 then
      error(string.format('%s: eps must be a positive number (got %s)', torch.type(self),
                          tostring(eps)), 2)
   end
   self.train = true
   self.affine = affine and true or false
   self.running_mean = torch.zeros(nOutput)
   self.running_var = torch.ones(nOutput)
   if self.affine then
      self.weight = torch.Tensor(nOutput)
      self.bias = torch.Tensor(nOutput)
      self.gradWeight = torch.zeros(nOutput)
      self.gradBias = torch.zeros(nOutput)
   end
   self.save_mean = torch.Tensor()
   self.save_std = torch.Tensor()
   self:reset()
end

function BN:reset()
   if self.weight then self.weight:uniform() end
   if self.bias then self.bias:zero() end
   self.running_mean:zero()
   self.running_var:fill(1)
   return self
end

function BN:_checkInput(input)
   nn.utils.checkTensor(torch.type(self), input)
   if input:dim() ~= self.nDim then
      error(string.format('%s: only mini-batch supported (%dD tensor expected, got %s)',
                          torch.type(self), self.nDim, nn.utils.shape(input)), 3)
   end
   if input:size(2) ~= self.running_mean:nElement() then
      error(string.format('%s: got %d-feature tensor, expected %d (input of size %s)',
                          torch.type(self), input:size(2), self.running_mean:nElement(),
                          nn.utils.shape(input)), 3)
   end
end

function BN:updateOutput(input)
   self:_checkInput(input)
   local train = self.train ~= false
   C.batchnorm(torch.type(self), self.output, input, self.weight, self.bias, self.running_mean,
               self.running_var, self.save_mean, self.save_std, train, self.momentum, self.eps)
   return self.output
end

-- the statistics the forward normalised with
function BN:_stats()
   if self.train ~= false then return self.save_mean, self.save_std, true end
   return self.running_mean, self.running_var, false
end

function BN:updateGradInput(input, gradOutput)
   self:_checkInput(input)
   nn.utils.checkTensor(torch.type(self), gradOutput, 'gradOutput')
   local mean, s, train = self:_stats()
   C.batchnorm_backward(torch.type(self), self.gradInput, nil, nil, input, gradOutput,
                        self.weight, mean, s, train, self.eps, 1)
   return self.gradInput
end

function BN:accGradParameters(input, gradOutput, scale)
   if not self.affine then return end
   local mean, s, train = self:_stats()
   C.batchnorm_backward(torch.type(self), nil, self.gradWeight, self.gradBias, input,
                        gradOutput, self.weight, mean, s, train, self.eps, scale or 1)
end

function BN:clearState()
   self.save_mean:set()
   self.save_std:set()
   return parent.clearState(self)
end

function BN:__tostring__()
   return string.format('%s (%dD) (%d)', torch.type(self), self.nDim,
                        self.running_mean:nElement())
end

return BN
