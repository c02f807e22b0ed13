-- optim.Logger (lualib/optim/Logger.lua): Torch7's file format, names and
-- styles, errors, and plots through one long-lived gnuplot per figure.
local H = require 'tests.lua.helpers'
local Logger = require 'optim.Logger'
local gnuplot = require 'gnuplot'
local errmsg = H.errmsg
local tester = torch.Tester()
local tests = torch.TestSuite()

local tmpfiles = {}
local subdir
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

-- a fake gnuplot recording its stdin (see test_gnuplot.lua)
local function fake()
   local log, exe = tmp('.log'), tmp('.sh')
   local f = io.open(exe, 'w')
   f:write('#!/bin/sh\n',
           'case "$1" in --version) echo "gnuplot 5.4 patchlevel 4"; exit 0;; esac\n',
           'case "$*" in *GPVAL_TERMINALS*) echo "dumb png pngcairo svg postscript"; exit 0;; esac\n',
           'exec cat >> "' .. log .. '"\n')
   f:close()
   os.execute("chmod +x '" .. exe .. "'")
   gnuplot._reset()
   gnuplot.setgnuplotexe(exe)
   gnuplot.setterm('dumb size 79,24')
   return log
end

function tests.required_directly()
   tester:eq(torch.type(Logger), 'optim.Logger')
   tester:eq(optim.Logger, Logger, 'published in the optim namespace')
   local ok, pkg = pcall(require, 'optim')
   if ok then
      tester:eq(pkg, optim, 'the global optim is the whole package')
      tester:eq(type(optim.sgd), 'function')
      tester:eq(rawget(pkg, 'Logger'), Logger)
   else
      tester:eq(package.loaded.optim, nil, 'no optim package: only the global table')
   end
end

function tests.file_format_with_setNames()
   local p = tmp('.log')
   local l = optim.Logger(p)
   tester:eq(l:setNames({ 'train', 'test' }), l)
   l:add({ 1, 2.5 })
   l:add({ -0.00012345, 'n/a' })
   tester:eq(readfile(p), 'train\ttest\t\n 1.0000e+00\t 2.5000e+00\t\n-1.2345e-04\tn/a\t\n',
             "Torch7's format, flushed after each row")
   tester:eq(l.symbols[1], { 1, -0.00012345 }, 'values kept unrounded for plots')
   l:close()
end

function tests.file_format_with_names_from_add()
   local p = tmp('/sub/dir/train.log')
   subdir = p:match('^(.*/sub)/')
   local l = optim.Logger(p)
   l:add({ ['test error'] = 0.25, ['train error'] = 0.5 })
   l:add({ ['train error'] = 0.125, ['test error'] = 1e10 })
   tester:eq(readfile(p), 'test error\ttrain error\t\n 2.5000e-01\t 5.0000e-01\t\n' ..
             ' 1.0000e+10\t 1.2500e-01\t\n', 'sorted columns; the directory was made')
   l:close()
end

function tests.errors()
   local l = optim.Logger(tmp('.log'))
   l:setNames({ 'a' })
   tester:eq(errmsg(l.add, l, { {} }), "Logger:add: can only log numbers and strings (got table for 'a')")
   tester:eq(errmsg(l.add, l, {}), "Logger:add: can only log numbers and strings (got nil for 'a')")
   tester:eq(errmsg(l.setNames, l, { 'b' }), 'Logger:setNames: the names are already set')
   tester:eq(errmsg(l.style, l, { zz = '-' }), "Logger:style: no column 'zz'")
   tester:eq(errmsg(l.style, l, { a = 3 }), 'Logger:style: style should be a string or a table of strings')
   tester:eq(errmsg(l.plot, l, 'zz'), "Logger:plot: no column 'zz'")
   local _, where = pcall(function() l:add({ {} }) end)
   tester:assert(where:find('^[^:]*test_logger%.lua:%d+: ') ~= nil, 'errors point at the caller: ' .. where)
   local m = optim.Logger(tmp('.log'))
   tester:eq(errmsg(m.add, m, { 1, 2 }), 'Logger:add: call setNames first, or give name = value pairs')
   tester:eq(errmsg(function() return optim.Logger('/nonexistent/\0x') end) ~= nil, true)
   tester:eq(errmsg(function() return optim.Logger(5) end),
             "bad argument #1 to 'Logger' (file name expected, got number)")
   l:close()
   m:close()
end

function tests.plot_reuses_its_gnuplot()
   local log = fake()
   local p = tmp('.log')
   local l = optim.Logger(p)
   l:setNames({ 'loss', 'acc' })
   l:style({ loss = '-', acc = { '+', '-' } })
   l.plotRawCmd = 'set key left'
   l:add({ 1.5, 'x' })
   l:plot()                          -- one point: nothing to draw
   l:add({ 0.5, 'y' })
   for i = 1, 3 do l:add({ 1 / i, 0.5 }) l:plot() end
   l:close()
   local s = readfile(log)
   local _, starts = s:gsub('set style data linespoints', '')
   tester:eq(starts, 2, 'two processes (the display and the .eps) for three plots')
   local _, plots = s:gsub("\nplot '%-' title 'loss' with lines\n", '')
   tester:eq(plots, 2, 'first plot, on each figure: acc has one number only')
   _, plots = s:gsub("\nplot '%-' title 'loss' with lines, '%-' title 'acc' with points, " ..
                     "'%-' title 'acc' with lines\n", '')
   tester:eq(plots, 4, 'then acc too, once per style')
   tester:assert(s:find("set title '<Logger::" .. p .. ">' noenhanced", 1, true) ~= nil)
   tester:assert(s:find("set term postscript eps enhanced color\n", 1, true) ~= nil)
   tester:assert(s:find("unset logscale\nset key left\n", 1, true) ~= nil, 'plotRawCmd')
   tester:assert(s:find("set output '" .. p .. ".eps'\n", 1, true) ~= nil)
   tester:assert(s:find('1.5\n2 0.5\n3 1\n4 0.5\n5 0.33333333333333331\ne\n', 1, true) ~= nil,
                 'every numeric value')
   gnuplot._reset()
end

function tests.plot_real_eps()
   if os.execute('command -v gnuplot >/dev/null 2>&1') ~= true then
      print('skipped: gnuplot is not installed')
      return
   end
   gnuplot._reset()
   local p = tmp('.log')
   local l = optim.Logger(p)
   l:display(false)
   l:setlogscale(true)
   for i = 1, 5 do l:add({ err = 1 / i }) end
   l:plot()
   l:close()
   local eps = readfile(p .. '.eps') or ''
   tmpfiles[#tmpfiles + 1] = p .. '.eps'
   tester:eq(eps:sub(1, 10), '%!PS-Adobe', 'an EPS file')
   tester:assert(eps:find('showpage\n%%Trailer\n', 1, true) ~= nil, 'complete')
   tester:assert(eps:find('(<Logger::' .. p .. '>)', 1, true) ~= nil, 'titled')
   gnuplot._reset()
end

function tests.plot_without_gnuplot_warns_and_goes_on()
   local p = tmp('.log')
   local cmd = string.format("PATH=/nonexistent '%s' -e \"local L = require 'optim.Logger'; " ..
                             "local l = L('%s'); for i = 1, 3 do l:add({loss = i}); l:plot() end; " ..
                             "l:close(); io.write('done')\" 2>&1", arg and arg[-1] or 'build/lantern', p)
   local h = io.popen(cmd)
   local out = h:read('a')
   h:close()
   tester:eq(out, '<Logger> warning: cannot plot: gnuplot: cannot find the gnuplot program in PATH; ' ..
             'install the Debian package gnuplot-nox (apt-get install gnuplot-nox; or gnuplot, for ' ..
             'windows) or give its path to gnuplot.setgnuplotexe\ndone', 'warned once, then on')
   tester:eq(readfile(p), 'loss\t\n 1.0000e+00\t\n 2.0000e+00\t\n 3.0000e+00\t\n', 'the log is complete')
end

function tests.every_method_has_help()
   local doc = require 'optim.doc.logger'
   for _, k in ipairs({ 'setNames', 'add', 'style', 'plot', 'setlogscale', 'display', 'close' }) do
      tester:assert(doc['optim.Logger.' .. k] ~= nil and type(Logger[k]) == 'function', k)
   end
   tester:assert(doc['optim.Logger'] ~= nil)
end

local ok, err = pcall(function()
   tester:add(tests)
   tester:run()
end)
for _, p in ipairs(tmpfiles) do os.remove(p) end
if subdir then os.execute("rm -rf '" .. subdir .. "'") end
if not ok then error(err, 0) end
