-- scripts/fuzz/api.lua — throws random arguments at every torch function
-- and Tensor method and checks that each call either works or raises a Lua
-- error: a crash, an ASan report or a hang is the bug this hunts.
-- Run under the sanitizer build:  make fuzz-api  (allocations over 1 GiB
-- fail there, so a legitimately huge request does not exhaust the machine; or
--   build-asan/lantern scripts/fuzz/api.lua [calls] [seed])
-- Each call is printed before it runs (to stderr, with -v) so the last line
-- names the culprit after a crash.
local torch = require 'torch'
local calls = tonumber(arg and arg[1]) or 20000
local seed = tonumber(arg and arg[2]) or os.time()
local verbose = arg and arg[3] == '-v'
math.randomseed(seed)
io.stderr:write(('fuzz-api: %d calls, seed %d\n'):format(calls, seed))

-- Things that end the process, wait for input, or reseed the fuzzer's
-- own state in ways that make a run unrepeatable are left out.
local skip = {
   CmdLine = true, Tester = true, TestSuite = true, Timer = true, class = true,
   setdefaulttensortype = true, setnumthreads = true, include = true,
   seed = true, getRNGState = false, setRNGState = false,
}

local types = {'Byte', 'Char', 'Short', 'Int', 'Long', 'Float', 'Double'}

local function rtensor()
   local ty = types[math.random(#types)]
   local ctor = torch[ty .. 'Tensor']
   local r = math.random(12)
   local t
   if r == 1 then t = ctor()
   elseif r == 2 then t = ctor(0)
   elseif r == 3 then t = ctor(3, 0, 2)
   elseif r <= 6 then t = ctor(math.random(4)):random(0, 5)
   elseif r <= 9 then t = ctor(math.random(3), math.random(3)):random(0, 5)
   elseif r == 10 then t = ctor(2, 3, 4):random(0, 5):transpose(1, 3)
   elseif r == 11 then t = ctor(1):fill(1):expand(3, 4)
   else t = ctor(4, 4):random(0, 3):narrow(2, 2, 2) end
   return t
end

local numbers = {0, 1, 2, 3, -1, -2, 0.5, -0.5, 1.5, 1e300, -1e300, 0/0, 1/0, -1/0,
                 2^31, 2^53, 2^62, math.maxinteger, math.mininteger, 1e20, 7, 100}
local strings = {'', 'x', 'Float', 'torch.FloatTensor', 'torch.LongTensor', 'V', 'N',
                 'U', 'L', 'F', 'ascii', 'binary'}

local function rarg(depth)
   local r = math.random(100)
   if r <= 40 then return rtensor()
   elseif r <= 70 then return numbers[math.random(#numbers)]
   elseif r <= 74 then return strings[math.random(#strings)]
   elseif r <= 78 then return nil
   elseif r <= 81 then return math.random(2) == 1
   elseif r <= 85 then return torch.LongStorage({math.random(0, 3), math.random(0, 3)})
   elseif r <= 88 then return torch.LongTensor({math.random(0, 4), math.random(-1, 3)})
   elseif r <= 91 then return torch.ByteTensor(math.random(3)):random(0, 1)
   elseif r <= 94 and (depth or 0) < 2 then
      local t = {}
      for i = 1, math.random(0, 3) do t[i] = rarg((depth or 0) + 1) end
      return t
   elseif r <= 96 then return function() return 1 end
   elseif r <= 98 then return torch.Generator()
   else return {{1, 2}, {3}} end
end

-- The callable surface: torch.* functions, methods of every Tensor type and
-- of every Storage type.
-- and nothing that touches files or runs commands (PipeFile runs its
-- argument as a shell command): the file loaders have their own fuzzer
-- (make fuzz)
local function touches_files(k)
   return k:match('[Ss]ave') or k:match('[Ll]oad') or k:match('File') or k:match('npy')
      or k:match('safetensors') or k:match('idx') or k:match('serialize') or k:match('obj$')
end
local targets = {}
for k, v in pairs(torch) do
   if type(v) == 'function' and not skip[k] and not k:match('^_') and not touches_files(k) then
      targets[#targets + 1] = {name = 'torch.' .. k, fn = v}
   end
end
local mtnames = {}
for _, ty in ipairs(types) do
   mtnames[#mtnames + 1] = 'torch.' .. ty .. 'Tensor'
   mtnames[#mtnames + 1] = 'torch.' .. ty .. 'Storage'
end
for _, mn in ipairs(mtnames) do
   local mt = torch.getmetatable(mn)
   for k, v in pairs(mt) do
      if type(v) == 'function' and not k:match('^__gc') and k ~= '__close' then
         targets[#targets + 1] = {name = mn .. ':' .. k, fn = v, method = mn}
      end
   end
end
table.sort(targets, function(a, b) return a.name < b.name end)
io.stderr:write(('fuzz-api: %d callables\n'):format(#targets))

local function describe(v)
   if torch.isTensor(v) then
      return ('%s(%s)'):format(torch.type(v), v:dim() == 0 and 'empty' or
         table.concat(v:size():totable(), 'x'))
   elseif type(v) == 'string' then return ('%q'):format(v)
   elseif type(v) == 'table' then return 'table' end
   return tostring(v)
end

local ok_calls, errors = 0, 0
for i = 1, calls do
   local tg = targets[math.random(#targets)]
   local n = math.random(0, 5)
   local args = {}
   if tg.method then
      -- self: usually of the method's own type
      local ty = tg.method:match('torch%.(%a+)Tensor') or tg.method:match('torch%.(%a+)Storage')
      if math.random(5) > 1 then
         if tg.method:match('Storage') then
            args[1] = torch[ty .. 'Storage'](math.random(0, 4))
         else
            args[1] = torch[ty .. 'Tensor'](math.random(0, 3), math.random(1, 3)):random(0, 4)
            if math.random(4) == 1 then args[1] = rtensor():type(tg.method) end
         end
      else
         args[1] = rarg()
      end
   end
   -- Half the calls get plausible arguments (the self's type, small
   -- shapes, small integers) so that they reach the kernels, not only the
   -- type checks.
   local friendly = math.random(2) == 1
   local selfty = torch.isTensor(args[1]) and args[1]:type() or 'torch.DoubleTensor'
   for j = #args + 1, #args + n do
      if friendly then
         local r = math.random(6)
         if r <= 3 then args[j] = rtensor():type(selfty)
         elseif r <= 5 then args[j] = math.random(-1, 3)
         else args[j] = torch.LongTensor(math.random(3)):random(1, 3) end
      else
         args[j] = rarg()
      end
   end
   if verbose then
      local d = {}
      for j = 1, n + (tg.method and 1 or 0) do d[j] = describe(args[j]) end
      io.stderr:write(('%d %s(%s)\n'):format(i, tg.name, table.concat(d, ', ')))
   end
   local ok = pcall(tg.fn, table.unpack(args, 1, n + (tg.method and 1 or 0)))
   if ok then ok_calls = ok_calls + 1 else errors = errors + 1 end
   if i % 1000 == 0 then collectgarbage() end
end
print(('fuzz-api: %d calls returned, %d raised errors, no crash (seed %d)'):format(
   ok_calls, errors, seed))
