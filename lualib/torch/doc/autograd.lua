-- Help entries for autograd (tensor/autograd.h, lualib/l_autograd.c).
return {
   ['torch.Tensor.requiresGrad'] = {
      sig = 'x:requiresGrad([flag])',
      text = 'Marks the leaf tensor x as needing gradients (flag defaults to true; false ' ..
         'clears it) and returns x. Results of differentiable ops on such tensors record ' ..
         'how they were computed, so that backward() can compute gradients. Only Float and ' ..
         'Double tensors can require gradients; a computed (non-leaf) tensor cannot change ' ..
         'its flag: use detach().',
   },
   ['torch.Tensor.isRequiresGrad'] = {
      sig = 'x:isRequiresGrad()',
      text = 'True when x is a leaf marked with requiresGrad, or was computed (with grad ' ..
         'mode on) from a tensor that requires gradients.',
   },
   ['torch.Tensor.isLeaf'] = {
      sig = 'x:isLeaf()',
      text = 'True when x was not computed by a recorded op (it has no history).',
   },
   ['torch.Tensor.grad'] = {
      sig = 'x.grad  |  x:grad()',
      text = 'The gradient accumulated in x by backward(), or nil. x.grad is the field form ' ..
         'and is nil when there is no gradient; x:grad() works only when there is one (it ' ..
         'is Lua\'s x.grad(x)). Assigning x.grad = g is x:setGrad(g).',
   },
   ['torch.Tensor.setGrad'] = {
      sig = 'x:setGrad(g)',
      text = 'Sets the gradient of x to the tensor g (same size and type), or clears it when ' ..
         'g is nil. Returns x.',
   },
   ['torch.Tensor.zeroGrad'] = {
      sig = 'x:zeroGrad()',
      text = 'Fills the gradient of x with zeros (gradients accumulate over backward calls). ' ..
         'Does nothing when x has no gradient. Returns x.',
   },
   ['torch.Tensor.detach'] = {
      sig = 'x:detach()',
      text = 'A new tensor viewing the same storage as x, without history and not requiring ' ..
         'gradients: writes through one are seen by the other.',
   },
   ['torch.Tensor.backward'] = {
      sig = 'y:backward([gradient [, retainGraph]])',
      text = 'Computes the gradient of y with respect to every leaf that requires grad and ' ..
         'y depends on, and adds it to their .grad. For a one-element y the gradient ' ..
         'defaults to 1; otherwise pass a tensor of y\'s size. The graph\'s saved tensors ' ..
         'are freed afterwards unless retainGraph is true; a second backward through a ' ..
         'part of the graph that needed them is an error. If a tensor saved for the backward pass was modified in ' ..
         'place since, backward raises an error rather than return a wrong gradient.',
   },
   ['torch.noGrad'] = {
      sig = 'torch.noGrad(fn, ...)',
      text = 'Calls fn(...) with recording off and returns its results; grad mode is ' ..
         'restored even if fn raises an error. Inside, ops record nothing and in-place ops ' ..
         'on tensors that require grad are allowed (their version counter still changes).',
   },
   ['torch.setGradEnabled'] = {
      sig = 'torch.setGradEnabled(flag)',
      text = 'Turns recording of differentiable ops on (true, the default) or off.',
   },
   ['torch.isGradEnabled'] = {
      sig = 'torch.isGradEnabled()',
      text = 'True when differentiable ops record their history (see torch.noGrad).',
   },
   ['torch.autograd.record'] = {
      sig = 'torch.autograd.record(outputs, inputs, backwardFn)',
      text = 'Attaches a user-defined node to outputs (a tensor or a list of tensors computed ' ..
         'without recording, e.g. inside torch.noGrad) and returns outputs. inputs is a ' ..
         'list; entries that are not tensors, or do not require grad, get no gradient. ' ..
         'backward calls backwardFn(gradOutput1, gradOutput2, ...) (a missing output ' ..
         'gradient is passed as zeros of the output\'s size) and expects one gradient per ' ..
         'input entry, in order: a tensor of that input\'s size (or broadcast to it), or nil. ' ..
         'Errors raised by backwardFn come out of backward() with their message. Nothing is ' ..
         'attached when no input requires grad or grad mode is off.',
   },
   ['torch.autograd.gradcheck'] = {
      sig = 'torch.autograd.gradcheck(fn, inputs [, {eps=1e-6, atol=1e-5, rtol=1e-3}])',
      text = 'Compares the gradients backward computes for fn(inputs...) (a tensor or a list ' ..
         'of tensors, weighted by fixed random weights into one number) with central finite ' ..
         'differences, for every input that requires grad (contiguous Double tensors). ' ..
         'Returns true, \'ok\' or false and a message naming the input and the worst element ' ..
         'with both values. The inputs\' .grad are cleared first.',
   },
   ['torch.autograd.gradFn'] = {
      sig = 'torch.autograd.gradFn(x)',
      text = 'The name of the op that computed x (\'mul\', \'view\', \'custom\'...), or nil ' ..
         'for a leaf.',
   },
   ['torch.autograd.ops'] = {
      sig = 'torch.autograd.ops()',
      text = 'The op table as a list of { enum, name, kind, opcode, core, differentiable } ' ..
         'entries: lantern.h\'s LT_OPS followed by the autograd-only opcodes (views, ' ..
         'reshape, conv2, custom nodes). The gradient-check tests enumerate it.',
   },
   ['torch.indexSelect'] = {
      sig = 'torch.indexSelect([res,] x, dim, index)  |  x:indexSelect(dim, index)',
      text = 'PyTorch\'s name for torch.index: the slices of x along dim at the 1-based ' ..
         'indices of the LongTensor index.',
   },
   ['torch.Tensor.item'] = {
      sig = 'x:item()',
      text = 'The number held by the one-element tensor x (an integer for integer types). ' ..
         'Whole-tensor reductions (x:sum(), x:mean(), torch.dot ...) return a number, as in ' ..
         'Torch7, unless they are recorded for autograd: then they return a one-element ' ..
         'tensor, and item() gives its value.',
   },
   ['torch.autograd.backward'] = {
      sig = 'torch.autograd.backward(y [, gradient [, retainGraph]])',
      text = 'The function form of y:backward(gradient, retainGraph).',
   },
   ['torch.autograd'] = {
      sig = 'torch.autograd',
      text = 'The autograd namespace: torch.autograd.record(outputs, inputs, backwardFn) adds a '
         .. 'custom node to the graph, torch.autograd.gradcheck(fn, inputs) compares gradients '
         .. 'with finite differences; see ?torch.Tensor.requiresGrad and ?torch.Tensor.backward.',
   },
}
