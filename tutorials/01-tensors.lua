-- 01-tensors.lua — a first tour of Lantern's tensors.
--
--   build/lantern tutorials/01-tensors.lua
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

section('Linear algebra (LAPACK)')
local A = torch.Tensor({ { 4, 1, 2 }, { 1, 5, 3 }, { 2, 3, 6 } })   -- symmetric positive definite
local b = torch.Tensor({ 7, 2, 11 })                  -- A * {1, -1, 2}
local x = torch.gesv(b, A)                             -- solve A x = b (x is 3x1, as in Torch7)
print('solution of A x = b:')
print(x)
print(string.format('residual |A x - b| = %.2g, det(A) = %g', (A * x):view(3):dist(b), torch.det(A)))
local e, V = torch.symeig(A, 'V')                      -- eigenvalues ascending, vectors as columns
print('eigenvalues of A:')
print(e)
print(string.format('|V diag(e) V^T - A| = %.2g', (V * torch.diag(e) * V:t()):dist(A)))
local U = torch.potrf(A)                               -- Cholesky: A = U^T U
local Q, R = torch.qr(torch.Tensor({ { 1, 2 }, { 3, 4 }, { 5, 6 } }))   -- thin QR: 3x2 and 2x2
print(string.format('|U^T U - A| = %.2g; Q is %dx%d, R is %dx%d', (U:t() * U):dist(A),
                    Q:size(1), Q:size(2), R:size(1), R:size(2)))
local ok2, err2 = pcall(function() return torch.inverse(torch.ones(2, 2)) end)
print(err2)                                            -- singular input is an error, never garbage

print('\nNext: the REPL (build/lantern), and tests/lua/*.lua for many more examples.')
