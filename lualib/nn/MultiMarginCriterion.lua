-- nn/MultiMarginCriterion.lua — multi-class hinge loss:
--   MultiMarginCriterion([p=1], [weights], [margin=1])
-- for a sample x (n classes) with target class y:
--   loss = sum_{j ~= y} w[y] max(0, margin - x[y] + x[j])^p / n
-- p is 1 or 2; batches (N x n, N targets) are averaged over N when
-- sizeAverage (a field, default true), else summed.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Criterion'

local MMC, parent = torch.class('nn.MultiMarginCriterion', 'nn.Criterion')

function MMC:__init(p, weights, margin)
   parent.__init(self)
   p = p or 1
   if p ~= 1 and p ~= 2 then
      error(string.format('%s: only p == 1 and p == 2 are supported (got %s)',
                          torch.type(self), tostring(p)), 2)
   end
   if weights ~= nil and (not torch.isTensor(weights) or weights:dim() ~= 1) then
      error(string.format('%s: weights must be a vector', torch.type(self)), 2)
   end
   self.p, self.weights, self.margin = p, weights, margin or 1
   self.sizeAverage = true
end

-- (N x n matrix view, targets as a Lua list)
function nn.utils.classRows(self, input, target)
   nn.utils.checkTensor(torch.type(self), input)
   if input:dim() ~= 1 and input:dim() ~= 2 then
      error(string.format('%s: input must be a vector or a matrix (got %s)', torch.type(self),
                          nn.utils.shape(input)), 4)
   end
   local x = input:dim() == 1 and input:view(1, input:size(1)) or input
   local N, n = x:size(1), x:size(2)
   local ts = {}
   if type(target) == 'number' then
      ts[1] = target
   elseif torch.isTensor(target) then
      local flat = target:contiguous():view(target:nElement())
      for i = 1, flat:nElement() do ts[i] = flat[i] end
   else
      error(string.format('%s: target must be a class number or a tensor of them (got %s)',
                          torch.type(self), torch.type(target)), 4)
   end
   if #ts ~= N then
      error(string.format('%s: %d target(s) for %d sample(s)', torch.type(self), #ts, N), 4)
   end
   for i = 1, N do
      local t = ts[i]
      if t ~= math.floor(t) or t < 1 or t > n then
         error(string.format('%s: target %s out of range: classes are 1 to %d',
                             torch.type(self), tostring(t), n), 4)
      end
   end
   return x, ts
end

-- per-row margins z[j] = margin - x[y] + x[j], zero at y
local function margins(self, row, y)
   local z = row.new():resizeAs(row):copy(row):add(self.margin - row[y])
   z[y] = 0
   return z
end

function MMC:updateOutput(input, target)
   local x, ts = nn.utils.classRows(self, input, target)
   local n, s = x:size(2), 0
   for i = 1, x:size(1) do
      local z = margins(self, x[i], ts[i]):cmax(0)
      local w = self.weights and self.weights[ts[i]] or 1
      s = s + w * (self.p == 1 and z:sum() or z:dot(z)) / n
   end
   if self.sizeAverage then s = s / x:size(1) end
   self.output = s
   return s
end

function MMC:updateGradInput(input, target)
   local x, ts = nn.utils.classRows(self, input, target)
   local n, N = x:size(2), x:size(1)
   self.gradInput:resizeAs(input)
   local g = self.gradInput:view(N, n)
   for i = 1, N do
      local y = ts[i]
      local z = margins(self, x[i], y)
      local w = (self.weights and self.weights[y] or 1) / n / (self.sizeAverage and N or 1)
      local gi = g[i]
      if self.p == 1 then
         gi:copy(z:gt(0):typeAs(z))
      else
         gi:copy(z:cmax(0)):mul(2)
      end
      gi[y] = 0
      gi:mul(w)
      gi[y] = -gi:sum()
   end
   return self.gradInput
end

return MMC
