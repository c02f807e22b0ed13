-- nn/LSTMCell.lua — one LSTM step (PyTorch's nn.LSTMCell): nn.LSTMCell(inputSize,
-- hiddenSize[, bias]); input and output conventions in nn/CellBase.lua.
local torch = require 'torch'
require 'nn.CellBase'

local LSTMCell, parent = torch.class('nn.LSTMCell', 'nn.CellBase')

function LSTMCell:__init(inputSize, hiddenSize, bias)
   parent.__init(self, 'LSTMCell', 'lstm', inputSize, hiddenSize, bias)
end

return LSTMCell
