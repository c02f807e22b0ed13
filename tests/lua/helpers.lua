-- tests/lua/helpers.lua — small helpers shared by the Lua tests
-- (tests run from the repository root: require 'tests.lua.helpers').
local H = {}

-- The message of the error f(...) raises, without its "file:line: " prefix.
function H.errmsg(f, ...)
   local ok, err = pcall(f, ...)
   assert(not ok, 'expected an error')
   return (tostring(err):gsub('^[^:]*:%d+: ', ''))
end

-- A tensor's sizes as a plain table.
function H.sizes(t)
   local s = {}
   for i = 1, t:dim() do s[i] = t:size(i) end
   return s
end

return H
