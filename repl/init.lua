-- repl/init.lua — the Lua half of the lantern prompt: printing results,
-- tab completion, `?name` help and `:` commands.
--
-- repl/lantern.c reads and compiles the input and calls three functions of
-- this table: results(show, seconds, ...) after each statement, complete(word)
-- on TAB and command(line) for a line starting with `?` or `:`.  The C side
-- sets `color` (stdout is a terminal and NO_COLOR is unset).
--
-- Printing: tensors and storages print in Torch7's format (their tostring),
-- anything with a __tostring (nn modules, torch classes) through it, and
-- plain tables as an indented listing, sorted by key, cut at `maxdepth`
-- levels and `maxitems` entries per table so that printing a big or
-- cyclic table never floods the terminal.  Completion walks the value
-- before the last `.` or `:` through its metatables' __index tables (and
-- for tensors the type's method table), so `t:` lists a tensor's methods and
-- `model.` a module's fields.
local M = {
   color = false,
   timing = false,
   maxdepth = 3,     -- table levels printed before "{...}"
   maxitems = 40,    -- entries per table printed before "... (n more)"
}

local torch = require 'torch'

-- Captured now, so that a user who assigns to `type`, `pairs`, `io` ... at
-- the prompt does not break printing and completion.
local pairs, ipairs, type, tostring, select, pcall, rawget, rawset, rawlen, rawequal, getmetatable =
   pairs, ipairs, type, tostring, select, pcall, rawget, rawset, rawlen, rawequal, getmetatable
local format_str, concat, sort, min = string.format, table.concat, table.sort, math.min
local stdout, searchpath, require = io.stdout, package.searchpath, require
local _G = _G

-- ------------------------------------------------------------- printing
local COLORS = {
   number = '\27[36m', string = '\27[32m', boolean = '\27[35m', ['nil'] = '\27[35m',
   ['function'] = '\27[33m', userdata = '\27[33m', thread = '\27[33m', key = '\27[1m',
   dim = '\27[2m',
}
local RESET = '\27[0m'

local function paint(kind, s)
   if not M.color then return s end
   return (COLORS[kind] or '') .. s .. RESET
end

local function typename(v)
   local ok, n = pcall(torch.typename, v)
   return ok and n or nil
end

local function is_tensorlike(v)
   return torch.isTensor(v) or torch.isStorage(v)
end

local function has_tostring(v)
   local mt = getmetatable(v)
   return type(mt) == 'table' and rawget(mt, '__tostring') ~= nil
end

local function shortsize(t)
   if torch.isStorage(t) then return tostring(t:size()) end
   if t:dim() == 0 then return 'empty' end
   local s = {}
   for i = 1, t:dim() do s[i] = t:size(i) end
   return concat(s, 'x')
end

local function keyorder(a, b)
   local ta, tb = type(a), type(b)
   if ta ~= tb then
      if ta == 'number' then return true end
      if tb == 'number' then return false end
      return ta < tb
   end
   if ta == 'number' or ta == 'string' then return a < b end
   return tostring(a) < tostring(b)
end

local function keytext(k)
   if type(k) == 'string' and k:match('^[%a_][%w_]*$') then return k end
   if type(k) == 'string' then return format_str('%q', k) end
   return tostring(k)
end

-- One value as text.  top: a string prints raw (as print would) only at the
-- top level; inside tables it is quoted.
local format

local function format_table(t, depth, indent, seen)
   if seen[t] then return paint('dim', '<cycle: ' .. tostring(t) .. '>') end
   local keys, n = {}, 0
   for k in pairs(t) do
      n = n + 1
      keys[n] = k
   end
   if n == 0 then return '{}' end
   if depth >= M.maxdepth then
      return paint('dim', '{...}') .. format_str(' (%d %s)', n, n == 1 and 'entry' or 'entries')
   end
   sort(keys, keyorder)
   seen[t] = true
   -- a short array of scalars fits on one line
   local len = rawlen(t)
   if len == n and n <= 16 then
      local simple, parts = true, {}
      for i = 1, n do
         local v = rawget(t, i)
         local tv = type(v)
         if tv == 'table' or tv == 'userdata' then
            simple = false
            break
         end
         parts[i] = format(v, depth + 1, indent, seen)
      end
      if simple then
         local line = '{' .. concat(parts, ', ') .. '}'
         if #line <= 78 - #indent then
            seen[t] = nil
            return line
         end
      end
   end
   local inner = indent .. '  '
   local lines = { '{' }
   for i = 1, min(n, M.maxitems) do
      local k = keys[i]
      lines[#lines + 1] = inner .. paint('key', keytext(k)) .. ' : '
         .. format(rawget(t, k), depth + 1, inner, seen)
   end
   if n > M.maxitems then
      lines[#lines + 1] = inner .. paint('dim', format_str('... (%d more)', n - M.maxitems))
   end
   lines[#lines + 1] = indent .. '}'
   seen[t] = nil
   return concat(lines, '\n')
end

format = function(v, depth, indent, seen, top)
   local tv = type(v)
   if is_tensorlike(v) then
      if depth > 0 then   -- inside a table: the type and size only
         return paint('dim', typename(v) .. ' - size: ' .. shortsize(v))
      end
      return (tostring(v):gsub('^\n', ''):gsub('\n$', ''))
   end
   if tv == 'string' then
      if top then return v end
      return paint('string', format_str('%q', v):gsub('\\\n', '\\n'))
   end
   if tv == 'number' or tv == 'boolean' or tv == 'nil' then return paint(tv, tostring(v)) end
   if has_tostring(v) or (tv == 'table' and typename(v)) then
      local ok, s = pcall(tostring, v)
      local tn = typename(v)
      if tv == 'table' and tn and ok and s == tn .. ': ' .. format_str('%p', v) then
         -- a class instance without __tostring__: its fields, under its type
         return tn .. ' ' .. format_table(v, depth, indent, seen)
      end
      if ok and type(s) == 'string' then
         if indent ~= '' then s = s:gsub('\n', '\n' .. indent) end
         return s
      end
   end
   if tv == 'table' then return format_table(v, depth, indent, seen) end
   local ok, s = pcall(tostring, v)
   if not ok or type(s) ~= 'string' then
      s = format_str('%s: %p (its __tostring failed: %s)', tv, v, tostring(s))
   end
   return paint(tv, s)
end

-- The text auto-print shows for the values of one statement.
function M.show(...)
   local n = select('#', ...)
   local parts, multiline = {}, false
   for i = 1, n do
      local s = format((select(i, ...)), 0, '', {}, true)
      parts[i] = s
      if s:find('\n') then multiline = true end
   end
   return concat(parts, multiline and '\n' or '\t')
end

-- Called after each statement: its values (printed when `show`), and the
-- seconds it took.  The first non-nil value is kept in `_`.
function M.results(show, seconds, ...)
   local n = select('#', ...)
   if n > 0 and (...) ~= nil then rawset(_G, '_', (...)) end
   if show and n > 0 then
      stdout:write(M.show(...), '\n')
   end
   if M.timing then
      stdout:write(paint('dim', format_str('[%s]', M.duration(seconds))), '\n')
   end
   stdout:flush()
end

function M.duration(s)
   if s < 1e-3 then return format_str('%.1f us', s * 1e6) end
   if s < 1 then return format_str('%.2f ms', s * 1e3) end
   return format_str('%.3f s', s)
end

-- ------------------------------------------------------------ completion
local KEYWORDS = {
   'and', 'break', 'do', 'else', 'elseif', 'end', 'false', 'for', 'function', 'goto', 'if',
   'in', 'local', 'nil', 'not', 'or', 'repeat', 'return', 'then', 'true', 'until', 'while',
}
local LAZY = { 'nn', 'optim', 'gnuplot', 'paths', 'xlua', 'image', 'dataset' }

-- The method table of a torch type: torch.DoubleTensor for a DoubleTensor.
local function class_table(v)
   local name = typename(v)
   if not name then return nil end
   local t = _G
   for part in name:gmatch('[^.]+') do
      if type(t) ~= 'table' then return nil end
      t = rawget(t, part)
   end
   return type(t) == 'table' and t or nil
end

-- Keys of v reachable by indexing: its own (for tables), its metatables'
-- __index tables, and for torch userdata the type's method table.
local function fields(v, methods_only)
   local out, visited = {}, {}
   local function add(t)
      if type(t) ~= 'table' or visited[t] then return end
      visited[t] = true
      for k, val in pairs(t) do
         if type(k) == 'string' and (not methods_only or type(val) == 'function'
               or (type(val) == 'table' and getmetatable(val) and getmetatable(val).__call)) then
            out[k] = true
         end
      end
   end
   local function chain(x)
      local guard = 0
      while x ~= nil and guard < 32 do
         guard = guard + 1
         local mt = getmetatable(x)
         if type(mt) ~= 'table' then return end
         local idx = rawget(mt, '__index')
         if type(idx) ~= 'table' then return end
         add(idx)
         x = idx
      end
   end
   if type(v) == 'table' then add(v) end
   chain(v)
   local cls = class_table(v)
   if cls and not rawequal(cls, v) then
      add(cls)
      chain(cls)
   end
   return out
end

local function resolve(path)
   local v = _G
   for name in path:gmatch('[^.:]+') do
      local ok, r = pcall(function() return v[name] end)
      if not ok or r == nil then return nil end
      v = r
   end
   return v
end

-- Candidates for the word before the cursor: "pri", "torch.ze", "t:ad".
function M.complete(word)
   local out, seen = {}, {}
   local function offer(s)
      if not seen[s] then
         seen[s] = true
         out[#out + 1] = s
      end
   end
   local prefix, sep, partial = word:match('^(.-)([.:])([%w_]*)$')
   if not prefix then
      if not word:match('^[%a_]?[%w_]*$') then return out end
      local names = fields(_G, false)
      for _, k in ipairs(LAZY) do
         if rawget(_G, k) == nil and searchpath(k, package.path) then names[k] = true end
      end
      for _, k in ipairs(KEYWORDS) do names[k] = true end
      for k in pairs(names) do
         if k:sub(1, #word) == word and k:match('^[%a_][%w_]*$')
               and (k:sub(1, 1) ~= '_' or word:sub(1, 1) == '_') then
            offer(k)
         end
      end
   else
      if not prefix:match('^[%a_][%w_]*$') and not prefix:match('^[%a_][%w_.:]*[%w_]$') then
         return out
      end
      local v = resolve(prefix)
      if v == nil then return out end
      for k in pairs(fields(v, sep == ':')) do
         if k:sub(1, #partial) == partial and k:match('^[%a_][%w_]*$')
               and (k:sub(1, 1) ~= '_' or partial:sub(1, 1) == '_') then
            offer(prefix .. sep .. k)
         end
      end
   end
   sort(out)
   return out
end

-- ---------------------------------------------------------- commands
local USAGE = [[
Commands at the prompt (lines starting with ? or :):
  ?name            help on a function or class, e.g. ?torch.mm, ?nn.Linear
  ?                this text
  help(f)          the same for a value: help(torch.mm), help(x.narrow)
  :time on|off     print how long each statement took (:time toggles)
  :help            this text
Input: an expression prints its values (a trailing ; prints nothing); the
first value is kept in _.  Each input is its own chunk: a `local` lasts
only for that input, so keep results in globals.  Unfinished input (a function body, a table, a
long string) continues on a ">>" line.  TAB completes names, fields,
t: methods and file names inside a string.  Ctrl-C interrupts the running
statement (or clears the line), Ctrl-D exits.  History is kept in
~/.lantern_history (LANTERN_HISTORY); ~/.lanternrc (LANTERN_RC) runs at
start-up.]]

M.usage = USAGE

function M.command(line)
   line = line:gsub('^%s+', ''):gsub('%s+$', '')
   if line:sub(1, 1) == '?' then
      local name = line:sub(2):gsub('^%s+', '')
      local help = require 'torch.help'
      if name == '' then
         stdout:write(USAGE, '\n\n', help.usage, '\n')
      else
         help.help(name)
      end
      return
   end
   local cmd, rest = line:match('^:(%a*)%s*(.-)$')
   if cmd == 'time' then
      if rest == 'on' then M.timing = true
      elseif rest == 'off' then M.timing = false
      elseif rest == '' then M.timing = not M.timing
      else error("usage: :time [on|off]", 0) end
      stdout:write('timing ', M.timing and 'on' or 'off', '\n')
   elseif cmd == 'help' or cmd == 'h' then
      stdout:write(USAGE, '\n')
   else
      error(format_str("unknown command ':%s' (:help lists the commands)", cmd or ''), 0)
   end
end

-- help() as a global at the prompt (and `?` through command above).
rawset(_G, 'help', function(...) return require('torch.help').help(...) end)

return M
