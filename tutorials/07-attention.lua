-- 07-attention.lua — a tour of attention: the formula by hand, the same
-- numbers from nn.MultiHeadAttention, masks, and a one-layer attention
-- model that learns to reverse sequences, whose attention map we plot.
--
--   lantern tutorials/07-attention.lua                  train, print and plot the attention map
--   lantern tutorials/07-attention.lua -png attn.png    the map as a PNG file
--   lantern tutorials/07-attention.lua -task copy       the identity: a diagonal map
--
-- Attention answers "which of these positions should I read?": each query
-- scores every key, softmax turns the scores into weights that sum to 1,
-- and the answer is the weighted average of the values.
--
-- With the defaults (one thread, the faster on a shared 2-core machine)
-- the model gets every symbol of 2000 fresh sequences right after about
-- 60 of its 400 steps; the whole script takes about a second.
require 'nn'
require 'optim'

local cmd = torch.CmdLine()
cmd:text('A tour of attention, ending with a model that learns to reverse sequences.')
cmd:option('-task', 'reverse', 'reverse, copy, or rotate (shift left by one, wrapping)')
cmd:option('-len', 10, 'sequence length')
cmd:option('-symbols', 10, 'distinct symbols in the sequences')
cmd:option('-dim', 32, 'model width')
cmd:option('-steps', 400, 'training steps (batches)')
cmd:option('-batch', 64, 'sequences per step')
cmd:option('-lr', 0.01, 'Adam learning rate')
cmd:option('-seed', 1, 'random seed')
cmd:option('-threads', 1, 'threads (0: all cores; 1 is faster on a busy 2-core machine)')
cmd:option('-png', '', 'write the attention map to this PNG file')
cmd:option('-noplot', false, 'do not plot the attention map')
local opt = cmd:parse(arg or {})

torch.manualSeed(opt.seed)
if opt.threads > 0 then torch.setnumthreads(opt.threads) end
torch.setdefaulttensortype('torch.FloatTensor')

-- 1. Scaled dot-product attention by hand.  Three queries, four keys and
--    values, all of width d = 4:
--        weights = softmax(Q K^T / sqrt(d))     (one row per query)
--        output  = weights V
--    Dividing by sqrt(d) keeps the scores' spread independent of the width,
--    so that softmax does not saturate in wide models.
print('1. attention by hand')
local d = 4
local Q, K, Vv = torch.randn(3, d), torch.randn(4, d), torch.randn(4, d)
local scores = torch.mm(Q, K:t()):div(math.sqrt(d))
local weights = torch.softmax(scores, 2)
local out = torch.mm(weights, Vv)
print('weights (rows sum to 1):')
print(weights)

-- 2. nn.MultiHeadAttention computes the same thing after learned linear
--    projections of the queries, keys and values (and of the result).  Set
--    those projections to the identity and zero biases, and with one head
--    it must give our numbers.  Inputs are batches: B x T x d with
--    batchFirst, so we add a batch dimension of 1.
print('2. the same with nn.MultiHeadAttention (projections set to the identity)')
local mha = nn.MultiHeadAttention(d, 1, { batchFirst = true })
mha.in_proj_weight:zero()
for i = 1, d do                           -- in_proj_weight stacks W_q, W_k, W_v: 3d x d
   for j = 0, 2 do mha.in_proj_weight[j * d + i][i] = 1 end
end
mha.in_proj_bias:zero()
mha.out_proj_weight:copy(torch.eye(d))
mha.out_proj_bias:zero()
local y = mha:forward({ Q:view(1, 3, d), K:view(1, 4, d), Vv:view(1, 4, d) })
print(('largest difference from the hand computation: %.2g'):format(
   (y[1] - out):abs():max()))
print(('largest difference in the weights (module.attnWeights): %.2g'):format(
   (mha.attnWeights[1][1] - weights):abs():max()))

-- 3. Masks hide keys.  A causal mask lets query t see keys 1..t only, as
--    a language model must (tutorial 06's Transformer uses one): the
--    hidden scores become -infinity, so their weights are exactly 0.
print('3. a causal mask: query t sees keys 1..t (upper triangle is 0)')
local causal = nn.MultiHeadAttention(d, 1, { batchFirst = true, causal = true })
causal:forward(torch.randn(1, 4, d))      -- self-attention: q = k = v = x
print(causal.attnWeights[1][1])

-- 4. A task that needs attention: map a sequence of symbols to its
--    reverse (or a copy, or a rotation).  Output position t must read input
--    position p(t) - which symbol is there does not matter, only where.
local T, S = opt.len, opt.symbols
local source = {
   reverse = function(t) return T + 1 - t end,
   copy = function(t) return t end,
   rotate = function(t) return t % T + 1 end,
}
local src = source[opt.task]
if not src then
   error('07-attention: -task must be reverse, copy or rotate, got ' .. opt.task, 0)
end
local function makeBatch(n)
   local x = torch.LongTensor(n, T):random(1, S)
   local yy = torch.LongTensor(n, T)
   for t = 1, T do yy:select(2, t):copy(x:select(2, src(t))) end
   return x, yy
end
local positions = function(n)
   return torch.range(1, T):long():view(1, T):expand(n, T):contiguous()
end

-- The model, a single attention layer:
--   keys and values: each input symbol's embedding plus a sinusoidal
--     encoding of its position (without it, attention cannot tell
--     positions apart: it sees a bag of symbols);
--   queries: one learned vector per output position (a LookupTable over
--     the positions 1..T) - "I am output t, where should I look?";
--   then a linear layer reads the attended value as scores for S symbols.
-- Its input is the table {positions, x}: ParallelTable sends each part
-- down its own path and hands {queries, keys/values} to the attention.
local D = opt.dim
local keys = nn.Sequential()
   :add(nn.LookupTable(S, D))
   :add(nn.PositionalEncoding(D, T, { batchFirst = true }))
local queries = nn.LookupTable(T, D)
local attention = nn.MultiHeadAttention(D, 1, { batchFirst = true })
local model = nn.Sequential()
   :add(nn.ParallelTable():add(queries):add(keys))
   :add(attention)
   :add(nn.View(-1, D))
   :add(nn.Linear(D, S))
print('4. the model')
print(model)

local criterion = nn.CrossEntropyCriterion()
local params, grads = model:getParameters()
local adam = { learningRate = opt.lr }

local function accuracy(n)
   model:evaluate()
   local x, yy = makeBatch(n)
   local o = model:forward({ positions(n), x })
   local _, pred = o:max(2)
   local ok = pred:view(n, T):eq(yy)
   model:training()
   return ok:sum() / (n * T), ok:long():sum(2):eq(T):sum() / n
end

-- 5. Training on fresh random batches: there is no fixed training set to
--    memorise, so the accuracy on new sequences is the real thing.
print(('5. training on %s, %d symbols of %d kinds'):format(opt.task, T, S))
local timer = torch.Timer()
local pos = positions(opt.batch)
for step = 1, opt.steps do
   local x, yy = makeBatch(opt.batch)
   local target = yy:view(-1)
   local _, fx = optim.adam(function()
      grads:zero()
      local o = model:forward({ pos, x })
      local loss = criterion:forward(o, target)
      model:backward({ pos, x }, criterion:backward(o, target))
      return loss, grads
   end, params, adam)
   if (step <= 100 and step % 20 == 0) or step % 100 == 0 or step == opt.steps then
      local tok, whole = accuracy(500)
      print(('step %4d: loss %.3g, symbols right %.1f%%, whole sequences right %.1f%%'):format(
         step, fx[1], 100 * tok, 100 * whole))
   end
end
local tok, whole = accuracy(2000)
print(('trained in %.1f s; on 2000 new sequences: %.2f%% of symbols, %.2f%% of sequences right')
   :format(timer:time().real, 100 * tok, 100 * whole))

-- 6. The attention map of one example: row t is output position t, column
--    s input position s, the value the weight output t gives input s.
--    For reversal it is the anti-diagonal: output 1 reads input T, ...
model:evaluate()
local x = makeBatch(1)
local pred = model:forward({ positions(1), x })
local _, ids = pred:max(2)
local map = attention.attnWeights[1][1]:clone()   -- T x T (one head)
print('input:     ' .. table.concat(x[1]:totable(), ' '))
print('predicted: ' .. table.concat(ids:view(-1):totable(), ' '))
print('attention map (row: output position, column: input position; weights x 100):')
for t = 1, T do
   local row = {}
   for s = 1, T do row[s] = ('%3d'):format(math.floor(100 * map[t][s] + 0.5)) end
   print(('  %2d |%s'):format(t, table.concat(row, ' ')))
end
local _, where = map:max(2)
print('each output reads input position: ' .. table.concat(where:view(-1):totable(), ' '))

-- 7. The same map as an image: gnuplot.imagesc draws a matrix with row 1
--    at the top.  In a window with a display, as text in the terminal,
--    or into a PNG with -png; skipped off a terminal unless -png is given.
if not opt.noplot and (opt.png ~= '' or torch.isatty(1) or os.getenv('DISPLAY')) then
   local ok, gnuplot = pcall(require, 'gnuplot')
   if ok then
      local okp, err = pcall(function()
         if opt.png ~= '' then gnuplot.pngfigure(opt.png) else gnuplot.figure() end
         gnuplot.imagesc(map, 'color')
         -- imagesc's axes count from 0 and (a library bug, reported) its
         -- row 1 lands at the bottom: put row 1 on top and label 1..T.
         local tics = {}
         for i = 1, T do tics[i] = ('"%d" %d'):format(i, i - 1) end
         gnuplot.raw(('set yrange [%g:%g]'):format(T - 0.5, -0.5))
         gnuplot.raw('set xtics (' .. table.concat(tics, ', ') .. ')')
         gnuplot.raw('set ytics (' .. table.concat(tics, ', ') .. ')')
         gnuplot.title(('attention weights, task %s (row: output, column: input)'):format(opt.task))
         gnuplot.xlabel('input position')
         gnuplot.ylabel('output position')
         gnuplot.plotflush()
         if opt.png ~= '' then gnuplot.close() end
      end)
      if not okp then print('no attention plot: ' .. tostring(err))
      elseif opt.png ~= '' then print('attention map written to ' .. opt.png) end
   end
end
