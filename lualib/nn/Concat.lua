-- nn/Concat.lua — every child gets the same input; their outputs are
-- concatenated along `dimension`.  The gradient with respect to the input
-- is the sum of the children's, each fed its slice of gradOutput.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Container'

local Concat, parent = torch.class('nn.Concat', 'nn.Container')

function Concat:__init(dimension)
   parent.__init(self)
   if type(dimension) ~= 'number' then
      error('nn.Concat: dimension (number) expected, got ' .. type(dimension), 2)
   end
   self.outSize = torch.LongStorage()
   self.dimension = dimension
end

function Concat:updateOutput(input)
   nn.utils.checkTensor('nn.Concat', input)
   local outs, dim = {}, self.dimension
   for i = 1, #self.modules do
      local o = self:rethrowErrors(self.modules[i], i, 'updateOutput', input)
      outs[i] = o
      if o:dim() < dim then
         error(string.format('nn.Concat: output of module %d has %d dimensions, cannot '
                             .. 'concatenate along dimension %d', i, o:dim(), dim), 2)
      end
      if i == 1 then
         self.outSize:resize(o:dim()):copy(o:size())
      else
         for d = 1, o:dim() do
            if d ~= dim and o:size(d) ~= self.outSize[d] then
               error(string.format('nn.Concat: output of module %d has size %s, module 1 '
                                   .. 'gave %s (they may differ only in dimension %d)', i,
                                   nn.utils.shape(o), nn.utils.shape(outs[1]), dim), 2)
            end
         end
         self.outSize[dim] = self.outSize[dim] + o:size(dim)
      end
   end
   self.output:resize(self.outSize)
   local offset = 1
   for i = 1, #outs do
      local n = outs[i]:size(dim)
      self.output:narrow(dim, offset, n):copy(outs[i])
      offset = offset + n
   end
   return self.output
end

local function eachSlice(self, gradOutput, f)
   local offset = 1
   for i, module in ipairs(self.modules) do
      local n = module.output:size(self.dimension)
      f(i, module, gradOutput:narrow(self.dimension, offset, n))
      offset = offset + n
   end
end

function Concat:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input)
   eachSlice(self, gradOutput, function(i, module, g)
      local gi = self:rethrowErrors(module, i, 'updateGradInput', input, g)
      if gi then
         if i == 1 then self.gradInput:copy(gi) else self.gradInput:add(gi) end
      end
   end)
   return self.gradInput
end

function Concat:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   eachSlice(self, gradOutput, function(i, module, g)
      self:rethrowErrors(module, i, 'accGradParameters', input, g, scale)
   end)
end

function Concat:backward(input, gradOutput, scale)
   if nn.utils.recording() then
      return nn.utils.noGrad(Concat.backward, self, input, gradOutput, scale)
   end
   scale = scale or 1
   self.gradInput:resizeAs(input)
   eachSlice(self, gradOutput, function(i, module, g)
      local gi = self:rethrowErrors(module, i, 'backward', input, g, scale)
      if gi then
         if i == 1 then self.gradInput:copy(gi) else self.gradInput:add(gi) end
      end
   end)
   return self.gradInput
end

function Concat:accUpdateGradParameters(input, gradOutput, lr)
   eachSlice(self, gradOutput, function(i, module, g)
      self:rethrowErrors(module, i, 'accUpdateGradParameters', input, g, lr)
   end)
end

function Concat:__tostring__()
   return self:branchString()
end

return Concat
