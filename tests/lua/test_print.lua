-- Printing of tensors and storages (torch/print.lua, l_utils.c).  Every
-- expected string is worked out by hand from Torch7's Tensor.lua: the
-- format comes from expMax/expMin = floor(log10(max/min |x|)) + 1 over all
-- elements; integers print "%<expMax+1>d"; otherwise "%<expMax+6>.4f"
-- ("%7.4f" when expMax is 0), with a "%g *" scale line when expMax > 5 or
-- < 0, and "%11.4e" when expMax - expMin > 4; matrices are cut into
-- floor((80 - #indent) / (width + 1)) columns per block.
local tester = torch.Tester()
local tests = torch.TestSuite()

local function S(x) return tostring(x) end

function tests.vector_integers()
   tester:eq(S(torch.Tensor({ 1, 2, 3 })), ' 1\n 2\n 3\n[torch.DoubleTensor of size 3]\n')
   -- max 10 -> two digits -> "%3d"; negatives fit the extra column
   tester:eq(S(torch.Tensor({ -5, 10 })), ' -5\n 10\n[torch.DoubleTensor of size 2]\n')
   tester:eq(S(torch.Tensor({ 0, 0 })), ' 0\n 0\n[torch.DoubleTensor of size 2]\n')
   tester:eq(S(torch.Tensor({ -0.0 })), ' 0\n[torch.DoubleTensor of size 1]\n')
end

function tests.vector_floats()
   tester:eq(S(torch.Tensor({ -1.5, 2 })), '-1.5000\n 2.0000\n[torch.DoubleTensor of size 2]\n')
   -- expMax 0 (max in [0.1, 1)): width 7
   tester:eq(S(torch.Tensor({ 0.5, 0.25 })), ' 0.5000\n 0.2500\n[torch.DoubleTensor of size 2]\n')
   -- expMax 3: width 9
   tester:eq(S(torch.Tensor({ 123.5, -1 })),
             ' 123.5000\n  -1.0000\n[torch.DoubleTensor of size 2]\n')
   -- a FloatTensor prints its values widened to double, as Torch7 did
   tester:eq(S(torch.FloatTensor({ 0.1 })), ' 0.1000\n[torch.FloatTensor of size 1]\n')
end

function tests.scaled()
   -- max 0.002: expMax -2 -> scale 10^-3, printed with %g
   tester:eq(S(torch.Tensor({ 0.001, 0.002, -0.0005 })),
             '0.001 *\n 1.0000\n 2.0000\n-0.5000\n[torch.DoubleTensor of size 3]\n')
   -- max 123456.5: expMax 6 -> scale 10^5, which %g writes in full
   tester:eq(S(torch.Tensor({ 123456.5, 100000 })),
             '100000 *\n 1.2346\n 1.0000\n[torch.DoubleTensor of size 2]\n')
   tester:eq(S(torch.Tensor({ 1234567.5 })), '1e+06 *\n 1.2346\n[torch.DoubleTensor of size 1]\n')
   tester:eq(S(torch.Tensor({ 1e-5, 2e-5 })),
             '1e-05 *\n 1.0000\n 2.0000\n[torch.DoubleTensor of size 2]\n')
   -- a scaled matrix: rows after the scale line are indented by one space
   tester:eq(S(torch.Tensor({ { 0.01, 0.02 }, { 0.03, 0.04 } })),
             '0.01 *\n  1.0000  2.0000\n  3.0000  4.0000\n[torch.DoubleTensor of size 2x2]\n')
end

function tests.exponent_format()
   -- magnitudes spanning more than four decades
   tester:eq(S(torch.Tensor({ 1e-10, 3e10 })),
             ' 1.0000e-10\n 3.0000e+10\n[torch.DoubleTensor of size 2]\n')
   -- three-digit exponents widen the column to 12
   tester:eq(S(torch.Tensor({ 1e-300, 1e300 })),
             ' 1.0000e-300\n 1.0000e+300\n[torch.DoubleTensor of size 2]\n')
   -- integers of ten digits or more
   tester:eq(S(torch.LongTensor({ 1099511627776, 7 })),
             ' 1.0995e+12\n 7.0000e+00\n[torch.LongTensor of size 2]\n')
   tester:eq(S(torch.LongTensor({ 4611686018427387905 })),
             ' 4.6117e+18\n[torch.LongTensor of size 1]\n')
end

function tests.nan_and_inf()
   local nan = 0 / 0
   local n = string.format('%f', nan)    -- "nan" or "-nan", as C prints it
   -- a NaN anywhere: every element "%f", no column blocks
   tester:eq(S(torch.Tensor({ 1, nan, 3 })),
             '1.000000\n' .. n .. '\n3.000000\n[torch.DoubleTensor of size 3]\n')
   local row = torch.Tensor(1, 12):fill(2)
   row[1][5] = nan
   local cells = {}
   for i = 1, 12 do cells[i] = i == 5 and n or '2.000000' end
   tester:eq(S(row), table.concat(cells, ' ') .. '\n[torch.DoubleTensor of size 1x12]\n')
   -- infinities count as integers: "%11.4e" because expMax is inf
   tester:eq(S(torch.Tensor({ 1, math.huge })),
             ' 1.0000e+00\n        inf\n[torch.DoubleTensor of size 2]\n')
   tester:eq(S(torch.Tensor({ 0.5, -math.huge })),
             '  5.0000e-01\n        -inf\n[torch.DoubleTensor of size 2]\n')
end

function tests.matrix()
   tester:eq(S(torch.Tensor({ { 1, -2.5 }, { 3, 4 } })),
             ' 1.0000 -2.5000\n 3.0000  4.0000\n[torch.DoubleTensor of size 2x2]\n')
   -- doc/tensor.md: a 4x5 matrix filled from its storage
   local x = torch.Tensor(4, 5)
   local s = x:storage()
   for i = 1, s:size() do s[i] = i end
   tester:eq(S(x), '  1   2   3   4   5\n'
                .. '  6   7   8   9  10\n'
                .. ' 11  12  13  14  15\n'
                .. ' 16  17  18  19  20\n'
                .. '[torch.DoubleTensor of size 4x5]\n')
   -- doc/tensor.md: torch.Tensor(2,5):fill(3.14)
   tester:eq(S(torch.Tensor(2, 5):fill(3.14)),
             ' 3.1400  3.1400  3.1400  3.1400  3.1400\n'
             .. ' 3.1400  3.1400  3.1400  3.1400  3.1400\n'
             .. '[torch.DoubleTensor of size 2x5]\n')
   -- transposed (non-contiguous) views print in their own order
   tester:eq(S(torch.Tensor({ { 1, 2 }, { 3, 4 } }):t()),
             ' 1  3\n 2  4\n[torch.DoubleTensor of size 2x2]\n')
   tester:eq(S(torch.Tensor(1, 1):fill(-7)), '-7\n[torch.DoubleTensor of size 1x1]\n')
end

function tests.column_blocks()
   -- 2x30 of 1..60: "%3d", floor(80 / 4) = 20 columns per block
   local x = torch.Tensor(2, 30)
   local s = x:storage()
   for i = 1, 60 do s[i] = i end
   local expected =
      'Columns 1 to 20\n'
      .. '  1   2   3   4   5   6   7   8   9  10  11  12  13  14  15  16  17  18  19  20\n'
      .. ' 31  32  33  34  35  36  37  38  39  40  41  42  43  44  45  46  47  48  49  50\n'
      .. '\nColumns 21 to 30\n'
      .. ' 21  22  23  24  25  26  27  28  29  30\n'
      .. ' 51  52  53  54  55  56  57  58  59  60\n'
      .. '[torch.DoubleTensor of size 2x30]\n'
   tester:eq(S(x), expected)
   -- "%7.4f": 10 per block; a scaled matrix repeats the scale in every block
   local y = torch.Tensor(1, 11):fill(0.005)
   tester:eq(S(y), 'Columns 1 to 10\n0.001 *\n '
                .. string.rep(' 5.0000', 10, ' ') .. '\n'
                .. '\nColumns 11 to 11\n0.001 *\n  5.0000\n'
                .. '[torch.DoubleTensor of size 1x11]\n')
end

function tests.slices()
   tester:eq(S(torch.range(1, 8):resize(2, 2, 2)),
             '(1,.,.) = \n  1  2\n  3  4\n\n(2,.,.) = \n  5  6\n  7  8\n'
             .. '[torch.DoubleTensor of size 2x2x2]\n')
   -- 4-D: the first index varies fastest, as in Torch7
   tester:eq(S(torch.range(1, 6):resize(2, 3, 1, 1)),
             '(1,1,.,.) = \n  1\n\n(2,1,.,.) = \n  4\n\n(1,2,.,.) = \n  2\n\n'
             .. '(2,2,.,.) = \n  5\n\n(1,3,.,.) = \n  3\n\n(2,3,.,.) = \n  6\n'
             .. '[torch.DoubleTensor of size 2x3x1x1]\n')
   -- one format for the whole tensor; the scale line inside each slice
   tester:eq(S(torch.Tensor({ { { 0.001, 0.002 } }, { { 0.003, 0.004 } } })),
             '(1,.,.) = \n 0.001 *\n   1.0000  2.0000\n\n'
             .. '(2,.,.) = \n 0.001 *\n   3.0000  4.0000\n'
             .. '[torch.DoubleTensor of size 2x1x2]\n')
   -- slices of width 3 hold floor(79 / 4) = 19 columns; only the first
   -- block's header is indented (Torch7's quirk)
   local z = torch.Tensor(1, 1, 20):fill(10)
   tester:eq(S(z), '(1,.,.) = \n Columns 1 to 19\n ' .. string.rep(' 10', 19, ' ') .. '\n'
                .. '\nColumns 20 to 20\n  10\n[torch.DoubleTensor of size 1x1x20]\n')
end

function tests.integer_types()
   tester:eq(S(torch.ByteTensor({ 1, 200 })), '   1\n 200\n[torch.ByteTensor of size 2]\n')
   tester:eq(S(torch.CharTensor({ -5, 3 })), '-5\n 3\n[torch.CharTensor of size 2]\n')
   tester:eq(S(torch.ShortTensor({ { 1, -300 } })), '   1 -300\n[torch.ShortTensor of size 1x2]\n')
   tester:eq(S(torch.IntTensor({ 7 })), ' 7\n[torch.IntTensor of size 1]\n')
   tester:eq(S(torch.LongTensor({ 12, 3 })), ' 12\n  3\n[torch.LongTensor of size 2]\n')
   tester:eq(S(torch.FloatTensor({ 2, 4 })), ' 2\n 4\n[torch.FloatTensor of size 2]\n')
end

function tests.empty_and_closed()
   for _, T in ipairs({ 'Byte', 'Char', 'Short', 'Int', 'Long', 'Float', 'Double' }) do
      tester:eq(S(torch[T .. 'Tensor']()), '[torch.' .. T .. 'Tensor with no dimension]\n')
      tester:eq(S(torch[T .. 'Storage']()), '\n[torch.' .. T .. 'Storage of size 0]\n')
   end
   tester:eq(S(torch.Tensor(0, 3)), '[torch.DoubleTensor of size 0x3]\n')
   tester:eq(S(torch.Tensor(2, 0, 2)), '[torch.DoubleTensor of size 2x0x2]\n')
   local t = torch.Tensor(3)
   t:free()
   tester:eq(S(t), '[torch.DoubleTensor (closed)]\n')
   -- a view its storage no longer holds is an error, not garbage
   local st = torch.DoubleStorage(4):fill(1)
   local v = torch.Tensor(st)
   st:resize(2)
   tester:assertErrorPattern(function() return S(v) end,
      'cannot print: tensor of size 4 at offset 1 reaches element 4 of a storage of size 2')
end

function tests.storages()
   tester:eq(S(torch.DoubleStorage({ 1, 2, 3 })), '\n 1\n 2\n 3\n[torch.DoubleStorage of size 3]\n')
   tester:eq(S(torch.FloatStorage({ 0.5, 0.25 })),
             '\n 0.5000\n 0.2500\n[torch.FloatStorage of size 2]\n')
   tester:eq(S(torch.DoubleStorage({ 0.001, 0.002 })),
             '\n0.001 *\n 1.0000\n 2.0000\n[torch.DoubleStorage of size 2]\n')
   tester:eq(S(torch.ByteStorage({ 1, 2 })), '\n 1\n 2\n[torch.ByteStorage of size 2]\n')
   tester:eq(S(torch.LongStorage({ 3, 4, 5 })), '\n 3\n 4\n 5\n[torch.LongStorage of size 3]\n')
   -- a tensor's storage prints all of it, not the view
   local t = torch.Tensor({ 1, 2, 3, 4 }):narrow(1, 2, 2)
   tester:eq(S(t), ' 2\n 3\n[torch.DoubleTensor of size 2]\n')
   tester:eq(S(t:storage()), '\n 1\n 2\n 3\n 4\n[torch.DoubleStorage of size 4]\n')
end

function tests.every_type_has_tostring()
   for _, T in ipairs({ 'Byte', 'Char', 'Short', 'Int', 'Long', 'Float', 'Double' }) do
      local t = torch[T .. 'Tensor']({ { 1, 2 } })
      tester:eq(S(t), ' 1  2\n[torch.' .. T .. 'Tensor of size 1x2]\n')
      tester:eq(S(t:storage()), '\n 1\n 2\n[torch.' .. T .. 'Storage of size 2]\n')
      local mt = debug.getregistry()['torch.' .. T .. 'Tensor']
      tester:eq(type(mt.__tostring), 'function')
   end
end

function tests.large_is_fast()
   -- 1..1e6 as 1000x1000: expMax 7 -> "%8d", floor(80 / 9) = 8 columns per block
   local t = torch.range(1, 1e6):resize(1000, 1000)
   local timer = torch.Timer()
   local s = S(t)
   local secs = timer:time().real
   -- 125 blocks of 1000 rows of 8 values (8*8 + 8 chars), headers, blank lines
   local blocks, header = 125, 0
   for b = 1, 125 do header = header + #('Columns ' .. (b * 8 - 7) .. ' to ' .. (b * 8) .. '\n') end
   local expected = blocks * 1000 * 72 + header + (blocks - 1)
                    + #'[torch.DoubleTensor of size 1000x1000]\n'
   tester:eq(#s, expected)
   tester:eq(s:sub(1, 87), 'Columns 1 to 8\n'
             .. '       1        2        3        4        5        6        7        8\n')
   tester:assertlt(secs, 5, 'printing 1000x1000 took ' .. secs .. ' s')
end

tester:add(tests)
tester:run()
