-- Help texts for the differentiable functionals defined with the nn kernels
-- (lualib/nn/functional.lua, loaded by require 'nn').
return {
   ['torch.softmax'] = {
      sig = 'torch.softmax(x, [dim=last])',
      text = 'Softmax along dim (1-based, negative from the end), max-shifted. Differentiable: with ' ..
         'x:requiresGrad() the result records an autograd node.',
   },
   ['torch.logsoftmax'] = {
      sig = 'torch.logsoftmax(x, [dim=last])',
      text = 'Log-softmax along dim, computed stably as (x - max) - log(sum exp(x - max)). Differentiable.',
   },
   ['torch.crossentropy'] = {
      sig = 'torch.crossentropy(x, target, [weights], [sizeAverage=true])',
      text = 'The fused log-softmax + NLL loss of scores x (n or N x n) for 1-based class targets, as a ' ..
         'one-element tensor; differentiable (loss:backward() reaches x).',
   },
}
