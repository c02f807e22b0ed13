-- nn/ConcatTable.lua — every child gets the same input; the output is the
-- table of their outputs.  The input may be a tensor or a (nested) table;
-- its gradient is the sum of the children's gradients, element by element.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Container'

local ConcatTable, parent = torch.class('nn.ConcatTable', 'nn.Container')

function ConcatTable:__init()
   parent.__init(self)
   self.output = {}
end

function ConcatTable:updateOutput(input)
   for i = 1, #self.modules do
      self.output[i] = self:rethrowErrors(self.modules[i], i, 'updateOutput', input)
   end
   for i = #self.modules + 1, #self.output do self.output[i] = nil end
   return self.output
end

-- dst (tensor or nested table shaped like src) = src, or += src
local function accumulate(dst, src, first)
   if torch.isTensor(src) then
      if first or not torch.isTensor(dst) then
         dst = torch.isTensor(dst) and dst or src.new()
         dst:resizeAs(src):copy(src)
      else
         dst:add(src)
      end
      return dst
   end
   dst = type(dst) == 'table' and dst or {}
   for k, v in ipairs(src) do dst[k] = accumulate(dst[k], v, first) end
   for k = #src + 1, #dst do dst[k] = nil end
   return dst
end

local function backward(self, method, input, gradOutput, scale)
   if type(gradOutput) ~= 'table' then
      error('nn.ConcatTable: gradOutput must be a table (got ' .. torch.type(gradOutput) .. ')', 3)
   end
   local gradInput = self.gradInput
   if torch.isTensor(input) ~= torch.isTensor(gradInput) then gradInput = nil end
   for i, module in ipairs(self.modules) do
      local gi = self:rethrowErrors(module, i, method, input, gradOutput[i], scale)
      gradInput = accumulate(gradInput, gi, i == 1)
   end
   self.gradInput = gradInput or self.gradInput
   return self.gradInput
end

function ConcatTable:updateGradInput(input, gradOutput)
   return backward(self, 'updateGradInput', input, gradOutput)
end

function ConcatTable:backward(input, gradOutput, scale)
   if nn.utils.recording() then
      return nn.utils.noGrad(ConcatTable.backward, self, input, gradOutput, scale)
   end
   return backward(self, 'backward', input, gradOutput, scale or 1)
end

function ConcatTable:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   for i, module in ipairs(self.modules) do
      self:rethrowErrors(module, i, 'accGradParameters', input, gradOutput[i], scale)
   end
end

function ConcatTable:accUpdateGradParameters(input, gradOutput, lr)
   for i, module in ipairs(self.modules) do
      self:rethrowErrors(module, i, 'accUpdateGradParameters', input, gradOutput[i], lr)
   end
end

function ConcatTable:__tostring__()
   return self:branchString()
end

return ConcatTable
