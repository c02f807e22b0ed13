-- nn/RNN.lua — a multi-layer Elman RNN over whole sequences, h' =
-- tanh(W_ih x + b_ih + W_hh h + b_hh) (or relu with nonlinearity = 'relu'),
-- PyTorch's nn.RNN, on the fused kernels of tensor/rnn.c.
-- nn.RNN(inputSize, hiddenSize[, opts]) with opts {numLayers, batchFirst,
-- dropout, bidirectional, bias, returnState, nonlinearity}; the input and
-- state conventions are described in nn/RecurrentBase.lua.
local torch = require 'torch'
require 'nn.RecurrentBase'

local RNN, parent = torch.class('nn.RNN', 'nn.RecurrentBase')

function RNN:__init(inputSize, hiddenSize, opts)
   local nl = type(opts) == 'table' and opts.nonlinearity or 'tanh'
   if nl ~= 'tanh' and nl ~= 'relu' then
      error(string.format("nn.RNN: nonlinearity must be 'tanh' or 'relu' (got %s)",
                          tostring(nl)), 2)
   end
   parent.__init(self, 'RNN', 'rnn_' .. nl, inputSize, hiddenSize, opts)
   self.nonlinearity = nl
end

return RNN
