-- nn/PositionalEncoding.lua — adds position information to a sequence of
-- embeddings: y[t] = x[t] + pe[t].
-- nn.PositionalEncoding(dModel[, maxLen = 5000[, opts]]), opts learned
-- (false) and batchFirst (false: x is (T, B, d); true: (B, T, d); a 2D x
-- is (T, d)).
--   sinusoidal (default; "Attention is all you need"): pe[t][2i-1] =
--     sin((t-1) / 10000^((2i-2)/d)), pe[t][2i] = cos(same); no parameters,
--     the table is built once for maxLen positions.
--   learned: pe is the parameter self.weight (maxLen x d), initialised
--     normal(0, 0.02); its gradient is the sum of gradOutput over the batch.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local PE, parent = torch.class('nn.PositionalEncoding', 'nn.Module')

function PE:__init(dModel, maxLen, opts)
   parent.__init(self)
   maxLen = maxLen or 5000
   for what, v in pairs({ dModel = dModel, maxLen = maxLen }) do
      if type(v) ~= 'number' or v ~= math.floor(v) or v < 1 then
         error(string.format('nn.PositionalEncoding: %s must be a positive integer (got %s)',
                             what, tostring(v)), 2)
      end
   end
   opts = opts or {}
   self.dModel, self.maxLen = dModel, maxLen
   self.learned = opts.learned and true or false
   self.batchFirst = opts.batchFirst and true or false
   if self.learned then
      self.weight = torch.Tensor(maxLen, dModel)
      self.gradWeight = torch.Tensor(maxLen, dModel):zero()
      self:reset()
   else
      -- in double, as whole tensors (element by element, the default
      -- maxLen of 5000 at d = 512 took a second): angle[t][k] = (t-1) *
      -- freq[k], sines into the odd columns, cosines into the even ones
      local half = (dModel + 1) // 2
      local freq = torch.range(0, half - 1):double():mul(-2 * math.log(10000) / dModel)
      freq:apply(math.exp)
      local angle = torch.ger(torch.range(0, maxLen - 1):double(), freq)
      local pairs2 = torch.DoubleTensor(maxLen, half, 2)
      pairs2:select(3, 1):copy(angle):apply(math.sin)
      pairs2:select(3, 2):copy(angle):apply(math.cos)
      self.pe = torch.Tensor(maxLen, dModel):copy(pairs2:view(maxLen, 2 * half):narrow(2, 1, dModel))
   end
end

function PE:reset(stdv)
   if self.weight then self.weight:normal(0, stdv or 0.02) end
   return self
end

-- the table's first T rows shaped to broadcast against x
local function table_for(self, x)
   local name = 'nn.PositionalEncoding'
   nn.utils.checkTensor(name, x)
   if (x:dim() ~= 2 and x:dim() ~= 3) or x:size(x:dim()) ~= self.dModel then
      error(string.format('%s: input must be 3D (%s) or 2D (Txd) with d = %d (got %s)', name,
                          self.batchFirst and 'BxTxd' or 'TxBxd', self.dModel,
                          nn.utils.shape(x)), 3)
   end
   local td = (x:dim() == 3 and self.batchFirst) and 2 or 1
   local T = x:size(td)
   if T > self.maxLen then
      error(string.format('%s: sequence of %d steps is longer than maxLen %d', name, T,
                          self.maxLen), 3)
   end
   local src = (self.weight or self.pe):narrow(1, 1, T)
   if src:type() ~= x:type() then src = src:type(x:type()) end
   if x:dim() == 2 then return src, td end
   if self.batchFirst then return src:view(1, T, self.dModel):expandAs(x), td end
   return src:view(T, 1, self.dModel):expandAs(x), td
end

function PE:updateOutput(input)
   local pe = table_for(self, input)
   self.output:resizeAs(input):copy(input):add(pe)
   return self.output
end

function PE:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(gradOutput):copy(gradOutput)
   return self.gradInput
end

function PE:accGradParameters(input, gradOutput, scale)
   if not self.weight then return end
   local _, td = table_for(self, input)
   local T = input:size(td)
   local g = gradOutput
   if g:dim() == 3 then g = g:sum(3 - td):view(T, self.dModel) end
   self.gradWeight:narrow(1, 1, T):add(scale or 1, g)
end

function PE:__tostring__()
   return string.format('nn.PositionalEncoding(%d, maxLen %d, %s%s)', self.dModel, self.maxLen,
                        self.learned and 'learned' or 'sinusoidal',
                        self.batchFirst and ', batchFirst' or '')
end

return PE
