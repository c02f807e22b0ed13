-- nn/RecurrentBase.lua — what nn.RNN, nn.LSTM and nn.GRU share: whole
-- sequences through several layers and one or two directions, on the fused
-- kernels of tensor/rnn.c (torch._rnn: one GEMM for the input projection of
-- all steps, then one GEMM per step for all gates).
--
-- Design.  One kernel call runs one layer in one direction; this file stacks
-- them: layer l+1 reads the (concatenated, for bidirectional) output of layer
-- l, with dropout on it in training.  Weights are PyTorch's, by name and
-- layout (weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, then
-- ..._reverse, layer by layer), so a PyTorch state dict maps onto them one to
-- one; gradients sit next to them as gradWeight_ih_l0, ...  Only the named
-- fields hold the tensors (lists are rebuilt from the names on demand), so
-- :float(), :clone() and getParameters() keep them in step.
--
-- Input: x, or {x, h0} (RNN, GRU) or {x, h0, c0} (LSTM), optionally with a
-- field lengths = LongTensor(B) for padded batches ({x, lengths = len} is
-- fine: positional entries are what gradInput mirrors).  x is (T, B, I)
-- time-first, (B, T, I) with batchFirst, or (T, I) unbatched; h0/c0 are
-- (numLayers*numDirections, B, H) ((L*D, H) unbatched).  Output: the last
-- layer's sequence (T, B, D*H) in x's layout; the final states are in
-- self.hn and self.cn (L*D, B, H), and with returnState = true the output
-- is {y, hn[, cn]} so the final states can take gradients too.
--
-- Backward.  The kernels compute input and parameter gradients in one pass.
-- backward() (scale 1) adds them straight into the gradient tensors;
-- updateGradInput alone keeps the parameter gradients aside so that a
-- following accGradParameters(input, gradOutput, scale) only scales and adds
-- them (Torch7's protocol, without running the recurrence twice).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local R = torch._rnn
local GATES = { rnn_tanh = 1, rnn_relu = 1, lstm = 4, gru = 3 }

local Rec, parent = torch.class('nn.RecurrentBase', 'nn.Module')

local function posint(name, v, what)
   if type(v) ~= 'number' or v ~= math.floor(v) or v < 1 then
      error(string.format('nn.%s: %s must be a positive integer (got %s)', name, what,
                          tostring(v)), 4)
   end
end

local shape = function(t) return nn.utils.shape(t) end

function Rec:__init(name, mode, inputSize, hiddenSize, opts)
   parent.__init(self)
   self.name = name
   posint(name, inputSize, 'inputSize')
   posint(name, hiddenSize, 'hiddenSize')
   if type(opts) == 'number' then opts = { numLayers = opts } end
   if opts ~= nil and type(opts) ~= 'table' then
      error(string.format('nn.%s: options must be a table (got %s)', name, torch.type(opts)), 3)
   end
   opts = opts or {}
   local known = { numLayers = 1, batchFirst = 1, dropout = 1, bidirectional = 1, bias = 1,
                   returnState = 1, nonlinearity = 1 }
   for k in pairs(opts) do
      if not known[k] then
         error(string.format("nn.%s: unknown option '%s' (numLayers, batchFirst, dropout, "
                             .. 'bidirectional, bias, returnState%s)', name, tostring(k),
                             name == 'RNN' and ', nonlinearity' or ''), 3)
      end
   end
   self.mode = mode
   self.inputSize, self.hiddenSize = inputSize, hiddenSize
   self.numLayers = opts.numLayers or 1
   posint(name, self.numLayers, 'numLayers')
   self.batchFirst = opts.batchFirst and true or false
   self.dropout = opts.dropout or 0
   if type(self.dropout) ~= 'number' or self.dropout < 0 or self.dropout >= 1 then
      error(string.format('nn.%s: dropout must be a number in [0, 1) (got %s)', name,
                          tostring(opts.dropout)), 3)
   end
   self.bidirectional = opts.bidirectional and true or false
   self.numDirections = self.bidirectional and 2 or 1
   self.hasBias = opts.bias ~= false
   self.returnState = opts.returnState and true or false
   self.train = true
   local G, H, D = GATES[mode], hiddenSize, self.numDirections
   for l = 0, self.numLayers - 1 do
      local isz = l == 0 and inputSize or H * D
      for d = 0, D - 1 do
         local sfx = l .. (d == 1 and '_reverse' or '')
         self['weight_ih_l' .. sfx] = torch.Tensor(G * H, isz)
         self['weight_hh_l' .. sfx] = torch.Tensor(G * H, H)
         self['gradWeight_ih_l' .. sfx] = torch.Tensor(G * H, isz):zero()
         self['gradWeight_hh_l' .. sfx] = torch.Tensor(G * H, H):zero()
         if self.hasBias then
            self['bias_ih_l' .. sfx] = torch.Tensor(G * H)
            self['bias_hh_l' .. sfx] = torch.Tensor(G * H)
            self['gradBias_ih_l' .. sfx] = torch.Tensor(G * H):zero()
            self['gradBias_hh_l' .. sfx] = torch.Tensor(G * H):zero()
         end
      end
   end
   self:reset()
end

-- the parameter names of layer l (0-based), direction d (0 forward, 1 reverse)
local function names(self, l, d)
   local sfx = l .. (d == 1 and '_reverse' or '')
   return 'weight_ih_l' .. sfx, 'weight_hh_l' .. sfx, 'bias_ih_l' .. sfx, 'bias_hh_l' .. sfx
end

-- PyTorch's order: per layer, per direction, w_ih w_hh b_ih b_hh
function Rec:parameters()
   local p, g = {}, {}
   for l = 0, self.numLayers - 1 do
      for d = 0, self.numDirections - 1 do
         for _, n in ipairs({ names(self, l, d) }) do
            if self[n] then
               p[#p + 1] = self[n]
               g[#g + 1] = self['grad' .. n:sub(1, 1):upper() .. n:sub(2)]
            end
         end
      end
   end
   return p, g
end

-- PyTorch's initialisation: every parameter uniform in +-1/sqrt(hiddenSize)
-- (stdv given: uniform in +-stdv*sqrt(3), as Linear:reset(stdv))
function Rec:reset(stdv)
   local b = stdv and stdv * math.sqrt(3) or 1 / math.sqrt(self.hiddenSize)
   for _, p in ipairs((self:parameters())) do p:uniform(-b, b) end
   return self
end

-- Split and check the input; x comes back as a (T, B, I) view.
function Rec:_parse(input)
   local name = 'nn.' .. self.name
   local x, h0, c0, lengths
   local isTable = type(input) == 'table' and not torch.isTensor(input)
   if torch.isTensor(input) then
      x = input
   elseif isTable then
      x, h0 = input[1], input[2]
      if self.mode == 'lstm' then c0 = input[3] end
      lengths = input.lengths
      local maxn = self.mode == 'lstm' and 3 or 2
      if #input > maxn then
         error(string.format('%s: input table has %d entries, expected at most %d ({x, h0%s})',
                             name, #input, maxn, self.mode == 'lstm' and ', c0' or ''), 4)
      end
   else
      error(string.format('%s: input must be a tensor or a table {x, h0%s} (got %s)', name,
                          self.mode == 'lstm' and ', c0' or '', torch.type(input)), 4)
   end
   if not torch.isTensor(x) then
      error(string.format('%s: x must be a tensor (got %s)', name, torch.type(x)), 4)
   end
   local wt = self.weight_ih_l0
   if x:type() ~= wt:type() then
      error(string.format('%s: input is a %s but the weights are %s (convert one with '
                          .. ':type())', name, x:type(), wt:type()), 4)
   end
   local layout = self.batchFirst and 'BxTxI' or 'TxBxI'
   local given = x
   local unbatched = x:dim() == 2
   if x:dim() ~= 3 and not unbatched then
      error(string.format('%s: input must be 3D (%s) or 2D (TxI) (got size %s)', name, layout,
                          shape(x)), 4)
   end
   if x:size(x:dim()) ~= self.inputSize then
      error(string.format('%s: input has %d features, expected %d (input of size %s)', name,
                          x:size(x:dim()), self.inputSize, shape(x)), 4)
   end
   if unbatched then
      x = x:view(x:size(1), 1, x:size(2))
   elseif self.batchFirst then
      x = x:transpose(1, 2)
   end
   local T, B = x:size(1), x:size(2)
   if T == 0 or B == 0 then
      error(string.format('%s: empty input (size %s)', name, shape(given)), 4)
   end
   local LD, H = self.numLayers * self.numDirections, self.hiddenSize
   local function state(s, what)
      if s == nil then return nil end
      if not torch.isTensor(s) then
         error(string.format('%s: %s must be a tensor (got %s)', name, what, torch.type(s)), 5)
      end
      local ok = unbatched and (s:dim() == 2 and s:size(1) == LD and s:size(2) == H)
                 or (s:dim() == 3 and s:size(1) == LD and s:size(2) == B and s:size(3) == H)
      if not ok then
         error(string.format('%s: %s has size %s, expected %s', name, what, shape(s),
                             unbatched and (LD .. 'x' .. H) or (LD .. 'x' .. B .. 'x' .. H)), 5)
      end
      if s:type() ~= wt:type() then
         error(string.format('%s: %s is a %s, expected %s', name, what, s:type(), wt:type()), 5)
      end
      return unbatched and s:view(LD, 1, H) or s
   end
   h0 = state(h0, 'h0')
   c0 = state(c0, 'c0')
   if lengths ~= nil then
      if torch.type(lengths) ~= 'torch.LongTensor' or lengths:dim() ~= 1
         or lengths:size(1) ~= B then
         error(string.format('%s: lengths must be a LongTensor of size %d (the batch), got %s '
                             .. 'of size %s', name, B, torch.type(lengths),
                             torch.isTensor(lengths) and shape(lengths) or '-'), 4)
      end
      if lengths:nElement() > 0 and (lengths:min() < 0 or lengths:max() > T) then
         error(string.format('%s: lengths must lie in 0..%d (the sequence length), got %d..%d',
                             name, T, lengths:min(), lengths:max()), 4)
      end
   end
   return x, h0, c0, lengths, unbatched, isTable
end

local function kargs(self, l, d, x, h0, c0, lengths)
   local wi, wh, bi, bh = names(self, l, d)
   local k = l * self.numDirections + d + 1
   return {
      mode = self.mode, reverse = d == 1, x = x,
      h0 = h0 and h0[k], c0 = c0 and c0[k],
      w_ih = self[wi], w_hh = self[wh], b_ih = self[bi], b_hh = self[bh],
      lengths = lengths,
   }
end

-- (T, B, F) back to the caller's layout
local function outLayout(self, t, unbatched)
   if unbatched then return t:view(t:size(1), t:size(3)) end
   if self.batchFirst then return t:transpose(1, 2):contiguous() end
   return t
end

function Rec:updateOutput(input)
   local x, h0, c0, lengths, unbatched = self:_parse(input)
   local L, D, H = self.numLayers, self.numDirections, self.hiddenSize
   local T, B = x:size(1), x:size(2)
   local hn = x.new(L * D, B, H)
   local cn = self.mode == 'lstm' and x.new(L * D, B, H) or nil
   local cache = { inputs = {}, ws = {}, masks = {} }
   local layerIn = x
   for l = 0, L - 1 do
      local outs = {}
      for d = 0, D - 1 do
         local a = kargs(self, l, d, layerIn, h0, c0, lengths)
         local y, h, c, ws = R.forward(a)
         local k = l * D + d + 1
         hn[k]:copy(h)
         if cn then cn[k]:copy(c) end
         outs[d + 1], cache.ws[k] = y, ws
      end
      cache.inputs[l + 1] = layerIn
      local out = D == 1 and outs[1] or torch.cat(outs[1], outs[2], 3)
      if l < L - 1 and self.dropout > 0 and self.train then
         local mask = out.new():resizeAs(out):bernoulli(1 - self.dropout):div(1 - self.dropout)
         cache.masks[l + 1] = mask
         out:cmul(mask)
      end
      layerIn = out
   end
   self._cache = cache
   local y = outLayout(self, layerIn, unbatched)
   if unbatched then
      hn = hn:view(L * D, H)
      if cn then cn = cn:view(L * D, H) end
   end
   self.hn, self.cn = hn, cn
   if self.returnState then
      self.output = { y, hn, cn }
   else
      self.output = y
   end
   return self.output
end

-- the gradient tensor of parameter n into which backward adds
local function gradName(n) return 'grad' .. n:sub(1, 1):upper() .. n:sub(2) end

-- One backward pass; targets(n) gives the tensor to add parameter n's
-- gradient into (nil: skip the parameter gradients).
function Rec:_backward(input, gradOutput, targets)
   local name = 'nn.' .. self.name
   local x, h0, c0, lengths, unbatched, isTable = self:_parse(input)
   local cache = self._cache
   if not cache then
      error(name .. ': backward called before forward', 3)
   end
   local L, D, H = self.numLayers, self.numDirections, self.hiddenSize
   local T, B = x:size(1), x:size(2)
   local dy, dhn, dcn
   if self.returnState then
      if type(gradOutput) ~= 'table' or torch.isTensor(gradOutput) then
         error(string.format('%s: gradOutput must be a table {dy, dhn%s} (returnState is on), '
                             .. 'got %s', name, self.mode == 'lstm' and ', dcn' or '',
                             torch.type(gradOutput)), 3)
      end
      dy, dhn, dcn = gradOutput[1], gradOutput[2], gradOutput[3]
   else
      dy = gradOutput
   end
   local yout = self.returnState and self.output[1] or self.output
   if not torch.isTensor(dy) or not dy:isSameSizeAs(yout) then
      error(string.format('%s: gradOutput has size %s, expected %s (the output)', name,
                          torch.isTensor(dy) and shape(dy) or torch.type(dy), shape(yout)), 3)
   end
   local function sview(s, what)
      if s == nil or (torch.isTensor(s) and s:nElement() == 0) then return nil end
      if not torch.isTensor(s) or not s:isSameSizeAs(self[what]) then
         error(string.format('%s: gradient of %s has size %s, expected %s', name, what,
                             torch.isTensor(s) and shape(s) or torch.type(s),
                             shape(self[what])), 4)
      end
      return unbatched and s:view(L * D, 1, H) or s
   end
   dhn, dcn = sview(dhn, 'hn'), sview(dcn, 'cn')
   if unbatched then dy = dy:view(T, 1, dy:size(2))
   elseif self.batchFirst then dy = dy:transpose(1, 2) end
   local dh0 = x.new(L * D, B, H)
   local dc0 = self.mode == 'lstm' and x.new(L * D, B, H) or nil
   local dOut = dy
   for l = L - 1, 0, -1 do
      if cache.masks[l + 1] then dOut = torch.cmul(dOut, cache.masks[l + 1]) end
      local dx
      for d = 0, D - 1 do
         local k = l * D + d + 1
         local a = kargs(self, l, d, cache.inputs[l + 1], h0, c0, lengths)
         a.ws = cache.ws[k]
         a.dy = D == 1 and dOut or dOut:narrow(3, d * H + 1, H)
         a.dhn = dhn and dhn[k]
         a.dcn = dcn and dcn[k]
         if targets then
            local wi, wh, bi, bh = names(self, l, d)
            a.dw_ih, a.dw_hh = targets(wi), targets(wh)
            if self[bi] then a.db_ih, a.db_hh = targets(bi), targets(bh) end
         end
         local dxk, dh0k, dc0k = R.backward(a)
         if dx then dx:add(dxk) else dx = dxk end
         dh0[k]:copy(dh0k)
         if dc0 then dc0[k]:copy(dc0k) end
      end
      dOut = dx
   end
   local gx = outLayout(self, dOut, unbatched)
   if isTable then
      local gi = { gx }
      if input[2] ~= nil then gi[2] = unbatched and dh0:view(L * D, H) or dh0 end
      if input[3] ~= nil and dc0 then gi[3] = unbatched and dc0:view(L * D, H) or dc0 end
      self.gradInput = gi
   else
      self.gradInput = gx
   end
   return self.gradInput
end

function Rec:updateGradInput(input, gradOutput)
   local tmp = {}
   self:_backward(input, gradOutput, function(n)
      local t = self[n].new():resizeAs(self[n]):zero()
      tmp[n] = t
      return t
   end)
   self._pendingGrads = tmp
   return self.gradInput
end

local function accumulate(self, input, gradOutput, scale, into)
   local tmp = self._pendingGrads
   if not tmp then
      tmp = {}
      self:_backward(input, gradOutput, function(n)
         local t = self[n].new():resizeAs(self[n]):zero()
         tmp[n] = t
         return t
      end)
   end
   self._pendingGrads = nil
   for n, t in pairs(tmp) do into(n):add(scale, t) end
end

function Rec:accGradParameters(input, gradOutput, scale)
   accumulate(self, input, gradOutput, scale or 1, function(n) return self[gradName(n)] end)
end

function Rec:accUpdateGradParameters(input, gradOutput, lr)
   accumulate(self, input, gradOutput, -lr, function(n) return self[n] end)
end

Rec.sharedAccUpdateGradParameters = Rec.accUpdateGradParameters

-- one pass: parameter gradients go straight into gradWeight_*/gradBias_*
function Rec:backward(input, gradOutput, scale)
   scale = scale or 1
   if scale ~= 1 then return parent.backward(self, input, gradOutput, scale) end
   self._pendingGrads = nil
   self:_backward(input, gradOutput, function(n) return self[gradName(n)] end)
   return self.gradInput
end

function Rec:clearState()
   self._cache, self._pendingGrads = nil, nil
   self.hn, self.cn = nil, nil
   self.output, self.gradInput = torch.Tensor():type(self._type), torch.Tensor():type(self._type)
   return self
end

function Rec:__tostring__()
   local extra = {}
   if self.numLayers > 1 then extra[#extra + 1] = self.numLayers .. ' layers' end
   if self.bidirectional then extra[#extra + 1] = 'bidirectional' end
   if self.batchFirst then extra[#extra + 1] = 'batchFirst' end
   if self.dropout > 0 then extra[#extra + 1] = 'dropout ' .. self.dropout end
   if not self.hasBias then extra[#extra + 1] = 'without bias' end
   if self.returnState then extra[#extra + 1] = 'returnState' end
   if self.mode == 'rnn_relu' then extra[#extra + 1] = 'relu' end
   return string.format('%s(%d -> %d%s)', torch.type(self), self.inputSize, self.hiddenSize,
                        #extra > 0 and ', ' .. table.concat(extra, ', ') or '')
end

return Rec
