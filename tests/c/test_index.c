/*
** test_index.c — the indexing kernels through the C API: values against
** hand-computed / PyTorch 1.13 references (exact small integers), every
** element size, non-contiguous operands, aliasing, the parallel paths
** against a serial reference, and for bad input the status, the operand
** blamed (lt_errarg), the message, and an untouched destination.
*/
#include "lantern.h"
#include "lt_internal.h"
#include "testhelp.h"
#include <string.h>

static lt_tensor *mk(lt_dtype dt, int ndim, const int64_t *size, const double *v)
{
    lt_tensor *t;
    if (lt_tensor_new_sized(dt, ndim, size, &t) != LT_OK) return NULL;
    int64_t n = lt_numel(t);
    char *p = lt_data(t);
    for (int64_t i = 0; v && i < n; i++) lt_dtypes[dt].set(p + i * (int64_t)lt_elsize(t), v[i]);
    return t;
}

static lt_tensor *mk1(lt_dtype dt, int64_t n, const double *v) { return mk(dt, 1, &n, v); }

static lt_tensor *mk2(lt_dtype dt, int64_t a, int64_t b, const double *v)
{
    int64_t s[2] = { a, b };
    return mk(dt, 2, s, v);
}

static lt_tensor *idx1(int64_t n, const int64_t *v)
{
    lt_tensor *t = mk1(LT_LONG, n, NULL);
    if (n) memcpy(lt_data(t), v, sizeof(int64_t) * (size_t)n);
    return t;
}

static lt_tensor *idx2(int64_t a, int64_t b, const int64_t *v)
{
    lt_tensor *t = mk2(LT_LONG, a, b, NULL);
    memcpy(lt_data(t), v, sizeof(int64_t) * (size_t)(a * b));
    return t;
}

/* t's values in row-major order equal v[] (as doubles) */
static int equals(const lt_tensor *t, int ndim, const int64_t *size, const double *v)
{
    if (t->ndim != ndim) return 0;
    for (int d = 0; d < ndim; d++)
        if (t->size[d] != size[d]) return 0;
    int64_t idx[LT_MAXDIM] = { 0 }, n = lt_numel(t);
    for (int64_t i = 0; i < n; i++) {
        if (lt_get(t, idx) != v[i]) return 0;
        for (int d = ndim - 1; d >= 0; d--) {
            if (++idx[d] < t->size[d]) break;
            idx[d] = 0;
        }
    }
    return 1;
}

static int eq2(const lt_tensor *t, int64_t a, int64_t b, const double *v)
{
    int64_t s[2] = { a, b };
    return equals(t, 2, s, v);
}

static int eq1(const lt_tensor *t, int64_t a, const double *v) { return equals(t, 1, &a, v); }

static int fails(lt_status st, lt_status want, int arg, const char *msg)
{
    return st == want && lt_errarg() == arg && strcmp(lt_errmsg(), msg) == 0;
}

static const double M34[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

static void test_index_select(void)
{
    lt_tensor *x = mk2(LT_DOUBLE, 3, 4, M34), *out = lt_tensor_new(LT_DOUBLE);
    lt_tensor *i = idx1(3, (int64_t[]){ 3, 1, 3 });
    test_cond("index_select dim 0", lt_index_select(out, x, 0, i) == LT_OK &&
              eq2(out, 3, 4, (double[]){ 9, 10, 11, 12, 1, 2, 3, 4, 9, 10, 11, 12 }));
    lt_tensor *j = idx1(2, (int64_t[]){ 4, 2 });
    test_cond("index_select dim 1", lt_index_select(out, x, 1, j) == LT_OK &&
              eq2(out, 3, 2, (double[]){ 4, 2, 8, 6, 12, 10 }));
    test_cond("index_select dim -1", lt_index_select(out, x, -1, j) == LT_OK &&
              eq2(out, 3, 2, (double[]){ 4, 2, 8, 6, 12, 10 }));
    /* transposed source */
    lt_tensor *xt = lt_tensor_new_view(x);
    lt_transpose(xt, xt, 0, 1);
    lt_tensor *k = idx1(2, (int64_t[]){ 2, 4 });
    test_cond("index_select transposed", lt_index_select(out, xt, 0, k) == LT_OK &&
              eq2(out, 2, 3, (double[]){ 2, 6, 10, 4, 8, 12 }));
    /* every element size */
    for (int dt = 0; dt < LT_NDTYPES; dt++) {
        lt_tensor *s = mk2((lt_dtype)dt, 3, 4, M34), *o = lt_tensor_new((lt_dtype)dt);
        test_cond("index_select every dtype", lt_index_select(o, s, 1, j) == LT_OK &&
                  eq2(o, 3, 2, (double[]){ 4, 2, 8, 6, 12, 10 }) && (int)o->dtype == dt);
        lt_tensor_release(s);
        lt_tensor_release(o);
    }
    /* empty index */
    lt_tensor *e = lt_tensor_new(LT_LONG);
    test_cond("empty index", lt_index_select(out, x, 0, e) == LT_OK && out->ndim == 2 &&
              out->size[0] == 0 && out->size[1] == 4);
    /* result aliasing the source */
    lt_tensor *y = mk2(LT_DOUBLE, 3, 4, M34);
    lt_tensor *i2 = idx1(2, (int64_t[]){ 3, 1 });
    test_cond("result is the source (rows)", lt_index_select(y, y, 0, i2) == LT_OK &&
              eq2(y, 2, 4, (double[]){ 9, 10, 11, 12, 1, 2, 3, 4 }));
    /* errors */
    lt_tensor *bad = idx1(2, (int64_t[]){ 1, 4 });
    test_cond("index out of range", fails(lt_index_select(out, x, 0, bad), LT_ERANGE, 3,
              "index 4 out of range for dimension 1 of size 3 (index entry 2)"));
    lt_tensor *dbl = mk1(LT_DOUBLE, 1, (double[]){ 1 });
    test_cond("index of wrong type", fails(lt_index_select(out, x, 0, dbl), LT_ETYPE, 3,
              "index must be a torch.LongTensor, got a torch.DoubleTensor"));
    test_cond("dim out of range", fails(lt_index_select(out, x, 2, i), LT_ERANGE, 2,
              "dimension 3 out of range for a 2D tensor (expected 1 to 2)"));
    lt_tensor *empty = lt_tensor_new(LT_DOUBLE);
    test_cond("empty source", fails(lt_index_select(out, empty, 0, i), LT_EARG, 1,
              "cannot index an empty tensor"));
    lt_tensor *fo = lt_tensor_new(LT_FLOAT);
    test_cond("result of the wrong type", fails(lt_index_select(fo, x, 0, i), LT_ETYPE, 0,
              "result tensor is a torch.FloatTensor, expected a torch.DoubleTensor"));
    lt_tensor *ii = idx2(1, 1, (int64_t[]){ 1 });
    test_cond("matrix index", fails(lt_index_select(out, x, 0, ii), LT_EARG, 3,
              "index must be a vector (1D torch.LongTensor), got size 1x1"));
    lt_tensor *vals[] = { x, out, i, j, xt, k, e, y, i2, bad, dbl, empty, fo, ii };
    for (size_t q = 0; q < sizeof vals / sizeof *vals; q++) lt_tensor_release(vals[q]);
}

static void test_index_write(void)
{
    lt_tensor *t = mk2(LT_DOUBLE, 3, 4, NULL);
    lt_zero(t);
    lt_tensor *i = idx1(2, (int64_t[]){ 4, 1 });
    lt_tensor *src = mk2(LT_DOUBLE, 3, 2, (double[]){ 1, 2, 3, 4, 5, 6 });
    test_cond("index_copy", lt_index_copy(t, 1, i, src) == LT_OK &&
              eq2(t, 3, 4, (double[]){ 2, 0, 0, 1, 4, 0, 0, 3, 6, 0, 0, 5 }));
    lt_tensor *a = mk1(LT_DOUBLE, 5, (double[]){ 1, 1, 1, 1, 1 });
    lt_tensor *ai = idx1(4, (int64_t[]){ 1, 5, 1, 3 });
    lt_tensor *as = mk1(LT_DOUBLE, 4, (double[]){ 1, 2, 3, 4 });
    test_cond("index_add accumulates duplicates", lt_index_add(a, 0, ai, as) == LT_OK &&
              eq1(a, 5, (double[]){ 5, 1, 5, 1, 3 }));
    lt_tensor *f = mk2(LT_INT, 2, 3, (double[]){ 1, 2, 3, 4, 5, 6 });
    lt_tensor *fi = idx1(2, (int64_t[]){ 1, 3 });
    test_cond("index_fill", lt_index_fill(f, 1, fi, lt_scalar_f(-1.5)) == LT_OK &&
              eq2(f, 2, 3, (double[]){ -1, 2, -1, -1, 5, -1 }));
    /* a bad index anywhere: nothing is written */
    lt_tensor *bad = idx1(3, (int64_t[]){ 1, 2, 0 });
    lt_tensor *s3 = mk1(LT_DOUBLE, 3, (double[]){ 7, 7, 7 });
    lt_tensor *v = mk1(LT_DOUBLE, 3, (double[]){ 0, 0, 0 });
    test_cond("index_copy bad index", fails(lt_index_copy(v, 0, bad, s3), LT_ERANGE, 3,
              "index 0 out of range for dimension 1 of size 3 (index entry 3)"));
    test_cond("index_add bad index", lt_index_add(v, 0, bad, s3) == LT_ERANGE);
    test_cond("index_fill bad index", lt_index_fill(v, 0, bad, lt_scalar_i(7)) == LT_ERANGE);
    test_cond("destination untouched", eq1(v, 3, (double[]){ 0, 0, 0 }));
    lt_tensor *fs = mk1(LT_FLOAT, 3, NULL);
    lt_tensor *ok3 = idx1(3, (int64_t[]){ 1, 2, 3 });
    test_cond("source of another type", fails(lt_index_copy(v, 0, ok3, fs), LT_ETYPE, 4,
              "torch.DoubleTensor expected, got torch.FloatTensor"));
    lt_tensor *s2 = mk1(LT_DOUBLE, 2, NULL);
    test_cond("source of the wrong size", fails(lt_index_copy(v, 0, ok3, s2), LT_ESIZE, 4,
              "source of size 2 does not fit 3 indices into a tensor of size 3 along "
              "dimension 1 (expected size 3)"));
    /* the source is the destination, the index lives in the destination */
    lt_tensor *w = mk1(LT_DOUBLE, 4, (double[]){ 1, 2, 3, 4 });
    lt_tensor *rot = idx1(4, (int64_t[]){ 2, 3, 4, 1 });
    test_cond("index_copy from itself", lt_index_copy(w, 0, rot, w) == LT_OK &&
              eq1(w, 4, (double[]){ 4, 1, 2, 3 }));
    lt_tensor *z = idx1(3, (int64_t[]){ 3, 3, 1 });
    test_cond("index in the destination", lt_index_fill(z, 0, z, lt_scalar_i(2)) == LT_OK &&
              eq1(z, 3, (double[]){ 2, 3, 2 }));
    /* byte sums wrap */
    lt_tensor *b = mk1(LT_BYTE, 1, (double[]){ 200 });
    lt_tensor *b1 = mk1(LT_BYTE, 1, (double[]){ 100 });
    lt_tensor *one = idx1(1, (int64_t[]){ 1 });
    test_cond("byte index_add wraps", lt_index_add(b, 0, one, b1) == LT_OK &&
              eq1(b, 1, (double[]){ 44 }));
    lt_tensor *vals[] = { t, i, src, a, ai, as, f, fi, bad, s3, v, fs, ok3, s2, w, rot, z, b,
                          b1, one };
    for (size_t q = 0; q < sizeof vals / sizeof *vals; q++) lt_tensor_release(vals[q]);
}

static void test_gather_scatter(void)
{
    lt_tensor *s = mk2(LT_DOUBLE, 2, 3, (double[]){ 1, 2, 3, 4, 5, 6 });
    lt_tensor *out = lt_tensor_new(LT_DOUBLE);
    lt_tensor *g = idx2(2, 3, (int64_t[]){ 2, 1, 2, 1, 1, 2 });
    test_cond("gather dim 0", lt_gather(out, s, 0, g) == LT_OK &&
              eq2(out, 2, 3, (double[]){ 4, 2, 6, 1, 2, 6 }));
    lt_tensor *g1 = idx2(2, 1, (int64_t[]){ 3, 1 });
    test_cond("gather dim 1, smaller index", lt_gather(out, s, 1, g1) == LT_OK &&
              eq2(out, 2, 1, (double[]){ 3, 4 }));
    lt_tensor *gb = idx2(1, 2, (int64_t[]){ 1, 4 });
    test_cond("gather bad index", fails(lt_gather(out, s, 1, gb), LT_ERANGE, 3,
              "index 4 out of range for dimension 2 of size 3 (index entry [1,2])"));
    lt_tensor *g3 = idx2(3, 1, (int64_t[]){ 1, 1, 1 });
    test_cond("gather index too large", fails(lt_gather(out, s, 1, g3), LT_ESIZE, 3,
              "index of size 3x1 is larger than the source (2x3) in dimension 1"));
    /* scatter: PyTorch zeros(3,5).scatter_(0, ...) */
    lt_tensor *z = mk2(LT_DOUBLE, 3, 5, NULL);
    lt_zero(z);
    lt_tensor *si = idx2(2, 5, (int64_t[]){ 1, 2, 3, 1, 1, 3, 1, 1, 2, 3 });
    lt_tensor *ss = mk2(LT_DOUBLE, 2, 5, (double[]){ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 });
    test_cond("scatter", lt_scatter(z, 0, si, ss) == LT_OK &&
              eq2(z, 3, 5, (double[]){ 1, 7, 8, 4, 5, 0, 2, 0, 9, 0, 6, 0, 3, 0, 10 }));
    lt_tensor *sb = idx2(2, 5, (int64_t[]){ 1, 1, 1, 1, 1, 1, 1, 1, 1, 4 });
    lt_tensor *before = lt_tensor_new(LT_DOUBLE);
    lt_clone(before, z);
    test_cond("scatter bad index", fails(lt_scatter(z, 0, sb, ss), LT_ERANGE, 3,
              "index 4 out of range for dimension 1 of size 3 (index entry [2,5])"));
    test_cond("scatter_fill bad index", lt_scatter_fill(z, 0, sb, lt_scalar_i(1)) == LT_ERANGE);
    test_cond("scatter destination untouched", lt_equal(z, before));
    for (int dt = 0; dt < LT_NDTYPES; dt++) {
        lt_tensor *c = mk2((lt_dtype)dt, 2, 2, (double[]){ 0, 0, 0, 0 });
        lt_tensor *ci = idx2(2, 1, (int64_t[]){ 2, 1 });
        test_cond("scatter_fill every dtype", lt_scatter_fill(c, 1, ci, lt_scalar_i(7)) == LT_OK &&
                  eq2(c, 2, 2, (double[]){ 0, 7, 7, 0 }));
        lt_tensor *go = lt_tensor_new((lt_dtype)dt);
        test_cond("gather every dtype", lt_gather(go, c, 1, ci) == LT_OK &&
                  eq2(go, 2, 1, (double[]){ 7, 7 }));
        lt_tensor_release(c);
        lt_tensor_release(ci);
        lt_tensor_release(go);
    }
    lt_tensor *vals[] = { s, out, g, g1, gb, g3, z, si, ss, sb, before };
    for (size_t q = 0; q < sizeof vals / sizeof *vals; q++) lt_tensor_release(vals[q]);
}

static void test_masked(void)
{
    lt_tensor *s = mk2(LT_DOUBLE, 2, 3, (double[]){ 1, 2, 3, 4, 5, 6 });
    lt_tensor *m = mk2(LT_BYTE, 2, 3, (double[]){ 1, 0, 1, 0, 1, 1 });
    lt_tensor *out = lt_tensor_new(LT_DOUBLE);
    test_cond("masked_select", lt_masked_select(out, s, m) == LT_OK &&
              eq1(out, 4, (double[]){ 1, 3, 5, 6 }));
    lt_tensor *row = mk1(LT_BYTE, 3, (double[]){ 1, 0, 1 });
    test_cond("masked_select, mask expands", lt_masked_select(out, s, row) == LT_OK &&
              eq1(out, 4, (double[]){ 1, 3, 4, 6 }));
    lt_tensor *flat = mk1(LT_BYTE, 6, (double[]){ 0, 0, 0, 0, 0, 1 });
    test_cond("masked_select, same element count", lt_masked_select(out, s, flat) == LT_OK &&
              eq1(out, 1, (double[]){ 6 }));
    lt_tensor *zero = mk2(LT_BYTE, 2, 3, (double[]){ 0, 0, 0, 0, 0, 0 });
    test_cond("masked_select, nothing", lt_masked_select(out, s, zero) == LT_OK &&
              out->ndim == 1 && out->size[0] == 0);
    lt_tensor *c = lt_tensor_new(LT_DOUBLE);
    lt_clone(c, s);
    lt_tensor *src = mk1(LT_DOUBLE, 5, (double[]){ 10, 20, 30, 40, 50 });
    test_cond("masked_copy", lt_masked_copy(c, m, src) == LT_OK &&
              eq2(c, 2, 3, (double[]){ 10, 2, 20, 4, 30, 40 }));
    test_cond("masked_fill", lt_masked_fill(c, m, lt_scalar_i(0)) == LT_OK &&
              eq2(c, 2, 3, (double[]){ 0, 2, 0, 4, 0, 0 }));
    /* errors leave the destination untouched */
    lt_tensor *two = mk2(LT_BYTE, 2, 3, (double[]){ 1, 1, 2, 0, 0, 0 });
    test_cond("mask value 2", fails(lt_masked_fill(c, two, lt_scalar_i(9)), LT_EVALUE, 2,
              "mask values must be 0 or 1, got 2 at element 3"));
    lt_tensor *small = mk1(LT_DOUBLE, 2, (double[]){ 9, 9 });
    test_cond("masked_copy source too small", fails(lt_masked_copy(c, m, small), LT_ESIZE, 3,
              "the mask selects 4 elements but the source has only 2"));
    test_cond("untouched", eq2(c, 2, 3, (double[]){ 0, 2, 0, 4, 0, 0 }));
    lt_tensor *m22 = mk2(LT_BYTE, 2, 2, NULL);
    test_cond("mask of another size", fails(lt_masked_select(out, s, m22), LT_ESIZE, 2,
              "mask of size 2x2 does not match the tensor of size 2x3"));
    lt_tensor *lm = mk2(LT_LONG, 2, 3, NULL);
    test_cond("mask of another type", fails(lt_masked_fill(c, lm, lt_scalar_i(1)), LT_ETYPE, 2,
              "mask must be a torch.ByteTensor, got a torch.LongTensor"));
    /* a non-contiguous mask with the same element count but another shape
    ** (cannot be viewed: copied) */
    lt_tensor *m32 = mk2(LT_BYTE, 3, 2, (double[]){ 1, 0, 0, 1, 1, 0 });
    lt_transpose(m32, m32, 0, 1);   /* 2x3 view: 1 0 1 / 0 1 0 */
    lt_tensor *s32 = mk2(LT_DOUBLE, 3, 2, (double[]){ 1, 2, 3, 4, 5, 6 });
    test_cond("unviewable mask copied", lt_masked_select(out, s32, m32) == LT_OK &&
              eq1(out, 3, (double[]){ 1, 3, 5 }));
    lt_tensor *vals[] = { s, m, out, row, flat, zero, c, src, two, small, m22, lm, m32, s32 };
    for (size_t q = 0; q < sizeof vals / sizeof *vals; q++) lt_tensor_release(vals[q]);
}

static void test_nonzero(void)
{
    lt_tensor *x = mk2(LT_FLOAT, 2, 3, (double[]){ 0, 1.5, 0, 2, 0, -1 });
    lt_tensor *out = lt_tensor_new(LT_LONG);
    test_cond("nonzero", lt_nonzero(out, x) == LT_OK &&
              eq2(out, 3, 2, (double[]){ 1, 2, 2, 1, 2, 3 }));
    lt_tensor *z = mk2(LT_DOUBLE, 2, 3, (double[]){ 0, 0, 0, 0, 0, 0 });
    test_cond("nonzero, none: 0 x ndim", lt_nonzero(out, z) == LT_OK && out->ndim == 2 &&
              out->size[0] == 0 && out->size[1] == 2);
    lt_tensor *d = lt_tensor_new(LT_DOUBLE);
    test_cond("nonzero, wrong result type", fails(lt_nonzero(d, x), LT_ETYPE, 0,
              "result tensor is a torch.DoubleTensor, expected a torch.LongTensor"));
    /* a given result of the right size but transposed strides */
    lt_tensor *r = mk2(LT_LONG, 2, 3, NULL);
    lt_transpose(r, r, 0, 1);
    test_cond("nonzero into a strided result", lt_nonzero(r, x) == LT_OK &&
              eq2(r, 3, 2, (double[]){ 1, 2, 2, 1, 2, 3 }));
    lt_tensor *vals[] = { x, out, z, d, r };
    for (size_t q = 0; q < sizeof vals / sizeof *vals; q++) lt_tensor_release(vals[q]);
}

static void test_cat(void)
{
    lt_tensor *a = mk2(LT_DOUBLE, 2, 2, (double[]){ 1, 2, 3, 4 });
    lt_tensor *b = mk2(LT_DOUBLE, 1, 2, (double[]){ 5, 6 });
    lt_tensor *out = lt_tensor_new(LT_DOUBLE);
    const lt_tensor *ab[2] = { a, b };
    test_cond("cat dim 0", lt_cat(out, 2, ab, 0) == LT_OK &&
              eq2(out, 3, 2, (double[]){ 1, 2, 3, 4, 5, 6 }));
    test_cond("cat mismatch", fails(lt_cat(out, 2, ab, 1), LT_ESIZE, 2,
              "sizes must match except in dimension 2: tensor 1 has size 2x2, tensor 2 has "
              "size 1x2"));
    test_cond("cat default: last dimension", lt_cat(out, 2, (const lt_tensor *[]){ a, a }, -1) ==
              LT_OK && eq2(out, 2, 4, (double[]){ 1, 2, 1, 2, 3, 4, 3, 4 }));
    lt_tensor *e = lt_tensor_new(LT_DOUBLE), *e0 = mk1(LT_DOUBLE, 0, NULL);
    test_cond("cat skips empties", lt_cat(out, 4, (const lt_tensor *[]){ e, a, e0, b }, 0) ==
              LT_OK && eq2(out, 3, 2, (double[]){ 1, 2, 3, 4, 5, 6 }));
    lt_tensor *u = mk1(LT_DOUBLE, 2, (double[]){ 1, 2 });
    lt_tensor *w = mk1(LT_DOUBLE, 2, (double[]){ 3, 4 });
    test_cond("cat vectors as columns", lt_cat(out, 2, (const lt_tensor *[]){ u, w }, 1) == LT_OK &&
              eq2(out, 2, 2, (double[]){ 1, 3, 2, 4 }));
    lt_tensor *f = mk1(LT_FLOAT, 2, NULL);
    test_cond("cat types", fails(lt_cat(out, 2, (const lt_tensor *[]){ u, f }, 0), LT_ETYPE, 2,
              "torch.DoubleTensor expected, got torch.FloatTensor"));
    test_cond("cat of nothing", lt_cat(out, 0, NULL, 0) == LT_EARG);
    test_cond("cat dim range", fails(lt_cat(out, 2, ab, -3), LT_ERANGE, 3,
              "dimension -3 out of range for 2D tensors"));
    test_cond("cat all empty", lt_cat(out, 2, (const lt_tensor *[]){ e, e0 }, 0) == LT_OK &&
              out->ndim == 0);
    /* the result is an input */
    lt_tensor *s = mk1(LT_DOUBLE, 2, (double[]){ 1, 2 });
    test_cond("cat into an input", lt_cat(s, 2, (const lt_tensor *[]){ s, s }, 0) == LT_OK &&
              eq1(s, 4, (double[]){ 1, 2, 1, 2 }));
    lt_tensor *vals[] = { a, b, out, e, e0, u, w, f, s };
    for (size_t q = 0; q < sizeof vals / sizeof *vals; q++) lt_tensor_release(vals[q]);
}

/* The parallel paths against element-by-element references. */
static void test_large(void)
{
    int64_t R = 300, C = 500;
    lt_tensor *x = mk2(LT_DOUBLE, R, C, NULL);
    double *xd = lt_data(x);
    for (int64_t i = 0; i < R * C; i++) xd[i] = (double)i;
    int64_t n = 700;
    lt_tensor *ri = mk1(LT_LONG, n, NULL), *ci = mk1(LT_LONG, n, NULL);
    int64_t *rd = lt_data(ri), *cd = lt_data(ci);
    for (int64_t k = 0; k < n; k++) {
        rd[k] = (k * 7919) % R + 1;
        cd[k] = (k * 104729) % C + 1;
    }
    lt_set_num_threads(2);
    lt_tensor *out = lt_tensor_new(LT_DOUBLE);
    int ok = lt_index_select(out, x, 0, ri) == LT_OK;
    const double *od = lt_data(out);
    for (int64_t k = 0; ok && k < n; k++)
        for (int64_t j = 0; ok && j < C; j++) ok = od[k * C + j] == (double)((rd[k] - 1) * C + j);
    test_cond("large index_select rows", ok);
    ok = lt_index_select(out, x, 1, ci) == LT_OK;
    od = lt_data(out);
    for (int64_t i = 0; ok && i < R; i++)
        for (int64_t k = 0; ok && k < n; k++) ok = od[i * n + k] == (double)(i * C + cd[k] - 1);
    test_cond("large index_select columns", ok);
    /* index_add of every row into row idx: sums per target row */
    lt_tensor *acc = mk2(LT_DOUBLE, R, C, NULL);
    lt_zero(acc);
    lt_tensor *src = lt_tensor_new(LT_DOUBLE);
    lt_index_select(src, x, 0, ri);        /* n x C */
    ok = lt_index_add(acc, 0, ri, src) == LT_OK;
    const double *ad = lt_data(acc);
    for (int64_t i = 0; ok && i < R; i++) {
        int64_t cnt = 0;
        for (int64_t k = 0; k < n; k++) cnt += rd[k] == i + 1;
        for (int64_t j = 0; ok && j < C; j += 17) ok = ad[i * C + j] == (double)cnt * xd[i * C + j];
    }
    test_cond("large index_add", ok);
    lt_tensor *m = mk2(LT_BYTE, R, C, NULL);
    uint8_t *md = lt_data(m);
    int64_t ones = 0;
    for (int64_t i = 0; i < R * C; i++) ones += md[i] = (uint8_t)((i * 31) % 7 == 0);
    ok = lt_masked_select(out, x, m) == LT_OK && out->size[0] == ones;
    od = lt_data(out);
    for (int64_t i = 0, k = 0; ok && i < R * C; i++)
        if (md[i]) ok = od[k++] == xd[i];
    test_cond("large masked_select", ok);
    lt_set_num_threads(1);
    lt_tensor *vals[] = { x, ri, ci, out, acc, src, m };
    for (size_t q = 0; q < sizeof vals / sizeof *vals; q++) lt_tensor_release(vals[q]);
}

int main(void)
{
    test_index_select();
    test_index_write();
    test_gather_scatter();
    test_masked();
    test_nonzero();
    test_cat();
    test_large();
    return test_report();
}
