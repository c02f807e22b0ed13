-- Help entries for nn.Module, the base class of every layer (nn/Module.lua,
-- nn/autograd.lua).
local function e(sig, text) return { sig = sig, text = text } end
return {
   ['nn.Module'] = e('nn.Module()',
      'The base class of every layer, following Torch7\'s protocol: forward(input) computes ' ..
      'self.output, backward(input, gradOutput) computes self.gradInput and accumulates the ' ..
      'parameter gradients (self.gradWeight, self.gradBias). Define a layer with ' ..
      'torch.class(\'nn.MyLayer\', \'nn.Module\') and override updateOutput, updateGradInput ' ..
      'and, with parameters, accGradParameters; it then works in containers, with ' ..
      'nn.Jacobian, and inside autograd graphs (model(x) ... loss:backward()).'),
   ['nn.Module.forward'] = e('module:forward(input)',
      'Computes and returns module.output for input (a tensor or, for table layers, a table ' ..
      'of tensors). The output tensor is reused by the next call: copy it to keep it. ' ..
      'Never records an autograd graph; use module(input) for that.'),
   ['nn.Module.backward'] = e('module:backward(input, gradOutput [, scale])',
      'Given the gradient of the loss with respect to the output, computes module.gradInput ' ..
      '(returned) and adds scale (1) times the gradients with respect to the parameters to ' ..
      'gradWeight/gradBias. Call forward(input) first, with the same input. Gradients ' ..
      'accumulate: call zeroGradParameters() before each batch.'),
   ['nn.Module.updateOutput'] = e('module:updateOutput(input)',
      'What forward calls: override it in your own module to compute self.output and ' ..
      'return it.'),
   ['nn.Module.updateGradInput'] = e('module:updateGradInput(input, gradOutput)',
      'Override it to compute self.gradInput, the gradient with respect to the input, and ' ..
      'return it.'),
   ['nn.Module.accGradParameters'] = e('module:accGradParameters(input, gradOutput [, scale])',
      'Override it in a module with parameters to add scale times the parameter gradients ' ..
      'to its gradient buffers.'),
   ['nn.Module.accUpdateGradParameters'] = e('module:accUpdateGradParameters(input, gradOutput, lr)',
      'Updates the parameters directly, param = param - lr * dLoss/dparam, without touching ' ..
      'the gradient buffers (what nn.StochasticGradient uses).'),
   ['nn.Module.backwardUpdate'] = e('module:backwardUpdate(input, gradOutput, lr)',
      'updateGradInput followed by accUpdateGradParameters; returns gradInput.'),
   ['nn.Module.zeroGradParameters'] = e('module:zeroGradParameters()',
      'Sets every parameter gradient (gradWeight, gradBias, ... of this module and its ' ..
      'children) to zero. With model:requiresGrad(), that clears param.grad too.'),
   ['nn.Module.updateParameters'] = e('module:updateParameters(learningRate)',
      'param = param - learningRate * gradParam for every parameter.'),
   ['nn.Module.parameters'] = e('module:parameters()',
      'Two lists: the parameter tensors and their gradient tensors, in the same order ' ..
      '(children in order). nil for a module without parameters.'),
   ['nn.Module.getParameters'] = e('flatParams, flatGradParams = module:getParameters()',
      'Moves all parameters into one new contiguous storage and all gradients into another, ' ..
      'and returns both as 1-D tensors; every module\'s weight, bias, gradWeight ... become ' ..
      'views into them (shared parameters stay shared and are counted once). Call it once, ' ..
      'on the whole model, after building it and after :float()/:double(); optim\'s ' ..
      'functions take these two tensors.'),
   ['nn.Module.training'] = e('module:training()',
      'Training mode (module.train = true), for this module and its children: Dropout drops, ' ..
      'RReLU draws random slopes.'),
   ['nn.Module.evaluate'] = e('module:evaluate()',
      'Evaluation mode (module.train = false), for this module and its children.'),
   ['nn.Module.share'] = e('module:share(other, \'weight\', \'bias\', ...)',
      'Makes the named fields of module views of other\'s, so the two share parameters (for ' ..
      'siamese networks, recurrent nets). Returns module.'),
   ['nn.Module.clone'] = e('module:clone([\'weight\', \'bias\', ...])',
      'A deep copy (tensors that shared a storage share one new storage). With field names, ' ..
      'the copy then shares those fields with module: m:clone(\'weight\', \'bias\', ' ..
      '\'gradWeight\', \'gradBias\').'),
   ['nn.Module.type'] = e('module:type([typename])',
      'Without an argument, the tensor type of the module (\'torch.DoubleTensor\'). With one, ' ..
      'converts every tensor of the module and its children to that type (keeping ' ..
      'getParameters\' sharing) and returns the module.'),
   ['nn.Module.float'] = e('module:float()', 'module:type(\'torch.FloatTensor\').'),
   ['nn.Module.double'] = e('module:double()', 'module:type(\'torch.DoubleTensor\').'),
   ['nn.Module.reset'] = e('module:reset([stdv])',
      'Draws new initial parameters (Torch7\'s scheme: uniform in +-1/sqrt(fanIn), or ' ..
      '+-stdv*sqrt(3) when stdv is given) from the torch generator.'),
   ['nn.Module.clearState'] = e('module:clearState()',
      'Empties output, gradInput and internal buffers (recomputed on the next call), e.g. ' ..
      'before saving a model. Returns the module.'),
   ['nn.Module.apply'] = e('module:apply(fn)',
      'Calls fn(m) for the module and every module inside it, parents first.'),
   ['nn.Module.listModules'] = e('module:listModules()',
      'The list of the module and every module inside it, parents first.'),
   ['nn.Module.findModules'] = e('nodes, containers = module:findModules(typename)',
      'Every module of class typename (e.g. \'nn.Linear\') inside module, and for each the ' ..
      'container holding it.'),
   ['nn.Module.replace'] = e('module:replace(fn)',
      'Replaces every module m inside (and including) module by fn(m); returns the ' ..
      'replacement of module itself.'),
   ['nn.Module.__call__'] = e('output = module(input)  |  output, gradInput = module(input, gradOutput)',
      'module(input) is forward(input); with gradOutput it also runs backward. With autograd ' ..
      '(grad mode on) and an input or parameter that requires grad, module(input) returns ' ..
      'a fresh output that is part of the graph: loss:backward() then runs the module\'s ' ..
      'own backward, fills input.grad and accumulates into gradWeight/gradBias.'),
   ['nn.Module.requiresGrad'] = e('module:requiresGrad([flag])',
      'Marks every parameter as requiring grad (flag defaults to true; false undoes it) and ' ..
      'makes param.grad the module\'s own gradWeight/gradBias, so that after out = ' ..
      'module(x) and loss:backward() the gradients are where model:backward() puts them ' ..
      '(and in getParameters()\' flat gradient). Returns the module.'),
}
