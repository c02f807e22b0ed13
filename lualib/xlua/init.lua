-- xlua/init.lua — the part of Torch7's xlua that scripts use: a progress
-- bar (xlua.progress) and its time format (xlua.formatTime).
--
--   for i = 1, n do ...; xlua.progress(i, n) end
--    [=================>..................]  45/100  ETA: 1s230ms | Step: 12ms
--
-- One line, redrawn in place with '\r', as wide as the terminal (asked
-- at each redraw, so resizing works).  A run starts when i is 1 (or goes
-- back); the last call (i == n) prints the total time and a newline.
-- Redraws are limited to ~20 a second, so a tight loop pays a clock read
-- per call, not a terminal write.  When stdout is not a terminal (a log
-- file, a pipe) nothing is printed unless forced: opt.force, or
-- LANTERN_PROGRESS=1 in the environment (LANTERN_PROGRESS=0 silences it
-- everywhere).
local torch = require 'torch'

local xlua = {}

local clock = torch.Timer()
local run = nil   -- { start, last, lastdraw, prev } of the current bar

-- xlua.formatTime(seconds) -> '1h02m03s', '2m05s', '3s120ms', '12ms'
function xlua.formatTime(t)
   if type(t) ~= 'number' then
      error("bad argument #1 to 'formatTime' (number expected, got " .. type(t) .. ')', 2)
   end
   if t ~= t or t < 0 then t = 0 end
   local ms = math.floor(t * 1000 + 0.5)
   local d, h, m, s = ms // 86400000, ms // 3600000 % 24, ms // 60000 % 60, ms // 1000 % 60
   ms = ms % 1000
   if d > 0 then return string.format('%dD%02dh%02dm', d, h, m) end
   if h > 0 then return string.format('%dh%02dm%02ds', h, m, s) end
   if m > 0 then return string.format('%dm%02ds', m, s) end
   if s > 0 then return string.format('%ds%03dms', s, ms) end
   return string.format('%dms', ms)
end

local function enabled(opt)
   local env = os.getenv('LANTERN_PROGRESS')
   if env == '0' then return false end
   if opt.force or env == '1' then return true end
   return torch.isatty(1)
end

-- xlua.progress(i, n [, opt]); opt: force, out (a file; io.stdout), width.
function xlua.progress(i, n, opt)
   if type(i) ~= 'number' then
      error("bad argument #1 to 'progress' (number expected, got " .. type(i) .. ')', 2)
   end
   if type(n) ~= 'number' or not (n > 0) then
      error("bad argument #2 to 'progress' (positive number expected, got " .. tostring(n) .. ')', 2)
   end
   if opt ~= nil and type(opt) ~= 'table' then
      error("bad argument #3 to 'progress' (table of options expected, got " .. type(opt) .. ')', 2)
   end
   opt = opt or {}
   local now = clock:time().real
   if not run or i < run.prev or i <= 1 and run.prev >= 1 then
      run = { start = now, last = now, lastdraw = -math.huge, prev = i, step = 0 }
   end
   if i > run.prev then run.step = (now - run.last) / (i - run.prev) end
   run.last, run.prev = now, i
   local done = i >= n
   if not enabled(opt) then
      if done then run = nil end
      return
   end
   if not done and now - run.lastdraw < 0.05 then return end
   run.lastdraw = now

   local frac = math.max(0, math.min(1, i / n))
   local elapsed = now - run.start
   local times
   if done then
      times = 'Tot: ' .. xlua.formatTime(elapsed) .. ' | Step: ' .. xlua.formatTime(run.step)
   else
      local eta = i > 0 and elapsed / i * (n - i) or 0
      times = 'ETA: ' .. xlua.formatTime(eta) .. ' | Step: ' .. xlua.formatTime(run.step)
   end
   local count = string.format('%d/%d', math.floor(i), math.floor(n))
   local width = opt.width or torch.termsize() or 80
   -- ' [' bar '] ' count '  ' times, with room for the longest times text
   local barlen = width - 4 - #count - 2 - 32
   local line
   if barlen >= 10 then
      local full = math.floor(frac * barlen)
      local bar = string.rep('=', full) .. (full < barlen and '>' or '') ..
                  string.rep('.', math.max(0, barlen - full - 1))
      line = ' [' .. bar .. '] ' .. count .. '  ' .. times
   else
      line = ' ' .. count .. ' ' .. times
   end
   line = line:sub(1, math.max(width - 1, 1))
   local out = opt.out or io.stdout
   -- '\r' and padding: a shorter line must cover what the last one left
   out:write('\r', line, string.rep(' ', math.max(0, width - 1 - #line)), done and '\n' or '')
   out:flush()
   if done then run = nil end
end

return xlua
