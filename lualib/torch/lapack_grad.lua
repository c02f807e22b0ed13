-- torch/lapack_grad.lua — the backward rules of the LAPACK functions.
--
-- The bindings (lualib/l_lapack.c) call these only when grad mode is on and
-- an input requires grad, after computing the results as usual:
--     M[name](flags, inputs, copies, results) -> what the function returns
-- flags is the string of the call's flag letters in the spec's order,
-- inputs are the user's tensors (the graph edges), copies are clones of
-- them taken before the computation (a result may overwrite an input), and
-- results are the result tensors (or, for det/logdet/slogdet, the numbers).
-- Each rule clones what its backward needs, so later in-place writes to
-- inputs or results cannot change a gradient, and records one custom node
-- (torch.autograd.record) on the differentiable results.  Backward bodies
-- use forward ops only (mm, gesv, trtrs, symeig, svd), so they run
-- wherever those run; they are not themselves differentiable (no double
-- backward).
--
-- Formulas (Torch7's conventions: gesv solves A X = B, potrf's 'U' gives
-- A = U^T U, svd gives A = U diag(S) V^T, symeig's eigenvalues ascend):
--   inverse  Y = A^-1          dA = -Y^T G Y^T
--   gesv     X = A^-1 B        dB = A^-T G, dA = -dB X^T
--   trtrs    X = A^-1 B        the same, A^T for 'T', masked to A's triangle
--   potrs    X = A^-1 B        dB = A^-1 G, dA = -dB X^T, A = C^T C (or C C^T) ->
--                              the factor C (dfactor below); potri likewise
--   gels     least squares     see M.gels
--   qr       A = Q R           see M.qr
--   potrf    A = L L^T         P = Phi(L^T dL) (lower triangle, diagonal halved),
--                              S = L^-T P L^-1, dA = (S + S^T) / 2
--   symeig   A = V diag(e) V^T dA = V (diag(de) + F o (V^T dV)) V^T, symmetrised,
--                              F_ij = 1 / (e_j - e_i) off the diagonal
--   svd      A = U S V^T       dA = U_k diag(dS) V_k^T (k = min(m, n)) for S; for U
--                              and V see svd_uv below
--   det      d = det(A)        dA = g d A^-T (the adjugate, from the SVD, when
--                              A is singular)
--   logdet   log det(A)        dA = g A^-T
-- potrf and symeig read one triangle of A: their gradients are those of a
-- function of a symmetric matrix (symmetrised), as in PyTorch.
local torch = require 'torch'
local record = torch.autograd.record

local M = {}

local function saved(t) return t:detach():clone() end
local function ctor(t) return torch[t:type():match('^torch%.(%w+)$')] end
local function sym(s) return torch.add(s, s:t()):mul(0.5) end
-- (torch.abs, not g:abs(): the method form works in place, as in Torch7)
local function nonzero(g) return g:nElement() > 0 and torch.abs(g):max() ~= 0 end
local function eps(t)
   return t:type() == 'torch.DoubleTensor' and 2.220446049250313e-16 or 1.1920929e-07
end

function M.inverse(_, inputs, _, results)
   local Y = saved(results[1])
   record(results[1], { inputs[1] }, function(G)
      local Yt = Y:t()
      return torch.mm(torch.mm(Yt, G), Yt):mul(-1)
   end)
   return results[1]
end

function M.gesv(_, inputs, copies, results)
   local X, A = saved(results[1]), copies[2]
   local bsize = inputs[1]:size()
   -- the LU factors (results[2]) have no rule: a gradient reaching them is
   -- an error, not a silent zero
   record({ results[1], results[2] }, { inputs[1], inputs[2] }, function(G, gLU)
      if nonzero(gLU) then
         error("gesv: backward through the LU factors (the second result) is not supported", 0)
      end
      local gB = torch.gesv(G, A:t())
      local gA = torch.mm(gB, X:t()):mul(-1)
      return gB:contiguous():view(bsize), gA
   end)
   return results[1], results[2]
end

-- trtrs: X = op(A)^-1 B for a triangular A; only A's triangle (without the
-- diagonal when it is a unit one) is read, so only it gets a gradient.  The
-- second result is a copy of A: its gradient passes straight through.
function M.trtrs(flags, inputs, copies, results)
   local uplo, trans, diag = flags:sub(1, 1), flags:sub(2, 2), flags:sub(3, 3)
   local X, A = saved(results[1]), copies[2]
   local bsize = inputs[1]:size()
   record({ results[1], results[2] }, { inputs[1], inputs[2] }, function(G, gCopy)
      local gB = torch.trtrs(G, A, uplo, trans == 'N' and 'T' or 'N', diag)
      local gA = trans == 'N' and torch.mm(gB, X:t()) or torch.mm(X, gB:t())
      gA = uplo == 'U' and torch.triu(gA) or torch.tril(gA)
      if diag == 'U' then gA:add(-1, torch.diag(torch.diag(gA))) end
      return gB:contiguous():view(bsize), gCopy - gA
   end)
   return results[1], results[2]
end

function M.potrf(flags, inputs, _, results)
   local upper = flags:sub(1, 1) == 'U'
   local R = saved(results[1])
   record(results[1], { inputs[1] }, function(G)
      local L, gL = R, G
      if upper then L, gL = R:t(), G:t() end
      local P = torch.tril(torch.mm(L:t(), gL))
      P:add(-0.5, torch.diag(torch.diag(P)))
      local Z = torch.trtrs(P, L, 'L', 'T')             -- L^-T P
      local St = torch.trtrs(Z:t():contiguous(), L, 'L', 'T') -- (L^-T P L^-1)^T
      return sym(St)
   end)
   return results[1]
end

-- potrs and potri take a Cholesky factor C (A = C^T C for 'U', C C^T for
-- 'L') and read its triangle: a gradient gA of A becomes
--   'U': triu(C (gA + gA^T))      'L': tril((gA + gA^T) C)
local function dfactor(C, gA, upper)
   local s = torch.add(gA, gA:t())
   if upper then return torch.triu(torch.mm(C, s)) end
   return torch.tril(torch.mm(s, C))
end

function M.potrs(flags, inputs, copies, results)
   local upper = flags:sub(1, 1) == 'U'
   local X, C = saved(results[1]), copies[2]
   local bsize = inputs[1]:size()
   record(results[1], { inputs[1], inputs[2] }, function(G)
      local gB = torch.potrs(G, C, upper and 'U' or 'L')
      return gB:contiguous():view(bsize), dfactor(C, torch.mm(gB, X:t()):mul(-1), upper)
   end)
   return results[1]
end

function M.potri(flags, inputs, copies, results)
   local upper = flags:sub(1, 1) == 'U'
   local Y, C = saved(results[1]), copies[1]
   record(results[1], { inputs[1] }, function(G)
      local Yt = Y:t()
      return dfactor(C, torch.mm(torch.mm(Yt, G), Yt):mul(-1), upper)
   end)
   return results[1]
end

function M.symeig(flags, inputs, copies, results)
   local jobz, uplo = flags:sub(1, 1), flags:sub(2, 2)
   local e, V = saved(results[1]), nil
   if jobz == 'V' then
      V = saved(results[2])
   else
      local _
      _, V = torch.symeig(copies[1], 'V', uplo)
   end
   local n = e:nElement()
   local outs = jobz == 'V' and { results[1], results[2] } or results[1]
   record(outs, { inputs[1] }, function(ge, gV)
      local Mid = torch.diag(ge)
      if gV and nonzero(gV) then
         local tol = n * eps(e) * math.max(math.abs(e[1]), math.abs(e[n]))
         for i = 1, n - 1 do
            if e[i + 1] - e[i] <= tol then
               error(string.format("symeig: backward through the eigenvectors needs distinct " ..
                                   "eigenvalues (eigenvalues %d and %d are %.6g and %.6g)",
                                   i, i + 1, e[i], e[i + 1]), 0)
            end
         end
         local row = e:view(1, n):expand(n, n)
         local E = torch.add(row, -1, row:t())          -- E_ij = e_j - e_i
         local I = torch.eye(n):typeAs(e)
         local F = torch.cdiv(torch.add(I, -1):mul(-1), E:add(I))
         Mid:add(torch.cmul(F, torch.mm(V:t(), gV)))
      end
      return sym(torch.mm(torch.mm(V, Mid), V:t()))
   end)
   return results[1], results[2]
end

-- The gradient through U and V (thin factors, k = min(m, n)), Townsend's
-- formula as in PyTorch: with F_ij = 1 / (s_j^2 - s_i^2) off the diagonal
-- and skew(X) = X - X^T,
--   dA = U [(F o skew(U^T dU)) S + diag(dS) + S (F o skew(V^T dV))] V^T
--        + (I - U U^T) dU S^-1 V^T + U S^-1 dV^T (I - V V^T)
-- (the last two terms only for non-square A).  It needs distinct singular
-- values, and non-zero ones when A is not square.
local function svd_uv(U, S, V, gU, gS, gV)
   local m, n, k = U:size(1), V:size(1), S:nElement()
   local tol = math.max(m, n) * eps(S) * S[1]
   for i = 1, k - 1 do
      if S[i] - S[i + 1] <= tol then
         error(string.format("svd: backward through U or V needs distinct singular values " ..
                             "(singular values %d and %d are %.6g and %.6g)",
                             i, i + 1, S[i], S[i + 1]), 0)
      end
   end
   if m ~= n and S[k] <= tol then
      error(string.format("svd: backward through U or V of a non-square matrix needs " ..
                          "non-zero singular values (singular value %d is %.6g)", k, S[k]), 0)
   end
   local s2 = torch.cmul(S, S):view(1, k):expand(k, k)
   local I = torch.eye(k):typeAs(S)
   local F = torch.cdiv(torch.add(I, -1):mul(-1), torch.add(s2, -1, s2:t()):add(I))
   local J = torch.mm(U:t(), gU)
   local K = torch.mm(V:t(), gV)
   local Sd = torch.diag(S)
   local Mid = torch.mm(torch.cmul(F, J - J:t()), Sd)
   Mid:add(torch.mm(Sd, torch.cmul(F, K - K:t()))):add(torch.diag(gS))
   local gA = torch.mm(torch.mm(U, Mid), V:t())
   local Sinv = torch.diag(torch.cinv(S))
   if m > k then gA:add(torch.mm(torch.mm(gU - torch.mm(U, J), Sinv), V:t())) end
   if n > k then gA:add(torch.mm(torch.mm(U, Sinv), (gV - torch.mm(V, K)):t())) end
   return gA
end

function M.svd(flags, inputs, _, results)
   local U, S, V = saved(results[1]), saved(results[2]), saved(results[3])
   local m, n = inputs[1]:size(1), inputs[1]:size(2)
   local k = math.min(m, n)
   local full = flags:sub(1, 1) == 'A'
   record({ results[1], results[2], results[3] }, { inputs[1] }, function(gU, gS, gV)
      if k == 0 then return ctor(U)(m, n):zero() end
      local Uk, Vk = U:narrow(2, 1, k), V:narrow(2, 1, k)
      local uv = nonzero(gU) or nonzero(gV)
      if not uv then return torch.mm(torch.mm(Uk, torch.diag(gS)), Vk:t()) end
      -- with 'A', the columns past k are not unique: no gradient may reach them
      if full and ((m > k and nonzero(gU:narrow(2, k + 1, m - k))) or
                   (n > k and nonzero(gV:narrow(2, k + 1, n - k)))) then
         error("svd: backward through the columns of U or V past min(m, n) (with 'A') is " ..
               "not supported: they are not unique", 0)
      end
      return svd_uv(Uk, S, Vk, gU:narrow(2, 1, k), gS, gV:narrow(2, 1, k))
   end)
   return results[1], results[2], results[3]
end

-- gels (full rank).  m >= n: X = (A^T A)^-1 A^T B; with Z = (A^T A)^-1 G,
--   dB = A Z,  dA = (B - A X) Z^T - A Z X^T.
-- m < n: X = A^T (A A^T)^-1 B; with H = (A A^T)^-1 A G, Y = (A A^T)^-1 B,
--   dB = H,    dA = Y (G - A^T H)^T - H X^T.
-- The second result (LAPACK's factorisation) has no rule.
function M.gels(_, inputs, copies, results)
   local B, A, X = copies[1], copies[2], saved(results[1])
   local bsize = inputs[1]:size()
   local m, n = A:size(1), A:size(2)
   local B2 = B:dim() == 1 and B:view(m, 1) or B
   record({ results[1], results[2] }, { inputs[1], inputs[2] }, function(G, gF)
      if nonzero(gF) then
         error("gels: backward through the factorisation (the second result) is not " ..
               "supported", 0)
      end
      local gB, gA
      if m >= n then
         local Z = torch.gesv(G, torch.mm(A:t(), A))
         gB = torch.mm(A, Z)
         gA = torch.mm(B2 - torch.mm(A, X), Z:t()) - torch.mm(gB, X:t())
      else
         local AAt = torch.mm(A, A:t())
         local H = torch.gesv(torch.mm(A, G), AAt)
         local Y = torch.gesv(B2, AAt)
         gB = H
         gA = torch.mm(Y, (G - torch.mm(A:t(), H)):t()) - torch.mm(H, X:t())
      end
      return gB:contiguous():view(bsize), gA
   end)
   return results[1], results[2]
end

-- qr (thin, A = Q R, m >= n): with X = Q^T dA R^-1, Q^T dQ is the skew
-- part built from X's strict lower triangle and dR = (X - Q^T dQ) R; so
--   N = Q^T gQ - gR R^T,  W = gR R^T + tril(N - N^T, -1),
--   dA = (gQ - Q Q^T gQ + Q W) R^-T
-- (the R^-T needs a full-rank A).  Wide A (m < n) has no rule here.
function M.qr(_, inputs, _, results)
   local Q, R = saved(results[1]), saved(results[2])
   local m, n = inputs[1]:size(1), inputs[1]:size(2)
   record({ results[1], results[2] }, { inputs[1] }, function(gQ, gR)
      if m < n then
         error(string.format("qr: backward for a matrix with fewer rows than columns " ..
                             "(%dx%d) is not supported", m, n), 0)
      end
      if n == 0 then return ctor(Q)(m, n):zero() end
      local QtgQ = torch.mm(Q:t(), gQ)
      local gRRt = torch.mm(gR, R:t())
      local N = QtgQ - gRRt
      local W = gRRt + torch.tril(N - N:t(), -1)
      local Z = gQ - torch.mm(Q, QtgQ) + torch.mm(Q, W)
      local d = torch.abs(torch.diag(R))
      if d:min() <= math.max(m, n) * eps(R) * d:max() then
         error("qr: backward needs a matrix of full column rank (R has a zero on its " ..
               "diagonal)", 0)
      end
      return torch.trtrs(Z:t():contiguous(), R, 'U', 'N'):t()
   end)
   return results[1], results[2]
end

local function scalar(like, v) return ctor(like)(1):fill(v) end

-- The gradient of det at A: d A^-T, or the adjugate's transpose
-- det(U) det(V) U diag(prod_{j~=i} s_j) V^T when A is (numerically) singular.
local function ddet(A, d)
   if d ~= 0 then
      local ok, Y = pcall(torch.inverse, A)
      if ok then return Y:t():mul(d) end
   end
   local U, S, V = torch.svd(A)
   local n = S:nElement()
   local adj = S:clone()
   for i = 1, n do
      local p = 1
      for j = 1, n do if j ~= i then p = p * S[j] end end
      adj[i] = p
   end
   return torch.mm(torch.mm(U, torch.diag(adj)), V:t()):mul(torch.det(U) * torch.det(V))
end

function M.det(_, inputs, copies, results)
   local d = results[1]
   local out = scalar(copies[1], d)
   local A = copies[1]
   record(out, { inputs[1] }, function(g)
      return ddet(A, d):mul(g[1])
   end)
   return out
end

-- The gradient of log|det A|: A^-T (an error for a singular A).
local function dlogabsdet(A)
   local ok, Y = pcall(torch.inverse, A)
   if not ok then
      error("logdet: backward needs a non-singular matrix (" ..
            tostring(Y):gsub('^.-: ', '') .. ")", 0)
   end
   return Y:t()
end

function M.logdet(_, inputs, copies, results)
   local A = copies[1]
   local out = scalar(A, results[1])
   local nan = results[1] ~= results[1]
   record(out, { inputs[1] }, function(g)
      if nan then return ctor(A)(A:size()):fill(0 / 0) end
      return dlogabsdet(A):mul(g[1])
   end)
   return out
end

function M.slogdet(_, inputs, copies, results)
   local A = copies[1]
   local sign, out = scalar(A, results[1]), scalar(A, results[2])
   record(out, { inputs[1] }, function(g)
      return dlogabsdet(A):mul(g[1])
   end)
   return sign, out
end

return M
