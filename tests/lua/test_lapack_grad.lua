-- Autograd through the LAPACK functions (lualib/torch/lapack_grad.lua):
-- inverse, gesv, trtrs, gels, potrf, potrs, potri, symeig, svd, qr, det,
-- logdet, slogdet.
--
-- Each rule is checked three ways, all in double precision:
--  * torch.autograd.gradcheck against central finite differences (eps 1e-6,
--    atol 1e-5, rtol 1e-3), over Torch7's argument forms (methods, result
--    tensors, 'U'/'L', 'N'/'V', 'S'/'A'), transposed and strided inputs,
--    and 1x1 and 0x0 matrices.  potrf and symeig read one triangle of A, so
--    they are checked as functions of X through A = X X^T + 4 I or X + X^T;
--    eigen- and singular vectors also through sign-free functions (V o V, U V^T).
--  * against PyTorch 1.13's gradients (tests/fixtures/lapack_grad_ref.lua,
--    written by scripts/lapack_grad_ref.py), 1e-10 absolute;
--  * a negative control: a rule made wrong on purpose fails its gradcheck.
-- Errors (repeated eigen- and singular values, singular matrices,
-- functions with no rule, writes into leaves) are checked by exact message.
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
local Ref = dofile('tests/fixtures/lapack_grad_ref.lua')
local rules = require 'torch.lapack_grad'
local tester = torch.Tester()
local tests = torch.TestSuite()
local gradcheck = torch.autograd.gradcheck
local REF = 1e-10

torch.manualSeed(4321)
local function leaf(t) return t:clone():requiresGrad() end
local function randn(...) return torch.randn(...):requiresGrad() end
-- a well-conditioned square matrix: random plus 3 I
local function wellcond(n) return (torch.randn(n, n) + torch.eye(n) * 3):requiresGrad() end
local function spd(x) return torch.mm(x, x:t()) + torch.eye(x:size(1)) * 4 end
local function symm(x) return x + x:t() end

local function check(name, fn, inputs)
   local ok, msg = gradcheck(fn, inputs)
   tester:assert(ok, name .. ': ' .. msg)
end

-- the gradient of sum(W * f(inputs)) with respect to each input
local function grads(f, W, inputs)
   for _, x in ipairs(inputs) do x:setGrad(nil) end
   local out = f(table.unpack(inputs))
   if W then out = torch.cmul(out, W) end
   out:sum():backward()
   local g = {}
   for i, x in ipairs(inputs) do g[i] = x.grad end
   return g
end

function tests.inverse()
   local A = wellcond(4)
   check('inverse', torch.inverse, { A })
   check('inverse method', function(a) return a:inverse() end, { A })
   check('inverse of a transpose', function(a) return torch.inverse(a:t()) end, { A })
   check('inverse of a strided view', function(a)
      return torch.inverse(torch.cat(a, a, 2):narrow(2, 3, 4))
   end, { A })
   check('inverse into a result tensor', function(a)
      local r = torch.Tensor()
      torch.inverse(r, a)
      return r
   end, { A })
   check('inverse 1x1', torch.inverse, { torch.Tensor({ { 2.5 } }):requiresGrad() })
   local g = grads(torch.inverse, torch.Tensor(Ref.W44), { leaf(torch.Tensor(Ref.A)) })
   tester:eq(g[1], torch.Tensor(Ref.inverse_gA), 'inverse: PyTorch gradient', REF)
   local e = leaf(torch.zeros(0, 0))
   torch.inverse(e):sum():backward()
   tester:eq(H.sizes(e.grad), { 0, 0 }, 'inverse 0x0: a 0x0 gradient')
end

function tests.gesv()
   local A, B, b = wellcond(4), randn(4, 2), randn(4)
   check('gesv', function(bb, a) return (torch.gesv(bb, a)) end, { B, A })
   check('gesv vector', function(bb, a) return (torch.gesv(bb, a)) end, { b, A })
   check('gesv method', function(bb, a) return (bb:gesv(a)) end, { B, A })
   check('gesv transposed', function(bb, a) return (torch.gesv(bb, a:t())) end, { B, A })
   check('gesv 1x1', function(bb, a) return (torch.gesv(bb, a)) end,
         { randn(1, 3), torch.Tensor({ { -1.7 } }):requiresGrad() })
   -- B alone requires grad, then A alone
   check('gesv wrt B', function(bb) return (torch.gesv(bb, A:detach())) end, { B })
   check('gesv wrt A', function(a) return (torch.gesv(B:detach(), a)) end, { A })
   local g = grads(function(bb, a) return (torch.gesv(bb, a)) end, torch.Tensor(Ref.W42),
                   { leaf(torch.Tensor(Ref.B)), leaf(torch.Tensor(Ref.A)) })
   tester:eq(g[1], torch.Tensor(Ref.gesv_gB), 'gesv: PyTorch gradient of B', REF)
   tester:eq(g[2], torch.Tensor(Ref.gesv_gA), 'gesv: PyTorch gradient of A', REF)
   tester:eq(H.sizes(grads(function(bb, a) return (torch.gesv(bb, a)) end, nil, { b, A })[1]),
             { 4 }, 'a vector B gets a vector gradient')
end

-- Torch7's in-place idiom torch.gesv(b, a, b, a) on computed tensors: the
-- inputs are overwritten (X into b, LU into a), the gradients are still
-- those of the original inputs.
function tests.gesvInPlaceResults()
   local A0, B0 = wellcond(3), randn(3, 2)
   local g1 = grads(function(bb, a) return (torch.gesv(bb, a)) end, nil, { B0, A0 })
   local g1b, g1a = g1[1]:clone(), g1[2]:clone()
   B0:setGrad(nil); A0:setGrad(nil)
   local b, a = B0 * 1, A0 * 1
   local x = torch.gesv(b, a, b, a)
   tester:assert(rawequal(x, b), 'the solution is written into b')
   x:sum():backward()
   tester:eq(B0.grad, g1b, 'gradient of B through the in-place form', 1e-12)
   tester:eq(A0.grad, g1a, 'gradient of A through the in-place form', 1e-12)
   -- a leaf that requires grad cannot be overwritten
   local L = randn(3, 2)
   tester:eq(errmsg(function() return torch.gesv(L, torch.Tensor(3, 3), L, A0:detach()) end),
             "bad argument #1 to 'gesv' (in-place gesv on a leaf tensor that requires grad " ..
             "(use torch.noGrad, or work on a clone))", 'leaf result refused')
end

function tests.trtrs()
   local A, B = wellcond(4), randn(4, 2)
   for _, uplo in ipairs({ 'U', 'L' }) do
      for _, trans in ipairs({ 'N', 'T' }) do
         for _, diag in ipairs({ 'N', 'U' }) do
            local name = string.format("trtrs '%s' '%s' '%s'", uplo, trans, diag)
            check(name, function(b, a) return (torch.trtrs(b, a, uplo, trans, diag)) end, { B, A })
            check(name .. ' with the copy of A', function(b, a)
               local x, c = torch.trtrs(b, a, uplo, trans, diag)
               return x + c:narrow(2, 2, 2)
            end, { B, A })
         end
      end
   end
   check('trtrs vector, transposed A', function(b, a) return (torch.trtrs(b, a:t(), 'L')) end,
         { randn(4), A })
   -- only the triangle that is read gets a gradient
   local g = grads(function(b, a) return (torch.trtrs(b, a, 'U', 'N', 'U')) end, nil, { B, A })
   tester:eq(torch.tril(g[2]), torch.zeros(4, 4),
             "trtrs 'U', unit: nothing below or on the diagonal")
   tester:ne(torch.triu(g[2], 1), torch.zeros(4, 4), 'but above it', 0)
   -- the same solve as gesv with a triangular matrix
   local T = torch.triu(A:detach()):requiresGrad()
   local g1 = grads(function(b, a) return (torch.trtrs(b, a)) end, nil, { B, T })
   local g1b, g1a = g1[1]:clone(), g1[2]:clone()
   local g2 = grads(function(b, a) return (torch.gesv(b, a)) end, nil, { B, T })
   tester:eq(g1b, g2[1], 'trtrs and gesv agree on B', 1e-12)
   tester:eq(g1a, torch.triu(g2[2]), 'and on the triangle of A', 1e-12)
end

function tests.gels()
   for _, size in ipairs({ { 5, 3 }, { 3, 5 }, { 4, 4 } }) do
      local A, B = randn(size[1], size[2]), randn(size[1], 2)
      local tag = string.format(' %dx%d', size[1], size[2])
      check('gels' .. tag, function(b, a) return (torch.gels(b, a)) end, { B, A })
      check('gels vector, transposed A' .. tag, function(b, a)
         return (torch.gels(b, a:t():clone():t()))
      end, { randn(size[1]), A })
      check('gels method' .. tag, function(b, a) return (b:gels(a)) end, { B, A })
   end
   local C, D = torch.Tensor(Ref.C), torch.Tensor(Ref.D)
   local g = grads(function(b, a) return (torch.gels(b, a)) end,
                   torch.Tensor(Ref.W42):narrow(1, 1, 3), { leaf(D), leaf(C) })
   tester:eq(g[1], torch.Tensor(Ref.gels_gB), 'gels: PyTorch gradient of B (lstsq)', REF)
   tester:eq(g[2], torch.Tensor(Ref.gels_gA), 'gels: PyTorch gradient of A (lstsq)', REF)
   g = grads(function(b, a) return (torch.gels(b, a)) end,
             torch.Tensor(Ref.W53):narrow(2, 1, 2), { leaf(D:narrow(1, 1, 3)), leaf(C:t()) })
   tester:eq(g[1], torch.Tensor(Ref.gels_wide_gB), 'gels wide: PyTorch gradient of B (pinv)',
             REF)
   tester:eq(g[2], torch.Tensor(Ref.gels_wide_gA), 'gels wide: PyTorch gradient of A (pinv)',
             REF)
   local x, f = torch.gels(randn(4, 1), randn(4, 2))
   tester:eq(errmsg(function() (x:sum() + f:sum()):backward() end),
             'gels: backward through the factorisation (the second result) is not supported',
             'gradient of the factorisation refused')
end

function tests.potrf()
   local X = randn(4, 4)
   check('potrf U', function(x) return torch.potrf(spd(x)) end, { X })
   check('potrf L', function(x) return torch.potrf(spd(x), 'L') end, { X })
   check('potrf method', function(x) return spd(x):potrf('L') end, { X })
   check('potrf transposed', function(x) return torch.potrf(spd(x):t()) end, { X })
   check('potrf 1x1', function(x) return torch.potrf(torch.cmul(x, x) + 1) end,
         { torch.Tensor({ { 0.8 } }):requiresGrad() })
   local S = torch.Tensor(Ref.SPD)
   local gU = grads(torch.potrf, torch.Tensor(Ref.W44), { leaf(S) })[1]
   tester:eq(gU, torch.Tensor(Ref.potrfU_gA), "potrf 'U': PyTorch gradient (symmetrised)", REF)
   local gL = grads(function(a) return torch.potrf(a, 'L') end, torch.Tensor(Ref.W44),
                    { leaf(S) })[1]
   tester:eq(gL, torch.Tensor(Ref.potrfL_gA), "potrf 'L': PyTorch gradient (symmetrised)", REF)
   tester:eq(gU, gU:t(), 'the gradient is symmetric', 1e-12)
end

function tests.potrsPotri()
   local X, B = randn(4, 4), randn(4, 2)
   for _, uplo in ipairs({ 'U', 'L' }) do
      check('potrs ' .. uplo, function(b, x)
         return torch.potrs(b, torch.potrf(spd(x), uplo), uplo)
      end, { B, X })
      check('potrs vector ' .. uplo, function(b, x)
         return torch.potrs(b, torch.potrf(spd(x), uplo), uplo)
      end, { randn(4), X })
      check('potri ' .. uplo, function(x) return torch.potri(torch.potrf(spd(x), uplo), uplo) end,
            { X })
      -- on the factor itself: only its triangle is read, and gets a gradient
      local C = torch.potrf(spd(torch.randn(4, 4)), uplo):contiguous():requiresGrad()
      check('potrs on a factor ' .. uplo, function(c) return torch.potrs(B:detach(), c, uplo) end,
            { C })
      check('potri on a factor ' .. uplo, function(c) return torch.potri(c, uplo) end, { C })
   end
   -- the Cholesky route agrees with gesv
   local A = spd(X:detach()):requiresGrad()
   local g1 = grads(function(b, a) return torch.potrs(b, torch.potrf(a)) end, nil, { B, A })
   local g1b, g1a = g1[1]:clone(), g1[2]:clone()
   local g2 = grads(function(b, a) return (torch.gesv(b, a)) end, nil, { B, A })
   tester:eq(g1b, g2[1], 'potrs(potrf) and gesv agree on B', 1e-12)
   tester:eq(g1a, torch.add(g2[2], g2[2]:t()):mul(0.5), 'and on A (symmetrised)', 1e-12)
end

function tests.symeig()
   local X = randn(4, 4)
   check('symeig values', function(x) return (torch.symeig(symm(x))) end, { X })
   check("symeig values with 'V'", function(x) return (torch.symeig(symm(x), 'V')) end, { X })
   check("symeig values, 'L'", function(x) return (torch.symeig(symm(x), 'N', 'L')) end, { X })
   check('symeig vectors', function(x)
      local _, v = torch.symeig(symm(x), 'V')
      return v
   end, { X })
   check("symeig vectors, 'L'", function(x)
      local _, v = torch.symeig(symm(x), 'V', 'L')
      return v
   end, { X })
   check('symeig both', function(x)
      local e, v = torch.symeig(symm(x), 'V')
      return torch.mm(torch.cmul(v, v), torch.diag(e))
   end, { X })
   check('symeig method on a transpose', function(x)
      local e, v = symm(x):t():symeig('V')
      return torch.cmul(v, v) + e:view(1, 4):expand(4, 4)
   end, { X })
   check('symeig 1x1', function(x) return (torch.symeig(x, 'V')) end,
         { torch.Tensor({ { 0.3 } }):requiresGrad() })
   local S = torch.Tensor(Ref.SPD)
   local ge = grads(function(a) return (torch.symeig(a)) end, torch.Tensor(Ref.W4), { leaf(S) })
   tester:eq(ge[1], torch.Tensor(Ref.symeig_e_gA), 'symeig values: PyTorch gradient', REF)
   local gv = grads(function(a)
      local _, v = torch.symeig(a, 'V')
      return torch.cmul(v, v)
   end, torch.Tensor(Ref.W44), { leaf(S) })
   tester:eq(gv[1], torch.Tensor(Ref.symeig_vv_gA), 'symeig vectors: PyTorch gradient', REF)
end

function tests.symeigRepeated()
   -- repeated eigenvalues: the values are differentiable, the vectors are not
   local A = torch.diag(torch.Tensor({ 1, 2, 2 })):requiresGrad()
   local e = torch.symeig(A, 'V')
   e:sum():backward()
   tester:eq(A.grad, torch.eye(3), 'd(trace)/dA = I with repeated eigenvalues', 1e-12)
   local _, v = torch.symeig(A, 'V')
   tester:eq(errmsg(function() v:sum():backward() end),
             'symeig: backward through the eigenvectors needs distinct eigenvalues ' ..
             '(eigenvalues 2 and 3 are 2 and 2)', 'repeated eigenvalues named')
   -- nearly repeated (within rounding) is refused too
   local B = torch.diag(torch.Tensor({ 1, 1 + 1e-15, 3 })):requiresGrad()
   local _, w = torch.symeig(B, 'V')
   tester:assert(errmsg(function() w:sum():backward() end):find('distinct eigenvalues', 1, true)
                 ~= nil,
                 'nearly repeated eigenvalues refused')
end

function tests.svd()
   local C = randn(5, 3)
   local function S(...) local _, s = torch.svd(...); return s end
   check('svd tall', S, { C })
   check('svd wide', function(x) return S(x:t()) end, { C })
   check("svd 'A'", function(x) return S(x, 'A') end, { C })
   check('svd method', function(x) local _, s = x:svd(); return s end, { C })
   check('svd 1x1', S, { torch.Tensor({ { -0.6 } }):requiresGrad() })
   local g = grads(S, torch.Tensor(Ref.W3), { leaf(torch.Tensor(Ref.C)) })
   tester:eq(g[1], torch.Tensor(Ref.svd_gA), 'svd: PyTorch gradient', REF)
   local e = leaf(torch.zeros(0, 3))
   local _, s0 = torch.svd(e)
   s0:sum():backward()
   tester:eq(H.sizes(e.grad), { 0, 3 }, 'svd 0x3: a 0x3 gradient')
end

-- U and V (distinct singular values): tall, wide and square, thin and 'A'
function tests.svdVectors()
   for _, size in ipairs({ { 5, 3 }, { 3, 5 }, { 4, 4 } }) do
      local X = randn(size[1], size[2])
      local k = math.min(size[1], size[2])
      local tag = string.format(' %dx%d', size[1], size[2])
      check('svd U' .. tag, function(x) return (torch.svd(x)) end, { X })
      check('svd V' .. tag, function(x) local _, _, v = torch.svd(x); return v end, { X })
      check('svd U S V' .. tag, function(x)
         local u, s, v = torch.svd(x)
         return torch.mm(torch.mm(torch.cmul(u, u), torch.diag(s)), torch.cmul(v, v):t())
      end, { X })
      check("svd 'A' U V^T" .. tag, function(x)
         local u, _, v = torch.svd(x, 'A')
         return torch.mm(u:narrow(2, 1, k), v:narrow(2, 1, k):t())
      end, { X })
   end
   local function uvt(a) local u, _, v = torch.svd(a); return torch.mm(u, v:t()) end
   local g = grads(uvt, torch.Tensor(Ref.W53), { leaf(torch.Tensor(Ref.C)) })
   tester:eq(g[1], torch.Tensor(Ref.svd_uvt_gA), 'svd U V^T: PyTorch gradient', REF)
   -- what has no gradient is an error in backward
   local u = torch.svd(torch.diag(torch.Tensor({ 3, 2, 2 })):requiresGrad())
   tester:eq(errmsg(function() u:sum():backward() end),
             'svd: backward through U or V needs distinct singular values (singular values ' ..
             '2 and 3 are 2 and 2)', 'repeated singular values')
   local r1 = torch.Tensor({ { 1, 2 }, { 2, 4 }, { 3, 6 } }):requiresGrad()
   local _, _, v1 = torch.svd(r1)
   tester:assert(errmsg(function() v1:sum():backward() end):find(
                    '^svd: backward through U or V of a non%-square matrix needs non%-zero ' ..
                    'singular values %(singular value 2 is') ~= nil, 'rank-deficient tall matrix')
   local ua = torch.svd(randn(4, 2), 'A')
   tester:eq(errmsg(function() ua:sum():backward() end),
             "svd: backward through the columns of U or V past min(m, n) (with 'A') is not " ..
             'supported: they are not unique', "'A': the extra columns")
end

function tests.qr()
   for _, size in ipairs({ { 5, 3 }, { 4, 4 }, { 3, 1 }, { 1, 1 } }) do
      local X = randn(size[1], size[2])
      local tag = string.format(' %dx%d', size[1], size[2])
      check('qr Q' .. tag, function(x) return (torch.qr(x)) end, { X })
      check('qr R' .. tag, function(x) local _, r = torch.qr(x); return r end, { X })
      check('qr Q and R' .. tag, function(x)
         local q, r = torch.qr(x)
         return torch.mm(q, torch.cmul(r, r))
      end, { X })
      check('qr method, transposed' .. tag, function(x) return (x:t():t():qr()) end, { X })
   end
   local g = grads(function(a)
      local q, r = torch.qr(a)
      return torch.cmul(q, torch.Tensor(Ref.W53)):sum() +
             torch.cmul(r, torch.Tensor(Ref.W3):view(3, 1):expand(3, 3)):sum()
   end, nil, { leaf(torch.Tensor(Ref.C)) })
   tester:eq(g[1], torch.Tensor(Ref.qr_gA), 'qr: PyTorch gradient (same signs as LAPACK)', REF)
   local _, rw = torch.qr(randn(3, 5))
   tester:eq(errmsg(function() rw:sum():backward() end),
             'qr: backward for a matrix with fewer rows than columns (3x5) is not supported',
             'wide qr')
   local q1 = torch.qr(torch.Tensor({ { 1, 2 }, { 2, 4 }, { 3, 6 } }):requiresGrad())
   tester:eq(errmsg(function() q1:sum():backward() end),
             'qr: backward needs a matrix of full column rank (R has a zero on its diagonal)',
             'rank-deficient qr')
end

function tests.det()
   local A = wellcond(4)
   check('det', torch.det, { A })
   check('det method', function(a) return a:det() end, { A })
   check('det transposed', function(a) return torch.det(a:t()) end, { A })
   check('det 1x1', torch.det, { torch.Tensor({ { -1.3 } }):requiresGrad() })
   -- singular matrices: the gradient is the adjugate's transpose
   check('det of a rank-2 3x3', torch.det,
         { torch.Tensor({ { 1, 2, 3 }, { 2, 4, 6 }, { 1, 0, 1 } }):requiresGrad() })
   local Z = torch.zeros(3, 3):requiresGrad()
   torch.det(Z):backward()
   tester:eq(Z.grad, torch.zeros(3, 3), 'det at 0 (rank 0): gradient 0', 1e-12)
   local g = grads(torch.det, nil, { leaf(torch.Tensor(Ref.A)) })
   tester:eq(g[1], torch.Tensor(Ref.det_gA), 'det: PyTorch gradient', REF)
   -- the value: a one-element tensor when recorded, a number otherwise (Torch7)
   local d = torch.det(A)
   tester:assert(torch.isTensor(d) and d:nElement() == 1, 'recorded det is a tensor')
   tester:eq(d:item(), torch.det(A:detach()), 'same value as the number', 1e-12)
   tester:eq(type(torch.noGrad(torch.det, A)), 'number', 'under noGrad: a number')
   tester:eq(type(torch.det(A:detach())), 'number', 'without requiresGrad: a number')
   tester:eq(type(torch.det(torch.eye(2):float():requiresGrad())), 'userdata', 'float too')
end

function tests.logdet()
   local X = randn(4, 4)
   check('logdet', function(x) return torch.logdet(spd(x)) end, { X })
   check('slogdet', function(a) local _, l = torch.slogdet(a); return l end, { wellcond(4) })
   check('slogdet of a negative determinant', function(a)
      local _, l = torch.slogdet(a)
      return l
   end, { torch.Tensor({ { 0, 1.5 }, { 2, 0.3 } }):requiresGrad() })
   local S, A = torch.Tensor(Ref.SPD), torch.Tensor(Ref.A)
   tester:eq(grads(torch.logdet, nil, { leaf(S) })[1], torch.Tensor(Ref.logdet_gA),
             'logdet: PyTorch gradient', REF)
   tester:eq(grads(function(a) local _, l = torch.slogdet(a); return l end, nil, { leaf(A) })[1],
             torch.Tensor(Ref.slogdet_gA), 'slogdet: PyTorch gradient', REF)
   local sign, l = torch.slogdet(leaf(torch.Tensor({ { 0, 1 }, { 1, 0 } })))
   tester:eq(sign:item(), -1, 'slogdet sign as a tensor')
   tester:assert(not sign:isRequiresGrad(), 'the sign carries no gradient')
   tester:eq(l:item(), 0, 'log|det|', 1e-15)
   -- a negative determinant: logdet is NaN, and so is its gradient (PyTorch's
   -- is 0 there, an artifact of its where(); NaN does not hide the problem)
   local Ng = leaf(torch.Tensor({ { 0, 1.5 }, { 2, 0.3 } }))
   local lneg = torch.logdet(Ng)
   tester:assert(lneg:item() ~= lneg:item(), 'logdet of a negative determinant is NaN')
   lneg:backward()
   tester:assert(Ng.grad[1][1] ~= Ng.grad[1][1] and Ng.grad[2][2] ~= Ng.grad[2][2],
                 'and its gradient is NaN')
   local Z = leaf(torch.Tensor({ { 1, 2 }, { 2, 4 } }))
   local ld = torch.logdet(Z)
   tester:eq(ld:item(), -math.huge, 'logdet of a singular matrix is -inf')
   tester:eq(errmsg(function() ld:backward() end),
             'logdet: backward needs a non-singular matrix (matrix is singular (U(2,2) is ' ..
             'exactly zero))', 'singular logdet backward refused')
end

-- Several LAPACK results in one expression: the gradients add up; and a
-- second backward adds again.
function tests.accumulation()
   local A, B = wellcond(3), randn(3, 2)
   local function parts()
      return {
         function(a, b) return torch.det(a) end,
         function(a, b) return torch.inverse(a):sum() end,
         function(a, b) return torch.gesv(b, a):sum() end,
         function(a, b) return torch.logdet(spd(a)) * 2 end,
         function(a, b) local _, s = torch.svd(a); return s:sum() end,
         function(a, b) return torch.symeig(symm(a)):pow(2):sum() end,
      }
   end
   local sumA, sumB = torch.zeros(3, 3), torch.zeros(3, 2)
   for _, f in ipairs(parts()) do
      A:setGrad(nil); B:setGrad(nil)
      f(A, B):backward()
      sumA:add(A.grad)
      if B.grad then sumB:add(B.grad) end
   end
   A:setGrad(nil); B:setGrad(nil)
   local total
   for _, f in ipairs(parts()) do total = total and total + f(A, B) or f(A, B) end
   total:backward()
   tester:eq(A.grad, sumA, 'composite: gradient of A is the sum of the parts', 1e-10)
   tester:eq(B.grad, sumB, 'composite: gradient of B', 1e-10)
   local y = torch.inverse(A)
   y:sum():backward()
   y = torch.inverse(A)
   y:sum():backward()
   local one = grads(function(a) return torch.inverse(a) end, nil, { A })[1]
   A:setGrad(nil)
   torch.inverse(A):sum():backward()
   torch.inverse(A):sum():backward()
   tester:eq(A.grad, one * 2, 'two backward calls accumulate', 1e-12)
   local ok, msg = gradcheck(function(a, b)
      return torch.det(a) * torch.gesv(b, a):sum() + torch.inverse(spd(a)):sum()
   end, { A, B })
   tester:assert(ok, 'composite gradcheck: ' .. msg)
end

-- A rule keeps copies of what it needs: writing into the result or the
-- input after the call changes nothing in the gradient.
function tests.inPlaceAfterwards()
   local A0 = wellcond(3)
   local want = grads(torch.inverse, nil, { A0 })[1]:clone()
   A0:setGrad(nil)
   local a = A0 * 1
   local y = torch.inverse(a)
   a:fill(7)                       -- the input's data is gone
   y:sum():backward()
   tester:eq(A0.grad, want, 'input overwritten after the call', 1e-12)
   A0:setGrad(nil)
   y = torch.inverse(A0)
   y:mul(2)                        -- recorded as a new node on y
   y:sum():backward()
   tester:eq(A0.grad, want * 2, 'result scaled in place after the call', 1e-12)
end

function tests.float()
   local Ad = wellcond(3)
   local Af = Ad:detach():float():requiresGrad()
   torch.inverse(Ad):sum():backward()
   torch.inverse(Af):sum():backward()
   tester:eq(Af.grad:type(), 'torch.FloatTensor', 'float gradient')
   tester:eq(Af.grad:double(), Ad.grad, 'float gradient matches double', 1e-3)
   Ad:setGrad(nil); Af:setGrad(nil)
   torch.det(Ad):backward()
   torch.det(Af):backward()
   tester:eq(Af.grad:double(), Ad.grad, 'float det gradient matches double', 1e-3)
end

function tests.errors()
   local R = randn(3, 4)
   -- the forward errors are those of the plain calls
   tester:eq(errmsg(function() return torch.inverse(R) end),
             errmsg(function() return torch.inverse(R:detach()) end), 'non-square inverse')
   tester:eq(errmsg(function() return torch.potrf(torch.eye(2):mul(-1):requiresGrad()) end),
             errmsg(function() return torch.potrf(torch.eye(2):mul(-1)) end),
             'not positive definite')
   tester:eq(errmsg(function() return torch.inverse(torch.ones(2, 2):requiresGrad()) end),
             "inverse: matrix is singular (U(2,2) is exactly zero)",
             'singular inverse')
   -- functions without a backward rule refuse inputs that require grad
   local msg = 'no backward rule (autograd differentiates gesv, trtrs, gels, inverse, potrf, ' ..
               'potrs, potri, symeig, svd, qr, det, logdet and slogdet); call it on ' ..
               'x:detach() or inside torch.noGrad'
   local m, tau = torch.geqrf(R:detach())
   tester:eq(errmsg(function() return torch.ormqr(m, tau, R:t()) end), 'ormqr: ' .. msg,
             'ormqr, C requires grad')
   tester:eq(errmsg(function() return torch.geqrf(R) end), 'geqrf: ' .. msg, 'geqrf')
   tester:eq(errmsg(function() return torch.pstrf(wellcond(3)) end), 'pstrf: ' .. msg, 'pstrf')
   tester:eq(errmsg(function() return torch.eig(wellcond(3)) end), 'eig: ' .. msg, 'eig')
   tester:eq(errmsg(function() return torch.orgqr(m, tau:clone():requiresGrad()) end),
             'orgqr: ' .. msg, 'orgqr')
   local m2 = torch.noGrad(torch.geqrf, R)
   tester:assert(not m2:isRequiresGrad(), 'under noGrad they work and record nothing')
   tester:assert(torch.isTensor((torch.geqrf(R:detach()))), 'and on detached tensors')
   -- the LU factors of gesv have no rule
   local x, lu = torch.gesv(randn(3, 1), wellcond(3))
   tester:eq(errmsg(function() (x:sum() + lu:sum()):backward() end),
             'gesv: backward through the LU factors (the second result) is not supported',
             'gradient of the LU factors refused')
end

-- Negative control: each rule, made wrong (its gradient doubled), fails.
function tests.negativeControl()
   -- { function, input, which result the rule's node is on }
   local cases = {
      inverse = { torch.inverse, wellcond(3), 1 },
      gesv = { function(a) return (torch.gesv(torch.ones(3, 1), a)) end, wellcond(3), 1 },
      trtrs = { function(a) return (torch.trtrs(torch.ones(3, 1), a)) end, wellcond(3), 1 },
      gels = { function(a) return (torch.gels(torch.ones(4, 1), a)) end, randn(4, 2), 1 },
      potrs = { function(x) return torch.potrs(torch.ones(3, 1), torch.potrf(spd(x))) end,
                randn(3, 3), 1 },
      potri = { function(x) return torch.potri(torch.potrf(spd(x))) end, randn(3, 3), 1 },
      potrf = { function(x) return torch.potrf(spd(x)) end, randn(3, 3), 1 },
      symeig = { function(x) local _, v = torch.symeig(symm(x), 'V'); return v end,
                 randn(3, 3), 2 },
      svd = { function(x) local _, s = torch.svd(x); return s end, randn(4, 3), 2 },
      svdU = { function(x) return (torch.svd(x)) end, randn(4, 3), 1 },
      qrQ = { function(x) return (torch.qr(x)) end, randn(4, 3), 1 },
      qrR = { function(x) local _, r = torch.qr(x); return r end, randn(4, 3), 2 },
      det = { torch.det, wellcond(3), 1 },
      logdet = { function(x) return torch.logdet(spd(x)) end, randn(3, 3), 1 },
      slogdet = { function(a) local _, l = torch.slogdet(a); return l end, wellcond(3), 2 },
   }
   for label, case in pairs(cases) do
      local name = label:match('^%l+')
      local right = rules[name]
      tester:assert(gradcheck(case[1], { case[2] }), label .. ': passes with the right rule')
      -- the rule's result, passed through a node that doubles its gradient
      rules[name] = function(flags, inputs, copies, results)
         local outs = table.pack(right(flags, inputs, copies, results))
         local k = case[3]
         local o = outs[k]
         local twice = torch.noGrad(function() return o:clone() end)
         torch.autograd.record(twice, { o }, function(g) return g * 2 end)
         outs[k] = twice
         return table.unpack(outs, 1, outs.n)
      end
      local ok = gradcheck(case[1], { case[2] })
      rules[name] = right
      tester:assert(not ok, label .. ': a wrong rule fails the check')
   end
end

tester:add(tests)
tester:run()
