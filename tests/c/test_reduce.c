/*
** test_reduce.c — reductions, scans, sorting and selection through the C
** API: values (hand-computed; tolerances stated where floating point
** rounds), layouts (transposed, expanded, the row and the column paths),
** determinism across thread counts, integer wrapping, NaN, aliasing and
** the errors of bad input.
*/
#include "lantern.h"
#include "lt_internal.h"
#include "tensorhelp.h"
#include "testhelp.h"
#include <math.h>
#include <string.h>

static lt_tensor *vec(lt_dtype dt, int64_t n, const double *v)
{
    lt_tensor *t = mk(dt, 1, &n);
    for (int64_t i = 0; i < n; i++) lt_setv(t, &i, lt_scalar_f(v[i]));
    return t;
}

static int64_t ati(const lt_tensor *t, int64_t i, int64_t j)
{
    int64_t idx[2] = { i, j };
    return lt_geti(t, idx);
}

static double all(lt_opcode op, const lt_tensor *a, lt_scalar p)
{
    double v = -12345;
    lt_reduce_all(op, a, p, &v, NULL);
    return v;
}

#define NEAR(a, b, tol) (fabs((a) - (b)) <= (tol))

static void test_whole(void)
{
    int64_t sz[2] = { 2, 3 };
    lt_tensor *a = mk(LT_DOUBLE, 2, sz);
    iota(a);
    lt_scalar z = lt_scalar_i(0);
    test_cond("sum", all(LT_OP_SUM, a, z) == 21);
    test_cond("prod", all(LT_OP_PROD, a, z) == 720);
    test_cond("mean", all(LT_OP_MEAN, a, z) == 3.5);
    test_cond("max", all(LT_OP_RMAX, a, z) == 6);
    test_cond("min", all(LT_OP_RMIN, a, z) == 1);
    /* var: squared deviations 6.25+2.25+0.25+0.25+2.25+6.25 = 17.5 */
    test_cond("var unbiased", NEAR(all(LT_OP_VAR, a, z), 17.5 / 5, 1e-15));
    test_cond("var biased", NEAR(all(LT_OP_VAR, a, lt_scalar_i(1)), 17.5 / 6, 1e-15));
    test_cond("std", NEAR(all(LT_OP_STD, a, z), sqrt(3.5), 1e-15));
    test_cond("norm 2", NEAR(all(LT_OP_NORM, a, lt_scalar_f(2)), sqrt(91.0), 1e-14));
    test_cond("norm 1", all(LT_OP_NORM, a, lt_scalar_f(1)) == 21);
    test_cond("norm 0 counts non-zeros", all(LT_OP_NORM, a, lt_scalar_f(0)) == 6);
    test_cond("norm inf", all(LT_OP_NORM, a, lt_scalar_f(INFINITY)) == 6);
    test_cond("norm -inf", all(LT_OP_NORM, a, lt_scalar_f(-INFINITY)) == 1);
    test_cond("norm 3", NEAR(all(LT_OP_NORM, a, lt_scalar_f(3)), cbrt(441.0), 1e-13));
    test_cond("all", all(LT_OP_ALL, a, z) == 1 && all(LT_OP_ANY, a, z) == 1);

    /* integer sums are exact int64 and wrap instead of overflowing */
    double big[2] = { 0, 1 };
    lt_tensor *l = vec(LT_LONG, 2, big);
    int64_t i0 = 0;
    lt_setv(l, &i0, lt_scalar_i(INT64_MAX));
    int64_t iv = 0;
    test_cond("long sum wraps", lt_reduce_all(LT_OP_SUM, l, z, NULL, &iv) == LT_OK &&
              iv == INT64_MIN);
    test_cond("long max exact", lt_reduce_all(LT_OP_RMAX, l, z, NULL, &iv) == LT_OK &&
              iv == INT64_MAX);
    int64_t nb = 1000;
    lt_tensor *b = mk(LT_BYTE, 1, &nb);
    lt_fill(b, lt_scalar_i(255));
    test_cond("byte sum is not truncated to a byte",
              lt_reduce_all(LT_OP_SUM, b, z, NULL, &iv) == LT_OK && iv == 255000);
    test_cond("byte mean", all(LT_OP_MEAN, b, z) == 255);
    lt_tensor_release(b);
    lt_tensor_release(l);

    /* empty tensors */
    lt_tensor *e = lt_tensor_new(LT_FLOAT);
    test_cond("sum of empty", all(LT_OP_SUM, e, z) == 0);
    test_cond("prod of empty", all(LT_OP_PROD, e, z) == 1);
    test_cond("mean of empty is nan", isnan(all(LT_OP_MEAN, e, z)));
    test_cond("all/any of empty", all(LT_OP_ALL, e, z) == 1 && all(LT_OP_ANY, e, z) == 0);
    test_cond("max of empty fails", lt_reduce_all(LT_OP_RMAX, e, z, NULL, NULL) == LT_EARG &&
              strcmp(lt_errmsg(), "cannot take the max of an empty tensor") == 0 &&
              lt_errarg() == 1);
    int64_t z3[2] = { 0, 3 };
    lt_resize(e, 2, z3);
    test_cond("min of 0x3 fails", lt_reduce_all(LT_OP_RMIN, e, z, NULL, NULL) == LT_EARG &&
              strcmp(lt_errmsg(), "cannot take the min of an empty tensor (size 0x3)") == 0);
    lt_tensor_release(e);
    lt_tensor_release(a);
}

/* A large float sum: same bits with 1 and 2 threads, accurate to double. */
static void test_determinism(void)
{
    int64_t n = 3000017;
    lt_tensor *a = mk(LT_FLOAT, 1, &n);
    float *d = lt_data(a);
    long double ref = 0;
    for (int64_t i = 0; i < n; i++) {
        d[i] = (float)((i * 7919 % 1000) * 0.001 - 0.4);
        ref += d[i];
    }
    int saved = lt_get_num_threads();
    lt_scalar z = lt_scalar_i(0);
    double s1, s2, m1, m2;
    lt_set_num_threads(1);
    lt_reduce_all(LT_OP_SUM, a, z, &s1, NULL);
    lt_reduce_all(LT_OP_VAR, a, z, &m1, NULL);
    lt_set_num_threads(2);
    lt_reduce_all(LT_OP_SUM, a, z, &s2, NULL);
    lt_reduce_all(LT_OP_VAR, a, z, &m2, NULL);
    lt_set_num_threads(saved);
    test_cond("sum independent of thread count", memcmp(&s1, &s2, sizeof s1) == 0);
    test_cond("var independent of thread count", memcmp(&m1, &m2, sizeof m1) == 0);
    /* double accumulation: relative error far below float's 6e-8 */
    test_cond("float sum accumulated in double", fabs(s1 - (double)ref) <= 1e-9 * fabs((double)ref));
    lt_tensor_release(a);
}

static void test_dims(void)
{
    int64_t sz[3] = { 2, 3, 4 };
    lt_tensor *a = mk(LT_INT, 3, sz), *r = lt_tensor_new(LT_INT), *ix = lt_tensor_new(LT_LONG);
    iota(a);
    lt_scalar z = lt_scalar_i(0);
    /* sum over the middle dim: a[i][.][k] = 12i + 4j + k + 1 */
    test_cond("sum dim 2", lt_reduce_dim(LT_OP_SUM, r, NULL, a, 1, z) == LT_OK &&
              r->ndim == 3 && r->size[0] == 2 && r->size[1] == 1 && r->size[2] == 4);
    int64_t p[3] = { 1, 0, 2 };
    test_cond("sum dim 2 value", lt_geti(r, p) == 3 * 12 + 12 + 3 * 3);
    /* the same over a transposed view (row layout vs strided) */
    lt_tensor *t = lt_tensor_new(LT_INT), *r2 = lt_tensor_new(LT_INT);
    lt_transpose(t, a, 0, 2);            /* 4x3x2 */
    lt_reduce_dim(LT_OP_SUM, r2, NULL, t, 1, z);
    int64_t q[3] = { 2, 0, 1 };
    test_cond("sum of transposed", lt_geti(r2, q) == lt_geti(r, p));
    /* max with indices; ties keep the first occurrence */
    lt_tensor *m = mk(LT_DOUBLE, 2, (int64_t[]){ 2, 4 }), *mv = lt_tensor_new(LT_DOUBLE);
    double vals[8] = { 1, 5, 5, 2, 7, -1, 7, 7 };
    memcpy(lt_data(m), vals, sizeof vals);
    test_cond("max dim 2", lt_reduce_dim(LT_OP_RMAX, mv, ix, m, 1, z) == LT_OK &&
              at2(mv, 0, 0) == 5 && ati(ix, 0, 0) == 2 && at2(mv, 1, 0) == 7 && ati(ix, 1, 0) == 1);
    test_cond("min dim 1", lt_reduce_dim(LT_OP_RMIN, mv, ix, m, 0, z) == LT_OK &&
              mv->size[0] == 1 && mv->size[1] == 4 && at2(mv, 0, 1) == -1 && ati(ix, 0, 1) == 2 &&
              at2(mv, 0, 3) == 2 && ati(ix, 0, 3) == 1);
    /* NaN propagates with the index of the first NaN */
    vals[1] = NAN;
    vals[3] = NAN;
    memcpy(lt_data(m), vals, sizeof vals);
    test_cond("max nan", lt_reduce_dim(LT_OP_RMAX, mv, ix, m, 1, z) == LT_OK &&
              isnan(at2(mv, 0, 0)) && ati(ix, 0, 0) == 2 && at2(mv, 1, 0) == 7);
    test_cond("min nan whole", isnan(all(LT_OP_RMIN, m, z)));
    /* one output element: the whole-tensor path, index included */
    int64_t n = 100000;
    lt_tensor *big = mk(LT_FLOAT, 1, &n), *bv = lt_tensor_new(LT_FLOAT);
    iota(big);
    int64_t k = 77777;
    lt_setv(big, &k, lt_scalar_f(1e9));
    test_cond("argmax of one long slice", lt_reduce_dim(LT_OP_RMAX, bv, ix, big, 0, z) == LT_OK &&
              lt_get(bv, (int64_t[]){ 0 }) == 1e9 && lt_geti(ix, (int64_t[]){ 0 }) == k + 1);
    /* mean of an integer tensor gives a DoubleTensor */
    lt_tensor *md = lt_tensor_new(LT_DOUBLE);
    test_cond("int mean -> double", lt_reduce_dim(LT_OP_MEAN, md, NULL, a, 2, z) == LT_OK &&
              lt_get(md, (int64_t[]){ 0, 0, 0 }) == 2.5);
    test_cond("int mean into an IntTensor fails",
              lt_reduce_dim(LT_OP_MEAN, r, NULL, a, 2, z) == LT_ETYPE &&
              strcmp(lt_errmsg(), "the result must be a torch.DoubleTensor, got a "
                     "torch.IntTensor") == 0);
    /* aliasing: the result is the input */
    lt_tensor *self = mk(LT_DOUBLE, 2, (int64_t[]){ 3, 2 });
    iota(self);
    test_cond("r:sum(r, 1)", lt_reduce_dim(LT_OP_SUM, self, NULL, self, 0, z) == LT_OK &&
              self->size[0] == 1 && at2(self, 0, 0) == 9 && at2(self, 0, 1) == 12);
    /* errors */
    test_cond("dim out of range", lt_reduce_dim(LT_OP_SUM, r, NULL, a, 3, z) == LT_ERANGE &&
              strcmp(lt_errmsg(), "dimension 4 out of range for a 3D tensor (expected 1 to 3)")
              == 0);
    lt_tensor *e = mk(LT_DOUBLE, 2, (int64_t[]){ 3, 0 });
    test_cond("max over a zero-size dim", lt_reduce_dim(LT_OP_RMAX, mv, ix, e, 1, z) == LT_EARG &&
              strcmp(lt_errmsg(), "cannot take the max over dimension 2 of a 3x0 tensor: it has "
                     "size 0") == 0);
    test_cond("sum over a zero-size dim is 0", lt_reduce_dim(LT_OP_SUM, mv, NULL, e, 1, z) ==
              LT_OK && mv->size[0] == 3 && at2(mv, 2, 0) == 0);
    lt_tensor *wrong = lt_tensor_new(LT_INT);
    test_cond("index result must be Long", lt_reduce_dim(LT_OP_RMAX, mv, wrong, m, 0, z) ==
              LT_ETYPE);
    lt_tensor *shared = lt_tensor_new_view(ix);
    lt_tensor *lm = mk(LT_LONG, 2, (int64_t[]){ 2, 2 });
    test_cond("values and indices sharing storage",
              lt_reduce_dim(LT_OP_RMAX, ix, shared, lm, 0, z) == LT_EARG);
    lt_tensor *objs[] = { a, r, ix, t, r2, m, mv, big, bv, md, self, e, wrong, shared, lm };
    for (size_t i = 0; i < sizeof objs / sizeof *objs; i++) lt_tensor_release(objs[i]);
}

static void test_scan(void)
{
    double v[3] = { 16777216, 1, 1 };
    lt_tensor *a = vec(LT_FLOAT, 3, v), *r = lt_tensor_new(LT_FLOAT);
    /* accumulated in double as Torch7's accreal: 16777216 + 1 + 1 */
    test_cond("float cumsum accumulates in double", lt_scan(LT_OP_CUMSUM, r, a, 0) == LT_OK &&
              lt_get(r, (int64_t[]){ 2 }) == 16777218);
    double bv[3] = { 200, 100, 2 };
    lt_tensor *b = vec(LT_BYTE, 3, bv), *rb = lt_tensor_new(LT_BYTE);
    test_cond("byte cumsum wraps", lt_scan(LT_OP_CUMSUM, rb, b, 0) == LT_OK &&
              lt_geti(rb, (int64_t[]){ 1 }) == 44 && lt_geti(rb, (int64_t[]){ 2 }) == 46);
    test_cond("byte cumprod wraps", lt_scan(LT_OP_CUMPROD, rb, b, 0) == LT_OK &&
              lt_geti(rb, (int64_t[]){ 1 }) == (200 * 100) % 256);
    lt_tensor *m = mk(LT_LONG, 2, (int64_t[]){ 3, 3 }), *rm = lt_tensor_new(LT_LONG);
    iota(m);
    test_cond("cumsum dim 1", lt_scan(LT_OP_CUMSUM, rm, m, 0) == LT_OK && ati(rm, 2, 0) == 12 &&
              ati(rm, 2, 2) == 18);
    test_cond("cumprod dim 2 in place", lt_scan(LT_OP_CUMPROD, m, m, 1) == LT_OK &&
              ati(m, 1, 2) == 120 && ati(m, 2, 2) == 504);
    test_cond("scan dim out of range", lt_scan(LT_OP_CUMSUM, rm, m, 2) == LT_ERANGE);
    lt_tensor *objs[] = { a, r, b, rb, m, rm };
    for (size_t i = 0; i < sizeof objs / sizeof *objs; i++) lt_tensor_release(objs[i]);
}

static void test_sort(void)
{
    double v[7] = { 3, NAN, 1, 3, -2, NAN, 0 };
    lt_tensor *a = vec(LT_DOUBLE, 7, v), *sv = lt_tensor_new(LT_DOUBLE);
    lt_tensor *si = lt_tensor_new(LT_LONG);
    /* ascending: NaN last; equal values keep their order (stable) */
    test_cond("sort", lt_sort(sv, si, a, 0, 0) == LT_OK);
    int64_t want_i[7] = { 5, 7, 3, 1, 4, 2, 6 };
    double want_v[5] = { -2, 0, 1, 3, 3 };
    int ok = 1;
    for (int64_t i = 0; i < 7; i++) {
        if (lt_geti(si, &i) != want_i[i]) ok = 0;
        if (i < 5 && lt_get(sv, &i) != want_v[i]) ok = 0;
        if (i >= 5 && !isnan(lt_get(sv, &i))) ok = 0;
    }
    test_cond("sort values and indices", ok);
    test_cond("sort descending", lt_sort(sv, si, a, 0, 1) == LT_OK &&
              isnan(lt_get(sv, (int64_t[]){ 0 })) && lt_geti(si, (int64_t[]){ 0 }) == 2 &&
              lt_geti(si, (int64_t[]){ 2 }) == 1 && lt_geti(si, (int64_t[]){ 3 }) == 4);
    test_cond("topk largest sorted", lt_topk(sv, si, a, 3, 0, 1, 1) == LT_OK &&
              sv->size[0] == 3 && lt_geti(si, (int64_t[]){ 1 }) == 6 &&
              lt_get(sv, (int64_t[]){ 2 }) == 3 && lt_geti(si, (int64_t[]){ 2 }) == 1);
    test_cond("topk smallest unsorted: original order", lt_topk(sv, si, a, 2, 0, 0, 0) == LT_OK &&
              lt_geti(si, (int64_t[]){ 0 }) == 5 && lt_geti(si, (int64_t[]){ 1 }) == 7);
    test_cond("kthvalue", lt_kthvalue(sv, si, a, 4, 0) == LT_OK && lt_get(sv, (int64_t[]){ 0 }) == 3 &&
              lt_geti(si, (int64_t[]){ 0 }) == 1);
    test_cond("median with nan is nan", lt_median(sv, si, a, 0) == LT_OK &&
              isnan(lt_get(sv, (int64_t[]){ 0 })) && lt_geti(si, (int64_t[]){ 0 }) == 2);
    test_cond("topk k out of range", lt_topk(sv, si, a, 8, 0, 1, 1) == LT_ERANGE &&
              strcmp(lt_errmsg(), "k = 8 out of range: expected 0 to 7 (the size of dimension 1)")
              == 0 && lt_errarg() == 2);
    test_cond("kthvalue k = 0", lt_kthvalue(sv, si, a, 0, 0) == LT_ERANGE);

    double w[6] = { 4, 1, 4, 1, 9, 2 };
    lt_tensor *b = vec(LT_INT, 6, w), *bv = lt_tensor_new(LT_INT);
    test_cond("median even count is the lower one", lt_median(bv, si, b, 0) == LT_OK &&
              lt_geti(bv, (int64_t[]){ 0 }) == 2 && lt_geti(si, (int64_t[]){ 0 }) == 6);
    test_cond("mode: smallest of the most frequent, last occurrence",
              lt_mode(bv, si, b, 0) == LT_OK && lt_geti(bv, (int64_t[]){ 0 }) == 1 &&
              lt_geti(si, (int64_t[]){ 0 }) == 4);
    double mres;
    int64_t mi;
    test_cond("median of all", lt_median_all(b, &mres, &mi) == LT_OK && mi == 2 && mres == 2);
    test_cond("values result of the wrong type", lt_sort(sv, si, b, 0, 0) == LT_ETYPE);

    /* sort along dim 1 of a transposed matrix, into the input itself */
    lt_tensor *m = mk(LT_FLOAT, 2, (int64_t[]){ 3, 2 }), *mt = lt_tensor_new(LT_FLOAT);
    float mv[6] = { 5, 0, 4, 2, 6, 1 };
    memcpy(lt_data(m), mv, sizeof mv);
    lt_transpose(mt, m, 0, 1);        /* {{5,4,6},{0,2,1}} */
    test_cond("sort in place of a transposed view", lt_sort(mt, si, mt, 1, 0) == LT_OK &&
              at2(mt, 0, 0) == 4 && at2(mt, 0, 2) == 6 && at2(mt, 1, 1) == 1 && ati(si, 1, 1) == 3 &&
              at2(m, 0, 0) == 4);
    lt_tensor *objs[] = { a, sv, si, b, bv, m, mt };
    for (size_t i = 0; i < sizeof objs / sizeof *objs; i++) lt_tensor_release(objs[i]);
}

/* a pending Ctrl-C stops long kernels with LT_ECANCEL */
static void test_cancel(void)
{
    int64_t n = 300000;
    lt_tensor *a = mk(LT_DOUBLE, 1, &n), *v = lt_tensor_new(LT_DOUBLE);
    lt_tensor *i = lt_tensor_new(LT_LONG);
    iota(a);
    lt_cancel();
    test_cond("sum cancelled", lt_reduce_all(LT_OP_SUM, a, lt_scalar_i(0), NULL, NULL) ==
              LT_ECANCEL);
    test_cond("sort cancelled", lt_sort(v, i, a, 0, 1) == LT_ECANCEL);
    lt_tensor *m = mk(LT_DOUBLE, 2, (int64_t[]){ 600, 600 });
    test_cond("dim reduction cancelled", lt_reduce_dim(LT_OP_SUM, v, NULL, m, 0,
                                                       lt_scalar_i(0)) == LT_ECANCEL);
    lt_cancel_clear();
    double s;
    test_cond("works again after clearing", lt_reduce_all(LT_OP_SUM, a, lt_scalar_i(0), &s, NULL)
              == LT_OK && s == 300000.0 * 300001 / 2);
    lt_tensor_release(a);
    lt_tensor_release(v);
    lt_tensor_release(i);
    lt_tensor_release(m);
}

int main(void)
{
    test_whole();
    test_determinism();
    test_dims();
    test_scan();
    test_sort();
    test_cancel();
    return test_report();
}
