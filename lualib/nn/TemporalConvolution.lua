-- nn/TemporalConvolution.lua — 1-D convolution over frames:
--   TemporalConvolution(inputFrameSize, outputFrameSize, kW, [dW=1])
-- input nInputFrame x inputFrameSize or N x nInputFrame x inputFrameSize;
-- nOutputFrame = floor((nInputFrame - kW)/dW) + 1.  weight is
-- outputFrameSize x (kW*inputFrameSize) (Torch7's layout: frame-major),
-- reset uniform in +-1/sqrt(kW*inputFrameSize), weight then bias.
-- Each sequence is one GEMM over its unfolded windows.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local TC, parent = torch.class('nn.TemporalConvolution', 'nn.Module')

function TC:__init(inputFrameSize, outputFrameSize, kW, dW)
   parent.__init(self)
   dW = dW or 1
   local name, check = torch.type(self), nn.utils.checkint
   check(name, inputFrameSize, 'inputFrameSize')
   check(name, outputFrameSize, 'outputFrameSize')
   check(name, kW, 'kW')
   check(name, dW, 'dW')
   self.inputFrameSize, self.outputFrameSize, self.kW, self.dW =
      inputFrameSize, outputFrameSize, kW, dW
   self.weight = torch.Tensor(outputFrameSize, inputFrameSize * kW)
   self.bias = torch.Tensor(outputFrameSize)
   self.gradWeight = torch.Tensor(outputFrameSize, inputFrameSize * kW):zero()
   self.gradBias = torch.Tensor(outputFrameSize):zero()
   self:reset()
end

function TC:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1 / math.sqrt(self.kW * self.inputFrameSize)
   end
   self.weight:uniform(-stdv, stdv)
   self.bias:uniform(-stdv, stdv)
   return self
end

-- the sequences of input as a list of (T x F) matrices, and nOutputFrame
local function frames(self, input)
   nn.utils.checkTensor(torch.type(self), input)
   local d = input:dim()
   if d ~= 2 and d ~= 3 then
      error(string.format('%s: input must be 2D or 3D (got %s)', torch.type(self),
                          nn.utils.shape(input)), 3)
   end
   if input:size(d) ~= self.inputFrameSize then
      error(string.format('%s: input frames have %d features, expected inputFrameSize = %d',
                          torch.type(self), input:size(d), self.inputFrameSize), 3)
   end
   local T = input:size(d - 1)
   if T < self.kW then
      error(string.format('%s: input has %d frames, fewer than kW = %d', torch.type(self), T,
                          self.kW), 3)
   end
   return math.floor((T - self.kW) / self.dW) + 1
end

-- windows of one sequence x (T x F) as an oT x (kW*F) matrix
local function unfolded(self, x, oT)
   return x:unfold(1, self.kW, self.dW):narrow(1, 1, oT):transpose(2, 3):contiguous()
      :view(oT, self.kW * self.inputFrameSize)
end

local function each(input, f)
   if input:dim() == 2 then return f(input, nil) end
   for n = 1, input:size(1) do f(input[n], n) end
end

function TC:updateOutput(input)
   local oT = frames(self, input)
   if input:dim() == 2 then
      self.output:resize(oT, self.outputFrameSize)
   else
      self.output:resize(input:size(1), oT, self.outputFrameSize)
   end
   each(input, function(x, n)
      local out = n and self.output[n] or self.output
      out:copy(self.bias:view(1, self.outputFrameSize):expand(oT, self.outputFrameSize))
      out:addmm(1, out, 1, unfolded(self, x, oT), self.weight:t())
   end)
   return self.output
end

function TC:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   local oT = frames(self, input)
   self.gradInput:resizeAs(input):zero()
   local F = self.inputFrameSize
   each(input, function(_, n)
      local g = n and gradOutput[n] or gradOutput
      local gi = n and self.gradInput[n] or self.gradInput
      local gcols = torch.mm(g, self.weight):view(oT, self.kW, F)
      for k = 1, self.kW do
         -- rows k, k+dW, ... of gi receive window position k of each frame
         local rows = gi:narrow(1, k, (oT - 1) * self.dW + 1):unfold(1, 1, self.dW)
         rows:add(gcols:select(2, k):contiguous():view(oT, F, 1))
      end
   end)
   return self.gradInput
end

function TC:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   local oT = frames(self, input)
   each(input, function(x, n)
      local g = n and gradOutput[n] or gradOutput
      self.gradWeight:addmm(scale, g:t(), unfolded(self, x, oT))
      self.gradBias:add(scale, g:sum(1):view(self.outputFrameSize))
   end)
end

TC.sharedAccUpdateGradParameters = TC.accUpdateGradParameters

function TC:__tostring__()
   return string.format('%s(%d -> %d, %d, %d)', torch.type(self), self.inputFrameSize,
                        self.outputFrameSize, self.kW, self.dW)
end

return TC
