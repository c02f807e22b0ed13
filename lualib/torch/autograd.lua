-- torch/autograd.lua — the parts of torch.autograd written in Lua:
-- gradcheck, which compares the engine's gradients with central finite
-- differences (in double precision, as the inputs should be).
local torch = require 'torch'
local autograd = torch.autograd

-- gradcheck(fn, inputs [, {eps=1e-6, atol=1e-5, rtol=1e-3}]) -> ok, message
-- fn(inputs...) returns a tensor (or a list of tensors); inputs that require
-- grad are checked.  The message names the worst input and element.
function autograd.gradcheck(fn, inputs, opt)
   opt = opt or {}
   local eps, atol, rtol = opt.eps or 1e-6, opt.atol or 1e-5, opt.rtol or 1e-3
   if type(fn) ~= 'function' then error("gradcheck: bad argument #1 (function expected)", 2) end
   if torch.isTensor(inputs) then inputs = { inputs } end
   if type(inputs) ~= 'table' then
      error("gradcheck: bad argument #2 (list of tensors expected)", 2)
   end
   local function outputs()
      local o = fn(table.unpack(inputs))
      if torch.isTensor(o) or type(o) == 'number' then o = { o } end
      if type(o) ~= 'table' then
         error('gradcheck: the function must return a tensor or a list of tensors', 3)
      end
      -- without grad mode, whole-tensor reductions give numbers
      for k, v in ipairs(o) do
         if type(v) == 'number' then o[k] = torch.DoubleTensor({ v }) end
      end
      return o
   end
   -- fixed random weights per output make a scalar loss
   local outs = outputs()
   local weights = {}
   for k, o in ipairs(outs) do weights[k] = torch.rand(o:size()):typeAs(o) - 0.5 end
   local function loss()
      local total = 0
      for k, o in ipairs(outputs()) do total = total + torch.cmul(o:detach(), weights[k]):sum() end
      return total
   end
   for _, x in ipairs(inputs) do
      if torch.isTensor(x) and x:isRequiresGrad() then x:setGrad(nil) end
   end
   -- one scalar over every output and one backward: outputs of one node
   -- share its graph, which a backward per output would find freed
   local total
   for k, o in ipairs(outs) do
      if o:isRequiresGrad() then
         local s = torch.cmul(o, weights[k]):sum()
         total = total and total + s or s
      end
   end
   if total then total:backward() end
   local worst, worst_msg = -1, nil
   for i, x in ipairs(inputs) do
      if torch.isTensor(x) and x:isRequiresGrad() then
         local analytic = x.grad
         local flat = x:detach()
         local n = x:nElement()
         local numeric = torch.zeros(n)
         torch.noGrad(function()
            local xv = flat:contiguous()
            if xv ~= flat then error('gradcheck: inputs must be contiguous', 3) end
            local storage, off = flat:storage(), flat:storageOffset()
            for j = 1, n do
               local old = storage[off + j - 1]
               storage[off + j - 1] = old + eps
               local lp = loss()
               storage[off + j - 1] = old - eps
               local lm = loss()
               storage[off + j - 1] = old
               numeric[j] = (lp - lm) / (2 * eps)
            end
         end)
         local a = analytic and analytic:contiguous():view(n):double() or torch.zeros(n)
         for j = 1, n do
            local diff = math.abs(a[j] - numeric[j])
            local tol = atol + rtol * math.abs(numeric[j])
            if diff > tol and diff - tol > worst then
               worst = diff - tol
               worst_msg = string.format('input %d, element %d: analytic %.10g, numeric %.10g',
                                         i, j, a[j], numeric[j])
            end
         end
      end
   end
   if worst_msg then return false, worst_msg end
   return true, 'ok'
end

return autograd
