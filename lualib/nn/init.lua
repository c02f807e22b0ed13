-- nn/init.lua — the nn package: Torch7's modules, containers and tools.
--
-- `require 'nn'` returns the package table and, as in Torch7, also makes it
-- the global `nn`, because Torch7 scripts say `require 'nn'` and then use
-- `nn.Linear`.  One class per file, loaded here in dependency order (a file
-- requires what it derives from, so the order below only matters for
-- readability).
local torch = require 'torch'
local nn = require 'nn.env'

require 'nn.utils'
require 'nn.Module'
require 'nn.Container'
require 'nn.Sequential'

-- layers
require 'nn.Linear'

-- transfer functions
require 'nn.Threshold'
require 'nn.ReLU'
require 'nn.Tanh'
require 'nn.Sigmoid'

-- tools
require 'nn.Jacobian'

-- nnk: convolution, pooling, normalisation, softmax layers and criteria
-- (kernels in tensor/nn_*.c, bound as torch._nn)
require 'nn.SpatialConvolution'
require 'nn.SpatialConvolutionMM'
require 'nn.SpatialDilatedConvolution'
require 'nn.SpatialFullConvolution'
require 'nn.SpatialMaxPooling'
require 'nn.SpatialAveragePooling'
require 'nn.SpatialAdaptiveMaxPooling'
require 'nn.SpatialAdaptiveAveragePooling'
require 'nn.TemporalMaxPooling'
require 'nn.SoftMax'
require 'nn.LogSoftMax'
require 'nn.SoftMin'
require 'nn.Criterion'
require 'nn.MSECriterion'
require 'nn.ClassNLLCriterion'
require 'nn.CrossEntropyCriterion'
require 'nn.SpatialBatchNormalization'
require 'nn.BatchNormalization'
require 'nn.TemporalConvolution'
require 'nn.LookupTable'
require 'nn.SpatialDropout'
require 'nn.SpatialZeroPadding'
require 'nn.BCECriterion'
require 'nn.AbsCriterion'
require 'nn.SmoothL1Criterion'
require 'nn.DistKLDivCriterion'
require 'nn.MarginCriterion'
require 'nn.SoftMarginCriterion'
require 'nn.MultiMarginCriterion'
require 'nn.MultiLabelMarginCriterion'
require 'nn.MultiLabelSoftMarginCriterion'
require 'nn.MarginRankingCriterion'
require 'nn.HingeEmbeddingCriterion'
require 'nn.CosineEmbeddingCriterion'
require 'nn.MultiCriterion'
require 'nn.ParallelCriterion'

if rawget(_G, 'nn') == nil then rawset(_G, 'nn', nn) end
return nn
