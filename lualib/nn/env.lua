-- nn/env.lua — the nn package table, created once, so that every module file
-- can `require 'nn.env'` while nn/init.lua is still loading them (a plain
-- require 'nn' from inside init.lua would recurse).
local nn = package.loaded.nn
if type(nn) ~= 'table' then
   nn = {}
   package.loaded.nn = nn
end
return nn
