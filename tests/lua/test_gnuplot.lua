-- The gnuplot module: the command stream it writes (through a fake gnuplot
-- that records its stdin), argument errors, a missing or dying gnuplot,
-- real PNG/SVG files rendered by gnuplot, dumb text output, and the live plot.
local H = require 'tests.lua.helpers'
local gnuplot = require 'gnuplot'
local errmsg = H.errmsg
local tester = torch.Tester()
local tests = torch.TestSuite()

local LANTERN = arg and arg[-1] or 'build/lantern'
local function sh(cmd) return os.execute(cmd) == true end
local REAL = sh('command -v gnuplot >/dev/null 2>&1')

local tmpfiles = {}
local function tmp(suffix)
   local p = os.tmpname()
   os.remove(p)
   p = p .. (suffix or '')
   tmpfiles[#tmpfiles + 1] = p
   return p
end

local function readfile(p)
   local f = io.open(p, 'rb')
   if not f then return nil end
   local s = f:read('a')
   f:close()
   return s
end

-- A fake gnuplot: answers --version and the terminal query, then appends
-- its stdin to a log (or, with exitcode, exits without reading).
local function fake(exitcode)
   local log, exe = tmp('.log'), tmp('.sh')
   local f = io.open(exe, 'w')
   f:write('#!/bin/sh\n',
           'case "$1" in --version) echo "gnuplot 5.4 patchlevel 4"; exit 0;; esac\n',
           'case "$*" in *GPVAL_TERMINALS*) echo "dumb png pngcairo svg postscript pdfcairo ',
           'sixelgd"; exit 0;; esac\n',
           exitcode and ('echo started >> "' .. log .. '"; exit ' .. exitcode .. '\n')
                    or ('exec cat >> "' .. log .. '"\n'))
   f:close()
   sh("chmod +x '" .. exe .. "'")
   gnuplot._reset()
   gnuplot.setgnuplotexe(exe)
   gnuplot.setterm('dumb size 79,24')
   return log
end

-- The text after the preamble and `set term` lines of a log.
local function body(log)
   local s = readfile(log) or ''
   s = s:gsub('^.-set term [^\n]*\n', '')
   return (s:gsub("^set print '%-'\n", ''))
end

local function spin(seconds)
   local t = torch.Timer()
   while t:time().real < seconds do end
end

-- A PNG's (width, height) from its IHDR chunk, or nil and why not.
local function pngsize(p)
   local s = readfile(p)
   if not s then return nil, 'no file' end
   if s:sub(1, 8) ~= '\137PNG\r\n\26\n' then return nil, 'no PNG signature' end
   if s:sub(13, 16) ~= 'IHDR' then return nil, 'no IHDR chunk first' end
   if s:sub(-8, -5) ~= 'IEND' then return nil, 'no IEND chunk last' end
   return string.unpack('>I4I4', s, 17)
end

-- -------------------------------------------------------- command stream
function tests.stream_plot_styles_and_data()
   local log = fake()
   gnuplot.figure()
   local x = torch.Tensor({ 1, 2, 3 })
   local y = torch.Tensor({ 0.1, 1 / 3, -2.5e-300 })
   gnuplot.plot({ 'first', x, y, '-' }, { "it's", y, '+' }, { x, y, '+-' }, { x, '.' },
                { x, y, '|' }, { x, y, '~' }, { 'w', x, y, 'impulses' })
   gnuplot.close()
   local b = body(log)
   local head = b:match('^(plot [^\n]*)\n')
   tester:eq(head, "plot '-' title 'first' with lines, '-' title 'it''s' with points, " ..
             "'-' title '' with linespoints, '-' title '' with dots, '-' title '' with boxes, " ..
             "'-' title '' smooth csplines, '-' title 'w' with impulses")
   local blocks = {}
   for blk in b:gsub('^plot [^\n]*\n', ''):gmatch('(.-)e\n') do blocks[#blocks + 1] = blk end
   tester:eq(#blocks, 7)
   tester:eq(blocks[1], '1 0.1\n2 0.33333333333333331\n3 -2.5e-300\n',
             'shortest exact decimals')
   tester:eq(blocks[2], '1 0.1\n2 0.33333333333333331\n3 -2.5e-300\n',
             'a vector alone is plotted against 1..n')
   tester:eq(blocks[4], '1 1\n2 2\n3 3\n')
   -- every number reads back to the very double that was sent
   local i = 0
   for a, v in blocks[1]:gmatch('(%S+) (%S+)\n') do
      i = i + 1
      tester:eq(tonumber(v), y[i], 'full precision through the pipe')
   end
   tester:eq(b:match('quit\n$'), 'quit\n', 'close sends quit')
end

function tests.stream_matrix_forms_and_settings()
   local log = fake()
   gnuplot.figure(3)
   tester:eq(gnuplot.figure(3), 3)
   local m = torch.Tensor({ { 1, 10, 100 }, { 2, 20, 200 } })
   gnuplot.plot(m)                  -- x = column 1, y = the other columns
   gnuplot.title('Loss "curve"')
   gnuplot.xlabel('epoch')
   gnuplot.ylabel('nll')
   gnuplot.grid(true)
   gnuplot.grid('off')
   gnuplot.logscale('on', 'y')
   gnuplot.movelegend('left', 'top')
   gnuplot.axis({ 0, 10, '', 1.5 })
   gnuplot.axis('equal')
   gnuplot.raw('set key off')
   gnuplot.plot(torch.Tensor({ { 0, 0, 1, 2 } }), 'v')
   gnuplot.plot('acs', torch.Tensor({ 1, 2 }), torch.Tensor({ 3, 4 }), '~ 0.5')
   gnuplot.close(3)
   tester:eq(body(log), table.concat({
      "plot '-' title ''\n1 10 100\n2 20 200\ne\n",
      "set title 'Loss \"curve\"'\nrefresh\n",
      "set xlabel 'epoch'\nrefresh\n",
      "set ylabel 'nll'\nrefresh\n",
      "set grid\nrefresh\n",
      "unset grid\nrefresh\n",
      "set logscale y\nrefresh\n",
      "set key left top\nrefresh\n",
      "set xrange [0:10]\nset yrange [*:1.5]\nrefresh\n",
      "set size ratio -1\nrefresh\n",
      "set key off\n",
      "plot '-' title '' with vectors\n0 0 1 2\ne\n",
      "plot '-' title 'acs' smooth acsplines\n1 3 0.5\n2 4 0.5\ne\n",
      "quit\n" }))
end

function tests.stream_splot_imagesc_hist_bar()
   local log = fake()
   gnuplot.figure()
   gnuplot.imagesc(torch.Tensor({ { 1, 2 }, { 3, 4 } }))
   gnuplot.splot(torch.Tensor({ { 1, 2 }, { 3, 4 } }))
   gnuplot.scatter3('pts', torch.Tensor({ 1, 2 }), torch.Tensor({ 3, 4 }), torch.Tensor({ 5, 6 }))
   gnuplot.bar(torch.Tensor({ 5, 7 }))
   local h = gnuplot.hist(torch.Tensor({ 0, 1, 1, 2, 4 }), 2)
   gnuplot.close()
   local b = body(log)
   tester:assert(b:find("set view map\nset palette gray\n", 1, true) ~= nil, 'imagesc')
   tester:assert(b:find("set yrange [ 1.5 : -0.5 ] noreverse nowriteback\nsplot '-' matrix " ..
                        "with image\n1 2\n3 4\ne\n", 1, true) ~= nil, 'imagesc data')
   tester:assert(b:find("splot '-' title '' with lines\n1 1 1\n1 2 2\n\n2 1 3\n2 2 4\n\ne\n",
                        1, true) ~= nil, 'splot: grid rows separated by blank lines')
   tester:assert(b:find("splot '-' title 'pts' with points\n1 3 5\n2 4 6\ne\n", 1, true) ~= nil,
                 'scatter3')
   tester:assert(b:find("plot '-' title '' with boxes\n1 5\n2 7\ne\n", 1, true) ~= nil, 'bar')
   tester:eq(h.raw:totable(), { 3, 2 }, 'hist counts: [0,2) and [2,4]')
   tester:eq(h.centers:totable(), { 1, 3 })
   tester:eq(h[2].val, 3)
   tester:eq(h[2].nb, 2)
   tester:eq(h.binwidth, 2)
   tester:assert(b:find("set boxwidth 2 absolute\nplot '-' title '' with boxes\n1 3\n3 2\ne\n",
                        1, true) ~= nil, 'hist draws bars')
end

function tests.stream_file_figures_wrap_output()
   local log = fake()
   local n = gnuplot.pngfigure('/tmp/x.png')
   tester:eq(n, 1)
   gnuplot.plot(torch.Tensor({ 1, 2 }))
   gnuplot.title('t')
   gnuplot.plotflush()
   gnuplot.close()
   tester:eq(body(log), table.concat({
      "set output '/tmp/x.png'\nplot '-' title ''\n1 1\n2 2\ne\nunset output\n",
      "set title 't'\nset output '/tmp/x.png'\nrefresh\nunset output\n",
      "set output '/tmp/x.png'\nrefresh\nunset output\n",
      "quit\n" }))
   tester:assert((readfile(log) or ''):find('set term pngcairo size 640,480\n', 1, true) ~= nil)
end

function tests.figures_are_separate_processes()
   local log = fake()
   tester:eq(gnuplot.figure(), 1)
   tester:eq(gnuplot.figure(), 2)
   local figs = gnuplot._figures()
   tester:assert(figs[1].pipe ~= figs[2].pipe, 'one process per figure')
   gnuplot.figure(1)
   gnuplot.plot(torch.Tensor({ 4 }))
   gnuplot.close(2)
   tester:eq(gnuplot._figures()[2], nil)
   tester:eq(gnuplot.figure(), 2, 'a closed number is reused')
   gnuplot.closeall()
   tester:eq(next(gnuplot._figures()), nil, 'closeall closes every figure')
   gnuplot.close()   -- nothing to close: no error
   local s = readfile(log)
   local _, starts = s:gsub('set style data linespoints', '')
   tester:eq(starts, 3, 'three processes started')
end

function tests.plot_argument_errors()
   fake()
   local v = torch.Tensor({ 1, 2 })
   tester:eq(errmsg(gnuplot.plot), 'plot: no inputs, expecting at least a vector')
   tester:eq(errmsg(gnuplot.plot, 5),
             "bad argument #1 to 'plot' (expected [legend,] x [, y] [, style]: tensors and strings)")
   tester:eq(errmsg(gnuplot.plot, v, torch.Tensor({ 1, 2, 3 })),
             "bad argument #1 to 'plot' (x and y have different lengths (2 and 3))")
   tester:eq(errmsg(gnuplot.plot, { 'a', v }, { 'b', 'c' }),
             "bad argument #2 to 'plot' (expected [legend,] x [, y] [, style]: tensors and strings)")
   tester:eq(errmsg(gnuplot.plot, torch.Tensor(2, 2, 2)),
             "bad argument #1 to 'plot' (expected a vector or an n x 2 (or n x k) matrix, got a 3D tensor)")
   tester:eq(errmsg(gnuplot.plot, torch.Tensor()),
             "bad argument #1 to 'plot' (expected a vector or an n x 2 (or n x k) matrix, got an empty tensor)")
   tester:eq(errmsg(gnuplot.plot, torch.Tensor(0, 2)), "bad argument #1 to 'plot' (no points to plot)")
   tester:eq(errmsg(gnuplot.plot, v, 'foo'), "bad argument #1 to 'plot' (unknown style 'foo' (use " ..
             "'-', '+', '.', '+-', '~', '|', 'v' or a gnuplot style such as 'impulses'))")
   tester:eq(errmsg(gnuplot.plot, v, v, '-- '), "bad argument #1 to 'plot' (unknown style '-- ' (use " ..
             "'-', '+', '.', '+-', '~', '|', 'v' or a gnuplot style such as 'impulses'))")
   tester:eq(errmsg(gnuplot.imagesc, v), "bad argument #1 to 'imagesc' (matrix expected, got 1D tensor)")
   tester:eq(errmsg(gnuplot.splot, v), "bad argument #1 to 'splot' (z must be a matrix, got a 1D tensor)")
   tester:eq(errmsg(gnuplot.scatter3, v, v), "bad argument #1 to 'scatter3' (expected [legend,] x, y, z: vectors)")
   tester:eq(errmsg(gnuplot.hist, v, 0), "bad argument #2 to 'hist' (number of bins must be a positive integer, got 0)")
   tester:eq(errmsg(gnuplot.bar, 'x'), "bad argument #1 to 'bar' (tensor expected, got string)")
   tester:eq(errmsg(gnuplot.movelegend, 'up', 'top'),
             "bad argument #1 to 'movelegend' (expected 'left', 'right' or 'center', got up)")
   tester:eq(errmsg(gnuplot.axis, 'wide'),
             "bad argument #1 to 'axis' (expected 'auto', 'image', 'equal', 'fill' or {xmin, xmax, ymin, ymax})")
   tester:eq(errmsg(gnuplot.axis, { 1, 2 }), "bad argument #1 to 'axis' (expected {xmin, xmax, ymin, ymax})")
   tester:eq(errmsg(gnuplot.title, {}), "bad argument #1 to 'title' (string expected, got table)")
   tester:eq(errmsg(gnuplot.figure, 0), "bad argument #1 to 'figure' (figure number must be a positive integer, got 0)")
   tester:eq(errmsg(gnuplot.pngfigure, 3), "bad argument #1 to 'pngfigure' (file name expected, got number)")
   tester:eq(errmsg(gnuplot.figprint, 'a.bmp'),
             "bad argument #1 to 'figprint' (expected a name ending in .png, .svg, .pdf or .eps, got 'a.bmp')")
   tester:eq(errmsg(gnuplot.raw, 1), "bad argument #1 to 'raw' (string expected, got number)")
   tester:eq(errmsg(gnuplot.setterm, 'nosuchterm'), "setterm: this gnuplot has no terminal 'nosuchterm' " ..
             "(it has: dumb pdfcairo png pngcairo postscript sixelgd svg)")
   local _, where = pcall(function() gnuplot.plot({ torch.Tensor(0) }) end)
   tester:assert(where:find('^[^:]*test_gnuplot%.lua:%d+: ') ~= nil, 'errors point at the caller: ' .. where)
   tester:eq(errmsg(gnuplot.setterm, 'png'), "setterm: 'png' writes files: use gnuplot.pngfigure, " ..
             "svgfigure, pdffigure or epsfigure (or figprint)")
   gnuplot.closeall()
end

-- --------------------------------------------------- missing and dying
function tests.gnuplot_missing_is_a_clear_error()
   local cmd = string.format("PATH=/nonexistent '%s' -e \"local g = require 'gnuplot'; " ..
                             "local ok, e = pcall(g.plot, torch.Tensor({1})); io.write(e)\" 2>&1",
                             LANTERN)
   local p = io.popen(cmd)
   local out = p:read('a')
   p:close()
   tester:eq(out, 'gnuplot: cannot find the gnuplot program in PATH; install the Debian package ' ..
             'gnuplot-nox (apt-get install gnuplot-nox; or gnuplot, for windows) or give its ' ..
             'path to gnuplot.setgnuplotexe')
   tester:eq(errmsg(gnuplot.setgnuplotexe, '/nonexistent/gnuplot'),
             "setgnuplotexe: '/nonexistent/gnuplot' does not exist or is not executable")
   local notgp = tmp('.sh')
   local f = io.open(notgp, 'w')
   f:write('#!/bin/sh\necho "cat 1.0"\necho second line\n')
   f:close()
   sh("chmod +x '" .. notgp .. "'")
   tester:eq(errmsg(gnuplot.setgnuplotexe, notgp),
             "setgnuplotexe: '" .. notgp .. "' is not gnuplot (--version says: 'cat 1.0')")
end

function tests.gnuplot_dying_does_not_kill_the_session()
   fake(3)
   gnuplot.figure()
   spin(0.2)   -- let the fake exit
   local big = torch.range(1, 100000)
   local msg = errmsg(gnuplot.plot, big)
   tester:eq(msg, 'gnuplot: gnuplot exited (figure 1: Broken pipe); the next plot starts a new one')
   tester:eq(gnuplot._figures()[1], nil, 'the dead figure is dropped')
   -- the session goes on: a working gnuplot plots again
   local log = fake()
   gnuplot.plot(torch.Tensor({ 1 }))
   gnuplot.close()
   tester:assert(body(log):find("plot '-' title ''\n1 1\ne\n", 1, true) ~= nil)
end

function tests.terminal_choice()
   local t = gnuplot._chooseterm(':0', { wxt = true, qt = true, dumb = true })
   tester:eq(t, 'wxt', 'a display and wxt: a window')
   tester:eq(gnuplot._chooseterm(':0', { qt = true, dumb = true }), 'qt')
   tester:eq(gnuplot._chooseterm(':0', { dumb = true }):match('^dumb size %d+,%d+$') ~= nil,
             true, 'a display but no window terminal: text')
   tester:eq(gnuplot._chooseterm(nil, { wxt = true }):match('^dumb') ~= nil, true,
             'no display: text')
   tester:eq(gnuplot._kindof('pngcairo size 10,10'), 'file')
   tester:eq(gnuplot._kindof('sixelgd'), 'inline')
   tester:eq(gnuplot._kindof('x11'), 'window')
end

-- ----------------------------------------------------- real gnuplot files
local function realgnuplot()
   gnuplot._reset()
   return REAL
end

function tests.real_png_of_the_expected_size()
   if not realgnuplot() then print('skipped: gnuplot is not installed'); return end
   local png = tmp('.png')
   gnuplot.pngfigure(png)
   local x = torch.range(0, 6, 0.05)
   gnuplot.plot({ 'sin', x, torch.sin(x), '-' }, { 'cos', x, torch.cos(x), '+' })
   gnuplot.title('sin and cos')
   local big = tmp('.png')
   gnuplot.figprint(big)
   gnuplot.close()
   local w, h = pngsize(png)
   tester:eq(w, 640, h)
   tester:eq(h, 480)
   local clock = torch.Timer()
   gnuplot.pngfigure(png)
   gnuplot.plot(torch.randn(30000))
   gnuplot.close()
   tester:assertlt(clock:time().real, 5, '30000 noisy points render in a second, not in 5')
   local w2, h2 = pngsize(png)
   tester:eq({ w2, h2 }, { 640, 480 })
   w, h = pngsize(big)
   tester:eq({ w, h }, { 1024, 768 }, 'figprint writes 1024x768')
   local svg = tmp('.svg')
   gnuplot.svgfigure(svg)
   gnuplot.imagesc(torch.rand(5, 7))
   gnuplot.close()
   local s = readfile(svg) or ''
   tester:assert(s:find('<svg', 1, true) ~= nil and s:find('</svg>', 1, true) ~= nil,
                 'a complete SVG')
   tester:assert(s:find('width="640"', 1, true) ~= nil, 'of the requested width')
   local pdf = tmp('.pdf')
   gnuplot.pdffigure(pdf)
   gnuplot.bar(torch.Tensor({ 3, 1, 2 }))
   gnuplot.close()
   s = readfile(pdf) or ''
   tester:eq(s:sub(1, 5), '%PDF-', 'a PDF file')
   tester:assert(s:find('%%EOF', 1, true) ~= nil, 'complete')
end

function tests.real_dumb_text_in_the_terminal()
   if not REAL then print('skipped: gnuplot is not installed'); return end
   local cmd = string.format("COLUMNS=50 LINES=16 '%s' -e \"local g = require 'gnuplot'; " ..
                             "g.plot(torch.Tensor({1, 3, 2})); g.title('T'); g.close()\" 2>&1",
                             LANTERN)
   local p = io.popen(cmd)
   local out = p:read('a')
   p:close()
   -- a text picture: a form feed, then 15 lines (LINES - 1) of 50 columns
   local pics = {}
   for pic in out:gmatch('\f([^\f]*)') do pics[#pics + 1] = pic end
   tester:eq(#pics, 2, 'two pictures: the plot, then the refresh for the title')
   for i, pic in ipairs(pics) do
      local lines, width = 0, 0
      for l in (pic .. '\n'):gmatch('([^\n]*)\n') do
         lines = lines + 1
         width = math.max(width, #l)
      end
      tester:eq(lines, 16, 'picture ' .. i .. ': 15 rows and the newline after them')
      tester:eq(width, 50, 'as wide as the terminal')
   end
   tester:assert(out:find('T', 1, true) ~= nil)
   tester:assert(out:find('+---', 1, true) ~= nil, 'axes drawn in text')
end

function tests.real_sixel_when_asked()
   if not REAL then print('skipped: gnuplot is not installed'); return end
   local p = io.popen(string.format("'%s' -e \"local g = require 'gnuplot'; " ..
                                    "g.setterm('sixelgd size 120,80'); g.plot(torch.Tensor({1, 3, 2})); " ..
                                    "g.close()\" 2>&1", LANTERN))
   local out = p:read('a')
   p:close()
   tester:eq(out:sub(1, 3), '\27Pq', 'a sixel image on stdout')
   tester:eq(out:match('"1;1;(%d+;%d+)'), '120;80', 'of the asked size')
   tester:assert(out:find('\27\\') ~= nil, 'and its end')
end

function tests.real_dumb_prompt_comes_after_the_picture()
   if not REAL then print('skipped: gnuplot is not installed'); return end
   -- at a terminal the module waits for the picture (forced here: a pipe)
   local cmd = string.format("COLUMNS=40 LINES=12 '%s' -e \"local g = require 'gnuplot'; " ..
                             "g._sync = true; g.plot(torch.Tensor({1, 3, 2})); io.write('MARK'); " ..
                             "io.flush(); g.title('x'); io.write('MARK2'); io.flush(); g.close()\" 2>&1",
                             LANTERN)
   local p = io.popen(cmd)
   local out = p:read('a')
   p:close()
   local a, b = out:find('MARK', 1, true), out:find('MARK2', 1, true)
   tester:assert(a ~= nil and b ~= nil, out)
   tester:assert(out:sub(1, a - 1):find('\f', 1, true) ~= nil, 'the picture came first')
   local between = out:sub(a, b)
   tester:assert(between:find('\f', 1, true) ~= nil, 'the refresh came before MARK2')
   tester:eq(out:sub(b + 5), '', 'nothing after MARK2')
   tester:eq(out:sub(a - 1, a - 1), '\n', 'MARK starts a line')
end

-- --------------------------------------------------------------- liveplot
function tests.liveplot_stream_and_rate_limit()
   local log = fake()
   local lp = gnuplot.liveplot({ title = 'loss', fps = 1e-3 })
   lp:add(1, 0.5)             -- one point: nothing to draw yet
   lp:add(2, 0.5)             -- the first picture
   for i = 3, 50 do lp:add(i, 1 / i) end   -- then no redraw before 1000 s
   lp:add(0.25, 'valid')      -- a second series, x = its count
   lp:close()                 -- draws the pending points
   local b = readfile(log)
   local _, plots = b:gsub('\nplot ', '')
   tester:eq(plots, 2, 'one draw when there are two points, one at close')
   tester:assert(b:find("set title 'loss' noenhanced\n", 1, true) ~= nil)
   local last = b:match(".*(plot [^\n]*\n.*)quit\n$")
   tester:assert(last:find("^plot '%-' title '' with lines, '%-' title 'valid' with lines\n") ~= nil,
                 last:sub(1, 80))
   tester:assert(last:find('\n50 0.02\ne\n1 0.25\ne\n', 1, true) ~= nil, 'all the points')
   tester:eq(lp:points():size(1), 50)
   tester:eq(lp:points('valid')[1][2], 0.25)
   lp:close()   -- twice: nothing

   log = fake()
   lp = gnuplot.liveplot({ fps = 1e9, dropframes = false })
   for i = 1, 5 do lp:add(i) end
   lp:close()
   _, plots = readfile(log):gsub('\nplot ', '')
   tester:eq(plots, 4, 'a fast enough rate draws on every add from the second')
   tester:eq(errmsg(gnuplot.liveplot, { fps = 0 }),
             "bad argument #1 to 'liveplot' (fps must be a positive number, got 0)")
   tester:eq(errmsg(gnuplot.liveplot, { file = 'x.gif' }),
             "bad argument #1 to 'liveplot' (file must end in .png, .svg, .pdf or .eps, got 'x.gif')")
   lp = gnuplot.liveplot()
   tester:eq(errmsg(lp.add, lp, 'x'), "bad argument #1 to 'add' (number expected, got string)")
   tester:eq(errmsg(lp.add, lp, 1, 2, 3), "bad argument #3 to 'add' (series name expected)")
   lp:close()
end

function tests.rows_are_exact_and_short()
   local v = torch.Tensor({ 1, -0.0, 2 ^ 53, 2 ^ 53 + 2, 1e300, 0.1, 1 / 3, -2.5e-300, 0 / 0, math.huge })
   tester:eq(torch._gnuplotrows(v), '1\n-0\n9007199254740992\n9007199254740994\n1e+300\n0.1\n' ..
             '0.33333333333333331\n-2.5e-300\nNaN\nNaN\n')
   local r = torch.randn(1000)
   local i = 0
   for line in torch._gnuplotrows(r):gmatch('[^\n]+') do
      i = i + 1
      tester:eq(tonumber(line), r[i], 'reads back exactly')
   end
   tester:eq(torch._gnuplotrows(torch.IntTensor({ -7, 2147483647 }), torch.FloatTensor({ 0.1, 2 })),
             '-7 0.10000000149011612\n2147483647 2\n', 'other types, as doubles')
   tester:eq(torch._gnuplotrows(2, torch.Tensor({ 1, 2, 3, 4 })), '1\n2\n\n3\n4\n\n',
             'blocks for splot')
   tester:eq(errmsg(torch._gnuplotrows, torch.Tensor(2), torch.Tensor(3)),
             "bad argument #2 to 'torch._gnuplotrows' (expected 2 rows, got 3)")
end

function tests.decimate_keeps_the_extremes()
   local x = torch.range(1, 10)
   local y = torch.Tensor({ 5, 1, 9, 2, 2, 8, 0, 3, 4, 6 })
   local a, b = torch._decimate(x, y, 2)
   tester:eq(a:totable(), { 1, 2, 3, 6, 7, 10 }, 'first, then min/max of each half, then last')
   tester:eq(b:totable(), { 5, 1, 9, 8, 0, 6 })
   local n = 100000
   local big = torch.randn(n)
   a, b = torch._decimate(torch.range(1, n), big, 500)
   tester:assertle(a:size(1), 1002)
   tester:eq(b:max(), big:max(), 'the highest point survives')
   tester:eq(b:min(), big:min(), 'the lowest point survives')
   tester:eq(a[a:size(1)], n, 'the last point survives')
   local sorted = true
   for i = 2, a:size(1) do if a[i] <= a[i - 1] then sorted = false end end
   tester:assert(sorted, 'in order, no point twice')
   tester:eq(errmsg(torch._decimate, x, y, 5), "bad argument #3 to 'torch._decimate' " ..
             "(expected 1 <= nbuckets < n / 2)")
end

function tests.liveplot_thins_long_curves()
   local log = fake()
   local lp = gnuplot.liveplot({ fps = 1e-9, maxpoints = 10 })
   for i = 1, 1000 do lp:add(i, (i * 7919) % 1000) end
   lp:close()
   local last = readfile(log):match(".*plot '%-' title '' with lines\n(.-)e\n")
   local _, rows = last:gsub('\n', '')
   tester:assertle(rows, 12, 'at most maxpoints (+ first and last) drawn')
   tester:assert(last:find('^1 ') ~= nil and last:find('\n1000 0\n$') ~= nil, last)
   tester:eq(lp:points():size(1), 1000, 'every point kept')
   tester:eq(errmsg(gnuplot.liveplot, { maxpoints = 1 }),
             "bad argument #1 to 'liveplot' (maxpoints must be an integer of at least 2, got 1)")
end

function tests.big_png_plots_use_gd()
   local log = fake()
   gnuplot.pngfigure('/tmp/big.png')
   gnuplot.plot(torch.zeros(20001))
   gnuplot.plot(torch.zeros(20000))
   gnuplot.close()
   local b = body(log)
   tester:assert(b:find("^set term png size 640,480 linewidth 0%.5\nset output '/tmp/big.png'\nplot ") ~= nil,
                 'gd for more than 20000 points')
   tester:assert(b:find("unset output\nset term pngcairo size 640,480\nset output '/tmp/big.png'\n" ..
                        "plot '%-' title ''\n1 0\n") ~= nil, 'then back to cairo')
end

-- A fake gnuplot that logs its input and, when answer is true, writes the
-- "done drawing" marker into the FIFO it is told to print to.
local function markerfake(answer)
   local log, exe = tmp('.log'), tmp('.sh')
   local f = io.open(exe, 'w')
   f:write('#!/bin/sh\n',
           'case "$1" in --version) echo "gnuplot 5.4 patchlevel 4"; exit 0;; esac\n',
           'case "$*" in *GPVAL_TERMINALS*) echo "dumb png"; exit 0;; esac\n',
           'while IFS= read -r line; do\n',
           '  printf "%s\\n" "$line" >> "', log, '"\n',
           '  case "$line" in\n',
           '    "set print \'"*"gnuplot-sync\'") f=$(printf "%s" "$line" | cut -d"\'" -f2);;\n',
           answer and '    "print \'ok\'") echo ok > "$f";;\n' or '',
           '  esac\n',
           'done\n')
   f:close()
   sh("chmod +x '" .. exe .. "'")
   gnuplot._reset()
   gnuplot.setgnuplotexe(exe)
   gnuplot.setterm('dumb size 79,24')
   return log
end

function tests.liveplot_skips_redraws_while_gnuplot_draws()
   local log = markerfake(false)      -- never says it is done
   local lp = gnuplot.liveplot({ fps = 1e9 })
   for i = 1, 100 do lp:add(i) end
   tester:eq(gnuplot._busy(lp.fig), true)
   lp:close()                          -- the final picture is sent anyway
   local _, plots = readfile(log):gsub('\nplot ', '')
   tester:eq(plots, 2, 'the first picture, then none until close')

   log = markerfake(true)             -- answers when done
   lp = gnuplot.liveplot({ fps = 1e9 })
   lp:add(1)
   lp:add(2)                          -- first picture
   tester:eq(gnuplot._waitdone(lp.fig, 3), true, 'the marker arrives')
   tester:eq(gnuplot._busy(lp.fig), false)
   lp:add(3)                          -- gnuplot is idle: drawn at once
   tester:eq(gnuplot._waitdone(lp.fig, 3), true)
   local _, n = readfile(log):gsub('\nplot ', '')
   tester:eq(n, 2, 'a redraw once gnuplot was done')
   lp:close()
end

function tests.liveplot_survives_gnuplot_dying()
   local dead = fake(3)
   local lp = gnuplot.liveplot({ title = 'loss', fps = 1e9 })
   lp.retrydelay = 0.3
   spin(0.2)   -- the fake has exited
   local big = 5000
   for i = 1, big do lp:add(i, i) end   -- EPIPE on some redraw: no error
   tester:eq(lp:points():size(1), big, 'points are kept')
   local _, starts = (readfile(dead) or ''):gsub('started', '')
   tester:assertle(starts, 3, 'no new gnuplot on every add after one died')
   local log = fake()                     -- a working gnuplot again
   spin(0.35)                             -- past the retry delay
   lp:add(big + 1, 0)
   lp:close()
   local s = readfile(log) or ''
   tester:assert(s:find("set title 'loss' noenhanced\n", 1, true) ~= nil, 'settings replayed')
   tester:assert(s:find('\n5001 0\ne\n', 1, true) ~= nil, 'the whole curve drawn by the new one')
   tester:eq(errmsg(lp.add, lp, 1), 'liveplot: add after close')
end

function tests.no_fifo_left_behind_at_exit()
   if not REAL then print('skipped: gnuplot is not installed'); return end
   local png = tmp('.png')
   local p = io.popen(string.format("'%s' -e \"local g = require 'gnuplot'; " ..
                                    "local lp = g.liveplot({file = '%s'}); " ..
                                    "lp:add(1); lp:add(2); io.write(g._figures()[1].fifo)\" 2>&1",
                                    LANTERN, png))
   local fifo = p:read('a')
   p:close()
   tester:assert(fifo:find('gnuplot%-sync$') ~= nil, fifo)
   -- (test -e, not io.open: opening a FIFO for reading waits for a writer)
   tester:eq(sh("test -e '" .. fifo .. "'"), false, 'the FIFO is removed when the session ends')
end

function tests.liveplot_real_png()
   if not realgnuplot() then print('skipped: gnuplot is not installed'); return end
   local png = tmp('.png')
   local lp = gnuplot.liveplot({ file = png, size = { 320, 200 }, title = 'loss', fps = 1e9 })
   for i = 1, 30 do lp:add(i, math.exp(-i / 10)) end
   local fifo = lp.fig.fifo
   lp:close()
   tester:eq(sh("test -e '" .. fifo .. "'"), false, 'close removes the FIFO, and no file takes its place')
   local w, h = pngsize(png)
   tester:eq({ w, h }, { 320, 200 }, tostring(h))
end

function tests.liveplot_inplace_dumb()
   if not REAL then print('skipped: gnuplot is not installed'); return end
   local cmd = string.format("COLUMNS=40 LINES=13 '%s' -e \"local g = require 'gnuplot'; " ..
                             "local lp = g.liveplot({fps = 1e9, inplace = true, dropframes = false}); " ..
                             "for i = 1, 4 do lp:add(i * i) end; lp:close()\" 2>&1", LANTERN)
   local p = io.popen(cmd)
   local out = p:read('a')
   p:close()
   local _, ups = out:gsub('\27%[14A', '')
   tester:eq(ups, 2, 'the 2nd and 3rd pictures start by moving up over the previous one')
end

function tests.every_public_function_has_help()
   local doc = require 'gnuplot.doc.gnuplot'
   tester:eq(require 'gnuplot.doc', { 'gnuplot' })
   for k, v in pairs(gnuplot) do
      if type(v) == 'function' and not k:match('^_') then
         tester:assert(doc['gnuplot.' .. k] ~= nil, 'help for gnuplot.' .. k)
      end
   end
   for k, v in pairs(gnuplot.LivePlot) do
      if type(v) == 'function' and not k:match('^_') then
         tester:assert(doc['gnuplot.LivePlot.' .. k] ~= nil, 'help for LivePlot:' .. k)
      end
   end
   for k, v in pairs(doc) do
      tester:assert(type(v.sig) == 'string' and type(v.text) == 'string', k)
   end
end

local ok, err = pcall(function()
   tester:add(tests)
   tester:run()
end)
gnuplot._reset()
for _, p in ipairs(tmpfiles) do os.remove(p) end
if not ok then error(err, 0) end
