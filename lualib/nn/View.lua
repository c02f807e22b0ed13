-- nn/View.lua — a view of the input with the given sizes (one may be -1,
-- inferred).  setNumInputDims(n): inputs with more than n dimensions are
-- batches, viewed as batch x sizes.  Without it, an input with a multiple
-- of the element count is treated as a batch too (Torch7).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local View, parent = torch.class('nn.View', 'nn.Module')

function View:resetSize(...)
   local arg = { ... }
   if #arg == 1 and torch.type(arg[1]) == 'torch.LongStorage' then
      self.size = torch.LongStorage(#arg[1]):copy(arg[1])
   else
      self.size = torch.LongStorage(#arg)
      for i = 1, #arg do
         if type(arg[i]) ~= 'number' then
            error('nn.View: sizes must be numbers (got ' .. torch.type(arg[i]) .. ')', 3)
         end
         self.size[i] = arg[i]
      end
   end
   self.numElements = 1
   local inferdim = false
   for i = 1, #self.size do
      local s = self.size[i]
      if s >= 0 then
         self.numElements = self.numElements * s
      elseif s == -1 and not inferdim then
         inferdim = true
      else
         error('nn.View: only one size may be -1 (inferred), and no size below it', 3)
      end
   end
   return self
end

function View:__init(...)
   parent.__init(self)
   self:resetSize(...)
   self.numInputDims = nil
end

function View:setNumInputDims(numInputDims)
   self.numInputDims = numInputDims
   return self
end

-- the batch size, or nil when the input is not a batch (Torch7's rule: the
-- elements beyond the view's are a batch, unless a -1 absorbs them; the
-- dimensions beyond numInputDims always are)
local function batchSize(self, input)
   local ind = input:dim()
   local maxdim = self.numInputDims or ind
   local ine = 1
   for i = ind, math.max(ind - maxdim + 1, 1), -1 do ine = ine * input:size(i) end
   if self.numElements == 0 or ine % self.numElements ~= 0 then
      error(string.format('nn.View: input of size %s cannot be viewed as %s', nn.utils.shape(input),
                          table.concat(self.size:totable(), 'x')), 3)
   end
   local bsz = ine // self.numElements
   for i = 1, #self.size do
      if self.size[i] == -1 then bsz = 1; break end
   end
   for i = ind - maxdim, 1, -1 do bsz = bsz * input:size(i) end
   if bsz == 1 and (not self.numInputDims or ind <= self.numInputDims) then return nil end
   return bsz
end

function View:updateOutput(input)
   nn.utils.checkTensor('nn.View', input)
   local bse = batchSize(self, input)
   local size = {}
   if bse then size[1] = bse end
   for i = 1, #self.size do size[#size + 1] = self.size[i] end
   if not input:isContiguous() then
      self._input = self._input or input.new()
      self._input:resizeAs(input):copy(input)
      input = self._input
   end
   self.output = input:view(table.unpack(size))
   return self.output
end

function View:updateGradInput(input, gradOutput)
   if not gradOutput:isContiguous() then gradOutput = gradOutput:contiguous() end
   self.gradInput = gradOutput:view(input:size())
   return self.gradInput
end

function View:__tostring__()
   return torch.type(self) .. '(' .. table.concat(self.size:totable(), ', ') .. ')'
end

function View:clearState()
   nn.utils.clear(self, '_input')
   return parent.clearState(self)
end

return View
