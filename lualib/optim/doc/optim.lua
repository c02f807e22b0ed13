-- optim/doc/optim.lua — help entries for the optim package.
local common = ' opfunc(x) must return f(x) (a number) and df/dx (a tensor with x\'s type and ' ..
   'number of elements); x is updated in place and returned with a table of the function ' ..
   'values {f(x)} computed before the update. state defaults to config, and keeps the ' ..
   'buffers (allocated once) between calls.'
return {
   ['optim'] = {
      sig = "optim = require 'optim'",
      text = "Torch7's optimization package: functional optimizers optim.X(opfunc, x, config, " ..
         "state) -> x, {f(x)} (sgd, asgd, nag, adagrad, adadelta, adam, adamax, adamw, " ..
         "rmsprop, rprop, lbfgs, cg), the line search optim.lswolfe, optim.polyinterp, " ..
         "optim.checkgrad, optim.ConfusionMatrix, learning-rate schedules in optim.schedule " ..
         "and optim.Logger (loaded on first use). require 'optim' also sets the global optim, " ..
         "as Torch7 did.",
   },
   ['optim.sgd'] = {
      sig = 'optim.sgd(opfunc, x [, config] [, state]) -> x, {f(x)}',
      text = 'Stochastic gradient descent, Torch7\'s formulation. config: learningRate (1e-3), ' ..
         'learningRateDecay (0; lr / (1 + evalCounter * decay)), weightDecay (0, added to ' ..
         'df/dx in place), weightDecays (tensor), momentum (0), dampening (= momentum), ' ..
         'nesterov (false; needs momentum > 0 and dampening 0), learningRates (tensor), ' ..
         'schedule. state: evalCounter, dfdx (momentum buffer). With dampening = 0 this is ' ..
         'torch.optim.SGD.' .. common,
   },
   ['optim.asgd'] = {
      sig = 'optim.asgd(opfunc, x [, config] [, state]) -> x, {f(x)}, ax',
      text = 'Averaged SGD (Bottou): x = (1 - lambda eta_t) x - eta_t g, ax averages x from ' ..
         'step t0 on. config: eta0 (1e-4), lambda (1e-4), alpha (0.75), t0 (1e6); the ' ..
         'defaults are written into config, as Torch7. state: eta_t, mu_t, t, ax. Same as ' ..
         'torch.optim.ASGD(lr = eta0, lambd = lambda).' .. common,
   },
   ['optim.nag'] = {
      sig = 'optim.nag(opfunc, x [, config] [, state]) -> x, {f(x)}',
      text = 'SGD with Nesterov\'s accelerated gradient (Sutskever et al. 2013): the gradient ' ..
         'is taken at x + momentum * v. config: learningRate (1e-3), learningRateDecay, ' ..
         'weightDecay, momentum (0.9, must be > 0), learningRates (tensor), schedule. state: ' ..
         'evalCounter, dfdx (the velocity), x_copy.' .. common,
   },
   ['optim.adagrad'] = {
      sig = 'optim.adagrad(opfunc, x [, config] [, state]) -> x, {f(x)}',
      text = 'AdaGrad: x -= lr_t g / (sqrt(sum g^2) + epsilon). config: learningRate (1e-3), ' ..
         'learningRateDecay (0), weightDecay (0), epsilon (1e-10), schedule. state: ' ..
         'evalCounter, paramVariance, paramStd. Same as torch.optim.Adagrad.' .. common,
   },
   ['optim.adadelta'] = {
      sig = 'optim.adadelta(opfunc, x [, config] [, state]) -> x, {f(x)}',
      text = 'ADADELTA (Zeiler 2012): steps sqrt(accDelta + eps) / sqrt(v + eps) * g. config: ' ..
         'rho (0.9), eps (1e-6), weightDecay (0), learningRate (1; Torch7 had none), ' ..
         'schedule. state: evalCounter, paramVariance, paramStd, delta, accDelta. Same as ' ..
         'torch.optim.Adadelta.' .. common,
   },
   ['optim.adam'] = {
      sig = 'optim.adam(opfunc, x [, config] [, state]) -> x, {f(x)}',
      text = 'Adam (Kingma & Ba), Torch7\'s formulation: x -= lr sqrt(1 - beta2^t) / (1 - ' ..
         'beta1^t) * m / (sqrt(v) + epsilon). config: learningRate (1e-3), learningRateDecay (0; ' ..
         'lr / (1 + (t - 1) decay)), beta1 (0.9), ' ..
         'beta2 (0.999), epsilon (1e-8), weightDecay (0, L2 in the gradient), schedule. ' ..
         'state: t, m, v, denom. Differs from torch.optim.Adam by where epsilon goes (they ' ..
         'agree for epsilon = 0); see optim.adamw for PyTorch\'s placement.' .. common,
   },
   ['optim.adamax'] = {
      sig = 'optim.adamax(opfunc, x [, config] [, state]) -> x, {f(x)}',
      text = 'AdaMax, Adam with the infinity norm: u = max(beta2 u, |g| + epsilon), x -= lr / ' ..
         '(1 - beta1^t) m / u. config: learningRate (0.002), beta1 (0.9), beta2 (0.999), ' ..
         'epsilon (1e-38), weightDecay (0), schedule. state: t, m, u. Same as ' ..
         'torch.optim.Adamax.' .. common,
   },
   ['optim.adamw'] = {
      sig = 'optim.adamw(opfunc, x [, config] [, state]) -> x, {f(x)}',
      text = 'Adam with decoupled weight decay (Loshchilov & Hutter), exactly ' ..
         'torch.optim.AdamW: x *= 1 - lr weightDecay, then Adam with epsilon added to ' ..
         'sqrt(v) / sqrt(1 - beta2^t). config: learningRate (1e-3), beta1 (0.9), beta2 ' ..
         '(0.999), epsilon (1e-8), weightDecay (1e-2), amsgrad (false), schedule. state: t, ' ..
         'm, v, denom, vmax.' .. common,
   },
   ['optim.rmsprop'] = {
      sig = 'optim.rmsprop(opfunc, x [, config] [, state]) -> x, {f(x)}',
      text = 'RMSprop: m = alpha m + (1 - alpha) g^2, x -= lr g / (sqrt(m) + epsilon) (epsilon ' ..
         'outside the root). config: learningRate (1e-2), alpha (0.99), epsilon (1e-8), ' ..
         'weightDecay (0), initialMean (0, where m starts), schedule. state: m, tmp. Same as ' ..
         'torch.optim.RMSprop without ' ..
         'centering or momentum.' .. common,
   },
   ['optim.rprop'] = {
      sig = 'optim.rprop(opfunc, x [, config] [, state]) -> x, {f(x), ...}',
      text = 'Resilient backpropagation: per-component steps grow by etaplus while the ' ..
         'gradient keeps its sign and shrink by etaminus when it flips (that component then ' ..
         'skips a step). config: stepsize (0.1), etaplus (1.2), etaminus (0.5), stepsizemax ' ..
         '(50), stepsizemin (1e-6), niter (1 iteration per call, one f per iteration ' ..
         'returned). state: delta, stepsize (tensor). Same as torch.optim.Rprop(lr = ' ..
         'stepsize).' .. common,
   },
   ['optim.lbfgs'] = {
      sig = 'optim.lbfgs(opfunc, x [, config] [, state]) -> x, f_hist, nEval',
      text = 'Limited-memory BFGS (Torch7\'s port of minFunc), up to maxIter iterations per ' ..
         'call. config: maxIter (20), maxEval (maxIter * 1.25), tolFun (1e-5, on sum |g|), ' ..
         'tolX (1e-9), nCorrection (100), lineSearch (nil: fixed steps of learningRate; or ' ..
         'optim.lswolfe), lineSearchOptions, learningRate (1), verbose, schedule. Returns x, ' ..
         'the table of f values (f_hist[1] before any step) and the number of evaluations. ' ..
         'state keeps the memory between calls (d, t, old_dirs, old_stps, Hdiag, g_old, ' ..
         'nIter, funcEval).',
   },
   ['optim.cg'] = {
      sig = 'optim.cg(opfunc, x [, config] [, state]) -> x, f_hist, nEval',
      text = 'Nonlinear conjugate gradients (Polack-Ribiere) with Rasmussen\'s line search ' ..
         '(minimize.m). config: maxEval (maxIter * 1.25), maxIter (20), rho (0.01), sig ' ..
         '(0.5), int (0.1), ext (3.0), ratio (100). Returns x, the f value after each ' ..
         'successful line search (f_hist[1] before any step) and the number of evaluations. ' ..
         'x must be contiguous.',
   },
   ['optim.lswolfe'] = {
      sig = 'optim.lswolfe(opfunc, x, t, d, f, g, gtd [, options]) -> f, g, x, t, nEval',
      text = 'Line search along direction d from x (value f, gradient g, directional ' ..
         'derivative gtd = g.d) starting with step t, satisfying the strong Wolfe conditions; ' ..
         'x is moved to x + t d. options: c1 (1e-4), c2 (0.9), tolX (1e-9), maxIter (20). Use ' ..
         'it as optim.lbfgs\'s config.lineSearch.',
   },
   ['optim.polyinterp'] = {
      sig = 'optim.polyinterp(points [, xmin] [, xmax]) -> minPos [, fmin]',
      text = 'Minimum within [xmin, xmax] of the polynomial interpolating N points (x, f, ' ..
         'f\'), given as an N x 3 tensor or a table of {x, f, g}. Two points without bounds ' ..
         'use the closed-form cubic minimiser; otherwise the degree 2N-1 fit is minimised ' ..
         'over its real critical points, the points and the bounds.',
   },
   ['optim.checkgrad'] = {
      sig = 'optim.checkgrad(opfunc, x [, eps]) -> diff, dC, dC_est',
      text = 'Checks opfunc\'s gradient at x against central differences with step eps ' ..
         '(1e-7): diff = |dC - dC_est| / |dC + dC_est|, dC the analytic gradient, dC_est the ' ..
         'estimate. Two evaluations per element of x (contiguous, restored on return): use ' ..
         'small problems in double precision, where a correct gradient gives diff ~1e-9.',
   },
   ['optim.ConfusionMatrix'] = {
      sig = 'optim.ConfusionMatrix(nclasses | classes [, classes])',
      text = 'Counts (target, prediction) pairs: mat[t][p] (a LongTensor, rows are targets). ' ..
         'conf:add(prediction, target) takes class indices or score vectors (argmax); ' ..
         'conf:batchAdd(predictions, targets) takes vectors of indices or N x nclasses ' ..
         'scores/one-hot rows; targets <= 0 are skipped. conf:updateValids() sets valids, ' ..
         'unionvalids, totalValid, averageValid, averageUnionValid; conf:zero() resets; ' ..
         'print(conf) shows Torch7\'s table with per-class accuracy and class names.',
   },
   ['optim.ConfusionMatrix.add'] = {
      sig = 'conf:add(prediction, target)',
      text = 'Counts one sample: prediction and target are each a class index (1..nclasses) ' ..
         'or a vector of nclasses scores whose argmax is the class. A target <= 0 is a ' ..
         'missing label and is skipped.',
   },
   ['optim.ConfusionMatrix.batchAdd'] = {
      sig = 'conf:batchAdd(predictions, targets)',
      text = 'Counts a batch in one tensor operation: each argument is a vector of class ' ..
         'indices, an N x 1 matrix of them, or an N x nclasses matrix of scores or one-hot ' ..
         'rows. Targets <= 0 are skipped.',
   },
   ['optim.ConfusionMatrix.updateValids'] = {
      sig = 'conf:updateValids()',
      text = 'Computes valids[t] (correct share of row t), unionvalids[t] (correct / (row + ' ..
         'column - correct), the VOC measure), totalValid (global accuracy), averageValid and ' ..
         'averageUnionValid (means over the classes that have samples). print(conf) calls it.',
   },
   ['optim.ConfusionMatrix.zero'] = {
      sig = 'conf:zero()',
      text = 'Resets the counts and the statistics to zero.',
   },
   ['optim.schedule'] = {
      sig = 'config.schedule = optim.schedule.<kind>{ options }',
      text = 'Learning-rate schedules. An optimizer with a learning rate calls ' ..
         'config.schedule(step, config.learningRate) once per call (step = 1, 2, ... kept in ' ..
         'state.scheduleStep) and uses the result as its learning rate (learningRateDecay ' ..
         'still applies on top), leaving it in state.currentLearningRate. Kinds: step, ' ..
         'multistep, exponential, cosine, linear, warmup; any function(step, lr) works too. ' ..
         'Without config.schedule nothing changes. rprop, asgd and cg have their own step ' ..
         'rules and do not consult it.',
   },
   ['optim.schedule.step'] = {
      sig = 'optim.schedule.step{ stepSize = n [, gamma = 0.1] }',
      text = 'lr * gamma ^ floor((step - 1) / n): decays by gamma every n steps (StepLR).',
   },
   ['optim.schedule.multistep'] = {
      sig = 'optim.schedule.multistep{ milestones = {m1, m2, ...} [, gamma = 0.1] }',
      text = 'lr * gamma ^ k, k the number of milestones <= step - 1 (MultiStepLR).',
   },
   ['optim.schedule.exponential'] = {
      sig = 'optim.schedule.exponential{ gamma = g }',
      text = 'lr * g ^ (step - 1) (ExponentialLR).',
   },
   ['optim.schedule.cosine'] = {
      sig = 'optim.schedule.cosine{ T_max = n [, eta_min = 0] }',
      text = 'eta_min + (lr - eta_min) (1 + cos(pi (step - 1) / n)) / 2: cosine annealing ' ..
         'from lr to eta_min over n steps (CosineAnnealingLR\'s closed form, which rises ' ..
         'again after n steps; combine with warmup or stop training at n).',
   },
   ['optim.schedule.linear'] = {
      sig = 'optim.schedule.linear{ [start = 1/3] [, finish = 1] [, steps = 5] }',
      text = 'lr * (start + (finish - start) min(step - 1, steps) / steps): a linear ramp of ' ..
         'the factor, then constant (LinearLR).',
   },
   ['optim.schedule.warmup'] = {
      sig = 'optim.schedule.warmup{ steps = n [, start = 0] [, after = schedule] }',
      text = 'Linear warm-up: lr * (start + (1 - start) (step - 1) / n) for the first n ' ..
         'steps, then lr, or the schedule `after` counted from its own step 1.',
   },
}
