/*
** test_core.c — unit tests of the tensor core: storages, views, the
** iterator, copy/fill and the elementwise kernels, through the C API only.
*/
#include "lantern.h"
#include "lt_internal.h"
#include "tensorhelp.h"
#include "testhelp.h"
#include <math.h>
#include <string.h>

static void test_storage(void)
{
    lt_storage *s;
    test_cond("storage_new", lt_storage_new(LT_FLOAT, 10, &s) == LT_OK && s->size == 10);
    lt_storage_fill(s, lt_scalar_f(2.5));
    test_cond("storage fill", ((float *)s->data)[9] == 2.5f);
    test_cond("storage grow keeps prefix",
              lt_storage_resize(s, 1000) == LT_OK && ((float *)s->data)[3] == 2.5f);
    test_cond("storage shrink", lt_storage_resize(s, 2) == LT_OK && s->size == 2);
    test_cond("negative size refused", lt_storage_resize(s, -1) == LT_EARG);
    test_cond("huge size refused", lt_storage_new(LT_DOUBLE, INT64_MAX / 2, &s) == LT_EARG);
    lt_storage *d;
    lt_storage_new(LT_LONG, 2, &d);
    test_cond("storage copy across types", lt_storage_copy(d, s) == LT_OK &&
              ((int64_t *)d->data)[1] == 2);
    lt_storage_release(d);
    lt_storage_release(s);
}

static void test_sizes(void)
{
    int64_t big[2] = { INT64_MAX / 2, 4 };
    lt_tensor *t = lt_tensor_new(LT_FLOAT);
    test_cond("overflowing sizes refused", lt_resize(t, 2, big) == LT_EARG);
    test_cond("overflow message", strstr(lt_errmsg(), "overflow") != NULL);
    int64_t neg[2] = { 3, -2 };
    test_cond("negative size refused", lt_resize(t, 2, neg) == LT_EARG);
    int64_t z[2] = { 3, 0 };
    test_cond("zero-size dim allowed", lt_resize(t, 2, z) == LT_OK && lt_numel(t) == 0);
    lt_tensor *e = lt_tensor_new(LT_BYTE);
    test_cond("empty has numel 0", lt_numel(e) == 0);
    lt_tensor_release(e);
    lt_tensor_release(t);
}

static void test_views(void)
{
    int64_t sz[2] = { 3, 4 };
    lt_tensor *a = mk(LT_DOUBLE, 2, sz), *v = lt_tensor_new(LT_DOUBLE);
    iota(a);
    test_cond("contiguous", lt_is_contiguous(a));
    test_cond("transpose", lt_transpose(v, a, 0, 1) == LT_OK && v->size[0] == 4 &&
              at2(v, 1, 2) == at2(a, 2, 1) && !lt_is_contiguous(v));
    test_cond("transpose shares storage", v->storage == a->storage);
    test_cond("narrow", lt_narrow(v, a, 1, 1, 2) == LT_OK && v->size[1] == 2 &&
              at2(v, 0, 0) == 2 && at2(v, 2, 1) == 11);
    test_cond("narrow out of range", lt_narrow(v, a, 1, 3, 2) == LT_ERANGE);
    test_cond("select", lt_select(v, a, 0, 2) == LT_OK && v->ndim == 1 && v->size[0] == 4);
    {
        int64_t i = 3;
        test_cond("select value", lt_get(v, &i) == 12);
    }
    test_cond("select on a vector refused", lt_select(v, v, 0, 0) == LT_EARG);
    int64_t vs[2] = { 2, 6 };
    test_cond("view", lt_view(v, a, 2, vs) == LT_OK && at2(v, 1, 0) == 7);
    int64_t bad[2] = { 5, 3 };
    test_cond("view size mismatch", lt_view(v, a, 2, bad) == LT_ESIZE);
    int64_t inf[2] = { -1, 2 };
    test_cond("view infers -1", lt_view(v, a, 2, inf) == LT_OK && v->size[0] == 6);
    lt_tensor *tr = lt_tensor_new(LT_DOUBLE);
    lt_transpose(tr, a, 0, 1);
    int64_t flat[1] = { 12 };
    test_cond("view of a transpose refused", lt_view(v, tr, 1, flat) == LT_EARG);
    test_cond("unfold", lt_unfold(v, a, 1, 2, 2) == LT_OK && v->ndim == 3 && v->size[1] == 2 &&
              v->size[2] == 2);
    int64_t ex[3] = { 2, 3, 4 };
    test_cond("expand adds a dim", lt_expand(v, a, 3, ex) == LT_OK && v->stride[0] == 0);
    int64_t ex_bad[2] = { 3, 5 };
    test_cond("expand refuses non-1 dims", lt_expand(v, a, 2, ex_bad) == LT_ESIZE);
    int64_t s1[3] = { 1, 3, 1 };
    lt_tensor *b = mk(LT_FLOAT, 3, s1);
    test_cond("squeeze", lt_squeeze(v, b) == LT_OK && v->ndim == 1 && v->size[0] == 3);
    test_cond("unsqueeze", lt_unsqueeze(v, a, 1) == LT_OK && v->ndim == 3 && v->size[1] == 1);
    int perm[2] = { 1, 0 };
    test_cond("permute", lt_permute(v, a, perm) == LT_OK && at2(v, 3, 2) == 12);
    int dup[2] = { 0, 0 };
    test_cond("permute repeated dim", lt_permute(v, a, dup) == LT_EARG);
    /* a view keeps its storage alive after the base is released */
    lt_tensor *keep = lt_tensor_new_view(a);
    lt_tensor_release(a);
    test_cond("view outlives base", at2(keep, 2, 3) == 12);
    /* a storage shrinking under a view is detected */
    lt_storage_resize(keep->storage, 4);
    test_cond("bounds check after shrink", lt_check_bounds(keep) == LT_ERANGE);
    lt_tensor_release(keep);
    lt_tensor_release(v);
    lt_tensor_release(tr);
    lt_tensor_release(b);
}

static void test_copy_fill(void)
{
    int64_t sz[2] = { 4, 5 };
    lt_tensor *a = mk(LT_DOUBLE, 2, sz), *t = lt_tensor_new(LT_DOUBLE);
    iota(a);
    lt_transpose(t, a, 0, 1);
    int64_t ts[2] = { 5, 4 };
    lt_tensor *f = mk(LT_FLOAT, 2, ts);
    test_cond("copy transposed across types", lt_copy(f, t) == LT_OK);
    test_cond("copy values", at2(f, 4, 3) == 20 && at2(f, 1, 0) == 2);
    lt_tensor *i8 = mk(LT_CHAR, 2, ts);
    lt_fill(f, lt_scalar_f(1e10));
    test_cond("float -> char saturates", lt_copy(i8, f) == LT_OK && at2(i8, 0, 0) == 127);
    lt_fill(f, lt_scalar_f(NAN));
    test_cond("NaN -> int is 0", lt_copy(i8, f) == LT_OK && at2(i8, 2, 2) == 0);
    int64_t n20 = 20;
    lt_tensor *flat = mk(LT_DOUBLE, 1, &n20);
    test_cond("copy same count other shape", lt_copy(flat, t) == LT_OK);
    {
        int64_t i = 1;
        test_cond("row-major order of a transposed source", lt_get(flat, &i) == 6);
    }
    int64_t n3 = 3;
    lt_tensor *small = mk(LT_DOUBLE, 1, &n3);
    test_cond("copy count mismatch", lt_copy(small, a) == LT_ESIZE);
    /* overlapping copy within one storage */
    lt_tensor *x = mk(LT_DOUBLE, 1, &n20), *lo = lt_tensor_new(LT_DOUBLE),
              *hi = lt_tensor_new(LT_DOUBLE);
    iota(x);
    lt_narrow(lo, x, 0, 0, 10);
    lt_narrow(hi, x, 0, 1, 10);
    test_cond("overlapping copy", lt_copy(hi, lo) == LT_OK);
    {
        int64_t i = 10;
        test_cond("overlapping copy values", lt_get(x, &i) == 10);
    }
    lt_tensor *fi = mk(LT_INT, 1, &n3);
    lt_fill(fi, lt_scalar_f(2.9));
    test_cond("int fill truncates", lt_geti(fi, &(int64_t){ 0 }) == 2);
    lt_tensor *c = lt_tensor_new(LT_DOUBLE);
    test_cond("clone", lt_clone(c, t) == LT_OK && lt_is_contiguous(c) && lt_equal(c, t));
    test_cond("equal differs", !lt_equal(c, a));
    lt_tensor *e1 = lt_tensor_new(LT_DOUBLE), *e2 = lt_tensor_new(LT_DOUBLE);
    test_cond("empty tensors are equal", lt_equal(e1, e2));
    lt_tensor *all[] = { a, t, f, i8, flat, small, x, lo, hi, fi, c, e1, e2 };
    for (size_t k = 0; k < sizeof all / sizeof *all; k++) lt_tensor_release(all[k]);
}

static void test_iterator(void)
{
    /* coalescing: a contiguous 3-D tensor is one flat loop */
    int64_t sz[3] = { 2, 3, 4 };
    lt_tensor *a = mk(LT_FLOAT, 3, sz), *b = mk(LT_FLOAT, 3, sz);
    const lt_tensor *ops[2] = { a, b };
    ltI_iter it;
    ltI_iter_init(&it, 2, ops);
    size_t es[2] = { 4, 4 };
    test_cond("contiguous coalesces to 1 dim", it.ndim == 1 && it.shape[0] == 24 &&
              ltI_iter_flat(&it, es));
    /* a transposed operand keeps 2 dims; the output streams innermost */
    lt_tensor *tr = lt_tensor_new(LT_FLOAT);
    int64_t s2[2] = { 6, 4 };
    lt_tensor *m = mk(LT_FLOAT, 2, s2), *o = mk(LT_FLOAT, 2, (int64_t[]){ 4, 6 });
    lt_transpose(tr, m, 0, 1);
    const lt_tensor *ops2[2] = { o, tr };
    ltI_iter_init(&it, 2, ops2);
    test_cond("transposed input: 2 dims", it.ndim == 2 && it.strides[0][0] == 4);
    /* elementwise over a big non-contiguous tensor equals the slow path */
    int64_t big[2] = { 300, 500 };
    lt_tensor *x = mk(LT_DOUBLE, 2, big), *y = lt_tensor_new(LT_DOUBLE),
              *r = lt_tensor_new(LT_DOUBLE);
    iota(x);
    lt_transpose(y, x, 0, 1);
    test_cond("map over transposed", lt_map(LT_OP_MULS, r, y, lt_scalar_i(2), lt_scalar_i(0))
              == LT_OK);
    int ok = 1;
    for (int64_t i = 0; i < 500 && ok; i += 7)
        for (int64_t j = 0; j < 300 && ok; j += 11)
            ok = at2(r, i, j) == 2 * (j * 500 + i + 1);
    test_cond("map over transposed values", ok);
    /* cancellation stops a large op and is reported */
    lt_cancel();
    test_cond("cancel", lt_map(LT_OP_ADDS, r, y, lt_scalar_i(1), lt_scalar_i(0)) == LT_ECANCEL);
    lt_cancel_clear();
    test_cond("after cancel clear", lt_map(LT_OP_ADDS, r, y, lt_scalar_i(1), lt_scalar_i(0))
              == LT_OK);
    lt_tensor *all[] = { a, b, tr, m, o, x, y, r };
    for (size_t k = 0; k < sizeof all / sizeof *all; k++) lt_tensor_release(all[k]);
}

static void test_kernels(void)
{
    int64_t n = 5;
    lt_tensor *a = mk(LT_INT, 1, &n), *r = lt_tensor_new(LT_INT);
    lt_fill(a, lt_scalar_i(INT32_MAX));
    test_cond("int add wraps", lt_map(LT_OP_ADDS, r, a, lt_scalar_i(1), lt_scalar_i(0)) == LT_OK &&
              lt_geti(r, &(int64_t){ 0 }) == INT32_MIN);
    lt_fill(a, lt_scalar_i(INT32_MIN));
    test_cond("int div by -1 wraps", lt_map(LT_OP_DIVS, r, a, lt_scalar_i(-1), lt_scalar_i(0))
              == LT_OK && lt_geti(r, &(int64_t){ 2 }) == INT32_MIN);
    test_cond("int div by zero", lt_map(LT_OP_DIVS, r, a, lt_scalar_i(0), lt_scalar_i(0))
              == LT_EVALUE);
    lt_tensor *z = mk(LT_INT, 1, &n);
    lt_zero(z);
    test_cond("int tensor div by zero", lt_map2(LT_OP_DIV, r, a, z, lt_scalar_i(1)) == LT_EVALUE);
    lt_fill(a, lt_scalar_i(-7));
    test_cond("remainder sign follows divisor",
              lt_map(LT_OP_REMS, r, a, lt_scalar_i(3), lt_scalar_i(0)) == LT_OK &&
              lt_geti(r, &(int64_t){ 0 }) == 2);
    test_cond("fmod sign follows dividend",
              lt_map(LT_OP_FMODS, r, a, lt_scalar_i(3), lt_scalar_i(0)) == LT_OK &&
              lt_geti(r, &(int64_t){ 0 }) == -1);
    test_cond("sqrt refused for ints",
              lt_map(LT_OP_SQRT, r, a, lt_scalar_i(0), lt_scalar_i(0)) == LT_ETYPE);
    lt_fill(a, lt_scalar_i(3));
    test_cond("int pow", lt_map(LT_OP_POWS, r, a, lt_scalar_i(4), lt_scalar_i(0)) == LT_OK &&
              lt_geti(r, &(int64_t){ 1 }) == 81);
    lt_tensor *f = mk(LT_DOUBLE, 1, &n), *fr = lt_tensor_new(LT_DOUBLE);
    lt_fill(f, lt_scalar_f(NAN));
    test_cond("cmax propagates NaN", lt_map(LT_OP_MAXS, fr, f, lt_scalar_f(1), lt_scalar_i(0))
              == LT_OK && isnan(lt_get(fr, &(int64_t){ 0 })));
    /* broadcasting: (3,1) + (4) -> (3,4) */
    lt_tensor *c = mk(LT_DOUBLE, 2, (int64_t[]){ 3, 1 }), *row = mk(LT_DOUBLE, 1, (int64_t[]){ 4 });
    iota(c);
    iota(row);
    lt_tensor *s = lt_tensor_new(LT_DOUBLE);
    test_cond("broadcast add", lt_map2(LT_OP_ADD, s, c, row, lt_scalar_i(1)) == LT_OK &&
              s->ndim == 2 && s->size[0] == 3 && s->size[1] == 4 && at2(s, 2, 3) == 7);
    /* in place with a broadcast operand */
    test_cond("in-place broadcast", lt_map2(LT_OP_SUB, s, s, row, lt_scalar_i(1)) == LT_OK &&
              at2(s, 2, 3) == 3);
    /* Torch7 rule: same count, incompatible shapes */
    lt_tensor *p = mk(LT_DOUBLE, 2, (int64_t[]){ 2, 3 }), *q = mk(LT_DOUBLE, 2, (int64_t[]){ 3, 2 });
    iota(p);
    iota(q);
    test_cond("same-count rule", lt_map2(LT_OP_ADD, s, p, q, lt_scalar_i(1)) == LT_OK &&
              s->size[0] == 2 && at2(s, 1, 2) == 12);
    lt_tensor *w = mk(LT_DOUBLE, 1, (int64_t[]){ 4 });
    test_cond("size mismatch", lt_map2(LT_OP_ADD, s, p, w, lt_scalar_i(1)) == LT_ESIZE);
    test_cond("size mismatch message", strstr(lt_errmsg(), "2x3 and 4") != NULL);
    lt_tensor *fl = mk(LT_FLOAT, 2, (int64_t[]){ 2, 3 });
    test_cond("type mismatch", lt_map2(LT_OP_ADD, s, p, fl, lt_scalar_i(1)) == LT_ETYPE &&
              lt_errarg() == 2);
    /* aliasing: a = a + a:t() style overlap goes through a temporary */
    lt_tensor *sq = mk(LT_DOUBLE, 2, (int64_t[]){ 3, 3 }), *sqt = lt_tensor_new(LT_DOUBLE);
    iota(sq);
    lt_transpose(sqt, sq, 0, 1);
    test_cond("aliased add", lt_map2(LT_OP_ADD, sq, sq, sqt, lt_scalar_i(1)) == LT_OK &&
              at2(sq, 0, 1) == 2 + 4 && at2(sq, 1, 0) == 4 + 2 && at2(sq, 2, 2) == 18);
    /* comparisons produce bytes; int vs non-integral scalar compares exactly */
    lt_tensor *by = lt_tensor_new(LT_BYTE);
    lt_fill(a, lt_scalar_i(1));
    test_cond("int >= 1.5 is false", lt_compare(LT_OP_GE, by, a, NULL, lt_scalar_f(1.5)) == LT_OK &&
              lt_geti(by, &(int64_t){ 0 }) == 0);
    test_cond("int < 1.5 is true", lt_compare(LT_OP_LT, by, a, NULL, lt_scalar_f(1.5)) == LT_OK &&
              lt_geti(by, &(int64_t){ 0 }) == 1);
    lt_tensor *all[] = { a, r, z, f, fr, c, row, s, p, q, w, fl, sq, sqt, by };
    for (size_t k = 0; k < sizeof all / sizeof *all; k++) lt_tensor_release(all[k]);
}

static void test_opinfo(void)
{
    test_cond("op table names", strcmp(lt_ops[LT_OP_ADD].name, "add") == 0 &&
              lt_ops[LT_OP_ADDCMUL].arity == 3 && lt_ops[LT_OP_SUM].kind == LT_K_REDUCE);
    test_cond("dtype traits", lt_dtypes[LT_SHORT].size == 2 && lt_dtypes[LT_FLOAT].is_float &&
              lt_dtype_from_name("Long") == LT_LONG && lt_dtype_from_name("Half") == -1);
}

int main(void)
{
    test_storage();
    test_sizes();
    test_views();
    test_copy_fill();
    test_iterator();
    test_kernels();
    test_opinfo();
    return test_report();
}
