-- nn/CAdd.lua — y = x + b with a learnt bias of the given size, broadcast
-- over a batch like CMul.  reset: uniform in +-1/sqrt(#b).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.CMul'

local CAdd, parent = torch.class('nn.CAdd', 'nn.Module')

function CAdd:__init(...)
   parent.__init(self)
   local arg = { ... }
   self.size = torch.LongStorage()
   if #arg == 1 and torch.type(arg[1]) == 'torch.LongStorage' then
      self.size:resize(#arg[1]):copy(arg[1])
   else
      self.size:resize(#arg)
      for i = 1, #arg do self.size[i] = arg[i] end
   end
   self.bias = torch.Tensor(self.size)
   self.gradBias = torch.Tensor(self.size):zero()
   self:reset()
end

function CAdd:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1 / math.sqrt(self.bias:nElement())
   end
   self.bias:uniform(-stdv, stdv)
   return self
end

function CAdd:updateOutput(input)
   nn.utils.checkTensor('nn.CAdd', input)
   local b = nn.utils.broadcastParam('nn.CAdd', self.bias, input)
   self.output:resizeAs(input):copy(input):add(b)
   return self.output
end

function CAdd:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(gradOutput):copy(gradOutput)
   return self.gradInput
end

function CAdd:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   local g = gradOutput
   if input:nElement() ~= self.bias:nElement() then g = g:sum(1) end
   self.gradBias:add(scale, g:contiguous():view(self.gradBias:size()))
end

function CAdd:__tostring__()
   return torch.type(self) .. '(' .. table.concat(self.size:totable(), 'x') .. ')'
end

return CAdd
