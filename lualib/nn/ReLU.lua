-- nn/ReLU.lua — y = max(0, x): Threshold(0, 0).
local torch = require 'torch'
require 'nn.Threshold'

local ReLU, parent = torch.class('nn.ReLU', 'nn.Threshold')

function ReLU:__init(p)
   parent.__init(self, 0, 0, p)
end

return ReLU
