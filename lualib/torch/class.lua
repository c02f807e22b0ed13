-- torch/class.lua — Torch7's class system: torch.class and the type helpers.
--
-- torch.class('nn.Linear', 'nn.Module') returns (class, parent): the class
-- metatable, where methods live, and the parent's.  Instances are tables
-- whose metatable is the class; the class's own metatable points __index at
-- the parent's class, so methods are inherited.  `nn.Linear` (the
-- constructor table) builds instances: a new table, the metatable, then
-- `__init(...)`.  Metamethods are found through inheritance the Torch7
-- way: a class defines `__tostring__`, `__call__`, `__add__`, ... and every
-- class metatable carries dispatchers that look them up along the chain.
local torch = require 'torch'

local classes = {}           -- name -> class metatable (Lua classes)
local ctors = {}             -- name -> constructor table

local function lookup(mt, key)   -- walk the inheritance chain
   while mt do
      local v = rawget(mt, key)
      if v ~= nil then return v end
      local up = getmetatable(mt)
      mt = up and rawget(up, '__index')
      if type(mt) ~= 'table' then return nil end
   end
end

local function dispatcher(event)
   local user = event .. '__'
   return function(a, ...)
      local mt = getmetatable(a)
      local f = mt and lookup(mt, user)
      if not f then
         local b = ...
         mt = getmetatable(b)
         f = mt and lookup(mt, user)
      end
      if not f then
         -- what Lua itself does without a metamethod: identity and raw length
         if event == '__eq' then return rawequal(a, (...)) end
         if event == '__len' then return rawlen(a) end
         error(string.format("attempt to perform '%s' on a %s (it defines no %s)",
                             event:sub(3), torch.type(a), user), 2)
      end
      return f(a, ...)
   end
end

local EVENTS = { '__add', '__sub', '__mul', '__div', '__mod', '__pow', '__unm', '__concat',
                 '__eq', '__lt', '__le', '__len', '__call' }

local function tostring_dispatch(self)
   local f = lookup(getmetatable(self), '__tostring__')
   if f then return f(self) end
   return string.format('%s: %s', torch.typename(self) or 'object', string.format('%p', self))
end

function torch.class(name, parentName, module)
   if type(name) ~= 'string' then error('torch.class: class name (string) expected', 2) end
   if parentName ~= nil and type(parentName) ~= 'string' then
      module, parentName = parentName, nil
   end
   if classes[name] then error(string.format("torch.class: class '%s' already exists", name), 2) end
   local parent
   if parentName then
      parent = classes[parentName] or torch.getmetatable(parentName)
      if not parent then
         error(string.format("torch.class: parent class '%s' does not exist", parentName), 2)
      end
   end
   local mt = { __typename = name }
   mt.__index = mt
   mt.__tostring = tostring_dispatch
   for _, e in ipairs(EVENTS) do mt[e] = dispatcher(e) end
   if parent then setmetatable(mt, { __index = parent }) end
   classes[name] = mt

   local ctor = setmetatable({}, {
      __index = mt,
      __newindex = mt,
      __call = function(_, ...)
         local self = setmetatable({}, mt)
         local init = self.__init
         if init then init(self, ...) end
         return self
      end,
      __typename = name,
      __tostring = function() return 'torch.class ' .. name end,
   })
   ctors[name] = ctor

   -- publish: module.Name; else into the loaded package of that name
   -- (package.loaded.nn for 'nn.Linear'), else the dotted path from the
   -- globals, created if absent
   local pkg, short = name:match('^(.*)%.([^.]+)$')
   if module then
      module[short or name] = ctor
   elseif pkg and type(package.loaded[pkg]) == 'table' then
      rawset(package.loaded[pkg], short, ctor)
   elseif pkg then
      local t = _G
      for part in pkg:gmatch('[^.]+') do
         if t[part] == nil then rawset(t, part, {}) end
         t = t[part]
         if type(t) ~= 'table' then
            error(string.format("torch.class: '%s' is not a table", pkg), 2)
         end
      end
      rawset(t, short, ctor)
   else
      rawset(_G, name, ctor)
   end
   return mt, parent
end

-- class metatable for a name (Lua classes and the C tensor/storage types)
function torch.getmetatable(name)
   if classes[name] then return classes[name] end
   local mt = debug.getregistry()[name]
   if type(mt) == 'table' and rawget(mt, '__typename') == name then return mt end
   return nil
end

function torch.getconstructortable(name)
   if ctors[name] then return ctors[name] end
   local pkg, short = name:match('^torch%.(%a+)$')
   if pkg and torch[pkg] then return torch[pkg] end
   return nil
end

function torch.setmetatable(obj, name)
   local mt = torch.getmetatable(name)
   if not mt then error(string.format("torch.setmetatable: unknown class '%s'", tostring(name)), 2) end
   return setmetatable(obj, mt)
end

function torch.factory(name)
   local mt = torch.getmetatable(name)
   if not mt then return nil end
   return function() return setmetatable({}, mt) end
end

function torch.typename(obj)
   local mt = getmetatable(obj)
   if type(mt) == 'table' then
      local n = rawget(mt, '__typename')
      if type(n) == 'string' then return n end
   end
   return nil
end

function torch.type(obj)
   return torch.typename(obj) or type(obj)
end

-- Is obj an instance of typeSpec (a class name, a pattern-free string, or a
-- constructor table), through inheritance?
function torch.isTypeOf(obj, typeSpec)
   if type(typeSpec) == 'table' then
      local mt = getmetatable(typeSpec)
      typeSpec = mt and rawget(mt, '__typename')
   end
   if type(typeSpec) ~= 'string' then error('torch.isTypeOf: type name expected', 2) end
   local mt = getmetatable(obj)
   while type(mt) == 'table' do
      if rawget(mt, '__typename') == typeSpec then return true end
      local up = getmetatable(mt)
      mt = up and rawget(up, '__index')
   end
   return false
end

function torch.isClass(name) return classes[name] ~= nil end
