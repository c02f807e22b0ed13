-- nn/GRUCell.lua — one GRU step (PyTorch's nn.GRUCell): nn.GRUCell(inputSize,
-- hiddenSize[, bias]); input and output conventions in nn/CellBase.lua.
local torch = require 'torch'
require 'nn.CellBase'

local GRUCell, parent = torch.class('nn.GRUCell', 'nn.CellBase')

function GRUCell:__init(inputSize, hiddenSize, bias)
   parent.__init(self, 'GRUCell', 'gru', inputSize, hiddenSize, bias)
end

return GRUCell
