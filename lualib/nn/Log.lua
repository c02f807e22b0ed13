-- nn/Log.lua — y = log(x); dy/dx = 1 / x.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Log = torch.class('nn.Log', 'nn.Module')

function Log:updateOutput(input)
   nn.utils.checkTensor('nn.Log', input)
   self.output:resizeAs(input):copy(input):log()
   return self.output
end

function Log:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input):copy(gradOutput):cdiv(input)
   return self.gradInput
end

return Log
