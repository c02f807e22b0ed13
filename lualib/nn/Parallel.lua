-- nn/Parallel.lua — child i is applied to input:select(inputDimension, i);
-- the outputs are concatenated along outputDimension.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Container'

local Parallel, parent = torch.class('nn.Parallel', 'nn.Container')

function Parallel:__init(inputDimension, outputDimension)
   parent.__init(self)
   if type(inputDimension) ~= 'number' or type(outputDimension) ~= 'number' then
      error('nn.Parallel: inputDimension and outputDimension (numbers) expected', 2)
   end
   self.inputDimension = inputDimension
   self.outputDimension = outputDimension
end

function Parallel:updateOutput(input)
   nn.utils.checkTensor('nn.Parallel', input)
   local n = input:size(self.inputDimension)
   if n ~= #self.modules then
      error(string.format('nn.Parallel: input has %d slices along dimension %d, but there are '
                          .. '%d modules', n, self.inputDimension, #self.modules), 2)
   end
   local outs, od = {}, self.outputDimension
   self.totalOutputSize = self.totalOutputSize or torch.LongStorage()
   local total = self.totalOutputSize
   for i = 1, n do
      local o = self:rethrowErrors(self.modules[i], i, 'updateOutput',
                                   input:select(self.inputDimension, i))
      outs[i] = o
      if i == 1 then
         total:resize(o:dim()):copy(o:size())
      else
         total[od] = total[od] + o:size(od)
      end
   end
   self.output:resize(total)
   local offset = 1
   for i = 1, n do
      local k = outs[i]:size(od)
      self.output:narrow(od, offset, k):copy(outs[i])
      offset = offset + k
   end
   return self.output
end

local function eachSlice(self, input, gradOutput, f)
   local offset = 1
   for i, module in ipairs(self.modules) do
      local k = module.output:size(self.outputDimension)
      f(i, module, input:select(self.inputDimension, i),
        gradOutput:narrow(self.outputDimension, offset, k))
      offset = offset + k
   end
end

function Parallel:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input)
   eachSlice(self, input, gradOutput, function(i, module, x, g)
      local gi = self:rethrowErrors(module, i, 'updateGradInput', x, g)
      self.gradInput:select(self.inputDimension, i):copy(gi)
   end)
   return self.gradInput
end

function Parallel:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   eachSlice(self, input, gradOutput, function(i, module, x, g)
      self:rethrowErrors(module, i, 'accGradParameters', x, g, scale)
   end)
end

function Parallel:accUpdateGradParameters(input, gradOutput, lr)
   eachSlice(self, input, gradOutput, function(i, module, x, g)
      self:rethrowErrors(module, i, 'accUpdateGradParameters', x, g, lr)
   end)
end

function Parallel:__tostring__()
   return self:branchString()
end

return Parallel
