-- The help areas of the torch package (each a file of this folder that
-- returns { ['full.name'] = { sig = ..., text = ... } }).
return { 'autograd', 'nnk' }
