-- torch/print.lua — tostring() for tensors and storages, in Torch7's format.
--
--   > torch.Tensor({{1, 2.5}, {3, 4}})
--    1.0000  2.5000
--    3.0000  4.0000
--   [torch.DoubleTensor of size 2x2]
--
-- The format is Torch7's (Tensor.lua), chosen once per tensor from all of
-- its elements: integers print as "%<w>d"; otherwise "%<w>.4f", with a
-- shared scale factor line ("1e-05 *", "1e+05 *", via %g) when the largest
-- magnitude is below 0.1 or at least 1e5, or "%11.4e" when magnitudes span
-- more than four decades (or integers reach 1e9); a NaN anywhere falls back
-- to "%f".  Matrices are cut into blocks of columns that fit 80 characters
-- ("Columns 1 to 10"); tensors of 3 or more dimensions print their 2-D
-- slices "(i,j,.,.) = " with the *first* index varying fastest, as Torch7
-- did.  The string ends with a newline, as Torch7's did; a storage's starts
-- with one too.  There is no summarisation: every element is printed.
--
-- The element loops are in C (l_utils.c: torch._printstats scans the
-- magnitudes, torch._printmatrix formats blocks of rows), so a 1000x1000
-- tensor prints in milliseconds; the decisions are here, readable next to
-- Torch7's.
local torch = require 'torch'

local stats, matrix = torch._printstats, torch._printmatrix
local floor, log = math.floor, math.log

local TYPES = { 'Byte', 'Char', 'Short', 'Int', 'Long', 'Float', 'Double' }

-- Torch7's Storage__printformat, from torch._printstats(x): format, scale
-- (nil for none) and the width of one element (nil when a NaN makes the
-- width unknown).
local function printformat(n, intMode, minabs, maxabs)
   if n == 0 then return '', nil, 0 end
   if maxabs ~= maxabs then return '%f', nil, nil end   -- NaN: Torch7's "%nan.4f" fallback
   local expMin = minabs ~= 0 and floor(log(minabs, 10)) + 1 or 1
   local expMax = maxabs ~= 0 and floor(log(maxabs, 10)) + 1 or 1
   local format, scale, sz
   if intMode then
      if expMax > 9 then
         format, sz = '%11.4e', 11
      else
         sz = expMax + 1
         format = string.format('%%%dd', sz)
      end
   elseif expMax - expMin > 4 then
      sz = 11
      if math.abs(expMax) > 99 or math.abs(expMin) > 99 then sz = 12 end
      format = string.format('%%%d.4e', sz)
   elseif expMax > 5 or expMax < 0 then
      sz = 7
      format = '%7.4f'
      scale = 10.0 ^ (expMax - 1)
   else
      sz = expMax == 0 and 7 or expMax + 6
      format = string.format('%%%d.4f', sz)
   end
   if scale == 1 then scale = nil end
   return format, scale, sz
end

local function scaleline(scale) return string.format('%g', scale) .. ' *\n' end

-- Torch7's Tensor__printMatrix: m is a 2-D view, indent '' or ' '.
local function printMatrix(out, m, indent, format, scale, sz)
   scale = scale or 1
   local ncols = m:size(2)
   local perLine = sz and floor((80 - #indent) / (sz + 1)) or math.huge
   if perLine < 1 then perLine = 1 end
   local rowprefix = scale ~= 1 and indent .. ' ' or indent
   out[#out + 1] = indent
   local first = 1
   while first <= ncols do
      local last = math.min(first + perLine - 1, ncols)
      if perLine < ncols then
         if first ~= 1 then out[#out + 1] = '\n' end
         out[#out + 1] = 'Columns ' .. first .. ' to ' .. last .. '\n' .. indent
      end
      if scale ~= 1 then out[#out + 1] = string.format('%g', scale) .. ' *\n ' .. indent end
      out[#out + 1] = matrix(m, format, scale, first, last, rowprefix)
      first = last + 1
   end
end

local function sizestring(t)
   local s = {}
   for i = 1, t:dim() do s[i] = t:size(i) end
   return table.concat(s, 'x')
end

local function tensor_tostring(self)
   local name = torch.typename(self)
   local n, intMode, minabs, maxabs = stats(self)
   if n == nil then return '[' .. name .. ' (closed)]\n' end
   local nd = self:dim()
   if nd == 0 then return '[' .. name .. ' with no dimension]\n' end
   local out = {}
   if n > 0 then
      local format, scale, sz = printformat(n, intMode, minabs, maxabs)
      if nd == 1 then
         if scale then out[#out + 1] = scaleline(scale) end
         out[#out + 1] = matrix(self, format, scale or 1)
      elseif nd == 2 then
         printMatrix(out, self, '', format, scale, sz)
      else
         -- slices in Torch7's order: the first index varies fastest
         local counter, sizes = {}, {}
         for i = 1, nd - 2 do counter[i], sizes[i] = 1, self:size(i) end
         counter[1] = 0
         local first = true
         while true do
            local finished = false
            for i = 1, nd - 2 do
               counter[i] = counter[i] + 1
               if counter[i] <= sizes[i] then break end
               if i == nd - 2 then finished = true; break end
               counter[i] = 1
            end
            if finished then break end
            if not first then out[#out + 1] = '\n' end
            first = false
            local slice = self
            for i = 1, nd - 2 do slice = slice:select(1, counter[i]) end
            out[#out + 1] = '(' .. table.concat(counter, ',') .. ',.,.) = \n'
            printMatrix(out, slice, ' ', format, scale, sz)
         end
      end
   end
   out[#out + 1] = '[' .. name .. ' of size ' .. sizestring(self) .. ']\n'
   return table.concat(out)
end

local function storage_tostring(self)
   local out = { '\n' }
   local format, scale = printformat(stats(self))
   if #self > 0 then
      if scale then out[#out + 1] = scaleline(scale) end
      out[#out + 1] = matrix(self, format, scale or 1)
   end
   out[#out + 1] = '[' .. torch.typename(self) .. ' of size ' .. #self .. ']\n'
   return table.concat(out)
end

local registry = debug.getregistry()
for _, T in ipairs(TYPES) do
   registry['torch.' .. T .. 'Tensor'].__tostring = tensor_tostring
   registry['torch.' .. T .. 'Storage'].__tostring = storage_tostring
end

return {
   tensor = tensor_tostring,
   storage = storage_tostring,
   format = function(x) return printformat(stats(x)) end,   -- format, scale, width
}
