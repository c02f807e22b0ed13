-- nn/StochasticGradient.lua — Torch7's plain SGD trainer.
--
--   trainer = nn.StochasticGradient(module, criterion)
--   trainer:train(dataset)
--
-- dataset:size() is the number of examples and dataset[i] = {input,
-- target}.  Each epoch visits every example once (in a random order drawn
-- once with torch.randperm, unless shuffleIndices is false), updating the
-- parameters after each with accUpdateGradParameters.  Defaults and the
-- printed lines are Torch7's: learningRate 0.01, learningRateDecay 0
-- (the rate at epoch i is learningRate / (1 + i * decay)), maxIteration 25
-- epochs (0: forever), verbose.  hookExample(self, example) and
-- hookIteration(self, iteration, currentError) are called when set.
local torch = require 'torch'
local nn = require 'nn.env'

local StochasticGradient = torch.class('nn.StochasticGradient')

function StochasticGradient:__init(module, criterion)
   if not torch.isTypeOf(module, 'nn.Module') then
      error("bad argument #1 to 'StochasticGradient' (nn.Module expected, got "
            .. torch.type(module) .. ')', 2)
   end
   if type(criterion) ~= 'table' or type(criterion.forward) ~= 'function'
      or type(criterion.updateGradInput) ~= 'function' then
      error("bad argument #2 to 'StochasticGradient' (criterion expected, got "
            .. torch.type(criterion) .. ')', 2)
   end
   self.learningRate = 0.01
   self.learningRateDecay = 0
   self.maxIteration = 25
   self.shuffleIndices = true
   self.module = module
   self.criterion = criterion
   self.verbose = true
end

function StochasticGradient:train(dataset)
   local ok, n = pcall(function() return dataset:size() end)
   if not ok or type(n) ~= 'number' then
      error("bad argument #1 to 'train' (dataset with a size() method expected)", 2)
   end
   local iteration = 1
   local currentLearningRate = self.learningRate
   local module, criterion = self.module, self.criterion
   local shuffledIndices = torch.randperm(n, 'torch.LongTensor')
   if not self.shuffleIndices then
      for t = 1, n do shuffledIndices[t] = t end
   end

   print('# StochasticGradient: training')
   while true do
      local currentError = 0
      for t = 1, n do
         local example = dataset[shuffledIndices[t]]
         if type(example) ~= 'table' then
            error(string.format('nn.StochasticGradient: dataset[%d] must be a table {input, '
                                .. 'target} (got %s)', shuffledIndices[t], torch.type(example)), 2)
         end
         local input, target = example[1], example[2]
         currentError = currentError + criterion:forward(module:forward(input), target)
         module:updateGradInput(input, criterion:updateGradInput(module.output, target))
         module:accUpdateGradParameters(input, criterion.gradInput, currentLearningRate)
         if self.hookExample then self.hookExample(self, example) end
      end
      currentError = currentError / n
      if self.hookIteration then self.hookIteration(self, iteration, currentError) end
      if self.verbose then print('# current error = ' .. currentError) end
      iteration = iteration + 1
      currentLearningRate = self.learningRate / (1 + iteration * self.learningRateDecay)
      if self.maxIteration > 0 and iteration > self.maxIteration then
         print('# StochasticGradient: you have reached the maximum number of iterations')
         print('# training error = ' .. currentError)
         break
      end
   end
end

return StochasticGradient
