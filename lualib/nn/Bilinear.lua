-- nn/Bilinear.lua — y_k = x1' W_k x2 + b_k for a table {x1, x2} of batches
-- (N x inputSize1, N x inputSize2); weight is outputSize x inputSize1 x
-- inputSize2.  Initialisation as Torch7: uniform in +-1/sqrt(inputSize1),
-- weight then bias.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Bilinear, parent = torch.class('nn.Bilinear', 'nn.Module')

local function isposint(x) return type(x) == 'number' and x == math.floor(x) and x > 0 end

function Bilinear:__init(inputSize1, inputSize2, outputSize, bias)
   parent.__init(self)
   if not (isposint(inputSize1) and isposint(inputSize2) and isposint(outputSize)) then
      error('nn.Bilinear: inputSize1, inputSize2 and outputSize must be positive integers', 2)
   end
   if bias == nil then bias = true end
   self.weight = torch.Tensor(outputSize, inputSize1, inputSize2)
   self.gradWeight = torch.Tensor(outputSize, inputSize1, inputSize2):zero()
   if bias then
      self.bias = torch.Tensor(outputSize)
      self.gradBias = torch.Tensor(outputSize):zero()
   end
   self.gradInput = { torch.Tensor(), torch.Tensor() }
   self:reset()
end

function Bilinear:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1 / math.sqrt(self.weight:size(2))
   end
   self.weight:uniform(-stdv, stdv)
   if self.bias then self.bias:uniform(-stdv, stdv) end
   return self
end

local function checkinput(self, input)
   nn.utils.checkTable('nn.Bilinear', input, 2)
   local a, b = input[1], input[2]
   if a:dim() ~= 2 or b:dim() ~= 2 then
      error(string.format('nn.Bilinear: inputs must be matrices (got %s and %s)',
                          nn.utils.shape(a), nn.utils.shape(b)), 3)
   end
   if a:size(1) ~= b:size(1) then
      error(string.format('nn.Bilinear: inputs have %d and %d rows', a:size(1), b:size(1)), 3)
   end
   if a:size(2) ~= self.weight:size(2) or b:size(2) ~= self.weight:size(3) then
      error(string.format('nn.Bilinear: inputs of size %s and %s, expected Nx%d and Nx%d',
                          nn.utils.shape(a), nn.utils.shape(b), self.weight:size(2),
                          self.weight:size(3)), 3)
   end
end

function Bilinear:updateOutput(input)
   checkinput(self, input)
   local a, b = input[1], input[2]
   self.buff2 = self.buff2 or a.new()
   self.output:resize(a:size(1), self.weight:size(1))
   for k = 1, self.weight:size(1) do
      -- (x1 W_k) .* x2, summed over the row
      torch.mm(self.buff2, a, self.weight[k])
      self.buff2:cmul(b)
      torch.sum(self.output:narrow(2, k, 1), self.buff2, 2)
   end
   if self.bias then self.output:add(self.bias:view(1, -1):expandAs(self.output)) end
   return self.output
end

function Bilinear:updateGradInput(input, gradOutput)
   local a, b = input[1], input[2]
   if #self.gradInput == 0 then self.gradInput = { a.new(), a.new() } end
   local ga, gb = self.gradInput[1], self.gradInput[2]
   ga:resizeAs(a):zero()
   gb:resizeAs(b):zero()
   self.buff1 = self.buff1 or a.new()
   self.buff2 = self.buff2 or a.new()
   for k = 1, self.weight:size(1) do
      local gk = gradOutput:narrow(2, k, 1)
      torch.mm(self.buff1, b, self.weight[k]:t())        -- N x in1
      ga:add(self.buff1:cmul(gk:expandAs(self.buff1)))
      torch.mm(self.buff2, a, self.weight[k])             -- N x in2
      gb:add(self.buff2:cmul(gk:expandAs(self.buff2)))
   end
   return self.gradInput
end

function Bilinear:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   local a, b = input[1], input[2]
   self.buff1 = self.buff1 or a.new()
   for k = 1, self.weight:size(1) do
      torch.cmul(self.buff1, a, gradOutput:narrow(2, k, 1):expandAs(a))
      self.gradWeight[k]:addmm(scale, self.buff1:t(), b)
   end
   if self.bias then self.gradBias:add(scale, gradOutput:sum(1):view(-1)) end
end

Bilinear.sharedAccUpdateGradParameters = Bilinear.accUpdateGradParameters

function Bilinear:__tostring__()
   -- Torch7's format, trailing space included
   return torch.type(self) .. string.format('(%dx%d -> %d) %s', self.weight:size(2),
                                            self.weight:size(3), self.weight:size(1),
                                            self.bias == nil and ' without bias' or '')
end

function Bilinear:clearState()
   if self.buff1 then self.buff1:set() end
   if self.buff2 then self.buff2:set() end
   return parent.clearState(self)
end

return Bilinear
