-- nn/GRU.lua — a multi-layer GRU over whole sequences (PyTorch's nn.GRU:
-- gate order, formulas, weight names and initialisation), on the fused
-- kernels of tensor/rnn.c.  nn.GRU(inputSize, hiddenSize[, opts]) with opts
-- {numLayers, batchFirst, dropout, bidirectional, bias, returnState}; the
-- input and state conventions are described in nn/RecurrentBase.lua.
local torch = require 'torch'
require 'nn.RecurrentBase'

local GRU, parent = torch.class('nn.GRU', 'nn.RecurrentBase')

function GRU:__init(inputSize, hiddenSize, opts)
   parent.__init(self, 'GRU', 'gru', inputSize, hiddenSize, opts)
end

return GRU
