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

if rawget(_G, 'nn') == nil then rawset(_G, 'nn', nn) end
return nn
