-- nn/TransformerEncoderLayer.lua — one Transformer encoder block (PyTorch's
-- nn.TransformerEncoderLayer): self-attention then a feed-forward network,
-- each with dropout, a residual connection and layer normalisation.
--   post-norm (default): x = norm1(x + drop1(attn(x))); y = norm2(x + drop2(ff(x)))
--   pre-norm (normFirst): x = x + drop1(attn(norm1(x))); y = x + drop2(ff(norm2(x)))
--   ff(x) = linear2(dropout(activation(linear1(x))))
-- nn.TransformerEncoderLayer(dModel, nhead[, opts]) with opts dimFeedforward
-- (2048), dropout (0.1), activation ('relu' or 'gelu'), normFirst (false),
-- layerNormEps (1e-5), batchFirst (false: (T, B, E)), causal (false).
-- Input x or {x, keyPaddingMask = (B, T), attnMask = (T, T)} (masks as
-- nn.MultiHeadAttention's); output y in x's layout.
--
-- A container of ordinary modules (self_attn, linear1, linear2, norm1,
-- norm2, dropout, dropout1, dropout2, activation, also reachable by those
-- names), so parameters(), :float(), training()/evaluate() and
-- getParameters() work as for any container; this file only wires the
-- residual paths forward and backward.  Each child runs once per forward,
-- so its output buffer can be used in place until the backward.  updateGradInput keeps each child's
-- input and gradient so that accGradParameters replays them with any scale.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Container'
require 'nn.MultiHeadAttention'
require 'nn.LayerNorm'
require 'nn.GELU'

local TEL, parent = torch.class('nn.TransformerEncoderLayer', 'nn.Container')

local ORDER = { 'self_attn', 'linear1', 'linear2', 'norm1', 'norm2', 'dropout', 'dropout1',
                'dropout2', 'activation' }

function TEL:__init(dModel, nhead, opts)
   parent.__init(self)
   opts = opts or {}
   if type(opts) ~= 'table' then
      error('nn.TransformerEncoderLayer: options must be a table (got ' .. torch.type(opts)
            .. ')', 2)
   end
   local known = { dimFeedforward = 1, dropout = 1, activation = 1, normFirst = 1,
                   layerNormEps = 1, batchFirst = 1, causal = 1 }
   for k in pairs(opts) do
      if not known[k] then
         error(string.format("nn.TransformerEncoderLayer: unknown option '%s' (dimFeedforward, "
                             .. 'dropout, activation, normFirst, layerNormEps, batchFirst, '
                             .. 'causal)', tostring(k)), 2)
      end
   end
   local act = opts.activation or 'relu'
   if act ~= 'relu' and act ~= 'gelu' then
      error(string.format("nn.TransformerEncoderLayer: activation must be 'relu' or 'gelu' "
                          .. '(got %s)', tostring(act)), 2)
   end
   local ff = opts.dimFeedforward or 2048
   local p = opts.dropout == nil and 0.1 or opts.dropout
   self.dModel, self.nhead, self.dimFeedforward = dModel, nhead, ff
   self.normFirst = opts.normFirst and true or false
   self.batchFirst = opts.batchFirst and true or false
   self.activationName, self.p = act, p
   local eps = opts.layerNormEps or 1e-5
   self.self_attn = nn.MultiHeadAttention(dModel, nhead, { dropout = p,
      batchFirst = self.batchFirst, causal = opts.causal })
   self.linear1 = nn.Linear(dModel, ff)
   self.linear2 = nn.Linear(ff, dModel)
   self.norm1 = nn.LayerNorm(dModel, eps)
   self.norm2 = nn.LayerNorm(dModel, eps)
   self.dropout = nn.Dropout(p)
   self.dropout1 = nn.Dropout(p)
   self.dropout2 = nn.Dropout(p)
   self.activation = act == 'relu' and nn.ReLU() or nn.GELU()
   for i, n in ipairs(ORDER) do self.modules[i] = self[n] end
   self.train = true
end

-- after :type() or clone the named fields must still be the listed modules
local function named(self)
   for i, n in ipairs(ORDER) do self[n] = self.modules[i] end
end

local function split(self, input)
   local x, masks
   if torch.isTensor(input) then x = input
   elseif type(input) == 'table' then
      x = input[1]
      if input.keyPaddingMask ~= nil or input.attnMask ~= nil then
         masks = { keyPaddingMask = input.keyPaddingMask, attnMask = input.attnMask }
      end
   end
   if not torch.isTensor(x) or x:dim() ~= 3 or x:size(3) ~= self.dModel then
      error(string.format('nn.TransformerEncoderLayer: input must be a 3D tensor (%s) with %d '
                          .. 'features (got %s)', self.batchFirst and 'BxTxE' or 'TxBxE',
                          self.dModel, torch.isTensor(x) and nn.utils.shape(x)
                          or torch.type(x)), 4)
   end
   return x, masks
end

local function attnInput(x, masks)
   if masks == nil then return x end
   return { x, keyPaddingMask = masks.keyPaddingMask, attnMask = masks.attnMask }
end

local function attnGrad(g) return torch.isTensor(g) and g or g[1] end

-- ff on (N, E) rows, keeping every intermediate for backward
local function ffForward(self, h)
   local s = {}
   s.h = h
   s.f1 = self.linear1:forward(h)
   s.f2 = self.activation:forward(s.f1)
   s.f3 = self.dropout:forward(s.f2)
   s.f4 = self.linear2:forward(s.f3)
   s.f5 = self.dropout2:forward(s.f4)
   return s.f5, s
end

function TEL:updateOutput(input)
   named(self)
   local x, kpm = split(self, input)
   local E = self.dModel
   local shape = x:size()
   local N = x:nElement() // E
   local st = { x = x, kpm = kpm }
   if self.normFirst then
      st.n1 = self.norm1:forward(x:contiguous():view(N, E)):view(shape)
      st.ain = attnInput(st.n1, kpm)
      st.a = self.self_attn:forward(st.ain)
      st.ad = self.dropout1:forward(st.a)
      st.r1 = torch.add(x, st.ad)
      st.r1rows = st.r1:view(N, E)
      st.n2 = self.norm2:forward(st.r1rows)
      local f, ffs = ffForward(self, st.n2)
      st.ff = ffs
      self.output = torch.add(st.r1rows, f):view(shape)
   else
      st.ain = attnInput(x, kpm)
      st.a = self.self_attn:forward(st.ain)
      st.ad = self.dropout1:forward(st.a)
      st.r1rows = torch.add(x, st.ad):view(N, E)
      st.h1 = self.norm1:forward(st.r1rows)
      local f, ffs = ffForward(self, st.h1)
      st.ff = ffs
      st.r2 = torch.add(st.h1, f)
      self.output = self.norm2:forward(st.r2):view(shape)
   end
   self._st = st
   return self.output
end

-- children's (module, input, gradOutput) in the order they were used
local function call(rec, m, inp, g)
   rec[#rec + 1] = { m, inp, g }
   return m:updateGradInput(inp, g)
end

local function ffBackward(self, rec, s, g)
   local d = call(rec, self.dropout2, s.f4, g)
   d = call(rec, self.linear2, s.f3, d)
   d = call(rec, self.dropout, s.f2, d)
   d = call(rec, self.activation, s.f1, d)
   return call(rec, self.linear1, s.h, d)
end

function TEL:updateGradInput(input, gradOutput)
   named(self)
   local st = self._st
   if not st then error('nn.TransformerEncoderLayer: backward called before forward', 2) end
   if not torch.isTensor(gradOutput) or not gradOutput:isSameSizeAs(self.output) then
      error(string.format('nn.TransformerEncoderLayer: gradOutput has size %s, expected %s',
                          torch.isTensor(gradOutput) and nn.utils.shape(gradOutput)
                          or torch.type(gradOutput), nn.utils.shape(self.output)), 2)
   end
   local E = self.dModel
   local shape = st.x:size()
   local N = st.x:nElement() // E
   local rec = {}
   local dy = gradOutput:contiguous():view(N, E)
   local dx
   if self.normFirst then
      local dr1 = dy:clone():add(call(rec, self.norm2, st.r1rows, ffBackward(self, rec, st.ff, dy)))
      dr1 = dr1:view(shape)
      local da = call(rec, self.dropout1, st.a, dr1)
      local dn1 = attnGrad(call(rec, self.self_attn, st.ain, da))
      dx = dr1:clone():add(call(rec, self.norm1, st.x:contiguous():view(N, E),
                                dn1:contiguous():view(N, E)):view(shape))
   else
      local dr2 = call(rec, self.norm2, st.r2, dy)
      local dh1 = dr2:clone():add(ffBackward(self, rec, st.ff, dr2))
      local dr1 = call(rec, self.norm1, st.r1rows, dh1):view(shape)
      local da = call(rec, self.dropout1, st.a, dr1)
      dx = dr1:clone():add(attnGrad(call(rec, self.self_attn, st.ain, da)))
   end
   self._rec = rec
   if torch.isTensor(input) then self.gradInput = dx else self.gradInput = { dx } end
   return self.gradInput
end

function TEL:accGradParameters(input, gradOutput, scale)
   if not self._rec then self:updateGradInput(input, gradOutput) end
   for _, r in ipairs(self._rec) do r[1]:accGradParameters(r[2], r[3], scale) end
   self._rec = nil
end

function TEL:backward(input, gradOutput, scale)
   self:updateGradInput(input, gradOutput)
   self:accGradParameters(input, gradOutput, scale)
   return self.gradInput
end

function TEL:accUpdateGradParameters(input, gradOutput, lr)
   if not self._rec then self:updateGradInput(input, gradOutput) end
   for _, r in ipairs(self._rec) do r[1]:accUpdateGradParameters(r[2], r[3], lr) end
   self._rec = nil
end

function TEL:clearState()
   self._st, self._rec = nil, nil
   return parent.clearState(self)
end

function TEL:__tostring__()
   return string.format('nn.TransformerEncoderLayer(d %d, %d heads, ff %d, dropout %g, %s%s%s)',
                        self.dModel, self.nhead, self.dimFeedforward, self.p,
                        self.activationName, self.normFirst and ', pre-norm' or ', post-norm',
                        self.batchFirst and ', batchFirst' or '')
end

return TEL
