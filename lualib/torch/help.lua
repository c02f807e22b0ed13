-- torch/help.lua — the help system behind `?name` and help(value).
--
-- Help texts live beside each package, in lualib/<pkg>/doc/<area>.lua, each
-- returning a table keyed by the full public name:
--
--   { ['torch.mm'] = { sig = 'torch.mm([res,] a, b)', text = '...' }, ... }
--
-- and lualib/<pkg>/doc/init.lua lists the areas: return { 'tensor', 'math' }.
-- Nothing is read until help is asked for; then a package's areas load
-- once.  A package or doc file that does not exist is skipped quietly (the
-- package may not be installed); one that fails to load is reported once.
--
-- Names: methods that also exist as torch functions share one entry (x:add
-- finds 'torch.add'); methods of every tensor type are documented once as
-- 'torch.Tensor.<name>' (torch.FloatTensor.narrow finds it), storages as
-- 'torch.Storage.<name>'.  help(value) maps a function or class back to
-- its name by scanning the loaded packages.
local M = {}

M.packages = { 'torch', 'nn', 'optim', 'gnuplot', 'paths', 'xlua', 'dataset', 'text' }
M.width = 78

M.usage = [[
Help: ?name or help(name) prints the signature and description of a
function or class, e.g. ?torch.mm, ?torch.Tensor.narrow, ?nn.Linear; help(f)
does the same for a value (help(torch.mm), help(x.add)).  A name without
its package (?mm) finds every entry of that name.  Arguments in [ ] are
optional; [res,] is a result tensor to reuse.]]

local loaded = {}     -- pkg -> entries table (false when the package has no docs)
local warned = {}

-- How a broken doc file is reported (once); tests replace it.
function M.warn(msg) io.stderr:write('help: ', msg, '\n') end

local function warn(msg)
   if not warned[msg] then
      warned[msg] = true
      M.warn(msg)
   end
end

-- The entries of one package, loading its doc files the first time.
function M.entries(pkg)
   if loaded[pkg] ~= nil then return loaded[pkg] or nil end
   loaded[pkg] = false
   local index = package.searchpath(pkg .. '.doc', package.path)
   if not index then return nil end
   local ok, areas = pcall(dofile, index)
   if not ok or type(areas) ~= 'table' then
      warn(string.format('cannot read %s: %s', index, tostring(areas)))
      return nil
   end
   local all = {}
   for _, area in ipairs(areas) do
      local file = package.searchpath(pkg .. '.doc.' .. area, package.path)
      if file then
         local okf, t = pcall(dofile, file)
         if okf and type(t) == 'table' then
            for k, v in pairs(t) do all[k] = v end
         else
            warn(string.format('cannot read %s: %s', file, tostring(t)))
         end
      end
   end
   loaded[pkg] = all
   return all
end

-- The entry for a full name, trying the shared forms; returns entry, name.
function M.lookup(name)
   if type(name) ~= 'string' then return nil end
   local pkg = name:match('^([%w_]+)%.')
   local function get(n)
      local p = n:match('^([%w_]+)%.') or n
      local e = M.entries(p)
      return e and e[n]
   end
   local e = get(name)
   if e then return e, name end
   -- an inherited method: nn.Linear.forward -> nn.Module.forward
   local torch = package.loaded.torch
   local cls, meth = name:match('^([%w_.]+)%.([%w_]+)$')
   local ok, mt = false, nil
   if cls and torch then ok, mt = pcall(torch.getmetatable, cls) end
   if ok and type(mt) == 'table' then
      for _ = 1, 64 do
         local up = getmetatable(mt)
         mt = type(up) == 'table' and rawget(up, '__index') or nil
         if type(mt) ~= 'table' then break end
         local pname = rawget(mt, '__typename')
         if type(pname) ~= 'string' then break end
         e = get(pname .. '.' .. meth)
         if e then return e, pname .. '.' .. meth end
      end
   end
   if pkg == 'torch' then
      -- torch.FloatTensor.narrow -> torch.Tensor.narrow; torch.Tensor.add -> torch.add
      local meth = name:match('^torch%.%a*Tensor%.([%w_]+)$')
      if meth then
         e = get('torch.Tensor.' .. meth)
         if e then return e, 'torch.Tensor.' .. meth end
         e = get('torch.' .. meth)
         if e then return e, 'torch.' .. meth end
      end
      local smeth = name:match('^torch%.%a*Storage%.([%w_]+)$')
      if smeth then
         e = get('torch.Storage.' .. smeth)
         if e then return e, 'torch.Storage.' .. smeth end
      end
      local gmeth = name:match('^torch%.Generator%.([%w_]+)$')
      if gmeth then
         e = get('torch.' .. gmeth)
         if e then return e, 'torch.' .. gmeth end
      end
      local short = name:match('^torch%.([%w_]+)$')
      if short then
         e = get('torch.Tensor.' .. short)
         if e then return e, 'torch.Tensor.' .. short end
         if short:match('^%a+Tensor$') then return get('torch.Tensor'), 'torch.Tensor' end
         if short:match('^%a+Storage$') then return get('torch.Storage'), 'torch.Storage' end
      end
   end
   return nil
end

-- Every entry whose last component is `short` (for ?mm).
function M.find(short)
   local out = {}
   for _, pkg in ipairs(M.packages) do
      local e = M.entries(pkg)
      if e then
         for k in pairs(e) do
            if k == short or k:sub(-#short - 1) == '.' .. short then out[#out + 1] = k end
         end
      end
   end
   table.sort(out)
   return out
end

-- The public name of a value, scanning the loaded packages.
local function scan_name(value)
   local best
   local function consider(n)
      if not best or #n < #best or (#n == #best and n < best) then best = n end
   end
   for _, pkg in ipairs(M.packages) do
      local t = package.loaded[pkg]
      if type(t) == 'table' then
         if rawequal(t, value) then return pkg end
         for k, v in pairs(t) do
            if rawequal(v, value) and type(k) == 'string' then consider(pkg .. '.' .. k) end
         end
      end
   end
   if best then return best end
   -- methods of classes: torch.DoubleTensor.add -> torch.Tensor.add (by
   -- lookup), torch.Tester.eq, nn.Linear.forward
   local torch = package.loaded.torch
   if not torch then return nil end
   for _, pkg in ipairs(M.packages) do
      local t = package.loaded[pkg]
      if type(t) == 'table' then
         local names = {}
         for k, v in pairs(t) do
            if type(k) == 'string' and (type(v) == 'table' or type(v) == 'userdata') then
               names[#names + 1] = k
            end
         end
         table.sort(names)
         for _, k in ipairs(names) do
            local full = pkg .. '.' .. k
            local ok, mt = pcall(torch.getmetatable, full)
            for _, tbl in ipairs { ok and type(mt) == 'table' and mt or {}, type(t[k]) == 'table' and t[k] or {} } do
               for m, v in pairs(tbl) do
                  if rawequal(v, value) and type(m) == 'string' then
                     local _, canon = M.lookup(full .. '.' .. m)
                     consider(canon or full .. '.' .. m)
                  end
               end
            end
         end
      end
   end
   if best then return best end
   return nil
end

function M.name_of(value)
   if type(value) == 'string' then return value end
   local n = scan_name(value)
   if n then return n end
   local torch = package.loaded.torch
   if torch and (type(value) == 'table' or type(value) == 'userdata') then
      local ok, tn = pcall(torch.typename, value)   -- an instance: its class
      if ok and tn then return tn end
   end
   return nil
end

local function wrap(text, width)
   local out, line = {}, ''
   for para in (text .. '\n\n'):gmatch('(.-)\n\n') do
      for word in para:gmatch('%S+') do
         if line ~= '' and #line + 1 + #word > width then
            out[#out + 1] = line
            line = word
         else
            line = line == '' and word or line .. ' ' .. word
         end
      end
      if line ~= '' then out[#out + 1] = line end
      out[#out + 1] = ''
      line = ''
   end
   while out[#out] == '' do out[#out] = nil end
   return table.concat(out, '\n')
end

-- The help text for a name or value (nil, message when there is none).
function M.text(x)
   if x == nil or x == 'help' or rawequal(x, rawget(_G, 'help')) then return M.usage end
   local name = M.name_of(x)
   if not name then
      return nil, string.format('no help for this %s: it is not a public function or class of '
         .. '%s (help(name) also takes a name)', type(x), table.concat(M.packages, ', '))
   end
   name = name:gsub('^%s+', ''):gsub('%s+$', ''):gsub('%(%)$', '')
   local e, full = M.lookup(name)
   if e then
      return wrap(e.sig or full, M.width) .. '\n\n' .. wrap(e.text or '', M.width)
   end
   if not name:find('[.:]') then
      local hits = M.find(name)
      if #hits == 1 then return M.text(hits[1]) end
      if #hits > 1 then
         return 'several entries are called ' .. name .. ': ' .. table.concat(hits, ', ')
      end
   end
   local meth = name:match('^[%w_.]+:([%w_]+)$')   -- ?x:narrow
   if meth then return M.text('torch.Tensor.' .. meth) end
   return nil, string.format("no help for '%s' (try ?torch.mm, or ? for how to use help)", name)
end

function M.help(x)
   local s, err = M.text(x)
   io.write(s or err, '\n')
   io.flush()
end

return M
