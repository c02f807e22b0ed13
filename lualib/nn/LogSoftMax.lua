-- nn/LogSoftMax.lua — x_i - max - log(sum_j exp(x_j - max)) over the
-- features (the dims of nn.SoftMax), computed without forming the
-- probabilities, so very negative log-probabilities stay finite.
-- Backward: gradInput = gradOutput - exp(y) * sum(gradOutput).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.SoftMax'
local C = torch._nn

local LogSoftMax, parent = torch.class('nn.LogSoftMax', 'nn.Module')

function LogSoftMax:updateOutput(input)
   C.softmax(torch.type(self), self.output, input, nn.utils.softmaxDim(torch.type(self), input),
             true)
   return self.output
end

function LogSoftMax:updateGradInput(input, gradOutput)
   nn.utils.checkTensor(torch.type(self), gradOutput, 'gradOutput')
   C.softmax_backward(torch.type(self), self.gradInput, self.output, gradOutput,
                      nn.utils.softmaxDim(torch.type(self), input), true)
   return self.gradInput
end

return LogSoftMax
