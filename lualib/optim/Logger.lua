-- optim/Logger.lua — optim.Logger, Torch7's training log: a text file of
-- values (one tab-separated column per name) and plots of them through
-- the gnuplot module.
--
--   local logger = optim.Logger('results/train.log')
--   logger:setNames{'train loss', 'test loss'}
--   for epoch = 1, n do ...; logger:add{trainLoss, testLoss} end
--   logger:style{'-', '-'}
--   logger:plot()
--
-- The file is Torch7's: a header of names each followed by a tab, then one
-- row per add, numbers as '%11.4e' and strings as they are, each followed
-- by a tab; it is flushed after every row.  add{name = value} (without
-- setNames) takes the names from the first call, sorted so the columns do
-- not depend on table order.  plot() draws on one figure that it keeps
-- (one gnuplot process for the logger's life, not one per call) and, when
-- the logger writes a file, keeps <file>.eps up to date through a second,
-- equally long-lived file figure.
--
-- Required directly (require 'optim.Logger') it works on its own: it
-- returns the class and, as Torch7 did, publishes it as optim.Logger in
-- the optim package (loaded first when it is installed), else in the
-- global optim table (made if absent, never registered as the package).
local torch = require 'torch'

-- The optim package when there is one (loading it does not load this
-- file: it finds optim.Logger lazily), so that a script that requires
-- 'optim.Logger' first still gets the whole optim as its global.
local optim = package.loaded.optim
if type(optim) ~= 'table' then
   local ok, pkg = pcall(require, 'optim')
   optim = ok and type(pkg) == 'table' and pkg or rawget(_G, 'optim')
end
if type(optim) ~= 'table' then
   optim = {}
   rawset(_G, 'optim', optim)
end

local Logger = torch.class('optim.Logger', optim)

-- Errors point at the first caller outside this file.
local SRC = debug.getinfo(1, 'S').source
local function fail(fn, msg)
   local lvl = 2   -- 1 = fail itself
   while true do
      local info = debug.getinfo(lvl, 'S')
      if not info or info.source ~= SRC then break end
      lvl = lvl + 1
   end
   error('Logger:' .. fn .. ': ' .. msg, lvl)
end

function Logger:__init(filename, timestamp)
   if filename ~= nil and type(filename) ~= 'string' then
      error("bad argument #1 to 'Logger' (file name expected, got " .. type(filename) .. ')', 3)
   end
   if filename then
      self.name = filename
      local dir = filename:match('^(.*)/[^/]*$')
      -- (os.rename(d, d) succeeds exactly when d exists: no process then)
      if dir and dir ~= '' and dir ~= '.' and not os.rename(dir, dir) then
         os.execute("mkdir -p '" .. dir:gsub("'", "'\\''") .. "'")
      end
      if timestamp then filename = filename .. '-' .. os.date('%Y_%m_%d_%X') end
      local f, err = io.open(filename, 'w')
      if not f then error('Logger: cannot open the log file: ' .. tostring(err), 3) end
      self.file = f
      self.epsfile = self.name .. '.eps'
   else
      self.file = io.stdout
      self.name = 'stdout'
      print('<Logger> warning: no path provided, logging to std out')
   end
   self.empty = true
   self.names = {}       -- column order
   self.idx = {}         -- name -> column
   self.symbols = {}     -- column -> values
   self.styles = {}      -- column -> list of styles
   self.defaultStyle = '+'
   self.showPlot = true
   self.logscale = false
   self.plotRawCmd = nil -- gnuplot commands sent before each plot (Torch7's)
   self.figure = nil     -- the display figure's number
   self.epsfigure = nil  -- the eps file figure's number
end

local function header(self, names)
   for i, name in ipairs(names) do
      if type(name) ~= 'string' and type(name) ~= 'number' then
         fail('setNames', 'names must be strings, got ' .. type(name) .. ' at ' .. i)
      end
      name = tostring(name)
      self.names[i] = name
      self.idx[name] = i
      self.symbols[i] = {}
      self.styles[i] = { self.defaultStyle }
      self.file:write(name, '\t')
   end
   self.file:write('\n')
   self.file:flush()
   self.empty = false
end

-- logger:setNames{name1, name2, ...}: the columns; add then takes arrays.
function Logger:setNames(names)
   if type(names) ~= 'table' then fail('setNames', 'table of names expected') end
   if not self.empty then fail('setNames', 'the names are already set') end
   header(self, names)
   return self
end

-- logger:add{v1, v2, ...} (after setNames) or logger:add{name = value, ...}
function Logger:add(symbols)
   if type(symbols) ~= 'table' then fail('add', 'table of values expected') end
   if self.empty then
      local names = {}
      for k in pairs(symbols) do
         if type(k) ~= 'string' then fail('add', 'call setNames first, or give name = value pairs') end
         names[#names + 1] = k
      end
      table.sort(names)
      header(self, names)
   end
   local row, vals = {}, {}
   for i, name in ipairs(self.names) do
      local v = symbols[i]
      if v == nil then v = symbols[name] end
      if type(v) == 'number' then row[i] = string.format('%11.4e', v)
      elseif type(v) == 'string' then row[i] = v
      else fail('add', "can only log numbers and strings (got " .. type(v) .. " for '" .. name .. "')") end
      vals[i] = v
   end
   self.file:write(table.concat(row, '\t'), '\t\n')
   self.file:flush()
   for i, v in ipairs(vals) do table.insert(self.symbols[i], v) end
end

-- logger:style{name = style, ...} or style{style1, style2} (column order);
-- a style is a Torch7 plot style ('-', '+', '+-', '.') or a list of them.
function Logger:style(symbols)
   if type(symbols) ~= 'table' then fail('style', 'table of styles expected') end
   for name, style in pairs(symbols) do
      local i = type(name) == 'number' and name or self.idx[name]
      if not i or not self.names[i] then fail('style', "no column '" .. tostring(name) .. "'") end
      if type(style) == 'string' then self.styles[i] = { style }
      elseif type(style) == 'table' then self.styles[i] = style
      else fail('style', 'style should be a string or a table of strings') end
   end
   return self
end

function Logger:setlogscale(state) self.logscale = state and true or false end
function Logger:display(state) self.showPlot = state and true or false end

-- logger:plot([name, ...]): plots the numeric columns (all by default).
function Logger:plot(...)
   local gnuplot = require 'gnuplot'
   local which = { ... }
   if #which == 0 then which = self.names end
   local plots = {}
   for _, name in ipairs(which) do
      local i = self.idx[name]
      if not i then fail('plot', "no column '" .. tostring(name) .. "'") end
      local list = self.symbols[i]
      local n = 0
      local y = torch.DoubleTensor(#list)
      for _, v in ipairs(list) do
         if type(v) == 'number' then
            n = n + 1
            y[n] = v
         end
      end
      if n > 1 then
         for _, st in ipairs(self.styles[i]) do plots[#plots + 1] = { name, y:narrow(1, 1, n), st } end
      end
   end
   if #plots == 0 then return end
   -- noenhanced: a file name's '_' is not a subscript
   local settings = 'set grid\nset title ' .. gnuplot._quote('<Logger::' .. self.name .. '>') ..
                    ' noenhanced' ..
                    (self.logscale and '\nset logscale y' or '\nunset logscale') ..
                    (self.plotRawCmd and '\n' .. tostring(self.plotRawCmd) or '')
   -- Plotting is a view of the log: when gnuplot is missing or dies, say
   -- so once (as Torch7's Logger did) and let training go on.
   local ok, err = pcall(function()
      local figs = gnuplot._figures()
      if self.showPlot then
         if self.figure and not figs[self.figure] then self.figure = nil end
         self.figure = gnuplot.figure(self.figure, { noraise = true })
         gnuplot.raw(settings)
         gnuplot.plot(plots)
      end
      if self.epsfile then
         if self.epsfigure and figs[self.epsfigure] then gnuplot.figure(self.epsfigure)
         else self.epsfigure = gnuplot.epsfigure(self.epsfile) end
         gnuplot.raw(settings)
         gnuplot.plot(plots)
      end
   end)
   if not ok and not self.warned then
      io.stderr:write('<Logger> warning: cannot plot: ', tostring(err), '\n')
      self.warned = true
   end
end

-- logger:close(): closes the file and the logger's figures (the .eps file
-- is complete afterwards).
function Logger:close()
   local gnuplot = package.loaded.gnuplot
   if gnuplot then
      if self.epsfigure then gnuplot.close(self.epsfigure) end
      if self.figure then gnuplot.close(self.figure) end
   end
   self.figure, self.epsfigure = nil, nil
   if self.file ~= io.stdout then self.file:close() end
end

return optim.Logger
