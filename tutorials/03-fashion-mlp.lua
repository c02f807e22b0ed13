-- 03-fashion-mlp.lua — your first trained model: a multi-layer perceptron
-- that learns to tell apart ten kinds of clothing (Fashion-MNIST).
--
--   lantern tutorials/03-fashion-mlp.lua                 5 epochs, loss curve in the terminal
--   lantern tutorials/03-fashion-mlp.lua -epochs 1 -png loss.png
--   lantern tutorials/03-fashion-mlp.lua -autograd       same model, trained the PyTorch way
--
-- It needs Debian's dataset-fashion-mnist package (make deps installs it).
-- The model is 784-128-10 with a ReLU, trained with SGD (learning rate
-- 0.01, momentum 0.9) on batches of 64: about 82-84% test accuracy after
-- one epoch and 85-88% after five, the same as PyTorch with this setup.
require 'nn'
require 'optim'
local dataset = require 'dataset'

local cmd = torch.CmdLine()
cmd:text('Train a 784-128-10 MLP on Fashion-MNIST.')
cmd:option('-epochs', 5, 'passes over the 60000 training images')
cmd:option('-batch', 64, 'images per SGD step')
cmd:option('-lr', 0.01, 'learning rate')
cmd:option('-momentum', 0.9, 'SGD momentum')
cmd:option('-seed', 1, 'random seed (initial weights and batch order)')
cmd:option('-threads', 0, 'threads (0: all cores)')
cmd:option('-png', '', 'write the loss curve to this PNG file')
cmd:option('-noplot', false, 'do not plot the loss curve')
cmd:option('-autograd', false, 'train through autograd (model(x), loss:backward())')
cmd:option('-data', '', 'directory holding the Fashion-MNIST files (default: Debian\'s)')
cmd:option('-limit', 0, 'train on the first N images only (0: all), for a quick try')
local opt = cmd:parse(arg or {})

torch.manualSeed(opt.seed)
if opt.threads > 0 then torch.setnumthreads(opt.threads) end
torch.setdefaulttensortype('torch.FloatTensor')   -- float32, as PyTorch trains

-- 1. Data: ByteTensors of 28x28 images and LongTensors of labels 1..10.
--    Pixels become floats with the training set's mean 0 and std 1; each
--    image is flattened to a row of 784 numbers.
local dir = opt.data ~= '' and opt.data or nil
local train, test = dataset.fashionmnist('train', dir), dataset.fashionmnist('test', dir)
if opt.limit > 0 and opt.limit < train.size then
   train.data, train.labels = train.data:narrow(1, 1, opt.limit), train.labels:narrow(1, 1, opt.limit)
   train.size = opt.limit
end
local xtrain, mean, std = dataset.normalize(train.data)
local xtest = dataset.normalize(test.data, mean, std)
xtrain, xtest = xtrain:view(train.size, 784), xtest:view(test.size, 784)
print(('Fashion-MNIST: %d training and %d test images; classes: %s'):format(
   train.size, test.size, table.concat(train.classes, ', ')))

-- 2. The model and the loss, written as in Torch7.
local model = nn.Sequential()
   :add(nn.Linear(784, 128))
   :add(nn.ReLU())
   :add(nn.Linear(128, 10))
   :add(nn.LogSoftMax())
local criterion = nn.ClassNLLCriterion()
print(model)

-- getParameters gathers every weight and gradient into one flat tensor
-- each: optim updates `params` in place.
local params, grads = model:getParameters()
local sgd = { learningRate = opt.lr, momentum = opt.momentum, dampening = 0 }
if opt.autograd then model:requiresGrad() end

-- 3. The loss curve: streamed to gnuplot while training runs, in a window
--    when there is a display, as text in the terminal otherwise, or into a
--    PNG with -png.  Without gnuplot, or off a terminal, training goes on
--    without it.
local display = (os.getenv('DISPLAY') or '') ~= '' or (os.getenv('WAYLAND_DISPLAY') or '') ~= ''
local plot
if not opt.noplot and (opt.png ~= '' or torch.isatty(1) or display) then
   local ok, gnuplot = pcall(require, 'gnuplot')
   if ok then
      local okp, p = pcall(gnuplot.liveplot, {
         title = 'training loss (moving average)', xlabel = 'epoch', ylabel = 'loss',
         file = opt.png ~= '' and opt.png or nil })
      if okp then plot = p else print('no loss plot: ' .. tostring(p)) end
   end
end

local function accuracy(x, y)
   local correct = 0
   model:evaluate()
   for i = 1, x:size(1), 1000 do
      local n = math.min(1000, x:size(1) - i + 1)
      local out = model:forward(x:narrow(1, i, n))
      local _, pred = out:max(2)
      correct = correct + pred:view(-1):eq(y:narrow(1, i, n)):sum()
   end
   model:training()
   return correct / x:size(1)
end

-- 4. Training: one optim.sgd step per batch.  feval returns the loss and
--    the gradient of the loss with respect to `params`.
-- The curve shows a moving average of the batch losses (each batch's loss
-- alone is noisy), against the number of epochs done.
-- A text plot redraws in place, over lines printed since its last
-- picture: the epoch lines are printed again below the final picture.
local textplot = plot and opt.png == '' and not display
local lines = {}
local step, timer, smooth = 0, torch.Timer(), nil
local steps = dataset.nbatches(train.size, opt.batch)
for epoch = 1, opt.epochs do
   local total, count = 0, 0
   local epochTimer = torch.Timer()
   for inputs, targets in dataset.batches(xtrain, train.labels,
                                          { batchsize = opt.batch, shuffle = true }) do
      local function feval()
         grads:zero()
         local loss
         if opt.autograd then
            local l = criterion(model(inputs), targets)   -- a graph, PyTorch style
            l:backward()
            loss = l:item()
         else
            local out = model:forward(inputs)            -- the Torch7 protocol
            loss = criterion:forward(out, targets)
            model:backward(inputs, criterion:backward(out, targets))
         end
         return loss, grads
      end
      local _, fx = optim.sgd(feval, params, sgd)
      step = step + 1
      total, count = total + fx[1], count + 1
      smooth = smooth and 0.98 * smooth + 0.02 * fx[1] or fx[1]
      if plot and step % 20 == 0 then plot:add(step / steps, smooth) end
   end
   lines[#lines + 1] = ('epoch %d: training loss %.4f, test accuracy %.2f%% (%.1f s)'):format(
      epoch, total / count, 100 * accuracy(xtest, test.labels), epochTimer:time().real)
   print(lines[#lines])
end
if plot then plot:close() end
if textplot then print(table.concat(lines, '\n')) end
print(('trained in %.1f s'):format(timer:time().real))
if opt.png ~= '' then print('loss curve written to ' .. opt.png) end
