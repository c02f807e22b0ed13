-- nn/Jacobian.lua — finite-difference checks of a module's gradients
-- (Torch7's nn.Jacobian).
--
-- forward() builds the Jacobian d output / d param by central differences
-- (one row per element of param, one column per element of the output);
-- backward() builds the same matrix from updateGradInput/accGradParameters,
-- one column per unit gradOutput.  test* fill the input (and the parameter)
-- with uniform values in [minval, maxval] (default [-2, 2]) and return the
-- largest absolute difference.  Beyond Torch7, inputs and outputs may be
-- (nested) tables of tensors: their elements are taken in order, as one
-- long vector, so table layers are checked the same way.
local torch = require 'torch'
local nn = require 'nn.env'

local Jacobian = {}
nn.Jacobian = Jacobian

-- the tensors of x in order (x a tensor or a nested table of them)
local function tensors(x, list)
   list = list or {}
   if torch.isTensor(x) then
      list[#list + 1] = x
   elseif type(x) == 'table' then
      for _, v in ipairs(x) do tensors(v, list) end
   else
      error('nn.Jacobian: expected a tensor or a table of tensors (got ' .. torch.type(x) .. ')', 3)
   end
   return list
end

local function numel(list)
   local n = 0
   for _, t in ipairs(list) do n = n + t:nElement() end
   return n
end

-- 1-D views; each tensor must be contiguous so its elements can be poked
local function flatviews(list)
   local v = {}
   for i, t in ipairs(list) do
      if not t:isContiguous() then
         error('nn.Jacobian: the tensor to perturb must be contiguous', 3)
      end
      v[i] = t:view(t:nElement())
   end
   return v
end

-- copy the elements of the tensors of x, in order, into the vector dst
local function gather(dst, x)
   local off = 0
   for _, t in ipairs(tensors(x)) do
      local n = t:nElement()
      if n > 0 then
         dst:narrow(1, off + 1, n):copy(t:contiguous():view(n))
      end
      off = off + n
   end
   return dst
end

local function fillrand(x, minval, maxval)
   for _, t in ipairs(tensors(x)) do
      t:copy(torch.rand(t:nElement()):mul(maxval - minval):add(minval):viewAs(t))
   end
end

-- zero tensors shaped like x (a tensor or nested table)
local function zerosLike(x)
   if torch.isTensor(x) then return x.new():resizeAs(x):zero() end
   local t = {}
   for k, v in ipairs(x) do t[k] = zerosLike(v) end
   return t
end

function Jacobian.backward(module, input, param, dparam)
   local doparam = param ~= nil
   param = param or input
   module:forward(input)
   local dout = zerosLike(module.output)
   local douts = flatviews(tensors(dout))
   local nout = numel(douts)
   local jacobian = torch.Tensor(numel(tensors(param)), nout):zero()
   local col = 0
   for _, d in ipairs(douts) do
      for i = 1, d:nElement() do
         col = col + 1
         for _, dd in ipairs(douts) do dd:zero() end
         d[i] = 1
         module:zeroGradParameters()
         local din = module:updateGradInput(input, dout)
         module:accGradParameters(input, dout)
         gather(jacobian:select(2, col), doparam and dparam or din)
      end
   end
   return jacobian
end

function Jacobian.backwardUpdate(module, input, param)
   module:forward(input)
   local dout = zerosLike(module.output)
   local douts = flatviews(tensors(dout))
   local jacobian = torch.Tensor(param:nElement(), numel(douts)):zero()
   local params = module:parameters()
   local orig = {}
   for j = 1, #params do orig[j] = params[j]:clone() end
   local col = 0
   for _, d in ipairs(douts) do
      for i = 1, d:nElement() do
         col = col + 1
         for j = 1, #params do params[j]:copy(orig[j]) end
         for _, dd in ipairs(douts) do dd:zero() end
         d[i] = 1
         module:updateGradInput(input, dout)
         module:accUpdateGradParameters(input, dout, 1)
         gather(jacobian:select(2, col), param)
      end
   end
   for j = 1, #params do params[j]:copy(orig[j]) end
   return jacobian
end

function Jacobian.forward(module, input, param, perturbation)
   param = param or input
   perturbation = perturbation or 1e-6
   local nout = numel(tensors(module:forward(input)))
   local jacobian = torch.Tensor(numel(tensors(param)), nout)
   local outa, outb = torch.Tensor(nout), torch.Tensor(nout)
   local row = 0
   for _, sin in ipairs(flatviews(tensors(param))) do
      for i = 1, sin:nElement() do
         row = row + 1
         local orig = sin[i]
         sin[i] = orig - perturbation
         gather(outa, module:forward(input))
         sin[i] = orig + perturbation
         gather(outb, module:forward(input))
         sin[i] = orig
         outb:add(-1, outa):div(2 * perturbation)
         jacobian:select(1, row):copy(outb)
      end
   end
   return jacobian
end

function Jacobian.forwardUpdate(module, input, param, perturbation)
   local jacobian = Jacobian.forward(module, input, param, perturbation)
   local p = param:contiguous():view(param:nElement())
   for i = 1, p:nElement() do
      jacobian:select(1, i):mul(-1):add(p[i])
   end
   return jacobian
end

function Jacobian.testJacobian(module, input, minval, maxval, perturbation)
   minval, maxval = minval or -2, maxval or 2
   fillrand(input, minval, maxval)
   local jf = Jacobian.forward(module, input, input, perturbation)
   local jb = Jacobian.backward(module, input)
   return (jf - jb):abs():max()
end

function Jacobian.testJacobianParameters(module, input, param, dparam, minval, maxval,
                                         perturbation)
   minval, maxval = minval or -2, maxval or 2
   fillrand(input, minval, maxval)
   fillrand(param, minval, maxval)
   local jb = Jacobian.backward(module, input, param, dparam)
   local jf = Jacobian.forward(module, input, param, perturbation)
   return (jf - jb):abs():max()
end

function Jacobian.testJacobianUpdateParameters(module, input, param, minval, maxval,
                                               perturbation)
   minval, maxval = minval or -2, maxval or 2
   fillrand(input, minval, maxval)
   fillrand(param, minval, maxval)
   local pb = Jacobian.backwardUpdate(module, input, param)
   local pf = Jacobian.forwardUpdate(module, input, param, perturbation)
   return (pf - pb):abs():max()
end

-- Write the module out and read it back (torch.save/torch.load when the
-- file layer provides them, a deep copy otherwise), then compare forward
-- and backward results of the two.  Returns (forward error, backward error).
function Jacobian.testIO(module, input, minval, maxval)
   minval, maxval = minval or -2, maxval or 2
   module:forward(input)
   local go = zerosLike(module.output)
   fillrand(go, minval, maxval)
   module:zeroGradParameters()
   module:updateGradInput(input, go)
   module:accGradParameters(input, go)
   local fo = nn.utils.recursiveCopy(nil, module.output)
   local bo = nn.utils.recursiveCopy(nil, module.gradInput)

   local m
   if torch.save and torch.load then
      local filename = os.tmpname()
      torch.save(filename, module)
      m = torch.load(filename)
      os.remove(filename)
   else
      m = module:clone()
   end
   m:forward(input)
   m:zeroGradParameters()
   m:updateGradInput(input, go)
   m:accGradParameters(input, go)
   local function maxdiff(a, b)
      local ta, tb, err = tensors(a), tensors(b), 0
      for i = 1, #ta do err = math.max(err, (ta[i] - tb[i]):abs():max()) end
      return err
   end
   return maxdiff(fo, m.output), maxdiff(bo, m.gradInput)
end

-- The update paths agree: accGradParameters + updateParameters,
-- accUpdateGradParameters, and both again with the weight shared between
-- two clones.  Returns a table of named errors (each should be ~0).
function Jacobian.testAllUpdate(module, input, weight, gradWeight)
   local lr = torch.uniform(0.1, 1)
   local errors = {}

   local maccgp = module:clone()
   local weightc = maccgp[weight]:clone()
   maccgp:forward(input)
   local gradOutput = torch.rand(maccgp.output:size())
   maccgp:zeroGradParameters()
   maccgp:updateGradInput(input, gradOutput)
   maccgp:accGradParameters(input, gradOutput)
   maccgp:updateParameters(lr)
   errors['accGradParameters'] = (weightc - maccgp[gradWeight] * lr - maccgp[weight]):norm()

   local maccugp = module:clone()
   maccugp:forward(input)
   maccugp:updateGradInput(input, gradOutput)
   maccugp:accUpdateGradParameters(input, gradOutput, lr)
   errors['accUpdateGradParameters'] = (maccugp[weight] - maccgp[weight]):norm()

   local sh1, sh2 = module:clone(), module:clone()
   sh2:share(sh1, weight)
   sh1:forward(input); sh2:forward(input)
   sh1:zeroGradParameters(); sh2:zeroGradParameters()
   sh1:updateGradInput(input, gradOutput); sh2:updateGradInput(input, gradOutput)
   sh1:accGradParameters(input, gradOutput); sh2:accGradParameters(input, gradOutput)
   sh1:updateParameters(lr); sh2:updateParameters(lr)
   local expect = weightc - maccgp[gradWeight] * (lr * 2)
   errors['accGradParameters [shared]'] = (expect - sh1[weight]):norm()
                                          + (expect - sh2[weight]):norm()

   local su1, su2 = module:clone(), module:clone()
   su2:share(su1, weight)
   su1:forward(input); su2:forward(input)
   su1:updateGradInput(input, gradOutput); su2:updateGradInput(input, gradOutput)
   su1:accUpdateGradParameters(input, gradOutput, lr)
   su2:accUpdateGradParameters(input, gradOutput, lr)
   errors['accUpdateGradParameters [shared]'] = (expect - su1[weight]):norm()
                                                + (expect - su2[weight]):norm()
   return errors
end

return Jacobian
