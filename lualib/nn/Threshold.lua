-- nn/Threshold.lua — y = x if x > threshold, else val.  The gradient passes
-- where x > threshold.  With inplace, the input tensor itself is modified
-- and used as output (and gradOutput as gradInput).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Threshold, parent = torch.class('nn.Threshold', 'nn.Module')

function Threshold:__init(th, v, ip)
   parent.__init(self)
   self.threshold = th or 1e-6
   self.val = v or 0
   if type(self.threshold) ~= 'number' or type(self.val) ~= 'number' then
      error('nn.Threshold: threshold and value must be numbers', 2)
   end
   self.inplace = ip or false
   self:validateParameters()
end

-- in place only when val <= threshold: otherwise x > th cannot be told from
-- the output when the gradient is computed
function Threshold:validateParameters()
   if self.inplace and self.val > self.threshold then
      error('nn.Threshold: in-place processing requires value (' .. self.val
            .. ') not exceed threshold (' .. self.threshold .. ')', 3)
   end
end

-- the comparison mask must stay a ByteTensor: :float()/:type() convert
-- every tensor field of a module, this one included
function Threshold:_byteMask()
   if torch.type(self._mask) ~= 'torch.ByteTensor' then self._mask = torch.ByteTensor() end
end

function Threshold:updateOutput(input)
   nn.utils.checkTensor(torch.type(self), input)
   self:_byteMask()
   torch.le(self._mask, input, self.threshold)
   if self.inplace then
      input:maskedFill(self._mask, self.val)
      self.output:set(input)
   else
      self.output:resizeAs(input):copy(input):maskedFill(self._mask, self.val)
   end
   return self.output
end

function Threshold:updateGradInput(input, gradOutput)
   -- in place, input already holds the output: x <= th  <=>  y <= th
   -- because val <= th
   self:_byteMask()
   torch.le(self._mask, input, self.threshold)
   if self.inplace then
      gradOutput:maskedFill(self._mask, 0)
      self.gradInput:set(gradOutput)
   else
      self.gradInput:resizeAs(gradOutput):copy(gradOutput):maskedFill(self._mask, 0)
   end
   return self.gradInput
end

function Threshold:clearState()
   self._mask = nil
   return parent.clearState(self)
end

return Threshold
