-- nn/SoftMax.lua — exp(x_i - max) / sum_j exp(x_j - max) over the features:
-- the only dim of a vector, dim 2 of a batch (N x n), and for images the
-- planes at each position (dim 1 of C x H x W, dim 2 of N x C x H x W), as
-- Torch7.  Backward: gradInput = y * (gradOutput - sum(gradOutput * y)).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'
local C = torch._nn

local SoftMax, parent = torch.class('nn.SoftMax', 'nn.Module')

-- Torch7's feature dimension for 1-4D inputs
function nn.utils.softmaxDim(where, input)
   nn.utils.checkTensor(where, input)
   local d = input:dim()
   if d == 1 or d == 3 then return 1 end
   if d == 2 or d == 4 then return 2 end
   error(string.format('%s: input must be 1D, 2D, 3D or 4D (got %s)', where,
                       d == 0 and 'an empty tensor' or 'a ' .. d .. 'D tensor'), 3)
end

function SoftMax:updateOutput(input)
   C.softmax(torch.type(self), self.output, input, nn.utils.softmaxDim(torch.type(self), input),
             false)
   return self.output
end

function SoftMax:updateGradInput(input, gradOutput)
   nn.utils.checkTensor(torch.type(self), gradOutput, 'gradOutput')
   C.softmax_backward(torch.type(self), self.gradInput, self.output, gradOutput,
                      nn.utils.softmaxDim(torch.type(self), input), false)
   return self.gradInput
end

return SoftMax
