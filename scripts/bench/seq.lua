-- seq.lua — training speed of the sequence models (issue 6), in the format
-- of scripts/bench/run.sh (<case> <value> <unit> <higher: 1|0>);
-- seq_torch.py times the same models in PyTorch.  float32, Adam, random
-- data (speed does not depend on the values):
--   lstm fmnist epoch: sequential Fashion-MNIST, each image 28 steps of 28
--     pixels, LSTM hidden 128, Linear 128 -> 10 on the last step, batch 64;
--     seconds for 60000 samples, extrapolated from `batches` timed batches.
-- The char-LM cases time `steps` training steps (200 by default, as issue 6
-- asks; fewer give the same rate, noisier), the LSTM epoch 2*steps batches.
--   char-lm lstm: embedding 64 of 96 symbols, 2-layer LSTM hidden 256,
--     Linear 256 -> 96 at every step, context 64, batch 32: steps/s.
--   char-lm transformer: embedding 128 + sinusoidal positions, 2 causal
--     post-norm encoder layers d 128, 4 heads, ff 512, dropout 0.1, Linear
--     128 -> 96, context 64, batch 32: steps/s.
-- Usage: build/lantern scripts/bench/seq.lua [threads [steps]]
require 'nn'
require 'optim'
local threads = tonumber(arg and arg[1]) or torch.getnumthreads()
local steps = tonumber(arg and arg[2]) or 200
torch.setnumthreads(threads)
torch.manualSeed(1)
torch.setdefaulttensortype('torch.FloatTensor')

-- mean cross-entropy of scores (N x C) against 1-based labels; returns the
-- loss and d loss / d scores (softmax - onehot) / N
local function crossEntropy(scores, labels)
   local N = scores:size(1)
   local mx = scores:max(2)
   local e = (scores - mx:expandAs(scores)):exp()
   local sum = e:sum(2)
   local p = e:cdiv(sum:expandAs(e))
   local picked = p:gather(2, labels:view(N, 1))
   local loss = -picked:log():mean()
   local g = p
   g:scatter(2, labels:view(N, 1), picked:add(-1))
   return loss, g:div(N)
end

-- an embedding as an index into a weight matrix (LookupTable's arithmetic)
local Embed = {}
Embed.__index = Embed
local function embed(V, E)
   local w = torch.randn(V, E)
   return setmetatable({ weight = w, gradWeight = torch.zeros(V, E) }, Embed)
end
function Embed:forward(ids) self.ids = ids:view(-1); return self.weight:index(1, self.ids) end
function Embed:backward(g) self.gradWeight:indexAdd(1, self.ids, g) end

local function train(params, grads, step, n)
   local state = { learningRate = 1e-3 }
   local function feval() grads:zero(); return step(), grads end
   optim.adam(feval, params, state)    -- warm-up
   local t = torch.Timer()
   for _ = 1, n do optim.adam(feval, params, state) end
   return t:time().real / n
end

local function flat(...)
   local c = nn.Container()
   for _, m in ipairs({ ... }) do c:add(m) end
   return c:getParameters()
end

do -- sequential Fashion-MNIST LSTM
   local B, batches = 64, math.max(steps * 2, 20)
   local lstm, head = nn.LSTM(28, 128), nn.Linear(128, 10)
   local p, g = flat(lstm, head)
   local x = torch.rand(28, B, 28)
   local y = torch.LongTensor(B):random(1, 10)
   local s = train(p, g, function()
      local h = lstm:forward(x)
      local last = h[28]
      local scores = head:forward(last)
      local loss, dscores = crossEntropy(scores, y)
      local dlast = head:backward(last, dscores)
      local dh = torch.zeros(28, B, 128)
      dh[28]:copy(dlast)
      lstm:backward(x, dh)
      return loss
   end, batches)
   print(string.format('%-34s %12.3f %-6s %d', 'lstm fmnist epoch (h128 b64)',
                       s * math.ceil(60000 / B), 's', 0))
end

local V, T, B = 96, 64, 32

do -- char LM, 2-layer LSTM
   local emb, lstm, head = embed(V, 64), nn.LSTM(64, 256, { numLayers = 2 }), nn.Linear(256, V)
   local c = nn.Container():add(lstm):add(head)
   local params, grads = c:parameters()
   params[#params + 1], grads[#grads + 1] = emb.weight, emb.gradWeight
   local p = nn.Module.flatten(params)
   local g = nn.Module.flatten(grads)
   local ids = torch.LongTensor(T, B):random(1, V)
   local target = torch.LongTensor(T * B):random(1, V)
   local s = train(p, g, function()
      local x = emb:forward(ids):view(T, B, 64)
      local h = lstm:forward(x):view(T * B, 256)
      local scores = head:forward(h)
      local loss, d = crossEntropy(scores, target)
      local dh = head:backward(h, d)
      local dx = lstm:backward(x, dh:view(T, B, 256))
      emb:backward(dx:view(T * B, 64))
      return loss
   end, steps)
   print(string.format('%-34s %12.3f %-6s %d', 'char-lm lstm 2x256 steps/s', 1 / s, 'step/s', 1))
end

do -- char LM, 2-layer Transformer
   local D = 128
   local emb = embed(V, D)
   local pe = nn.PositionalEncoding(D, T)
   local enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(D, 4, {
      dimFeedforward = 512, dropout = 0.1, causal = true }), 2)
   local head = nn.Linear(D, V)
   local c = nn.Container():add(enc):add(head)
   local params, grads = c:parameters()
   params[#params + 1], grads[#grads + 1] = emb.weight, emb.gradWeight
   local p = nn.Module.flatten(params)
   local g = nn.Module.flatten(grads)
   local ids = torch.LongTensor(T, B):random(1, V)
   local target = torch.LongTensor(T * B):random(1, V)
   local s = train(p, g, function()
      local x = pe:forward(emb:forward(ids):view(T, B, D))
      local h = enc:forward(x):view(T * B, D)
      local scores = head:forward(h)
      local loss, d = crossEntropy(scores, target)
      local dh = head:backward(h, d)
      local dx = enc:backward(x, dh:view(T, B, D))
      emb:backward(dx:view(T * B, D))
      return loss
   end, steps)
   print(string.format('%-34s %12.3f %-6s %d', 'char-lm transformer d128 steps/s', 1 / s,
                       'step/s', 1))
end
