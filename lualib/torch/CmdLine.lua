-- torch.CmdLine — Torch7's command-line parser for experiment scripts.
--
--   local cmd = torch.CmdLine()
--   cmd:text('Training a simple network')
--   cmd:option('-seed', 123, 'initial random seed')     -- a number
--   cmd:option('-cuda', false, 'use the GPU')           -- a flag: -cuda flips it
--   cmd:option('-name', 'run', 'experiment name')       -- a string
--   cmd:argument('-data', 'training file')              -- positional
--   local opt = cmd:parse(arg)        -- opt.seed, opt.cuda, opt.name, opt.data
--
-- An option's value is converted to the type of its default (or the type
-- given as option's fourth argument); a boolean option takes no value and
-- flips its default.  -h, -help and --help print the usage and exit(0).  A
-- bad command line (unknown option, missing or ill-typed value, wrong number
-- of arguments) prints the message and the usage and exit(1), as in Torch7;
-- where Torch7 took an unknown "-name" for a positional argument, it is
-- reported as an unknown option here (a negative number is still an
-- argument).  log(file, params) tees everything print()ed into a file, as
-- Torch7 did by replacing the global print.
local torch = require 'torch'

local CmdLine = torch.class('torch.CmdLine')

local function strip(str) return (str:match('^%-*(.*)$')) end
local function pad(str, sz) return str .. string.rep(' ', sz - #str) end

function CmdLine:__init(argseparator, keyseparator)
   self.argseparator = argseparator or ','
   self.keyseparator = keyseparator or '='
   self.options = {}
   self.arguments = {}
   self.helplines = {}
   self.dateformat = nil
   self.silentio = false
end

-- Prints msg (to stderr) and the usage, then exits with status 1.
function CmdLine:error(msg)
   print('')
   io.stderr:write(msg, '\n')
   self:help(self._arg)
   os.exit(1)
end

function CmdLine:silent() self.silentio = true end

-- Lines the log file gets are prefixed with os.date(format) .. '[name]: '.
function CmdLine:addTime(name, format)
   format = format or '%Y-%m-%d %H:%M:%S'
   if type(format) ~= 'string' then error('CmdLine:addTime: the format must be a string', 2) end
   self.dateformat = format .. (name ~= nil and '[' .. tostring(name) .. ']: ' or '')
end

function CmdLine:argument(key, help, type_)
   if type(key) ~= 'string' then error('CmdLine:argument: the name must be a string', 2) end
   if type_ ~= nil and type_ ~= 'string' and type_ ~= 'number' then
      error("CmdLine:argument: type must be 'string' or 'number', got " .. tostring(type_), 2)
   end
   local a = { key = key, help = help, type = type_ }
   self.arguments[#self.arguments + 1] = a
   self.helplines[#self.helplines + 1] = a
end

function CmdLine:option(key, default, help, type_)
   if type(key) ~= 'string' then error('CmdLine:option: the name must be a string', 2) end
   if default == nil then error('option ' .. key .. ' has no default value', 2) end
   type_ = type_ or type(default)
   if type(default) ~= type_ then error('option ' .. key .. ' has wrong default type value', 2) end
   if type_ ~= 'string' and type_ ~= 'number' and type_ ~= 'boolean' then
      error('option ' .. key .. ": type must be 'string', 'number' or 'boolean', got " .. type_, 2)
   end
   local o = { key = key, default = default, help = help, type = type_ }
   self.options[key] = o
   self.helplines[#self.helplines + 1] = o
end

function CmdLine:text(txt)
   txt = txt or ''
   if type(txt) ~= 'string' then error('CmdLine:text: a string expected, got ' .. type(txt), 2) end
   self.helplines[#self.helplines + 1] = txt
end

function CmdLine:default()
   local params = {}
   for key, o in pairs(self.options) do params[strip(key)] = o.default end
   return params
end

function CmdLine:__readArgument__(params, arg, i, n)
   local value = arg[i]
   local a = self.arguments[n]
   if not a then self:error('invalid argument: ' .. tostring(value)) end
   if a.type == 'number' then
      local v = tonumber(value)
      if not v then
         self:error('invalid argument type for argument ' .. a.key .. ' (should be number)')
      end
      value = v
   end
   params[strip(a.key)] = value
   return 1
end

function CmdLine:__readOption__(params, arg, i)
   local key = arg[i]
   local o = self.options[key]
   if not o then self:error('unknown option ' .. tostring(key)) end
   if o.type == 'boolean' then
      params[strip(key)] = not o.default
      return 1
   end
   local value = arg[i + 1]
   if value == nil then self:error('missing argument for option ' .. key) end
   if o.type == 'number' then
      value = tonumber(value)
      if value == nil then
         self:error('invalid type for option ' .. key .. ' (should be number)')
      end
   end
   params[strip(key)] = value
   return 2
end

-- Parses arg (default: the script's arg) into a table of option values.
function CmdLine:parse(arg)
   arg = arg or _G.arg or {}
   self._arg = arg
   local params = self:default()
   local i, n = 1, 0
   while i <= #arg do
      local a = arg[i]
      if a == '-help' or a == '-h' or a == '--help' then
         self:help(arg)
         os.exit(0)
      end
      if self.options[a] then
         i = i + self:__readOption__(params, arg, i)
      elseif type(a) == 'string' and a:sub(1, 1) == '-' and #a > 1 and not tonumber(a) then
         self:error('unknown option ' .. a)
      else
         n = n + 1
         i = i + self:__readArgument__(params, arg, i, n)
      end
   end
   if n ~= #self.arguments then self:error('not enough arguments') end
   return params
end

-- prefix .. ',key=value,...' for the arguments and the options that differ
-- from their default (booleans as t/f), for experiment directory names.
function CmdLine:string(prefix, params, ignore)
   local arguments, options = {}, {}
   prefix = prefix or ''
   ignore = ignore or {}
   local keys = {}
   for k in pairs(params) do keys[#keys + 1] = k end
   table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
   for _, k in ipairs(keys) do
      local v = params[k]
      local o = self.options['-' .. k]
      if ignore[k] then
         print('-- ignore option ' .. k)
      elseif o then
         if v ~= o.default or ignore[k] == false then
            if type(v) == 'boolean' then v = v and 't' or 'f' end
            options[#options + 1] = k .. self.keyseparator .. tostring(v)
            print(k, v, o.default)
         end
      else
         local narg
         for i, a in ipairs(self.arguments) do
            if strip(a.key) == k then narg = i end
         end
         if narg then
            arguments[narg] = k .. self.keyseparator .. tostring(v)
         else
            print('WARNING: unknown option/argument: ' .. k .. ' IGNORING for DIRECTORY NAME')
         end
      end
   end
   table.sort(options)
   local args = {}
   for i = 1, #self.arguments do args[#args + 1] = arguments[i] end
   local str = table.concat(args, self.argseparator)
   local opts = table.concat(options, self.argseparator)
   if str == '' then str = opts elseif opts ~= '' then str = str .. self.argseparator .. opts end
   if str == '' then return prefix end
   return prefix .. self.argseparator .. str
end

-- From now on print() also writes to `file` (a name or an open file), each
-- line prefixed by the addTime stamp; silent() keeps it off the screen.
-- Starts the log with the date and the parameters.
local oprint = nil
function CmdLine:log(file, params)
   local f = io.type(file) == 'file' and file
   if not f then
      local err
      f, err = io.open(file, 'w')
      if not f then error('CmdLine:log: cannot open the log file: ' .. tostring(err), 2) end
   end
   oprint = oprint or print
   local cmd = self
   function print(...)   -- luacheck: ignore (Torch7 replaces the global print)
      local n = select('#', ...)
      local args = { ... }
      if not cmd.silentio then oprint(...) end
      local str = {}
      if cmd.dateformat then str[#str + 1] = os.date(cmd.dateformat) end
      for i = 1, n do str[#str + 1] = tostring(args[i]) end
      str[#str + 1] = '\n'
      f:write(table.concat(str, ' '))
      f:flush()
   end
   print('[program started on ' .. os.date() .. ']')
   print('[command line arguments]')
   if params then
      local keys = {}
      for k in pairs(params) do keys[#keys + 1] = k end
      table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
      for _, k in ipairs(keys) do print(k, params[k]) end
   end
   print('[----------------------]')
end

function CmdLine:help(arg)
   local out = { 'Usage: ' }
   if arg and arg[0] then out[#out + 1] = tostring(arg[0]) .. ' ' end
   out[#out + 1] = '[options]'
   for _, a in ipairs(self.arguments) do out[#out + 1] = ' <' .. strip(a.key) .. '>' end
   out[#out + 1] = '\n'
   local optsz = 0
   for _, o in ipairs(self.helplines) do
      if type(o) == 'table' then
         local len = o.default ~= nil and #o.key or #strip(o.key) + 2
         if len > optsz then optsz = len end
      end
   end
   for _, o in ipairs(self.helplines) do
      if type(o) == 'table' then
         out[#out + 1] = '  '
         if o.default ~= nil then
            out[#out + 1] = pad(o.key, optsz)
            if o.help then out[#out + 1] = ' ' .. o.help end
            out[#out + 1] = ' [' .. tostring(o.default) .. ']'
         else
            out[#out + 1] = pad('<' .. strip(o.key) .. '>', optsz)
            if o.help then out[#out + 1] = ' ' .. o.help end
         end
      else
         out[#out + 1] = o
      end
      out[#out + 1] = '\n'
   end
   io.write(table.concat(out))
   io.flush()
end

return CmdLine
