-- nn.TransformerEncoderLayer (post- and pre-norm, relu and gelu),
-- nn.TransformerEncoder and nn.PositionalEncoding: outputs and every
-- gradient against PyTorch 1.13 on the same weights (dropout 0, with a key
-- padding mask; scripts/gen_seq_fixtures.py), nn.Jacobian in double
-- precision for the input and every parameter, and the errors.
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
   end
end

-- PyTorch's dotted name -> (module, field) in ours
local function resolve(m, name)
   local parts = {}
   for p in name:gmatch('[^.]+') do parts[#parts + 1] = p end
   local i = 1
   if parts[1] == 'layers' then
      m = m.modules[tonumber(parts[2]) + 1]
      i = 3
   elseif parts[1] == 'norm' and torch.type(m) == 'nn.TransformerEncoder' then
      m = m.modules[m.numLayers + 1]
      i = 2
   end
   if torch.type(m) == 'nn.TransformerEncoderLayer' then
      m = m[parts[i]]
      i = i + 1
   end
   return m, table.concat(parts, '_', i)
end

local function against(m, f, tag)
   local count = 0
   for k, v in pairs(f) do
      if not k:match('^grad') and k:match('%.') then
         local mod, field = resolve(m, k)
         mod[field]:copy(T(v))
         count = count + 1
      end
   end
   tester:eq(count, #m:parameters(), tag .. ': every parameter loaded')
   m:zeroGradParameters()
   local input = { T(f.x), keyPaddingMask = T(f.keyPaddingMask) }
   tester:eq(m:forward(input), T(f.y), 1e-12, tag .. ': y')
   local gi = m:backward(input, T(f.wy))
   tester:eq(gi[1], T(f['grad.x']), 1e-12, tag .. ': dx')
   for k, v in pairs(f) do
      local p = k:match('^grad%.(.*%..*)$')
      if p then
         local mod, field = resolve(m, p)
         tester:eq(mod['grad' .. field:sub(1, 1):upper() .. field:sub(2)], T(v), 1e-12,
                   tag .. ': d' .. p)
      end
   end
end

local function layer(opts)
   opts.dimFeedforward, opts.dropout = 6, 0
   return nn.TransformerEncoderLayer(4, 2, opts)
end

function tests.encoder_layer_matches_pytorch()
   against(layer({}), dofile('tests/fixtures/seq/encoder_post_relu.lua'), 'post-norm relu')
   against(layer({ normFirst = true, activation = 'gelu' }),
           dofile('tests/fixtures/seq/encoder_pre_gelu.lua'), 'pre-norm gelu')
   against(nn.TransformerEncoder(layer({ normFirst = true }), 2, nn.LayerNorm(4)),
           dofile('tests/fixtures/seq/encoder_stack.lua'), 'stack of 2 + norm')
end

function tests.encoder_jacobian()
   torch.manualSeed(1)
   local x = torch.randn(3, 2, 4)
   checkJacobian(layer({}), x, 'post-norm')
   checkJacobian(layer({ normFirst = true, activation = 'gelu', causal = true }), x,
                 'pre-norm causal')
   checkJacobian(layer({ batchFirst = true }), { torch.randn(2, 3, 4),
                 keyPaddingMask = torch.ByteTensor({ { 0, 0, 1 }, { 0, 0, 0 } }) },
                 'batchFirst with padding')
   checkJacobian(nn.TransformerEncoder(layer({}), 2), x, 'stack of 2')
   local am = torch.ByteTensor({ { 0, 1, 1 }, { 0, 0, 1 }, { 1, 0, 0 } })
   checkJacobian(nn.TransformerEncoder(layer({ normFirst = true }), 2), { x, attnMask = am },
                 'stack of 2 with attnMask')
   -- an attnMask equal to the causal mask gives the causal layer's result
   local lc = layer({ causal = true })
   local lm = lc:clone()
   lm.self_attn.causal = false
   local tri = torch.ByteTensor({ { 0, 1, 1 }, { 0, 0, 1 }, { 0, 0, 0 } })
   tester:eq(lm:forward({ x, attnMask = tri }), lc:forward(x), 1e-14, 'attnMask = causal')
   -- updateGradInput + accGradParameters(scale) equals scale * backward
   local m = layer({})
   m:zeroGradParameters()
   m:forward(x)
   local gy = torch.randn(3, 2, 4)
   m:backward(x, gy)
   local _, g = m:parameters()
   local ref = {}
   for i, t in ipairs(g) do ref[i] = t:clone() end
   m:zeroGradParameters()
   m:forward(x)
   m:updateGradInput(x, gy)
   m:accGradParameters(x, gy, 0.5)
   for i, t in ipairs(g) do tester:eq(t, ref[i] * 0.5, 1e-14, 'scaled ' .. i) end
end

function tests.encoder_protocol()
   torch.manualSeed(2)
   local m = nn.TransformerEncoderLayer(8, 2, { dimFeedforward = 16 })
   local mf = m:clone():float()
   tester:eq(#m:parameters(), 12, 'attention 4 + linears 4 + norms 4')
   tester:eq(tostring(m),
             'nn.TransformerEncoderLayer(d 8, 2 heads, ff 16, dropout 0.1, relu, post-norm)',
             'tostring')
   local x = torch.randn(5, 3, 8)
   local a = m:forward(x):clone()
   tester:assertgt((m:forward(x) - a):abs():max(), 1e-6, 'dropout in training')
   m:evaluate()
   local e = m:forward(x):clone()
   tester:eq(m:forward(x), e, 0, 'deterministic in evaluation')
   mf:evaluate()
   tester:eq(mf:forward(x:float()):double(), e, 1e-5, 'float copy')
   tester:eq(mf.self_attn, mf.modules[1], 'named children survive :float()')
   local p = m:getParameters()
   tester:eq(p:nElement(), 3 * 64 + 24 + 64 + 8 + 8 * 16 + 16 + 16 * 8 + 8 + 4 * 8, 'flat')
   local enc = nn.TransformerEncoder(m, 3)
   tester:eq(#enc.modules, 3, 'three layers')
   tester:eq(enc.modules[2].linear1.weight, m.linear1.weight, 0, 'copies of the layer')
   tester:assert(torch.pointer(enc.modules[2].linear1.weight:storage())
                 ~= torch.pointer(enc.modules[3].linear1.weight:storage()), 'not shared')
   tester:eq(errmsg(function() nn.TransformerEncoderLayer(8, 2, { activation = 'tanh' }) end),
             "nn.TransformerEncoderLayer: activation must be 'relu' or 'gelu' (got tanh)")
   tester:eq(errmsg(function() nn.TransformerEncoderLayer(8, 2, { heads = 2 }) end),
             "nn.TransformerEncoderLayer: unknown option 'heads' (dimFeedforward, dropout, "
             .. 'activation, normFirst, layerNormEps, batchFirst, causal)')
   tester:eq(errmsg(function() m:forward(torch.randn(5, 8)) end),
             'nn.TransformerEncoderLayer: input must be a 3D tensor (TxBxE) with 8 features '
             .. '(got 5x8)')
   tester:eq(errmsg(function() nn.TransformerEncoder(m, 0) end),
             'nn.TransformerEncoder: numLayers must be a positive integer (got 0)')
end

function tests.positional_encoding()
   local pe = nn.PositionalEncoding(6, 10)
   local y = pe:forward(torch.zeros(4, 2, 6)):clone()
   -- position t (1-based), pair i: sin/cos of (t-1) / 10000^((2i-2)/6)
   for t = 1, 4 do
      for i = 1, 3 do
         local a = (t - 1) / 10000 ^ ((2 * i - 2) / 6)
         tester:eq(y[t][2][2 * i - 1], math.sin(a), 1e-14, 'sin')
         tester:eq(y[t][1][2 * i], math.cos(a), 1e-14, 'cos')
      end
   end
   -- an odd width ends on a sine; a long table's last row
   local odd = nn.PositionalEncoding(5, 3000).pe
   tester:eq(odd:size(2), 5, 'odd width')
   for i = 1, 3 do
      local a = 2999 / 10000 ^ ((2 * i - 2) / 5)
      tester:eq(odd[3000][2 * i - 1], math.sin(a), 1e-12, 'odd width: sin, last row')
      if i < 3 then tester:eq(odd[3000][2 * i], math.cos(a), 1e-12, 'odd width: cos') end
   end
   local x = torch.randn(4, 2, 6)
   tester:eq(pe:forward(x), x + y, 1e-15, 'added to the input')
   tester:eq(#(pe:parameters() or {}), 0, 'sinusoidal has no parameters')
   tester:assertlt(jac.testJacobian(pe, x), PREC, 'sinusoidal Jacobian')
   local bf = nn.PositionalEncoding(6, 10, { batchFirst = true })
   tester:eq(bf:forward(x:transpose(1, 2):contiguous()), (x + y):transpose(1, 2), 1e-15,
             'batchFirst')
   tester:eq(nn.PositionalEncoding(6, 10):forward(x:select(2, 1)), x:select(2, 1) + y:select(2, 1),
             1e-15, '2D input (T x d)')
   torch.manualSeed(3)
   local learned = nn.PositionalEncoding(5, 8, { learned = true })
   tester:assertlt(learned.weight:std(), 0.05, 'learned starts small')
   checkJacobian(learned, torch.randn(3, 2, 5), 'learned')
   checkJacobian(nn.PositionalEncoding(5, 8, { learned = true, batchFirst = true }),
                 torch.randn(2, 3, 5), 'learned batchFirst')
   tester:eq(tostring(learned), 'nn.PositionalEncoding(5, maxLen 8, learned)', 'tostring')
   tester:eq(errmsg(function() pe:forward(torch.randn(11, 1, 6)) end),
             'nn.PositionalEncoding: sequence of 11 steps is longer than maxLen 10')
   tester:eq(errmsg(function() pe:forward(torch.randn(3, 1, 5)) end),
             'nn.PositionalEncoding: input must be 3D (TxBxd) or 2D (Txd) with d = 6 (got 3x1x5)')
   tester:eq(pe:float():forward(x:float()):type(), 'torch.FloatTensor', 'float')
end

function tests.autograd_through_modules()
   torch.manualSeed(5)
   local model = nn.Sequential()
      :add(nn.PositionalEncoding(4, 10, { learned = true }))
      :add(nn.TransformerEncoder(layer({ normFirst = true }), 2))
   model:requiresGrad()
   model:zeroGradParameters()
   local x = torch.randn(3, 2, 4):requiresGrad()
   local loss = model(x):pow(2):sum()
   loss:backward()
   local ref = model:clone()
   ref:zeroGradParameters()
   local y = ref:forward(x:detach())
   local gx = ref:backward(x:detach(), y * 2)
   tester:eq(x.grad, gx, 1e-12, 'input gradient through autograd')
   local _, g1 = model:parameters()
   local _, g2 = ref:parameters()
   for i = 1, #g1 do tester:eq(g1[i], g2[i], 1e-12, 'parameter gradient ' .. i) end
   -- multi-head attention with a table input
   local mha = nn.MultiHeadAttention(4, 2):requiresGrad()
   local q, kv = torch.randn(3, 2, 4):requiresGrad(), torch.randn(5, 2, 4):requiresGrad()
   mha:zeroGradParameters()
   mha({ q, kv }):sum():backward()
   local m2 = mha:clone()
   m2:zeroGradParameters()
   m2:forward({ q:detach(), kv:detach() })
   local gi = m2:backward({ q:detach(), kv:detach() }, torch.ones(3, 2, 4))
   tester:eq(q.grad, gi[1], 1e-12, 'MHA dq through autograd')
   tester:eq(kv.grad, gi[2], 1e-12, 'MHA dkv through autograd')
   tester:eq(mha.gradIn_proj_weight, m2.gradIn_proj_weight, 1e-12, 'MHA weight gradient')
end

function tests.save_and_load()
   if not torch.save then return end       -- h/file's torch.save, once merged
   torch.manualSeed(6)
   local m = nn.Sequential()
      :add(nn.LSTM(3, 8, { numLayers = 2, bidirectional = true }))
      :add(nn.TransformerEncoder(nn.TransformerEncoderLayer(16, 2, { dimFeedforward = 6,
                                                                     normFirst = true }), 2))
      :add(nn.PositionalEncoding(16, 10, { learned = true }))
   m:evaluate()
   local x = torch.randn(5, 2, 3)
   local y = m:forward(x):clone()
   m:clearState()
   local name = os.tmpname()
   torch.save(name, m)
   local back = torch.load(name)
   os.remove(name)
   tester:eq(back:forward(x), y, 0, 'the same outputs after torch.save / torch.load')
   tester:eq(tostring(back.modules[1]), 'nn.LSTM(3 -> 8, 2 layers, bidirectional)', 'restored')
end

tester:add(tests)
tester:run()
