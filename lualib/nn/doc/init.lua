-- The help areas of the nn package (each a file of this folder that
-- returns { ['full.name'] = { sig = ..., text = ... } }).
return { 'module', 'containers', 'layers', 'transfer', 'tools', 'nnk', 'seq' }
