-- nn/Linear.lua — y = W x + b.  weight is outputSize x inputSize, bias
-- outputSize; input a vector (inputSize) or a batch (nframe x inputSize).
-- Initialisation as Torch7: weight then bias uniform in +-1/sqrt(inputSize)
-- from the torch generator, so seeded scripts get Torch7's numbers.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Linear, parent = torch.class('nn.Linear', 'nn.Module')

local function checksize(v, what)
   if type(v) ~= 'number' or v ~= math.floor(v) or v < 1 then
      error(string.format('nn.Linear: %s must be a positive integer (got %s)', what,
                          tostring(v)), 3)
   end
end

function Linear:__init(inputSize, outputSize, bias)
   parent.__init(self)
   checksize(inputSize, 'inputSize')
   checksize(outputSize, 'outputSize')
   if bias == nil then bias = true end
   self.weight = torch.Tensor(outputSize, inputSize)
   self.gradWeight = torch.Tensor(outputSize, inputSize):zero()
   if bias then
      self.bias = torch.Tensor(outputSize)
      self.gradBias = torch.Tensor(outputSize):zero()
   end
   self:reset()
end

function Linear:noBias()
   self.bias = nil
   self.gradBias = nil
   return self
end

function Linear:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1 / math.sqrt(self.weight:size(2))
   end
   self.weight:uniform(-stdv, stdv)
   if self.bias then self.bias:uniform(-stdv, stdv) end
   return self
end

local function ones(self, input, n)
   self.addBuffer = self.addBuffer or input.new()
   if self.addBuffer:nElement() ~= n then self.addBuffer:resize(n):fill(1) end
   return self.addBuffer
end

local function checkinput(self, input)
   nn.utils.checkTensor('nn.Linear', input)
   local d = input:dim()
   if d ~= 1 and d ~= 2 then
      error(string.format('nn.Linear: input must be a vector or a matrix (got a %dD tensor of '
                          .. 'size %s)', d, nn.utils.shape(input)), 3)
   end
   if torch.typename(input) ~= torch.typename(self.weight) then
      error(string.format('nn.Linear: input is a %s but the module holds %ss (convert one with '
                          .. ':type(), :float() or :double())', torch.typename(input),
                          torch.typename(self.weight)), 3)
   end
   if input:size(d) ~= self.weight:size(2) then
      error(string.format('nn.Linear: input has %d features, expected %d (input of size %s)',
                          input:size(d), self.weight:size(2), nn.utils.shape(input)), 3)
   end
end

function Linear:updateOutput(input)
   checkinput(self, input)
   if input:dim() == 1 then
      self.output:resize(self.weight:size(1))
      if self.bias then self.output:copy(self.bias) else self.output:zero() end
      self.output:addmv(1, self.weight, input)
   else
      local nframe = input:size(1)
      self.output:resize(nframe, self.weight:size(1))
      self.output:addmm(0, self.output, 1, input, self.weight:t())
      if self.bias then self.output:addr(1, ones(self, input, nframe), self.bias) end
   end
   return self.output
end

function Linear:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   self.gradInput:resizeAs(input)
   if input:dim() == 1 then
      self.gradInput:addmv(0, self.gradInput, 1, self.weight:t(), gradOutput)
   else
      self.gradInput:addmm(0, self.gradInput, 1, gradOutput, self.weight)
   end
   return self.gradInput
end

function Linear:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   if input:dim() == 1 then
      self.gradWeight:addr(scale, gradOutput, input)
      if self.bias then self.gradBias:add(scale, gradOutput) end
   else
      self.gradWeight:addmm(scale, gradOutput:t(), input)
      if self.bias then
         self.gradBias:addmv(scale, gradOutput:t(), ones(self, input, input:size(1)))
      end
   end
end

-- weight and gradient buffers are separate here, so sharers can use the
-- in-place trick too
Linear.sharedAccUpdateGradParameters = Linear.accUpdateGradParameters

function Linear:clearState()
   if self.addBuffer then self.addBuffer:set() end
   return parent.clearState(self)
end

function Linear:__tostring__()
   return torch.type(self) .. string.format('(%d -> %d)', self.weight:size(2),
                                            self.weight:size(1))
          .. (self.bias == nil and ' without bias' or '')
end

return Linear
