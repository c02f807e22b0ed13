-- Help texts: functions that make new tensors (see torch/help.lua).
return {
['torch.zeros'] = { sig = 'torch.zeros([res,] sizes...) or x:zeros(sizes...)',
   text = [[A tensor of the default type and the given sizes (numbers or a LongStorage) filled with 0; x:zeros(...) resizes x and fills it.]] },
['torch.ones'] = { sig = 'torch.ones([res,] sizes...) or x:ones(sizes...)',
   text = [[A tensor of the default type and the given sizes filled with 1.]] },
['torch.eye'] = { sig = 'torch.eye([res,] n [, m])',
   text = [[The n x m (default n x n) identity matrix: ones on the diagonal, zeros elsewhere.]] },
['torch.range'] = { sig = 'torch.range([res,] first, last [, step])',
   text = [[A vector of first, first + step, ... up to last inclusive (step defaults to 1 and may be negative), as Torch7's range; torch.range(1, 3) has 3 elements.]] },
['torch.linspace'] = { sig = 'torch.linspace([res,] first, last [, n])',
   text = [[A vector of n (default 100) equally spaced points from first to last, both included.]] },
['torch.logspace'] = { sig = 'torch.logspace([res,] first, last [, n])',
   text = [[A vector of n (default 100) points 10^v for v equally spaced from first to last.]] },
}
