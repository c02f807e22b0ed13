-- torch/doc/init.lua — the areas of the torch module's help texts, read by
-- torch/help.lua (each area is torch/doc/<area>.lua, a table keyed by the
-- full public name: { ['torch.mm'] = { sig = '...', text = '...' } }).
return { 'tensor', 'math', 'reduce', 'blas', 'index', 'random', 'create', 'utils', 'storage',
         'classes', 'lapack', 'autograd', 'file', 'idx' }
