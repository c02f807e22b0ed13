-- torch/prelude.lua — Torch7-era Lua (5.1/LuaJIT) on Lua 5.4.
--
-- Torch7 scripts were written for Lua 5.1 and LuaJIT; these are the library
-- functions they use that 5.4 dropped.  Each is defined only where absent,
-- so a Lua built with its own compatibility options keeps its versions.
-- (setfenv/getfenv cannot be expressed in 5.4 and are not provided.)

unpack = unpack or table.unpack
loadstring = loadstring or load

table.getn = table.getn or function(t) return #t end
table.maxn = table.maxn or function(t)
   local n = 0
   for k in pairs(t) do
      if type(k) == 'number' and k > n then n = k end
   end
   return n
end

string.gfind = string.gfind or string.gmatch

math.pow = math.pow or function(x, y) return x ^ y end
math.log10 = math.log10 or function(x) return math.log(x, 10) end
math.mod = math.mod or math.fmod
math.ldexp = math.ldexp or function(m, e) return m * 2.0 ^ e end
math.frexp = math.frexp or function(x)
   if x == 0 or x ~= x or x == math.huge or x == -math.huge then return x, 0 end
   local e = math.floor(math.log(math.abs(x), 2)) + 1
   local m = x / 2.0 ^ e
   if math.abs(m) >= 1 then m, e = m / 2, e + 1 end   -- rounding at powers of two
   if math.abs(m) < 0.5 then m, e = m * 2, e - 1 end
   return m, e
end
for _, f in ipairs({ 'cosh', 'sinh', 'tanh' }) do
   if not math[f] then
      math[f] = ({
         cosh = function(x) return (math.exp(x) + math.exp(-x)) / 2 end,
         sinh = function(x) return (math.exp(x) - math.exp(-x)) / 2 end,
         tanh = function(x)
            if x > 20 then return 1 elseif x < -20 then return -1 end
            local a, b = math.exp(x), math.exp(-x)
            return (a - b) / (a + b)
         end,
      })[f]
   end
end
