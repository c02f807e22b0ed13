-- 01-tensors.lua — a first tour of Lantern's tensors.
--
--   build/lantern tutorials/01-tensors.lua      (or: make run)
--
-- Everything here is Torch7's API: if you know `th`, you know this.

local function section(title) print('\n== ' .. title .. ' ' .. string.rep('=', 60 - #title)) end

section('Creating tensors')
local a = torch.Tensor({ { 1, 2, 3 }, { 4, 5, 6 } })   -- from a nested table
print(a)
local z = torch.zeros(2, 3)                            -- DoubleTensor is the default type
local r = torch.range(1, 6):view(2, 3)                 -- range is inclusive, as in Torch7
print('type of z: ' .. torch.type(z) .. ', size of r: ' .. r:size(1) .. 'x' .. r:size(2))
local i = torch.LongTensor({ 10, 20, 30 })             -- seven types: Byte Char Short Int Long Float Double
print(i)

section('Indexing is 1-based')
print('a[2][3] = ' .. a[2][3])
print('row 1:')
print(a[1])
print('a[{ {1,2}, 2 }] (column 2):')
print(a[{ { 1, 2 }, 2 }])
a[{ 1, 1 }] = 100                                      -- assignment through the same syntax
print('after a[{1,1}] = 100, a[1][1] is ' .. a[1][1])

section('Views share memory')
local t = a:t()                                        -- transpose: no copy
t[3][2] = -1
print('a[2][3] after writing through the transpose: ' .. a[2][3])
print('narrow(2, 2, 2):')
print(a:narrow(2, 2, 2))

section('Math')
local x = torch.linspace(0, 1, 5)
print('x^2 + 1 for x = 0, 0.25, ..., 1:')
print(torch.pow(x, 2):add(1))
print(string.format('sum %g, mean %g, max %g', x:sum(), x:mean(), x:max()))
local m = torch.Tensor({ { 1, 2 }, { 3, 4 } })
print('m * m (matrix product):')
print(m * m)
print('broadcasting: column (2x1) + row (2) gives 2x2:')
print(torch.Tensor({ { 1 }, { 2 } }) + torch.Tensor({ 10, 20 }))

section('Random numbers, seeded as in Torch7')
torch.manualSeed(1)
print(torch.rand(3))

section('Errors say what went wrong')
local ok, err = pcall(function() return torch.mm(torch.Tensor(3, 4), torch.Tensor(5, 6)) end)
print(err)

print('\nNext: the REPL (build/lantern), and tests/lua/*.lua for many more examples.')
