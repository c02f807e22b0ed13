-- nn/SequenceCrossEntropyCriterion.lua — cross-entropy over sequences of
-- class scores: input (B, T, C) (any leading dimensions: (T, B, C), (N, C)
-- or one (C) vector), target the leading dimensions with 1-based class ids.
--   nn.SequenceCrossEntropyCriterion([opts]) with opts ignoreIndex (a
--   target value that counts for nothing, e.g. the padding id), weights (a
--   C vector of class weights), sizeAverage (true: divide by the total
--   weight of the counted positions, PyTorch's mean; false: the sum).
-- loss = -sum_p w[t_p] log softmax(x_p)[t_p] (/ sum_p w[t_p]); positions
-- whose target is ignoreIndex are skipped.  With no counted position the
-- loss and the gradient are 0 (PyTorch gives NaN).  Fused in the sense that
-- matters: log-softmax from max-shifted scores, and the closed-form
-- gradient w (softmax(x) - onehot(t)) / total, never the log of a softmax.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Criterion'

local SCE, parent = torch.class('nn.SequenceCrossEntropyCriterion', 'nn.Criterion')

function SCE:__init(opts)
   parent.__init(self)
   opts = opts or {}
   if type(opts) ~= 'table' then
      error('nn.SequenceCrossEntropyCriterion: options must be a table (got '
            .. torch.type(opts) .. ')', 2)
   end
   for k in pairs(opts) do
      if k ~= 'ignoreIndex' and k ~= 'weights' and k ~= 'sizeAverage' then
         error(string.format("nn.SequenceCrossEntropyCriterion: unknown option '%s' "
                             .. '(ignoreIndex, weights, sizeAverage)', tostring(k)), 2)
      end
   end
   if opts.weights ~= nil and (not torch.isTensor(opts.weights) or opts.weights:dim() ~= 1) then
      error('nn.SequenceCrossEntropyCriterion: weights must be a vector (got '
            .. torch.type(opts.weights) .. ')', 2)
   end
   self.ignoreIndex = opts.ignoreIndex
   self.weights = opts.weights
   self.sizeAverage = opts.sizeAverage ~= false
end

local NAME = 'nn.SequenceCrossEntropyCriterion'

-- input as (N, C), target as N 1-based ids (LongTensor), counted-mask (N)
local function prepare(self, input, target)
   nn.utils.checkTensor(NAME, input)
   if not torch.isTensor(target) then
      error(string.format('%s: target must be a tensor of class ids (got %s)', NAME,
                          torch.type(target)), 4)
   end
   local d = input:dim()
   if d < 1 then error(NAME .. ': input is empty', 4) end
   local C = input:size(d)
   local N = input:nElement() // C
   local ok = target:nElement() == N and (d == 1 and target:dim() <= 1 or target:dim() == d - 1)
   for i = 1, d - 1 do
      if ok and target:size(i) ~= input:size(i) then ok = false end
   end
   if not ok then
      error(string.format('%s: target of size %s does not match input of size %s (expected '
                          .. 'the input\'s size without its last dimension)', NAME,
                          nn.utils.shape(target), nn.utils.shape(input)), 4)
   end
   if self.weights and self.weights:nElement() ~= C then
      error(string.format('%s: weights has %d entries for %d classes', NAME,
                          self.weights:nElement(), C), 4)
   end
   local t = target:contiguous():view(N):long()
   local counted = torch.ByteTensor(N):fill(1)
   if self.ignoreIndex ~= nil then counted = t:ne(self.ignoreIndex) end
   local safe = t:clone()
   if self.ignoreIndex ~= nil then safe:maskedFill(counted:eq(0), 1) end
   if N > 0 and (safe:min() < 1 or safe:max() > C) then
      local bad = safe:lt(1):add(safe:gt(C)):nonzero()[1][1]
      error(string.format('%s: target %d at position %d is out of range 1..%d', NAME, t[bad],
                          bad, C), 4)
   end
   return input:contiguous():view(N, C), safe, counted, N, C
end

local function logSoftmax(x)
   local mx = x:max(2)
   local shifted = x - mx:expandAs(x)
   local lse = shifted:clone():exp():sum(2):log()
   return shifted:add(-1, lse:expandAs(shifted))
end

-- per-position weights (0 where ignored) and their total
local function positionWeights(self, x, safe, counted)
   local w = self.weights and self.weights:typeAs(x):index(1, safe) or x.new(safe:size(1)):fill(1)
   w:cmul(counted:typeAs(x))
   return w, w:sum()
end

function SCE:updateOutput(input, target)
   local x, safe, counted, N = prepare(self, input, target)
   if N == 0 then self.output = 0; return 0 end
   local lp = logSoftmax(x)
   local w, total = positionWeights(self, x, safe, counted)
   local picked = lp:gather(2, safe:view(N, 1)):view(N)
   local loss = -torch.cmul(picked, w):sum()
   if self.sizeAverage then loss = total > 0 and loss / total or 0 end
   self.output, self.totalWeight = loss, total
   return self.output
end

function SCE:updateGradInput(input, target)
   local x, safe, counted, N = prepare(self, input, target)
   local g = x.new(x:size()):zero()
   if N > 0 then
      local w, total = positionWeights(self, x, safe, counted)
      g:copy(logSoftmax(x)):exp()                         -- softmax
      local col = safe:view(N, 1)
      g:scatter(2, col, g:gather(2, col):add(-1))
      local scale = w
      if self.sizeAverage then scale = total > 0 and w / total or w:zero() end
      g:cmul(scale:view(N, 1):expandAs(g))
   end
   self.gradInput = g:view(input:size())
   return self.gradInput
end

function SCE:__tostring__()
   return string.format('nn.SequenceCrossEntropyCriterion(%s%s)',
                        self.sizeAverage and 'mean' or 'sum',
                        self.ignoreIndex ~= nil and (', ignoreIndex ' .. self.ignoreIndex) or '')
end

return SCE
