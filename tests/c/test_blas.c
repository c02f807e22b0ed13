/*
** test_blas.c — matrix products through the C API: every operand layout
** BLAS can and cannot take, every dtype, beta == 0 over NaN, aliasing,
** empty shapes, the chunked path of long products, cancellation, errors.
**
** References are computed here with naive loops reading elements through
** lt_get/lt_geti: in double for Float/Double (tolerance 1e-4 relative for
** Float, 1e-10 for Double; operands are in [-1, 1] and k <= 64, so float
** rounding is below 1e-5), and in uint64 for integers, converted with the
** dtype's wrapping seti (exact).
*/
#include "lantern.h"
#include "lt_internal.h"
#include "testhelp.h"
#include <math.h>
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static uint64_t rng = 12345;
static double urand(void)            /* [-1, 1) */
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(rng >> 11) / 9007199254740992.0 * 2 - 1;
}

static lt_tensor *mk(lt_dtype dt, int nd, const int64_t *size)
{
    lt_tensor *t;
    if (lt_tensor_new_sized(dt, nd, size, &t) != LT_OK) return NULL;
    return t;
}

static lt_tensor *mk2(lt_dtype dt, int64_t r, int64_t c)
{
    int64_t s[2] = { r, c };
    return mk(dt, 2, s);
}

static lt_tensor *mk1(lt_dtype dt, int64_t n) { return mk(dt, 1, &n); }

/* random values: floats in [-1, 1), integers in [-6, 6] (Byte: [0, 12]) */
static void fill_rand(lt_tensor *t)
{
    int64_t idx[LT_MAXDIM] = { 0 }, n = lt_numel(t);
    /* big dense float matrices (row- or column-major): straight into memory */
    if (t->dtype == LT_FLOAT && t->ndim == 2 && n > 4096 &&
        ((t->stride[1] == 1 && t->stride[0] == t->size[1]) ||
         (t->stride[0] == 1 && t->stride[1] == t->size[0]))) {
        float *p = lt_data(t);
        for (int64_t i = 0; i < n; i++) p[i] = (float)urand();
        return;
    }
    for (int64_t i = 0; i < n; i++) {
        double v = urand();
        if (ltI_is_float(t->dtype)) lt_setv(t, idx, lt_scalar_f(v));
        else lt_setv(t, idx, lt_scalar_i((int64_t)floor(v * 6.5) + (t->dtype == LT_BYTE ? 6 : 0)));
        for (int d = t->ndim - 1; d >= 0; d--) {
            if (++idx[d] < t->size[d]) break;
            idx[d] = 0;
        }
    }
}

/* A 2-D operand of logical shape r x c in one of several layouts:
** 0 contiguous, 1 transposed (column-major), 2 row-major with a padded
** leading dimension, 3 no unit stride, 4 expanded rows (stride 0). */
#define NLAYOUTS 5
static lt_tensor *layout2(lt_dtype dt, int64_t r, int64_t c, int kind)
{
    lt_tensor *t = lt_tensor_new(dt), *base = NULL;
    switch (kind) {
    case 0:
        base = mk2(dt, r, c);
        lt_set(t, base);
        break;
    case 1:
        base = mk2(dt, c, r);
        lt_transpose(t, base, 0, 1);
        break;
    case 2:
        base = mk2(dt, r, c + 3);
        lt_narrow(t, base, 1, 1, c);
        break;
    case 3: {
        int64_t sz[2] = { r, c }, st[2] = { 2 * c + 1, 2 };
        base = mk1(dt, 2 * c * r + r + 2 * c + 4);
        lt_set_storage(t, base->storage, 1, 2, sz, st);
        break;
    }
    default: {
        int64_t sz[2] = { r, c }, st[2] = { 0, 1 };
        base = mk1(dt, c > 0 ? c : 1);
        lt_set_storage(t, base->storage, 0, 2, sz, st);
        break;
    }
    }
    lt_tensor_release(base);
    fill_rand(t);
    return t;
}

/* A vector of n: 0 contiguous, 1 stride 3, 2 expanded (stride 0) */
static lt_tensor *layout1(lt_dtype dt, int64_t n, int kind)
{
    lt_tensor *t = lt_tensor_new(dt), *base = mk1(dt, 3 * n + 1);
    int64_t st = kind == 0 ? 1 : kind == 1 ? 3 : 0;
    lt_set_storage(t, base->storage, 1, 1, &n, &st);
    lt_tensor_release(base);
    fill_rand(t);
    return t;
}

static double at(const lt_tensor *t, int64_t i, int64_t j)
{
    int64_t idx[2] = { i, j };
    return lt_get(t, idx);
}

static uint64_t ati(const lt_tensor *t, int64_t i, int64_t j)
{
    int64_t idx[2] = { i, j };
    return (uint64_t)lt_geti(t, idx);
}

/* the integer a value wraps to in dtype dt */
static int64_t wrap(lt_dtype dt, uint64_t v)
{
    char buf[8];
    lt_dtypes[dt].seti(buf, (int64_t)v);
    return lt_dtypes[dt].geti(buf);
}

/* Does out equal beta*c + alpha*a*b?  c0 holds c's values (m x n doubles /
** uint64s) taken before the call; a is m x k, b is k x n (2-D views). */
typedef struct ref { double *f; uint64_t *i; } ref;

static ref snapshot(const lt_tensor *c, int64_t m, int64_t n)
{
    ref r = { calloc((size_t)(m * n + 1), sizeof(double)), calloc((size_t)(m * n + 1), 8) };
    for (int64_t i = 0; c && i < m; i++)
        for (int64_t j = 0; j < n; j++) {
            r.f[i * n + j] = at(c, i, j);
            r.i[i * n + j] = ati(c, i, j);
        }
    return r;
}

static void ref_free(ref r)
{
    free(r.f);
    free(r.i);
}

static bool check_product(const lt_tensor *out, ref c0, lt_scalar beta, lt_scalar alpha,
                          const lt_tensor *a, const lt_tensor *b, int64_t m, int64_t k, int64_t n,
                          int beta0)
{
    lt_dtype dt = out->dtype;
    double tol = dt == LT_FLOAT ? 1e-4 : 1e-10;
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++) {
            if (ltI_is_float(dt)) {
                double s = 0;
                for (int64_t q = 0; q < k; q++) s += at(a, i, q) * at(b, q, j);
                double want = alpha.f * s + (beta0 ? 0 : beta.f * c0.f[i * n + j]);
                double got = at(out, i, j);
                if (!(fabs(got - want) <= tol * (1 + fabs(want)))) {
                    printf("  (%lld,%lld): got %.10g want %.10g\n", (long long)i, (long long)j,
                           got, want);
                    return false;
                }
            } else {
                uint64_t s = 0;
                for (int64_t q = 0; q < k; q++) s += ati(a, i, q) * ati(b, q, j);
                uint64_t want = (uint64_t)alpha.i * s +
                                (beta0 ? 0 : (uint64_t)beta.i * c0.i[i * n + j]);
                if ((int64_t)ati(out, i, j) != wrap(dt, want)) {
                    printf("  (%lld,%lld): got %lld want %lld\n", (long long)i, (long long)j,
                           (long long)ati(out, i, j), (long long)wrap(dt, want));
                    return false;
                }
            }
        }
    return true;
}

static const lt_dtype DTYPES[] = { LT_FLOAT, LT_DOUBLE, LT_BYTE, LT_INT, LT_LONG };
#define NDT (int)(sizeof DTYPES / sizeof *DTYPES)

/* v/2 for floating types, v for integers */
static lt_scalar sbeta(lt_dtype dt, int v)
{
    return ltI_is_float(dt) ? lt_scalar_f(v * 0.5) : lt_scalar_i(v);
}

/* ------------------------------------------------------------- addmm */
static void test_addmm_layouts(void)
{
    static const int64_t shapes[][3] = { { 5, 7, 3 }, { 1, 4, 6 }, { 6, 1, 2 }, { 3, 64, 4 } };
    int fails = 0, runs = 0;
    for (int d = 0; d < NDT; d++) {
        lt_dtype dt = DTYPES[d];
        for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
            int64_t m = shapes[s][0], k = shapes[s][1], n = shapes[s][2];
            for (int la = 0; la < NLAYOUTS; la++)
                for (int lb = 0; lb < NLAYOUTS; lb++)
                    for (int lc = 0; lc < 4; lc++)
                        for (int bv = 0; bv < 2; bv++) {
                            lt_tensor *a = layout2(dt, m, k, la), *b = layout2(dt, k, n, lb);
                            lt_tensor *c = layout2(dt, m, n, lc);
                            lt_scalar beta = sbeta(dt, bv ? 3 : 0), alpha = sbeta(dt, -3);
                            if (!bv && ltI_is_float(dt)) lt_fill(c, lt_scalar_f(NAN));
                            ref c0 = snapshot(c, m, n);
                            /* out of place into a fresh tensor, then in place into c */
                            lt_tensor *o = lt_tensor_new(dt);
                            bool ok = lt_addmm(o, beta, c, alpha, a, b) == LT_OK &&
                                      check_product(o, c0, beta, alpha, a, b, m, k, n, !bv);
                            ok = ok && lt_addmm(c, beta, c, alpha, a, b) == LT_OK &&
                                 check_product(c, c0, beta, alpha, a, b, m, k, n, !bv);
                            if (!ok) {
                                printf("  addmm %s %lldx%lldx%lld layouts %d %d %d beta %d: %s\n",
                                       lt_dtypes[dt].name, (long long)m, (long long)k,
                                       (long long)n, la, lb, lc, bv, lt_errmsg());
                                fails++;
                            }
                            runs++;
                            ref_free(c0);
                            lt_tensor_release(a);
                            lt_tensor_release(b);
                            lt_tensor_release(c);
                            lt_tensor_release(o);
                        }
        }
    }
    printf("addmm: %d layout/dtype/shape cases\n", runs);
    test_cond("addmm: every dtype, layout and beta matches the naive product", fails == 0);
}

/* x = x*y, x = y*x, out partially overlapping c */
static void test_aliasing(void)
{
    for (int d = 0; d < NDT; d++) {
        lt_dtype dt = DTYPES[d];
        lt_tensor *x = layout2(dt, 4, 4, 0), *y = layout2(dt, 4, 4, 1);
        lt_tensor *xc = lt_tensor_new(dt);
        lt_clone(xc, x);
        ref none = snapshot(NULL, 4, 4);
        lt_scalar z = lt_scalar_i(0), one = lt_scalar_i(1);
        test_cond("out == m1", lt_addmm(x, z, NULL, one, x, y) == LT_OK &&
                  check_product(x, none, z, one, xc, y, 4, 4, 4, 1));
        lt_clone(xc, x);
        test_cond("out == m2", lt_addmm(x, z, NULL, one, y, x) == LT_OK &&
                  check_product(x, none, z, one, y, xc, 4, 4, 4, 1));
        lt_clone(xc, x);
        ref c0 = snapshot(x, 4, 4);
        test_cond("out == c == m1", lt_addmm(x, one, x, one, x, y) == LT_OK &&
                  check_product(x, c0, one, one, xc, y, 4, 4, 4, 0));
        ref_free(c0);
        /* c and out: overlapping windows of one storage */
        lt_tensor *base = layout2(dt, 6, 4, 0), *cw = lt_tensor_new(dt), *ow = lt_tensor_new(dt);
        lt_narrow(cw, base, 0, 0, 4);
        lt_narrow(ow, base, 0, 2, 4);
        lt_clone(xc, cw);
        c0 = snapshot(cw, 4, 4);
        lt_scalar two = sbeta(dt, 4);
        test_cond("out overlaps c", lt_addmm(ow, two, cw, one, y, y) == LT_OK &&
                  check_product(ow, c0, two, one, y, y, 4, 4, 4, 0));
        ref_free(c0);
        /* mv with out == the vector */
        lt_tensor *v = layout1(dt, 4, 0), *vc = lt_tensor_new(dt);
        lt_clone(vc, v);
        lt_tensor vcol, vccol;
        test_cond("mv: out == vec", lt_addmv(v, z, NULL, one, y, v) == LT_OK);
        ltI_view_init(&vcol, v);
        vcol.ndim = 2; vcol.size[1] = 1; vcol.stride[1] = 1;
        ltI_view_init(&vccol, vc);
        vccol.ndim = 2; vccol.size[1] = 1; vccol.stride[1] = 1;
        test_cond("mv: out == vec values",
                  check_product(&vcol, none, z, one, y, &vccol, 4, 4, 1, 1));
        lt_tensor_release(vc);
        lt_tensor_release(v);
        lt_tensor_release(base);
        lt_tensor_release(cw);
        lt_tensor_release(ow);
        ref_free(none);
        lt_tensor_release(x);
        lt_tensor_release(xc);
        lt_tensor_release(y);
    }
}

/* ------------------------------------------------------------ mv, ger */
static void test_mv_ger(void)
{
    int fails = 0;
    for (int d = 0; d < NDT; d++) {
        lt_dtype dt = DTYPES[d];
        for (int la = 0; la < NLAYOUTS; la++)
            for (int lx = 0; lx < 3; lx++)
                for (int ly = 0; ly < 2; ly++)
                    for (int bv = 0; bv < 2; bv++) {
                        int64_t m = 5, k = 6;
                        lt_tensor *a = layout2(dt, m, k, la), *x = layout1(dt, k, lx);
                        lt_tensor *y = layout1(dt, m, ly);
                        lt_scalar beta = sbeta(dt, bv ? 3 : 0), alpha = sbeta(dt, 5);
                        if (!bv && ltI_is_float(dt)) lt_fill(y, lt_scalar_f(NAN));
                        lt_tensor xv, yv;          /* as k x 1 and m x 1 matrices */
                        ltI_view_init(&xv, x);
                        xv.ndim = 2; xv.size[1] = 1; xv.stride[1] = 1;
                        ltI_view_init(&yv, y);
                        yv.ndim = 2; yv.size[1] = 1; yv.stride[1] = 1;
                        ref c0 = snapshot(&yv, m, 1);
                        bool ok = lt_addmv(y, beta, y, alpha, a, x) == LT_OK &&
                                  check_product(&yv, c0, beta, alpha, a, &xv, m, k, 1, !bv);
                        ref_free(c0);
                        /* ger: c (m x k) += alpha * y x' */
                        lt_tensor *c = layout2(dt, m, k, la < 4 ? la : 0);
                        if (!bv && ltI_is_float(dt)) lt_fill(c, lt_scalar_f(NAN));
                        c0 = snapshot(c, m, k);
                        lt_tensor *yy = layout1(dt, m, lx);
                        lt_tensor ya, xb;
                        ltI_view_init(&ya, yy);
                        ya.ndim = 2; ya.size[1] = 1; ya.stride[1] = 1;
                        ltI_view_init(&xb, x);
                        xb.ndim = 2; xb.size[0] = 1; xb.size[1] = k;
                        xb.stride[0] = k; xb.stride[1] = x->stride[0];
                        lt_tensor *o = lt_tensor_new(dt);
                        ok = ok && lt_addr(o, beta, c, alpha, yy, x) == LT_OK &&
                             check_product(o, c0, beta, alpha, &ya, &xb, m, 1, k, !bv);
                        ok = ok && lt_addr(c, beta, c, alpha, yy, x) == LT_OK &&
                             check_product(c, c0, beta, alpha, &ya, &xb, m, 1, k, !bv);
                        if (!ok) {
                            printf("  mv/ger %s layouts %d %d %d beta %d: %s\n",
                                   lt_dtypes[dt].name, la, lx, ly, bv, lt_errmsg());
                            fails++;
                        }
                        ref_free(c0);
                        lt_tensor_release(a);
                        lt_tensor_release(x);
                        lt_tensor_release(y);
                        lt_tensor_release(yy);
                        lt_tensor_release(c);
                        lt_tensor_release(o);
                    }
    }
    test_cond("mv/ger: every dtype, layout and beta matches the naive product", fails == 0);
}

/* ---------------------------------------------------------------- dot */
static void test_dot(void)
{
    double r;
    int64_t ri;
    for (int d = 0; d < NDT; d++) {
        lt_dtype dt = DTYPES[d];
        for (int la = 0; la < 3; la++)
            for (int lb = 0; lb < 3; lb++) {
                lt_tensor *a = layout1(dt, 7, la), *b = layout1(dt, 7, lb);
                double want = 0;
                uint64_t wi = 0;
                for (int64_t i = 0; i < 7; i++) {
                    want += lt_get(a, &i) * lt_get(b, &i);
                    wi += (uint64_t)lt_geti(a, &i) * (uint64_t)lt_geti(b, &i);
                }
                lt_status st = lt_dot(a, b, &r, &ri);
                test_cond("dot", st == LT_OK && (ltI_is_float(dt) ? fabs(r - want) < 1e-5
                                                                   : ri == (int64_t)wi));
                lt_tensor_release(a);
                lt_tensor_release(b);
            }
    }
    /* Torch7: any shapes with the same element count, row-major order */
    lt_tensor *m = layout2(LT_DOUBLE, 2, 3, 1), *v = layout1(LT_DOUBLE, 6, 1);
    double want = 0;
    for (int64_t i = 0, p = 0; i < 2; i++)
        for (int64_t j = 0; j < 3; j++, p++) want += at(m, i, j) * lt_get(v, &p);
    test_cond("dot of a transposed matrix and a vector",
              lt_dot(m, v, &r, &ri) == LT_OK && fabs(r - want) < 1e-12);
    lt_tensor *e = mk1(LT_DOUBLE, 0), *e2 = mk1(LT_DOUBLE, 0);
    test_cond("dot of empty vectors is 0", lt_dot(e, e2, &r, &ri) == LT_OK && r == 0);
    lt_tensor *w = layout1(LT_DOUBLE, 4, 0);
    test_cond("dot size mismatch", lt_dot(v, w, &r, &ri) == LT_ESIZE && lt_errarg() == 2 &&
              strcmp(lt_errmsg(), "size mismatch: 6 and 4 (6 and 4 elements)") == 0);
    /* Byte wraps: 200*200 = 40000 is exact in the int64 accumulator */
    lt_tensor *b1 = mk1(LT_BYTE, 2);
    lt_fill(b1, lt_scalar_i(200));
    test_cond("integer dot accumulates in 64 bits",
              lt_dot(b1, b1, &r, &ri) == LT_OK && ri == 80000);
    lt_tensor_release(b1);
    lt_tensor_release(m);
    lt_tensor_release(v);
    lt_tensor_release(w);
    lt_tensor_release(e);
    lt_tensor_release(e2);
}

/* ------------------------------------------------------------- batches */
static void test_batches(void)
{
    for (int d = 0; d < NDT; d++) {
        lt_dtype dt = DTYPES[d];
        for (int tr = 0; tr < 2; tr++) {
            int64_t sa[3] = { 5, 3, 4 }, sb[3] = { 5, 4, 2 }, sc[3] = { 5, 3, 2 };
            lt_tensor *a = mk(dt, 3, sa), *b = mk(dt, 3, sb), *c = mk(dt, 3, sc), *bt = NULL;
            fill_rand(a);
            fill_rand(c);
            if (tr) {           /* b as transposed batches */
                int64_t sbt[3] = { 5, 2, 4 };
                bt = mk(dt, 3, sbt);
                lt_transpose(b, bt, 1, 2);
            }
            fill_rand(b);
            lt_scalar beta = sbeta(dt, 2), alpha = sbeta(dt, -4);
            lt_tensor *o = lt_tensor_new(dt), *acc = lt_tensor_new(dt);
            bool ok = lt_baddbmm(o, beta, c, alpha, a, b) == LT_OK;
            lt_tensor *c2 = lt_tensor_new(dt);
            lt_tensor c2v;
            lt_clone(c2, c);
            ltI_view_init(&c2v, c2);
            c2v.ndim = 2;               /* addbmm's c: batch 0 of c */
            c2v.size[0] = 3;
            c2v.size[1] = 2;
            c2v.stride[0] = 2;
            c2v.stride[1] = 1;
            ok = ok && lt_addbmm(acc, beta, &c2v, alpha, a, b) == LT_OK;
            ref sum = snapshot(&c2v, 3, 2);
            for (int64_t i = 0; i < 3 * 2; i++) {
                sum.f[i] *= beta.f;
                sum.i[i] *= (uint64_t)beta.i;
            }
            for (int64_t i = 0; ok && i < 5; i++) {
                lt_tensor ov, av, bv, cv;
                lt_tensor *t[4] = { &ov, &av, &bv, &cv };
                const lt_tensor *s[4] = { o, a, b, c };
                for (int q = 0; q < 4; q++) {
                    ltI_view_init(t[q], s[q]);
                    t[q]->offset += i * s[q]->stride[0];
                    t[q]->ndim = 2;
                    t[q]->size[0] = s[q]->size[1];
                    t[q]->size[1] = s[q]->size[2];
                    t[q]->stride[0] = s[q]->stride[1];
                    t[q]->stride[1] = s[q]->stride[2];
                }
                ref c0 = snapshot(&cv, 3, 2);
                ok = check_product(&ov, c0, beta, alpha, &av, &bv, 3, 4, 2, 0);
                ref_free(c0);
                for (int64_t p = 0; p < 3; p++)
                    for (int64_t j = 0; j < 2; j++)
                        for (int64_t q = 0; q < 4; q++) {
                            sum.f[p * 2 + j] += alpha.f * at(&av, p, q) * at(&bv, q, j);
                            sum.i[p * 2 + j] += (uint64_t)alpha.i * ati(&av, p, q) *
                                                ati(&bv, q, j);
                        }
            }
            test_cond("baddbmm matches each batch's product", ok);
            ok = acc->ndim == 2 && acc->size[0] == 3 && acc->size[1] == 2;
            for (int64_t p = 0; p < 3; p++)
                for (int64_t j = 0; j < 2; j++)
                    ok = ok && (ltI_is_float(dt)
                                    ? fabs(at(acc, p, j) - sum.f[p * 2 + j]) < 1e-4
                                    : (int64_t)ati(acc, p, j) == wrap(dt, sum.i[p * 2 + j]));
            test_cond("addbmm sums the batches", ok);
            ref_free(sum);
            lt_tensor_release(a);
            lt_tensor_release(b);
            lt_tensor_release(bt);
            lt_tensor_release(c);
            lt_tensor_release(c2);
            lt_tensor_release(o);
            lt_tensor_release(acc);
        }
    }
    /* bmm into one of its operands */
    int64_t s[3] = { 3, 2, 2 };
    lt_tensor *x = mk(LT_FLOAT, 3, s), *y = mk(LT_FLOAT, 3, s), *xc = lt_tensor_new(LT_FLOAT);
    fill_rand(x);
    fill_rand(y);
    lt_clone(xc, x);
    lt_tensor *want = lt_tensor_new(LT_FLOAT);
    lt_baddbmm(want, lt_scalar_i(0), NULL, lt_scalar_i(1), xc, y);
    test_cond("bmm into its first operand", lt_baddbmm(x, lt_scalar_i(0), NULL, lt_scalar_i(1),
                                                       x, y) == LT_OK && lt_equal(x, want));
    lt_tensor_release(x);
    lt_tensor_release(xc);
    lt_tensor_release(y);
    lt_tensor_release(want);
}

/* ---------------------------------------------------------------- empty */
static void test_empty(void)
{
    lt_scalar z = lt_scalar_i(0), one = lt_scalar_i(1), half = lt_scalar_f(0.5);
    lt_tensor *a = mk2(LT_DOUBLE, 3, 0), *b = mk2(LT_DOUBLE, 0, 4), *c = mk2(LT_DOUBLE, 3, 4);
    lt_tensor *o = lt_tensor_new(LT_DOUBLE);
    lt_fill(c, lt_scalar_f(2));
    test_cond("k == 0: beta*c", lt_addmm(o, half, c, one, a, b) == LT_OK && o->ndim == 2 &&
              o->size[0] == 3 && o->size[1] == 4 && at(o, 2, 3) == 1.0);
    lt_fill(c, lt_scalar_f(NAN));
    test_cond("k == 0, beta == 0: zeros", lt_addmm(c, z, c, one, a, b) == LT_OK &&
              at(c, 1, 1) == 0.0);
    lt_tensor *a0 = mk2(LT_DOUBLE, 0, 3), *b3 = mk2(LT_DOUBLE, 3, 4);
    test_cond("m == 0: a 0x4 result", lt_addmm(o, z, NULL, one, a0, b3) == LT_OK &&
              o->ndim == 2 && o->size[0] == 0 && o->size[1] == 4);
    lt_tensor *v0 = mk1(LT_DOUBLE, 0), *y = mk1(LT_DOUBLE, 3);
    lt_fill(y, lt_scalar_f(4));
    test_cond("mv with k == 0: beta*c", lt_addmv(o, half, y, one, a, v0) == LT_OK &&
              o->ndim == 1 && o->size[0] == 3 && lt_get(o, (int64_t[]){ 2 }) == 2.0);
    int64_t s0[3] = { 0, 3, 2 }, s1[3] = { 0, 2, 4 };
    lt_tensor *e1 = mk(LT_DOUBLE, 3, s0), *e2 = mk(LT_DOUBLE, 3, s1), *c34 = mk2(LT_DOUBLE, 3, 4);
    lt_fill(c34, lt_scalar_f(NAN));
    test_cond("addbmm over 0 batches with beta == 0: zeros",
              lt_addbmm(o, z, c34, one, e1, e2) == LT_OK && at(o, 2, 3) == 0.0);
    test_cond("bmm over 0 batches: 0x3x4", lt_baddbmm(o, z, NULL, one, e1, e2) == LT_OK &&
              o->ndim == 3 && o->size[0] == 0 && o->size[1] == 3 && o->size[2] == 4);
    lt_tensor *t[] = { a, b, c, o, a0, b3, v0, y, e1, e2, c34 };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) lt_tensor_release(t[i]);
}

/* --------------------------------------------------------------- errors */
static void test_errors(void)
{
    lt_scalar z = lt_scalar_i(0), one = lt_scalar_i(1);
    lt_tensor *o = lt_tensor_new(LT_DOUBLE), *a = mk2(LT_DOUBLE, 3, 4), *b = mk2(LT_DOUBLE, 5, 6);
    lt_tensor *b45 = mk2(LT_DOUBLE, 4, 5), *c33 = mk2(LT_DOUBLE, 3, 3), *f = mk2(LT_FLOAT, 4, 5);
    int64_t s3[3] = { 2, 3, 4 };
    lt_tensor *t3 = mk(LT_DOUBLE, 3, s3), *e = lt_tensor_new(LT_DOUBLE), *v = mk1(LT_DOUBLE, 4);
    test_cond("mm size mismatch", lt_addmm(o, z, NULL, one, a, b) == LT_ESIZE &&
              lt_errarg() == 2 && strcmp(lt_errmsg(), "size mismatch: 3x4 and 5x6") == 0);
    test_cond("mm of a 3D tensor", lt_addmm(o, z, NULL, one, t3, b) == LT_EARG &&
              lt_errarg() == 1 && strcmp(lt_errmsg(), "matrix expected, got a 3D tensor") == 0);
    test_cond("mm of an empty tensor", lt_addmm(o, z, NULL, one, a, e) == LT_EARG &&
              lt_errarg() == 2 &&
              strcmp(lt_errmsg(), "matrix expected, got an empty tensor") == 0);
    test_cond("mm type mismatch", lt_addmm(o, z, NULL, one, a, f) == LT_ETYPE &&
              lt_errarg() == 2 &&
              strcmp(lt_errmsg(), "torch.DoubleTensor expected, got torch.FloatTensor") == 0);
    test_cond("addmm with a c of the wrong size", lt_addmm(o, one, c33, one, a, b45) == LT_ESIZE &&
              lt_errarg() == 3 &&
              strcmp(lt_errmsg(), "size mismatch: the product of 3x4 and 4x5 is 3x5, the "
                     "added tensor is 3x3") == 0);
    lt_tensor *of = lt_tensor_new(LT_FLOAT);
    test_cond("result of the wrong type", lt_addmm(of, z, NULL, one, a, b45) == LT_ETYPE &&
              lt_errarg() == 0 &&
              strcmp(lt_errmsg(), "result tensor is a torch.FloatTensor, expected a "
                     "torch.DoubleTensor") == 0);
    test_cond("mv of a matrix and a matrix", lt_addmv(o, z, NULL, one, a, a) == LT_EARG &&
              lt_errarg() == 2 && strcmp(lt_errmsg(), "vector expected, got a 2D tensor") == 0);
    test_cond("mv size mismatch", lt_addmv(o, z, NULL, one, b45, v) == LT_ESIZE &&
              strcmp(lt_errmsg(), "size mismatch: 4x5 and 4") == 0);
    int64_t s4[3] = { 3, 4, 5 };
    lt_tensor *t4 = mk(LT_DOUBLE, 3, s4);
    test_cond("bmm batch mismatch", lt_baddbmm(o, z, NULL, one, t3, t4) == LT_ESIZE &&
              lt_errarg() == 2 &&
              strcmp(lt_errmsg(), "size mismatch: 2x3x4 and 3x4x5 have different numbers of "
                     "batches") == 0);
    test_cond("bmm of matrices", lt_baddbmm(o, z, NULL, one, a, t3) == LT_EARG &&
              lt_errarg() == 1 && strcmp(lt_errmsg(), "3D tensor expected, got a 2D tensor") == 0);
    test_cond("ger of a matrix", lt_addr(o, z, NULL, one, v, a) == LT_EARG && lt_errarg() == 2);
    lt_tensor *t[] = { o, a, b, b45, c33, f, t3, e, v, of, t4 };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) lt_tensor_release(t[i]);
}

/* ---------------------------------------------- long products, cancel */
/* sampled entries of out against a double reference */
static bool sample_check(const lt_tensor *out, double beta, const lt_tensor *c, const lt_tensor *a,
                         const lt_tensor *b)
{
    int64_t m = out->size[0], n = out->size[1], k = a->size[1];
    for (int s = 0; s < 48; s++) {
        int64_t i = s == 0 ? m - 1 : (int64_t)((urand() + 1) / 2 * m);
        int64_t j = s == 0 ? n - 1 : (int64_t)((urand() + 1) / 2 * n);
        double want = beta != 0 ? beta * at(c, i, j) : 0;
        for (int64_t q = 0; q < k; q++) want += at(a, i, q) * at(b, q, j);
        if (fabs(at(out, i, j) - want) > 1e-3 * (1 + fabs(want))) {
            printf("  (%lld,%lld): got %g want %g\n", (long long)i, (long long)j,
                   at(out, i, j), want);
            return false;
        }
    }
    return true;
}

static void *cancel_soon(void *p)
{
    (void)p;
    usleep(10000);
    lt_cancel();
    return NULL;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void test_long_products(void)
{
    lt_scalar z = lt_scalar_i(0), one = lt_scalar_i(1), half = lt_scalar_f(0.5);
    /* 4096x256x4096: row panels; into a column-major result */
    lt_tensor *a = layout2(LT_FLOAT, 4096, 256, 0), *b = layout2(LT_FLOAT, 256, 4096, 1);
    lt_tensor *ct = mk2(LT_FLOAT, 4096, 4096), *c = lt_tensor_new(LT_FLOAT);
    lt_transpose(c, ct, 0, 1);
    test_cond("row panels (4096x256x4096, column-major result)",
              lt_addmm(c, z, NULL, one, a, b) == LT_OK && sample_check(c, 0, NULL, a, b));
    /* 2048x256x8192: column panels, into a row-major result with a padded leading dim */
    lt_tensor *ac = layout2(LT_FLOAT, 2048, 256, 1), *bc = layout2(LT_FLOAT, 256, 8192, 0);
    lt_tensor *cc = layout2(LT_FLOAT, 2048, 8192, 2);
    test_cond("column panels (2048x256x8192)",
              lt_addmm(cc, z, cc, one, ac, bc) == LT_OK && sample_check(cc, 0, NULL, ac, bc));
    lt_tensor_release(ac);
    lt_tensor_release(bc);
    lt_tensor_release(cc);
    /* 1024x4096x1024 with beta: k-chunks, beta applied once */
    lt_tensor *a2 = layout2(LT_FLOAT, 1024, 4096, 0), *b2 = layout2(LT_FLOAT, 4096, 1024, 0);
    lt_tensor *c2 = layout2(LT_FLOAT, 1024, 1024, 0), *o2 = lt_tensor_new(LT_FLOAT);
    test_cond("k-chunks with beta (1024x4096x1024)",
              lt_addmm(o2, half, c2, one, a2, b2) == LT_OK && sample_check(o2, 0.5, c2, a2, b2));
    /* cancelled before: nothing is computed, and the next call works */
    lt_zero(o2);
    lt_cancel();
    test_cond("cancel requested: LT_ECANCEL", lt_addmm(o2, half, c2, one, a2, b2) == LT_ECANCEL);
    lt_cancel_clear();
    test_cond("after lt_cancel_clear the product runs",
              lt_addmm(o2, half, c2, one, a2, b2) == LT_OK && sample_check(o2, 0.5, c2, a2, b2));
    /* cancelled while running: 4096x1024x4096 is 12 BLAS calls */
    lt_tensor *a3 = layout2(LT_FLOAT, 4096, 1024, 0), *b3 = layout2(LT_FLOAT, 1024, 4096, 0);
    pthread_t th;
    pthread_create(&th, NULL, cancel_soon, NULL);
    double t0 = now();
    lt_status st = lt_addmm(ct, z, NULL, one, a3, b3);
    double el = now() - t0;
    pthread_join(th, NULL);
    test_cond("cancel while running: LT_ECANCEL", st == LT_ECANCEL);
    printf("cancelled after %.0f ms\n", el * 1e3);
    lt_cancel_clear();
    lt_tensor *s1 = layout2(LT_FLOAT, 3, 3, 0), *so = lt_tensor_new(LT_FLOAT);
    ref none = snapshot(NULL, 3, 3);
    test_cond("a product after the interruption", lt_addmm(so, z, NULL, one, s1, s1) == LT_OK &&
              check_product(so, none, z, one, s1, s1, 3, 3, 3, 1));
    ref_free(none);
    lt_tensor *t[] = { a, b, ct, c, a2, b2, c2, o2, a3, b3, s1, so };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) lt_tensor_release(t[i]);
}

int main(void)
{
    lt_set_num_threads(2);        /* the parallel paths run even on one core */
    if (!lt_blas_info_get()->loaded) {
        printf("OpenBLAS not loaded: %s\n", lt_errmsg());
        test_cond("OpenBLAS loads", 0);
        return test_report();
    }
    test_addmm_layouts();
    test_aliasing();
    test_mv_ger();
    test_dot();
    test_batches();
    test_empty();
    test_errors();
    test_long_products();
    return test_report();
}
