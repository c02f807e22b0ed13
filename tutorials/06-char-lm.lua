-- 06-char-lm.lua — a character-level language model: a network that reads
-- text one character at a time, learns to guess the next one, and then
-- writes new text of its own by sampling its guesses.
--
--   lantern tutorials/06-char-lm.lua                      2-layer LSTM on Debian's fortunes
--   lantern tutorials/06-char-lm.lua -model transformer   a small causal Transformer instead
--   lantern tutorials/06-char-lm.lua -text book.txt       any text file works
--   lantern tutorials/06-char-lm.lua -load char-lm.t7 -epochs 0 -temperature 0.5
--                                                         sample from a saved checkpoint
--
-- The default text is /usr/share/games/fortunes/fortunes from Debian's
-- `fortunes` package (make deps installs it): about 24,000 characters of
-- short fortunes separated by lines holding a single '%'.  Training
-- prints the loss (in nats per character) on the training text and on a
-- held-out tenth of it, samples a few lines every 5 epochs, streams the
-- loss curve like tutorial 03, and saves a checkpoint that -load reads back.
--
-- Defaults (measured on the project's shared 2-core machine, all cores):
-- the LSTM trains 30 epochs in about 23 s and reaches a held-out loss near
-- 1.87 nats per character (the training loss goes on falling: with so
-- little text the model starts to memorise it, which is what the held-out
-- loss is there to show).  The Transformer (-model transformer) takes
-- about 1.8 s an epoch, about 51 s in all, and reaches a held-out loss
-- near 2.0.
require 'nn'
require 'optim'
local text = require 'text'

local cmd = torch.CmdLine()
cmd:text('Train a character-level language model and sample from it.')
cmd:option('-text', '/usr/share/games/fortunes/fortunes', 'the text file to learn')
cmd:option('-model', 'lstm', 'lstm (2-layer LSTM) or transformer (causal self-attention)')
cmd:option('-epochs', 30, 'passes over the training text')
cmd:option('-limit', 0, 'use only the first N characters of the text (0: all)')
cmd:option('-batch', 32, 'streams of text read side by side')
cmd:option('-seqlen', 64, 'characters per training window (backpropagation through time)')
cmd:option('-hidden', 192, 'LSTM hidden size')
cmd:option('-width', 128, 'Transformer model width (heads of 64)')
cmd:option('-layers', 2, 'LSTM or Transformer layers')
cmd:option('-dropout', 0.2, 'dropout between layers (training only)')
cmd:option('-lr', 3e-3, 'Adam learning rate')
cmd:option('-clip', 5, 'clip the gradient norm to this (0: no clipping)')
cmd:option('-temperature', 0.8, 'sampling temperature: < 1 safer, > 1 wilder')
cmd:option('-samplelen', 200, 'characters to generate at each epoch')
cmd:option('-checkpoint', 'char-lm.t7', 'where to save the trained model (\'\' for nowhere)')
cmd:option('-load', '', 'start from this checkpoint instead of fresh weights')
cmd:option('-seed', 1, 'random seed')
cmd:option('-threads', 0, 'threads (0: all cores)')
cmd:option('-png', '', 'write the loss curve to this PNG file')
cmd:option('-noplot', false, 'do not plot the loss curve')
local opt = cmd:parse(arg or {})
if opt.temperature <= 0 then
   error(('06-char-lm: -temperature must be positive, got %g'):format(opt.temperature), 0)
end

torch.manualSeed(opt.seed)
if opt.threads > 0 then torch.setnumthreads(opt.threads) end
torch.setdefaulttensortype('torch.FloatTensor')

-- 1. The text.  A missing default file most likely means the package is
--    not installed: say which one.
local f = io.open(opt.text, 'rb')
if not f then
   if opt.text:find('^/usr/share/games/fortunes/') then
      error(('06-char-lm: %s not found: install Debian\'s fortunes package ' ..
             '(apt-get install fortunes, or make deps), or give -text path'):format(opt.text), 0)
   end
   error(('06-char-lm: cannot open -text %s'):format(opt.text), 0)
end
f:close()
local corpus = text.read(opt.text)
if opt.limit > 0 then corpus = corpus:sub(1, opt.limit) end

-- 2. A vocabulary: every distinct character gets an id 1..V.  The text
--    becomes one long LongTensor of ids; the last tenth is held out to
--    measure how well the model does on text it never trained on.
local vocab, model, ckpt
if opt.load ~= '' then
   -- A checkpoint is a plain Lua table written by torch.save: the model,
   -- its vocabulary (text.CharVocab is a torch class, so it serialises too)
   -- and the options it was built with.
   ckpt = torch.load(opt.load)
   vocab = ckpt.vocab
   opt.model = ckpt.opt.model
   -- a Transformer knows positions 1..seqlen only: keep its window
   if opt.model == 'transformer' then opt.seqlen = ckpt.opt.seqlen end
   print(('loaded %s: a %s trained for %d epochs'):format(opt.load, opt.model, ckpt.epochs))
else
   -- The unknown id stands for characters of a later -text that this one
   -- lacks (when a checkpoint is loaded); sampling never picks it.
   vocab = text.CharVocab({ unknown = '\0' }):fit(corpus)
end
local ids = vocab:encode(corpus)
local V = vocab:size()
local nval = math.max(math.floor(ids:size(1) / 10), opt.batch * (opt.seqlen + 1))
local ntrain = ids:size(1) - nval
if ntrain < opt.batch * (opt.seqlen + 1) then
   error(('06-char-lm: %d characters is too little text for -batch %d -seqlen %d'):format(
      ids:size(1), opt.batch, opt.seqlen), 0)
end
local trainIds, valIds = ids:narrow(1, 1, ntrain), ids:narrow(1, ntrain + 1, nval)
print(('%s: %d characters, %d distinct; %d for training, %d held out'):format(
   opt.text, ids:size(1), V, ntrain, nval))

-- 3. The models.  Both map a batch of B windows of T ids to B*T rows of V
--    scores (logits): row (b, t) says how likely each character is to
--    come after the first t characters of window b.
--
--    LSTM: embedding -> 2 LSTM layers -> linear.  An LSTM carries a state
--    (h, c) from one character to the next; we also carry it from one
--    window to the next, since text.lmBatches cuts the text into B streams
--    that continue across windows.  So its forward takes {x, h0, c0}.
--
--    Transformer: embedding + sinusoidal positions -> pre-norm encoder
--    layers with a *causal* mask (position t may only look at 1..t, or it
--    could read the answer) -> linear.  It has no state: it sees exactly
--    the T characters of its window.
local H = opt.model == 'transformer' and opt.width or opt.hidden
if not ckpt then
   if opt.model == 'lstm' then
      model = nn.Sequential()
         :add(nn.LookupTable(V, 64))
         :add(nn.LSTM(64, H, { numLayers = opt.layers, batchFirst = true,
                               dropout = opt.dropout }))
         :add(nn.View(-1, H))
         :add(nn.Linear(H, V))
   elseif opt.model == 'transformer' then
      local heads = H % 64 == 0 and H // 64 or 1
      local layer = nn.TransformerEncoderLayer(H, heads, {
         dimFeedforward = 4 * H, dropout = opt.dropout, batchFirst = true, causal = true,
         normFirst = true, activation = 'gelu' })
      model = nn.Sequential()
         :add(nn.LookupTable(V, H))
         :add(nn.PositionalEncoding(H, opt.seqlen, { batchFirst = true }))
         :add(nn.TransformerEncoder(layer, opt.layers, nn.LayerNorm(H)))
         :add(nn.View(-1, H))
         :add(nn.Linear(H, V))
      model.modules[3]:reset()   -- PyTorch copies one layer's weights; we want fresh ones
   else
      error('06-char-lm: -model must be lstm or transformer, got ' .. opt.model, 0)
   end
else
   model = ckpt.model
   H = model.modules[#model.modules].weight:size(2)   -- the width of the last layer's input
end
local isLSTM = opt.model == 'lstm'
local lstm = isLSTM and model.modules[2] or nil
print(model)

-- The model's forward and backward, with the LSTM's state passed in and
-- out.  For the LSTM we run the container's pieces by hand, because the
-- LSTM's input is the table {embedded x, h0, c0} rather than one tensor.
local function forward(x, state)
   if not isLSTM then return model:forward(x) end
   local m = model.modules
   local e = m[1]:forward(x)
   local y = m[2]:forward(state and { e, state[1], state[2] } or e)
   return m[4]:forward(m[3]:forward(y))
end

local function backward(x, state, gradOut)
   if not isLSTM then return model:backward(x, gradOut) end
   local m = model.modules
   local g = m[3]:backward(m[2].output, m[4]:backward(m[3].output, gradOut))
   local gin = m[2]:backward(state and { m[1].output, state[1], state[2] } or m[1].output, g)
   m[1]:backward(x, state and gin[1] or gin)
end

-- The new state is the LSTM's final one, copied: the next window uses it
-- as a constant (its gradient stops here: truncated backpropagation).
local function nextState() return { lstm.hn:clone(), lstm.cn:clone() } end

-- 4. Sampling.  Start from a prompt, ask the model for the scores of the
--    next character, divide them by the temperature, turn them into
--    probabilities with softmax, draw one character, append it, repeat.
--    Low temperatures pick the likeliest characters (safe, repetitive);
--    high ones flatten the distribution (inventive, misspelt).
local function sample(prompt, n, temperature)
   model:evaluate()                       -- no dropout while generating
   local out = { prompt }
   local ctx = vocab:encode(prompt):totable()
   local state, logits
   if isLSTM then                         -- read the prompt, keep the state
      logits = forward(torch.LongTensor({ ctx }))
      state = nextState()
   end
   for _ = 1, n do
      if not isLSTM then                  -- re-read the last seqlen characters
         local from = math.max(1, #ctx - opt.seqlen + 1)
         logits = forward(torch.LongTensor({ { table.unpack(ctx, from, #ctx) } }))
      end
      local last = logits[logits:size(1)]:clone():div(temperature)
      last[vocab.stoi[vocab.unknown]] = -math.huge   -- never write "unknown"
      local p = torch.softmax(last, 1)
      local id = torch.multinomial(p, 1)[1]
      ctx[#ctx + 1] = id
      out[#out + 1] = vocab:decode({ id })
      if isLSTM then
         logits = forward(torch.LongTensor({ { id } }), state)
         state = nextState()
      end
   end
   model:training()
   return table.concat(out)
end

-- 5. The loss: cross-entropy between the scores and the true next
--    characters.  In nats per character: log(V) is a uniform guess,
--    about 1.2-1.5 is readable English at this size.
local criterion = nn.CrossEntropyCriterion()
local function evaluate(idsPart)
   model:evaluate()
   local total, count, state = 0, 0, nil
   local it = text.lmBatches(idsPart, opt.batch, opt.seqlen)
   for x, y in it do
      local out = forward(x, state)
      if isLSTM then state = nextState() end
      total = total + criterion:forward(out, y:reshape(y:nElement()))
      count = count + 1
   end
   model:training()
   return total / count
end

-- 6. Training: Adam, with the gradient's norm clipped (a single bad window
--    can otherwise send a recurrent net's weights flying).
local params, grads = model:getParameters()
local adam = { learningRate = opt.lr }
print(('%d parameters; a uniform guess has loss log(%d) = %.3f'):format(
   params:nElement(), V, math.log(V)))

local plot
if opt.epochs > 0 and not opt.noplot and
   (opt.png ~= '' or torch.isatty(1) or os.getenv('DISPLAY')) then
   local ok, gnuplot = pcall(require, 'gnuplot')
   if ok then
      local okp, p = pcall(gnuplot.liveplot, {
         title = 'training loss (nats/char)', xlabel = 'step', ylabel = 'loss',
         file = opt.png ~= '' and opt.png or nil })
      if okp then plot = p else print('no loss plot: ' .. tostring(p)) end
   end
end

local prompt = '%\n'                      -- fortunes start after a '%' line
local step, timer = 0, torch.Timer()
local epochsDone = ckpt and ckpt.epochs or 0
for epoch = 1, opt.epochs do
   local total, count, state = 0, 0, nil
   local epochTimer = torch.Timer()
   -- Shift the windows' start by a random offset each epoch, so that the
   -- model does not always see the same cuts.
   local shift = torch.random(0, opt.seqlen - 1)
   local part = trainIds:narrow(1, 1 + shift, ntrain - shift)
   for x, y in text.lmBatches(part, opt.batch, opt.seqlen) do
      local target = y:reshape(y:nElement())
      local function feval()
         grads:zero()
         local out = forward(x, state)
         local loss = criterion:forward(out, target)
         backward(x, state, criterion:backward(out, target))
         if opt.clip > 0 then
            local norm = grads:norm()
            if norm > opt.clip then grads:mul(opt.clip / norm) end
         end
         return loss, grads
      end
      local _, fx = optim.adam(feval, params, adam)
      if isLSTM then state = nextState() end
      step = step + 1
      total, count = total + fx[1], count + 1
      if plot and step % 5 == 0 then plot:add(step, total / count) end
   end
   epochsDone = epochsDone + 1
   print(('epoch %d: training loss %.3f, held-out loss %.3f (%.1f s)'):format(
      epoch, total / count, evaluate(valIds), epochTimer:time().real))
   if epoch % 5 == 0 or epoch == opt.epochs then
      print(('--- sample at temperature %.1f ---\n%s\n---'):format(
         opt.temperature, sample(prompt, opt.samplelen, opt.temperature)))
   end
end
if plot then plot:close() end
if opt.epochs > 0 then print(('trained in %.1f s'):format(timer:time().real)) end

-- 7. The checkpoint: torch.save writes the model (weights, buffers and
--    all), the vocabulary and the options into one file; torch.load gives
--    them back.  We read our own file back to show that the copy works:
--    the held-out loss of the loaded model is the same number.
if opt.epochs > 0 and opt.checkpoint ~= '' then
   torch.save(opt.checkpoint, { model = model, vocab = vocab, epochs = epochsDone,
                                opt = { model = opt.model, seqlen = opt.seqlen } })
   local back = torch.load(opt.checkpoint)
   local saved = model
   model = back.model
   if isLSTM then lstm = model.modules[2] end
   print(('checkpoint written to %s; reloaded, held-out loss %.3f'):format(
      opt.checkpoint, evaluate(valIds)))
   model = saved
   if isLSTM then lstm = model.modules[2] end
else
   print(('held-out loss %.3f'):format(evaluate(valIds)))
end

-- 8. The same model at three temperatures.
for _, t in ipairs({ 0.5, 1.0, 1.5 }) do
   print(('--- temperature %.1f ---\n%s\n---'):format(t, sample(prompt, opt.samplelen, t)))
end
if opt.png ~= '' and plot then print('loss curve written to ' .. opt.png) end
