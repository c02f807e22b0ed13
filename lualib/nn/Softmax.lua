-- nn/Softmax.lua — softmax over a chosen dimension (PyTorch's
-- nn.Softmax(dim)), 1-based as Torch7 counts dimensions; negative counts
-- from the end and nil means the last dimension.  (Torch7's nn.SoftMax, a
-- different class, picks the dimension from the input's rank.)  Stable:
-- the maximum along dim is subtracted before exp.  Backward:
-- dx = y * (dy - sum(dy * y, dim)).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Softmax, parent = torch.class('nn.Softmax', 'nn.Module')

function Softmax:__init(dim)
   parent.__init(self)
   if dim ~= nil and (type(dim) ~= 'number' or dim ~= math.floor(dim) or dim == 0) then
      error(string.format('nn.Softmax: dim must be a non-zero integer (got %s)', tostring(dim)),
            2)
   end
   self.dim = dim
end

local function resolve(self, input)
   local n = input:dim()
   local d = self.dim or -1
   if d < 0 then d = n + 1 + d end
   if d < 1 or d > n then
      error(string.format('nn.Softmax: dim %d out of range for a %dD input (size %s)',
                          self.dim or -1, n, nn.utils.shape(input)), 3)
   end
   return d
end

function Softmax:updateOutput(input)
   nn.utils.checkTensor('nn.Softmax', input)
   local d = resolve(self, input)
   local mx = input:max(d)
   local y = self.output:resizeAs(input):copy(input)
   y:add(-1, mx:expandAs(input)):exp()
   y:cdiv(y:sum(d):expandAs(input))
   return self.output
end

function Softmax:updateGradInput(input, gradOutput)
   local d = resolve(self, input)
   local y = self.output
   local dot = torch.cmul(gradOutput, y):sum(d)
   self.gradInput:resizeAs(input):copy(gradOutput):add(-1, dot:expandAs(input)):cmul(y)
   return self.gradInput
end

function Softmax:__tostring__()
   return string.format('nn.Softmax(dim %s)', self.dim and tostring(self.dim) or 'last')
end

return Softmax
