-- nn/Clamp.lua — y = min(max(x, min_value), max_value): HardTanh with the
-- given bounds.
local torch = require 'torch'
require 'nn.HardTanh'

local Clamp, parent = torch.class('nn.Clamp', 'nn.HardTanh')

function Clamp:__init(min_value, max_value)
   if type(min_value) ~= 'number' or type(max_value) ~= 'number' then
      error('nn.Clamp: min_value and max_value (numbers) expected', 2)
   end
   parent.__init(self, min_value, max_value)
end

return Clamp
