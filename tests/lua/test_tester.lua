-- torch.Tester and torch.TestSuite themselves: assertions record failures
-- (and return false) instead of raising, the messages are Torch7's, and
-- run() reports the right counts — to the screen and to $LANTERN_TEST_REPORT.
-- Sub-testers run with io.write captured and os.getenv('LANTERN_TEST_REPORT')
-- pointed at a file of their own, so the outer report is not polluted.
local tester = torch.Tester()
local tests = torch.TestSuite()

-- The message of the only failure recorded by f(sub), without the location.
local function failure(f)
   local sub = torch.Tester()
   local r = f(sub)
   if #sub.errors ~= 1 then return r, 'recorded ' .. #sub.errors .. ' failures' end
   return r, (sub.errors[1]:match('^(.-)\n\t'))
end

local function passes(f)
   local sub = torch.Tester()
   local r = f(sub)
   return r == true and #sub.errors == 0
end

local function errmsg(f)
   local ok, err = pcall(f)
   if ok then return 'no error' end
   return (tostring(err):gsub('^[^:]*:%d+: ', ''))
end

-- Runs sub:run(which) with the screen and the report file captured.
-- Returns run()'s result (or the error it raised), the output, the report.
local function runsub(sub, which)
   local out = {}
   local report = os.tmpname()
   local write, getenv = io.write, os.getenv
   io.write = function(...)
      for i = 1, select('#', ...) do out[#out + 1] = tostring((select(i, ...))) end
   end
   os.getenv = function(k)
      if k == 'LANTERN_TEST_REPORT' then return report end
      return getenv(k)
   end
   local ok, res = pcall(sub.run, sub, which)
   io.write, os.getenv = write, getenv
   local f = io.open(report)
   local rep = f:read('a')
   f:close()
   os.remove(report)
   if not ok then res = 'raised: ' .. tostring(res) end
   return res, table.concat(out), rep
end

local function line(i, n, name, verdict)   -- Torch7's progress line, 80 columns
   local w = #tostring(n)
   local prefix = string.format('%' .. w .. 'd/%d ', i, n)
   return prefix .. name .. ' ' .. string.rep('.', 80 - 8 - (2 * w + 2) - #name) .. ' '
          .. verdict .. '\n'
end

-- ------------------------------------------------------------ assertions
function tests.comparison_messages()
   local cases = {
      { function(t) return t:assertlt(2, 1) end, 'LT failed: 2 >= 1' },
      { function(t) return t:assertgt(1, 2) end, 'GT failed: 1 <= 2' },
      { function(t) return t:assertle(2, 1) end, 'LE failed: 2 > 1' },
      { function(t) return t:assertge(1, 2) end, 'GE failed: 1 < 2' },
      { function(t) return t:asserteq(1, 2) end, 'EQ failed: 1 ~= 2' },
      { function(t) return t:assertne(1, 1) end, 'NE failed: 1 == 1' },
      { function(t) return t:assertlt(2, 1, 'two < one') end, 'two < one\nLT failed: 2 >= 1' },
      { function(t) return t:assert(false) end, 'BOOL violation condition=false' },
      { function(t) return t:assert(false, 'msg') end, 'msg\nBOOL violation condition=false' },
      { function(t) return t:assertalmosteq(1, 1.1, 0.05) end,
        'ALMOST_EQ failed: 1 ~= 1.1 with tolerance=0.05' },
      { function(t) return t:assertalmosteq(1, 1 + 1e-15) end,
        'ALMOST_EQ failed: 1 ~= 1.0 with tolerance=1e-16' },
      { function(t) return t:assertalmosteq(0 / 0, 0 / 0, 1) end, nil },
   }
   for i, c in ipairs(cases) do
      local r, msg = failure(c[1])
      tester:eq(r, false, 'case ' .. i .. ' returns false')
      if c[2] then tester:eq(msg, c[2], 'case ' .. i) end
   end
   tester:assert(passes(function(t) return t:assertlt(1, 2) end))
   tester:assert(passes(function(t) return t:assertge(2, 2) end))
   tester:assert(passes(function(t) return t:assertalmosteq(1, 1.04, 0.05) end))
   tester:assert(passes(function(t) return t:assertalmosteq(1, 1.04, 'msg', 0.05) end),
                 'tolerance and message in either order')
   tester:assert(passes(function(t) return t:assertalmosteq(math.huge, math.huge) end))
end

function tests.eq_messages()
   local T = torch.Tensor
   local cases = {
      { 1, 2, nil, 'EQ failed: 1 ~= 2' },
      { 1, 2, 'msg', 'msg\nEQ failed: 1 ~= 2' },
      { 1, 1.5, 0.1, 'EQ failed: 1 ~= 1.5 with tolerance=0.1' },
      { 1, '1', nil, 'EQ failed: values have different types (first: number, second: string)' },
      { 'a', 'b', nil, 'EQ failed: a (string) ~= b (string)' },
      { true, false, nil, 'EQ failed: true (boolean) ~= false (boolean)' },
      { { 1, 2 }, { 1, 3 }, nil, 'At table location 2: EQ failed: 2 ~= 3' },
      { { a = { b = 1 } }, { a = { b = 2 } }, nil, 'At table location a.b: EQ failed: 1 ~= 2' },
      { { 1 }, { 1, 2 }, nil, 'Entry 2 missing in first table (is 2 in second)' },
      { { 1, 2 }, { 1 }, nil, 'Entry 2 missing in second table (is 2 in first)' },
      { T({ 1, 2 }), T({ 1, 3 }), nil, 'TensorEQ(==) violation: max diff=1.0, tolerance=0' },
      { T({ 1, 2 }), T({ 1, 3 }), 0.5, 'TensorEQ(==) violation: max diff=1.0, tolerance=0.5' },
      { T({ 1, 2 }), torch.FloatTensor({ 1, 2 }), nil, 'The tensors have different types' },
      { T(2, 2):zero(), T(4):zero(), nil, 'The tensors have different dimensions' },
      { T(2, 2):zero(), T(2, 3):zero(), nil, 'The tensors have different sizes' },
      { torch.LongTensor({ math.maxinteger }), torch.LongTensor({ math.mininteger }), nil,
        'TensorEQ(==) violation: max diff=1.844674407371e+19, tolerance=0' },
      { torch.DoubleStorage({ 1, 2 }), torch.DoubleStorage({ 1, 3 }), nil,
        'StorageEQ(==) violation: max diff=1.0, tolerance=0' },
      { torch.DoubleStorage({ 1 }), torch.FloatStorage({ 1 }), nil,
        'The storages have different types' },
      { T({ 1 }), torch.DoubleStorage({ 1 }), nil, 'EQ failed: [torch.DoubleTensor of size 1] '
        .. '(torch.DoubleTensor) ~= [torch.DoubleStorage of size 1] (torch.DoubleStorage)' },
      { { t = T({ 1, 2 }) }, { t = T({ 1, 5 }) }, nil,
        'At table location t: TensorEQ(==) violation: max diff=3.0, tolerance=0' },
      { math.maxinteger, math.maxinteger - 1, nil,
        'EQ failed: 9223372036854775807 ~= 9223372036854775806' },
   }
   for i, c in ipairs(cases) do
      local r, msg = failure(function(t) return t:eq(c[1], c[2], c[3]) end)
      tester:eq(r, false, 'case ' .. i .. ' returns false')
      tester:eq(msg, c[4], 'case ' .. i)
   end
   local ok = {
      { 1, 1 }, { 1, 1.0 }, { 0 / 0, 0 / 0 }, { math.huge, math.huge }, { 'a', 'a' },
      { { 1, { 2, x = 'y' } }, { 1, { 2, x = 'y' } } }, { T({ 1, 0 / 0 }), T({ 1, 0 / 0 }) },
      { T(), T() }, { torch.LongTensor({ 3 }), torch.LongTensor({ 3 }) },
      { torch.DoubleStorage({ 1, 2 }), torch.DoubleStorage({ 1, 2 }) },
   }
   for i, c in ipairs(ok) do
      tester:assert(passes(function(t) return t:eq(c[1], c[2]) end), 'equal case ' .. i)
   end
   tester:assert(passes(function(t) return t:eq(1, 1.05, 0.1) end))
   tester:assert(passes(function(t) return t:eq(1, 1.05, 'msg', 0.1) end))
   tester:assert(passes(function(t) return t:eq(1, 1.05, 0.1, 'msg') end))
   tester:assert(passes(function(t) return t:eq(T({ 1, 2 }), T({ 1, 2.01 }), 0.1) end))
   tester:assert(passes(function(t) return t:assertGeneralEq({ 1 }, { 1 }) end))
   -- tables that contain themselves terminate
   local a, b = {}, {}
   a.self, b.self = a, b
   tester:assert(passes(function(t) return t:eq(a, b) end), 'cyclic tables')
   b.x = 1
   tester:eq(select(2, failure(function(t) return t:eq(a, b) end)),
             'Entry x missing in first table (is 1 in second)')
end

function tests.ne_messages()
   local T = torch.Tensor
   tester:eq(select(2, failure(function(t) return t:ne(1, 1) end)), 'NE failed: 1 == 1')
   tester:eq(select(2, failure(function(t) return t:ne(1, 1.05, 0.1) end)),
             'NE failed: 1 == 1.05 with tolerance=0.1')
   tester:eq(select(2, failure(function(t) return t:ne(T({ 1 }), T({ 1 })) end)),
             'TensorNE(==) violation: max diff=0, tolerance=0')
   tester:eq(select(2, failure(function(t) return t:assertGeneralNe({ 1 }, { 1 }) end)),
             'The tables are equal')
   tester:assert(passes(function(t) return t:ne(1, 2) end))
   tester:assert(passes(function(t) return t:ne(1, 'x') end))
   tester:assert(passes(function(t) return t:ne({ 1 }, { 2 }) end))
   tester:assert(passes(function(t) return t:ne(T({ 1 }), T({ 2 })) end))
   tester:assert(passes(function(t) return t:ne(T({ 1 }), T(1, 1):fill(1)) end), 'dims differ')
end

function tests.tensor_and_table_asserts()
   local T = torch.Tensor
   tester:eq(select(2, failure(function(t)
                return t:assertTensorEq(T({ 1, 2 }), T({ 1, 3 }), 0.5)
             end)),
             'TensorEQ(==) violation: max diff=1.0, tolerance=0.5')
   tester:eq(select(2, failure(function(t) return t:assertTensorEq(T({ 1 }), T({ 2 }), 'msg') end)),
             'msg\nTensorEQ(==) violation: max diff=1.0, tolerance=0')
   tester:eq(select(2, failure(function(t) return t:assertTensorNe(T({ 1 }), T({ 1 })) end)),
             'TensorNE(==) violation: max diff=0, tolerance=0')
   tester:assert(passes(function(t) return t:assertTensorNe(T({ 1 }), T({ 2 })) end))
   -- transposed and non-contiguous operands
   local m = T({ { 1, 2 }, { 3, 4 } })
   tester:assert(passes(function(t) return t:assertTensorEq(m:t(), T({ { 1, 3 }, { 2, 4 } })) end))
   -- Torch7's compatibility rule: same contents, other shape -> equal, with a warning
   local sub = torch.Tester()
   tester:eq(sub:assertTensorEq(T({ { 1, 2 } }), T({ 1, 2 })), true)
   tester:eq(#sub.warnings, 1)
   tester:assert(sub.warnings[1]:find('same content but different dimensions', 1, true) ~= nil)
   tester:eq(errmsg(function() sub:assertTensorEq(1, T({ 1 })) end),
             'First argument should be a Tensor')
   tester:eq(errmsg(function() sub:assertTensorEq(T({ 1 }), {}) end),
             'Second argument should be a Tensor')
   tester:eq(select(2, failure(function(t) return t:assertTableEq({ 1 }, { 2 }) end)),
             'At table location 1: EQ failed: 1 ~= 2')
   tester:eq(select(2, failure(function(t) return t:assertTableNe({ 1 }, { 1 }, 'msg') end)),
             'msg\nThe tables are equal')
   tester:assert(passes(function(t) return t:assertTableEq({ 1, 2.05 }, { 1, 2 }, 0.1) end))
   tester:eq(errmsg(function() sub:assertTableEq(1, {}) end), 'First argument should be a Table')
   tester:eq(errmsg(function() sub:assertTableEq({}, 2) end), 'Second argument should be a Table')
end

function tests.error_asserts()
   local function boom() error('boom') end
   local function boom0() error('boom', 0) end
   local function quiet() end
   tester:assert(passes(function(t) return t:assertError(boom) end))
   tester:eq(select(2, failure(function(t) return t:assertError(quiet, 'msg') end)),
             'msg\nERROR violation: err=nil')
   tester:assert(passes(function(t) return t:assertNoError(quiet) end))
   tester:eq(select(2, failure(function(t) return t:assertNoError(boom0) end)),
             'ERROR violation: err=boom')
   tester:assert(passes(function(t) return t:assertErrorMsg(boom0, 'boom') end), 'exact')
   tester:assert(passes(function(t) return t:assertErrorMsg(boom, 'boom') end), 'without file:line')
   tester:eq(select(2, failure(function(t) return t:assertErrorMsg(boom0, 'bam') end)),
             'ERROR violation: err=boom')
   tester:eq(select(2, failure(function(t) return t:assertErrorMsg(quiet, 'bam') end)),
             'ERROR violation: err=nil')
   tester:assert(passes(function(t) return t:assertErrorPattern(boom, 'bo+m') end))
   tester:eq(select(2, failure(function(t) return t:assertErrorPattern(boom0, '^x') end)),
             'ERROR violation: err=boom')
   local function obj() error({ code = 3 }) end
   tester:assert(passes(function(t)
      return t:assertErrorObj(obj, function(e) return e.code == 3 end)
   end))
   tester:eq(select(2, failure(function(t)
      return t:assertErrorObj(obj, function(e) return e.code == 4 end)
   end)):match('^ERROR violation: err=table: '), 'ERROR violation: err=table: ')
   -- a comparison function that itself fails counts as a mismatch
   tester:eq(failure(function(t) return t:assertErrorObj(boom0, function(e) return e.x.y end) end),
             false)
   tester:assert(passes(function(t) return t:assertErrorPattern(obj, 'table') end),
                 'non-string errors are matched through tostring')
end

function tests.bad_assertion_arguments()
   local sub = torch.Tester()
   tester:eq(errmsg(function() sub:assertlt(1, 2, 'm', 'extra') end),
             'unexpected arguments passed to the assertion (expected at most a message)')
   tester:eq(errmsg(function() sub:assert(true, 5) end),
             'the message of an assertion must be a string, got number')
   tester:eq(errmsg(function() sub:eq(1, 1, -1) end), 'tolerance cannot be negative')
   tester:eq(errmsg(function() sub:eq(1, 1, 'a', 'b') end),
             'unexpected string argument: already have a message')
   tester:eq(errmsg(function() sub:eq(1, 1, 1, 2) end),
             'unexpected number argument: already have a tolerance')
   tester:eq(errmsg(function() sub:eq(1, 1, {}) end),
             'unexpected table argument: expected a tolerance or a message')
   -- assert on a non-boolean: evaluated for truth, with a warning
   tester:eq(sub:assert(1), true)
   tester:eq(#sub.warnings, 1)
   tester:eq(select(2, failure(function(t) return t:assert(nil) end)),
             'BOOL violation condition=nil')
end

function tests.failure_location()
   local sub = torch.Tester()
   local here = debug.getinfo(1, 'l').currentline + 1
   sub:eq(1, 2)
   tester:eq(#sub.errors, 1)
   local loc = sub.errors[1]:match('\n\t([^\n]*)')
   tester:eq(loc:match('^(.-): in '), 'tests/lua/test_tester.lua:' .. here)
   -- through a helper: the helper's line and its caller's
   local function helper() sub:assertlt(2, 1) end
   local line1 = debug.getinfo(1, 'l').currentline - 1
   local line2 = debug.getinfo(1, 'l').currentline + 1
   helper()
   local lines = {}
   for l in sub.errors[2]:gmatch('\n\t([^\n]*)') do lines[#lines + 1] = l:match('^(.-): in ') end
   local file = 'tests/lua/test_tester.lua:'
   tester:eq(lines, { file .. line1, file .. line2 })
end

-- ------------------------------------------------------------ running
function tests.run_counts_and_report()
   local sub = torch.Tester()
   local ran = {}
   local s = torch.TestSuite()
   function s.a_pass() ran[#ran + 1] = 'a' end
   function s.b_fail()
      sub:eq(1, 1)
      sub:eq(1, 2, 'first')
      sub:assert(false, 'second')
   end
   function s.c_error() error('kaboom', 0) end
   function s.d_disabled() ran[#ran + 1] = 'd' end
   sub:add(s)
   sub:disable('d_disabled')
   local res, out, rep = runsub(sub)
   tester:eq(res, false)
   tester:eq(rep, '1 2\n', 'report: 1 passed, 1 failed + 1 error; the disabled one in neither')
   local dashes = string.rep('-', 80)
   local expected = 'Running 4 tests\n'
      .. line(1, 4, 'a_pass', '[PASS]')
      .. line(2, 4, 'b_fail', '[FAIL]')
      .. line(3, 4, 'c_error', '[ERROR]')
      .. line(4, 4, 'd_disabled', '[SKIP]')
      .. 'Completed 3 asserts in 4 tests with 1 failure and 1 error and 1 disabled\n'
      .. dashes .. '\n'
   tester:eq(out:sub(1, #expected), expected)
   -- the sections: each failure with its test's name, then the error
   local rest = out:sub(#expected + 1)
   local sections = {}
   for sec in rest:gmatch('(.-)\n' .. string.rep('%-', 80) .. '\n') do
      sections[#sections + 1] = sec
   end
   tester:eq(#sections, 3)
   tester:eq(sections[1]:match('^(.-)\n\t'), 'b_fail\nfirst\nEQ failed: 1 ~= 2')
   tester:eq(sections[2]:match('^(.-)\n\t'), 'b_fail\nsecond\nBOOL violation condition=false')
   tester:assert(sections[3]:find('^c_error\n Function call failed\nkaboom\nstack traceback:')
                 ~= nil,
                 sections[3])
   tester:eq(sub.countasserts, 3)
   tester:eq(sub.assertionFail.b_fail, 2)
   tester:eq(sub.assertionPass.b_fail, 1)
   tester:eq(sub.testError.c_error, 1)
   tester:eq(ran, { 'a' }, 'the passing test ran, the disabled one did not')
   -- running again starts afresh
   res, out, rep = runsub(sub, 'a_pass')
   tester:eq(res, true)
   tester:eq(rep, '1 0\n')
   tester:eq(out, 'Running 1 test\n' .. line(1, 1, 'a_pass', '[PASS]')
                  .. 'Completed 0 asserts in 1 test with 0 failures and 0 errors\n')
end

function tests.run_selection()
   local sub = torch.Tester()
   local ran = {}
   local s = torch.TestSuite()
   for _, n in ipairs({ 'alpha', 'beta', 'beta2', 'x.y' }) do
      s[n] = function() ran[#ran + 1] = n end
   end
   sub:add(s)
   local res, out, rep = runsub(sub, { '^beta' })
   tester:eq(ran, { 'beta', 'beta2' })
   tester:eq(res, true)
   tester:eq(rep, '2 0\n')
   tester:assert(out:find('^Running 2 tests\n') ~= nil)
   ran = {}
   runsub(sub, { 'x.y', 'alpha' })   -- names match themselves; run in the order added
   tester:eq(ran, { 'alpha', 'x.y' })
   res = runsub(sub, 'nothing')
   tester:eq(res, "raised: Couldn't find test 'nothing'")
   tester:eq(errmsg(function() sub:run(5) end),
             'Tester:run: expected a name or a table of names (or nil for all tests)')
end

function tests.early_abort_rethrow_summary()
   local function make()
      local sub = torch.Tester()
      local s = torch.TestSuite()
      function s.a() sub:eq(1, 2) end
      function s.b() sub:eq(1, 1) end
      sub:add(s)
      return sub
   end
   local sub = make()
   sub:setEarlyAbort(true)
   local res, out, rep = runsub(sub)
   tester:eq(res, false)
   tester:eq(rep, '0 1\n')
   tester:assert(out:find(line(1, 2, 'a', '[FAIL]')
                 .. 'Aborting on first error, not all tests have been executed\n', 1, true) ~= nil)
   tester:assert(out:find('2/2 b', 1, true) == nil, 'b did not run')
   -- rethrow: the first failing assertion raises out of run()
   sub = make()
   sub:setRethrowErrors(true)
   res = runsub(sub)
   tester:assert(res:find('^raised: a\nEQ failed: 1 ~= 2\n\ttests/lua/test_tester.lua:%d+') ~= nil,
                 res)
   -- summary only: no sections
   sub = make()
   sub:setSummaryOnly(true)
   res, out = runsub(sub)
   tester:eq(res, false)
   tester:assert(out:find('Completed 2 asserts in 2 tests with 1 failure and 0 errors\n$') ~= nil,
                 out)
end

function tests.setup_teardown_and_warnings()
   local sub = torch.Tester()
   local log = {}
   local s = torch.TestSuite()
   function s._setUp(name) log[#log + 1] = 'up ' .. name end
   function s._tearDown(name) log[#log + 1] = 'down ' .. name end
   function s.one() log[#log + 1] = 'one'; sub:assert(1) end
   function s.two() log[#log + 1] = 'two' end
   sub:add(s)
   local res, out, rep = runsub(sub)
   tester:eq(log, { 'up one', 'one', 'down one', 'up two', 'two', 'down two' })
   tester:eq(res, true)
   tester:eq(rep, '2 0\n')
   tester:assert(out:find(line(1, 2, 'one', '[PASS]\n' .. string.rep(' ', 70) .. '[+warning]'),
                          1, true) ~= nil, out)
   tester:assert(out:find('with 0 failures and 0 errors and 1 warning\n', 1, true) ~= nil)
   tester:assert(out:find(':assert should only be used for boolean conditions', 1, true) ~= nil)
   -- a plain table of tests works, with Torch7's warning
   local sub2 = torch.Tester()
   sub2:add({ t = function() end })
   res, out = runsub(sub2)
   tester:eq(res, true)
   tester:assert(out:find('Should use TestSuite rather than plain lua table', 1, true) ~= nil)
   tester:assert(out:find('and 1 warning', 1, true) ~= nil)
end

function tests.add_and_suites()
   local sub = torch.Tester()
   local function f() end
   sub:add(f, 'named')
   sub:add(f)
   tester:eq(sub.names, { 'named', 'test2' })
   tester:eq(errmsg(function() sub:add(f, 'named') end), 'Test with name named already exists!')
   tester:eq(errmsg(function() sub:add(5) end),
             'Tester:add: expected a function, a TestSuite or a table of functions, got number')
   tester:eq(errmsg(function() sub:add({ x = 5 }, 'p') end),
             "Tester:add: test 'x' is a number; only functions and tables of functions can "
             .. 'be added')
   -- nested plain tables get dotted names
   sub:add({ inner = { b = f, a = f } }, 'outer')
   tester:eq(sub.names, { 'named', 'test2', 'outer.inner.a', 'outer.inner.b' })
   tester:eq(errmsg(function() sub:disable('nope') end), "Tester:disable: unrecognized test 'nope'")
   tester:eq(sub:disable({ 'named', 'test2' }), sub)
   local s = torch.TestSuite()
   function s.x() end
   tester:eq(errmsg(function() s.x = f end), 'Test x is already defined.')
   tester:eq(errmsg(function() s.y = {} end), 'Nested tables of tests are not supported')
   tester:eq(errmsg(function() s.z = 1 end),
             'Only functions are supported as members of a TestSuite')
   tester:eq(type(s.x), 'function')
   local names = {}
   for k in pairs(s) do names[#names + 1] = k end
   tester:eq(names, { 'x' })
end

tester:add(tests)
tester:run()
