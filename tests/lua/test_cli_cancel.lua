-- Ctrl-C inside long kernels, through a real SIGINT to a child lantern:
-- the kernels that work on one long slice (a 1-D sort, cumsum, nonzero)
-- poll the cancel flag themselves, so the interrupt lands inside the kernel
-- (the traceback names the method) and the child exits long before the
-- kernel would have finished.  Also checks that the chunked loops compute
-- the same results across chunk boundaries (LT_CHUNK = 65536 elements).
local tester = torch.Tester()
local tests = torch.TestSuite()

local LANTERN = (arg and arg[-1]) or 'build/lantern'
local tmp = os.tmpname()

local function slurp(path)
   local f = io.open(path, 'r')
   if not f then return '' end
   local s = f:read('a')
   f:close()
   return s
end

-- Runs `setup` then `stmt` in a child; sends SIGINT `delay` seconds after
-- the child says it is ready.  Returns the child's stderr, exit status and
-- the seconds from the signal to its exit.
local function interrupt(setup, stmt, delay)
   local code = setup .. "; io.write('ready\\n'); io.flush(); " .. stmt
   local script = tmp .. '.lua'
   local f = assert(io.open(script, 'w'))
   f:write(code)
   f:close()
   local sh = string.format([[
%s %s >%s.out 2>%s.err &
p=$!
while ! grep -q ready %s.out 2>/dev/null; do sleep 0.01; done
sleep %s
t0=$(date +%%s%%N); kill -INT $p; wait $p; rc=$?; t1=$(date +%%s%%N)
echo "$rc $(( (t1 - t0) / 1000000 ))" >%s.rc
]], LANTERN, script, tmp, tmp, tmp, delay, tmp)
   os.execute(sh)
   local rc, ms = slurp(tmp .. '.rc'):match('(%d+) (%d+)')
   local err = slurp(tmp .. '.err')
   for _, ext in ipairs { '.lua', '.out', '.err', '.rc' } do os.remove(tmp .. ext) end
   return err, tonumber(rc), tonumber(ms) / 1000
end

local function check(name, setup, stmt, delay)
   local err, rc, secs = interrupt(setup, stmt, delay)
   tester:eq(rc, 1, name .. ': the interrupted script fails')
   tester:eq(err:match('^[^\n]*'), 'lantern: ' .. tmp .. '.lua:1: interrupted!', name)
   -- a method shared with torch.<name> is named after the torch function
   tester:assert(err:find("in method '" .. name .. "'", 1, true) ~= nil
                 or err:find("in function 'torch." .. name .. "'", 1, true) ~= nil,
      name .. ': the interrupt landed inside the kernel: ' .. err)
   tester:assertlt(secs, 1.0, string.format('%s: the child stopped %.3f s after SIGINT', name, secs))
end

function tests.sort_polls()
   check('sort', 'x = torch.FloatTensor(3e7):uniform()', 'x:sort()', 0.3)
end

function tests.cumsum_polls()
   check('cumsum', 'x = torch.FloatTensor(5e7):fill(1)', 'x:cumsum()', 0.05)
end

function tests.nonzero_polls()
   check('nonzero', 'x = torch.FloatTensor(3e7):fill(1)', 'for i = 1, 100 do x:nonzero() end', 0.3)
end

-- The same results as a plain loop, across chunk boundaries.
function tests.chunked_results()
   local n = 4 * 65536 + 7
   local x = torch.zeros(n)
   local pos = { 1, 65535, 65536, 65537, 131072, 262144, 262145, n }
   for _, p in ipairs(pos) do x[p] = 1 end
   local nz = x:nonzero()
   tester:eq(nz:size(1), #pos)
   for i, p in ipairs(pos) do tester:eq(nz[i][1], p, 'nonzero index ' .. i) end
   local y = torch.zeros(3, 70000)
   y[2][69999] = 1
   y[3][65537] = 2
   local nz2 = y:nonzero()
   tester:eq(nz2:totable(), { { 2, 69999 }, { 3, 65537 } }, 'nonzero of a matrix')
   local c = torch.ones(n):cumsum()
   tester:eq(c[65536], 65536)
   tester:eq(c[65537], 65537)
   tester:eq(c[n], n)
   local p = torch.Tensor(n):fill(1.00001):cumprod()
   tester:assertalmosteq(p[n], 1.00001 ^ n, 1e-6 * 1.00001 ^ n)
   local s, idx = torch.range(n, 1, -1):sort()
   tester:eq(s[1], 1)
   tester:eq(s[n], n)
   tester:eq(idx[1], n)
   tester:eq(idx[65537], n - 65536)
end

tester:add(tests)
return tester:run()
