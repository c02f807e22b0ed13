-- nn/autograd.lua — modules as single nodes of the autograd graph.
--
-- out = model(x) with autograd on (torch.isGradEnabled()) and x or a
-- parameter requiring grad runs model:forward(x) without recording (the
-- layers' own in-place kernels, unchanged) and records ONE node for the
-- whole call: its inputs are the tensors of x and the parameters, its
-- outputs fresh copies of model.output.  On loss:backward() that node runs
-- the module's own updateGradInput and accGradParameters -- so built-in
-- layers and user modules written against Torch7's protocol are
-- differentiable end to end, with the gradients nn.Jacobian checks.
--
-- Where parameter gradients go: model:requiresGrad() marks every parameter
-- as requiring grad and makes its gradient tensor (param.grad) the very
-- gradWeight/gradBias the module already owns.  The node accumulates into
-- them with accGradParameters(input, gradOutput, 1) and hands the engine no
-- gradient for the parameters (so nothing is added twice).  Hence
-- loss:backward() and model:backward() fill the same buffers, the flat
-- gradient of getParameters() sees both, and model:zeroGradParameters()
-- clears both.
--
-- The backward needs the module's forward state (Dropout's mask, Max's
-- indices, ...).  When the module was called again before this node's
-- backward ran (a module applied twice in one graph), the forward is
-- re-run on the saved input first: modules without randomness give the
-- same gradients; a Dropout used twice in one graph draws a new mask.
local torch = require 'torch'
local nn = require 'nn.env'

local A = {}

local function flatten(x, list)
   if torch.isTensor(x) then
      list[#list + 1] = x
   elseif type(x) == 'table' then
      for _, v in ipairs(x) do flatten(v, list) end
   end
   return list
end

-- rebuild the structure of `like` from a flat list starting at pos
local function rebuild(like, flat, pos)
   if torch.isTensor(like) then return flat[pos], pos + 1 end
   local t = {}
   for k, v in ipairs(like) do t[k], pos = rebuild(v, flat, pos) end
   return t, pos
end

local function anyRequiresGrad(list)
   for _, t in ipairs(list) do
      if t:isRequiresGrad() then return true end
   end
   return false
end

function A.wanted(module, input)
   if not torch.isGradEnabled() then return false end
   if anyRequiresGrad(flatten(input, {})) then return true end
   local params = module:parameters()
   return params ~= nil and anyRequiresGrad(params)
end

local function copyOut(x)
   if torch.isTensor(x) then return x:clone() end
   local t = {}
   for k, v in ipairs(x) do t[k] = copyOut(v) end
   return t
end

function A.call(module, input)
   local inputs = flatten(input, {})
   local params = module:parameters() or {}
   local withParams = anyRequiresGrad(params)
   local output = torch.noGrad(function()
      module:forward(input)
      return copyOut(module.output)
   end)
   module._autogradCall = (module._autogradCall or 0) + 1
   local stamp = module._autogradCall
   local outs = flatten(output, {})
   local all = {}
   for i, t in ipairs(inputs) do all[i] = t end
   for _, p in ipairs(params) do all[#all + 1] = p end
   torch.autograd.record(outs, all, function(...)
      local gradOutput = rebuild(output, { ... }, 1)
      local gradIn = torch.noGrad(function()
         if module._autogradCall ~= stamp then
            module:forward(input)
            module._autogradCall = stamp
         end
         module:updateGradInput(input, gradOutput)
         if withParams then module:accGradParameters(input, gradOutput, 1) end
         return flatten(module.gradInput, {})
      end)
      local res = {}
      for i, t in ipairs(inputs) do
         res[i] = t:isRequiresGrad() and gradIn[i] and gradIn[i]:clone() or nil
      end
      -- the parameters' gradients were accumulated in place (param.grad is gradWeight)
      return table.unpack(res, 1, #all)
   end)
   return output
end

-- criterion(input, target) inside a graph: the loss becomes a one-element
-- tensor of the input's type whose node runs the criterion's own
-- updateGradInput, scaled by the incoming gradient (Torch7's criteria
-- stay unchanged; loss:backward() reaches the model's node from here).
function A.wantedCriterion(input)
   return torch.isGradEnabled() and anyRequiresGrad(flatten(input, {}))
end

function A.criterion(crit, input, target)
   local inputs = flatten(input, {})
   local loss = torch.noGrad(function() return crit:forward(input, target) end)
   local out = inputs[1].new(1):fill(loss)
   torch.autograd.record({ out }, inputs, function(g)
      local scale = g[1]
      local gradIn = torch.noGrad(function()
         crit:updateGradInput(input, target)
         return flatten(crit.gradInput, {})
      end)
      local res = {}
      for i, t in ipairs(inputs) do
         res[i] = t:isRequiresGrad() and gradIn[i] and gradIn[i]:clone():mul(scale) or nil
      end
      return table.unpack(res, 1, #inputs)
   end)
   return out
end

nn._autograd = A

local Module = torch.getmetatable('nn.Module')

-- model:requiresGrad([flag]): every parameter requires grad (or not), with
-- param.grad the module's own gradWeight/gradBias.  Returns self.
function Module:requiresGrad(flag)
   if flag == nil then flag = true end
   local params, grads = self:parameters()
   for i = 1, #(params or {}) do
      params[i]:requiresGrad(flag)
      params[i]:setGrad(flag and grads[i] or nil)
   end
   return self
end

return A
