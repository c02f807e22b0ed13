-- nn/LSTM.lua — a multi-layer LSTM over whole sequences (PyTorch's nn.LSTM:
-- gate order, formulas, weight names and initialisation), on the fused
-- kernels of tensor/rnn.c.  nn.LSTM(inputSize, hiddenSize[, opts]) with opts
-- {numLayers, batchFirst, dropout, bidirectional, bias, returnState}; the
-- input and state conventions are described in nn/RecurrentBase.lua.
local torch = require 'torch'
require 'nn.RecurrentBase'

local LSTM, parent = torch.class('nn.LSTM', 'nn.RecurrentBase')

function LSTM:__init(inputSize, hiddenSize, opts)
   parent.__init(self, 'LSTM', 'lstm', inputSize, hiddenSize, opts)
end

return LSTM
