-- nn/CosineEmbeddingCriterion.lua — similarity loss of a pair {x1, x2} of
-- vectors (or N x d batches of them) with labels y = +-1:
--   CosineEmbeddingCriterion([margin=0])
-- loss = 1 - cos(x1, x2) where y == 1, max(0, cos(x1, x2) - margin) where
-- y == -1; averaged over the batch when sizeAverage (default true).
-- Norms get 1e-12 added under the square root (Torch7), so a zero vector
-- gives a finite loss.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Criterion'

local CEC, parent = torch.class('nn.CosineEmbeddingCriterion', 'nn.Criterion')
local EPS = 1e-12

function CEC:__init(margin)
   parent.__init(self)
   self.margin = margin or 0
   self.sizeAverage = true
   self.gradInput = { torch.Tensor(), torch.Tensor() }
end

-- rows of x1, x2 (N x d), y (N), and the cosines
local function cosines(self, input, target)
   if type(input) ~= 'table' or not torch.isTensor(input[1]) or not torch.isTensor(input[2]) then
      error(string.format('%s: input must be a table of two tensors (got %s)', torch.type(self),
                          torch.type(input)), 3)
   end
   local a, b = input[1], input[2]
   if not a:isSameSizeAs(b) or (a:dim() ~= 1 and a:dim() ~= 2) then
      error(string.format('%s: the inputs must be two vectors or two matrices of one size '
                          .. '(got %s and %s)', torch.type(self), nn.utils.shape(a),
                          nn.utils.shape(b)), 3)
   end
   local x1 = a:dim() == 1 and a:view(1, a:size(1)) or a
   local x2 = b:dim() == 1 and b:view(1, b:size(1)) or b
   local N = x1:size(1)
   local y
   if type(target) == 'number' then
      y = x1.new(N):fill(target)
   elseif torch.isTensor(target) and target:nElement() == N then
      y = x1.new(N):copy(target:contiguous():view(N))
   else
      error(string.format('%s: target must be a number or a tensor of %d label(s)',
                          torch.type(self), N), 3)
   end
   local dot = torch.cmul(x1, x2):sum(2):view(N)
   local n1 = torch.cmul(x1, x1):sum(2):view(N):add(EPS)
   local n2 = torch.cmul(x2, x2):sum(2):view(N):add(EPS)
   local cos = dot.new():resizeAs(dot):copy(dot):cdiv(torch.cmul(n1, n2):sqrt())
   return x1, x2, y, cos, dot, n1, n2
end

function CEC:updateOutput(input, target)
   local _, _, y, cos = cosines(self, input, target)
   local pos = cos.new():resizeAs(cos):copy(cos):mul(-1):add(1)
   local neg = cos.new():resizeAs(cos):copy(cos):add(-self.margin):cmax(0)
   local l = pos:cmul(y:eq(1):typeAs(pos)):add(neg:cmul(y:eq(-1):typeAs(neg)))
   local s = l:sum()
   if self.sizeAverage then s = s / y:nElement() end
   self.output = s
   return s
end

function CEC:updateGradInput(input, target)
   local x1, x2, y, cos, _, n1, n2 = cosines(self, input, target)
   local N = y:nElement()
   -- dcos/dx1 = x2 / sqrt(n1 n2) - cos x1 / n1 (and symmetrically)
   local inv = torch.cmul(n1, n2):sqrt():pow(-1):view(N, 1)
   local function dcos(xa, xb, na)
      local g = xb.new():resizeAs(xb):copy(xb):cmul(inv:expandAs(xb))
      local c = cos.new():resizeAs(cos):copy(cos):cdiv(na):view(N, 1)
      return g:add(-1, torch.cmul(xa, c:expandAs(xa)))
   end
   -- the coefficient of dcos: -1 (y == 1), +1 where y == -1 and cos > margin
   local coef = y.new():resizeAs(y):zero()
   coef:maskedFill(y:eq(1), -1)
   coef:maskedFill(y:eq(-1):cmul(cos:gt(self.margin)), 1)
   if self.sizeAverage then coef:div(N) end
   local c = coef:view(N, 1)
   local g1 = dcos(x1, x2, n1):cmul(c:expandAs(x1))
   local g2 = dcos(x2, x1, n2):cmul(c:expandAs(x2))
   self.gradInput[1] = self.gradInput[1] or input[1].new()
   self.gradInput[2] = self.gradInput[2] or input[1].new()
   self.gradInput[1]:resizeAs(input[1]):copy(g1:viewAs(input[1]))
   self.gradInput[2]:resizeAs(input[2]):copy(g2:viewAs(input[2]))
   return self.gradInput
end

return CEC
