-- nn/Normalize.lua — y = x / ||x||_p for a vector or each row of a batch
-- (p > 0, math.huge for the max norm); eps (1e-10) is added to sum |x|^p
-- (to max |x| for p = inf) so a zero row gives 0, not NaN.
--   d||x||/dx_j = sign(x_j) |x_j|^(p-1) / ||x||^(p-1),
--   dL/dx_j = g_j / ||x|| - (g . x) d||x||/dx_j / ||x||^2.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Normalize, parent = torch.class('nn.Normalize', 'nn.Module')

function Normalize:__init(p, eps)
   parent.__init(self)
   if type(p) ~= 'number' or p <= 0 then
      error('nn.Normalize: p must be a positive number (got ' .. tostring(p) .. ')', 2)
   end
   self.p = p
   self.eps = eps or 1e-10
end

local function rows(input)
   if input:dim() == 1 then return input:view(1, input:size(1)) end
   if input:dim() == 2 then return input end
   error(string.format('nn.Normalize: input must be a vector or a matrix (got size %s)',
                       nn.utils.shape(input)), 4)
end

-- per-row norms (n x 1), and |x|^(p-1) sign(x) (n x d)
local function norms(self, x)
   local absx = torch.abs(x)
   local norm, dnorm
   if self.p == math.huge then
      local idx = torch.LongTensor()
      norm = x.new()
      torch.max(norm, idx, absx, 2)
      norm:add(self.eps)
      dnorm = x.new():resizeAs(x):zero():scatter(2, idx, torch.ones(x:size(1), 1):typeAs(x))
      dnorm:cmul(torch.sign(x))
   else
      local powp = torch.pow(absx, self.p)
      norm = powp:sum(2):add(self.eps):pow(1 / self.p)
      dnorm = torch.pow(absx, self.p - 1):cmul(torch.sign(x))
      dnorm:cdiv(torch.pow(norm, self.p - 1):expandAs(x))
   end
   return norm, dnorm
end

function Normalize:updateOutput(input)
   nn.utils.checkTensor('nn.Normalize', input)
   local x = rows(input)
   local norm = norms(self, x)
   self.output:resizeAs(x):copy(x):cdiv(norm:expandAs(x))
   self.output = self.output:viewAs(input)
   return self.output
end

function Normalize:updateGradInput(input, gradOutput)
   local x = rows(input)
   local g = gradOutput:contiguous():viewAs(x)
   local norm, dnorm = norms(self, x)
   local gx = torch.cmul(g, x):sum(2)                     -- n x 1
   local gi = torch.cdiv(g, norm:expandAs(x))
   gi:add(-1, dnorm:cmul(torch.cdiv(gx, torch.cmul(norm, norm)):expandAs(x)))
   self.gradInput:resizeAs(input):copy(gi:viewAs(input))
   return self.gradInput
end

function Normalize:__tostring__()
   local fmt = (self.p % 1 == 0) and '%s(%d)' or '%s(%f)'
   return string.format(fmt, torch.type(self), self.p)
end

return Normalize
