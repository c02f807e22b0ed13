-- torch.Tester — Torch7's unit-testing class.
--
--   local tester = torch.Tester()
--   local tests = torch.TestSuite()
--   function tests.addition() tester:eq(1 + 1, 2) end
--   tester:add(tests)
--   tester:run()
--
-- Assertions record failures (with the caller's location) instead of
-- raising; an error raised inside a test is recorded as an error.  A test
-- passes when it records neither.  When $LANTERN_TEST_REPORT names a file,
-- run() appends "passed failed" (tests, not asserts) to it for tests/run.sh.
local torch = require 'torch'

local Tester = torch.class('torch.Tester')

function Tester:__init()
   self.tests = {}
   self.names = {}
   self.disabled = {}
   self.earlyAbort = false
   self.rethrow = false
   self.summaryOnly = false
   self.assertionPass = 0
   self.assertionFail = 0
end

function Tester:setEarlyAbort(v) self.earlyAbort = v and true or false end
function Tester:setRethrowErrors(v) self.rethrow = v and true or false end
function Tester:setSummaryOnly(v) self.summaryOnly = v and true or false end

-- add(f, name) | add(table or TestSuite [, prefix])
function Tester:add(f, name)
   if type(f) == 'table' then
      local keys = {}
      for k in pairs(f) do keys[#keys + 1] = k end
      table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
      for _, k in ipairs(keys) do
         local v = f[k]
         if type(v) == 'function' then
            self:add(v, (name and name .. '.' or '') .. tostring(k))
         elseif type(v) == 'table' then
            self:add(v, (name and name .. '.' or '') .. tostring(k))
         else
            error('Tester:add: only functions and tables of functions can be added', 2)
         end
      end
      return self
   end
   assert(type(f) == 'function', 'Tester:add: expected a function or a table of functions')
   name = name or ('test' .. (#self.names + 1))
   if self.tests[name] then error("Tester:add: a test named '" .. name .. "' already exists", 2) end
   self.tests[name] = f
   self.names[#self.names + 1] = name
   return self
end

function Tester:disable(names)
   if type(names) == 'string' then names = { names } end
   for _, n in ipairs(names) do
      if not self.tests[n] then error("Tester:disable: no test named '" .. n .. "'", 2) end
      self.disabled[n] = true
   end
   return self
end

-- ------------------------------------------------------------ recording
local here = debug.getinfo(1, 'S').source
local function location()   -- the first caller outside this file
   for level = 2, 50 do
      local info = debug.getinfo(level, 'Sl')
      if not info then break end
      if info.source ~= here and info.what ~= 'C' then
         return string.format('%s:%d', info.short_src, info.currentline or 0)
      end
   end
   return '?'
end

function Tester:_record(ok, message, detail)
   if ok then
      self.assertionPass = self.assertionPass + 1
      return true
   end
   self.assertionFail = self.assertionFail + 1
   local cur = self.current
   if cur then
      cur.failures[#cur.failures + 1] = string.format('%s\n    %s%s', location(),
         message or 'assertion failed', detail and ('\n    ' .. detail) or '')
   end
   if self.earlyAbort then error('__tester_abort__', 0) end
   return false
end

function Tester:assert(cond, message)
   return self:_record(cond and true or false, message)
end

local function cmp(name, op)
   return function(self, a, b, message)
      local ok = op(a, b)
      return self:_record(ok, message, ok or string.format('%s violation: val=%s, condition=%s',
                                                           name, tostring(a), tostring(b)))
   end
end
Tester.assertlt = cmp('LT(<)', function(a, b) return a < b end)
Tester.assertgt = cmp('GT(>)', function(a, b) return a > b end)
Tester.assertle = cmp('LE(<=)', function(a, b) return a <= b end)
Tester.assertge = cmp('GE(>=)', function(a, b) return a >= b end)
Tester.asserteq = cmp('EQ(==)', function(a, b) return a == b end)
Tester.assertne = cmp('NE(~=)', function(a, b) return a ~= b end)

function Tester:assertalmosteq(a, b, condition, message)
   if type(condition) == 'string' then condition, message = nil, condition end
   condition = condition or 1e-16
   local d = math.abs(a - b)
   return self:_record(d <= condition, message,
      string.format('ALMOST_EQ violation: |%s - %s| = %s > %s', tostring(a), tostring(b),
                    tostring(d), tostring(condition)))
end

-- Largest |a - b| over two tensors of the same size (NaN == NaN), or nil+why.
-- Written with element access only, so it does not depend on the ops under test.
local function tensor_diff(a, b)
   if not torch.isTensor(a) or not torch.isTensor(b) then
      return nil, string.format('expected two tensors, got %s and %s', torch.type(a), torch.type(b))
   end
   if not a:isSameSizeAs(b) then
      local function shape(t)
         local s = {}
         for i = 1, t:dim() do s[i] = t:size(i) end
         return #s > 0 and table.concat(s, 'x') or 'empty'
      end
      return nil, string.format('size mismatch: %s and %s', shape(a), shape(b))
   end
   local n = a:nElement()
   if n == 0 then return 0 end
   local fa, fb = a:contiguous():view(n), b:contiguous():view(n)
   local worst = 0
   for i = 1, n do
      local x, y = fa[i], fb[i]
      local d
      if x ~= x or y ~= y then
         d = (x ~= x and y ~= y) and 0 or math.huge
      elseif x == y then
         d = 0
      else
         d = math.abs(x - y)
      end
      if d > worst then worst = d end
   end
   return worst
end

function Tester:assertTensorEq(a, b, condition, message)
   if type(condition) == 'string' then condition, message = nil, condition end
   condition = condition or 0
   local d, why = tensor_diff(a, b)
   if not d then return self:_record(false, message, why) end
   return self:_record(d <= condition, message,
      string.format('TensorEQ(==) violation: max diff=%s, condition=%s', tostring(d),
                    tostring(condition)))
end

function Tester:assertTensorNe(a, b, condition, message)
   if type(condition) == 'string' then condition, message = nil, condition end
   condition = condition or 0
   local d = tensor_diff(a, b)
   return self:_record(d == nil or d > condition, message,
      string.format('TensorNE(~=) violation: max diff=%s, condition=%s', tostring(d),
                    tostring(condition)))
end

-- deep equality of tables, numbers within tolerance, tensors within tolerance
local function general_eq(a, b, tol, seen)
   if torch.isTensor(a) or torch.isTensor(b) then
      if torch.type(a) ~= torch.type(b) then
         return false, string.format('type mismatch: %s and %s', torch.type(a), torch.type(b))
      end
      local d, why = tensor_diff(a, b)
      if not d then return false, why end
      return d <= tol, string.format('max diff %s > tolerance %s', tostring(d), tostring(tol))
   end
   if type(a) == 'number' and type(b) == 'number' then
      if a ~= a and b ~= b then return true end
      local ok = a == b or math.abs(a - b) <= tol
      return ok, string.format('%s ~= %s (tolerance %s)', tostring(a), tostring(b), tostring(tol))
   end
   if type(a) == 'table' and type(b) == 'table' and not torch.typename(a) then
      seen = seen or {}
      if seen[a] == b then return true end
      seen[a] = b
      for k, v in pairs(a) do
         local ok, why = general_eq(v, b[k], tol, seen)
         if not ok then return false, string.format('at key %s: %s', tostring(k), why or '') end
      end
      for k in pairs(b) do
         if a[k] == nil then return false, string.format('key %s missing', tostring(k)) end
      end
      return true
   end
   if type(a) ~= type(b) then
      return false, string.format('type mismatch: %s and %s', type(a), type(b))
   end
   return a == b, string.format('%s ~= %s', tostring(a), tostring(b))
end

-- eq(got, expected [, message] [, tolerance]) — Torch7's generic equality
function Tester:eq(got, expected, message, tolerance)
   if type(message) == 'number' then message, tolerance = tolerance, message end
   local ok, why = general_eq(got, expected, tolerance or 0)
   return self:_record(ok, message, not ok and why or nil)
end
Tester.assertGeneralEq = Tester.eq

function Tester:ne(got, expected, message, tolerance)
   if type(message) == 'number' then message, tolerance = tolerance, message end
   local ok = general_eq(got, expected, tolerance or 0)
   return self:_record(not ok, message, 'values are equal')
end
Tester.assertGeneralNe = Tester.ne

function Tester:assertTableEq(a, b, condition, message)
   if type(condition) == 'string' then condition, message = nil, condition end
   local ok, why = general_eq(a, b, condition or 0)
   return self:_record(ok, message, not ok and ('TableEQ(==) violation: ' .. (why or '')) or nil)
end

function Tester:assertTableNe(a, b, condition, message)
   if type(condition) == 'string' then condition, message = nil, condition end
   local ok = general_eq(a, b, condition or 0)
   return self:_record(not ok, message, 'TableNE(~=) violation: tables are equal')
end

function Tester:assertError(f, message)
   local ok = pcall(f)
   return self:_record(not ok, message, 'ERROR violation: the function did not raise an error')
end

function Tester:assertNoError(f, message)
   local ok, err = pcall(f)
   return self:_record(ok, message, not ok and ('unexpected error: ' .. tostring(err)) or nil)
end

function Tester:assertErrorMsg(f, errmsg, message)
   local ok, err = pcall(f)
   local got = tostring(err):gsub('^[^:]*:%d+: ', '')
   return self:_record(not ok and got == errmsg, message,
      ok and 'the function did not raise an error'
         or string.format('error message %q differs from %q', got, errmsg))
end

function Tester:assertErrorPattern(f, pattern, message)
   local ok, err = pcall(f)
   return self:_record(not ok and tostring(err):find(pattern) ~= nil, message,
      ok and 'the function did not raise an error'
         or string.format('error message %q does not match %q', tostring(err), pattern))
end

function Tester:assertErrorObj(f, check, message)
   local ok, err = pcall(f)
   return self:_record(not ok and check(err), message,
      ok and 'the function did not raise an error' or 'the error object failed the check')
end

-- ------------------------------------------------------------ running
function Tester:run(which)
   local names = {}
   if which == nil then
      names = self.names
   else
      if type(which) == 'string' then which = { which } end
      for _, n in ipairs(which) do
         if not self.tests[n] then error("Tester:run: no test named '" .. n .. "'", 2) end
         names[#names + 1] = n
      end
   end
   local passed, failed, errors, reports = 0, 0, 0, {}
   local nrun = 0
   for _, n in ipairs(names) do
      if not self.disabled[n] then nrun = nrun + 1 end
   end
   if not self.summaryOnly then io.write(string.format('Running %d tests\n', nrun)) end
   for _, n in ipairs(names) do
      if not self.disabled[n] then
         self.current = { name = n, failures = {} }
         local ok, err = xpcall(self.tests[n], function(e)
            if e == '__tester_abort__' then return e end
            return debug.traceback(tostring(e), 2)
         end)
         if not ok and self.rethrow and err ~= '__tester_abort__' then error(err, 0) end
         local cur = self.current
         self.current = nil
         if ok and #cur.failures == 0 then
            passed = passed + 1
            if not self.summaryOnly then io.write('ok    ', n, '\n') end
         else
            if not ok and err ~= '__tester_abort__' then
               errors = errors + 1
               cur.failures[#cur.failures + 1] = 'ERROR: ' .. tostring(err)
            else
               failed = failed + 1
            end
            io.write('FAIL  ', n, '\n')
            reports[#reports + 1] = { n, cur.failures }
            if self.earlyAbort then break end
         end
      end
   end
   for _, r in ipairs(reports) do
      io.write(string.rep('-', 80), '\n', r[1], '\n')
      for _, f in ipairs(r[2]) do io.write('  ', f, '\n') end
   end
   io.write(string.format('Completed %d asserts in %d tests with %d failures and %d errors\n',
      self.assertionPass + self.assertionFail, nrun, failed, errors))
   io.flush()
   local file = os.getenv('LANTERN_TEST_REPORT')
   if file then
      local fh = io.open(file, 'a')
      if fh then
         fh:write(string.format('%d %d\n', passed, failed + errors))
         fh:close()
      end
   end
   return failed + errors == 0
end

-- A TestSuite is a table of test functions that refuses duplicate names.
local TestSuite = {}
TestSuite.__index = function(t, k) return rawget(t, '__tests')[k] end
TestSuite.__newindex = function(t, k, v)
   if rawget(t, '__tests')[k] ~= nil then error("Test '" .. tostring(k) .. "' is already defined.", 2) end
   rawget(t, '__tests')[k] = v
end
TestSuite.__pairs = function(t) return next, rawget(t, '__tests'), nil end
function torch.TestSuite()
   return setmetatable({ __tests = {} }, TestSuite)
end

return Tester
