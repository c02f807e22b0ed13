-- torch.Timer, tic/toc, threads, torch.config (l_utils.c) and torch.CmdLine.
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
local tester = torch.Tester()
local tests = torch.TestSuite()

-- Busy until this much CPU time and wall-clock time have passed: on a
-- loaded machine wall time alone may hold little CPU time.
local function spin(seconds)
   local clock, x, c0 = torch.Timer(), 0, os.clock()
   while clock:time().real < seconds or os.clock() - c0 < seconds do x = x + math.sin(x) end
   return x
end

-- ------------------------------------------------------------------ Timer
function tests.timer_counts()
   local t = torch.Timer()
   tester:eq(torch.type(t), 'torch.Timer')
   tester:eq(tostring(t), 'torch.Timer [status: running]')
   spin(0.05)
   local a = t:time()
   tester:eq(type(a.real), 'number')
   tester:assertge(a.real, 0.04)
   tester:assertge(a.user + a.sys, 0.03, 'the busy loop shows as CPU time')
   tester:assertge(a.sys, 0)
   local b = t:time()
   tester:assertge(b.real, a.real, 'a running timer keeps counting')
   tester:eq(torch.type(torch.Timer.new()), 'torch.Timer')
end

function tests.timer_stop_resume_reset()
   local t = torch.Timer()
   spin(0.02)
   tester:eq(t:stop(), t, 'stop returns the timer')
   tester:eq(tostring(t), 'torch.Timer [status: stopped]')
   local a = t:time()
   spin(0.02)
   local b = t:time()
   tester:eq(b.real, a.real, 'a stopped timer does not count')
   tester:eq(b.user, a.user)
   tester:eq(t:stop():time().real, a.real, 'stopping twice changes nothing')
   tester:eq(t:resume(), t)
   spin(0.02)
   local c = t:time()
   tester:assertgt(c.real, a.real, 'resume adds to the banked time')
   tester:assertge(c.real, 0.035)
   -- reset on a stopped timer: zero, and it stays stopped
   t:stop()
   tester:eq(t:reset(), t)
   tester:eq(t:time().real, 0)
   tester:eq(t:time().user, 0)
   tester:eq(tostring(t), 'torch.Timer [status: stopped]')
   -- reset on a running timer: counting again from zero
   t:resume()
   spin(0.02)
   local before = t:time().real
   t:reset()
   tester:assertlt(t:time().real, before, 'reset starts again from zero')
end

function tests.timer_errors()
   tester:eq(errmsg(function() torch.Timer.time(5) end),
             "bad argument #1 to 'time' (torch.Timer expected, got number)")
   tester:eq(errmsg(function() torch.Timer.stop(torch.Tensor()) end),
             "bad argument #1 to 'stop' (torch.Timer expected, got torch.DoubleTensor)")
   tester:eq(errmsg(function() torch.Timer.reset() end),
             "bad argument #1 to 'reset' (torch.Timer expected, got no value)")
   tester:eq(errmsg(function() local t = torch.Timer(); t.resume({}) end),
             "bad argument #1 to 'resume' (torch.Timer expected, got table)")
end

-- ---------------------------------------------------------------- tic/toc
-- named to run first: nothing has called torch.tic() yet in this process
function tests.a_toc_needs_tic()
   tester:eq(errmsg(function() torch.toc() end), 'toc: call torch.tic() first')
end

function tests.tic_toc()
   local t0 = torch.tic()
   tester:eq(type(t0), 'number')
   spin(0.02)
   local d = torch.toc()
   tester:assertge(d, 0.015)
   local inner = torch.tic()
   tester:assertlt(torch.toc(inner), torch.toc(t0), 'a later tic measures less')
   tester:assertge(torch.toc(t0), d, 'toc(t0) measures from that tic')
   tester:eq(errmsg(function() torch.toc('x') end),
             "bad argument #1 to 'toc' (number (a time from torch.tic()) expected, got string)")
end

-- ---------------------------------------------------------------- threads
function tests.threads()
   local n0 = torch.getnumthreads()
   tester:assertge(n0, 1)
   tester:eq(math.type(n0), 'integer')
   local cores = torch.getnumcores()
   tester:eq(math.type(cores), 'integer')
   tester:assertge(cores, 1)
   torch.setnumthreads(1)
   tester:eq(torch.getnumthreads(), 1)
   torch.setnumthreads(3)
   tester:eq(torch.getnumthreads(), 3)
   tester:eq(torch.config().threads, 3)
   -- work still gets done with more threads than cores
   local x = torch.range(1, 100000)
   tester:eq(x:clone():add(1)[100000], 100001.0)
   torch.setnumthreads(n0)
   tester:eq(torch.getnumthreads(), n0)
   tester:eq(errmsg(function() torch.setnumthreads(0) end), "bad argument #1 to 'setnumthreads' "
             .. '(number of threads must be between 1 and 1024, got 0)')
   tester:eq(errmsg(function() torch.setnumthreads(-4) end), "bad argument #1 to 'setnumthreads' "
             .. '(number of threads must be between 1 and 1024, got -4)')
   tester:eq(errmsg(function() torch.setnumthreads(1.5) end),
             "bad argument #1 to 'setnumthreads' (integer expected, got 1.5)")
   tester:eq(errmsg(function() torch.setnumthreads() end),
             "bad argument #1 to 'setnumthreads' (integer expected, got no value)")
   tester:eq(torch.getnumthreads(), n0, 'a refused value changes nothing')
end

-- ----------------------------------------------------------------- config
function tests.config()
   local c = torch.config()
   tester:eq(type(c), 'table')
   tester:eq(type(c.version), 'string')
   tester:assert(c.lua:find(_VERSION, 1, true) == 1, 'Lua release ' .. c.lua)
   tester:eq(type(c.blas_library), 'string')
   tester:assert(c.blas_library:find('openblas') ~= nil, c.blas_library)
   tester:assert(c.blas_config:find('OpenBLAS') ~= nil, c.blas_config)
   tester:assert(#c.blas_core > 0)
   tester:assert(#c.cpu > 0)
   tester:assert(c.blas_core_choice:find('OPENBLAS_CORETYPE') ~= nil
                 or c.blas_core_choice:find('detection') ~= nil, c.blas_core_choice)
   tester:eq(c.threads, torch.getnumthreads())
   tester:eq(c.cores, torch.getnumcores())
   tester:eq(type(c.openmp), 'boolean')
   tester:eq(c.cuda, false)
   local s = tostring(c)
   local lines = {}
   for l in s:gmatch('[^\n]+') do lines[#lines + 1] = l end
   tester:eq(#lines, 11)
   tester:eq(lines[1], string.format('%-17s %s', 'Lantern', c.version))
   tester:eq(lines[2], string.format('%-17s %s', 'Lua', c.lua))
   tester:eq(lines[5], string.format('%-17s %s', 'OpenBLAS core', c.blas_core))
   tester:eq(lines[8], string.format('%-17s %d', 'threads', c.threads))
   tester:eq(lines[10], 'OpenMP            ' .. (c.openmp and 'yes' or 'no'))
   tester:eq(lines[11], 'CUDA              no')
end

-- ---------------------------------------------------------------- CmdLine
-- Runs f with io.write, print, io.stderr and os.exit captured; returns the
-- exit code (nil if f returned), f's result, stdout and stderr.
local function capture(f)
   local out, err = {}, {}
   local saved = { io.write, print, io.stderr, os.exit }
   io.write = function(...)
      for i = 1, select('#', ...) do out[#out + 1] = tostring((select(i, ...))) end
   end
   print = function(...)
      local t = {}
      for i = 1, select('#', ...) do t[i] = tostring((select(i, ...))) end
      out[#out + 1] = table.concat(t, '\t') .. '\n'
   end
   io.stderr = { write = function(_, ...)
      for i = 1, select('#', ...) do err[#err + 1] = tostring((select(i, ...))) end
   end }
   os.exit = function(code) error({ exit = code }, 0) end
   local ok, res = pcall(f)
   io.write, print, io.stderr, os.exit = saved[1], saved[2], saved[3], saved[4]
   local code
   if not ok then
      if type(res) ~= 'table' then error(res, 0) end
      code, res = res.exit, nil
   end
   return code, res, table.concat(out), table.concat(err)
end

local function newcmd()
   local cmd = torch.CmdLine()
   cmd:text()
   cmd:text('Training a simple network')
   cmd:text()
   cmd:text('Options')
   cmd:option('-seed', 123, 'initial random seed')
   cmd:option('-booloption', false, 'boolean option')
   cmd:option('-stroption', 'mystring', 'string option')
   cmd:option('-lr', 0.1, 'learning rate')
   cmd:argument('-data', 'training file')
   cmd:text()
   return cmd
end

local USAGE = 'Usage: train.lua [options] <data>\n'
   .. '\n'
   .. 'Training a simple network\n'
   .. '\n'
   .. 'Options\n'
   .. '  -seed       initial random seed [123]\n'
   .. '  -booloption boolean option [false]\n'
   .. '  -stroption  string option [mystring]\n'
   .. '  -lr         learning rate [0.1]\n'
   .. '  <data>      training file\n'
   .. '\n'

function tests.cmdline_parse()
   local cmd = newcmd()
   local p = cmd:parse({ [0] = 'train.lua', 'file.t7' })
   tester:eq(p, { seed = 123, booloption = false, stroption = 'mystring', lr = 0.1,
                  data = 'file.t7' })
   p = cmd:parse({ [0] = 'train.lua', '-seed', '456', '-booloption', 'f.t7', '-lr', '1e-3',
                   '-stroption', 'other' })
   tester:eq(p, { seed = 456, booloption = true, stroption = 'other', lr = 0.001, data = 'f.t7' })
   tester:eq(math.type(p.seed), 'integer')
   -- a negative number is an argument, not an option
   p = cmd:parse({ '-5' })
   tester:eq(p.data, '-5')
   -- a boolean option defaulting to true turns it off
   local c2 = torch.CmdLine()
   c2:option('-cuda', true, 'use the GPU')
   tester:eq(c2:parse({ '-cuda' }).cuda, false)
   tester:eq(c2:parse({}).cuda, true)
   -- typed positional arguments
   local c3 = torch.CmdLine()
   c3:argument('-n', 'count', 'number')
   tester:eq(c3:parse({ '12' }).n, 12)
end

function tests.cmdline_help()
   for _, h in ipairs({ '-h', '-help', '--help' }) do
      local code, _, out, err = capture(function()
         return newcmd():parse({ [0] = 'train.lua', '-seed', '5', h })
      end)
      tester:eq(code, 0, h .. ' exits with 0')
      tester:eq(out, USAGE, h)
      tester:eq(err, '')
   end
   -- without arg[0]
   local _, _, out = capture(function() newcmd():help() end)
   tester:eq(out, 'Usage: ' .. USAGE:sub(#'Usage: train.lua ' + 1))
end

function tests.cmdline_errors()
   local function run(args)
      args[0] = 'train.lua'
      return capture(function() return newcmd():parse(args) end)
   end
   local cases = {
      { { '-bogus', 'x' }, 'unknown option -bogus' },
      { { '-seed', 'abc', 'x' }, 'invalid type for option -seed (should be number)' },
      { { 'x', '-seed' }, 'missing argument for option -seed' },
      { {}, 'not enough arguments' },
      { { 'x', 'y' }, 'invalid argument: y' },
   }
   for _, c in ipairs(cases) do
      local code, res, out, err = run(c[1])
      tester:eq(code, 1, c[2])
      tester:eq(res, nil)
      tester:eq(err, c[2] .. '\n')
      tester:eq(out, '\n' .. USAGE, c[2] .. ': usage on stdout')
   end
   local c3 = torch.CmdLine()
   c3:argument('-n', 'count', 'number')
   local code, _, _, err = capture(function() return c3:parse({ 'many' }) end)
   tester:eq(code, 1)
   tester:eq(err, 'invalid argument type for argument -n (should be number)\n')
   -- mistakes in the script itself are plain errors
   local c = torch.CmdLine()
   tester:eq(errmsg(function() c:option('-x') end), 'option -x has no default value')
   tester:eq(errmsg(function() c:option('-x', 1, 'help', 'string') end),
             'option -x has wrong default type value')
   tester:eq(errmsg(function() c:option('-x', {}, 'help') end),
             "option -x: type must be 'string', 'number' or 'boolean', got table")
   tester:eq(errmsg(function() c:text(5) end), 'CmdLine:text: a string expected, got number')
   tester:eq(errmsg(function() c:addTime('n', 5) end),
             'CmdLine:addTime: the format must be a string')
end

function tests.cmdline_string()
   local cmd = newcmd()
   local p = cmd:parse({ '-seed', '456', '-stroption', 'mycustomstring', 'f.t7' })
   local _, s, out = capture(function() return cmd:string('experiment', p, { data = true }) end)
   tester:eq(s, 'experiment,seed=456,stroption=mycustomstring')
   tester:eq(out, '-- ignore option data\nseed\t456\t123\nstroption\tmycustomstring\tmystring\n')
   _, s = capture(function()
      return cmd:string('experiment', cmd:parse({ 'f.t7' }), { data = true })
   end)
   tester:eq(s, 'experiment')
   _, s = capture(function()
      return cmd:string('exp', cmd:parse({ '-booloption', 'f.t7' }), {})
   end)
   tester:eq(s, 'exp,data=f.t7,booloption=t')
   -- ignore[k] == false forces a default value into the name
   _, s = capture(function()
      return cmd:string('exp', cmd:parse({ 'f.t7' }), { data = true, lr = false })
   end)
   tester:eq(s, 'exp,lr=0.1')
end

function tests.cmdline_log()
   local file = os.tmpname()
   local cmd = newcmd()
   local saved = print
   local code, _, out = capture(function()
      cmd:silent()
      cmd:addTime('proj', '%Y')
      cmd:log(file, { b = 2, a = 'x' })
      print('hello', 3)
   end)
   print = saved   -- log() replaced the global print (inside capture: the captured one)
   tester:eq(code, nil)
   tester:eq(out, '', 'silent: nothing on the screen')
   local f = io.open(file)
   local text = f:read('a')
   f:close()
   os.remove(file)
   local y = os.date('%Y')
   local lines = {}
   for l in text:gmatch('[^\n]*\n') do lines[#lines + 1] = l end
   tester:eq(#lines, 6)
   tester:assert(lines[1]:match('^' .. y .. '%[proj%]:  %[program started on .+%] \n$') ~= nil,
                 lines[1])
   tester:eq(lines[2], y .. '[proj]:  [command line arguments] \n')
   tester:eq(lines[3], y .. '[proj]:  a x \n')
   tester:eq(lines[4], y .. '[proj]:  b 2 \n')
   tester:eq(lines[5], y .. '[proj]:  [----------------------] \n')
   tester:eq(lines[6], y .. '[proj]:  hello 3 \n')
   local msg = errmsg(function() torch.CmdLine():log('/nonexistent/dir/log') end)
   tester:eq(msg:sub(1, 59), 'CmdLine:log: cannot open the log file: /nonexistent/dir/log')
end

tester:add(tests)
tester:run()
