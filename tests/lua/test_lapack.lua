-- LAPACK functions: gesv trtrs gels symeig eig svd inverse potrf potrs potri
-- pstrf qr geqrf orgqr ormqr det logdet slogdet, in Torch7's argument forms.
--
-- References: tests/fixtures/lapack_ref.lua, written by scripts/lapack_ref.py
-- from PyTorch 1.13 in float64 (inputs are Torch7's documentation examples).
-- Tolerances: 1e-10 absolute for DoubleTensor results of these well
-- conditioned problems (LAPACK's and PyTorch's orderings of the same
-- arithmetic differ in the last bits), 1e-3 for FloatTensor.  Factorisations
-- whose signs are free (eigenvectors, U/V, Q) are checked by reconstruction
-- (A = Q R, A = U S V^T, A = V diag(e) V^T) and orthogonality, 1e-10.
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
local R = dofile('tests/fixtures/lapack_ref.lua')
local tester = torch.Tester()
local tests = torch.TestSuite()
local TOL, FTOL = 1e-10, 1e-3

local function T(t, kind) return torch[kind or 'DoubleTensor'](t) end
local function eye(n) return torch.eye(n) end
local function colmajor(t)
   return t:dim() == 2 and (t:size(1) <= 1 or t:stride(1) == 1) and
          (t:size(2) <= 1 or t:stride(2) == math.max(t:size(1), 1))
end
-- the same matrix in another layout: transposed storage, and a strided view
local function transposed_copy(a) return a:t():clone():t() end
local function strided_copy(a)
   local big = torch.zeros(a:size(1) * 2, a:size(2) * 3)
   local v = big:narrow(1, 1, a:size(1)):narrow(2, 1, a:size(2))
   v:copy(a)
   return v
end

function tests.gesv()
   local a, b = T(R.A5), T(R.B5)
   local x, lu = torch.gesv(b, a)
   tester:eq(x, T(R.gesv_x), 'solution', TOL)
   tester:assert(colmajor(x) and colmajor(lu), 'results are column-major (Torch7)')
   tester:eq(H.sizes(lu), { 5, 5 }, 'LU is 5x5')
   tester:eq(a * x, b, 'A x = b', 1e-12)
   tester:eq(a, T(R.A5), 'A untouched')
   tester:eq(b, T(R.B5), 'B untouched')
   -- the LU factors: P A = L U with L unit lower, U upper
   local L = torch.tril(lu, -1) + eye(5)
   local U = torch.triu(lu)
   local LU = L * U
   -- rows of L U are a permutation of the rows of A
   for i = 1, 5 do
      local found = false
      for j = 1, 5 do
         if (LU[i] - a[j]):abs():max() < 1e-12 then found = true end
      end
      tester:assert(found, 'row ' .. i .. ' of L U is a row of A')
   end
   -- vector right-hand side: an n x 1 solution, as in Torch7
   local x1 = torch.gesv(T(R.B5):select(2, 1):clone(), a)
   tester:eq(H.sizes(x1), { 5, 1 }, 'vector b gives 5x1')
   tester:eq(x1:select(2, 1), T(R.gesv_x1), 'vector b solution', TOL)
   -- other layouts of the inputs
   for name, f in pairs({ transposed = transposed_copy, strided = strided_copy }) do
      tester:eq(torch.gesv(f(b), f(a)), T(R.gesv_x), name .. ' inputs', TOL)
   end
   tester:eq(torch.gesv(b:t():t(), a:t():clone():t()), T(R.gesv_x), 'transposed views', TOL)
   -- results first, and method form
   local rb, ra = torch.Tensor(), torch.Tensor()
   local x2, lu2 = torch.gesv(rb, ra, b, a)
   tester:assert(x2 == rb and lu2 == ra, 'returns the result tensors')
   tester:eq(rb, T(R.gesv_x), 'resb holds X', TOL)
   tester:eq(ra, lu, 'resa holds LU', 0)
   local x3 = b:gesv(a)
   tester:eq(x3, T(R.gesv_x), 'b:gesv(a)', TOL)
   -- results that are the inputs (in place, as torch.gesv(b, a, b, a))
   local bb, aa = b:clone(), a:clone()
   torch.gesv(bb, aa, bb, aa)
   tester:eq(bb, T(R.gesv_x), 'in place: b', TOL)
   tester:eq(aa, lu, 'in place: a', 0)
   -- a result reused in a loop keeps its storage
   local alias = torch.Tensor():set(rb)
   torch.gesv(rb, ra, b * 2, a)
   tester:eq(alias, T(R.gesv_x) * 2, 'a column-major result keeps its storage', TOL)
   tester:eq(rb:stride(), torch.LongStorage({ 1, 5 }), 'stride kept')
   -- Float
   local xf = torch.gesv(b:float(), a:float())
   tester:eq(torch.type(xf), 'torch.FloatTensor', 'Float in, Float out')
   tester:eq(xf, T(R.gesv_x, 'FloatTensor'), 'Float solution', FTOL)
end

function tests.small_and_empty()
   -- 1x1
   local x = torch.gesv(T({ { 6 } }), T({ { 2 } }))
   tester:eq(x, T({ { 3 } }), '1x1 gesv')
   tester:eq(torch.inverse(T({ { 4 } })), T({ { 0.25 } }), '1x1 inverse')
   tester:eq(torch.det(T({ { -3 } })), -3, '1x1 det')
   tester:eq(torch.potrf(T({ { 9 } })), T({ { 3 } }), '1x1 potrf')
   local e, v = torch.symeig(T({ { 5 } }), 'V')
   tester:eq(e, T({ 5 }), '1x1 symeig')
   tester:eq(v:abs(), T({ { 1 } }), '1x1 eigenvector')
   local u, s, vv = torch.svd(T({ { -2 } }))
   tester:eq(s, T({ 2 }), '1x1 svd')
   tester:eq(u * torch.diag(s) * vv:t(), T({ { -2 } }), '1x1 svd reconstruction', 1e-15)
   local q, r = torch.qr(T({ { -5 } }))
   tester:eq(q * r, T({ { -5 } }), '1x1 qr')
   -- 0x0
   local z = torch.Tensor(0, 0)
   local x0, lu0 = torch.gesv(torch.Tensor(0, 2), z)
   tester:eq(H.sizes(x0), { 0, 2 }, '0x0 gesv solution')
   tester:eq(H.sizes(lu0), { 0, 0 }, '0x0 gesv LU')
   tester:eq(H.sizes(torch.inverse(z)), { 0, 0 }, '0x0 inverse')
   tester:eq(torch.det(z), 1, '0x0 det')
   tester:eq(torch.logdet(z), 0, '0x0 logdet')
   tester:eq(H.sizes(torch.potrf(z)), { 0, 0 }, '0x0 potrf')
   tester:eq(H.sizes(torch.potri(z)), { 0, 0 }, '0x0 potri')
   tester:eq(H.sizes(torch.potrs(torch.Tensor(0, 3), z)), { 0, 3 }, '0x0 potrs')
   tester:eq(H.sizes((torch.symeig(z, 'V'))), { 0 }, '0x0 symeig')
   tester:eq(H.sizes((torch.eig(z, 'V'))), { 0, 2 }, '0x0 eig')
   local u0, s0, v0 = torch.svd(z)
   tester:eq({ H.sizes(u0), H.sizes(s0), H.sizes(v0) }, { { 0, 0 }, { 0 }, { 0, 0 } }, '0x0 svd')
   local q0, r0 = torch.qr(z)
   tester:eq({ H.sizes(q0), H.sizes(r0) }, { { 0, 0 }, { 0, 0 } }, '0x0 qr')
   local p0, piv0 = torch.pstrf(z)
   tester:eq({ H.sizes(p0), H.sizes(piv0) }, { { 0, 0 }, { 0 } }, '0x0 pstrf')
   tester:eq(H.sizes(torch.trtrs(torch.Tensor(0, 1), z)), { 0, 1 }, '0x0 trtrs')
   tester:eq(torch.gels(torch.ones(1, 2), T({ { 2 } })), T({ { 0.5, 0.5 } }), '1x1 gels')
   tester:eq(torch.gels(torch.Tensor(0, 3), torch.Tensor(0, 2)), torch.zeros(2, 3),
             '0x2 gels: the least-norm solution is zero')
   tester:eq(torch.eig(T({ { 3 } })), T({ { 3, 0 } }), '1x1 eig')
   tester:eq(torch.trtrs(T({ { 4 } }), T({ { 2 } }), 'U', 'T'), T({ { 2 } }), '1x1 trtrs')
   tester:eq(torch.pstrf(T({ { 4 } })), T({ { 2 } }), '1x1 pstrf')
   local m1, tau1 = torch.geqrf(T({ { -3 } }))
   tester:eq(torch.orgqr(m1, tau1) * torch.triu(m1), T({ { -3 } }), '1x1 geqrf/orgqr')
   tester:eq(torch.ormqr(torch.Tensor(3, 0), torch.Tensor(0), torch.ones(3, 2)), torch.ones(3, 2),
             'ormqr with no reflectors: Q = I')
   local q30, r30 = torch.qr(torch.Tensor(3, 0))
   tester:eq({ H.sizes(q30), H.sizes(r30) }, { { 3, 0 }, { 0, 0 } }, '3x0 qr')
   local _, _, v03 = torch.svd(torch.Tensor(0, 3), 'A')
   tester:eq(v03, eye(3), "0x3 svd 'A': V is the identity")
   -- 3x0: svd 'A' gives an orthogonal U
   local ua, sa, va = torch.svd(torch.Tensor(3, 0), 'A')
   tester:eq(ua, eye(3), '3x0 svd A: U is the identity')
   tester:eq({ H.sizes(sa), H.sizes(va) }, { { 0 }, { 0, 0 } }, '3x0 svd A: S, V')
end

function tests.inverse_det()
   local a = T(R.A5)
   local inv = torch.inverse(a)
   tester:eq(inv, T(R.inverse), 'inverse', TOL)
   tester:assert(colmajor(inv), 'column-major (Torch7)')
   tester:eq(a * inv, eye(5), 'A A^-1 = I', 1e-12)
   tester:eq(torch.inverse(transposed_copy(a)), T(R.inverse), 'transposed input', TOL)
   tester:eq(torch.inverse(strided_copy(a)), T(R.inverse), 'strided input', TOL)
   local r = torch.Tensor(2, 7)
   tester:assert(torch.inverse(r, a) == r, 'torch.inverse(res, a) returns res')
   tester:eq(r, T(R.inverse), 'into res', TOL)
   local aa = a:clone()
   aa:inverse(aa)
   tester:eq(aa, T(R.inverse), 'in place', TOL)
   tester:eq(a:inverse(), T(R.inverse), 'a:inverse()', TOL)
   tester:eq(torch.inverse(a:float()), T(R.inverse, 'FloatTensor'), 'Float', FTOL)
   -- determinants
   tester:eq(torch.det(a), R.det, 'det', 1e-8)
   tester:eq(a:det(), R.det, 'a:det()', 1e-8)
   tester:eq(torch.logdet(a), R.logabsdet, 'logdet', 1e-12)
   local sign, la = torch.slogdet(a)
   tester:eq(sign, R.sign, 'slogdet sign')
   tester:eq(la, R.logabsdet, 'slogdet log', 1e-12)
   tester:eq(torch.det(T({ { 2, 1 }, { 1, 3 } })), 5, 'integer det exact')
   tester:eq(torch.det(T({ { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 10 } })), -3, '3x3 det', 1e-13)
   tester:eq(torch.det(T({ { 1, 2 }, { 2, 4 } })), 0, 'singular det is 0')
   tester:eq(torch.det(T({ { 0, 1 }, { 1, 0 } })), -1, 'permutation det')
   local s0, l0 = torch.slogdet(T({ { 1, 2 }, { 2, 4 } }))
   tester:eq({ s0, l0 }, { 0, -math.huge }, 'singular slogdet')
   tester:eq(torch.logdet(T({ { 1, 2 }, { 2, 4 } })), -math.huge, 'singular logdet')
   local nl = torch.logdet(T({ { 0, 1 }, { 1, 0 } }))
   tester:assert(nl ~= nl, 'logdet of a negative determinant is NaN')
   tester:eq(torch.det(a:float()), R.det, 'Float det', 0.1)
end

function tests.cholesky()
   local A, B = T(R.SPD), T(R.SPDB)
   local U = torch.potrf(A)
   tester:eq(U, T(R.potrf_u), "potrf 'U' (default)", TOL)
   tester:eq(torch.tril(U, -1):abs():max(), 0, 'lower triangle zeroed')
   tester:eq(U:t() * U, A, 'A = U^T U', 1e-12)
   local L = torch.potrf(A, 'L')
   tester:eq(L, T(R.potrf_l), "potrf 'L'", TOL)
   tester:eq(torch.triu(L, 1):abs():max(), 0, 'upper triangle zeroed')
   tester:eq(L * L:t(), A, 'A = L L^T', 1e-12)
   tester:assert(colmajor(U), 'column-major')
   -- only the uplo triangle is read
   tester:eq(torch.potrf(torch.triu(A)), T(R.potrf_u), 'reads the upper triangle', TOL)
   tester:eq(torch.potrf(torch.tril(A), 'L'), T(R.potrf_l), 'reads the lower triangle', TOL)
   local chol = torch.Tensor()
   torch.potrf(chol, A, 'L')
   tester:eq(chol, T(R.potrf_l), 'torch.potrf(res, A, uplo)', TOL)
   tester:eq(A:potrf(), T(R.potrf_u), 'A:potrf()', TOL)
   -- potrs / potri
   tester:eq(torch.potrs(B, U), T(R.potrs_x), 'potrs U', TOL)
   tester:eq(torch.potrs(B, L, 'L'), T(R.potrs_x), 'potrs L', TOL)
   tester:eq(A * torch.potrs(B, U), B, 'A X = B', 1e-12)
   tester:eq(torch.potrs(strided_copy(B), transposed_copy(U)), T(R.potrs_x), 'layouts', TOL)
   tester:eq(H.sizes(torch.potrs(B:select(2, 1):clone(), U)), { 5, 1 }, 'vector rhs')
   tester:eq(torch.potri(U), T(R.potri), 'potri U', 1e-8)
   tester:eq(torch.potri(L, 'L'), T(R.potri), 'potri L', 1e-8)
   tester:eq(torch.potri(U), torch.potri(U):t(), 'potri is symmetric', 0)
   tester:eq(torch.potrf(A:float()), T(R.potrf_u, 'FloatTensor'), 'Float potrf', FTOL)
   -- pivoted Cholesky: P^T A P = U^T U with P[piv[k], k] = 1
   for _, uplo in ipairs({ 'U', 'L' }) do
      local F, piv = torch.pstrf(A, uplo)
      tester:eq(torch.type(piv), 'torch.IntTensor', 'pivots are an IntTensor')
      local seen = {}
      for k = 1, 5 do seen[piv[k]] = true end
      tester:eq(#seen, 5, 'pivots are a 1-based permutation')
      local P = torch.zeros(5, 5)
      for k = 1, 5 do P[piv[k]][k] = 1 end
      local rec = uplo == 'U' and F:t() * F or F * F:t()
      tester:eq(rec, P:t() * A * P, 'pstrf ' .. uplo .. ' reconstruction', 1e-12)
      local tri = uplo == 'U' and torch.tril(F, -1) or torch.triu(F, 1)
      tester:eq(tri:abs():max(), 0, 'pstrf other triangle zeroed')
      -- the pivot order puts the largest remaining diagonal first
      tester:eq(piv[1], 1, 'first pivot: largest diagonal element (1.2705)')
   end
   local rf, rp = torch.Tensor(), torch.IntTensor()
   local f1, p1 = torch.pstrf(rf, rp, A, 'U', -1)
   tester:assert(f1 == rf and p1 == rp, 'pstrf result forms')
end

function tests.symeig()
   local a = T(R.SYM)              -- its upper triangle holds the matrix
   local full = a + torch.triu(a, 1):t()
   local e = torch.symeig(a)
   tester:eq(e, T(R.symeig_e), "eigenvalues ('N', 'U')", TOL)
   tester:eq(torch.symeig(a:t():clone(), 'N', 'L'), T(R.symeig_e), "'L' reads the lower", TOL)
   local e2, v = torch.symeig(a, 'V')
   tester:eq(e2, T(R.symeig_e), "'V' eigenvalues", TOL)
   tester:assert(colmajor(v), 'V column-major (Torch7)')
   tester:eq(v * torch.diag(e2) * v:t(), full, 'A = V diag(e) V^T', 1e-12)
   tester:eq(v:t() * v, eye(5), 'V orthogonal', 1e-12)
   tester:eq(a, T(R.SYM), 'input untouched')
   local re, rv = torch.Tensor(), torch.Tensor()
   local e3, v3 = torch.symeig(re, rv, full, 'V', 'L')
   tester:assert(e3 == re and v3 == rv, 'returns the results')
   tester:eq(rv * torch.diag(re) * rv:t(), full, 'results first, L', 1e-12)
   tester:eq(full:symeig(), T(R.symeig_e), 'method', TOL)
   tester:eq(torch.symeig(strided_copy(full)), T(R.symeig_e), 'strided', TOL)
   -- 'N' does not compute vectors: an empty V
   local _, vn = torch.symeig(a)
   tester:eq(vn:dim(), 0, "'N' gives an empty V")
   tester:eq(torch.symeig(full:float()), T(R.symeig_e, 'FloatTensor'), 'Float', FTOL)
end

function tests.eig()
   local a = T(R.EIGA)
   local e = torch.eig(a)
   tester:eq(H.sizes(e), { 4, 2 }, 'n x 2 (real, imaginary)')
   -- compare as a set, sorted by (real, imaginary)
   local pairs_ = {}
   for i = 1, 4 do pairs_[i] = { e[i][1], e[i][2] } end
   table.sort(pairs_, function(p, q) return p[1] < q[1] - 1e-9 or
                                           (math.abs(p[1] - q[1]) <= 1e-9 and p[2] < q[2]) end)
   for i = 1, 4 do
      tester:eq(pairs_[i][1], R.eig_re[i], 'real part ' .. i, TOL)
      tester:eq(pairs_[i][2], R.eig_im[i], 'imaginary part ' .. i, TOL)
   end
   -- eigenvectors: real ones satisfy A v = l v; a complex pair is stored as
   -- (re, im) columns: A (x + iy) = (a + ib)(x + iy)
   local e2, v = torch.eig(a, 'V')
   tester:assert(colmajor(v), 'V column-major')
   local j = 1
   while j <= 4 do
      local re, im = e2[j][1], e2[j][2]
      if im == 0 then
         tester:eq(a * v:select(2, j), v:select(2, j) * re, 'A v = l v, column ' .. j, 1e-12)
         j = j + 1
      else
         local x, y = v:select(2, j), v:select(2, j + 1)
         tester:eq(a * x, x * re - y * im, 'complex pair: real part', 1e-12)
         tester:eq(a * y, x * im + y * re, 'complex pair: imaginary part', 1e-12)
         j = j + 2
      end
   end
   local sym = T(R.SYM) + torch.triu(T(R.SYM), 1):t()
   local es, vs = torch.eig(sym, 'V')
   tester:eq(vs * torch.diag(es:select(2, 1)) * vs:t(), sym, 'symmetric: V diag(e) V^T', 1e-12)
   local re, rv = torch.Tensor(), torch.Tensor()
   local e3, v3 = torch.eig(re, rv, a, 'V')
   tester:assert(e3 == re and v3 == rv, 'results first')
   tester:eq(a:eig(), e, 'method', 0)
end

function tests.svd()
   for _, transpose in ipairs({ false, true }) do
      local a = transpose and T(R.SVDA):t() or T(R.SVDA)
      local m, n = a:size(1), a:size(2)
      local k = math.min(m, n)
      local u, s, v = torch.svd(a)
      tester:eq(s, T(R.svd_s), 'singular values ' .. m .. 'x' .. n, TOL)
      tester:eq({ H.sizes(u), H.sizes(v) }, { { m, k }, { n, k } }, "'S' shapes")
      tester:assert(colmajor(u), 'U column-major (Torch7)')
      tester:eq(u * torch.diag(s) * v:t(), a, 'A = U S V^T', 1e-12)
      tester:eq(u:t() * u, eye(k), 'U orthonormal columns', 1e-12)
      tester:eq(v:t() * v, eye(k), 'V orthonormal columns', 1e-12)
      local ua, sa, va = torch.svd(a, 'A')
      tester:eq({ H.sizes(ua), H.sizes(sa), H.sizes(va) }, { { m, m }, { k }, { n, n } },
                "'A' shapes")
      tester:eq(ua:t() * ua, eye(m), "'A': U orthogonal", 1e-12)
      tester:eq(va:t() * va, eye(n), "'A': V orthogonal", 1e-12)
      tester:eq(ua:narrow(2, 1, k) * torch.diag(sa) * va:narrow(2, 1, k):t(), a, "'A' rebuild",
                1e-12)
   end
   local a = T(R.SVDA)
   local ru, rs, rv = torch.Tensor(), torch.Tensor(), torch.Tensor()
   local u, s, v = torch.svd(ru, rs, rv, a)
   tester:assert(u == ru and s == rs and v == rv, 'results first')
   tester:eq(a:svd(), u, 'method returns U first', 0)
   tester:eq(select(2, torch.svd(strided_copy(a))), T(R.svd_s), 'strided input', TOL)
   tester:eq(select(2, torch.svd(a:float())), T(R.svd_s, 'FloatTensor'), 'Float', FTOL)
   -- rank-deficient matrices are fine: zero singular values
   local s2 = select(2, torch.svd(T({ { 1, 2 }, { 2, 4 } })))
   tester:eq(s2, T({ 5, 0 }), 'rank 1', 1e-12)
end

function tests.qr()
   -- Torch7's documentation example, exact to printing
   local a = T({ { 12, -51, 4 }, { 6, 167, -68 }, { -4, 24, -41 } })
   local q, r = torch.qr(a)
   tester:eq(r, T({ { -14, -21, 14 }, { 0, -175, 70 }, { 0, 0, -35 } }), 'R', 1e-12)
   tester:eq(q, T({ { -6 / 7, 69 / 175, 58 / 175 }, { -3 / 7, -158 / 175, -6 / 175 },
                    { 2 / 7, -6 / 35, 33 / 35 } }), 'Q', 1e-12)
   tester:assert(colmajor(q), 'Q column-major (Torch7)')
   for _, shape in ipairs({ { 6, 4 }, { 4, 6 } }) do
      local g = shape[1] == 6 and T(R.GELSA) or T(R.GELSA):t()
      local m, n = shape[1], shape[2]
      local k = math.min(m, n)
      local qq, rr = torch.qr(g)
      tester:eq({ H.sizes(qq), H.sizes(rr) }, { { m, k }, { k, n } }, 'thin shapes')
      tester:eq(qq * rr, g, 'A = Q R ' .. m .. 'x' .. n, 1e-12)
      tester:eq(qq:t() * qq, eye(k), 'Q orthonormal', 1e-12)
      tester:eq(torch.tril(rr, -1):abs():max(), 0, 'R upper triangular')
      -- geqrf + orgqr give the same Q; ormqr multiplies by it
      local mm, tau = torch.geqrf(g)
      tester:eq(H.sizes(tau), { k }, 'tau has k elements')
      tester:eq(torch.triu(mm):narrow(1, 1, k), rr, 'geqrf holds R', 1e-12)
      tester:eq(torch.orgqr(mm, tau), qq, 'orgqr = Q of qr', 1e-12)
      local c = torch.range(1, m * 3):view(m, 3)
      local qfull = torch.ormqr(mm, tau, eye(m))        -- Q (m x m) times I
      tester:eq(qfull:t() * qfull, eye(m), 'full Q orthogonal', 1e-12)
      tester:eq(torch.ormqr(mm, tau, c), qfull * c, "ormqr 'L' 'N' = Q C", 1e-11)
      tester:eq(torch.ormqr(mm, tau, c, 'L', 'T'), qfull:t() * c, "ormqr 'T' = Q^T C", 1e-11)
      local cr = c:t():clone()
      tester:eq(torch.ormqr(mm, tau, cr, 'R'), cr * qfull, "ormqr 'R' = C Q", 1e-11)
      tester:eq(torch.ormqr(mm, tau, cr, 'R', 'T'), cr * qfull:t(), "'R' 'T' = C Q^T", 1e-11)
   end
   local rq, rr = torch.Tensor(), torch.Tensor()
   local q2, r2 = torch.qr(rq, rr, strided_copy(a))
   tester:assert(q2 == rq and r2 == rr, 'results first')
   tester:eq(rq * rr, a, 'strided input', 1e-12)
   local q3, r3 = a:qr()
   tester:eq(q3 * r3, a, 'method', 1e-12)
   local qf, rf = torch.qr(a:float())
   tester:eq(qf * rf, a:float(), 'Float', FTOL)
end

function tests.gels_trtrs()
   local a, b = T(R.GELSA), T(R.GELSB)
   local x, f = torch.gels(b, a)
   tester:eq(x, T(R.gels_x), 'least squares (6x4)', TOL)
   tester:eq(H.sizes(f), { 6, 4 }, 'resa: the factorisation, m x n')
   tester:assert(colmajor(x), 'X column-major')
   -- normal equations hold: A^T (A x - b) = 0
   tester:eq(a:t() * (a * x - b), torch.zeros(4, 2), 'normal equations', 1e-10)
   -- least norm (4x6, underdetermined)
   local xm = torch.gels(b:narrow(1, 1, 4):clone(), a:t():clone())
   tester:eq(H.sizes(xm), { 6, 2 }, 'least norm: 6x2')
   tester:eq(xm, T(R.gels_min), 'least-norm solution', TOL)
   tester:eq(a:t() * xm, b:narrow(1, 1, 4), 'A x = b exactly', 1e-12)
   tester:eq(torch.gels(strided_copy(b), transposed_copy(a)), T(R.gels_x), 'layouts', TOL)
   -- trtrs
   local A5, B5 = T(R.A5), T(R.B5)
   local tri = torch.triu(A5)
   tester:eq(torch.trtrs(B5, tri), T(R.trtrs_x), "upper, 'N'", TOL)
   tester:eq(torch.trtrs(B5, A5), T(R.trtrs_x), 'reads only the upper triangle', TOL)
   tester:eq(torch.trtrs(B5, tri, 'U', 'T'), T(R.trtrs_xt), "'T': A^T x = b", TOL)
   tester:eq(torch.trtrs(B5, A5, 'L'), T(R.trtrs_xl), "'L'", TOL)
   local unit = torch.triu(A5, 1) + eye(5)
   tester:eq(unit * torch.trtrs(B5, torch.triu(A5, 1), 'U', 'N', 'U'), B5,
             "'U' diag: unit diagonal assumed", 1e-10)
   local rb, ra = torch.Tensor(), torch.Tensor()
   local x1, a1 = torch.trtrs(rb, ra, B5, tri)
   tester:assert(x1 == rb and a1 == ra, 'results first')
   tester:eq(ra, tri, 'resa is a copy of A', 0)
end

-- every function in single precision: against the float64 references, 1e-3
function tests.float()
   local F = 'FloatTensor'
   local function f(name) return T(R[name], F) end
   local a, b, spd, spdb = f('A5'), f('B5'), f('SPD'), f('SPDB')
   local U = torch.potrf(spd)
   -- SPD has condition number 1.5e3 and these results reach 480: float's bound is
   -- ~480 * 1.5e3 * 6e-8 = 0.04; observed 7e-4
   tester:eq(torch.potrs(spdb, U), f('potrs_x'), 'potrs', 1e-2)
   tester:eq(torch.potri(U), f('potri'), 'potri', 1e-2)
   tester:eq(torch.trtrs(b, torch.triu(a)), f('trtrs_x'), 'trtrs', FTOL)
   tester:eq(torch.gels(f('GELSB'), f('GELSA')), f('gels_x'), 'gels', FTOL)
   local e = torch.eig(f('EIGA'))
   tester:eq(torch.type(e), 'torch.FloatTensor', 'eig type')
   tester:eq(e:select(2, 1):sum(), torch.Tensor(R.eig_re):sum(), 'eig: trace', FTOL)
   local F1, piv = torch.pstrf(spd)
   local P = torch.zeros(5, 5):float()
   for k = 1, 5 do P[piv[k]][k] = 1 end
   tester:eq(F1:t() * F1, P:t() * spd * P, 'pstrf', FTOL)
   local g = f('GELSA')
   local m, tau = torch.geqrf(g)
   local q = torch.orgqr(m, tau)
   tester:eq(q * torch.triu(m):narrow(1, 1, 4), g, 'geqrf/orgqr', FTOL)
   tester:eq(torch.ormqr(m, tau, torch.eye(6):float()):narrow(2, 1, 4), q, 'ormqr', FTOL)
   local u, s, v = torch.svd(f('SVDA'))
   tester:eq(u * torch.diag(s) * v:t(), f('SVDA'), 'svd', FTOL * 10)
   local ee, vv = torch.symeig(spd, 'V')
   tester:eq(vv * torch.diag(ee) * vv:t(), spd, 'symeig', FTOL)
   tester:eq(torch.logdet(a), R.logabsdet, 'logdet', FTOL)
end

function tests.errors()
   local function em(f, ...) return errmsg(f, ...) end
   local sq = torch.Tensor(3, 3):fill(1)
   tester:eq(em(function() torch.gesv(torch.ones(3, 1), torch.zeros(3, 3)) end),
             'gesv: matrix is singular (U(1,1) is exactly zero)', 'singular')
   tester:eq(em(function() torch.gesv(torch.ones(3, 1),
                                      T({ { 1, 2, 3 }, { 2, 4, 6 }, { 1, 0, 1 } })) end),
             'gesv: matrix is singular (U(3,3) is exactly zero)', 'singular U(3,3)')
   tester:eq(em(function() torch.inverse(sq) end),
             'inverse: matrix is singular (U(2,2) is exactly zero)', 'singular inverse')
   tester:eq(em(function() torch.potrf(T({ { 1, 2 }, { 2, 1 } })) end),
             'potrf: matrix is not positive definite (leading minor 2)', 'not PD')
   tester:eq(em(function() torch.potrf(T({ { -1, 0 }, { 0, 1 } })) end),
             'potrf: matrix is not positive definite (leading minor 1)', 'not PD 1')
   tester:eq(em(function() torch.trtrs(torch.ones(2, 1), T({ { 1, 1 }, { 0, 0 } })) end),
             'trtrs: matrix is singular (A(2,2) is exactly zero)', 'singular triangular')
   tester:eq(em(function() torch.potri(T({ { 1, 1 }, { 0, 0 } })) end),
             'potri: the Cholesky factor is singular (element (2,2) is exactly zero)', 'potri')
   tester:eq(em(function() torch.pstrf(T({ { 1, 1 }, { 1, 1 } })) end),
             'pstrf: matrix is rank deficient or not positive semidefinite (computed rank 1 of 2)',
             'pstrf rank deficient')
   tester:eq(em(function() torch.gels(torch.ones(3, 1), T({ { 1, 0 }, { 0, 0 }, { 0, 0 } })) end),
             'gels: matrix does not have full rank (diagonal element 2 of its triangular ' ..
             'factor is exactly zero)', 'gels rank deficient')
   local nan = T({ { 1, 0 }, { 0, 0 / 0 } })
   tester:eq(em(function() torch.symeig(nan) end),
             "bad argument #1 to 'symeig' (input contains NaN or infinity)", 'NaN symeig')
   tester:eq(em(function() torch.svd(T({ { math.huge } })) end),
             "bad argument #1 to 'svd' (input contains NaN or infinity)", 'inf svd')
   tester:eq(em(function() torch.eig(nan) end),
             "bad argument #1 to 'eig' (input contains NaN or infinity)", 'NaN eig')
   -- shapes
   tester:eq(em(function() torch.gesv(torch.ones(3, 1), torch.ones(3, 4)) end),
             "bad argument #2 to 'gesv' (square matrix expected, got 3x4)", 'non-square')
   tester:eq(em(function() torch.gesv(torch.ones(4, 1), sq) end),
             "bad argument #1 to 'gesv' (size mismatch: right-hand side 4x1 for a 3x3 matrix " ..
             "(3 rows expected))", 'mismatched rhs')
   tester:eq(em(function() torch.potrs(torch.ones(2), sq) end),
             "bad argument #1 to 'potrs' (size mismatch: right-hand side 2 for a 3x3 matrix " ..
             "(3 rows expected))", 'mismatched rhs vector')
   tester:eq(em(function() torch.gesv(torch.ones(3, 1, 1), sq) end),
             "bad argument #1 to 'gesv' (vector or matrix expected, got a 3D tensor)", '3D rhs')
   tester:eq(em(function() torch.inverse(torch.ones(3)) end),
             "bad argument #1 to 'inverse' (matrix expected, got a 1D tensor)", 'vector')
   tester:eq(em(function() torch.inverse(torch.Tensor()) end),
             "bad argument #1 to 'inverse' (matrix expected, got an empty tensor)", 'empty')
   tester:eq(em(function() torch.potrf(torch.ones(2, 3)) end),
             "bad argument #1 to 'potrf' (square matrix expected, got 2x3)", 'potrf non-square')
   tester:eq(em(function() torch.det(torch.ones(2, 3)) end),
             "bad argument #1 to 'det' (square matrix expected, got 2x3)", 'det non-square')
   tester:eq(em(function() torch.symeig(torch.ones(2, 3)) end),
             "bad argument #1 to 'symeig' (square matrix expected, got 2x3)", 'symeig')
   tester:eq(em(function() torch.eig(torch.ones(2, 3)) end),
             "bad argument #1 to 'eig' (square matrix expected, got 2x3)", 'eig')
   tester:eq(em(function() torch.ormqr(torch.ones(3, 2), torch.ones(2), torch.ones(4, 4)) end),
             "bad argument #3 to 'ormqr' (size mismatch: reflectors 3x2 for a 4x4 matrix " ..
             "multiplied from the left)", 'ormqr mismatch')
   tester:eq(em(function() torch.orgqr(torch.ones(3, 2), torch.ones(3)) end),
             "bad argument #2 to 'orgqr' (size mismatch: 3 reflectors, at most 2 expected)",
             'orgqr too many reflectors')
   -- types
   tester:eq(em(function() torch.gesv(torch.IntTensor(3, 1), torch.IntTensor(3, 3)) end),
             "bad argument #1 to 'gesv' (torch.FloatTensor or torch.DoubleTensor expected, " ..
             "got torch.IntTensor)", 'integer type')
   tester:eq(em(function() torch.LongTensor(2, 2):inverse() end),
             "calling 'inverse' on bad self (torch.FloatTensor or torch.DoubleTensor " ..
             "expected, got torch.LongTensor)", 'integer method')
   tester:eq(em(function() torch.gesv(torch.ones(3, 1), sq:float()) end),
             "bad argument #2 to 'gesv' (torch.DoubleTensor expected, got torch.FloatTensor)",
             'mixed types')
   tester:eq(em(function() torch.potrf(torch.FloatTensor(), sq) end),
             "bad argument #1 to 'potrf' (torch.DoubleTensor expected, got torch.FloatTensor)",
             'result of another type')
   tester:eq(em(function() torch.pstrf(torch.Tensor(), torch.LongTensor(), sq) end),
             "bad argument #2 to 'pstrf' (torch.IntTensor expected, got torch.LongTensor)",
             'pivots must be an IntTensor')
   -- flags and argument forms
   tester:eq(em(function() torch.potrf(sq, 'X') end),
             "bad argument #2 to 'potrf' (uplo must be 'U' or 'L', got 'X')", 'bad uplo')
   tester:eq(em(function() torch.symeig(sq, 'V', 'upper') end),
             "bad argument #3 to 'symeig' (uplo must be 'U' or 'L', got 'upper')", 'long flag')
   tester:eq(em(function() torch.svd(sq, 'X') end),
             "bad argument #2 to 'svd' (jobu must be 'S' or 'A', got 'X')", 'bad jobu')
   tester:eq(em(function() torch.trtrs(sq, sq, 'U', 'X') end),
             "bad argument #4 to 'trtrs' (trans must be 'N' or 'T', got 'X')", 'bad trans')
   tester:eq(em(function() torch.gesv(sq) end),
             "gesv: invalid arguments (tensor); expected ([resb, resa,] B, A)", 'one tensor')
   tester:eq(em(function() torch.gesv(sq, sq, sq) end),
             "gesv: invalid arguments (tensor, tensor, tensor); expected ([resb, resa,] B, A)",
             'three tensors')
   tester:eq(em(function() torch.potrf(sq, 'U', 3) end),
             "potrf: invalid arguments (tensor, string, number); expected ([res,] A [, 'U' or " ..
             "'L'])", 'extra argument')
   tester:eq(em(function() torch.det(sq, sq) end),
             "det: invalid arguments (tensor, tensor); expected (A)", 'det arguments')
   -- a failed call leaves the result usable and the inputs intact
   local a = T({ { 1, 2 }, { 2, 1 } })
   pcall(torch.potrf, a, a)
   tester:eq(a, T({ { 1, 2 }, { 2, 1 } }), 'input intact after an error')
end

-- result tensors of any layout: written when they already have the result's
-- layout, given new storage otherwise (never written through a strided or
-- expanded view, which would scramble or collide)
function tests.result_layouts()
   local a, b = T(R.A5), T(R.B5)
   local cm = torch.zeros(3, 5):t()                 -- already 5x3 column-major
   local alias = torch.Tensor():set(cm)
   local lu = torch.Tensor()
   torch.gesv(cm, lu, b, a)
   tester:eq(alias, T(R.gesv_x), 'a column-major result is written in place', TOL)
   local strided = torch.zeros(5, 10):narrow(2, 1, 3)
   torch.gesv(strided, lu, b, a)
   tester:eq(strided, T(R.gesv_x), 'a strided result gets the solution', TOL)
   tester:assert(colmajor(strided), '... and becomes column-major')
   local ex = torch.zeros(1):expand(5)
   local v = torch.Tensor()
   local full = T(R.SYM) + torch.triu(T(R.SYM), 1):t()
   torch.symeig(ex, v, full, 'V')
   tester:eq(ex, T(R.symeig_e), 'an expanded vector result', TOL)
   local rr = torch.zeros(1, 1):expand(3, 3)
   local q = torch.Tensor()
   torch.qr(q, rr, T({ { 12, -51, 4 }, { 6, 167, -68 }, { -4, 24, -41 } }))
   tester:eq(rr, T({ { -14, -21, 14 }, { 0, -175, 70 }, { 0, 0, -35 } }), 'an expanded R', 1e-12)
   local ct = torch.zeros(3)                        -- contiguous, right size: kept
   local ctalias = torch.Tensor():set(ct)
   torch.geqrf(torch.Tensor(), ct, T({ { 12, -51, 4 }, { 6, 167, -68 }, { -4, 24, -41 } }))
   tester:eq(ctalias, ct, 'a contiguous vector result keeps its storage', 0)
   tester:assert(ct:abs():sum() > 0, 'tau written')
end

function tests.help()
   local doc = require 'torch.doc.lapack'
   local areas = require 'torch.doc'
   local listed = false
   for _, a in ipairs(areas) do listed = listed or a == 'lapack' end
   tester:assert(listed, "'lapack' is a help area")
   for _, name in ipairs({ 'gesv', 'trtrs', 'gels', 'symeig', 'eig', 'svd', 'inverse', 'potrf',
                           'potrs', 'potri', 'pstrf', 'qr', 'geqrf', 'orgqr', 'ormqr', 'det',
                           'logdet', 'slogdet' }) do
      local e = doc['torch.' .. name]
      tester:assert(type(torch[name]) == 'function', 'torch.' .. name .. ' exists')
      tester:assert(e and type(e.sig) == 'string' and e.sig:find(name, 1, true) and
                    type(e.text) == 'string' and #e.text > 40, 'help for torch.' .. name)
      tester:assert(type(torch.FloatTensor[name]) == 'function', 'method ' .. name)
   end
end

tester:add(tests)
tester:run()
