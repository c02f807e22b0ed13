-- The lantern command line, run as a child process: -e, -l, -i, -v, -h,
-- --, -, script arguments, piped scripts, exit codes and error reports.
-- (The interactive prompt itself is tested through a pty in
-- tests/c/test_repl.c.)
local tester = torch.Tester()
local tests = torch.TestSuite()

local LANTERN = (arg and arg[-1]) or 'build/lantern'
local tmp = os.tmpname()
os.remove(tmp)
os.execute('mkdir -p ' .. tmp)

local function q(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

local function slurp(path)
   local f = io.open(path, 'r')
   if not f then return '' end
   local s = f:read('a')
   f:close()
   return s
end

-- Runs lantern with the shell-quoted args; stdin from `input` (a string)
-- or /dev/null.  Returns stdout, stderr, exit status.
local function run(args, input)
   local inpath = tmp .. '/stdin'
   local f = assert(io.open(inpath, 'w'))
   f:write(input or '')
   f:close()
   local cmd = string.format('cd %s && HOME=%s LANTERN_RC= LANTERN_HISTORY=%s/hist NO_COLOR=1 %s %s <%s >%s/out 2>%s/err',
      q(os.getenv('PWD') or '.'), q(tmp), q(tmp), q(LANTERN), args, q(inpath), q(tmp), q(tmp))
   local ok, how, code = os.execute(cmd)
   local rc = how == 'exit' and code or -1
   return slurp(tmp .. '/out'), slurp(tmp .. '/err'), rc
end

local function script(name, text)
   local path = tmp .. '/' .. name
   local f = assert(io.open(path, 'w'))
   f:write(text)
   f:close()
   return path
end

function tests.e_runs_statements_in_order()
   local out, err, rc = run("-e 'x = 2' -e 'print(x * 21)'")
   tester:eq(out, '42\n')
   tester:eq(err, '')
   tester:eq(rc, 0)
end

function tests.torch_is_loaded()
   local out, _, rc = run("-e 'print(torch.typename(torch.zeros(2)))'")
   tester:eq(out, 'torch.DoubleTensor\n')
   tester:eq(rc, 0)
end

function tests.error_gives_status_1_and_traceback()
   local out, err, rc = run("-e 'local function f() error(\"boom\") end f()'")
   tester:eq(out, '')
   tester:eq(rc, 1)
   tester:eq(err:match('^[^\n]*'), 'lantern: (command line):1: boom')
   tester:assert(err:find('stack traceback:', 1, true) ~= nil, 'a traceback follows')
   tester:assert(err:find("in local 'f'", 1, true) ~= nil, 'naming the function')
end

function tests.error_objects()
   local _, err, rc = run("-e 'error({})'")
   tester:eq(err:match('^[^\n]*'), 'lantern: (error object is a table value)')
   tester:eq(rc, 1)
   _, err, rc = run("-e 'error(setmetatable({}, {__tostring = function() return \"mine\" end}))'")
   tester:eq(err, 'lantern: mine\n')
   tester:eq(rc, 1)
end

function tests.script_with_arguments()
   local path = script('args.lua', [[
print(arg[0]:match('[^/]*$'), arg[1], arg[2], #arg, select('#', ...), ...)
print(arg[-1] ~= nil)
]])
   local out, err, rc = run(q(path) .. ' a "b c"')
   tester:eq(out, 'args.lua\ta\tb c\t2\t2\ta\tb c\ntrue\n')
   tester:eq(err, '')
   tester:eq(rc, 0)
end

function tests.options_before_the_script_land_in_negative_indices()
   local path = script('neg.lua', 'print(arg[-2], arg[-1], arg[1])\n')
   local out, _, rc = run("-e 'y = 1' " .. q(path) .. ' z')
   tester:eq(out, '-e\ty = 1\tz\n')
   tester:eq(rc, 0)
end

function tests.script_exit_status()
   local path = script('exit.lua', 'os.exit(7)\n')
   local _, _, rc = run(q(path))
   tester:eq(rc, 7, 'os.exit status passes through')
   path = script('fail.lua', 'local t = nil\nprint(t.x)\n')
   local out, err, rc2 = run(q(path))
   tester:eq(rc2, 1)
   tester:eq(out, '')
   tester:assert(err:find("fail.lua:2: attempt to index a nil value (local 't')", 1, true) ~= nil,
      'the error names the line: ' .. err)
end

function tests.syntax_error_in_script()
   local path = script('syntax.lua', 'x = = 1\n')
   local _, err, rc = run(q(path))
   tester:eq(rc, 1)
   tester:assert(err:find("syntax.lua:1: unexpected symbol near '='", 1, true) ~= nil, err)
end

function tests.missing_script()
   local _, err, rc = run(q(tmp .. '/none.lua'))
   tester:eq(rc, 1)
   tester:eq(err, 'lantern: cannot open ' .. tmp .. '/none.lua: No such file or directory\n')
end

function tests.piped_script_runs_without_a_prompt()
   local out, err, rc = run('', 'print(1 + 1)\nprint(torch.ones(2):sum())\n')
   tester:eq(out, '2\n2.0\n', 'no prompt, no banner')
   tester:eq(err, '')
   tester:eq(rc, 0)
   out, err, rc = run('', 'error("piped")\n')
   tester:eq(rc, 1)
   tester:eq(err:match('^[^\n]*'), 'lantern: stdin:1: piped')
end

function tests.dash_reads_stdin_as_script()
   local out, _, rc = run("- x y", 'print(...)\n')
   tester:eq(out, 'x\ty\n')
   tester:eq(rc, 0)
end

function tests.double_dash_ends_options()
   local path = script('-odd.lua', 'print("odd", ...)\n')
   local out, _, rc = run('-- ' .. q(path) .. ' -e')
   tester:eq(out, 'odd\t-e\n')
   tester:eq(rc, 0)
end

function tests.l_requires_a_library()
   script('mylib.lua', 'return { answer = 42 }\n')
   local out, _, rc = run(string.format("-e 'package.path = %q .. package.path' -l mylib -e 'print(mylib.answer)'",
      tmp .. '/?.lua;'))
   tester:eq(out, '42\n')
   tester:eq(rc, 0)
   out, _, rc = run(string.format("-e 'package.path = %q .. package.path' -l m=mylib -e 'print(m.answer)'",
      tmp .. '/?.lua;'))
   tester:eq(out, '42\n')
   tester:eq(rc, 0)
   local _, err, rc2 = run('-l nosuchlibrary')
   tester:eq(rc2, 1)
   tester:eq(err:match('^[^\n]*'), "lantern: module 'nosuchlibrary' not found:")
end

function tests.i_enters_the_prompt_after_the_script()
   local path = script('pre.lua', 'v = 6\n')
   local out, err, rc = run('-i ' .. q(path), 'v * 7\nerror("oops")\nv + 1\n')
   tester:eq(rc, 0, 'end of input ends the prompt normally')
   tester:assert(out:find('\n42\n', 1, true) ~= nil, 'the script ran, then the prompt: ' .. out)
   tester:assert(out:find('\n7\n', 1, true) ~= nil, 'an error does not end the session')
   tester:assert(err:find('stdin:1: oops', 1, true) ~= nil, err)
   tester:eq(slurp(tmp .. '/hist'), '', 'piped input is not written to the history')
end

function tests.i_after_a_failing_script()
   local path = script('bad.lua', 'w = 3\nerror("half way")\n')
   local out, err, rc = run('-i ' .. q(path), 'w * 2\n')
   tester:assert(err:find('bad.lua:2: half way', 1, true) ~= nil, err)
   tester:assert(out:find('\n6\n', 1, true) ~= nil, 'the prompt still runs, with the globals: ' .. out)
   tester:eq(rc, 1, 'the exit status says the script failed')
end

function tests.closed_stdin_is_end_of_input()
   for _, opts in ipairs { '', '-i' } do
      local cmd = string.format('cd %s && LANTERN_RC= LANTERN_HISTORY= timeout 10 %s %s <&- >/dev/null 2>&1',
         q(os.getenv('PWD') or '.'), q(LANTERN), opts)
      local _, how, code = os.execute(cmd)
      tester:eq(how .. ' ' .. tostring(code), 'exit 0', 'lantern ' .. opts .. ' with stdin closed')
   end
end

function tests.v_and_h()
   local out, _, rc = run('-v')
   tester:assert(out:match('^Lantern %d+%.%d+%.%d+ %(Lua 5%.4%.%d+%)\n$') ~= nil, out)
   tester:eq(rc, 0)
   out, _, rc = run('-h')
   tester:assert(out:find('usage: lantern [options] [script [args]]', 1, true) ~= nil, out)
   tester:assert(out:find('-i        enter the interactive prompt', 1, true) ~= nil)
   tester:eq(rc, 0)
end

function tests.bad_options()
   local out, err, rc = run('-x')
   tester:eq(rc, 1)
   tester:eq(out, '')
   tester:eq(err:match('^[^\n]*'), "lantern: unrecognized option '-x'")
   tester:assert(err:find('usage: lantern', 1, true) ~= nil)
   _, err, rc = run('-e')
   tester:eq(rc, 1)
   tester:eq(err:match('^[^\n]*'), "lantern: '-e' needs argument")
end

function tests.interrupted_script_fails()
   -- a script interrupted by SIGINT reports "interrupted!" and exits 1
   local path = script('spin.lua', 'io.write("go\\n") io.flush() while true do end\n')
   local cmd = string.format('cd %s && (%s %s >%s/out 2>%s/err & p=$!; sleep 0.5; kill -INT $p; wait $p; echo $? >%s/rc)',
      q(os.getenv('PWD') or '.'), q(LANTERN), q(path), q(tmp), q(tmp), q(tmp))
   os.execute(cmd)
   tester:eq(slurp(tmp .. '/rc'), '1\n')
   tester:eq(slurp(tmp .. '/err'):match('^[^\n]*'), 'lantern: ' .. path .. ':1: interrupted!')
end

function tests.lazy_globals()
   -- nn is another package; the global loads it or says clearly why not
   local out, err, rc = run("-e 'print(type(nn))'")
   if package.searchpath('nn', package.path) then
      tester:eq(out, 'table\n')
      tester:eq(rc, 0)
   else
      tester:eq(rc, 1)
      tester:eq(err:match('^[^\n]*'),
         "lantern: (command line):1: package 'nn' is not available (module 'nn' not found)")
   end
   if not package.searchpath('xlua', package.path) then
      out, err, rc = run("-e 'print(xlua)'")
      tester:eq(out, 'nil\n', 'an optional helper package is nil when absent')
      tester:eq(rc, 0)
   end
   out, _, rc = run("-e 'print(rawget(_G, \"nn\"), undefinedname)'")
   tester:eq(out, 'nil\tnil\n', 'other globals are untouched; nothing loads at start-up')
   tester:eq(rc, 0)
end

tester:add(tests)
local ok = tester:run()
os.execute('rm -rf ' .. tmp)
return ok
