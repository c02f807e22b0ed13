-- Help entries for nn.Jacobian and nn.StochasticGradient.
local function e(sig, text) return { sig = sig, text = text } end
return {
   ['nn.Jacobian.testJacobian'] = e('err = nn.Jacobian.testJacobian(module, input [, minval, maxval, perturbation])',
      'Fills input with uniform values in [minval, maxval] ([-2, 2]) and returns the largest ' ..
      'difference between the Jacobian d output/d input from central differences ' ..
      '(perturbation 1e-6) and the one from updateGradInput. Use double precision; below ' ..
      '1e-5 is a pass. input may be a (nested) table of tensors.'),
   ['nn.Jacobian.testJacobianParameters'] = e('err = nn.Jacobian.testJacobianParameters(module, input, param, dparam [, minval, maxval, perturbation])',
      'The same check for a parameter: param (e.g. module.weight) against its gradient ' ..
      'buffer dparam (module.gradWeight), via accGradParameters.'),
   ['nn.Jacobian.testJacobianUpdateParameters'] = e('err = nn.Jacobian.testJacobianUpdateParameters(module, input, param [, minval, maxval, perturbation])',
      'Checks accUpdateGradParameters: the parameter after one update with unit gradOutputs ' ..
      'against finite differences.'),
   ['nn.Jacobian.testIO'] = e('ferr, berr = nn.Jacobian.testIO(module, input [, minval, maxval])',
      'Saves and reloads the module (torch.save/torch.load; a clone when they are absent) ' ..
      'and returns the largest differences of the forward and backward results.'),
   ['nn.Jacobian.testAllUpdate'] = e('errors = nn.Jacobian.testAllUpdate(module, input, weightName, gradWeightName)',
      'Checks that accGradParameters + updateParameters, accUpdateGradParameters and both ' ..
      'with the weight shared between two clones agree; returns a table of named errors.'),
   ['nn.Jacobian.forward'] = e('J = nn.Jacobian.forward(module, input [, param, perturbation])',
      'The Jacobian d output/d param (param defaults to input) by central differences: one ' ..
      'row per element of param, one column per element of the output.'),
   ['nn.Jacobian.backward'] = e('J = nn.Jacobian.backward(module, input [, param, dparam])',
      'The same Jacobian from the module\'s backward, one column per unit gradOutput.'),
   ['nn.StochasticGradient'] = e('trainer = nn.StochasticGradient(module, criterion)',
      'Torch7\'s plain SGD trainer: trainer:train(dataset) with dataset:size() examples ' ..
      'dataset[i] = {input, target}, updating after each example. Fields: learningRate ' ..
      '(0.01), learningRateDecay (0), maxIteration (25 epochs), shuffleIndices (true), ' ..
      'verbose, hookExample, hookIteration. Prints "# current error = ..." per epoch.'),
   ['nn.StochasticGradient.train'] = e('trainer:train(dataset)',
      'Runs maxIteration epochs of stochastic gradient descent over dataset.'),
}
