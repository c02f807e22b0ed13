-- nn/LayerNorm.lua — layer normalisation over the trailing dimensions
-- (PyTorch's nn.LayerNorm): y = (x - mean) / sqrt(var + eps) * weight + bias,
-- mean and biased variance over the last #normalizedShape dimensions.
-- nn.LayerNorm(normalizedShape[, eps = 1e-5[, elementwiseAffine = true]]),
-- normalizedShape a number or a table of sizes; weight starts at 1, bias
-- at 0.  nn.LayerNormalization(nOutput[, eps]) is the same class under the
-- name Torch7 code used.
--
-- The input is viewed as (N, M), M the normalised size; one fused C pass
-- per row (torch._attention.layerNorm) keeps the mean and 1/std for
-- backward:
--   dxhat = dy * weight
--   dx    = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat))
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local LN = torch._attention
local LayerNorm, parent = torch.class('nn.LayerNorm', 'nn.Module')

function LayerNorm:__init(shape, eps, affine)
   parent.__init(self)
   local given = shape
   if type(shape) == 'number' then shape = { shape } end
   if torch.type(shape) == 'torch.LongStorage' then shape = shape:totable() end
   local ok = type(shape) == 'table' and #shape > 0
   for _, s in ipairs(ok and shape or {}) do
      if type(s) ~= 'number' or s ~= math.floor(s) or s < 1 then ok = false end
   end
   if not ok then
      error(string.format('nn.LayerNorm: normalizedShape must be a positive integer or a table '
                          .. 'of them (got %s)', tostring(given)), 2)
   end
   self.normalizedShape = { table.unpack(shape) }
   self.eps = eps or 1e-5
   if type(self.eps) ~= 'number' or self.eps < 0 then
      error('nn.LayerNorm: eps must be a non-negative number (got ' .. tostring(eps) .. ')', 2)
   end
   self.elementwiseAffine = affine ~= false
   local M = 1
   for _, s in ipairs(shape) do M = M * s end
   self.M = M
   if self.elementwiseAffine then
      local size = torch.LongStorage(self.normalizedShape)
      self.weight = torch.Tensor(size)
      self.bias = torch.Tensor(size)
      self.gradWeight = torch.Tensor(size):zero()
      self.gradBias = torch.Tensor(size):zero()
   end
   self:reset()
end

function LayerNorm:reset()
   if self.weight then
      self.weight:fill(1)
      self.bias:zero()
   end
   return self
end

local function check(self, input)
   nn.utils.checkTensor('nn.LayerNorm', input)
   local k = #self.normalizedShape
   local ok = input:dim() >= k
   for i = 1, k do
      if ok and input:size(input:dim() - k + i) ~= self.normalizedShape[i] then ok = false end
   end
   if not ok then
      error(string.format('nn.LayerNorm: input of size %s does not end with the normalized '
                          .. 'shape %s', nn.utils.shape(input),
                          table.concat(self.normalizedShape, 'x')), 3)
   end
   return input:nElement() // self.M
end

function LayerNorm:updateOutput(input)
   check(self, input)
   local y, mean, rstd = LN.layerNorm(input, self.weight, self.bias, self.M, self.eps)
   self.mean, self.rstd = mean, rstd
   self.output = y
   return self.output
end

function LayerNorm:updateGradInput(input, gradOutput)
   check(self, input)
   if not torch.isTensor(gradOutput) or not gradOutput:isSameSizeAs(input) then
      error(string.format('nn.LayerNorm: gradOutput has size %s, expected %s',
                          nn.utils.shape(gradOutput), nn.utils.shape(input)), 2)
   end
   if not self.mean then error('nn.LayerNorm: backward called before forward', 2) end
   self.gradInput = LN.layerNormBackward(gradOutput, input, self.mean, self.rstd, self.weight,
                                         self.M, true)
   return self.gradInput
end

function LayerNorm:accGradParameters(input, gradOutput, scale)
   if not self.weight then return end
   check(self, input)
   if not self.mean then error('nn.LayerNorm: backward called before forward', 2) end
   LN.layerNormBackward(gradOutput, input, self.mean, self.rstd, self.weight, self.M, false,
                        self.gradWeight, self.gradBias, scale or 1)
end

function LayerNorm:clearState()
   self.mean, self.rstd = nil, nil
   return parent.clearState(self)
end

function LayerNorm:__tostring__()
   return string.format('nn.LayerNorm(%s, eps %g%s)', table.concat(self.normalizedShape, 'x'),
                        self.eps, self.elementwiseAffine and '' or ', without affine')
end

nn.LayerNormalization = nn.LayerNorm

return LayerNorm
