-- gnuplot/init.lua — Torch7's gnuplot package: plots through a pipe to
-- one gnuplot process per figure.
--
-- A figure is {n, pipe, term, kind, fname, hasplot}: the pipe is an
-- io.popen(..., 'w') to a gnuplot that lives as long as the figure, so a
-- training loop that redraws every step starts no new process.  kind says
-- where the pictures go:
--   'window'  a wxt/qt/x11 window (DISPLAY set and gnuplot has one);
--   'inline'  gnuplot writes to our stdout: `dumb` text sized to the
--             terminal when there is no display, or sixel when asked;
--   'file'    png/svg/pdf/eps: every plot and every refresh is wrapped in
--             `set output` ... `unset output`, so the file on disk is always
--             a complete picture of the latest state.
-- Data go inline ('-' blocks), formatted in C (torch._gnuplotrows) with the
-- shortest decimal that reads back to the same double: compact and exact.
--
-- Failure modes a session must survive: gnuplot missing (an error naming
-- the package, raised when a plot is first asked for, not at require),
-- gnuplot dying (SIGPIPE is ignored, so the write fails with EPIPE; the
-- figure is dropped and the error says "gnuplot exited"; the next plot
-- starts a new process), and bad arguments (errors naming the function).
local torch = require 'torch'

local gnuplot = {}

local gp = {
   exe = nil,         -- the gnuplot program, found on first use
   terms = nil,       -- set of terminal names it offers (asked once)
   defaultterm = nil, -- set by setterm; else chosen per figure
   figs = {},         -- figure number -> figure
   current = nil,     -- the current figure's number
}
-- At exit (lua_close finalizes everything) remove the figures' FIFOs;
-- the pipes close themselves and each gnuplot exits on end of input.
setmetatable(gp, { __gc = function(self)
   for _, fig in pairs(self.figs) do
      if fig.fifofd then torch._fifoclose(fig.fifofd) end
      if fig.fifo then os.remove(fig.fifo) end
   end
end })

-- ------------------------------------------------------------- helpers
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

local function istensor(v) return torch.isTensor(v) end

-- A string as a gnuplot single-quoted literal ('' is a quote inside one).
local function quote(s)
   return "'" .. tostring(s):gsub("[\r\n]", ' '):gsub("'", "''") .. "'"
end

-- A number for a command: shortest form that reads back exactly.
local function num(v)
   if v ~= v or v == math.huge or v == -math.huge then return 'NaN' end
   if math.type(v) == 'integer' then return tostring(v) end
   local s = string.format('%.15g', v)
   if tonumber(s) ~= v then s = string.format('%.17g', v) end
   return s
end

local function shellquote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

local function executable(path)
   local f = io.open(path, 'rb')
   if not f then return false end
   f:close()
   return os.execute('test -x ' .. shellquote(path)) == true
end

-- Lines of `exe args`, or nil when it cannot be run.
local function runread(cmd)
   local p = io.popen(cmd .. ' 2>&1', 'r')
   if not p then return nil end
   local out = p:read('a')
   p:close()
   return out
end

local MISSING = 'gnuplot: cannot find the gnuplot program in PATH; install the Debian ' ..
                'package gnuplot-nox (apt-get install gnuplot-nox; or gnuplot, for windows) ' ..
                'or give its path to gnuplot.setgnuplotexe'

local function findexe()
   if gp.exe then return gp.exe end
   for dir in (os.getenv('PATH') or ''):gmatch('[^:]+') do
      local p = dir .. '/gnuplot'
      if executable(p) then
         gp.exe = p
         return p
      end
   end
   error(MISSING, 0)
end

-- The set of terminal names the gnuplot program offers.
local function terminals()
   if gp.terms then return gp.terms end
   local out = runread(shellquote(findexe()) .. ' -e "print GPVAL_TERMINALS"') or ''
   local set = {}
   for name in out:gmatch('%S+') do set[name] = true end
   gp.terms = set
   return set
end

local function hasterm(name) return terminals()[name] == true end

-- dumb, sized to the terminal (a line left for the prompt).  A dumb
-- picture is a form feed, then `rows` lines, each ending in a newline.
local function dumbterm()
   local cols, rows = torch.termsize()
   cols = cols or 80
   rows = rows or 25
   return string.format('dumb size %d,%d', math.max(cols, 20), math.max(rows - 1, 10))
end

-- The kind a terminal name draws to.
local function kindof(term)
   local name = term:match('^%S+')
   if name == 'wxt' or name == 'qt' or name == 'x11' or name == 'aqua' or name == 'windows' then
      return 'window'
   end
   if name == 'dumb' or name:match('^sixel') or name == 'caca' or name == 'domterm' then
      return 'inline'
   end
   return 'file'
end

-- Terminal for a new figure: setterm's choice; a window when a display
-- exists and gnuplot has a window terminal; else dumb text in the terminal.
-- (display, terms and size are parameters so tests can ask without X.)
function gnuplot._chooseterm(display, terms)
   if display and display ~= '' then
      for _, t in ipairs({ 'wxt', 'qt', 'x11' }) do
         if terms[t] then return t end
      end
   end
   return dumbterm()
end

local function defaultterm()
   if gp.defaultterm then return gp.defaultterm end
   local display = os.getenv('DISPLAY')
   if not display or display == '' then display = os.getenv('WAYLAND_DISPLAY') end
   if not display or display == '' then return dumbterm() end
   return gnuplot._chooseterm(display, terminals())
end

-- Our default look (Torch7 sent a style preamble too): lines and points,
-- eight distinguishable colours, wide lines.
local PREAMBLE = table.concat({
   'set style data linespoints',
   'set style function lines',
   'set pointsize 1',
   "set linetype 1 lc rgb '#1d4599' lw 2 pt 7",
   "set linetype 2 lc rgb '#11ad34' lw 2 pt 7",
   "set linetype 3 lc rgb '#e62b17' lw 2 pt 7",
   "set linetype 4 lc rgb '#e69f17' lw 2 pt 7",
   "set linetype 5 lc rgb '#7297e6' lw 2 pt 5",
   "set linetype 6 lc rgb '#67eb84' lw 2 pt 5",
   "set linetype 7 lc rgb '#f97a6d' lw 2 pt 5",
   "set linetype 8 lc rgb '#f9c96d' lw 2 pt 5",
   'set linetype cycle 8',
   'set samples 300',
   '',
}, '\n')

-- ------------------------------------------------------------- figures
local function dropfig(fig)
   if fig.fifofd then torch._fifoclose(fig.fifofd) end
   if fig.fifo then os.remove(fig.fifo) end
   fig.fifofd, fig.fifo = false, nil
   if gp.figs[fig.n] == fig then gp.figs[fig.n] = nil end
   if gp.current == fig.n then gp.current = nil end
   fig.dead = true
end

-- Sends str to fig's gnuplot; a dead gnuplot is an error, not a signal.
local function send(fig, str)
   if fig.dead then error(string.format('gnuplot: figure %d is closed', fig.n), 0) end
   if gnuplot._trace then gnuplot._trace[#gnuplot._trace + 1] = str end
   local ok, err = fig.pipe:write(str)
   if ok then ok, err = fig.pipe:flush() end
   if not ok then
      pcall(fig.pipe.close, fig.pipe)
      dropfig(fig)
      error(string.format('gnuplot: gnuplot exited (figure %d: %s); the next plot starts a ' ..
                          'new one', fig.n, tostring(err)), 0)
   end
end

local function newfig(n, term)
   local exe = findexe()
   torch._ignoresigpipe()
   term = term or defaultterm()
   local kind = kindof(term)
   local cmd = shellquote(exe) .. (kind == 'window' and ' -persist' or '')
   local pipe, err = io.popen(cmd, 'w')
   if not pipe then error('gnuplot: cannot start ' .. exe .. ': ' .. tostring(err), 0) end
   local fig = { n = n, pipe = pipe, term = term, kind = kind, hasplot = false }
   gp.figs[n] = fig
   local head = PREAMBLE
   if kind == 'window' then head = head .. 'set term ' .. term .. ' ' .. n .. '\n'
   else head = head .. 'set term ' .. term .. '\n' end
   if kind == 'inline' then head = head .. "set print '-'\n" end
   send(fig, head)
   return fig
end

local function firstfree()
   local n = 1
   while gp.figs[n] do n = n + 1 end
   return n
end

local function checkfignum(fn, i, n)
   if n ~= nil and (math.type(n) ~= 'integer' or n < 1) then
      argerr(fn, i, 'figure number must be a positive integer, got ' .. tostring(n))
   end
end

-- The figure n (made when absent), made current.
local function getfig(n)
   n = n or firstfree()
   local fig = gp.figs[n] or newfig(n)
   gp.current = n
   return fig
end

local function current()
   return gp.figs[gp.current] or getfig(nil)
end

-- "Done drawing" markers.  After a draw, gnuplot can be told to print a
-- line into a FIFO of the figure's (opened read-write, so nothing ever
-- blocks); fig.sent counts the markers asked for, fig.done those read.
-- Text pictures are printed by gnuplot on our stdout in its own time: at
-- a terminal the module waits for the marker, so the prompt or the next
-- line of output comes after the picture (gnuplot._sync = true forces
-- this, false turns it off).  Live plots ask for markers on every draw
-- (fig.track) and skip a redraw while the last one is not done.
local function markers(fig)
   if fig.fifofd == nil then
      fig.fifofd, fig.sent, fig.done = false, 0, 0
      local p = os.tmpname()
      os.remove(p)
      p = p .. '.gnuplot-sync'
      local fd = torch._mkfifo(p) and torch._fifoopen(p)
      if fd then fig.fifo, fig.fifofd = p, fd else os.remove(p) end
   end
   return fig.fifofd
end

local function wantsync(fig)
   return fig.kind == 'inline' and gnuplot._sync ~= false and (gnuplot._sync or torch.isatty(1))
end

-- Is fig still drawing what it was last sent (as far as markers say)?
local function busy(fig)
   if not fig.fifofd or fig.done >= fig.sent then return false end
   fig.done = fig.done + torch._fiforead(fig.fifofd, 0)
   return fig.done < fig.sent
end

local function waitdone(fig, seconds)
   local clock = torch.Timer()
   while fig.fifofd and fig.done < fig.sent do
      local left = seconds - clock:time().real
      if left <= 0 then return false end
      fig.done = fig.done + torch._fiforead(fig.fifofd, left)
   end
   return true
end

-- Past this many points pngcairo slows down more than linearly (20000
-- noisy points take 1.5 s, 100000 take 40 s: one long antialiased path),
-- while gd's png with thin lines draws 100000 in 0.3 s (its wide lines
-- cost 10x more): big plots switch to png, lines halved, for the draw.
local CAIRO_MAX_POINTS = 20000

-- Wraps a drawing command so that a file figure gets a complete file.
local function draw(fig, cmd)
   if fig.kind == 'file' then
      local pre, post = '', ''
      if (fig.npoints or 0) > CAIRO_MAX_POINTS and fig.term:match('^pngcairo') then
         pre = 'set term ' .. fig.term:gsub('^pngcairo', 'png') .. ' linewidth 0.5\n'
         post = 'set term ' .. fig.term .. '\n'
      end
      cmd = pre .. 'set output ' .. quote(fig.fname) .. '\n' .. cmd .. 'unset output\n' .. post
   end
   local sync = wantsync(fig)
   if (sync or fig.track) and markers(fig) then
      cmd = cmd .. 'set print ' .. quote(fig.fifo) .. "\nprint 'ok'\nset print '-'\n"
      fig.sent = fig.sent + 1
   end
   send(fig, cmd)
   if sync then waitdone(fig, 3) end
end

local function refresh(fig)
   if fig.hasplot then draw(fig, 'refresh\n') end
end

-- A setting followed by a redraw of what is on the figure.
local function setting(str)
   local fig = current()
   send(fig, str .. '\n')
   refresh(fig)
end

-- gnuplot.figure([n [, config]]) -> n
function gnuplot.figure(n, config)
   checkfignum('figure', 1, n)
   if config ~= nil and type(config) ~= 'table' then
      argerr('figure', 2, 'table expected, got ' .. type(config))
   end
   local fig = getfig(n)
   if fig.kind == 'window' and not (config and config.noraise) then send(fig, 'raise\n') end
   return fig.n
end

-- gnuplot.close([n]): ends figure n's gnuplot (a file figure's file is
-- complete when this returns).
function gnuplot.close(n)
   checkfignum('close', 1, n)
   n = n or gp.current
   local fig = n and gp.figs[n]
   if not fig then return end
   pcall(fig.pipe.write, fig.pipe, 'quit\n')
   pcall(fig.pipe.close, fig.pipe)
   -- only now that gnuplot has exited: were the FIFO removed while it
   -- still had a `set print` to run, it would create a plain file there
   dropfig(fig)
end

function gnuplot.closeall()
   local ns = {}
   for n in pairs(gp.figs) do ns[#ns + 1] = n end
   for _, n in ipairs(ns) do gnuplot.close(n) end
   gp.current = nil
end

-- gnuplot.plotflush([n]): redraws figure n (writes a file figure's file).
function gnuplot.plotflush(n)
   checkfignum('plotflush', 1, n)
   n = n or gp.current
   local fig = n and gp.figs[n]
   if not fig then return end
   refresh(fig)
end

local function checkfname(fn, fname)
   if type(fname) ~= 'string' or fname == '' then
      argerr(fn, 1, 'file name expected, got ' .. (fname == '' and 'an empty string' or
                                                   type(fname)))
   end
end

local function filefigure(fn, fname, n, term)
   checkfname(fn, fname)
   checkfignum(fn, 2, n)
   local fig = gp.figs[n or -1]
   if fig then
      gp.current = fig.n
      send(fig, 'set term ' .. term .. '\n')
   else
      fig = newfig(n or firstfree(), term)
      gp.current = fig.n
   end
   fig.kind, fig.fname, fig.term = 'file', fname, term
   return fig.n
end

local function pngterm(w, h)
   return string.format('%s size %d,%d', hasterm('pngcairo') and 'pngcairo' or 'png', w, h)
end
local function pdfterm()
   if hasterm('pdfcairo') then return 'pdfcairo enhanced color' end
   if hasterm('pdf') then return 'pdf enhanced color' end
   error('gnuplot: this gnuplot has no pdf terminal (pdfcairo)', 0)
end

function gnuplot.pngfigure(fname, n) return filefigure('pngfigure', fname, n, pngterm(640, 480)) end
function gnuplot.svgfigure(fname, n) return filefigure('svgfigure', fname, n, 'svg size 640,480') end
function gnuplot.pdffigure(fname, n) return filefigure('pdffigure', fname, n, pdfterm()) end
function gnuplot.epsfigure(fname, n)
   return filefigure('epsfigure', fname, n, 'postscript eps enhanced color')
end

-- gnuplot.figprint(fname): the current figure into a file (.png .svg .pdf .eps).
function gnuplot.figprint(fname)
   checkfname('figprint', fname)
   local suffix = fname:match('%.(%w+)$')
   suffix = suffix and suffix:lower()
   local term
   if suffix == 'png' then term = pngterm(1024, 768)
   elseif suffix == 'svg' then term = 'svg size 1024,768'
   elseif suffix == 'pdf' then term = pdfterm()
   elseif suffix == 'eps' then term = 'postscript eps enhanced color'
   else argerr('figprint', 1, "expected a name ending in .png, .svg, .pdf or .eps, got '" ..
               fname .. "'") end
   local fig = gp.figs[gp.current]
   if not fig or not fig.hasplot then error('figprint: nothing plotted yet', 2) end
   send(fig, 'set term ' .. term .. '\nset output ' .. quote(fname) .. '\nrefresh\n' ..
        'unset output\nset term ' .. fig.term .. '\n')
end

-- --------------------------------------------------------------- plot
local STYLES = {
   [''] = '', ['+'] = 'with points', points = 'with points', ['.'] = 'with dots',
   dots = 'with dots', ['-'] = 'with lines', lines = 'with lines',
   ['+-'] = 'with linespoints', ['-+'] = 'with linespoints', linespoints = 'with linespoints',
   ['|'] = 'with boxes', boxes = 'with boxes', ['~'] = 'smooth csplines',
   csplines = 'smooth csplines', v = 'with vectors', V = 'with vectors',
   vectors = 'with vectors',
}

-- 'with ...' for a Torch7 style string; coef for '~ COEF' (acsplines).
local function style(f)
   local coef = f:match('^~%s*([%d.eE+-]+)$') or f:match('^acsplines%s*([%d.eE+-]*)$')
   if coef then return 'smooth acsplines', tonumber(coef) or 1 end
   if STYLES[f] then return STYLES[f] end
   return 'with ' .. f
end

local USAGE = 'expected [legend,] x [, y] [, style]: tensors and strings'

-- gnuplot's plot styles.  A style gnuplot does not know makes it reject
-- the plot command and then read every data line as a command (one error
-- per point), so unknown names are refused here.
local GPSTYLES = { 'lines', 'points', 'linespoints', 'impulses', 'dots', 'steps', 'fsteps',
   'histeps', 'fillsteps', 'errorbars', 'errorlines', 'xerrorbars', 'yerrorbars', 'xyerrorbars',
   'xerrorlines', 'yerrorlines', 'xyerrorlines', 'boxes', 'boxerrorbars', 'boxxyerrorbars',
   'filledcurves', 'financebars', 'candlesticks', 'vectors', 'histograms', 'labels', 'circles',
   'ellipses', 'arrows', 'image', 'rgbimage', 'pm3d', 'parallelaxes', 'table', 'surface' }

local function knownstyle(f)
   local word = f:match('^(%a+)')
   if not word then return false end
   if word == 'lp' then return true end
   for _, name in ipairs(GPSTYLES) do
      if name:sub(1, #word) == word then return true end
   end
   return false
end
-- One series of plot's arguments: {legend, x, y, format}, Torch7's rules.
local function series(fn, i, t)
   local n = #t
   local legend, x, y, fmt
   local a, b, c, d = t[1], t[2], t[3], t[4]
   if n == 0 or n > 4 then argerr(fn, i, USAGE) end
   if type(a) == 'string' then
      legend = a
      if not istensor(b) then argerr(fn, i, USAGE) end
      x = b
      if n >= 3 then
         if istensor(c) then y = c elseif type(c) == 'string' and n == 3 then fmt = c
         else argerr(fn, i, USAGE) end
      end
      if n == 4 then
         if not (y and type(d) == 'string') then argerr(fn, i, USAGE) end
         fmt = d
      end
   elseif istensor(a) then
      x = a
      if n >= 2 then
         if istensor(b) then y = b elseif type(b) == 'string' and n == 2 then fmt = b
         else argerr(fn, i, USAGE) end
      end
      if n >= 3 then
         if not (y and type(c) == 'string' and n == 3) then argerr(fn, i, USAGE) end
         fmt = c
      end
   else
      argerr(fn, i, USAGE)
   end
   fmt = fmt or ''
   if not (STYLES[fmt] or fmt:match('^~') or fmt:match('^acsplines') or knownstyle(fmt)) then
      argerr(fn, i, "unknown style '" .. fmt .. "' (use '-', '+', '.', '+-', '~', '|', 'v' " ..
             "or a gnuplot style such as 'impulses')")
   end
   if not y then
      if x:dim() == 2 and x:size(2) == 4 and (fmt == 'v' or fmt == 'V' or fmt == 'vectors') then
         y = x:index(2, torch.LongTensor({ 2, 4 }))
         x = x:index(2, torch.LongTensor({ 1, 3 }))
      elseif x:dim() == 2 and x:size(2) >= 2 then
         y = x:narrow(2, 2, x:size(2) - 1)
         if y:size(2) == 1 then y = y:select(2, 1) end
         x = x:select(2, 1)
      elseif x:dim() == 1 then
         y = x
         x = torch.range(1, math.max(y:size(1), 1)):narrow(1, 1, y:size(1))
      else
         argerr(fn, i, 'expected a vector or an n x 2 (or n x k) matrix, got ' ..
                (x:dim() == 0 and 'an empty tensor' or ('a ' .. x:dim() .. 'D tensor')))
      end
   end
   if x:dim() < 1 or x:dim() > 2 or y:dim() < 1 or y:dim() > 2 then
      argerr(fn, i, string.format('x and y must be vectors or matrices (x is %dD, y is %dD)',
                                  x:dim(), y:dim()))
   end
   if x:size(1) ~= y:size(1) then
      argerr(fn, i, string.format('x and y have different lengths (%d and %d)', x:size(1),
                                  y:size(1)))
   end
   if x:size(1) == 0 then argerr(fn, i, 'no points to plot') end
   return legend or '', x, y, fmt
end

-- The plot command and data for a list of series.
local function plotstring(list)
   local heads, data, npoints = {}, {}, 0
   for i, s in ipairs(list) do
      local legend, x, y, fmt = s[1], s[2], s[3], s[4]
      npoints = npoints + x:size(1)
      local with, coef = style(fmt)
      heads[i] = "'-' title " .. quote(legend) .. (with ~= '' and ' ' .. with or '')
      if coef then
         data[i] = torch._gnuplotrows(x, y, torch.DoubleTensor(x:size(1)):fill(coef))
      elseif with == 'with vectors' then
         if x:dim() ~= 2 or x:size(2) ~= 2 or y:dim() ~= 2 or y:size(2) ~= 2 then
            error('plot: vectors need x and y as n x 2 matrices (or one n x 4 matrix)', 0)
         end
         data[i] = torch._gnuplotrows(x:select(2, 1), y:select(2, 1), x:select(2, 2),
                                      y:select(2, 2))
      else
         data[i] = torch._gnuplotrows(x, y)
      end
   end
   return 'plot ' .. table.concat(heads, ', ') .. '\n' .. table.concat(data, 'e\n') .. 'e\n',
          npoints
end

local function collect(fn, ...)
   local args = { ... }
   local list = {}
   if select('#', ...) == 0 then error(fn .. ': no inputs, expecting at least a vector', 3) end
   if type(args[1]) == 'table' and not istensor(args[1]) then
      if type(args[1][1]) == 'table' and not istensor(args[1][1]) then args = args[1] end
      for i, v in ipairs(args) do
         if type(v) ~= 'table' or istensor(v) then argerr(fn, i, 'table expected') end
         list[i] = { series(fn, i, v) }
      end
   else
      list[1] = { series(fn, 1, args) }
   end
   return list
end

-- plot(x), plot(x, '-'), plot(x, y, '+'), plot('legend', x, y, '-'),
-- plot({'a', x1, '-'}, {'b', x2, y2, '+'}) or plot({{...}, {...}})
function gnuplot.plot(...)
   local list = collect('plot', ...)
   local fig = current()
   local cmd, npoints = plotstring(list)
   fig.npoints = npoints
   draw(fig, cmd)
   fig.hasplot = true
end

-- bar(y), bar(x, y)
function gnuplot.bar(...)
   local args = { ... }
   local n = select('#', ...)
   if n == 0 then error('bar: no inputs, expecting at least a vector', 2) end
   for i = 1, n do
      if not istensor(args[i]) then argerr('bar', i, 'tensor expected, got ' .. type(args[i])) end
   end
   args[n + 1] = '|'
   local fig = current()
   local s = { series('bar', 1, args) }
   draw(fig, 'set style fill solid 0.5\nset boxwidth 0.9 relative\n' .. plotstring({ s }))
   fig.hasplot = true
end

-- hist(x [, bins=10 [, min, max]]) -> {raw = counts, centers = ..., min, max, binwidth}
function gnuplot.hist(x, bins, min, max)
   if not istensor(x) then argerr('hist', 1, 'tensor expected, got ' .. torch.type(x)) end
   if x:nElement() == 0 then argerr('hist', 1, 'empty tensor') end
   bins = bins or 10
   if math.type(bins) ~= 'integer' or bins < 1 then
      argerr('hist', 2, 'number of bins must be a positive integer, got ' .. tostring(bins))
   end
   local xd = x:double()
   min = min or xd:min()
   max = max or xd:max()
   if type(min) ~= 'number' then argerr('hist', 3, 'number expected') end
   if type(max) ~= 'number' then argerr('hist', 4, 'number expected') end
   if max < min then argerr('hist', 4, 'max is below min') end
   if max == min then min, max = min - 0.5, max + 0.5 end
   local counts = torch.histc(xd, bins, min, max)
   local width = (max - min) / bins
   local centers = torch.range(0, bins - 1):mul(width):add(min + width / 2)
   local h = { raw = counts, centers = centers, min = min, max = max, binwidth = width }
   for i = 1, bins do h[i] = { val = centers[i], nb = counts[i] } end
   local fig = current()
   draw(fig, 'set style fill solid 0.5\nset boxwidth ' .. num(width) .. ' absolute\n' ..
        plotstring({ { '', centers, counts, '|' } }))
   fig.hasplot = true
   return h
end

-- splot(z), splot(x, y, z), splot('legend', x, y, z), splot({...}, {...})
local SUSAGE = 'expected [legend,] z or [legend,] x, y, z: matrices'
local function sseries(fn, i, t)
   local legend, x, y, z
   local k = 1
   if type(t[1]) == 'string' then legend, k = t[1], 2 end
   local n = #t - k + 1
   if n == 1 and istensor(t[k]) then
      z = t[k]
      if z:dim() ~= 2 then argerr(fn, i, 'z must be a matrix, got a ' .. z:dim() .. 'D tensor') end
      x = torch.range(1, z:size(1)):view(z:size(1), 1):expand(z:size(1), z:size(2))
      y = torch.range(1, z:size(2)):view(1, z:size(2)):expand(z:size(1), z:size(2))
   elseif n == 3 and istensor(t[k]) and istensor(t[k + 1]) and istensor(t[k + 2]) then
      x, y, z = t[k], t[k + 1], t[k + 2]
   else
      argerr(fn, i, SUSAGE)
   end
   if x:dim() ~= 2 or y:dim() ~= 2 or z:dim() ~= 2 or not x:isSameSizeAs(z)
      or not y:isSameSizeAs(z) then
      argerr(fn, i, 'x, y and z must be matrices of one size')
   end
   if z:nElement() == 0 then argerr(fn, i, 'no points to plot') end
   return legend or '', x, y, z
end

local function scollect(fn, series_fn, ...)
   local args = { ... }
   if select('#', ...) == 0 then error(fn .. ': no inputs, expecting at least a matrix', 3) end
   local list = {}
   if type(args[1]) == 'table' and not istensor(args[1]) then
      if type(args[1][1]) == 'table' and not istensor(args[1][1]) then args = args[1] end
      for i, v in ipairs(args) do
         if type(v) ~= 'table' or istensor(v) then argerr(fn, i, 'table expected') end
         list[i] = { series_fn(fn, i, v) }
      end
   else
      list[1] = { series_fn(fn, 1, args) }
   end
   return list
end

function gnuplot.splot(...)
   local list = scollect('splot', sseries, ...)
   local heads, data = {}, {}
   for i, s in ipairs(list) do
      local legend, x, y, z = s[1], s[2], s[3], s[4]
      local n, m = z:size(1), z:size(2)
      heads[i] = "'-' title " .. quote(legend) .. ' with lines'
      data[i] = torch._gnuplotrows(m, x:contiguous():view(n * m), y:contiguous():view(n * m),
                                   z:contiguous():view(n * m))
   end
   local fig = current()
   draw(fig, 'set contour base\nset cntrparam bspline\nset cntrparam levels auto\n' ..
        'set style data lines\nset hidden3d\nsplot ' .. table.concat(heads, ', ') .. '\n' ..
        table.concat(data, 'e\n') .. 'e\n')
   fig.hasplot = true
end

-- scatter3(x, y, z), scatter3('legend', x, y, z), scatter3({...}, {...})
local function s3series(fn, i, t)
   local k = type(t[1]) == 'string' and 2 or 1
   local x, y, z = t[k], t[k + 1], t[k + 2]
   if #t ~= k + 2 or not (istensor(x) and istensor(y) and istensor(z)) then
      argerr(fn, i, 'expected [legend,] x, y, z: vectors')
   end
   if x:dim() ~= 1 or not x:isSameSizeAs(y) or not x:isSameSizeAs(z) then
      argerr(fn, i, 'x, y and z must be vectors of one length')
   end
   return k == 2 and t[1] or '', x, y, z
end

function gnuplot.scatter3(...)
   local list = scollect('scatter3', s3series, ...)
   local heads, data = {}, {}
   for i, s in ipairs(list) do
      heads[i] = "'-' title " .. quote(s[1]) .. ' with points'
      data[i] = torch._gnuplotrows(s[2], s[3], s[4])
   end
   local fig = current()
   draw(fig, 'set style data points\nsplot ' .. table.concat(heads, ', ') .. '\n' ..
        table.concat(data, 'e\n') .. 'e\n')
   fig.hasplot = true
end

-- imagesc(x [, palette='gray']): a matrix as an image (row 1 at the top).
function gnuplot.imagesc(x, palette)
   if not istensor(x) or x:dim() ~= 2 then
      argerr('imagesc', 1, 'matrix expected, got ' .. (istensor(x) and x:dim() .. 'D tensor'
                                                        or torch.type(x)))
   end
   if x:nElement() == 0 then argerr('imagesc', 1, 'empty matrix') end
   palette = palette or 'gray'
   if type(palette) ~= 'string' then argerr('imagesc', 2, 'palette name expected') end
   if palette == 'color' then palette = 'rgbformulae 7,5,15' end
   local fig = current()
   draw(fig, 'set view map\nset palette ' .. palette .. '\nset style data linespoints\n' ..
        'set xrange [ -0.5 : ' .. num(x:size(2) - 0.5) .. ' ] noreverse nowriteback\n' ..
        -- high to low: row 1 at the top (gnuplot ignores `reverse` on an
        -- explicit range)
        'set yrange [ ' .. num(x:size(1) - 0.5) .. ' : -0.5 ] noreverse nowriteback\n' ..
        "splot '-' matrix with image\n" .. torch._gnuplotrows(x) .. 'e\n')
   fig.hasplot = true
end

-- ------------------------------------------------------------ settings
local function checkstring(fn, i, v)
   if type(v) ~= 'string' and type(v) ~= 'number' then
      argerr(fn, i, 'string expected, got ' .. type(v))
   end
   return tostring(v)
end

function gnuplot.title(s) setting('set title ' .. quote(checkstring('title', 1, s))) end
function gnuplot.xlabel(s) setting('set xlabel ' .. quote(checkstring('xlabel', 1, s))) end
function gnuplot.ylabel(s) setting('set ylabel ' .. quote(checkstring('ylabel', 1, s))) end
function gnuplot.zlabel(s) setting('set zlabel ' .. quote(checkstring('zlabel', 1, s))) end

local function ison(v) return v == true or v == 'on' or (type(v) == 'number' and v ~= 0) end

function gnuplot.grid(toggle) setting(ison(toggle) and 'set grid' or 'unset grid') end

-- logscale(toggle [, axes]): axes 'x', 'y', 'xy' ... (all by default)
function gnuplot.logscale(toggle, axes)
   if axes ~= nil and (type(axes) ~= 'string' or not axes:match('^[xyzcb2]+$')) then
      argerr('logscale', 2, "axes such as 'x', 'y' or 'xy' expected")
   end
   setting((ison(toggle) and 'set logscale' or 'unset logscale') .. (axes and ' ' .. axes or ''))
end

function gnuplot.movelegend(hloc, vloc)
   if hloc ~= 'left' and hloc ~= 'right' and hloc ~= 'center' then
      argerr('movelegend', 1, "expected 'left', 'right' or 'center', got " .. tostring(hloc))
   end
   if vloc ~= 'bottom' and vloc ~= 'top' and vloc ~= 'middle' then
      argerr('movelegend', 2, "expected 'bottom', 'top' or 'middle', got " .. tostring(vloc))
   end
   setting('set key ' .. hloc .. ' ' .. (vloc == 'middle' and 'center' or vloc))
end

-- axis('auto' | 'image' | 'equal' | 'fill' | {xmin, xmax, ymin, ymax})
function gnuplot.axis(a)
   if a == 'auto' then setting('set size nosquare\nset autoscale')
   elseif a == 'image' or a == 'equal' then setting('set size ratio -1')
   elseif a == 'fill' then setting('set size ratio 1,1')
   elseif type(a) == 'table' then
      if #a ~= 4 then argerr('axis', 1, 'expected {xmin, xmax, ymin, ymax}') end
      local v = {}
      for i = 1, 4 do
         if type(a[i]) == 'number' then v[i] = num(a[i])
         elseif a[i] == '' or a[i] == '*' then v[i] = '*'
         else argerr('axis', 1, 'range limits must be numbers (or \'\' for automatic)') end
      end
      setting('set xrange [' .. v[1] .. ':' .. v[2] .. ']\nset yrange [' .. v[3] .. ':' ..
              v[4] .. ']')
   else
      argerr('axis', 1, "expected 'auto', 'image', 'equal', 'fill' or {xmin, xmax, ymin, ymax}")
   end
end

-- raw(cmd): a gnuplot command, sent as it is to the current figure.
function gnuplot.raw(s)
   if type(s) ~= 'string' then argerr('raw', 1, 'string expected, got ' .. type(s)) end
   send(current(), s .. '\n')
end

-- setterm(term): the terminal for new figures (and the current one, unless
-- it draws to a file): 'wxt', 'qt', 'x11', 'dumb', 'sixelgd', 'png' ...
function gnuplot.setterm(term)
   if type(term) ~= 'string' or not term:match('^%S') then
      argerr('setterm', 1, 'terminal name expected, got ' .. type(term))
   end
   local name = term:match('^%S+')
   if not hasterm(name) then
      local have = {}
      for t in pairs(terminals()) do have[#have + 1] = t end
      table.sort(have)
      error(string.format("setterm: this gnuplot has no terminal '%s' (it has: %s)", name,
                          table.concat(have, ' ')), 2)
   end
   if kindof(term) == 'file' then
      error(string.format("setterm: '%s' writes files: use gnuplot.pngfigure, svgfigure, " ..
                          "pdffigure or epsfigure (or figprint)", name), 2)
   end
   if name == 'dumb' and term == 'dumb' then term = dumbterm() end
   gp.defaultterm = term
   local fig = gp.figs[gp.current]
   if fig and fig.kind ~= 'file' then
      send(fig, 'set term ' .. term .. '\n' .. (kindof(term) == 'inline' and "set print '-'\n"
                                                 or ''))
      fig.term, fig.kind = term, kindof(term)
   end
end

-- setgnuplotexe(path): use this gnuplot program (4.4 or newer).
function gnuplot.setgnuplotexe(exe)
   if type(exe) ~= 'string' then argerr('setgnuplotexe', 1, 'path expected, got ' .. type(exe)) end
   if not executable(exe) then
      error("setgnuplotexe: '" .. exe .. "' does not exist or is not executable", 2)
   end
   local out = runread(shellquote(exe) .. ' --version') or ''
   local v, vv = out:match('^gnuplot (%d+)%.(%d+)')
   v, vv = tonumber(v), tonumber(vv)
   if not v then error("setgnuplotexe: '" .. exe .. "' is not gnuplot (--version says: '" ..
                       (out:match('^[^\n]*') or '') .. "')", 2) end
   if v < 4 or (v == 4 and vv < 4) then
      error('setgnuplotexe: gnuplot 4.4 or newer is needed, ' .. exe .. ' is ' .. v .. '.' .. vv, 2)
   end
   gp.exe, gp.terms = exe, nil
end

-- The figure table (numbers, terminals, kinds), for tests and the curious.
function gnuplot._figures() return gp.figs end
function gnuplot._reset()   -- forget the program and terminal (tests)
   gnuplot.closeall()
   gp.exe, gp.terms, gp.defaultterm = nil, nil, nil
end

gnuplot._newfig = newfig
gnuplot._send = send
gnuplot._draw = draw
gnuplot._busy = busy
gnuplot._waitdone = waitdone
gnuplot._plotstring = plotstring
gnuplot._quote = quote
gnuplot._num = num
gnuplot._dumbterm = dumbterm
gnuplot._kindof = kindof
gnuplot._hasterm = hasterm
gnuplot._firstfree = firstfree

package.loaded.gnuplot = gnuplot
require 'gnuplot.liveplot'

return gnuplot
