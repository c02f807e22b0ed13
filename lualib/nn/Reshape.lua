-- nn/Reshape.lua — reshape to the given sizes; an input with more elements
-- is a batch (its first dimension kept).  A final boolean forces batch mode
-- on or off.  Non-contiguous inputs are copied first.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Reshape, parent = torch.class('nn.Reshape', 'nn.Module')

function Reshape:__init(...)
   parent.__init(self)
   local arg = { ... }
   self.size = torch.LongStorage()
   self.batchsize = torch.LongStorage()
   if torch.type(arg[#arg]) == 'boolean' then self.batchMode = table.remove(arg) end
   if #arg == 1 and torch.type(arg[1]) == 'torch.LongStorage' then
      self.size:resize(#arg[1]):copy(arg[1])
   else
      self.size:resize(#arg)
      for i = 1, #arg do
         if type(arg[i]) ~= 'number' or arg[i] < 1 then
            error('nn.Reshape: sizes must be positive integers (got ' .. tostring(arg[i]) .. ')', 2)
         end
         self.size[i] = arg[i]
      end
   end
   self.nelement = 1
   self.batchsize:resize(#self.size + 1)
   for i = 1, #self.size do
      self.nelement = self.nelement * self.size[i]
      self.batchsize[i + 1] = self.size[i]
   end
end

function Reshape:updateOutput(input)
   nn.utils.checkTensor('nn.Reshape', input)
   if not input:isContiguous() then
      self._input = self._input or input.new()
      self._input:resizeAs(input):copy(input)
      input = self._input
   end
   local batch = self.batchMode
   if batch == nil then batch = input:nElement() ~= self.nelement end
   if batch then
      if input:dim() < 1 or input:nElement() ~= self.nelement * input:size(1) then
         error(string.format('nn.Reshape: input of size %s cannot be reshaped to a batch of %s',
                             nn.utils.shape(input), table.concat(self.size:totable(), 'x')), 2)
      end
      self.batchsize[1] = input:size(1)
      self.output = input:view(self.batchsize)
   else
      if input:nElement() ~= self.nelement then
         error(string.format('nn.Reshape: input of size %s has %d elements, expected %d',
                             nn.utils.shape(input), input:nElement(), self.nelement), 2)
      end
      self.output = input:view(self.size)
   end
   return self.output
end

function Reshape:updateGradInput(input, gradOutput)
   if not gradOutput:isContiguous() then
      self._gradOutput = self._gradOutput or gradOutput.new()
      self._gradOutput:resizeAs(gradOutput):copy(gradOutput)
      gradOutput = self._gradOutput
   end
   self.gradInput = gradOutput:viewAs(input)
   return self.gradInput
end

function Reshape:__tostring__()
   return torch.type(self) .. '(' .. table.concat(self.size:totable(), 'x') .. ')'
end

function Reshape:clearState()
   nn.utils.clear(self, '_input', '_gradOutput')
   return parent.clearState(self)
end

return Reshape
