-- nn/CMul.lua — y = x .* w with a learnt weight of the given size; an input
-- with more elements is a batch (first dimension) and w is broadcast over
-- it.  reset: uniform in +-1/sqrt(#w), as Torch7.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local CMul, parent = torch.class('nn.CMul', 'nn.Module')

function CMul:__init(...)
   parent.__init(self)
   local arg = { ... }
   self.size = torch.LongStorage()
   if #arg == 1 and torch.type(arg[1]) == 'torch.LongStorage' then
      self.size:resize(#arg[1]):copy(arg[1])
   else
      self.size:resize(#arg)
      for i = 1, #arg do self.size[i] = arg[i] end
   end
   self.weight = torch.Tensor(self.size)
   self.gradWeight = torch.Tensor(self.size):zero()
   self:reset()
end

function CMul:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1 / math.sqrt(self.weight:nElement())
   end
   self.weight:uniform(-stdv, stdv)
   return self
end

-- the weight viewed to broadcast against x, or an error
function nn.utils.broadcastParam(where, w, x)
   local n = w:nElement()
   if x:nElement() == n then return w:view(x:size()) end
   if x:dim() >= 1 and x:size(1) > 0 and x:nElement() == n * x:size(1) then
      local rest = x[1]
      local shape = { 1 }
      for i = 1, rest:dim() do shape[i + 1] = rest:size(i) end
      return w:contiguous():view(table.unpack(shape)):expandAs(x)
   end
   error(string.format('%s: input of size %s does not match the parameter of size %s '
                       .. '(nor a batch of it)', where, nn.utils.shape(x), nn.utils.shape(w)), 3)
end

function CMul:updateOutput(input)
   nn.utils.checkTensor('nn.CMul', input)
   local w = nn.utils.broadcastParam('nn.CMul', self.weight, input)
   self.output:resizeAs(input):copy(input):cmul(w)
   return self.output
end

function CMul:updateGradInput(input, gradOutput)
   local w = nn.utils.broadcastParam('nn.CMul', self.weight, input)
   self.gradInput:resizeAs(input):copy(gradOutput):cmul(w)
   return self.gradInput
end

function CMul:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   local prod = torch.cmul(input, gradOutput)
   if input:nElement() ~= self.weight:nElement() then prod = prod:sum(1) end
   self.gradWeight:add(scale, prod:contiguous():view(self.gradWeight:size()))
end

function CMul:__tostring__()
   return torch.type(self) .. '(' .. table.concat(self.size:totable(), 'x') .. ')'
end

return CMul
