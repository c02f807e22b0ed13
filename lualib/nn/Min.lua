-- nn/Min.lua — the minimum over a dimension; Max with torch.min.
local torch = require 'torch'
require 'nn.Max'

local Min = torch.class('nn.Min', 'nn.Max')

Min.reduce = torch.min

return Min
