-- nn/Add.lua — y = x + b: b a learnt vector of inputSize (added to each
-- row of a batch), or one learnt scalar when `scalar` is true.
-- reset: uniform in +-1/sqrt(#b).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Add, parent = torch.class('nn.Add', 'nn.Module')

function Add:__init(inputSize, scalar)
   parent.__init(self)
   local size = inputSize
   if scalar then size = 1 end
   if type(size) ~= 'number' or size < 1 then
      error('nn.Add: inputSize must be a positive integer (got ' .. tostring(inputSize) .. ')', 2)
   end
   self.scalar = scalar
   self.bias = torch.Tensor(size)
   self.gradBias = torch.Tensor(size):zero()
   self._ones = torch.Tensor()
   self:reset()
end

function Add:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1 / math.sqrt(self.bias:size(1))
   end
   self.bias:uniform(-stdv, stdv)
   return self
end

function Add:updateOutput(input)
   nn.utils.checkTensor('nn.Add', input)
   self.output:resizeAs(input):copy(input)
   if self.scalar then
      self.output:add(self.bias[1])
   else
      self.output:add(nn.utils.broadcastParam('nn.Add', self.bias, input))
   end
   return self.output
end

function Add:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(gradOutput):copy(gradOutput)
   return self.gradInput
end

function Add:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   if self.scalar then
      self.gradBias[1] = self.gradBias[1] + scale * gradOutput:sum()
   else
      local g = gradOutput
      if input:nElement() ~= self.bias:nElement() then g = g:sum(1) end
      self.gradBias:add(scale, g:contiguous():view(self.bias:size()))
   end
end

return Add
