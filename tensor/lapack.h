/*
** lapack.h — linear algebra through LAPACK (the one shipped in OpenBLAS).
**
** Torch7's functions with Torch7's conventions, for Float and Double
** tensors (any other dtype is LT_ETYPE):
** - results come first and are resized; matrices that LAPACK produces are
**   returned *column-major* (strides 1, rows), as Torch7 returned them; a
**   result that already has that shape and layout keeps its storage, so a
**   loop reusing its results allocates nothing;
** - inputs of any layout (transposed, narrowed, non-contiguous) are copied
**   into column-major scratch first and never modified; a result may be one
**   of the inputs (torch.potrf(A, A));
** - a right-hand side b may be a vector (n) or a matrix (n x k); the
**   solution is then n x 1, as in Torch7;
** - flags are LAPACK's characters: uplo 'U'/'L', trans 'N'/'T', diag
**   'N'/'U', jobz 'N'/'V', svd's 'S'/'A', ormqr's side 'L'/'R';
** - failures name the problem: shapes and types with the operand (1-based
**   among the inputs, in the order of the arguments: gesv's b is 1, a is 2),
**   numerical failures (singular, not positive definite, no convergence)
**   as LT_EVALUE with operand 0 and LAPACK's info decoded into the message.
**
** The lt_* functions here only run forward; their results are plain
** tensors, so backward rules (autograd) can be written with them and the
** BLAS ops (see lapack.c's banner for what each rule needs).
*/
#ifndef LT_LAPACK_H
#define LT_LAPACK_H

#include "lantern.h"

/* Solve A X = B (A n x n, B n x k or n): x <- X (n x k), lu <- the LU
** factors of A (L's unit diagonal implied), both column-major. */
lt_status lt_gesv(lt_tensor *x, lt_tensor *lu, const lt_tensor *b, const lt_tensor *a);
/* Solve op(A) X = B for triangular A (only its uplo triangle is read;
** diag 'U': unit diagonal assumed).  acopy <- A, column-major (may be NULL). */
lt_status lt_trtrs(lt_tensor *x, lt_tensor *acopy, const lt_tensor *b, const lt_tensor *a,
                   char uplo, char trans, char diag);
/* Least squares (m >= n) or least norm (m < n) for full-rank A (m x n):
** x <- X (n x k); qr <- LAPACK's factorisation of A (m x n, may be NULL). */
lt_status lt_gels(lt_tensor *x, lt_tensor *qr, const lt_tensor *b, const lt_tensor *a);
/* Symmetric eigendecomposition from A's uplo triangle: e <- eigenvalues in
** ascending order; with jobz 'V', v <- eigenvectors as columns
** (A = V diag(e) V^T, column-major); with 'N', v is not touched (may be NULL). */
lt_status lt_symeig(lt_tensor *e, lt_tensor *v, const lt_tensor *a, char jobz, char uplo);
/* General eigendecomposition: e <- n x 2 (real, imaginary parts); with 'V',
** v <- right eigenvectors as columns, a complex pair as the real and the
** imaginary part in two adjacent columns (LAPACK's convention). */
lt_status lt_eig(lt_tensor *e, lt_tensor *v, const lt_tensor *a, char jobvr);
/* A (m x n) = U diag(S) V^T, k = min(m, n).  'S': U m x k, V n x k;
** 'A': U m x m, V n x n; S has k values, descending.  U is column-major,
** V contiguous (Torch7's layouts). */
lt_status lt_svd(lt_tensor *u, lt_tensor *s, lt_tensor *v, const lt_tensor *a, char jobu);
lt_status lt_inverse(lt_tensor *out, const lt_tensor *a);
/* Cholesky: out <- U with A = U^T U ('U') or L with A = L L^T ('L'); the
** other triangle is zeroed.  Only A's uplo triangle is read. */
lt_status lt_potrf(lt_tensor *out, const lt_tensor *a, char uplo);
/* Solve A X = B from A's Cholesky factor chol (its uplo triangle). */
lt_status lt_potrs(lt_tensor *out, const lt_tensor *b, const lt_tensor *chol, char uplo);
/* A^-1 (full, symmetric) from A's Cholesky factor. */
lt_status lt_potri(lt_tensor *out, const lt_tensor *chol, char uplo);
/* Pivoted Cholesky of a positive semidefinite A: P^T A P = U^T U ('U') or
** L L^T ('L'), P[piv[k], k] = 1; piv: IntTensor of 1-based indices.
** tol < 0: LAPACK's default.  A rank-deficient A is an error, as in Torch7. */
lt_status lt_pstrf(lt_tensor *out, lt_tensor *piv, const lt_tensor *a, char uplo, double tol);
/* Thin QR: A (m x n) = Q R, Q m x k column-major with orthonormal
** columns, R k x n upper triangular (contiguous), k = min(m, n). */
lt_status lt_qr(lt_tensor *q, lt_tensor *r, const lt_tensor *a);
/* LAPACK's geqrf: m <- R above the diagonal and the Householder vectors
** below it (column-major), tau <- their k = min(m, n) scale factors. */
lt_status lt_geqrf(lt_tensor *m, lt_tensor *tau, const lt_tensor *a);
/* Q (m x min(m, n), column-major) from geqrf's m and tau. */
lt_status lt_orgqr(lt_tensor *q, const lt_tensor *m, const lt_tensor *tau);
/* out <- op(Q) C ('L') or C op(Q) ('R'), op = trans 'N' or 'T', Q from
** geqrf's m (rows: C's rows for 'L', C's columns for 'R') and tau. */
lt_status lt_ormqr(lt_tensor *out, const lt_tensor *m, const lt_tensor *tau, const lt_tensor *c,
                   char side, char trans);
/* Determinant through LU (0 when singular), and sign / log|det| (sign 0,
** log -inf when singular).  A 0x0 matrix has determinant 1. */
lt_status lt_det(const lt_tensor *a, double *det);
lt_status lt_slogdet(const lt_tensor *a, double *sign, double *logabsdet);

#endif
