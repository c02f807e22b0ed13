-- nn/LayerNorm.lua — layer normalisation over the trailing dimensions
-- (PyTorch's nn.LayerNorm): y = (x - mean) / sqrt(var + eps) * weight + bias,
-- mean and biased variance over the last #normalizedShape dimensions.
-- nn.LayerNorm(normalizedShape[, eps = 1e-5[, elementwiseAffine = true]]),
-- normalizedShape a number or a table of sizes; weight starts at 1, bias
-- at 0.  nn.LayerNormalization(nOutput[, eps]) is the same class under the
-- name Torch7 code used.
--
-- The input is viewed as (N, M), M the normalised size; per row the mean
-- and 1/std are kept for backward:
--   dxhat = dy * weight
--   dx    = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat))
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

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
   local N = check(self, input)
   local M = self.M
   local x = input:contiguous():view(N, M)
   local mean = x:mean(2)                                  -- N x 1
   local xc = x - mean:expandAs(x)
   local var = torch.cmul(xc, xc):mean(2)
   local rstd = var:add(self.eps):sqrt():pow(-1)           -- N x 1
   local xhat = xc:cmul(rstd:expandAs(xc))
   self.xhat, self.rstd = xhat, rstd
   local y = self.output:resize(N, M)
   if self.weight then
      y:copy(xhat):cmul(self.weight:view(1, M):expandAs(xhat))
      y:add(self.bias:view(1, M):expandAs(xhat))
   else
      y:copy(xhat)
   end
   self.output = y:view(input:size())
   return self.output
end

function LayerNorm:updateGradInput(input, gradOutput)
   local N, M = check(self, input), self.M
   if not gradOutput:isSameSizeAs(input) then
      error(string.format('nn.LayerNorm: gradOutput has size %s, expected %s',
                          nn.utils.shape(gradOutput), nn.utils.shape(input)), 2)
   end
   local dy = gradOutput:contiguous():view(N, M)
   local xhat = self.xhat
   local dxhat = self.weight and torch.cmul(dy, self.weight:view(1, M):expandAs(dy)) or dy:clone()
   local m1 = dxhat:mean(2)
   local m2 = torch.cmul(dxhat, xhat):mean(2)
   local dx = dxhat:add(-1, m1:expandAs(dxhat)):add(-1, torch.cmul(xhat, m2:expandAs(xhat)))
   dx:cmul(self.rstd:expandAs(dx))
   self.gradInput = dx:view(input:size())
   return self.gradInput
end

function LayerNorm:accGradParameters(input, gradOutput, scale)
   if not self.weight then return end
   scale = scale or 1
   local N, M = check(self, input), self.M
   local dy = gradOutput:contiguous():view(N, M)
   self.gradWeight:view(M):add(scale, torch.cmul(dy, self.xhat):sum(1):view(M))
   self.gradBias:view(M):add(scale, dy:sum(1):view(M))
end

function LayerNorm:clearState()
   self.xhat, self.rstd = nil, nil
   return parent.clearState(self)
end

function LayerNorm:__tostring__()
   return string.format('nn.LayerNorm(%s, eps %g%s)', table.concat(self.normalizedShape, 'x'),
                        self.eps, self.elementwiseAffine and '' or ', without affine')
end

nn.LayerNormalization = nn.LayerNorm

return LayerNorm
