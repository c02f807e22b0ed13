-- torch.Tester — Torch7's unit-testing class, and torch.TestSuite.
--
--   local tester = torch.Tester()
--   local tests = torch.TestSuite()
--   function tests.addition() tester:eq(1 + 1, 2) end
--   tester:add(tests)
--   tester:run()
--
-- The API and the output are Torch7's (its Tester.lua of 2016): assertions
-- record a failure, with the message and the caller's location, and return
-- false instead of raising; an error raised inside a test is recorded as an
-- error; a test passes when it records neither.  After the run, a summary
-- line and one section per failure:
--
--   Running 2 tests
--   1/2 addition ........................................................ [PASS]
--   2/2 subtraction ..................................................... [FAIL]
--   Completed 3 asserts in 2 tests with 1 failure and 0 errors
--   --------------------------------------------------------------------------------
--   subtraction
--   EQ failed: 1 ~= 2
--           tests/lua/test_x.lua:12: in function <tests/lua/test_x.lua:10>
--   --------------------------------------------------------------------------------
--
-- Differences from Torch7, all on the side of determinism and safety:
-- tests run in the order they were added (a table's functions sorted by
-- name) rather than pairs() order; NaN equals NaN and inf equals inf in the
-- equality checks (so a test can pin them); tables that contain themselves
-- are compared without looping; plain tables of tests may nest (names are
-- joined with '.'); assertErrorMsg also accepts the message without its
-- "file:line: " prefix; run() returns true when everything passed instead
-- of raising.  When $LANTERN_TEST_REPORT names a file, run() appends
-- "passed failed" (tests, not asserts) to it for tests/run.sh.
--
-- Element-wise comparisons use element access only, so testing the tensor
-- library's reductions does not depend on those reductions.
local torch = require 'torch'

local Tester = torch.class('torch.Tester')

local NCOLS = 80

function Tester:__init()
   self.errors = {}
   self.warnings = {}
   self.tests = {}
   self.names = {}               -- in the order added
   self.disabledTests = {}
   self._warningCount = {}
   self._outsideWarnings = {}    -- from add(): kept across runs
   self._running = false
   self._currentTestName = ''
   self.assertionPass = { [''] = 0 }
   self.assertionFail = { [''] = 0 }
   self.testError = {}
   self.earlyAbort = false
   self.rethrow = false
   self.summaryOnly = false
   -- Torch7 kept assertTensorEq comparing contents only ({{1}} == {1}),
   -- with a warning, for backwards compatibility; :eq checks sizes.
   self._assertTensorEqIgnoresDims = true
end

function Tester:setEarlyAbort(v) self.earlyAbort = v and true or false end
function Tester:setRethrowErrors(v) self.rethrow = v and true or false end
function Tester:setSummaryOnly(v) self.summaryOnly = v and true or false end

-- ------------------------------------------------------------ recording
local here = debug.getinfo(1, 'S').source

-- "\tfile:line: in function ..." for the first two frames outside this
-- file: the assertion's caller and, when that is a helper, its caller.
local function location()
   local lines = {}
   for level = 2, 60 do
      local info = debug.getinfo(level, 'Sln')
      if not info or info.what == 'C' then
         if #lines > 0 then break end
      elseif info.source ~= here then
         local fn = info.name and ("function '" .. info.name .. "'")
            or string.format('function <%s:%d>', info.short_src, info.linedefined or 0)
         lines[#lines + 1] = string.format('\t%s:%d: in %s', info.short_src,
                                           info.currentline or 0, fn)
         if #lines == 2 then break end
      end
      if not info then break end
   end
   return #lines > 0 and table.concat(lines, '\n') or '\t(unknown location)'
end

function Tester:_addDebugInfo(message)
   local name = self._currentTestName
   return (name ~= '' and name .. '\n' or '') .. message .. '\n' .. location()
end

function Tester:_count(tbl)
   local name = self._currentTestName
   tbl[name] = (tbl[name] or 0) + 1
end

function Tester:_success()
   self:_count(self.assertionPass)
   return true
end

function Tester:_failure(message)
   if self.rethrow then error(self:_addDebugInfo(message), 0) end
   self:_count(self.assertionFail)
   self.errors[#self.errors + 1] = self:_addDebugInfo(message)
   return false
end

function Tester:_warning(message)
   self:_count(self._warningCount)
   local w = self:_addDebugInfo(message)
   self.warnings[#self.warnings + 1] = w
   if not self._running then self._outsideWarnings[#self._outsideWarnings + 1] = w end
end

function Tester:_assert_sub(condition, message)
   if condition then return self:_success() end
   return self:_failure(message)
end

-- The optional message of an assertion: '' or "message\n".
local function getMessage(message, ...)
   if select('#', ...) > 0 and next({ ... }) ~= nil then
      error('unexpected arguments passed to the assertion (expected at most a message)', 3)
   end
   if message == nil or message == '' then return '' end
   if type(message) ~= 'string' then
      error('the message of an assertion must be a string, got ' .. type(message), 3)
   end
   return message .. '\n'
end

-- Tolerance and message, in either order (Torch7 accepts both).
local function getToleranceAndMessage(default, ...)
   local message, tolerance
   for i = 1, select('#', ...) do
      local a = select(i, ...)
      if type(a) == 'string' then
         if message then error('unexpected string argument: already have a message', 3) end
         message = a ~= '' and a .. '\n' or ''
      elseif type(a) == 'number' then
         if tolerance then error('unexpected number argument: already have a tolerance', 3) end
         if not (a >= 0) then error('tolerance cannot be negative', 3) end
         tolerance = a
      elseif a ~= nil then
         error('unexpected ' .. type(a) .. ' argument: expected a tolerance or a message', 3)
      end
   end
   return tolerance or default, message or ''
end

-- ------------------------------------------------------------ comparisons
local check = {}

local function isStorage(x)
   local n = torch.typename(x)
   return n ~= nil and n:match('^torch%.%a+Storage$') ~= nil
end

-- |x - y| as a float that is 0 exactly when x == y (NaN matches NaN, an
-- infinity itself), whatever integer overflow or rounding would do.
local function absdiff(x, y)
   if x == y then return 0 end
   if x ~= x or y ~= y then return (x ~= x and y ~= y) and 0 or math.huge end
   local d
   if math.type(x) == 'integer' and math.type(y) == 'integer' then
      local s = x - y
      d = ((x > y) == (s > 0)) and math.abs(s + 0.0) or math.abs(x + 0.0 - y)
   else
      d = math.abs(x - y)
   end
   if d ~= d then return math.huge end
   return d > 0 and d or 2.0 ^ -1074
end

-- Largest absdiff over n elements read by index from two flat sequences.
local function maxdiff(fa, fb, n)
   local worst = 0
   for i = 1, n do
      local d = absdiff(fa[i], fb[i])
      if d > worst then worst = d end
   end
   return worst
end

-- Tensors and storages are described, not printed, in messages.
local function describe(x)
   if torch.isTensor(x) then
      local s = {}
      for i = 1, x:dim() do s[i] = x:size(i) end
      return string.format('[%s of size %s]', torch.type(x), #s > 0 and table.concat(s, 'x') or '0')
   elseif isStorage(x) then
      return string.format('[%s of size %d]', torch.type(x), #x)
   end
   return tostring(x)
end

local function flatten(t)
   local n = t:nElement()
   return t:contiguous():view(n), n
end

function check.areSameFormatTensorsEq(ta, tb, tolerance, negate, storage)
   local err
   if storage then
      err = maxdiff(ta, tb, #ta)
   else
      local fa, n = flatten(ta)
      err = maxdiff(fa, (flatten(tb)), n)
   end
   local success = err <= tolerance
   if negate then success = not success end
   if success then return true end
   return false, string.format('%s%s violation: max diff=%s, tolerance=%s',
                               storage and 'Storage' or 'Tensor', negate and 'NE(==)' or 'EQ(==)',
                               tostring(err), tostring(tolerance))
end

function check.areTensorsEq(ta, tb, tolerance, negate, ignoreDims)
   if not ignoreDims and ta:dim() ~= tb:dim() then
      return negate, 'The tensors have different dimensions'
   end
   if ta:type() ~= tb:type() then
      return negate, 'The tensors have different types'
   end
   if ta:dim() == 0 and tb:dim() == 0 then
      return not negate, 'Both tensors are empty'
   end
   local sameSize
   if ignoreDims then
      sameSize = ta:nElement() == tb:nElement()
   else
      sameSize = ta:isSameSizeAs(tb)
   end
   if not sameSize then
      return negate, 'The tensors have different sizes'
   end
   return check.areSameFormatTensorsEq(ta, tb, tolerance, negate, false)
end

function check.areStoragesEq(sa, sb, tolerance, negate)
   if #sa ~= #sb then return negate, 'The storages have different sizes' end
   if torch.type(sa) ~= torch.type(sb) then return negate, 'The storages have different types' end
   return check.areSameFormatTensorsEq(sa, sb, tolerance, negate, true)
end

function check.areEq(got, expected, tolerance, negate)
   if type(got) ~= type(expected) then
      return negate, not negate and string.format(
         'EQ failed: values have different types (first: %s, second: %s)',
         type(got), type(expected)) or nil
   elseif type(got) == 'number' then
      local d = absdiff(got, expected)
      local ok = d == 0 or (tolerance > 0 and d <= tolerance)
      if negate then ok = not ok end
      if ok then return true end
      local msg = string.format(negate and 'NE failed: %s == %s' or 'EQ failed: %s ~= %s',
                                tostring(got), tostring(expected))
      if tolerance > 0 then msg = msg .. ' with tolerance=' .. tostring(tolerance) end
      return false, msg
   elseif type(expected) == 'table' then
      return check.areTablesEq(got, expected, tolerance, negate)
   elseif torch.isTensor(got) and torch.isTensor(expected) then
      return check.areTensorsEq(got, expected, tolerance, negate)
   elseif isStorage(got) and isStorage(expected) then
      return check.areStoragesEq(got, expected, tolerance, negate)
   end
   local ok = got == expected
   if negate then ok = not ok end
   if ok then return true end
   return false, string.format(negate and 'NE failed: %s (%s) == %s (%s)'
                                      or 'EQ failed: %s (%s) ~= %s (%s)',
                               describe(got), torch.type(got), describe(expected),
                               torch.type(expected))
end

-- Breadth-first, as Torch7 (a difference is reported at the shallowest
-- depth); pairs already compared are skipped, so cycles terminate.
function check.areTablesEq(t1, t2, tolerance, negate)
   local queue, head = { { t1, t2 } }, 1
   local seen = {}
   while queue[head] do
      local a, b, where = table.unpack(queue[head])
      head = head + 1
      local function sub(key)
         return where and where .. '.' .. tostring(key) or tostring(key)
      end
      seen[a] = seen[a] or {}
      if not seen[a][b] then
         seen[a][b] = true
         for key, v1 in pairs(a) do
            local v2 = b[key]
            if v2 == nil then
               return negate, string.format('Entry %s missing in second table (is %s in first)',
                                            sub(key), describe(v1))
            end
            if type(v1) == 'table' and type(v2) == 'table' then
               queue[#queue + 1] = { v1, v2, sub(key) }
            else
               local ok, msg = check.areEq(v1, v2, tolerance, false)
               if not ok then
                  return negate, 'At table location ' .. sub(key) .. ': ' .. msg
               end
            end
         end
         for key, v2 in pairs(b) do
            if a[key] == nil then
               return negate, string.format('Entry %s missing in first table (is %s in second)',
                                            sub(key), describe(v2))
            end
         end
      end
   end
   return not negate, 'The tables are equal'
end

-- ------------------------------------------------------------ assertions
function Tester:assert(condition, ...)
   local message = getMessage(...)
   if type(condition) ~= 'boolean' then
      self:_warning(' :assert should only be used for boolean conditions. To check for '
                    .. 'non-nil variables, do this explicitly: Tester:assert(var ~= nil).')
   end
   return self:_assert_sub(condition,
                           string.format('%sBOOL violation condition=%s', message,
                                         tostring(condition)))
end

function Tester:_eqOrNeq(got, expected, negate, ...)
   local tolerance, message = getToleranceAndMessage(0, ...)
   local ok, sub = check.areEq(got, expected, tolerance, negate)
   return self:_assert_sub(ok, message .. (sub or ''))
end

function Tester:assertGeneralEq(got, expected, ...)
   return self:_eqOrNeq(got, expected, false, ...)
end
function Tester:assertGeneralNe(got, unexpected, ...)
   return self:_eqOrNeq(got, unexpected, true, ...)
end
function Tester:eq(got, expected, ...) return self:_eqOrNeq(got, expected, false, ...) end
function Tester:ne(got, unexpected, ...) return self:_eqOrNeq(got, unexpected, true, ...) end

local function compare(op, fmt, test)
   Tester['assert' .. op] = function(self, a, b, ...)
      local message = getMessage(...)
      return self:_assert_sub(test(a, b),
                              string.format('%s' .. fmt, message, tostring(a), tostring(b)))
   end
end
compare('lt', 'LT failed: %s >= %s', function(a, b) return a < b end)
compare('gt', 'GT failed: %s <= %s', function(a, b) return a > b end)
compare('le', 'LE failed: %s > %s', function(a, b) return a <= b end)
compare('ge', 'GE failed: %s < %s', function(a, b) return a >= b end)
compare('eq', 'EQ failed: %s ~= %s', function(a, b) return a == b end)

function Tester:assertne(a, b, ...)
   local message = getMessage(...)
   if (type(a) == type(b) and type(a) == 'table') or type(a) == 'userdata' then
      self:_warning(' :assertne should only be used to compare basic lua objects (numbers, '
                    .. 'booleans, etc). Consider using either :assertGeneralNe or '
                    .. ':assert(a ~= b).')
   end
   return self:_assert_sub(a ~= b, string.format('%sNE failed: %s == %s', message,
                                                 tostring(a), tostring(b)))
end

function Tester:assertalmosteq(a, b, ...)
   local tolerance, message = getToleranceAndMessage(1e-16, ...)
   local diff = absdiff(a, b)
   return self:_assert_sub(a == b or (diff <= tolerance and a == a and b == b),
                           string.format('%sALMOST_EQ failed: %s ~= %s with tolerance=%s',
                                         message, tostring(a), tostring(b), tostring(tolerance)))
end

function Tester:_assertTensorEqOrNeq(ta, tb, negate, ...)
   if not torch.isTensor(ta) then error('First argument should be a Tensor', 3) end
   if not torch.isTensor(tb) then error('Second argument should be a Tensor', 3) end
   local tolerance, message = getToleranceAndMessage(0, ...)
   local ok, sub = check.areTensorsEq(ta, tb, tolerance, negate, self._assertTensorEqIgnoresDims)
   if self._assertTensorEqIgnoresDims and not negate and ok and not ta:isSameSizeAs(tb) then
      self:_warning('Tensors have the same content but different dimensions. For backwards '
                    .. 'compatibility, they are considered equal, but this may change in the '
                    .. 'future. Consider using :eq to check for equality instead.')
   end
   return self:_assert_sub(ok, message .. (sub or ''))
end

function Tester:assertTensorEq(ta, tb, ...) return self:_assertTensorEqOrNeq(ta, tb, false, ...) end
function Tester:assertTensorNe(ta, tb, ...) return self:_assertTensorEqOrNeq(ta, tb, true, ...) end

function Tester:_assertTableEqOrNeq(ta, tb, negate, ...)
   if type(ta) ~= 'table' then error('First argument should be a Table', 3) end
   if type(tb) ~= 'table' then error('Second argument should be a Table', 3) end
   return self:_eqOrNeq(ta, tb, negate, ...)
end

function Tester:assertTableEq(ta, tb, ...) return self:_assertTableEqOrNeq(ta, tb, false, ...) end
function Tester:assertTableNe(ta, tb, ...) return self:_assertTableEqOrNeq(ta, tb, true, ...) end

function Tester:assertErrorObj(f, errcomp, ...)
   local message = getMessage(...)
   local status, err = pcall(f)
   local ok = not status
   if ok then
      local cok, res = pcall(errcomp, err)
      ok = cok and res and true or false
   end
   return self:_assert_sub(ok, string.format('%sERROR violation: err=%s', message, tostring(err)))
end

function Tester:assertError(f, ...)
   return self:assertErrorObj(f, function() return true end, ...)
end

function Tester:assertNoError(f, ...)
   local message = getMessage(...)
   local status, err = pcall(f)
   return self:_assert_sub(status, string.format('%sERROR violation: err=%s', message,
                                                 tostring(err)))
end

-- The message as raised, or without the "file:line: " that error() prefixes.
function Tester:assertErrorMsg(f, errmsg, ...)
   return self:assertErrorObj(f, function(err)
      return err == errmsg or (type(err) == 'string' and err:gsub('^[^:\n]*:%d+: ', '') == errmsg)
   end, ...)
end

function Tester:assertErrorPattern(f, pattern, ...)
   return self:assertErrorObj(f, function(err)
      return string.find(tostring(err), pattern) ~= nil
   end, ...)
end

-- ------------------------------------------------------------ adding tests
-- add(f, name) | add(TestSuite) | add(table [, prefix])
function Tester:add(f, name)
   if type(f) == 'table' then
      local tests = f
      if rawget(f, '__isTestSuite') then
         tests = rawget(f, '__tests')
      elseif not name then
         self:_warning('Should use TestSuite rather than plain lua table')
      end
      local keys = {}
      for k in pairs(tests) do keys[#keys + 1] = k end
      table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
      for _, k in ipairs(keys) do
         local v = tests[k]
         if type(v) ~= 'function' and type(v) ~= 'table' then
            error(string.format("Tester:add: test '%s' is a %s; only functions and tables of "
                                .. 'functions can be added', tostring(k), type(v)), 2)
         end
         local full = (name and name .. '.' or '') .. tostring(k)
         if type(v) == 'table' then
            self:add(v, full)
         elseif k == '_setUp' or k == '_tearDown' then
            self:add(v, k)
         else
            self:add(v, full)
         end
      end
      return self
   end
   if type(f) ~= 'function' then
      error('Tester:add: expected a function, a TestSuite or a table of functions, got '
            .. type(f), 2)
   end
   if name == '_setUp' then
      if self._setUp then error('Tester:add: only one set-up function allowed', 2) end
      self._setUp = f
   elseif name == '_tearDown' then
      if self._tearDown then error('Tester:add: only one tear-down function allowed', 2) end
      self._tearDown = f
   else
      name = name or ('test' .. (#self.names + 1))
      if self.tests[name] ~= nil then error('Test with name ' .. name .. ' already exists!', 2) end
      self.tests[name] = f
      self.names[#self.names + 1] = name
   end
   return self
end

function Tester:disable(names)
   if type(names) == 'string' then names = { names } end
   if type(names) ~= 'table' then error('Tester:disable: expected a name or a list of names', 2) end
   for _, n in ipairs(names) do
      if not self.tests[n] then
         error("Tester:disable: unrecognized test '" .. tostring(n) .. "'", 2)
      end
      self.disabledTests[n] = true
   end
   return self
end

-- ------------------------------------------------------------ running
-- Names to run, in the order added: all, or those matching each pattern
-- (a name matches itself even when it holds pattern characters).
function Tester:_getTests(which)
   if which == nil then return self.names end
   if type(which) == 'string' then which = { which } end
   if type(which) ~= 'table' then
      error('Tester:run: expected a name or a table of names (or nil for all tests)', 3)
   end
   local chosen, list = {}, {}
   for _, pattern in ipairs(which) do
      local found = false
      for _, name in ipairs(self.names) do
         local ok, m = pcall(string.match, name, pattern)
         if name == pattern or (ok and m) then
            found = true
            chosen[name] = true
         end
      end
      if not found then error("Couldn't find test '" .. tostring(pattern) .. "'", 3) end
   end
   for _, name in ipairs(self.names) do
      if chosen[name] then list[#list + 1] = name end
   end
   return list
end

local function pluralize(n, word) return n .. ' ' .. word .. (n == 1 and '' or 's') end

local function traceback(e)
   return debug.traceback(tostring(e), 2)
end

function Tester:_run(names)
   local ntests = #names
   local width = #tostring(ntests)
   local cfmt = '%' .. width .. 'd/' .. ntests .. ' '
   local cfmtlen = width * 2 + 2
   io.write('Running ' .. pluralize(ntests, 'test') .. '\n')
   for i, name in ipairs(names) do
      self._currentTestName = name
      local line = string.format(cfmt, i) .. name .. ' '
         .. string.rep('.', NCOLS - 6 - 2 - cfmtlen - #name) .. ' '
      io.write(line)
      io.flush()
      local status, pass, skip = true, true, false
      self._ran[name] = true
      if self.disabledTests[name] then
         skip = true
      else
         local nerr = #self.errors
         if self._setUp then self._setUp(name) end
         if self.rethrow then
            self.tests[name]()
         else
            local ok, err = xpcall(self.tests[name], traceback)
            if not ok then
               status = false
               self.errors[#self.errors + 1] = name .. '\n Function call failed\n' .. err .. '\n'
            end
         end
         if self._tearDown then self._tearDown(name) end
         pass = status and nerr == #self.errors
      end
      local verdict
      if skip then verdict = '[SKIP]'
      elseif not status then
         self.testError[name] = 1
         verdict = '[ERROR]'
      elseif not pass then verdict = '[FAIL]'
      else
         verdict = '[PASS]'
         if (self._warningCount[name] or 0) > 0 then
            verdict = verdict .. '\n' .. string.rep(' ', NCOLS - 10) .. '[+warning]'
         end
      end
      io.write(verdict, '\n')
      io.flush()
      if self.earlyAbort and i < ntests and not skip and not (status and pass) then
         io.write('Aborting on first error, not all tests have been executed\n')
         break
      end
      collectgarbage()
   end
   self._currentTestName = ''
end

-- Runs all tests, or those named (names or Lua patterns).  Prints the
-- report and returns true when no test failed or raised an error.
function Tester:run(which)
   local names = self:_getTests(which)
   self.errors, self.warnings = {}, {}
   for i, w in ipairs(self._outsideWarnings) do self.warnings[i] = w end
   self.assertionPass, self.assertionFail, self.testError = { [''] = 0 }, { [''] = 0 }, {}
   self._warningCount = { [''] = #self._outsideWarnings }
   self._ran = {}
   for _, name in ipairs(names) do
      self.assertionPass[name], self.assertionFail[name] = 0, 0
      self.testError[name], self._warningCount[name] = 0, 0
   end
   self._running = true
   local ok, err = pcall(self._run, self, names)
   self._running = false
   self._currentTestName = ''
   if not ok then error(err, 0) end   -- setRethrowErrors, or a failing set-up
   return self:_report(names)
end

function Tester:_report(names)
   local passed, nfailures, nerrors, nskipped, nwarnings = 0, 0, 0, 0, 0
   self.countasserts = 0
   for _, name in ipairs(names) do
      self.countasserts = self.countasserts + self.assertionPass[name] + self.assertionFail[name]
      if self.disabledTests[name] then
         nskipped = nskipped + 1
      elseif not self._ran[name] then   -- after an early abort: neither passed nor failed
      elseif self.testError[name] > 0 then
         nerrors = nerrors + 1
      elseif self.assertionFail[name] > 0 then
         nfailures = nfailures + 1
      else
         passed = passed + 1
      end
      if self._warningCount[name] > 0 then nwarnings = nwarnings + 1 end
   end
   nwarnings = nwarnings + (self._warningCount[''] or 0)
   local out = { 'Completed ', pluralize(self.countasserts, 'assert'), ' in ',
                 pluralize(#names, 'test'), ' with ', pluralize(nfailures, 'failure'), ' and ',
                 pluralize(nerrors, 'error') }
   if nwarnings > 0 then out[#out + 1] = ' and ' .. pluralize(nwarnings, 'warning') end
   if nskipped > 0 then out[#out + 1] = ' and ' .. nskipped .. ' disabled' end
   out[#out + 1] = '\n'
   if not self.summaryOnly then
      local dashes = string.rep('-', NCOLS) .. '\n'
      local sections = {}
      for _, v in ipairs(self.errors) do sections[#sections + 1] = v end
      for _, v in ipairs(self.warnings) do sections[#sections + 1] = v end
      if #sections > 0 then out[#out + 1] = dashes end
      for _, v in ipairs(sections) do out[#out + 1] = v .. '\n' .. dashes end
   end
   io.write(table.concat(out))
   io.flush()
   local file = os.getenv('LANTERN_TEST_REPORT')
   if file then
      local fh = io.open(file, 'a')
      if fh then
         fh:write(string.format('%d %d\n', passed, nfailures + nerrors))
         fh:close()
      end
   end
   return nfailures + nerrors == 0
end

-- ------------------------------------------------------------ TestSuite
-- A table of test functions that refuses duplicate names and non-functions.
local TestSuite = {}
TestSuite.__index = function(t, k) return rawget(t, '__tests')[k] end
TestSuite.__newindex = function(t, k, v)
   if rawget(t, '__tests')[k] ~= nil then
      error('Test ' .. tostring(k) .. ' is already defined.', 2)
   end
   if type(v) ~= 'function' then
      if type(v) == 'table' then error('Nested tables of tests are not supported', 2) end
      error('Only functions are supported as members of a TestSuite', 2)
   end
   rawget(t, '__tests')[k] = v
end
TestSuite.__pairs = function(t) return next, rawget(t, '__tests'), nil end

function torch.TestSuite()
   return setmetatable({ __tests = {}, __isTestSuite = true }, TestSuite)
end

return Tester
