-- nn/CellBase.lua — what nn.RNNCell, nn.LSTMCell and nn.GRUCell share: ONE
-- step of the recurrence, for loops written by hand (sampling a language
-- model one character at a time, attention decoders).  PyTorch's cells:
-- parameters weight_ih (G*H x I), weight_hh (G*H x H), bias_ih, bias_hh,
-- uniform in +-1/sqrt(H).
--
-- A step is the fused kernel of tensor/rnn.c run over a sequence of length
-- 1 (one GEMM for all gates of x, one for all gates of h, one pointwise
-- pass), so cells and the whole-sequence modules share their arithmetic.
-- Input: x (B x I or I), or {x, h} (RNN, GRU) / {x, h, c} (LSTM); missing
-- states are zeros.  Output: h' (RNN, GRU) or {h', c'} (LSTM).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local R = torch._rnn
local GATES = { rnn_tanh = 1, rnn_relu = 1, lstm = 4, gru = 3 }

local Cell, parent = torch.class('nn.CellBase', 'nn.Module')

function Cell:__init(name, mode, inputSize, hiddenSize, bias)
   parent.__init(self)
   for what, v in pairs({ inputSize = inputSize, hiddenSize = hiddenSize }) do
      if type(v) ~= 'number' or v ~= math.floor(v) or v < 1 then
         error(string.format('nn.%s: %s must be a positive integer (got %s)', name, what,
                             tostring(v)), 3)
      end
   end
   self.name, self.mode = name, mode
   self.inputSize, self.hiddenSize = inputSize, hiddenSize
   local G = GATES[mode]
   self.weight_ih = torch.Tensor(G * hiddenSize, inputSize)
   self.weight_hh = torch.Tensor(G * hiddenSize, hiddenSize)
   self.gradWeight_ih = torch.Tensor(G * hiddenSize, inputSize):zero()
   self.gradWeight_hh = torch.Tensor(G * hiddenSize, hiddenSize):zero()
   if bias ~= false then
      self.bias_ih = torch.Tensor(G * hiddenSize)
      self.bias_hh = torch.Tensor(G * hiddenSize)
      self.gradBias_ih = torch.Tensor(G * hiddenSize):zero()
      self.gradBias_hh = torch.Tensor(G * hiddenSize):zero()
   end
   self:reset()
end

function Cell:parameters()
   if self.bias_ih then
      return { self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh },
             { self.gradWeight_ih, self.gradWeight_hh, self.gradBias_ih, self.gradBias_hh }
   end
   return { self.weight_ih, self.weight_hh }, { self.gradWeight_ih, self.gradWeight_hh }
end

function Cell:reset(stdv)
   local b = stdv and stdv * math.sqrt(3) or 1 / math.sqrt(self.hiddenSize)
   for _, p in ipairs((self:parameters())) do p:uniform(-b, b) end
   return self
end

function Cell:_parse(input)
   local name = 'nn.' .. self.name
   local lstm = self.mode == 'lstm'
   local x, h, c
   local isTable = type(input) == 'table' and not torch.isTensor(input)
   if torch.isTensor(input) then x = input
   elseif isTable then x, h, c = input[1], input[2], lstm and input[3] or nil
   else
      error(string.format('%s: input must be a tensor or a table {x, h%s} (got %s)', name,
                          lstm and ', c' or '', torch.type(input)), 4)
   end
   if not torch.isTensor(x) or (x:dim() ~= 1 and x:dim() ~= 2)
      or x:size(x:dim()) ~= self.inputSize then
      error(string.format('%s: x must be a tensor of size BxI or I with I = %d (got %s)', name,
                          self.inputSize, torch.isTensor(x) and nn.utils.shape(x)
                          or torch.type(x)), 4)
   end
   if x:type() ~= self.weight_ih:type() then
      error(string.format('%s: input is a %s but the weights are %s (convert one with '
                          .. ':type())', name, x:type(), self.weight_ih:type()), 4)
   end
   local single = x:dim() == 1
   local B = single and 1 or x:size(1)
   local function st(s, what)
      if s == nil then return nil end
      local want = single and tostring(self.hiddenSize) or (B .. 'x' .. self.hiddenSize)
      if not torch.isTensor(s) or nn.utils.shape(s) ~= want then
         error(string.format('%s: %s has size %s, expected %s', name, what,
                             torch.isTensor(s) and nn.utils.shape(s) or torch.type(s), want), 5)
      end
      return s:view(B, self.hiddenSize)
   end
   return x:view(1, B, self.inputSize), st(h, 'h'), st(c, 'c'), single, isTable
end

local function kargs(self, x, h, c)
   return { mode = self.mode, x = x, h0 = h, c0 = c, w_ih = self.weight_ih,
            w_hh = self.weight_hh, b_ih = self.bias_ih, b_hh = self.bias_hh }
end

function Cell:updateOutput(input)
   local x, h, c, single = self:_parse(input)
   local _, hn, cn, ws = R.forward(kargs(self, x, h, c))
   self._ws = ws
   local H = self.hiddenSize
   if single then
      hn = hn:view(H)
      if cn then cn = cn:view(H) end
   end
   self.output = cn and { hn, cn } or hn
   return self.output
end

function Cell:_backward(input, gradOutput, targets)
   local name = 'nn.' .. self.name
   local x, h, c, single, isTable = self:_parse(input)
   if not self._ws then error(name .. ': backward called before forward', 3) end
   local dh, dc = gradOutput, nil
   if self.mode == 'lstm' then
      if type(gradOutput) ~= 'table' or torch.isTensor(gradOutput) then
         error(string.format('%s: gradOutput must be a table {dh, dc} (got %s)', name,
                             torch.type(gradOutput)), 3)
      end
      dh, dc = gradOutput[1], gradOutput[2]
   end
   local B, H = x:size(2), self.hiddenSize
   local function g(t, what)
      if t == nil then return nil end
      if not torch.isTensor(t) or t:nElement() ~= B * H then
         error(string.format('%s: gradient of %s has size %s, expected %s', name, what,
                             torch.isTensor(t) and nn.utils.shape(t) or torch.type(t),
                             single and tostring(H) or (B .. 'x' .. H)), 4)
      end
      return t:contiguous():view(B, H)
   end
   local a = kargs(self, x, h, c)
   a.ws, a.dhn, a.dcn = self._ws, g(dh, 'h'), g(dc, 'c')
   if targets then
      a.dw_ih, a.dw_hh = targets('weight_ih'), targets('weight_hh')
      if self.bias_ih then a.db_ih, a.db_hh = targets('bias_ih'), targets('bias_hh') end
   end
   local dx, dh0, dc0 = R.backward(a)
   local I = self.inputSize
   dx = single and dx:view(I) or dx:view(B, I)
   if isTable then
      local gi = { dx }
      if input[2] ~= nil then gi[2] = single and dh0:view(H) or dh0 end
      if input[3] ~= nil and dc0 then gi[3] = single and dc0:view(H) or dc0 end
      self.gradInput = gi
   else
      self.gradInput = dx
   end
   return self.gradInput
end

local function gradName(n) return 'grad' .. n:sub(1, 1):upper() .. n:sub(2) end

local function tmpTargets(self, tmp)
   return function(n)
      local t = self[n].new():resizeAs(self[n]):zero()
      tmp[n] = t
      return t
   end
end

function Cell:updateGradInput(input, gradOutput)
   local tmp = {}
   self:_backward(input, gradOutput, tmpTargets(self, tmp))
   self._pendingGrads = tmp
   return self.gradInput
end

local function accumulate(self, input, gradOutput, scale, into)
   local tmp = self._pendingGrads
   if not tmp then
      tmp = {}
      self:_backward(input, gradOutput, tmpTargets(self, tmp))
   end
   self._pendingGrads = nil
   for n, t in pairs(tmp) do into(n):add(scale, t) end
end

function Cell:accGradParameters(input, gradOutput, scale)
   accumulate(self, input, gradOutput, scale or 1, function(n) return self[gradName(n)] end)
end

function Cell:accUpdateGradParameters(input, gradOutput, lr)
   accumulate(self, input, gradOutput, -lr, function(n) return self[n] end)
end

Cell.sharedAccUpdateGradParameters = Cell.accUpdateGradParameters

function Cell:backward(input, gradOutput, scale)
   scale = scale or 1
   if scale ~= 1 then return parent.backward(self, input, gradOutput, scale) end
   self._pendingGrads = nil
   self:_backward(input, gradOutput, function(n) return self[gradName(n)] end)
   return self.gradInput
end

function Cell:clearState()
   self._ws, self._pendingGrads = nil, nil
   return parent.clearState(self)
end

function Cell:__tostring__()
   return string.format('%s(%d -> %d%s%s)', torch.type(self), self.inputSize, self.hiddenSize,
                        self.mode == 'rnn_relu' and ', relu' or '',
                        self.bias_ih and '' or ', without bias')
end

return Cell
