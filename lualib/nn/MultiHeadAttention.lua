-- nn/MultiHeadAttention.lua — multi-head attention (PyTorch's
-- nn.MultiheadAttention, same weights and formulas):
--   Q = q Wq^T + bq, K = k Wk^T + bk, V = v Wv^T + bv, split into heads,
--   O_h = softmax(Q_h K_h^T / sqrt(d_head) [masked]) V_h, y = [O_1..O_h] Wo^T + bo.
--
-- nn.MultiHeadAttention(embedDim, numHeads[, opts]) with opts
--   dropout (on the attention weights, training only; 0), bias (true),
--   kdim, vdim (key/value feature sizes, default embedDim), batchFirst
--   (false: (T, B, E) as PyTorch; true: (B, T, E)), causal (false: query t
--   sees keys 1..t), returnWeights (false).
-- Input: x (self-attention), {q, kv} or {q, k, v}; the table may carry
-- keyPaddingMask = (B, S) tensor, non-zero where a key is padding, and
-- attnMask = (T, S) tensor, non-zero where key s is hidden from query t
-- (PyTorch's boolean attn_mask; causal = true is the usual one).
-- Output: y in q's layout, or {y, weights} with returnWeights; the
-- per-head weights (B, heads, T, S) are always in self.attnWeights (the
-- weights take no gradient: gradOutput[2] is ignored).
--
-- Parameters under PyTorch's names: in_proj_weight (3E x E) when kdim =
-- vdim = E, else q_proj_weight, k_proj_weight, v_proj_weight; in_proj_bias
-- (3E), out_proj_weight (E x E), out_proj_bias (E); initialised as PyTorch
-- (Xavier-uniform projections, zero biases).  The attention itself is the
-- fused kernel of tensor/attention.c (stable softmax, masks, dropout, and
-- its backward); the projections are one GEMM each.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local A = torch._attention
local MHA, parent = torch.class('nn.MultiHeadAttention', 'nn.Module')

local function gname(n) return 'grad' .. n:sub(1, 1):upper() .. n:sub(2) end

function MHA:__init(E, heads, opts)
   parent.__init(self)
   for what, v in pairs({ embedDim = E, numHeads = heads }) do
      if type(v) ~= 'number' or v ~= math.floor(v) or v < 1 then
         error(string.format('nn.MultiHeadAttention: %s must be a positive integer (got %s)',
                             what, tostring(v)), 2)
      end
   end
   if E % heads ~= 0 then
      error(string.format('nn.MultiHeadAttention: embedDim %d is not divisible by numHeads %d',
                          E, heads), 2)
   end
   opts = opts or {}
   if type(opts) ~= 'table' then
      error('nn.MultiHeadAttention: options must be a table (got ' .. torch.type(opts) .. ')', 2)
   end
   local known = { dropout = 1, bias = 1, kdim = 1, vdim = 1, batchFirst = 1, causal = 1,
                   returnWeights = 1 }
   for k in pairs(opts) do
      if not known[k] then
         error(string.format("nn.MultiHeadAttention: unknown option '%s' (dropout, bias, kdim, "
                             .. 'vdim, batchFirst, causal, returnWeights)', tostring(k)), 2)
      end
   end
   self.embedDim, self.numHeads, self.headDim = E, heads, E // heads
   self.kdim, self.vdim = opts.kdim or E, opts.vdim or E
   self.dropout = opts.dropout or 0
   if type(self.dropout) ~= 'number' or self.dropout < 0 or self.dropout >= 1 then
      error('nn.MultiHeadAttention: dropout must be a number in [0, 1) (got '
            .. tostring(opts.dropout) .. ')', 2)
   end
   self.batchFirst = opts.batchFirst and true or false
   self.causal = opts.causal and true or false
   self.returnWeights = opts.returnWeights and true or false
   self.train = true
   self.packed = self.kdim == E and self.vdim == E
   local function param(n, ...)
      self[n] = torch.Tensor(...)
      self[gname(n)] = torch.Tensor(...):zero()
   end
   if self.packed then
      param('in_proj_weight', 3 * E, E)
   else
      param('q_proj_weight', E, E)
      param('k_proj_weight', E, self.kdim)
      param('v_proj_weight', E, self.vdim)
   end
   if opts.bias ~= false then param('in_proj_bias', 3 * E) end
   param('out_proj_weight', E, E)
   if opts.bias ~= false then param('out_proj_bias', E) end
   self:reset()
end

local function names(self)
   local n = self.packed and { 'in_proj_weight' }
             or { 'q_proj_weight', 'k_proj_weight', 'v_proj_weight' }
   if self.in_proj_bias then n[#n + 1] = 'in_proj_bias' end
   n[#n + 1] = 'out_proj_weight'
   if self.out_proj_bias then n[#n + 1] = 'out_proj_bias' end
   return n
end

function MHA:parameters()
   local p, g = {}, {}
   for _, n in ipairs(names(self)) do
      p[#p + 1], g[#g + 1] = self[n], self[gname(n)]
   end
   return p, g
end

local function xavier(t)
   local b = math.sqrt(6 / (t:size(1) + t:size(2)))
   t:uniform(-b, b)
end

function MHA:reset()
   if self.packed then xavier(self.in_proj_weight)
   else
      xavier(self.q_proj_weight); xavier(self.k_proj_weight); xavier(self.v_proj_weight)
   end
   if self.in_proj_bias then self.in_proj_bias:zero() end
   local b = 1 / math.sqrt(self.embedDim)
   self.out_proj_weight:uniform(-b, b)
   if self.out_proj_bias then self.out_proj_bias:zero() end
   return self
end

-- the projection weight and bias of part i (1 q, 2 k, 3 v) and their grads
local function proj(self, i, grad)
   local E = self.embedDim
   local w
   if self.packed then
      w = self[grad and 'gradIn_proj_weight' or 'in_proj_weight']:narrow(1, (i - 1) * E + 1, E)
   else
      local n = ({ 'q', 'k', 'v' })[i] .. '_proj_weight'
      w = self[grad and gname(n) or n]
   end
   local bt = self[grad and 'gradIn_proj_bias' or 'in_proj_bias']
   local b = bt and bt:narrow(1, (i - 1) * E + 1, E)
   return w, b
end

local function parse(self, input)
   local name = 'nn.MultiHeadAttention'
   local q, k, v, kpm, am
   local isTable = type(input) == 'table' and not torch.isTensor(input)
   if torch.isTensor(input) then q, k, v = input, input, input
   elseif isTable then
      q, k, v = input[1], input[2], input[3]
      if k == nil then k = q end
      if v == nil then v = k end
      kpm, am = input.keyPaddingMask, input.attnMask
   else
      error(string.format('%s: input must be a tensor or a table {q, k, v} (got %s)', name,
                          torch.type(input)), 4)
   end
   local layout = self.batchFirst and 'BxTxE' or 'TxBxE'
   local sizes = { q = self.embedDim, k = self.kdim, v = self.vdim }
   for _, p in ipairs({ { 'q', q }, { 'k', k }, { 'v', v } }) do
      local what, t = p[1], p[2]
      if not torch.isTensor(t) or t:dim() ~= 3 or t:size(3) ~= sizes[what] then
         error(string.format('%s: %s must be a 3D tensor (%s) with %d features (got %s)', name,
                             what, layout, sizes[what],
                             torch.isTensor(t) and nn.utils.shape(t) or torch.type(t)), 4)
      end
      if t:type() ~= self.out_proj_weight:type() then
         error(string.format('%s: %s is a %s but the weights are %s', name, what, t:type(),
                             self.out_proj_weight:type()), 4)
      end
   end
   local bd = self.batchFirst and 1 or 2
   local td = 3 - bd
   local B, T, S = q:size(bd), q:size(td), k:size(td)
   if k:size(bd) ~= B or v:size(bd) ~= B or v:size(td) ~= S then
      error(string.format('%s: q %s, k %s and v %s do not agree on batch and key length (%s)',
                          name, nn.utils.shape(q), nn.utils.shape(k), nn.utils.shape(v), layout),
            4)
   end
   if self.causal and S < T then
      error(string.format('%s: a causal mask needs at least as many keys (%d) as queries (%d)',
                          name, S, T), 4)
   end
   if kpm ~= nil and (not torch.isTensor(kpm) or kpm:dim() ~= 2 or kpm:size(1) ~= B
                      or kpm:size(2) ~= S) then
      error(string.format('%s: keyPaddingMask must be a %dx%d tensor (batch x keys), got %s',
                          name, B, S, torch.isTensor(kpm) and nn.utils.shape(kpm)
                          or torch.type(kpm)), 4)
   end
   if am ~= nil and (not torch.isTensor(am) or am:dim() ~= 2 or am:size(1) ~= T
                     or am:size(2) ~= S) then
      error(string.format('%s: attnMask must be a %dx%d tensor (queries x keys), got %s',
                          name, T, S, torch.isTensor(am) and nn.utils.shape(am)
                          or torch.type(am)), 4)
   end
   return q, k, v, kpm, B, T, S, isTable, am
end

-- (T,B,F) or (B,T,F) -> contiguous (B*L, F)
local function rows(self, t)
   if not self.batchFirst then t = t:transpose(1, 2) end
   return t:contiguous():view(t:size(1) * t:size(2), t:size(3))
end

-- (B*L, F) -> the caller's layout
local function unrows(self, t, B, L)
   local r = t:view(B, L, t:size(2))
   if not self.batchFirst then r = r:transpose(1, 2):contiguous() end
   return r
end

local function linear(x, w, b)
   local y = torch.mm(x, w:t())
   if b then y:add(b:view(1, -1):expandAs(y)) end
   return y
end

-- (B*L, E) -> (B*heads, L, dh) and back
local function split(self, t, B, L)
   local h, dh = self.numHeads, self.headDim
   return t:view(B, L, h, dh):transpose(2, 3):contiguous():view(B * h, L, dh)
end

local function merge(self, t, B, L, into)
   local h, dh = self.numHeads, self.headDim
   if into then    -- into: (B*L, E) rows, possibly a column block of a wider matrix
      into:view(B, L, h, dh):copy(t:view(B, h, L, dh):transpose(2, 3))
      return into
   end
   return t:view(B, h, L, dh):transpose(2, 3):contiguous():view(B * L, h * dh)
end

function MHA:updateOutput(input)
   local q, k, v, kpm, B, T, S, _, am = parse(self, input)
   -- self-attention with packed weights: one GEMM projects q, k and v
   local fused = self.packed and q == k and k == v
   local xq, xk, xv, Q, K, V
   local E = self.embedDim
   if fused then
      xq = rows(self, q)
      xk, xv = xq, xq
      local QKV = linear(xq, self.in_proj_weight, self.in_proj_bias)
      Q = split(self, QKV:narrow(2, 1, E), B, T)
      K = split(self, QKV:narrow(2, E + 1, E), B, S)
      V = split(self, QKV:narrow(2, 2 * E + 1, E), B, S)
   else
      xq, xk, xv = rows(self, q), rows(self, k), rows(self, v)
      local wq, bq = proj(self, 1)
      local wk, bk = proj(self, 2)
      local wv, bv = proj(self, 3)
      Q = split(self, linear(xq, wq, bq), B, T)
      K = split(self, linear(xk, wk, bk), B, S)
      V = split(self, linear(xv, wv, bv), B, S)
   end
   local args = { q = Q, k = K, v = V, causal = self.causal, keyPadding = kpm, attnMask = am,
                  heads = self.numHeads, dropout = self.train and self.dropout or 0 }
   local O, attn, drop = A.forward(args)
   args.attn, args.drop = attn, drop
   local Om = merge(self, O, B, T)
   local y = linear(Om, self.out_proj_weight, self.out_proj_bias)
   self._saved = { args = args, xq = xq, xk = xk, xv = xv, Om = Om, B = B, T = T, S = S,
                   fused = fused }
   self._dproj = nil
   self.attnWeights = attn:view(B, self.numHeads, T, S)
   local out = unrows(self, y, B, T)
   self.output = self.returnWeights and { out, self.attnWeights } or out
   return self.output
end

function MHA:updateGradInput(input, gradOutput)
   local name = 'nn.MultiHeadAttention'
   local s = self._saved
   if not s then error(name .. ': backward called before forward', 2) end
   local _, _, _, _, B, T, S, isTable = parse(self, input)
   local dy = self.returnWeights and type(gradOutput) == 'table' and gradOutput[1] or gradOutput
   local yout = self.returnWeights and self.output[1] or self.output
   if not torch.isTensor(dy) or not dy:isSameSizeAs(yout) then
      error(string.format('%s: gradOutput has size %s, expected %s (the output)', name,
                          torch.isTensor(dy) and nn.utils.shape(dy) or torch.type(dy),
                          nn.utils.shape(yout)), 2)
   end
   local dY = rows(self, dy)
   local dOm = torch.mm(dY, self.out_proj_weight)
   local a = s.args
   a.dout = split(self, dOm, B, T)
   local dQ, dK, dV = A.backward(a)
   a.dout = nil
   if s.fused then
      -- the three projections' gradients side by side: one GEMM for dx
      local E = self.embedDim
      local dQKV = dQ.new(B * T, 3 * E)
      merge(self, dQ, B, T, dQKV:narrow(2, 1, E))
      merge(self, dK, B, S, dQKV:narrow(2, E + 1, E))
      merge(self, dV, B, S, dQKV:narrow(2, 2 * E + 1, E))
      self._dproj = { dY = dY, dQKV = dQKV }
      local gx = unrows(self, torch.mm(dQKV, self.in_proj_weight), B, T)
      self.gradInput = isTable and { gx } or gx
      return self.gradInput
   end
   dQ, dK, dV = merge(self, dQ, B, T), merge(self, dK, B, S), merge(self, dV, B, S)
   self._dproj = { dY = dY, dQ = dQ, dK = dK, dV = dV }
   local wq = proj(self, 1)
   local wk = proj(self, 2)
   local wv = proj(self, 3)
   local gq, gk, gv = torch.mm(dQ, wq), torch.mm(dK, wk), torch.mm(dV, wv)
   if not isTable then
      self.gradInput = unrows(self, gq:add(gk):add(gv), B, T)
   elseif input[2] == nil then
      self.gradInput = { unrows(self, gq:add(gk):add(gv), B, T) }
   elseif input[3] == nil then
      self.gradInput = { unrows(self, gq, B, T), unrows(self, gk:add(gv), B, S) }
   else
      self.gradInput = { unrows(self, gq, B, T), unrows(self, gk, B, S), unrows(self, gv, B, S) }
   end
   return self.gradInput
end

function MHA:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   if not self._dproj then self:updateGradInput(input, gradOutput) end
   local d, s = self._dproj, self._saved
   self.gradOut_proj_weight:addmm(scale, d.dY:t(), s.Om)
   if self.gradOut_proj_bias then self.gradOut_proj_bias:add(scale, d.dY:sum(1):view(-1)) end
   if s.fused then
      self.gradIn_proj_weight:addmm(scale, d.dQKV:t(), s.xq)
      if self.gradIn_proj_bias then self.gradIn_proj_bias:add(scale, d.dQKV:sum(1):view(-1)) end
      return
   end
   local parts = { { d.dQ, s.xq }, { d.dK, s.xk }, { d.dV, s.xv } }
   for i, p in ipairs(parts) do
      local gw, gb = proj(self, i, true)
      gw:addmm(scale, p[1]:t(), p[2])
      if gb then gb:add(scale, p[1]:sum(1):view(-1)) end
   end
end

-- through the gradient buffers: the weights' own storage cannot stand in
-- for their gradients here (the projections are narrowed views)
function MHA:accUpdateGradParameters(input, gradOutput, lr)
   local saved = {}
   local _, grads = self:parameters()
   for i, g in ipairs(grads) do saved[i] = g:clone(); g:zero() end
   self:accGradParameters(input, gradOutput, 1)
   local params = self:parameters()
   for i, p in ipairs(params) do
      p:add(-lr, grads[i])
      grads[i]:copy(saved[i])
   end
end

MHA.sharedAccUpdateGradParameters = MHA.accUpdateGradParameters

function MHA:clearState()
   self._saved, self._dproj, self.attnWeights = nil, nil, nil
   return parent.clearState(self)
end

function MHA:__tostring__()
   local extra = {}
   if self.kdim ~= self.embedDim or self.vdim ~= self.embedDim then
      extra[#extra + 1] = string.format('kdim %d, vdim %d', self.kdim, self.vdim)
   end
   if self.dropout > 0 then extra[#extra + 1] = 'dropout ' .. self.dropout end
   if self.causal then extra[#extra + 1] = 'causal' end
   if self.batchFirst then extra[#extra + 1] = 'batchFirst' end
   if not self.in_proj_bias then extra[#extra + 1] = 'without bias' end
   return string.format('nn.MultiHeadAttention(%d, %d heads%s)', self.embedDim, self.numHeads,
                        #extra > 0 and ', ' .. table.concat(extra, ', ') or '')
end

return MHA
