-- Help areas of the torch package, loaded lazily by the REPL's help system
-- (each names lualib/torch/doc/<area>.lua, which returns
-- { ['full.name'] = { sig = ..., text = ... } }).
return { 'lapack', 'autograd', 'file' }
