-- nn.LayerNorm, nn.GELU, nn.SiLU, nn.Softmax(dim), the fused attention
-- kernel (torch._attention) and nn.MultiHeadAttention: values and every
-- gradient against PyTorch 1.13 on the same weights
-- (scripts/gen_seq_fixtures.py), nn.Jacobian in double precision (< 1e-5)
-- for the input and every parameter, masks, dropout, and the errors.
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
require 'nn'
local tester = torch.Tester()
local tests = torch.TestSuite()
local jac = nn.Jacobian
local PREC = 1e-5

local function T(v) return torch.Tensor(v) end

local function checkJacobian(m, input, tag)
   tester:assertlt(jac.testJacobian(m, input), PREC, tag .. ': input')
   local params, grads = m:parameters()
   for i = 1, #(params or {}) do
      tester:assertlt(jac.testJacobianParameters(m, input, params[i], grads[i]), PREC,
                      tag .. ': parameter ' .. i)
      tester:assertlt(jac.testJacobianUpdateParameters(m, input, params[i]), PREC,
                      tag .. ': update parameter ' .. i)
   end
end

local function gradOf(m, n) return m['grad' .. n:sub(1, 1):upper() .. n:sub(2)] end

function tests.layernorm_matches_pytorch()
   local f = dofile('tests/fixtures/seq/layernorm.lua')
   local m = nn.LayerNorm({ 3, 4 })
   m.weight:copy(T(f.weight))
   m.bias:copy(T(f.bias))
   m:zeroGradParameters()
   local x = T(f.x)
   tester:eq(m:forward(x), T(f.y), 1e-12, 'y')
   tester:eq(m:backward(x, T(f.wy)), T(f['grad.x']), 1e-12, 'dx')
   tester:eq(m.gradWeight, T(f['grad.weight']), 1e-12, 'dweight')
   tester:eq(m.gradBias, T(f['grad.bias']), 1e-12, 'dbias')
end

function tests.layernorm_jacobian_and_options()
   torch.manualSeed(1)
   local m = nn.LayerNorm(5)
   m.weight:normal(); m.bias:normal()
   checkJacobian(m, torch.randn(3, 5), 'LayerNorm(5)')
   checkJacobian(m, torch.randn(2, 3, 5), 'LayerNorm(5) on 3D')
   checkJacobian(nn.LayerNorm({ 2, 3 }), torch.randn(4, 2, 3), 'LayerNorm({2, 3})')
   local plain = nn.LayerNorm(4, 1e-3, false)
   tester:eq(#(plain:parameters() or {}), 0, 'no affine: no parameters')
   checkJacobian(plain, torch.randn(3, 4), 'LayerNorm without affine')
   local y = plain:forward(torch.randn(6, 4):mul(100):add(7))
   tester:eq(y:mean(2), torch.zeros(6, 1), 1e-12, 'rows have mean 0')
   tester:eq(torch.cmul(y, y):mean(2), torch.ones(6, 1), 1e-6, 'rows have variance ~1')
   -- Torch7's name is the same class
   local ln = nn.LayerNormalization(7)
   tester:eq(torch.type(ln), 'nn.LayerNorm', 'alias')
   tester:eq(tostring(ln), 'nn.LayerNorm(7, eps 1e-05)', 'tostring')
   tester:eq(errmsg(function() nn.LayerNorm(4):forward(torch.randn(3, 5)) end),
             'nn.LayerNorm: input of size 3x5 does not end with the normalized shape 4')
   tester:eq(errmsg(function() nn.LayerNorm(0) end),
             'nn.LayerNorm: normalizedShape must be a positive integer or a table of them (got 0)')
   local A = torch._attention
   tester:eq(errmsg(A.layerNorm, torch.randn(2, 4), torch.randn(3), nil, 4, 1e-5),
             'layerNorm: weight must be a contiguous torch.DoubleTensor of 4 elements (got a '
             .. 'torch.DoubleTensor of size 3)')
   tester:eq(errmsg(A.layerNorm, torch.randn(2, 5), nil, nil, 4, 1e-5),
             'layerNorm: input of size 2x5 is not made of rows of 4')
   tester:eq(errmsg(A.layerNormBackward, torch.randn(2, 3), torch.randn(2, 4), torch.randn(2),
                    torch.randn(2), nil, 4, true),
             'layerNormBackward: gradOutput (2x3) does not match the input (2x4)')
   -- non-contiguous input and gradient
   local ln = nn.LayerNorm(3)
   ln.weight:normal(); ln.bias:normal()
   local xt = torch.randn(3, 4):t()
   tester:eq(ln:forward(xt), ln:forward(xt:contiguous()):clone(), 1e-15, 'non-contiguous input')
   local f = nn.LayerNorm(4):float()
   tester:eq(f:forward(torch.randn(2, 4):float()):type(), 'torch.FloatTensor', 'float')
end

function tests.activations_match_pytorch()
   local f = dofile('tests/fixtures/seq/activations.lua')
   local x = T(f.x)
   for _, c in ipairs({ { nn.GELU(), 'gelu' }, { nn.GELU('tanh'), 'gelu_tanh' },
                        { nn.SiLU(), 'silu' } }) do
      local m, n = c[1], c[2]
      tester:eq(m:forward(x), T(f[n]), 1e-14, n)
      tester:eq(m:backward(x, torch.ones(x:size(1))), T(f['grad.' .. n]), 1e-14, n .. ' grad')
      checkJacobian(m, torch.randn(3, 4), n)
      tester:eq(m:float():forward(x:float()):double(), T(f[n]), 1e-6, n .. ' float')
   end
   local s = T(f.s)
   tester:eq(nn.Softmax(2):forward(s), T(f.softmax2), 1e-14, 'Softmax(2)')
   tester:eq(nn.Softmax():forward(s), T(f.softmax3), 1e-14, 'Softmax() = last dim')
   tester:eq(nn.Softmax(-1):forward(s), T(f.softmax3), 1e-14, 'Softmax(-1)')
   checkJacobian(nn.Softmax(1), torch.randn(3, 4), 'Softmax(1)')
   checkJacobian(nn.Softmax(2), torch.randn(2, 3, 4), 'Softmax(2)')
   -- stable for huge scores
   local big = nn.Softmax():forward(T({ { 1000, 1001, -1000 } }))
   tester:eq(big, T({ { 1 / (1 + math.exp(1)), 1 / (1 + math.exp(-1)), 0 } }), 1e-15,
             'max subtracted')
   tester:eq(tostring(nn.GELU('tanh')), 'nn.GELU(tanh)', 'tostring')
   tester:eq(tostring(nn.Softmax(2)), 'nn.Softmax(dim 2)', 'tostring softmax')
   tester:eq(errmsg(function() nn.GELU('erf') end),
             "nn.GELU: approximate must be 'none' or 'tanh' (got erf)")
   tester:eq(errmsg(function() nn.Softmax(3):forward(torch.randn(2, 2)) end),
             'nn.Softmax: dim 3 out of range for a 2D input (size 2x2)')
   tester:eq(errmsg(function() nn.Softmax():forward(torch.Tensor()) end),
             'nn.Softmax: dim -1 out of range for a 0D input (size empty)')
   tester:eq(errmsg(function() torch._attention.geluBackward(torch.randn(3), torch.randn(4)) end),
             'geluBackward: gradOutput (4) does not match the input (3)')
   tester:eq(errmsg(function() nn.Softmax(0) end),
             'nn.Softmax: dim must be a non-zero integer (got 0)')
   tester:eq(errmsg(function() nn.GELU():forward(torch.IntTensor(2)) end),
             'nn.GELU: input must be a floating-point tensor (got torch.IntTensor; convert it with '
             .. ':double() or :float())')
end

-- the kernel against the formula written with tensor ops
local function reference(q, k, v, scale, causal, pad, heads, am)
   local N, Tq, S = q:size(1), q:size(2), k:size(2)
   local sc = torch.bmm(q, k:transpose(2, 3)):mul(scale)
   local out, w = torch.zeros(N, Tq, v:size(3)), torch.zeros(N, Tq, S)
   for n = 1, N do
      for t = 1, Tq do
         local row, mx, any = sc[n][t], -math.huge, false
         local on = {}
         for s = 1, S do
            local padded = pad and pad[(n - 1) // heads + 1][s] ~= 0
            on[s] = not (causal and s > t + S - Tq) and not padded
                    and not (am and am[t][s] ~= 0)
            if on[s] then mx = math.max(mx, row[s]); any = true end
         end
         local sum = 0
         for s = 1, S do
            if on[s] then w[n][t][s] = math.exp(row[s] - mx); sum = sum + w[n][t][s] end
         end
         if any then w[n][t]:div(sum) end
      end
      out[n]:copy(w[n] * v[n])
   end
   return out, w
end

function tests.attention_kernel()
   torch.manualSeed(2)
   local A = torch._attention
   local q, k, v = torch.randn(4, 3, 5), torch.randn(4, 6, 5), torch.randn(4, 6, 2)
   local pad = torch.ByteTensor({ { 0, 0, 0, 0, 1, 1 }, { 1, 1, 1, 1, 1, 1 } })
   for _, c in ipairs({ { false, nil }, { true, nil }, { false, pad }, { true, pad } }) do
      local out, w = A.forward({ q = q, k = k, v = v, causal = c[1], keyPadding = c[2],
                                 heads = 2 })
      local ro, rw = reference(q, k, v, 1 / math.sqrt(5), c[1], c[2], 2)
      local tag = 'causal=' .. tostring(c[1]) .. ' pad=' .. tostring(c[2] ~= nil)
      tester:eq(out, ro, 1e-13, 'output ' .. tag)
      tester:eq(w, rw, 1e-13, 'weights')
   end
   local am = torch.rand(3, 6):lt(0.5)
   local out1, w1 = A.forward({ q = q, k = k, v = v, keyPadding = pad, attnMask = am, heads = 2,
                                causal = true })
   local ro1, rw1 = reference(q, k, v, 1 / math.sqrt(5), true, pad, 2, am)
   tester:eq(out1, ro1, 1e-13, 'output with attnMask, padding and causal')
   tester:eq(w1, rw1, 1e-13, 'weights with attnMask, padding and causal')
   tester:eq(errmsg(A.forward, { q = q, k = k, v = v, attnMask = torch.ByteTensor(6, 3) }),
             "attention: bad field 'attnMask' (attention mask has size 6x3, expected 3x6 "
             .. '(queries x keys))')
   -- batch entry 2 has every key masked: weights and output 0, never NaN
   local out, w = A.forward({ q = q, k = k, v = v, keyPadding = pad, heads = 2 })
   tester:eq(w:narrow(1, 3, 2):abs():max(), 0, 'fully masked rows give 0 weights')
   tester:eq(out:narrow(1, 3, 2):abs():max(), 0, 'and 0 output')
   -- stable for huge scales
   local o2 = A.forward({ q = q, k = k, v = v, scale = 1e4 })
   tester:assert(o2:eq(o2):all(), 'no NaN with a huge scale')
   -- dropout: kept weights scaled by 1/(1-p), the mask is reused by backward
   torch.manualSeed(3)
   local qb, kb, vb = torch.randn(8, 20, 4), torch.randn(8, 30, 4), torch.randn(8, 30, 3)
   torch.manualSeed(3)
   local o, attn, drop = A.forward({ q = qb, k = kb, v = vb, dropout = 0.25 })
   local kept = drop:gt(0):double():mean()
   tester:assertlt(math.abs(kept - 0.75), 0.03, 'keeps about 1-p')
   tester:eq(drop:max(), 1 / 0.75, 1e-15, 'scale of the kept weights')
   tester:eq(o, torch.bmm(torch.cmul(attn, drop), vb), 1e-13, 'output uses the mask')
   torch.manualSeed(3)
   local o3 = A.forward({ q = qb, k = kb, v = vb, dropout = 0.25 })
   tester:eq(o3, o, 0, 'seeded dropout repeats')
   -- backward with dropout against central differences of the fixed-mask output
   local dout = torch.randn(8, 20, 3)
   local args = { q = qb, k = kb, v = vb, dropout = 0.25, attn = attn, drop = drop, dout = dout }
   local dq = A.backward(args)
   local eps = 1e-6
   local function lossAt(qq)
      local s = torch.bmm(qq, kb:transpose(2, 3)):div(2)
      local e = (s - s:max(3):expandAs(s)):exp()
      local p = torch.cdiv(e, e:sum(3):expandAs(e))
      return torch.cmul(torch.bmm(torch.cmul(p, drop), vb), dout):sum()
   end
   local qp, qm = qb:clone(), qb:clone()
   qp[2][3][1] = qp[2][3][1] + eps; qm[2][3][1] = qm[2][3][1] - eps
   tester:eq((lossAt(qp) - lossAt(qm)) / (2 * eps), dq[2][3][1], 1e-7, 'dropout backward')
   -- errors name the field
   tester:eq(errmsg(A.forward, { q = q, k = torch.randn(4, 6, 4), v = v }),
             "attention: bad field 'k' (query 4x3x5, key 4x6x4 and value 4x6x2 do not match "
             .. '(expected NxTxd, NxSxd, NxSxdv))')
   tester:eq(errmsg(A.forward, { q = q, k = k, v = v, keyPadding = pad }),
             "attention: bad field 'keyPadding' (key padding mask has size 2x6, expected 4x6 "
             .. '(batch x keys))')
   tester:eq(errmsg(A.forward, { q = q, k = k, v = v, dropout = 1 }),
             'attention: dropout must be in [0, 1), got 1')
   tester:eq(errmsg(A.forward, { q = torch.randn(2, 5, 3), k = torch.randn(2, 4, 3),
                                 v = torch.randn(2, 4, 3), causal = true }),
             "attention: bad field 'k' (a causal mask needs at least as many keys (4) as "
             .. 'queries (5))')
   tester:eq(errmsg(A.forward, { q = q:float(), k = k, v = v }),
             "attention: bad field 'k' (key is a torch.DoubleTensor, query a torch.FloatTensor)")
end

local function loadMHA(m, f)
   for k, v in pairs(f) do
      local n = k:gsub('%.', '_')
      if m[n] ~= nil and torch.isTensor(m[n]) and not k:match('^grad') then m[n]:copy(T(v)) end
   end
end

local function againstMHA(m, f, tag)
   loadMHA(m, f)
   m:zeroGradParameters()
   local cross = f.k ~= nil
   local input = cross and { T(f.q), T(f.k), T(f.v) } or T(f.q)
   if f.keyPaddingMask then input.keyPaddingMask = T(f.keyPaddingMask) end
   if f.attnMask then input.attnMask = T(f.attnMask) end
   tester:eq(m:forward(input), T(f.y), 1e-12, tag .. ': y')
   tester:eq(m.attnWeights, T(f.weights), 1e-12, tag .. ': weights')
   local gi = m:backward(input, T(f.wy))
   if cross then
      tester:eq(gi[1], T(f['grad.q']), 1e-12, tag .. ': dq')
      tester:eq(gi[2], T(f['grad.k']), 1e-12, tag .. ': dk')
      tester:eq(gi[3], T(f['grad.v']), 1e-12, tag .. ': dv')
   else
      tester:eq(gi, T(f['grad.q']), 1e-12, tag .. ': dx')
   end
   local n = 0
   for k, v in pairs(f) do
      local p = k:match('^grad%.(.*_.*)$')
      if p then
         p = p:gsub('%.', '_')
         tester:eq(gradOf(m, p), T(v), 1e-12, tag .. ': d' .. p)
         n = n + 1
      end
   end
   tester:eq(n, #m:parameters(), tag .. ': every parameter compared')
   checkJacobian(m, input, tag)
end

function tests.mha_matches_pytorch()
   againstMHA(nn.MultiHeadAttention(4, 2, { kdim = 3, vdim = 2 }),
              dofile('tests/fixtures/seq/mha_cross.lua'), 'MHA cross, kdim/vdim, padding')
   againstMHA(nn.MultiHeadAttention(6, 3, { causal = true }),
              dofile('tests/fixtures/seq/mha_self_causal.lua'), 'MHA self, causal')
   againstMHA(nn.MultiHeadAttention(4, 2), dofile('tests/fixtures/seq/mha_attn_mask.lua'),
              'MHA attnMask and padding')
end

function tests.mha_layouts_and_options()
   torch.manualSeed(4)
   local m = nn.MultiHeadAttention(4, 2)
   local x = torch.randn(3, 2, 4)
   local y = m:forward(x):clone()
   local mb = m:clone()
   mb.batchFirst = true
   tester:eq(mb:forward(x:transpose(1, 2):contiguous()), y:transpose(1, 2), 1e-14, 'batchFirst')
   checkJacobian(mb, torch.randn(2, 3, 4), 'MHA batchFirst')
   checkJacobian(nn.MultiHeadAttention(4, 1, { bias = false }), { torch.randn(3, 2, 4),
                 torch.randn(5, 2, 4) }, 'MHA {q, kv} without bias')
   -- returnWeights
   local mw = nn.MultiHeadAttention(4, 2, { returnWeights = true })
   local out = mw:forward(x)
   tester:eq(#out, 2, 'returns {y, weights}')
   tester:eq(H.sizes(out[2]), { 2, 2, 3, 3 }, 'weights B x heads x T x S')
   tester:eq(out[2]:sum(4), torch.ones(2, 2, 3, 1), 1e-14, 'rows sum to 1')
   -- dropout only in training; the backward matches central differences
   local md = nn.MultiHeadAttention(4, 2, { dropout = 0.3 })
   md:evaluate()
   local e1 = md:forward(x):clone()
   tester:eq(md:forward(x), e1, 0, 'evaluation is deterministic')
   md:training()
   torch.manualSeed(9)
   md:forward(x)
   local gy = torch.randn(3, 2, 4)
   local gx = md:backward(x, gy)[1][1][1]
   local eps = 1e-6
   local xp, xm = x:clone(), x:clone()
   xp[1][1][1] = xp[1][1][1] + eps; xm[1][1][1] = xm[1][1][1] - eps
   torch.manualSeed(9); local yp = md:forward(xp):clone()
   torch.manualSeed(9); local ym = md:forward(xm):clone()
   tester:eq((yp - ym):cmul(gy):sum() / (2 * eps), gx, 1e-6, 'dropout gradient')
   tester:eq(tostring(nn.MultiHeadAttention(8, 2, { causal = true, dropout = 0.1 })),
             'nn.MultiHeadAttention(8, 2 heads, dropout 0.1, causal)', 'tostring')
   -- a causal layer: output t does not depend on inputs after t
   local mc = nn.MultiHeadAttention(4, 2, { causal = true })
   local x2 = x:clone()
   x2[3]:normal()
   tester:eq(mc:forward(x2):narrow(1, 1, 2), mc:forward(x):narrow(1, 1, 2):clone(), 1e-14,
             'causal')
end

function tests.mha_errors()
   local m = nn.MultiHeadAttention(4, 2)
   tester:eq(errmsg(function() nn.MultiHeadAttention(5, 2) end),
             'nn.MultiHeadAttention: embedDim 5 is not divisible by numHeads 2')
   tester:eq(errmsg(function() nn.MultiHeadAttention(4, 2, { head = 1 }) end),
             "nn.MultiHeadAttention: unknown option 'head' (dropout, bias, kdim, vdim, "
             .. 'batchFirst, causal, returnWeights)')
   tester:eq(errmsg(function() m:forward(torch.randn(3, 2, 5)) end),
             'nn.MultiHeadAttention: q must be a 3D tensor (TxBxE) with 4 features (got 3x2x5)')
   tester:eq(errmsg(function() m:forward({ torch.randn(3, 2, 4), torch.randn(3, 1, 4) }) end),
             'nn.MultiHeadAttention: q 3x2x4, k 3x1x4 and v 3x1x4 do not agree on batch and '
             .. 'key length (TxBxE)')
   tester:eq(errmsg(function()
      m:forward({ torch.randn(3, 2, 4), keyPaddingMask = torch.ByteTensor(3, 2) })
   end), 'nn.MultiHeadAttention: keyPaddingMask must be a 2x3 tensor (batch x keys), got 3x2')
   tester:eq(errmsg(function()
      m:forward({ torch.randn(3, 2, 4), attnMask = torch.ByteTensor(3, 2) })
   end), 'nn.MultiHeadAttention: attnMask must be a 3x3 tensor (queries x keys), got 3x2')
   m:forward(torch.randn(3, 2, 4))
   tester:eq(errmsg(function() m:backward(torch.randn(3, 2, 4), torch.randn(2, 2, 4)) end),
             'nn.MultiHeadAttention: gradOutput has size 2x2x4, expected 3x2x4 (the output)')
end

tester:add(tests)
tester:run()
