-- nn/TransformerEncoder.lua — a stack of Transformer encoder layers
-- (PyTorch's nn.TransformerEncoder): nn.TransformerEncoder(layer, numLayers
-- [, norm]) holds numLayers copies of `layer` (deep copies with the same
-- initial weights, as PyTorch; call :reset() for fresh ones) and an
-- optional final module `norm` (e.g. nn.LayerNorm(d), usual with pre-norm
-- layers), applied to the (N, E) rows.  Input x or {x, keyPaddingMask =
-- (B, T), attnMask = (T, T)}, the masks handed to every layer.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Container'
require 'nn.TransformerEncoderLayer'

local TE, parent = torch.class('nn.TransformerEncoder', 'nn.Container')

function TE:__init(layer, numLayers, norm)
   parent.__init(self)
   if not torch.isTypeOf(layer, 'nn.Module') then
      error('nn.TransformerEncoder: layer must be a module (got ' .. torch.type(layer) .. ')', 2)
   end
   if type(numLayers) ~= 'number' or numLayers ~= math.floor(numLayers) or numLayers < 1 then
      error('nn.TransformerEncoder: numLayers must be a positive integer (got '
            .. tostring(numLayers) .. ')', 2)
   end
   if norm ~= nil and not torch.isTypeOf(norm, 'nn.Module') then
      error('nn.TransformerEncoder: norm must be a module (got ' .. torch.type(norm) .. ')', 2)
   end
   self.numLayers = numLayers
   for i = 1, numLayers do self.modules[i] = layer:clone() end
   if norm then self.modules[numLayers + 1] = norm end
   self.hasNorm = norm ~= nil
end

local function unpackInput(input)
   if torch.isTensor(input) then return input, nil end
   if type(input) == 'table' then
      if input.keyPaddingMask == nil and input.attnMask == nil then return input[1], nil end
      return input[1], { keyPaddingMask = input.keyPaddingMask, attnMask = input.attnMask }
   end
   error('nn.TransformerEncoder: input must be a tensor or a table {x, keyPaddingMask = m} '
         .. '(got ' .. torch.type(input) .. ')', 4)
end

function TE:updateOutput(input)
   local x, masks = unpackInput(input)
   self._inputs = {}
   for i = 1, self.numLayers do
      local inp = masks and { x, keyPaddingMask = masks.keyPaddingMask,
                              attnMask = masks.attnMask } or x
      self._inputs[i] = inp
      x = self:rethrowErrors(self.modules[i], i, 'updateOutput', inp)
   end
   if self.hasNorm then
      local E = x:size(x:dim())
      self._normIn = x:contiguous():view(-1, E)
      local y = self:rethrowErrors(self.modules[self.numLayers + 1], self.numLayers + 1,
                                   'updateOutput', self._normIn)
      x = y:view(x:size())
   end
   self.output = x
   return self.output
end

function TE:updateGradInput(input, gradOutput)
   local g = gradOutput
   if self.hasNorm then
      local E = g:size(g:dim())
      local n = self.modules[self.numLayers + 1]
      g = n:updateGradInput(self._normIn, g:contiguous():view(-1, E)):view(gradOutput:size())
      self._normGrad = gradOutput:contiguous():view(-1, E)
   end
   self._grads = {}
   for i = self.numLayers, 1, -1 do
      self._grads[i] = g
      local gi = self:rethrowErrors(self.modules[i], i, 'updateGradInput', self._inputs[i], g)
      g = torch.isTensor(gi) and gi or gi[1]
   end
   self.gradInput = torch.isTensor(input) and g or { g }
   return self.gradInput
end

function TE:accGradParameters(input, gradOutput, scale)
   if not self._grads then self:updateGradInput(input, gradOutput) end
   if self.hasNorm then
      self.modules[self.numLayers + 1]:accGradParameters(self._normIn, self._normGrad, scale)
   end
   for i = 1, self.numLayers do
      self.modules[i]:accGradParameters(self._inputs[i], self._grads[i], scale)
   end
   self._grads = nil
end

function TE:backward(input, gradOutput, scale)
   self:updateGradInput(input, gradOutput)
   self:accGradParameters(input, gradOutput, scale)
   return self.gradInput
end

function TE:clearState()
   self._inputs, self._grads, self._normIn, self._normGrad = nil, nil, nil, nil
   return parent.clearState(self)
end

function TE:__tostring__()
   return string.format('nn.TransformerEncoder(%d x %s%s)', self.numLayers,
                        tostring(self.modules[1]), self.hasNorm and
                        (', norm ' .. tostring(self.modules[self.numLayers + 1])) or '')
end

return TE
