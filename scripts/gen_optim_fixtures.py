#!/usr/bin/env python3
"""Reference trajectories for tests/lua/test_optim_reference.lua.

Writes tests/fixtures/optim/reference.lua: for each case, the point x after
each of the first calls of an optimizer on a fixed smooth test function,
computed in float64 either by PyTorch 1.13's torch.optim (where its update
rule is the same as Torch7's, given matching options) or, where Torch7's
formula differs from PyTorch's or PyTorch has no counterpart, by a
hand-written plain-Python implementation of Torch7's formula (no torch).

    /usr/bin/python3 scripts/gen_optim_fixtures.py     # rewrites the fixture

The test function (the Lua test defines the same one):
    f(x) = 0.5 * sum(w * (x - c)^2) + 0.1 * sum(x^4)
    df/dx = w * (x - c) + 0.4 * x^3
"""
import math
import os
import sys

import torch

torch.set_default_dtype(torch.float64)

X0 = [0.5, -1.2, 2.0, 0.3, -0.7]
W = [1.0, 2.0, 0.5, 3.0, 1.5]
C = [1.0, -1.0, 0.5, 0.0, 2.0]
N = len(X0)


def f_py(x):
    return sum(0.5 * w * (xi - c) ** 2 + 0.1 * xi ** 4 for xi, w, c in zip(x, W, C))


def g_py(x):
    return [w * (xi - c) + 0.4 * xi ** 3 for xi, w, c in zip(x, W, C)]


def f_torch(x):
    w, c = torch.tensor(W), torch.tensor(C)
    return 0.5 * (w * (x - c) ** 2).sum() + 0.1 * (x ** 4).sum()


# ---------------------------------------------------------------- PyTorch runs
def run_torch(make_opt, steps, make_sched=None, closure_based=False):
    x = torch.tensor(X0, requires_grad=True)
    opt = make_opt([x])
    sched = make_sched(opt) if make_sched else None
    traj = []
    for _ in range(steps):
        def closure():
            opt.zero_grad()
            loss = f_torch(x)
            loss.backward()
            return loss
        if closure_based:
            opt.step(closure)
        else:
            closure()
            opt.step()
        if sched:
            sched.step()
        traj.append(x.detach().tolist())
    return traj, opt


# ---------------------------------------------- hand-written Torch7 formulas
def hand_sgd(steps, lr, lrd=0.0, lrs=None, wds=None, mom=0.0, damp=None, schedule=None):
    damp = mom if damp is None else damp
    x = list(X0)
    buf = None
    traj = []
    for n in range(steps):
        g = g_py(x)
        if wds:
            g = [gi + wi * xi for gi, wi, xi in zip(g, wds, x)]
        if mom != 0:
            if buf is None:
                buf = list(g)
            else:
                buf = [mom * b + (1 - damp) * gi for b, gi in zip(buf, g)]
            g = buf
        base = schedule(n + 1, lr) if schedule else lr
        clr = base / (1 + n * lrd)
        if lrs:
            x = [xi - clr * li * gi for xi, li, gi in zip(x, lrs, g)]
        else:
            x = [xi - clr * gi for xi, gi in zip(x, g)]
        traj.append(list(x))
    return traj


def hand_adam(steps, lr, b1, b2, eps, lrd=0.0, wd=0.0):
    # Torch7: stepSize = lr_t * sqrt(1 - b2^t) / (1 - b1^t); x -= stepSize * m / (sqrt(v) + eps)
    # with lr_t = lr / (1 + (t - 1) * lrd) and weight decay added to the gradient
    x = list(X0)
    m = [0.0] * N
    v = [0.0] * N
    traj = []
    for t in range(1, steps + 1):
        g = g_py(x)
        g = [gi + wd * xi for gi, xi in zip(g, x)]
        m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g)]
        v = [b2 * vi + (1 - b2) * gi * gi for vi, gi in zip(v, g)]
        step = lr / (1 + (t - 1) * lrd) * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        x = [xi - step * mi / (math.sqrt(vi) + eps) for xi, mi, vi in zip(x, m, v)]
        traj.append(list(x))
    return traj


def hand_nag(steps, lr, mom, wd=0.0, lrd=0.0):
    # Torch7 nag: g at x + mom * v; v = mom * v - lr_t * g; x = x_old + v
    x = list(X0)
    v = None
    traj = []
    for n in range(steps):
        look = [xi + mom * vi for xi, vi in zip(x, v)] if v else list(x)
        g = g_py(look)
        if wd:
            g = [gi + wd * li for gi, li in zip(g, look)]
        clr = lr / (1 + n * lrd)
        v = [0.0] * N if v is None else [mom * vi for vi in v]
        v = [vi - clr * gi for vi, gi in zip(v, g)]
        x = [xi + vi for xi, vi in zip(x, v)]
        traj.append(list(x))
    return traj


def cosine(T, emin=0.0):
    return lambda step, lr: emin + (lr - emin) * (1 + math.cos(math.pi * (step - 1) / T)) / 2


def warmup_then(n, start, after):
    def s(step, lr):
        if step <= n:
            return lr * (start + (1 - start) * (step - 1) / n)
        return after(step - n, lr)
    return s


# ------------------------------------------------------------------- the cases
CASES = []


def case(name, algo, config, traj, source, note, calls=None, extra=None):
    CASES.append(dict(name=name, algo=algo, config=config, traj=traj, source=source,
                      note=note, extra=extra or {}))


def main():
    O = torch.optim
    S = O.lr_scheduler
    T = 6

    tr, _ = run_torch(lambda p: O.SGD(p, lr=0.1), T)
    case('sgd plain', 'sgd', 'learningRate = 0.1', tr, 'pytorch', 'SGD(lr=0.1)')
    tr, _ = run_torch(lambda p: O.SGD(p, lr=0.05, momentum=0.9), T)
    case('sgd momentum, no dampening', 'sgd', 'learningRate = 0.05, momentum = 0.9, dampening = 0',
         tr, 'pytorch', 'SGD(momentum=0.9); PyTorch dampening defaults to 0')
    tr, _ = run_torch(lambda p: O.SGD(p, lr=0.05, momentum=0.9, dampening=0.9), T)
    case('sgd momentum, Torch7 default dampening', 'sgd', 'learningRate = 0.05, momentum = 0.9',
         tr, 'pytorch', 'Torch7 dampening defaults to momentum: SGD(momentum=0.9, dampening=0.9)')
    tr, _ = run_torch(lambda p: O.SGD(p, lr=0.05, momentum=0.8, nesterov=True,
                                      weight_decay=0.01), T)
    case('sgd nesterov + weight decay', 'sgd',
         'learningRate = 0.05, momentum = 0.8, dampening = 0, nesterov = true, weightDecay = 0.01',
         tr, 'pytorch', 'SGD(momentum=0.8, nesterov=True, weight_decay=0.01)')
    case('sgd learningRateDecay', 'sgd', 'learningRate = 0.1, learningRateDecay = 0.5',
         hand_sgd(T, 0.1, lrd=0.5), 'hand', 'Torch7 only: lr / (1 + evalCounter * decay)')
    lrs = [1.0, 0.5, 2.0, 0.1, 1.5]
    wds = [0.1, 0.0, 0.2, 0.3, 0.05]
    case('sgd learningRates + weightDecays', 'sgd',
         'learningRate = 0.1, learningRates = T{%s}, weightDecays = T{%s}, momentum = 0.5' % (
             ', '.join(repr(v) for v in lrs), ', '.join(repr(v) for v in wds)),
         hand_sgd(T, 0.1, lrs=lrs, wds=wds, mom=0.5), 'hand', 'Torch7 only: per-parameter rates')

    tr, _ = run_torch(lambda p: O.Adam(p, lr=0.01, eps=0.0), T)
    case('adam, epsilon 0', 'adam', 'learningRate = 0.01, epsilon = 0', tr, 'pytorch',
         'Adam(lr=0.01, eps=0): with eps = 0 Torch7 and PyTorch agree exactly')
    tr, _ = run_torch(lambda p: O.Adam(p, lr=0.01, eps=0.0, weight_decay=0.1), T)
    case('adam, weight decay', 'adam', 'learningRate = 0.01, epsilon = 0, weightDecay = 0.1', tr,
         'pytorch', 'Adam(weight_decay=0.1): L2 added to the gradient')
    case('adam, epsilon 0.1 (Torch7 placement)', 'adam',
         'learningRate = 0.01, beta1 = 0.8, beta2 = 0.99, epsilon = 0.1',
         hand_adam(T, 0.01, 0.8, 0.99, 0.1), 'hand',
         'Torch7 adds eps to sqrt(v) before the bias correction, PyTorch after')
    case('adam, learningRateDecay + weightDecay', 'adam',
         'learningRate = 0.02, learningRateDecay = 0.3, weightDecay = 0.05',
         hand_adam(T, 0.02, 0.9, 0.999, 1e-8, lrd=0.3, wd=0.05), 'hand',
         'Torch7 only: lr / (1 + (t - 1) * decay)')
    tr, _ = run_torch(lambda p: O.AdamW(p, lr=0.01, weight_decay=0.1), T)
    case('adamw', 'adamw', 'learningRate = 0.01, weightDecay = 0.1', tr, 'pytorch',
         'AdamW(lr=0.01, weight_decay=0.1)')
    tr, _ = run_torch(lambda p: O.AdamW(p, lr=0.01, betas=(0.5, 0.9), eps=0.01,
                                        weight_decay=0.2, amsgrad=True), T)
    case('adamw amsgrad', 'adamw',
         'learningRate = 0.01, beta1 = 0.5, beta2 = 0.9, epsilon = 0.01, weightDecay = 0.2, '
         'amsgrad = true', tr, 'pytorch', 'AdamW(amsgrad=True)')
    tr, _ = run_torch(lambda p: O.Adamax(p, lr=0.01, eps=1e-38), T)
    case('adamax', 'adamax', 'learningRate = 0.01', tr, 'pytorch',
         'Adamax(lr=0.01, eps=1e-38): Torch7 epsilon default')
    tr, _ = run_torch(lambda p: O.Adamax(p, lr=0.01, betas=(0.8, 0.9), eps=0.05), T)
    case('adamax large epsilon', 'adamax', 'learningRate = 0.01, beta1 = 0.8, beta2 = 0.9, '
         'epsilon = 0.05', tr, 'pytorch', 'Adamax(betas=(0.8, 0.9), eps=0.05)')
    tr, _ = run_torch(lambda p: O.Adagrad(p, lr=0.1, lr_decay=0.1, eps=1e-10), T)
    case('adagrad', 'adagrad', 'learningRate = 0.1, learningRateDecay = 0.1', tr, 'pytorch',
         'Adagrad(lr=0.1, lr_decay=0.1, eps=1e-10): eps outside the root in both')
    tr, _ = run_torch(lambda p: O.Adagrad(p, lr=0.1, weight_decay=0.05, eps=1e-10), T)
    case('adagrad weight decay', 'adagrad', 'learningRate = 0.1, weightDecay = 0.05', tr,
         'pytorch', 'Adagrad(weight_decay=0.05)')
    tr, _ = run_torch(lambda p: O.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-8), T)
    case('rmsprop', 'rmsprop', 'learningRate = 0.01, alpha = 0.9', tr, 'pytorch',
         'RMSprop(lr=0.01, alpha=0.9, eps=1e-8): eps outside the root in both')
    tr, _ = run_torch(lambda p: O.RMSprop(p, lr=0.01, alpha=0.99, eps=0.5), T)
    case('rmsprop large epsilon', 'rmsprop', 'learningRate = 0.01, epsilon = 0.5', tr,
         'pytorch', 'RMSprop(eps=0.5) checks where epsilon goes')
    tr, _ = run_torch(lambda p: O.Adadelta(p, lr=1.0, rho=0.9, eps=1e-6), T)
    case('adadelta', 'adadelta', '', tr, 'pytorch', 'Adadelta(lr=1, rho=0.9, eps=1e-6)')
    tr, _ = run_torch(lambda p: O.Adadelta(p, lr=0.5, rho=0.8, eps=1e-3), T)
    case('adadelta lr', 'adadelta', 'learningRate = 0.5, rho = 0.8, eps = 1e-3', tr,
         'pytorch', 'Adadelta(lr=0.5, rho=0.8, eps=1e-3)')
    tr, _ = run_torch(lambda p: O.Rprop(p, lr=0.1), 10)
    case('rprop', 'rprop', 'stepsize = 0.1', tr, 'pytorch', 'Rprop(lr=0.1), etas (0.5, 1.2)')
    tr, _ = run_torch(lambda p: O.Rprop(p, lr=0.3, etas=(0.3, 1.5), step_sizes=(0.01, 0.4)), 10)
    case('rprop bounds', 'rprop',
         'stepsize = 0.3, etaminus = 0.3, etaplus = 1.5, stepsizemin = 0.01, stepsizemax = 0.4',
         tr, 'pytorch', 'Rprop(etas=(0.3, 1.5), step_sizes=(0.01, 0.4))')

    # ASGD: the averaged point too
    x = torch.tensor(X0, requires_grad=True)
    opt = O.ASGD([x], lr=0.05, lambd=0.01, alpha=0.75, t0=2)
    tr, axs = [], []
    for _ in range(T):
        opt.zero_grad()
        f_torch(x).backward()
        opt.step()
        tr.append(x.detach().tolist())
        axs.append(opt.state[x]['ax'].tolist())
    case('asgd', 'asgd', 'eta0 = 0.05, lambda = 0.01, alpha = 0.75, t0 = 2', tr, 'pytorch',
         'ASGD(lr=0.05, lambd=0.01, alpha=0.75, t0=2), x and the average', extra={'ax': axs})

    case('nag', 'nag', 'learningRate = 0.05, momentum = 0.9', hand_nag(T, 0.05, 0.9), 'hand',
         'Torch7 only (PyTorch nesterov SGD tracks a different point)')
    case('nag weight decay + lr decay', 'nag',
         'learningRate = 0.05, momentum = 0.7, weightDecay = 0.1, learningRateDecay = 0.2',
         hand_nag(T, 0.05, 0.7, wd=0.1, lrd=0.2), 'hand', 'Torch7 only')

    # L-BFGS, fixed step: three calls of four iterations, memory kept
    tr, _ = run_torch(lambda p: O.LBFGS(p, lr=0.5, max_iter=4, max_eval=100,
                                        tolerance_grad=1e-30, tolerance_change=1e-30,
                                        history_size=100), 3, closure_based=True)
    case('lbfgs fixed step', 'lbfgs',
         'learningRate = 0.5, maxIter = 4, maxEval = 100, tolFun = 1e-30, tolX = 1e-30',
         tr, 'pytorch', 'LBFGS(lr=0.5, max_iter=4) per call, tolerances off')
    tr, _ = run_torch(lambda p: O.LBFGS(p, lr=1, max_iter=3, max_eval=100, history_size=2,
                                        tolerance_grad=1e-30, tolerance_change=1e-30), 4,
                      closure_based=True)
    case('lbfgs short memory', 'lbfgs',
         'maxIter = 3, maxEval = 100, nCorrection = 2, tolFun = 1e-30, tolX = 1e-30',
         tr, 'pytorch', 'LBFGS(history_size=2): the memory wraps around')

    # schedules, against torch.optim.lr_scheduler
    tr, _ = run_torch(lambda p: O.SGD(p, lr=0.1), 8, lambda o: S.CosineAnnealingLR(o, T_max=5))
    case('sgd + cosine schedule', 'sgd',
         'learningRate = 0.1, schedule = optim.schedule.cosine{ T_max = 5 }', tr, 'pytorch',
         'CosineAnnealingLR(T_max=5), past T_max too')
    tr, _ = run_torch(lambda p: O.SGD(p, lr=0.1, momentum=0.5), 8,
                      lambda o: S.StepLR(o, step_size=3, gamma=0.5))
    case('sgd + step schedule', 'sgd',
         'learningRate = 0.1, momentum = 0.5, dampening = 0, '
         'schedule = optim.schedule.step{ stepSize = 3, gamma = 0.5 }',
         tr, 'pytorch', 'StepLR(step_size=3, gamma=0.5)')
    tr, _ = run_torch(lambda p: O.Adam(p, lr=0.05, eps=0.0), 8,
                      lambda o: S.LinearLR(o, start_factor=0.25, total_iters=4))
    case('adam + warmup schedule', 'adam',
         'learningRate = 0.05, epsilon = 0, schedule = optim.schedule.warmup{ steps = 4, '
         'start = 0.25 }', tr, 'pytorch', 'LinearLR(start_factor=0.25, total_iters=4)')
    tr, _ = run_torch(lambda p: O.SGD(p, lr=0.1), 8,
                      lambda o: S.MultiStepLR(o, milestones=[2, 5], gamma=0.3))
    case('sgd + multistep schedule', 'sgd',
         'learningRate = 0.1, schedule = optim.schedule.multistep{ milestones = {2, 5}, '
         'gamma = 0.3 }', tr, 'pytorch', 'MultiStepLR(milestones=[2, 5], gamma=0.3)')
    tr, _ = run_torch(lambda p: O.SGD(p, lr=0.1), 8,
                      lambda o: S.ExponentialLR(o, gamma=0.8))
    case('sgd + exponential schedule', 'sgd',
         'learningRate = 0.1, schedule = optim.schedule.exponential{ gamma = 0.8 }', tr,
         'pytorch', 'ExponentialLR(gamma=0.8)')
    case('sgd + warmup then cosine, with lr decay', 'sgd',
         'learningRate = 0.1, learningRateDecay = 0.1, schedule = optim.schedule.warmup{ '
         'steps = 3, after = optim.schedule.cosine{ T_max = 5, eta_min = 0.01 } }',
         hand_sgd(8, 0.1, lrd=0.1, schedule=warmup_then(3, 0.0, cosine(5, 0.01))), 'hand',
         'warm-up from 0 over 3 steps, then cosine; Torch7 decay applied on top')

    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'fixtures',
                       'optim', 'reference.lua')
    with open(out, 'w') as fh:
        fh.write('-- Generated by scripts/gen_optim_fixtures.py (PyTorch %s, float64): do not '
                 'edit.\n' % torch.__version__)
        fh.write('-- x after each call from x0 on f(x) = 0.5 sum(w (x - c)^2) + 0.1 sum(x^4).\n')
        fh.write('-- config is Lua source; T{...} is a DoubleTensor.\n')
        fh.write('return {\n')
        fh.write('  x0 = {%s}, w = {%s}, c = {%s},\n' % tuple(
            ', '.join('%.17g' % v for v in a) for a in (X0, W, C)))
        fh.write('  cases = {\n')
        for cs in CASES:
            fh.write('    { name = %r, algo = %r, source = %r,\n' % (cs['name'], cs['algo'],
                                                                     cs['source']))
            fh.write('      note = %r,\n' % cs['note'])
            fh.write('      config = %r,\n' % cs['config'])
            fh.write('      x = {\n')
            for row in cs['traj']:
                fh.write('        {%s},\n' % ', '.join('%.17g' % v for v in row))
            fh.write('      },\n')
            for k, rows in cs['extra'].items():
                fh.write('      %s = {\n' % k)
                for row in rows:
                    fh.write('        {%s},\n' % ', '.join('%.17g' % v for v in row))
                fh.write('      },\n')
            fh.write('    },\n')
        fh.write('  },\n}\n')
    print('wrote %d cases to %s' % (len(CASES), os.path.normpath(out)))


if __name__ == '__main__':
    sys.exit(main())
