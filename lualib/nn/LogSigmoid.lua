-- nn/LogSigmoid.lua — y = log(1 / (1 + exp(-x))), computed as
-- min(x, 0) - log(1 + exp(-|x|)) so large |x| neither overflows nor loses
-- the answer; dy/dx = 1 - sigmoid(x).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local LogSigmoid, parent = torch.class('nn.LogSigmoid', 'nn.Module')

function LogSigmoid:updateOutput(input)
   nn.utils.checkTensor('nn.LogSigmoid', input)
   self._buf = self._buf or input.new()
   self._buf:resizeAs(input):copy(input):abs():mul(-1):exp():log1p()
   torch.cmin(self.output, input, 0)
   self.output:add(-1, self._buf)
   return self.output
end

function LogSigmoid:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input):sigmoid(input):mul(-1):add(1):cmul(gradOutput)
   return self.gradInput
end

function LogSigmoid:clearState()
   self._buf = nil
   return parent.clearState(self)
end

return LogSigmoid
