-- nn/SpatialBatchNormalization.lua — batch normalisation of N x C x H x W
-- inputs, with statistics per plane over the batch and the positions:
--   SpatialBatchNormalization(nFeature, [eps=1e-5], [momentum=0.1], [affine=true])
-- Otherwise as nn.BatchNormalization.
local torch = require 'torch'
require 'nn.BatchNormalization'

local SBN, parent = torch.class('nn.SpatialBatchNormalization', 'nn.BatchNormalization')
SBN.nDim = 4

function SBN:__init(...)
   parent.__init(self, ...)
end

return SBN
