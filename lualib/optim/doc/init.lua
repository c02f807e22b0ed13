-- optim/doc/init.lua — the help areas of the optim package (each a file
-- beside this one returning { [name] = { sig = ..., text = ... } }).
return { 'optim', 'logger' }
