-- nn/RNNCell.lua — one Elman RNN step (PyTorch's nn.RNNCell):
-- nn.RNNCell(inputSize, hiddenSize[, bias[, nonlinearity]]), nonlinearity
-- 'tanh' (default) or 'relu'; conventions in nn/CellBase.lua.
local torch = require 'torch'
require 'nn.CellBase'

local RNNCell, parent = torch.class('nn.RNNCell', 'nn.CellBase')

function RNNCell:__init(inputSize, hiddenSize, bias, nonlinearity)
   nonlinearity = nonlinearity or 'tanh'
   if nonlinearity ~= 'tanh' and nonlinearity ~= 'relu' then
      error(string.format("nn.RNNCell: nonlinearity must be 'tanh' or 'relu' (got %s)",
                          tostring(nonlinearity)), 2)
   end
   parent.__init(self, 'RNNCell', 'rnn_' .. nonlinearity, inputSize, hiddenSize, bias)
   self.nonlinearity = nonlinearity
end

return RNNCell
