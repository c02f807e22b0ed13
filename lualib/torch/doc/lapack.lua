-- Help for the LAPACK functions (l_lapack.c, tensor/lapack.c).
local layout = [==[ Inputs may have any layout (transposed, narrowed); they are never
modified. Matrices LAPACK produces are returned column-major (strides 1,m), as in Torch7.
Float and Double tensors only.]==]

local doc = {
   ['torch.gesv'] = {
      sig = 'X, LU = torch.gesv([resb, resa,] B, A)',
      text = [==[Solves A X = B for a square, non-singular A (m x m); B is m x k, or a vector
of m (the solution is then m x 1, as in Torch7). Also returns the LU factors of A (L below the
diagonal, its unit diagonal implied; U on and above). A singular A raises "gesv: matrix is
singular (U(i,i) is exactly zero)". B:gesv(A) is the same call.]==] .. layout,
   },
   ['torch.trtrs'] = {
      sig = "X, Acopy = torch.trtrs([resb, resa,] B, A [, 'U' or 'L'] [, 'N' or 'T'] [, 'N' or 'U'])",
      text = [==[Solves A X = B (trans 'N', the default) or A^T X = B ('T') for a triangular
A, reading only its upper ('U', default) or lower ('L') triangle; diag 'U' assumes a unit
diagonal. A zero on the diagonal raises "matrix is singular". The second result is a copy of
A.]==] .. layout,
   },
   ['torch.gels'] = {
      sig = 'X, F = torch.gels([resb, resa,] B, A)',
      text = [==[Least squares for a full-rank m x n A: with m >= n, X (n x k) minimises
||A X - B||; with m < n, X is the solution of A X = B of least norm. The second result is
LAPACK's QR (or LQ) factorisation of A. Exactly rank-deficient A raises an error.]==] .. layout,
   },
   ['torch.symeig'] = {
      sig = "e, V = torch.symeig([rese, resv,] A [, 'N' or 'V'] [, 'U' or 'L'])",
      text = [==[Eigenvalues (ascending) of the symmetric matrix whose upper ('U', default) or
lower ('L') triangle A holds. With 'V' also the eigenvectors, as the columns of V:
A = V diag(e) V^T. With 'N' (the default) V is not computed: an empty tensor (a given resv is
left as it is). NaN or infinite input is an error.]==] .. layout,
   },
   ['torch.eig'] = {
      sig = "e, V = torch.eig([rese, resv,] A [, 'N' or 'V'])",
      text = [==[Eigenvalues of a general square matrix, as an m x 2 tensor of real and
imaginary parts (LAPACK's order). With 'V' also the right eigenvectors as columns of V; for a
complex pair (columns j, j+1) the eigenvectors are V[:,j] +- i V[:,j+1], LAPACK's
convention.]==] .. layout,
   },
   ['torch.svd'] = {
      sig = "U, S, V = torch.svd([resu, ress, resv,] A [, 'S' or 'A'])",
      text = [==[Singular value decomposition A = U diag(S) V^T of an m x n matrix, k =
min(m, n); S holds the k singular values in descending order. 'S' (default): U is m x k and
V n x k; 'A': U is m x m and V n x n. Note V, not V^T, as in Torch7.]==] .. layout,
   },
   ['torch.inverse'] = {
      sig = 'torch.inverse([res,] A)',
      text = [==[The inverse of a square, non-singular matrix, through its LU factorisation.
A singular A raises "inverse: matrix is singular (U(i,i) is exactly zero)".]==] .. layout,
   },
   ['torch.potrf'] = {
      sig = "torch.potrf([res,] A [, 'U' or 'L'])",
      text = [==[Cholesky factor of a symmetric positive-definite matrix: U with A = U^T U
('U', default) or L with A = L L^T ('L'); the other triangle of the result is zero and only
that triangle of A is read. A matrix that is not positive definite raises "potrf: matrix is
not positive definite (leading minor i)".]==] .. layout,
   },
   ['torch.potrs'] = {
      sig = "torch.potrs([res,] B, chol [, 'U' or 'L'])",
      text = [==[Solves A X = B given chol, the Cholesky factor of A from torch.potrf (with
the same 'U'/'L').]==] .. layout,
   },
   ['torch.potri'] = {
      sig = "torch.potri([res,] chol [, 'U' or 'L'])",
      text = [==[The inverse of A (full and symmetric) from its Cholesky factor chol, as
torch.potrf returned it (with the same 'U'/'L').]==] .. layout,
   },
   ['torch.pstrf'] = {
      sig = "F, piv = torch.pstrf([res, piv,] A [, 'U' or 'L'] [, tol])",
      text = [==[Cholesky factorisation with complete pivoting: P^T A P = F^T F ('U', default)
or F F^T ('L'), where P[piv[k]][k] = 1; piv is an IntTensor of 1-based indices. tol < 0 (the
default) lets LAPACK choose the tolerance. As in Torch7, a rank-deficient (or not positive
semidefinite) matrix raises an error giving the computed rank.]==] .. layout,
   },
   ['torch.qr'] = {
      sig = 'Q, R = torch.qr([q, r,] A)',
      text = [==[Thin QR decomposition of an m x n matrix: A = Q R with Q m x k (orthonormal
columns) and R k x n upper triangular, k = min(m, n). The signs are LAPACK's (R's diagonal
may be negative).]==] .. layout,
   },
   ['torch.geqrf'] = {
      sig = 'm, tau = torch.geqrf([m, tau,] A)',
      text = [==[LAPACK's geqrf: R on and above the diagonal of m, the Householder vectors
below it, and their k = min(m, n) scale factors in tau. Use torch.orgqr to form Q or
torch.ormqr to multiply by it; torch.qr does both.]==] .. layout,
   },
   ['torch.orgqr'] = {
      sig = 'torch.orgqr([q,] m, tau)',
      text = [==[Forms Q (m x min(m, n), orthonormal columns) from the Householder vectors in
m and the factors tau that torch.geqrf returned.]==] .. layout,
   },
   ['torch.ormqr'] = {
      sig = "torch.ormqr([res,] m, tau, C [, 'L' or 'R'] [, 'N' or 'T'])",
      text = [==[Multiplies C by the Q that geqrf's m and tau define, without forming it:
Q C ('L', default), C Q ('R'), with Q^T instead of Q for 'T'. m has C's rows ('L') or columns
('R').]==] .. layout,
   },
   ['torch.det'] = {
      sig = 'torch.det(A)',
      text = [==[The determinant of a square matrix, as a number, from its LU factorisation
(0 for a singular matrix, 1 for a 0x0 one).]==],
   },
   ['torch.logdet'] = {
      sig = 'torch.logdet(A)',
      text = [==[log(det(A)) without overflow, as a number: -inf when A is singular and NaN
when the determinant is negative (PyTorch's convention); see torch.slogdet.]==],
   },
   ['torch.slogdet'] = {
      sig = 'sign, logabsdet = torch.slogdet(A)',
      text = [==[The sign of det(A) (1, -1, or 0 when singular) and log|det(A)| (-inf when
singular), so that det(A) = sign * exp(logabsdet) even where det itself would overflow.]==],
   },
}

-- Autograd (lualib/torch/lapack_grad.lua): which functions are differentiable.
local grad = {
   ['torch.inverse'] = [==[Differentiable: with grad mode on and A requiring grad, the
result records its history (dA = -Y^T G Y^T for Y = A^-1).]==],
   ['torch.gesv'] = [==[Differentiable in B and A (the solution X; a gradient reaching the
LU factors is an error).]==],
   ['torch.trtrs'] = [==[Differentiable in B and A; only the triangle of A that is read
gets a gradient (not the diagonal with 'U' for diag); the copy of A passes its gradient
through.]==],
   ['torch.gels'] = [==[Differentiable in B and A (full rank, both shapes: least squares
and least norm); a gradient reaching the factorisation is an error.]==],
   ['torch.potrs'] = [==[Differentiable in B and in the Cholesky factor (only the triangle
that is read gets a gradient), so potrs(B, potrf(A)) is differentiable in A.]==],
   ['torch.potri'] = [==[Differentiable in the Cholesky factor (its triangle), so
potri(potrf(A)) is differentiable in A.]==],
   ['torch.potrf'] = [==[Differentiable for either triangle; as LAPACK reads one triangle,
the gradient is that of a function of a symmetric A (symmetrised), as in PyTorch.]==],
   ['torch.symeig'] = [==[Differentiable: the eigenvalues always (also with 'N'), the
eigenvectors when the eigenvalues are distinct (backward raises an error naming two equal
ones). The gradient is symmetrised, as for potrf.]==],
   ['torch.svd'] = [==[Differentiable: the singular values S always (dA = U diag(dS) V^T);
U and V when the singular values are distinct (and non-zero for a non-square A), with 'A'
only through their first min(m, n) columns. Otherwise backward raises an error saying
why.]==],
   ['torch.qr'] = [==[Differentiable in Q and R for an A with at least as many rows as
columns and full column rank (backward raises an error otherwise).]==],
   ['torch.det'] = [==[Differentiable: when A requires grad (and grad mode is on) the
result is a one-element tensor (x:item() gives the number), as x:sum() is; the gradient is
det(A) A^-T, or the adjugate's transpose for a singular A.]==],
   ['torch.logdet'] = [==[Differentiable like torch.det (a one-element tensor under
autograd); the gradient is A^-T, NaN where logdet is NaN (a negative determinant), and
backward raises an error for a singular A.]==],
   ['torch.slogdet'] = [==[Differentiable in logabsdet (gradient A^-T); under autograd both
results are one-element tensors and the sign carries no gradient.]==],
}
local nograd = [==[ Not differentiable: with an input that requires grad (and grad mode on) it
raises an error; call it on x:detach() or inside torch.noGrad.]==]
for name, entry in pairs(doc) do
   if grad[name] then
      entry.text = entry.text .. ' ' .. grad[name]
   else
      entry.text = entry.text .. nograd
   end
end
return doc
