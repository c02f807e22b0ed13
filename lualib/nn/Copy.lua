-- nn/Copy.lua — Copy(inputType, outputType, forceCopy, dontCast): convert
-- the input to outputType (and the gradient back to inputType).  When the
-- types agree the input passes through uncopied unless forceCopy.
-- dontCast keeps the two types when the module's :type() is changed.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Copy, parent = torch.class('nn.Copy', 'nn.Module')

local function ctor(name, what)
   local c = type(name) == 'string' and torch.getconstructortable(name)
   if not c or not name:match('Tensor$') then
      error(string.format('nn.Copy: %s must be a tensor type name (got %s)', what, tostring(name)), 3)
   end
   return c
end

function Copy:__init(intype, outtype, forceCopy, dontCast)
   intype = intype or torch.typename(torch.Tensor())
   outtype = outtype or torch.typename(torch.Tensor())
   if type(intype) == 'table' then intype = torch.typename(intype()) end
   if type(outtype) == 'table' then outtype = torch.typename(outtype()) end
   self.dontCast = dontCast
   parent.__init(self)
   self.gradInput = ctor(intype, 'inputType')()
   self.output = ctor(outtype, 'outputType')()
   -- a flag, not replaced methods: instances hold data only (serializable)
   self.passThrough = (not forceCopy) and intype == outtype
end

function Copy:updateOutput(input)
   nn.utils.checkTensor('nn.Copy', input)
   if self.passThrough then
      self.output:set(input)
   else
      self.output:resize(input:size()):copy(input)
   end
   return self.output
end

function Copy:updateGradInput(input, gradOutput)
   if self.passThrough then
      self.gradInput:set(gradOutput)
   else
      self.gradInput:resize(gradOutput:size()):copy(gradOutput)
   end
   return self.gradInput
end

function Copy:type(typename, tensorCache)
   if typename and self.dontCast then return self end
   return parent.type(self, typename, tensorCache)
end

return Copy
