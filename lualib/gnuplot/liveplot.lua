-- gnuplot/liveplot.lua — gnuplot.liveplot: a figure that keeps its data
-- and its one gnuplot process, and redraws as points are appended (a
-- training loop streams its loss through it).
--
--   local lp = gnuplot.liveplot{title = 'loss', xlabel = 'step'}
--   for step = 1, n do ...; lp:add(step, loss) end      -- or lp:add(loss)
--   lp:close()                                          -- final picture
--
-- Each series keeps its points in a DoubleTensor that doubles when full,
-- so add() is O(1), and a redraw sends the curve in one formatted block
-- (torch._gnuplotrows).  Past maxpoints (4000) points a series is drawn
-- thinned (torch._decimate: the lowest and highest point of each of
-- maxpoints/2 runs, which covers the same pixels), so a redraw costs the
-- same at step 10^6 as at step 10^3 and never stalls the training loop;
-- lp:points() still returns every point.  And a redraw that add() asks
-- for is skipped while gnuplot is still drawing the previous picture
-- (gnuplot prints a marker into a FIFO when done; see gnuplot's draw), so
-- a slow terminal or a big PNG never makes the training loop wait on the
-- pipe (dropframes = false draws every frame instead).  add() redraws at most fps times a second
-- (4 by default); the points added in between are drawn by the next
-- redraw, by lp:redraw() or by lp:close().  Where the picture goes: a file
-- when opt.file is given (its extension picks png, svg, pdf or eps; the
-- file always holds a complete picture), else the terminal gnuplot.setterm
-- chose, else a window when a display exists, else text in the terminal
-- (dumb), redrawn in place: gnuplot itself prints the cursor-up sequence
-- before each new picture, so the escape and the picture reach the
-- terminal in order.
local torch = require 'torch'
local gnuplot = require 'gnuplot'

local LivePlot = {}
LivePlot.__index = LivePlot

-- The stack level of the first caller outside this file, so that errors
-- point at the user's line however deep in the module they are raised.
local SRC = debug.getinfo(1, 'S').source
local function userlevel()
   local lvl = 3   -- 1 = userlevel, 2 = the function raising
   while true do
      local info = debug.getinfo(lvl, 'S')
      if not info or info.source ~= SRC then return lvl - 1 end
      lvl = lvl + 1
   end
end

local function argerr(fn, i, msg)
   error(string.format("bad argument #%d to '%s' (%s)", i, fn, msg), userlevel())
end

local FILETERMS = {
   png = function() return (gnuplot._hasterm('pngcairo') and 'pngcairo' or 'png') end,
   svg = function() return 'svg' end,
   pdf = function() return gnuplot._hasterm('pdfcairo') and 'pdfcairo enhanced color' or 'pdf' end,
   eps = function() return 'postscript eps enhanced color' end,
}

-- gnuplot.liveplot([opt]) -> plot; opt: title, xlabel, ylabel, style ('-'),
-- file, size ({w, h} for files), term, fps (4), maxpoints (4000), grid,
-- logscale, inplace (dumb only), dropframes (true).
function gnuplot.liveplot(opt)
   opt = opt or {}
   if type(opt) ~= 'table' then argerr('liveplot', 1, 'table of options expected') end
   local maxpoints = opt.maxpoints or 4000
   if math.type(maxpoints) ~= 'integer' or maxpoints < 2 then
      argerr('liveplot', 1, 'maxpoints must be an integer of at least 2, got ' .. tostring(maxpoints))
   end
   local buckets = maxpoints // 2
   local fps = opt.fps or 4
   if type(fps) ~= 'number' or not (fps > 0) then
      argerr('liveplot', 1, 'fps must be a positive number, got ' .. tostring(fps))
   end
   local term
   if opt.file ~= nil then
      if type(opt.file) ~= 'string' then argerr('liveplot', 1, 'file must be a file name') end
      local ext = (opt.file:match('%.(%w+)$') or ''):lower()
      if not FILETERMS[ext] then
         argerr('liveplot', 1, "file must end in .png, .svg, .pdf or .eps, got '" .. opt.file .. "'")
      end
      local size = opt.size or { 640, 480 }
      if type(size) ~= 'table' or math.type(size[1]) ~= 'integer' or
         math.type(size[2]) ~= 'integer' or size[1] < 1 or size[2] < 1 then
         argerr('liveplot', 1, 'size must be {width, height} in pixels')
      end
      term = FILETERMS[ext]()
      if ext ~= 'eps' and ext ~= 'pdf' then term = term .. string.format(' size %d,%d', size[1], size[2]) end
   elseif opt.term ~= nil then
      if type(opt.term) ~= 'string' then argerr('liveplot', 1, 'term must be a terminal name') end
      term = opt.term
   end
   local self = setmetatable({
      series = {}, order = {}, interval = 1 / fps, buckets = buckets, clock = torch.Timer(), term = term,
      file = opt.file, last = -math.huge, retrydelay = 2, dropframes = opt.dropframes ~= false, pending = false, style = opt.style or '-',
      drawn = false,
   }, LivePlot)
   local head = {}
   for _, k in ipairs({ 'title', 'xlabel', 'ylabel' }) do
      if opt[k] ~= nil then
         head[#head + 1] = 'set ' .. k .. ' ' .. gnuplot._quote(opt[k]) .. ' noenhanced'
      end
   end
   if opt.grid then head[#head + 1] = 'set grid' end
   if opt.logscale then head[#head + 1] = 'set logscale y' end
   self.head = #head > 0 and table.concat(head, '\n') .. '\n' or nil
   local fig = self:_open()
   self.inplace = fig.kind == 'inline' and fig.term:match('^dumb') ~= nil and
                  (opt.inplace == nil and torch.isatty() or opt.inplace == true)
   self.rows = tonumber(fig.term:match('^dumb size %d+,(%d+)')) or 25
   return self
end

-- Starts the plot's gnuplot (again, after one died) with its settings.
function LivePlot:_open()
   local fig = gnuplot._newfig(gnuplot._firstfree(), self.term)
   if self.file then fig.kind, fig.fname = 'file', self.file end
   fig.track = self.dropframes
   self.fig, self.drawn = fig, false
   if self.head then gnuplot._send(fig, self.head) end
   return fig
end

local function newseries(self, name)
   local s = { name = name, n = 0, data = torch.DoubleTensor(64, 2), style = self.style }
   self.series[name] = s
   self.order[#self.order + 1] = s
   return s
end

-- plot:add([x,] y [, name]): appends a point to series name ('' by
-- default; x defaults to the series' point count + 1).
function LivePlot:add(x, y, name)
   if self.closed then error('liveplot: add after close', 2) end
   if type(y) ~= 'number' then x, y, name = nil, x, y end
   if type(y) ~= 'number' then argerr('add', 1, 'number expected, got ' .. type(y)) end
   if x ~= nil and type(x) ~= 'number' then argerr('add', 1, 'number expected for x') end
   if name ~= nil and type(name) ~= 'string' then argerr('add', 3, 'series name expected') end
   name = name or ''
   local s = self.series[name] or newseries(self, name)
   if s.n == s.data:size(1) then
      local bigger = torch.DoubleTensor(2 * s.n, 2)
      bigger:narrow(1, 1, s.n):copy(s.data)
      s.data = bigger
   end
   s.n = s.n + 1
   local row = s.data[s.n]
   row[1] = x or s.n
   row[2] = y
   self.pending = true
   if self.clock:time().real - self.last >= self.interval then self:_draw(false) end
   return self
end

-- plot:style(name, style): a series' Torch7 style ('-', '+', '+-', '.').
function LivePlot:setstyle(name, style)
   if type(style) ~= 'string' then argerr('setstyle', 2, 'style string expected') end
   local s = self.series[name] or newseries(self, name)
   s.style = style
   return self
end

-- The points of a series, as an n x 2 view.
function LivePlot:points(name)
   local s = self.series[name or '']
   if not s or s.n == 0 then return nil end
   return s.data:narrow(1, 1, s.n)
end

-- plot:redraw(): draws now, whatever the rate limit says.
function LivePlot:redraw() return self:_draw(true) end

-- A redraw: forced, or asked by add (then skipped while gnuplot is still
-- drawing the last picture, for up to 5 s, after which it is sent anyway:
-- a gnuplot that died is then found out by the write).
function LivePlot:_draw(force)
   -- the cheap reasons not to draw come first: add() asks on every call
   -- once the interval has passed, and building the picture is O(points)
   local most = 0
   for _, s in ipairs(self.order) do most = math.max(most, s.n) end
   -- one point makes an empty range (gnuplot warns): wait for a second
   if most < 2 then return self end
   -- after gnuplot died, wait a little before starting another: a gnuplot
   -- that dies at once must not cost a process per add
   if self.fig.dead and self.clock:time().real < (self.retry or 0) then return self end
   if not force and self.dropframes and not self.fig.dead and gnuplot._busy(self.fig) then
      local now = self.clock:time().real
      self.busysince = self.busysince or now
      if now - self.busysince < 5 then
         self.last = now - self.interval / 2   -- look again in half an interval
         return self
      end
   end
   local list = {}
   for _, s in ipairs(self.order) do
      if s.n > 0 then
         local p = s.data:narrow(1, 1, s.n)
         local x, y = p:select(2, 1), p:select(2, 2)
         if s.n > 2 * self.buckets then x, y = torch._decimate(x, y, self.buckets) end
         list[#list + 1] = { s.name, x, y, s.style }
      end
   end
   self.busysince = nil
   self.last = self.clock:time().real
   self.pending = false
   local cmd = gnuplot._plotstring(list)
   -- A training loop must not die with its plot: when gnuplot has exited,
   -- say so once on stderr and start a new one at the next redraw.
   local ok, err = pcall(function()
      if self.fig.dead then self:_open() end
      if self.inplace and self.drawn then
         -- up over the previous picture: its rows, the line its form feed
         -- skipped, and the newline this print adds; the new picture's
         -- form feed then steps down to the row where the old one began
         cmd = string.format('print "\\033[%dA"\n', self.rows + 2) .. cmd
      end
      gnuplot._draw(self.fig, cmd)
   end)
   if not ok then
      self.retry = self.clock:time().real + self.retrydelay
      if not self.warned then
         io.stderr:write('liveplot: ', tostring(err), '\n')
         self.warned = true
      end
      return self
   end
   self.fig.hasplot = true
   self.drawn = true
   return self
end

-- plot:close(): draws what is pending and ends the gnuplot process (a
-- file is complete when this returns).
function LivePlot:close()
   if self.closed then return end
   self.closed = true
   if self.pending then self:_draw(true) end
   if not self.fig.dead then gnuplot.close(self.fig.n) end
end

gnuplot.LivePlot = LivePlot
return LivePlot
