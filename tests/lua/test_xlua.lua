-- xlua.progress and xlua.formatTime (lualib/xlua/init.lua).
local H = require 'tests.lua.helpers'
local xlua = require 'xlua'
local errmsg = H.errmsg
local tester = torch.Tester()
local tests = torch.TestSuite()
local LANTERN = arg and arg[-1] or 'build/lantern'

-- A file-like sink that records what progress writes.
local function sink()
   local s = { parts = {} }
   function s:write(...) for _, v in ipairs({ ... }) do self.parts[#self.parts + 1] = v end end
   function s:flush() self.flushes = (self.flushes or 0) + 1 end
   function s:text() return table.concat(self.parts) end
   return s
end

function tests.formatTime()
   tester:eq(xlua.formatTime(0), '0ms')
   tester:eq(xlua.formatTime(0.0124), '12ms')
   tester:eq(xlua.formatTime(3.12), '3s120ms')
   tester:eq(xlua.formatTime(125), '2m05s')
   tester:eq(xlua.formatTime(3723), '1h02m03s')
   tester:eq(xlua.formatTime(93780), '1D02h03m')
   tester:eq(xlua.formatTime(-1), '0ms', 'negative (clock trouble) shows as zero')
   tester:eq(errmsg(xlua.formatTime, 'x'), "bad argument #1 to 'formatTime' (number expected, got string)")
end

function tests.progress_draws_in_place()
   local out = sink()
   xlua.progress(1, 4, { force = true, out = out, width = 70 })
   local first = out:text()
   tester:eq(first:sub(1, 3), '\r [', 'starts with a carriage return')
   tester:eq(#first, 1 + 69, 'padded to the width (less one column)')
   tester:assert(first:find(' 1/4  ETA: ', 1, true) ~= nil, first)
   tester:assert(first:find('| Step: ', 1, true) ~= nil)
   local bar = first:match('%[(.-)%]')
   tester:eq(#bar, 70 - 4 - 3 - 2 - 32, 'the bar takes what the text leaves')
   local q = #bar // 4
   tester:eq(bar:match('^=*'):len(), q, 'a quarter full')
   tester:eq(bar:sub(q + 1, q + 1), '>')
   local t = torch.Timer()
   while t:time().real < 0.06 do end   -- past the redraw limit
   out.parts = {}
   xlua.progress(2, 4, { force = true, out = out, width = 70 })
   tester:assert(out:text():find(' 2/4 ', 1, true) ~= nil, 'redrawn')
   out.parts = {}
   xlua.progress(3, 4, { force = true, out = out, width = 70 })
   tester:eq(out:text(), '', 'within 50 ms of the last redraw: nothing')
   xlua.progress(4, 4, { force = true, out = out, width = 70 })
   local last = out:text()
   tester:assert(last:find(' 4/4  Tot: ', 1, true) ~= nil, last)
   tester:eq(last:sub(-1), '\n', 'the last step ends the line')
   tester:assert(last:match('%[(=+)%]') ~= nil, 'a full bar')
   tester:eq(#last, 1 + 69 + 1)
end

function tests.progress_rate_limit_and_narrow_terminals()
   local out = sink()
   for i = 1, 10000 do xlua.progress(i, 10000, { force = true, out = out, width = 100 }) end
   tester:assertlt(out.flushes, 50, 'a tight loop redraws rarely')
   tester:assert(out:text():find('10000/10000  Tot: ', 1, true) ~= nil)
   out = sink()
   xlua.progress(5, 5, { force = true, out = out, width = 30 })
   tester:eq(out:text():sub(1, 5), '\r 5/5', 'no room for a bar: the counts alone')
   tester:eq(#out:text(), 1 + 29 + 1, 'never wider than the terminal')
end

function tests.progress_silent_when_not_a_terminal()
   -- a child whose stdout is a pipe: nothing, unless forced
   local function child(env, force)
      local p = io.popen(string.format("%s '%s' -e \"local x = require 'xlua'; for i = 1, 3 do " ..
                                       "x.progress(i, 3, {force = %s}) end; io.write('|')\"",
                                       env, LANTERN, tostring(force)))
      local s = p:read('a')
      p:close()
      return s
   end
   tester:eq(child('env -u LANTERN_PROGRESS', false), '|', 'silent in a pipe')
   tester:assert(child('env -u LANTERN_PROGRESS', true):find('3/3  Tot: ') ~= nil, 'forced')
   tester:assert(child('LANTERN_PROGRESS=1', false):find('3/3  Tot: ') ~= nil, 'forced by env')
   tester:eq(child('LANTERN_PROGRESS=0', true), '|', 'LANTERN_PROGRESS=0 silences it')
end

function tests.progress_errors()
   tester:eq(errmsg(xlua.progress, 'a', 3), "bad argument #1 to 'progress' (number expected, got string)")
   tester:eq(errmsg(xlua.progress, 1, 0), "bad argument #2 to 'progress' (positive number expected, got 0)")
   tester:eq(errmsg(xlua.progress, 1, 3, 'x'),
             "bad argument #3 to 'progress' (table of options expected, got string)")
end

function tests.every_public_function_has_help()
   local doc = require 'xlua.doc.xlua'
   tester:eq(require 'xlua.doc', { 'xlua' })
   for k in pairs(xlua) do tester:assert(doc['xlua.' .. k] ~= nil, 'help for xlua.' .. k) end
end

tester:add(tests)
tester:run()
