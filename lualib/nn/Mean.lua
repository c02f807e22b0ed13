-- nn/Mean.lua — the mean over a dimension: Sum with sizeAverage.
local torch = require 'torch'
require 'nn.Sum'

local Mean, parent = torch.class('nn.Mean', 'nn.Sum')

function Mean:__init(dimension, nInputDims)
   parent.__init(self, dimension, nInputDims, true)
end

return Mean
