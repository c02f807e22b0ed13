-- torch/functional.lua — differentiable functionals on the nn kernels
-- (torch._nn), part of torch itself so that they need no require 'nn':
--   torch.softmax(x [, dim]), torch.logsoftmax(x [, dim])
--   torch.crossentropy(x, target [, weights [, sizeAverage]])
-- dim is 1-based, negative from the end, default the last.  With autograd
-- (x:requiresGrad()), the results record one node each whose backward is
-- the same C kernel the modules use (torch.autograd.record), so
-- loss:backward() reaches x.  crossentropy is the fused log-softmax + NLL
-- of nn.CrossEntropyCriterion and returns a one-element tensor.
local torch = require 'torch'
local C = torch._nn

local function wrapdim(where, x, dim)
   if not torch.isTensor(x) then
      error(string.format("bad argument #1 to '%s' (tensor expected, got %s)", where,
                          torch.type(x)), 3)
   end
   local n = x:dim()
   dim = dim or n
   if type(dim) ~= 'number' or dim ~= math.floor(dim) then
      error(string.format("bad argument #2 to '%s' (dimension must be an integer, got %s)",
                          where, tostring(dim)), 3)
   end
   if dim < 0 then dim = dim + n + 1 end
   if dim < 1 or dim > n then
      error(string.format("bad argument #2 to '%s' (dimension %d out of range for a %dD "
                          .. 'tensor)', where, dim, n), 3)
   end
   return dim
end

local function softmaxfn(name, log)
   return function(x, dim)
      dim = wrapdim(name, x, dim)
      local out = x.new()
      C.softmax(name, out, x, dim, log)
      return torch.autograd.record(out, { x }, function(g)
         local gi = x.new()
         C.softmax_backward(name, gi, out, g, dim, log)
         return gi
      end)
   end
end

torch.softmax = softmaxfn('torch.softmax', false)
torch.logsoftmax = softmaxfn('torch.logsoftmax', true)

function torch.crossentropy(x, target, weights, sizeAverage)
   wrapdim('torch.crossentropy', x, 1)
   if type(target) == 'number' then target = torch.LongTensor({ target }) end
   if sizeAverage == nil then sizeAverage = true end
   local lsm = x.new()
   local loss, tw = C.cross_entropy('torch.crossentropy', lsm, x, target, weights, sizeAverage)
   local out = x.new(1):fill(loss)
   return torch.autograd.record(out, { x }, function(g)
      local gi = x.new()
      C.cross_entropy_backward('torch.crossentropy', gi, lsm, target, weights, sizeAverage, 0,
                               tw, g[1])
      return gi
   end)
end

return nn
