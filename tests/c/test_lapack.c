/*
** test_lapack.c — the LAPACK layer through the C API: status codes and
** error operands, result layouts, aliasing of results and inputs, larger
** random systems (residuals), Float and Double, cancellation.
**
** Residual tolerances: for a random 200x200 system with entries in [-1, 1)
** plus 200 on the diagonal (well conditioned), |A x - b| stays below 1e-10
** in double and 1e-3 in float; reconstructions of 60x40 factorisations
** below 1e-11 (double).
*/
#include "lantern.h"
#include "lapack.h"
#include "lt_internal.h"
#include "tensorhelp.h"
#include "testhelp.h"
#include <math.h>
#include <string.h>

static uint64_t rng = 777;
static double urand(void)            /* [-1, 1) */
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(rng >> 11) / 9007199254740992.0 * 2 - 1;
}

static lt_tensor *mk2(lt_dtype dt, int64_t r, int64_t c)
{
    int64_t s[2] = { r, c };
    return mk(dt, 2, s);
}

static void set2(lt_tensor *t, int64_t i, int64_t j, double v)
{
    int64_t idx[2] = { i, j };
    lt_setv(t, idx, lt_scalar_f(v));
}

static void fill_rand(lt_tensor *t, double diag)
{
    for (int64_t i = 0; i < t->size[0]; i++)
        for (int64_t j = 0; j < t->size[1]; j++) set2(t, i, j, urand() + (i == j ? diag : 0));
}

/* max |A X - B| with plain loops (B, X matrices) */
static double residual(const lt_tensor *a, const lt_tensor *x, const lt_tensor *b)
{
    double worst = 0;
    for (int64_t i = 0; i < b->size[0]; i++)
        for (int64_t j = 0; j < b->size[1]; j++) {
            double s = 0;
            for (int64_t k = 0; k < a->size[1]; k++) s += at2(a, i, k) * at2(x, k, j);
            double d = fabs(s - at2(b, i, j));
            if (d > worst) worst = d;
        }
    return worst;
}

static bool is_colmajor(const lt_tensor *t)
{
    return t->ndim == 2 && (t->size[0] <= 1 || t->stride[0] == 1) &&
           (t->size[1] <= 1 || t->stride[1] == t->size[0]);
}

static void test_gesv_large(lt_dtype dt, double tol)
{
    lt_tensor *a = mk2(dt, 200, 200), *b = mk2(dt, 200, 3);
    lt_tensor *x = lt_tensor_new(dt), *lu = lt_tensor_new(dt);
    fill_rand(a, 200);
    fill_rand(b, 0);
    test_cond("gesv 200x200", lt_gesv(x, lu, b, a) == LT_OK);
    test_cond("gesv residual", residual(a, x, b) < tol);
    test_cond("gesv results column-major", is_colmajor(x) && is_colmajor(lu));
    /* a transposed A: solve A^T y = b through the transposed view */
    lt_tensor *at = lt_tensor_new(dt), *y = lt_tensor_new(dt);
    lt_transpose(at, a, 0, 1);
    test_cond("gesv transposed view", lt_gesv(y, NULL, b, at) == LT_OK);
    test_cond("gesv transposed residual", residual(at, y, b) < tol);
    /* inverse times A */
    lt_tensor *inv = lt_tensor_new(dt);
    test_cond("inverse 200x200", lt_inverse(inv, a) == LT_OK);
    double worst = 0;
    for (int64_t i = 0; i < 200; i += 7)
        for (int64_t j = 0; j < 200; j += 5) {
            double s = 0;
            for (int64_t k = 0; k < 200; k++) s += at2(a, i, k) * at2(inv, k, j);
            worst = fmax(worst, fabs(s - (i == j)));
        }
    test_cond("A A^-1 = I", worst < tol / 100);
    lt_tensor_release(inv);
    lt_tensor_release(at);
    lt_tensor_release(y);
    lt_tensor_release(a);
    lt_tensor_release(b);
    lt_tensor_release(x);
    lt_tensor_release(lu);
}

static void test_aliasing(void)
{
    /* potrf(A, A): the result is the input */
    lt_tensor *a = mk2(LT_DOUBLE, 3, 3);
    double v[9] = { 4, 2, 2, 2, 5, 3, 2, 3, 6 };
    for (int i = 0; i < 9; i++) set2(a, i / 3, i % 3, v[i]);
    test_cond("potrf in place", lt_potrf(a, a, 'U') == LT_OK);
    test_cond("potrf in place: U(1,1) = 2", fabs(at2(a, 0, 0) - 2) < 1e-15);
    test_cond("potrf in place: U(1,2) = 1", fabs(at2(a, 0, 1) - 1) < 1e-15);
    test_cond("potrf in place: lower zero", at2(a, 1, 0) == 0 && at2(a, 2, 0) == 0);
    /* a result sharing storage with the input (a view of the same storage) */
    lt_tensor *big = mk2(LT_DOUBLE, 3, 6), *left = lt_tensor_new(LT_DOUBLE);
    lt_tensor *right = lt_tensor_new(LT_DOUBLE);
    lt_narrow(left, big, 1, 0, 3);
    lt_narrow(right, big, 1, 3, 3);
    for (int i = 0; i < 9; i++) set2(left, i / 3, i % 3, v[i]);
    test_cond("inverse into a view of the input's storage", lt_inverse(right, left) == LT_OK);
    /* A^-1 of v: check A * A^-1 */
    double worst = 0;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            double s = 0;
            for (int k = 0; k < 3; k++) s += v[i * 3 + k] * at2(right, k, j);
            worst = fmax(worst, fabs(s - (i == j)));
        }
    test_cond("shared-storage result is right", worst < 1e-14);
    test_cond("shared-storage input intact", at2(left, 2, 2) == 6 && at2(left, 0, 1) == 2);
    lt_tensor_release(left);
    lt_tensor_release(right);
    lt_tensor_release(big);
    lt_tensor_release(a);
}

static void test_factorisations(void)
{
    lt_tensor *a = mk2(LT_DOUBLE, 60, 40);
    fill_rand(a, 0);
    lt_tensor *q = lt_tensor_new(LT_DOUBLE), *r = lt_tensor_new(LT_DOUBLE);
    test_cond("qr 60x40", lt_qr(q, r, a) == LT_OK);
    test_cond("qr shapes", q->size[0] == 60 && q->size[1] == 40 && r->size[0] == 40 &&
              r->size[1] == 40);
    test_cond("A = Q R", residual(q, r, a) < 1e-11);
    lt_tensor *u = lt_tensor_new(LT_DOUBLE), *s = lt_tensor_new(LT_DOUBLE);
    lt_tensor *v = lt_tensor_new(LT_DOUBLE);
    test_cond("svd 60x40", lt_svd(u, s, v, a, 'S') == LT_OK);
    bool desc = true;
    for (int64_t i = 1; i < 40; i++) {
        int64_t i0 = i - 1;
        desc = desc && lt_get(s, &i0) >= lt_get(s, &i);
    }
    test_cond("singular values descend", desc);
    /* U diag(S) V^T */
    double worst = 0;
    for (int64_t i = 0; i < 60; i++)
        for (int64_t j = 0; j < 40; j++) {
            double sum = 0;
            for (int64_t k = 0; k < 40; k++) sum += at2(u, i, k) * lt_get(s, &k) * at2(v, j, k);
            worst = fmax(worst, fabs(sum - at2(a, i, j)));
        }
    test_cond("A = U S V^T", worst < 1e-11);
    /* float svd of the same matrix */
    lt_tensor *af = mk2(LT_FLOAT, 60, 40), *uf = lt_tensor_new(LT_FLOAT);
    lt_tensor *sf = lt_tensor_new(LT_FLOAT), *vf = lt_tensor_new(LT_FLOAT);
    lt_copy(af, a);
    test_cond("float svd", lt_svd(uf, sf, vf, af, 'S') == LT_OK);
    int64_t z = 0;
    test_cond("float largest singular value", fabs(lt_get(sf, &z) - lt_get(s, &z)) < 1e-4);
    lt_tensor *list[] = { a, q, r, u, s, v, af, uf, sf, vf };
    for (size_t i = 0; i < sizeof list / sizeof *list; i++) lt_tensor_release(list[i]);
}

static void test_errors(void)
{
    lt_tensor *a = mk2(LT_DOUBLE, 3, 4), *b = mk2(LT_DOUBLE, 3, 1), *x = lt_tensor_new(LT_DOUBLE);
    lt_tensor *lu = lt_tensor_new(LT_DOUBLE), *ia = mk2(LT_INT, 3, 3);
    test_cond("non-square: LT_ESIZE", lt_gesv(x, lu, b, a) == LT_ESIZE && lt_errarg() == 2);
    test_cond("non-square message", strcmp(lt_errmsg(), "square matrix expected, got 3x4") == 0);
    test_cond("integer: LT_ETYPE", lt_inverse(x, ia) == LT_ETYPE && lt_errarg() == 1);
    lt_tensor *z = mk2(LT_DOUBLE, 3, 3);
    lt_zero(z);
    test_cond("singular: LT_EVALUE", lt_gesv(x, lu, b, z) == LT_EVALUE && lt_errarg() == 0);
    double d = 1;
    test_cond("det of zeros", lt_det(z, &d) == LT_OK && d == 0);
    lt_tensor *b4 = mk2(LT_DOUBLE, 4, 1);
    test_cond("rhs mismatch", lt_potrs(x, b4, z, 'U') == LT_ESIZE && lt_errarg() == 1);
    test_cond("bad flag", lt_potrf(x, z, 'X') == LT_EARG);
    lt_tensor *wrong = lt_tensor_new(LT_FLOAT);
    test_cond("result of another dtype", lt_inverse(wrong, z) == LT_ETYPE);
    /* cancellation is honoured before LAPACK starts */
    lt_tensor *sq = mk2(LT_DOUBLE, 2, 2);
    set2(sq, 0, 0, 1), set2(sq, 0, 1, 0), set2(sq, 1, 0, 0), set2(sq, 1, 1, 1);
    lt_cancel();
    test_cond("cancelled: LT_ECANCEL", lt_inverse(x, sq) == LT_ECANCEL);
    lt_cancel_clear();
    test_cond("after clearing", lt_inverse(x, sq) == LT_OK);
    lt_tensor *list[] = { a, b, x, lu, ia, z, b4, wrong, sq };
    for (size_t i = 0; i < sizeof list / sizeof *list; i++) lt_tensor_release(list[i]);
}

/* Small matrices run OpenBLAS on one thread; every call, failed ones
** included, must leave OpenBLAS at the caller's thread count. */
static void test_openblas_threads(void)
{
    const ltI_blas *bl = ltI_blas_get();
    if (!bl || !bl->get_num_threads) return;
    int before = lt_get_num_threads();
    lt_set_num_threads(2);
    lt_tensor *a = mk2(LT_DOUBLE, 40, 40), *x = lt_tensor_new(LT_DOUBLE);
    lt_tensor *bad = mk2(LT_DOUBLE, 3, 4), *e = lt_tensor_new(LT_DOUBLE);
    lt_tensor *v = lt_tensor_new(LT_DOUBLE), *big = mk2(LT_DOUBLE, 600, 600);
    for (int64_t i = 0; i < 40; i++)
        for (int64_t j = 0; j < 40; j++) set2(a, i, j, (i == j ? 40 : 0) + urand());
    for (int64_t i = 0; i < 600; i++)
        for (int64_t j = 0; j < 600; j++) set2(big, i, j, (i == j ? 600 : 0) + urand());
    test_cond("small inverse", lt_inverse(x, a) == LT_OK);
    test_cond("OpenBLAS back at 2 threads after a small call", bl->get_num_threads() == 2);
    test_cond("failed call", lt_inverse(x, bad) == LT_ESIZE);
    test_cond("OpenBLAS back at 2 threads after a failed call", bl->get_num_threads() == 2);
    double d = 0;
    test_cond("small det", lt_det(a, &d) == LT_OK && d > 0);
    test_cond("small symeig", lt_symeig(e, v, a, 'V', 'U') == LT_OK);
    test_cond("OpenBLAS back at 2 threads after det, symeig", bl->get_num_threads() == 2);
    test_cond("large inverse", lt_inverse(x, big) == LT_OK);
    test_cond("OpenBLAS at 2 threads after a large call", bl->get_num_threads() == 2);
    lt_set_num_threads(before);
    lt_tensor *list[] = { a, x, bad, e, v, big };
    for (size_t i = 0; i < sizeof list / sizeof *list; i++) lt_tensor_release(list[i]);
}

int main(void)
{
    test_gesv_large(LT_DOUBLE, 1e-10);
    test_gesv_large(LT_FLOAT, 1e-3);
    test_aliasing();
    test_factorisations();
    test_errors();
    test_openblas_threads();
    return test_report();
}
