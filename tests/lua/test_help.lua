-- The help system (torch/help.lua) and the completeness of the torch
-- module's help texts (torch/doc/*.lua): every public function of torch,
-- every method of every tensor and storage type and of torch's classes
-- must have an entry, and every entry must name something that exists.
local help = require 'torch.help'
local tester = torch.Tester()
local tests = torch.TestSuite()

local TYPES = { 'Byte', 'Char', 'Short', 'Int', 'Long', 'Float', 'Double' }

local function public(k) return type(k) == 'string' and k:sub(1, 1) ~= '_' end

local function check_entry(name, what)
   local e, canon = help.lookup(name)
   if not tester:assert(e ~= nil, 'no help entry for ' .. name .. ' (' .. what .. ')') then
      return
   end
   tester:assert(type(e.sig) == 'string' and #e.sig > 0, canon .. ': no signature')
   tester:assert(type(e.text) == 'string' and #e.text > 20, canon .. ': no description')
end

function tests.every_torch_function_has_help()
   local n = 0
   for k, v in pairs(torch) do
      if public(k) and type(v) == 'function' then
         check_entry('torch.' .. k, 'a torch function')
         n = n + 1
      end
   end
   tester:assertgt(n, 100, 'the torch table was enumerated')
end

function tests.every_torch_class_has_help()
   for k, v in pairs(torch) do
      if public(k) and type(v) == 'table' then check_entry('torch.' .. k, 'a torch class') end
   end
end

function tests.every_tensor_and_storage_method_has_help()
   local n = 0
   for _, ty in ipairs(TYPES) do
      for k, v in pairs(torch[ty .. 'Tensor']) do
         if public(k) and type(v) == 'function' then
            check_entry('torch.' .. ty .. 'Tensor.' .. k, 'a method of ' .. ty .. 'Tensor')
            n = n + 1
         end
      end
      for k, v in pairs(torch[ty .. 'Storage']) do
         if public(k) and type(v) == 'function' then
            check_entry('torch.' .. ty .. 'Storage.' .. k, 'a method of ' .. ty .. 'Storage')
         end
      end
   end
   tester:assertgt(n, 7 * 100, 'the methods were enumerated')
end

function tests.every_class_method_has_help()
   local classes = {
      Timer = torch.Timer,
      Generator = getmetatable(torch.Generator()).__index,
      Tester = torch.getmetatable('torch.Tester'),
      CmdLine = torch.getmetatable('torch.CmdLine'),
   }
   for cls, methods in pairs(classes) do
      tester:eq(type(methods), 'table', cls .. ' has a method table')
      for k, v in pairs(methods) do
         if public(k) and type(v) == 'function' then
            check_entry('torch.' .. cls .. '.' .. k, 'a method of torch.' .. cls)
         end
      end
   end
end

-- No stale entries: each documented name exists.
function tests.every_entry_names_something_real()
   local function exists(name)
      local path = name:gsub('^torch%.Tensor%.', 'torch.DoubleTensor.')
                       :gsub('^torch%.Storage%.', 'torch.DoubleStorage.')
                       :gsub('^torch%.Generator%.(%a+)$', function(m)
                          return m == 'new' and 'torch.Generator.new' or 'torch.' .. m
                       end)
      local v = _G
      for part in path:gmatch('[^.]+') do
         if type(v) ~= 'table' then return false end
         local nv = rawget(v, part)
         if nv == nil and getmetatable(v) and type(getmetatable(v).__index) == 'table' then
            nv = getmetatable(v).__index[part]
         end
         if nv == nil then
            local ok, mt = pcall(torch.getmetatable, path:match('^(.*)%.[^.]+$'))
            if ok and type(mt) == 'table' then nv = mt[part] end
         end
         v = nv
      end
      if v ~= nil then return true end
      -- fields a tensor answers through __index rather than methods
      if name == 'torch.Tensor.grad' then return torch.Tensor(1).grad == nil end
      local meth = name:match('^torch%.Tensor%.(.+)$')   -- a method of some type only
      for _, ty in ipairs(TYPES) do
         if meth and torch[ty .. 'Tensor'][meth] then return true end
      end
      return false
   end
   local n = 0
   for name, e in pairs(help.entries('torch')) do
      n = n + 1
      tester:assert(exists(name), 'the help entry ' .. name .. ' names nothing that exists')
      tester:eq(type(e), 'table', name)
      tester:assert(e.text:match('%.$') ~= nil, name .. ': the description ends with a full stop')
   end
   tester:assertgt(n, 200)
end

-- ------------------------------------------------------------ look-ups
function tests.lookup_by_name_and_value()
   local s = help.text('torch.mm')
   tester:eq(s:match('^[^\n]*'), 'torch.mm([res,] m1, m2) or res:mm(m1, m2)')
   tester:eq(help.text(torch.mm), s, 'help(value) finds the same entry')
   tester:eq(help.text('torch.mm()'), s, 'a trailing () is ignored')
   tester:eq(help.text('mm'), s, 'a short name finds its only entry')
   local x = torch.rand(3)
   tester:eq(help.text(x.narrow), help.text('torch.narrow'), 'a method by value')
   tester:eq(help.text('torch.FloatTensor.narrow'), help.text('torch.narrow'))
   tester:eq(help.text('torch.Tensor.add'), help.text('torch.add'), 'methods share torch.X')
   tester:eq(help.text(x.fill), help.text('torch.Tensor.fill'))
   tester:eq(help.text(x), help.text('torch.Tensor'), 'an instance gives its class')
   tester:eq(help.text('torch.FloatTensor'), help.text('torch.Tensor'))
   tester:eq(help.text(torch.Tester().eq), help.text('torch.Tester.eq'))
   tester:eq(help.text(torch.Generator().uniform), help.text('torch.uniform'))
   tester:eq(help.text(torch.IntStorage.fill), help.text('torch.Storage.fill'))
   tester:eq(help.text(), help.usage)
   tester:assert(help.text():find('?torch.mm', 1, true) ~= nil, 'usage names an example')
end

function tests.unknown_names()
   local s, err = help.text('torch.nosuch')
   tester:eq(s, nil)
   tester:eq(err, "no help for 'torch.nosuch' (try ?torch.mm, or ? for how to use help)")
   s, err = help.text(print)
   tester:eq(s, nil)
   tester:eq(err, 'no help for this function: it is not a public function or class of torch, '
      .. 'nn, optim, gnuplot, paths, xlua, dataset, text (help(name) also takes a name)')
   s = help.text('sum')
   tester:assert(s:find('torch.sum', 1, true) ~= nil, 'a unique short name')
end

function tests.wraps_to_the_width()
   for line in help.text('torch.Tensor'):gmatch('[^\n]+') do
      tester:assertle(#line, help.width, 'line too long: ' .. line)
   end
end

-- Inherited methods find the entry of the class that documents them.
function tests.inherited_methods()
   local dir = os.tmpname()
   os.remove(dir)
   os.execute('mkdir -p ' .. dir .. '/inhpkg/doc')
   local f = assert(io.open(dir .. '/inhpkg/doc/init.lua', 'w'))
   f:write("return { 'a' }")
   f:close()
   f = assert(io.open(dir .. '/inhpkg/doc/a.lua', 'w'))
   f:write("return { ['inhpkg.Base.go'] = { sig = 'm:go()', text = 'Goes.' } }")
   f:close()
   local oldpath = package.path
   package.path = dir .. '/?.lua;' .. dir .. '/?/init.lua;' .. package.path
   package.loaded.inhpkg = {}
   local Base = torch.class('inhpkg.Base')
   function Base:go() end
   torch.class('inhpkg.Child', 'inhpkg.Base')
   torch.class('inhpkg.Grandchild', 'inhpkg.Child')
   local e, name = help.lookup('inhpkg.Grandchild.go')
   package.path = oldpath
   os.execute('rm -rf ' .. dir)
   tester:eq(name, 'inhpkg.Base.go')
   tester:eq(e and e.text, 'Goes.')
   tester:eq(help.lookup('inhpkg.Grandchild.nosuch'), nil)
end

-- Packages without docs are skipped; a broken doc file is reported, once.
function tests.missing_and_broken_docs()
   tester:eq(help.entries('nosuchpackage'), nil)
   local dir = os.tmpname()
   os.remove(dir)
   os.execute('mkdir -p ' .. dir .. '/brokenpkg/doc')
   local function write(name, text)
      local f = assert(io.open(dir .. '/brokenpkg/doc/' .. name, 'w'))
      f:write(text)
      f:close()
   end
   write('init.lua', "return { 'good', 'bad', 'absent' }")
   write('good.lua', "return { ['brokenpkg.f'] = { sig = 'brokenpkg.f()', text = 'Does f.' } }")
   write('bad.lua', "return { oops")
   local oldpath, oldwarn = package.path, help.warn
   local warnings = {}
   help.warn = function(msg) warnings[#warnings + 1] = msg end
   package.path = dir .. '/?.lua;' .. dir .. '/?/init.lua;' .. package.path
   local e = help.entries('brokenpkg')
   help.entries('brokenpkg')
   package.path, help.warn = oldpath, oldwarn
   os.execute('rm -rf ' .. dir)
   tester:eq(e['brokenpkg.f'].text, 'Does f.', 'the good area loaded')
   tester:eq(#warnings, 1, 'the broken area reported once')
   tester:assert(warnings[1]:find('bad.lua', 1, true) ~= nil, 'the message names the file')
end

tester:add(tests)
tester:run()
