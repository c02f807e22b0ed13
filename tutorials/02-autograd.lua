-- 02-autograd.lua — gradients computed for you.
--
--   build/lantern tutorials/02-autograd.lua
--
-- Mark the tensors you want gradients for with :requiresGrad(); every op on
-- them records how its result was made; y:backward() then fills x.grad.

local function section(title) print('\n== ' .. title .. ' ' .. string.rep('=', 60 - #title)) end

section('A first gradient')
local x = torch.Tensor({ 1, 2, 3 }):requiresGrad()
local y = torch.cmul(x, x):sum()          -- y = x1^2 + x2^2 + x3^2 (a one-element tensor)
y:backward()                              -- dy/dx = 2x
print('x.grad (2x):')
print(x.grad)

section('Gradients accumulate: reset them between steps')
torch.exp(x):sum():backward()             -- adds exp(x) to x.grad
print('x.grad is now 2x + exp(x); x:zeroGrad() clears it')
x:zeroGrad()

section('Fitting a line with gradient descent')
torch.manualSeed(1)
local X = torch.linspace(-1, 1, 50)
local Y = X * 3 + 0.5 + torch.randn(50) * 0.1  -- the truth: slope 3, intercept 0.5
local w = torch.zeros(1):requiresGrad()
local b = torch.zeros(1):requiresGrad()
for step = 1, 100 do
   local pred = torch.cmul(X, w:expand(50)) + b:expand(50)
   local loss = torch.pow(pred - Y, 2):mean()
   w:zeroGrad(); b:zeroGrad()
   loss:backward()
   torch.noGrad(function()                -- the update itself is not recorded
      w:add(-0.5, w.grad)
      b:add(-0.5, b.grad)
   end)
   if step == 1 or step == 5 or step == 20 or step == 100 then
      print(string.format('step %3d  loss %.5f', step, loss:item()))
   end
end
print(string.format('learned slope %.3f, intercept %.3f', w[1], b[1]))

section('Your own op with a hand-written backward')
local function cube(t)
   local out = torch.noGrad(function() return torch.pow(t, 3) end)
   return torch.autograd.record(out, { t }, function(g)
      return torch.cmul(g, torch.pow(t:detach(), 2) * 3)
   end)
end
local z = torch.Tensor({ 0.5, -1 }):requiresGrad()
print('gradcheck of cube:', torch.autograd.gradcheck(cube, { z }))

section('Linear algebra is differentiable too')
-- gesv, trtrs, gels, inverse, potrf, potrs, potri, symeig, svd, qr, det and
-- logdet record their history like any other op (each one's help, e.g.
-- ?torch.svd, says what is differentiable).
local M = torch.Tensor({ { 4, 1 }, { 1, 3 } }):requiresGrad()
local sol = torch.gesv(torch.Tensor({ 1, 2 }), M)   -- M sol = (1, 2); sol is 2x1 (Torch7)
sol:sum():backward()
print('d sum(M^-1 b) / dM:', M.grad)
M:zeroGrad()
torch.logdet(M):backward()                           -- a one-element tensor under autograd
print('d logdet(M) / dM is M^-T:', M.grad, torch.inverse(M:detach()):t())
print('gradcheck of the singular values:', torch.autograd.gradcheck(function(a)
   local _, s = torch.svd(a)
   return s
end, { torch.randn(3, 2):requiresGrad() }))

section('Mistakes are errors, not wrong gradients')
local e = torch.exp(x)                    -- exp keeps its result for the backward pass
torch.noGrad(function() e:add(1) end)     -- ... which is then changed in place
print(pcall(function() e:sum():backward() end))
