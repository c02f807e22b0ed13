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
require 'nn.Concat'
require 'nn.ConcatTable'
require 'nn.Parallel'
require 'nn.ParallelTable'

-- table layers
require 'nn.Identity'
require 'nn.JoinTable'
require 'nn.SplitTable'
require 'nn.SelectTable'
require 'nn.NarrowTable'
require 'nn.FlattenTable'
require 'nn.CAddTable'
require 'nn.CSubTable'
require 'nn.CMulTable'
require 'nn.CDivTable'

-- layers
require 'nn.Linear'
require 'nn.Bilinear'
require 'nn.CMul'
require 'nn.CAdd'
require 'nn.Mul'
require 'nn.Add'
require 'nn.MulConstant'
require 'nn.AddConstant'
require 'nn.Reshape'
require 'nn.View'
require 'nn.Select'
require 'nn.Narrow'
require 'nn.Transpose'
require 'nn.Squeeze'
require 'nn.Unsqueeze'
require 'nn.Replicate'
require 'nn.Padding'
require 'nn.Contiguous'
require 'nn.Copy'
require 'nn.Sum'
require 'nn.Mean'
require 'nn.Max'
require 'nn.Min'
require 'nn.Normalize'
require 'nn.Euclidean'
require 'nn.Cosine'
require 'nn.MM'
require 'nn.MV'
require 'nn.Index'
require 'nn.GradientReversal'
require 'nn.L1Penalty'
require 'nn.Dropout'

-- transfer functions
require 'nn.Threshold'
require 'nn.ReLU'
require 'nn.Tanh'
require 'nn.Sigmoid'
require 'nn.HardTanh'
require 'nn.ReLU6'
require 'nn.Clamp'
require 'nn.LeakyReLU'
require 'nn.PReLU'
require 'nn.RReLU'
require 'nn.ELU'
require 'nn.HardShrink'
require 'nn.SoftShrink'
require 'nn.LogSigmoid'
require 'nn.SoftPlus'
require 'nn.SoftSign'
require 'nn.Abs'
require 'nn.Exp'
require 'nn.Log'
require 'nn.Sqrt'
require 'nn.Square'
require 'nn.Power'
require 'nn.TanhShrink'

-- tools
require 'nn.Jacobian'
require 'nn.StochasticGradient'

-- modules as autograd nodes, when the autograd engine is there
if torch.autograd and torch.autograd.record then require 'nn.autograd' end

-- sequence models (issue 6)
require 'nn.RecurrentBase'
require 'nn.RNN'
require 'nn.LSTM'
require 'nn.GRU'
require 'nn.CellBase'
require 'nn.RNNCell'
require 'nn.LSTMCell'
require 'nn.GRUCell'
require 'nn.LayerNorm'
require 'nn.GELU'
require 'nn.SiLU'
require 'nn.Softmax'
require 'nn.MultiHeadAttention'
require 'nn.TransformerEncoderLayer'
require 'nn.TransformerEncoder'
require 'nn.PositionalEncoding'
-- the sequence criteria build on nn.Criterion (h/nnk's criteria); until
-- that is merged they are left out
if package.loaded['nn.Criterion'] or package.searchpath('nn.Criterion', package.path) then
   require 'nn.SequenceCrossEntropyCriterion'
   require 'nn.SequencerCriterion'
end

if rawget(_G, 'nn') == nil then rawset(_G, 'nn', nn) end
return nn
