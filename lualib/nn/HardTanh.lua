-- nn/HardTanh.lua — y = min_val if x < min_val, max_val if x > max_val,
-- else x (defaults -1, 1).  The gradient passes strictly inside the range.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local HardTanh, parent = torch.class('nn.HardTanh', 'nn.Module')

function HardTanh:__init(min_value, max_value, inplace)
   parent.__init(self)
   self.min_val = min_value or -1
   self.max_val = max_value or 1
   self.inplace = inplace or false
   if type(self.min_val) ~= 'number' or type(self.max_val) ~= 'number' then
      error(torch.type(self) .. ': min and max values must be numbers', 2)
   end
   if self.max_val <= self.min_val then
      error(string.format('%s: max_value (%s) must be larger than min_value (%s)', torch.type(self),
                          tostring(self.max_val), tostring(self.min_val)), 2)
   end
end

function HardTanh:updateOutput(input)
   nn.utils.checkTensor(torch.type(self), input)
   -- the gradient mask must come from the input, before an in-place update
   local lo = nn.utils.mask(self, '_lo', input, 'gt', self.min_val)
   local hi = nn.utils.mask(self, '_hi', input, 'lt', self.max_val)
   lo:cmul(hi)
   if self.inplace then
      input:clamp(self.min_val, self.max_val)
      self.output:set(input)
   else
      self.output:resizeAs(input):copy(input):clamp(self.min_val, self.max_val)
   end
   return self.output
end

function HardTanh:updateGradInput(input, gradOutput)
   if self.inplace then
      gradOutput:cmul(self._lo)
      self.gradInput:set(gradOutput)
   else
      self.gradInput:resizeAs(gradOutput):copy(gradOutput):cmul(self._lo)
   end
   return self.gradInput
end

function HardTanh:clearState()
   self._lo, self._hi, self._loBytes, self._hiBytes = nil, nil, nil, nil
   return parent.clearState(self)
end

return HardTanh
