-- nn/Module.lua — the base class of every layer: Torch7's module protocol.
--
-- A module holds its result in self.output and the gradient with respect to
-- its input in self.gradInput, both reused from call to call.  forward calls
-- updateOutput; backward calls updateGradInput then accGradParameters, which
-- *adds* scale * dLoss/dParam into gradWeight/gradBias (zeroGradParameters
-- clears them).  Subclasses override the three update functions and, when
-- they hold parameters other than weight/bias, parameters().
--
-- Calling a module, model(x), is forward(x).  When autograd is loaded and
-- the input or a parameter requires grad, the call also records one graph
-- node for the whole module; its backward runs the module's own
-- updateGradInput/accGradParameters, so user modules written against this
-- protocol are differentiable end to end (see Module:__call__ below).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.utils'

local Module = torch.class('nn.Module')

function Module:__init()
   self.gradInput = torch.Tensor()
   self.output = torch.Tensor()
   self._type = self.output:type()
end

function Module:parameters()
   if self.weight and self.bias then
      return { self.weight, self.bias }, { self.gradWeight, self.gradBias }
   elseif self.weight then
      return { self.weight }, { self.gradWeight }
   elseif self.bias then
      return { self.bias }, { self.gradBias }
   end
end

function Module:updateOutput(input)
   return self.output
end

-- The Torch7 protocol computes its own gradients, so its calls never
-- record autograd graphs (which would cost memory and trip the engine's
-- checks on the in-place updates of output/gradWeight buffers).
local isGradEnabled, noGrad = torch.isGradEnabled, torch.noGrad
function nn.utils.recording()
   return isGradEnabled ~= nil and isGradEnabled()
end
nn.utils.noGrad = noGrad

function Module:forward(input)
   if isGradEnabled and isGradEnabled() then return noGrad(self.forward, self, input) end
   return self:updateOutput(input)
end

function Module:backward(input, gradOutput, scale)
   if isGradEnabled and isGradEnabled() then
      return noGrad(self.backward, self, input, gradOutput, scale)
   end
   scale = scale or 1
   self:updateGradInput(input, gradOutput)
   self:accGradParameters(input, gradOutput, scale)
   return self.gradInput
end

function Module:backwardUpdate(input, gradOutput, lr)
   if isGradEnabled and isGradEnabled() then
      return noGrad(self.backwardUpdate, self, input, gradOutput, lr)
   end
   self:updateGradInput(input, gradOutput)
   self:accUpdateGradParameters(input, gradOutput, lr)
   return self.gradInput
end

function Module:updateGradInput(input, gradOutput)
   return self.gradInput
end

function Module:accGradParameters(input, gradOutput, scale)
end

-- Update the parameters in place, without gradient buffers: run
-- accGradParameters with the weights standing in for their gradients.
function Module:accUpdateGradParameters(input, gradOutput, lr)
   local gradWeight, gradBias = self.gradWeight, self.gradBias
   self.gradWeight, self.gradBias = self.weight, self.bias
   self:accGradParameters(input, gradOutput, -lr)
   self.gradWeight, self.gradBias = gradWeight, gradBias
end

-- For modules whose weights are shared: the trick above would apply each
-- sharer's update to the same memory through its own gradient, so go
-- through the gradient buffers instead.
function Module:sharedAccUpdateGradParameters(input, gradOutput, lr)
   if self:parameters() then
      self:zeroGradParameters()
      self:accGradParameters(input, gradOutput, 1)
      self:updateParameters(lr)
   end
end

function Module:zeroGradParameters()
   local _, gradParams = self:parameters()
   if gradParams then
      for i = 1, #gradParams do gradParams[i]:zero() end
   end
end

function Module:updateParameters(learningRate)
   local params, gradParams = self:parameters()
   if params then
      for i = 1, #params do params[i]:add(-learningRate, gradParams[i]) end
   end
end

function Module:training()
   self.train = true
end

function Module:evaluate()
   self.train = false
end

-- Make self's named fields views of mlp's (self.weight:set(mlp.weight)).
function Module:share(mlp, ...)
   for _, v in ipairs({ ... }) do
      if self[v] ~= nil then
         if not torch.isTensor(self[v]) or not torch.isTensor(mlp[v]) then
            error(string.format("%s:share: field '%s' is not a tensor in both modules",
                                torch.type(self), v), 2)
         end
         self[v]:set(mlp[v])
         self.accUpdateGradParameters = self.sharedAccUpdateGradParameters
         mlp.accUpdateGradParameters = mlp.sharedAccUpdateGradParameters
      end
   end
   return self
end

-- A deep copy (tensors sharing a storage keep sharing one new storage); with
-- field names, the copy then shares those fields with self.
-- (with model:requiresGrad() on, the copy's parameters require grad too,
-- their param.grad being the copy's own gradient buffers)
local function paramsRequireGrad(self)
   local params = self.parameters and self:parameters()
   local p = params and params[1]
   return p ~= nil and p.isRequiresGrad ~= nil and p:isRequiresGrad()
end

function Module:clone(...)
   local copy = nn.utils.deepcopy(self)
   if select('#', ...) > 0 then copy:share(self, ...) end
   if paramsRequireGrad(self) and copy.requiresGrad then copy:requiresGrad() end
   return copy
end

function Module:type(typename, tensorCache)
   if not typename then return self._type end
   if type(typename) ~= 'string' or not typename:match('^torch%.%a+Tensor$') then
      error(string.format("bad argument #1 to 'type' (tensor type name expected, got %s)",
                          tostring(typename)), 2)
   end
   if not torch.getconstructortable(typename) then
      error(string.format("bad argument #1 to 'type' (%s is not available%s)", typename,
                          typename:match('Cuda') and ' in this build: no GPU backend' or ''), 2)
   end
   local top = tensorCache == nil
   local grads = top and paramsRequireGrad(self)
   tensorCache = tensorCache or {}
   for key, param in pairs(self) do
      self[key] = nn.utils.recursiveType(param, typename, tensorCache)
   end
   self._type = typename
   if grads and self.requiresGrad then self:requiresGrad() end
   return self
end

function Module:float(...) return self:type('torch.FloatTensor', ...) end
function Module:double(...) return self:type('torch.DoubleTensor', ...) end
function Module:cuda(...) return self:type('torch.CudaTensor', ...) end

function Module:reset()
end

-- Flatten a list of tensors into one new tensor (one storage) and make each
-- of them a view into it, at the same relative position it had in its old
-- storage.  Tensors that shared a storage still share (and overlap the same
-- way); gaps no tensor covers are squeezed out.
function Module.flatten(tensors)
   if not tensors or #tensors == 0 then return torch.Tensor() end
   local Tensor = tensors[1].new
   -- 1. the distinct storages, laid end to end
   local storages, order, total, meta = {}, {}, 0, {}
   for k, t in ipairs(tensors) do
      if torch.typename(t) ~= torch.typename(tensors[1]) then
         error(string.format('getParameters: parameter %d is a %s, parameter 1 a %s', k,
                             torch.typename(t), torch.typename(tensors[1])), 3)
      end
      local s = t:storage()
      local key = s and torch.pointer(s) or ('empty' .. k)
      if not storages[key] then
         storages[key] = { storage = s, base = total }
         order[#order + 1] = key
         total = total + (s and s:size() or 0)
      end
      meta[k] = { offset = t:storageOffset() + storages[key].base, size = t:size(),
                  stride = t:stride(), empty = t:nElement() == 0 }
   end
   -- 2. which positions are used by some tensor
   local flat = Tensor(total):zero()
   local used = Tensor(total):zero()
   for k = 1, #tensors do
      local m = meta[k]
      if not m.empty then
         Tensor():set(used:storage(), m.offset, m.size, m.stride):fill(1)
      end
   end
   -- 3. copy every storage into place
   for _, key in ipairs(order) do
      local e = storages[key]
      if e.storage and e.storage:size() > 0 then
         flat:narrow(1, e.base + 1, e.storage:size()):copy(Tensor():set(e.storage))
      end
   end
   -- 4. squeeze out the holes: new offset = number of used positions before
   local nused = math.floor(used:sum() + 0.5)
   if nused ~= total then
      -- a tensor with holes of its own cannot keep its strides once the
      -- holes are gone
      for k = 1, #tensors do
         local m = meta[k]
         if not m.empty then
            local span = 1
            for d = 1, #m.size do span = span + (m.size[d] - 1) * m.stride[d] end
            if span ~= tensors[k]:nElement() then
               error('getParameters: cannot gather tensors that are not compact (parameter '
                     .. k .. ')', 3)
            end
         end
      end
      local cum = used:cumsum(1)
      local compact = Tensor(nused)
      compact:copy(flat:maskedSelect(used:ne(0)))
      for k = 1, #tensors do
         local m = meta[k]
         if not m.empty then m.offset = math.floor(cum[m.offset] + 0.5) end
      end
      flat = compact
   end
   -- 5. re-view every tensor
   for k, t in ipairs(tensors) do
      local m = meta[k]
      if m.empty then
         t:set(flat:storage(), 1, torch.LongStorage({ 0 }))
      else
         t:set(flat:storage(), m.offset, m.size, m.stride)
      end
   end
   return flat
end

-- All parameters in one flat tensor and all gradients in another; every
-- module's weight/gradWeight... become views into these two.  Call once, on
-- the whole model, after building it (and after :float()/:double()).
function Module:getParameters()
   local params, gradParams = self:parameters()
   local p = Module.flatten(params)
   local g = Module.flatten(gradParams)
   if p:nElement() ~= g:nElement() then
      error(string.format('getParameters: %d parameters but %d gradients (check that '
                          .. 'parameters and gradParameters are shared alike)',
                          p:nElement(), g:nElement()), 2)
   end
   if params then
      for i = 1, #params do
         if params[i]:storageOffset() ~= gradParams[i]:storageOffset() then
            error('getParameters: misaligned parameter at ' .. i, 2)
         end
      end
   end
   return p, g
end

-- model(input) is model:forward(input); model(input, gradOutput) runs
-- backward too and returns output, gradInput (Torch7).  With autograd, see
-- nn/autograd.lua (the graph node that makes loss:backward() reach here).
function Module:__call__(input, gradOutput)
   if gradOutput == nil and nn._autograd and nn._autograd.wanted(self, input) then
      return nn._autograd.call(self, input)
   end
   self:forward(input)
   if gradOutput then
      self:backward(input, gradOutput)
      return self.output, self.gradInput
   end
   return self.output
end

-- callback(module) for self and every module below it, in preorder
function Module:apply(callback)
   callback(self)
   if self.modules then
      for _, module in ipairs(self.modules) do module:apply(callback) end
   end
end

-- Every module of class `typename` below (and including) self, and the
-- container holding each.
function Module:findModules(typename, container)
   container = container or self
   local nodes, containers = {}, {}
   if torch.typename(self) == typename then
      nodes[1], containers[1] = self, container
   end
   if type(self.modules) == 'table' then
      for _, child in ipairs(self.modules) do
         local n, c = child:findModules(typename, self)
         for j = 1, #n do
            nodes[#nodes + 1], containers[#containers + 1] = n[j], c[j]
         end
      end
   end
   return nodes, containers
end

-- self, then every module below it, in preorder
function Module:listModules()
   local modules = { self }
   if self.modules then
      for _, child in ipairs(self.modules) do
         for _, m in ipairs(child:listModules()) do modules[#modules + 1] = m end
      end
   end
   return modules
end

-- Drop the intermediate buffers (output, gradInput, ...) before saving.
function Module:clearState()
   return nn.utils.clear(self, 'output', 'gradInput')
end

-- callback(module) returns a replacement; applied to self and, recursively,
-- to every child.  Returns self's replacement.
function Module:replace(callback)
   local out = callback(self)
   if self.modules then
      for i, module in ipairs(self.modules) do self.modules[i] = module:replace(callback) end
   end
   return out
end

function Module:__tostring__()
   return torch.type(self)
end

return Module
