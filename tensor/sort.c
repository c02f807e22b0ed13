/*
** sort.c — sorting and selection along a dimension: sort, topk, kthvalue,
** median, mode (and the median of a whole tensor).
**
** Each slice along the dimension is gathered into a scratch array of
** (value, index) pairs, processed, and scattered to the results.  Pairs
** are compared by value, then by index: a total order, so every algorithm
** gives one deterministic answer, and sort is stable (equal values keep
** their original order, as PyTorch's stable sort; Torch7's quicksort left
** ties in an unspecified order).  NaN compares greater than every number,
** as in PyTorch: ascending sorts put NaN last, descending sorts first, topk
** with largest=true picks NaN first, and kthvalue counts NaN as largest;
** median (like PyTorch's, and like max/min) returns NaN when the slice
** holds one, with the index of the first NaN.
**
** Sorting is introsort (median-of-three quicksort, heapsort when the
** recursion goes too deep, insertion sort for short ranges): O(n log n)
** worst case.  Selection (topk, kthvalue, median) is quickselect with the
** same depth guard: O(n) on average, O(n log n) at worst.  Slices are
** independent and run in parallel; within a slice the work is serial.
**
** Results follow Torch7: values have a's type, indices are 1-based
** LongTensors; kthvalue, median and mode keep the reduced dim with size 1,
** topk gives size k along it.  topk's unsorted results come in the order
** of the original elements (Torch7 left them in partition order).
*/
#include "lt_internal.h"
#include <math.h>

#pragma GCC diagnostic ignored "-Wtype-limits"

#define SMALL 16          /* ranges sorted by insertion */
#define CANCEL_POLL 65536 /* ranges at least this long poll the cancel flag */

/* x < y in the order where NaN is larger than every number */
#define VLESS(x, y) ((x) < (y) || ((y) != (y) && (x) == (x)))

/* The algorithms, generated for one pair type and one comparator. */
#define ALGOS(N, PT, LESS)                                                              \
    static void insertion_##N(PT *a, int64_t n)                                         \
    {                                                                                   \
        for (int64_t i = 1; i < n; i++) {                                               \
            PT x = a[i];                                                                \
            int64_t j = i;                                                              \
            while (j > 0 && LESS(&x, &a[j - 1])) { a[j] = a[j - 1]; j--; }              \
            a[j] = x;                                                                   \
        }                                                                               \
    }                                                                                   \
    static void sift_##N(PT *a, int64_t root, int64_t n)                                \
    {                                                                                   \
        PT x = a[root];                                                                 \
        for (;;) {                                                                      \
            int64_t c = 2 * root + 1;                                                   \
            if (c >= n) break;                                                          \
            if (c + 1 < n && LESS(&a[c], &a[c + 1])) c++;                               \
            if (!LESS(&x, &a[c])) break;                                                \
            a[root] = a[c];                                                             \
            root = c;                                                                   \
        }                                                                               \
        a[root] = x;                                                                    \
    }                                                                                   \
    static void heapsort_##N(PT *a, int64_t n)                                          \
    {                                                                                   \
        for (int64_t i = n / 2 - 1; i >= 0; i--) sift_##N(a, i, n);                     \
        for (int64_t i = n - 1; i > 0; i--) {                                           \
            PT t = a[0]; a[0] = a[i]; a[i] = t;                                         \
            sift_##N(a, 0, i);                                                          \
        }                                                                               \
    }                                                                                   \
    /* median of three to a[0], then Hoare partition; returns the pivot's   */          \
    /* final place p: a[0..p) < a[p] < a(p..n) (keys are all distinct)      */          \
    static int64_t partition_##N(PT *a, int64_t n)                                      \
    {                                                                                   \
        PT t;                                                                           \
        int64_t m = n / 2;                                                              \
        if (LESS(&a[m], &a[0])) { t = a[m]; a[m] = a[0]; a[0] = t; }                    \
        if (LESS(&a[n - 1], &a[0])) { t = a[n - 1]; a[n - 1] = a[0]; a[0] = t; }        \
        if (LESS(&a[n - 1], &a[m])) { t = a[n - 1]; a[n - 1] = a[m]; a[m] = t; }        \
        t = a[m]; a[m] = a[0]; a[0] = t;  /* pivot (the median) first */               \
        PT piv = a[0];                                                                  \
        int64_t i = 0, j = n;                                                           \
        for (;;) {                                                                      \
            do i++; while (i < n && LESS(&a[i], &piv));                                 \
            do j--; while (LESS(&piv, &a[j]));                                          \
            if (i >= j) break;                                                          \
            t = a[i]; a[i] = a[j]; a[j] = t;                                            \
        }                                                                               \
        a[0] = a[j]; a[j] = piv;                                                        \
        return j;                                                                       \
    }                                                                                   \
    static void sort_##N(PT *a, int64_t n)                                              \
    {                                                                                   \
        int depth = 0;                                                                  \
        for (int64_t m = n; m > 1; m >>= 1) depth += 2;                                 \
        while (n > SMALL) {                                                             \
            if (n > CANCEL_POLL && lt_cancel_requested()) return;  /* caller reports */ \
            if (depth-- == 0) { heapsort_##N(a, n); return; }                           \
            int64_t p = partition_##N(a, n);                                            \
            /* recurse into the smaller side, loop on the larger: O(log n) stack */     \
            if (p < n - 1 - p) { sort_##N(a, p); a += p + 1; n -= p + 1; }             \
            else { sort_##N(a + p + 1, n - p - 1); n = p; }                             \
        }                                                                               \
        insertion_##N(a, n);                                                            \
    }                                                                                   \
    /* afterwards a[k] is the k-th (0-based) in order, smaller ones before */           \
    __attribute__((unused)) static void select_##N(PT *a, int64_t n, int64_t k)         \
    {                                                                                   \
        int depth = 0;                                                                  \
        for (int64_t m = n; m > 1; m >>= 1) depth += 2;                                 \
        while (n > SMALL) {                                                             \
            if (n > CANCEL_POLL && lt_cancel_requested()) return;                       \
            if (depth-- == 0) { sort_##N(a, n); return; }                               \
            int64_t p = partition_##N(a, n);                                            \
            if (p == k) return;                                                         \
            if (k < p) n = p;                                                           \
            else { a += p + 1; n -= p + 1; k -= p + 1; }                                \
        }                                                                               \
        insertion_##N(a, n);                                                            \
    }

/* pair types and comparators per dtype: ascending, descending, by index */
#define PAIRS(E, T, U, ACC, ISF)                                                        \
    typedef struct pair_##E { T v; int64_t i; } pair_##E;                               \
    static inline bool asc_##E(const pair_##E *x, const pair_##E *y)                    \
    {                                                                                   \
        if (VLESS(x->v, y->v)) return true;                                             \
        if (VLESS(y->v, x->v)) return false;                                            \
        return x->i < y->i;                                                             \
    }                                                                                   \
    static inline bool desc_##E(const pair_##E *x, const pair_##E *y)                   \
    {                                                                                   \
        if (VLESS(y->v, x->v)) return true;                                             \
        if (VLESS(x->v, y->v)) return false;                                            \
        return x->i < y->i;                                                             \
    }                                                                                   \
    static inline bool byidx_##E(const pair_##E *x, const pair_##E *y) { return x->i < y->i; } \
    ALGOS(asc_##E, pair_##E, asc_##E)                                                   \
    ALGOS(desc_##E, pair_##E, desc_##E)                                                 \
    ALGOS(byidx_##E, pair_##E, byidx_##E)
LT_FOR_ALL_DTYPES(PAIRS)

/* ------------------------------------------------------------- slices */
typedef enum sop { S_SORT, S_TOPK, S_KTH, S_MEDIAN, S_MODE } sop;

/* Walks the slices along `dim`: slice s of the outer index space (every
** dim but `dim`, row-major) starts at off[k] in operand k. */
typedef struct sctx {
    sop op;
    lt_dtype dt;
    int nd;                              /* outer dims */
    int64_t size[LT_MAXDIM];
    int64_t st[3][LT_MAXDIM];            /* element strides: a, vals, idx */
    int64_t rs[3];                       /* element strides along dim */
    char *base[3];
    int64_t R, k;                        /* slice length; k for topk/kthvalue */
    int descending, sorted;
} sctx;

static void slice_offsets(const sctx *c, int64_t s, int64_t *off)
{
    off[0] = off[1] = off[2] = 0;
    for (int d = c->nd - 1; d >= 0; d--) {
        int64_t i = s % c->size[d];
        s /= c->size[d];
        for (int k = 0; k < 3; k++) off[k] += i * c->st[k][d];
    }
}

/* Process slices [b, e) of one dtype.  Results: vals/idx strided by rs. */
#define SLICES(E, T, U, ACC, ISF)                                                       \
    static int slices_##E(int64_t b, int64_t e, void *ctx)                              \
    {                                                                                   \
        const sctx *c = ctx;                                                            \
        const int64_t R = c->R;                                                         \
        pair_##E *w = lt_malloc(sizeof(pair_##E) * (size_t)(R > 0 ? R : 1));            \
        if (!w) return 1;                                                               \
        for (int64_t s = b; s < e; s++) {                                               \
            int64_t off[3];                                                             \
            slice_offsets(c, s, off);                                                   \
            const T *x = (const T *)c->base[0] + off[0];                                \
            T *v = c->base[1] ? (T *)c->base[1] + off[1] : NULL;                        \
            int64_t *ix = c->base[2] ? (int64_t *)c->base[2] + off[2] : NULL;           \
            int64_t firstnan = -1;                                                      \
            if (c->op == S_TOPK && c->k > 0 && c->k <= R / 8) {                         \
                /* few of many: a heap of the k best seen so far, its worst at the  */ \
                /* root; one comparison per element, nothing gathered               */ \
                const int64_t k = c->k;                                                 \
                for (int64_t i = 0; i < k; i++) w[i] = (pair_##E){ x[i * c->rs[0]], i }; \
                if (c->descending) {                                                    \
                    for (int64_t i = k / 2 - 1; i >= 0; i--) sift_desc_##E(w, i, k);    \
                    for (int64_t i = k; i < R; i++) {                                   \
                        pair_##E p = { x[i * c->rs[0]], i };                            \
                        if (desc_##E(&p, &w[0])) { w[0] = p; sift_desc_##E(w, 0, k); }  \
                    }                                                                   \
                } else {                                                                \
                    for (int64_t i = k / 2 - 1; i >= 0; i--) sift_asc_##E(w, i, k);     \
                    for (int64_t i = k; i < R; i++) {                                   \
                        pair_##E p = { x[i * c->rs[0]], i };                            \
                        if (asc_##E(&p, &w[0])) { w[0] = p; sift_asc_##E(w, 0, k); }    \
                    }                                                                   \
                }                                                                       \
                if (!c->sorted) sort_byidx_##E(w, k);                                   \
                else if (c->descending) sort_desc_##E(w, k);                            \
                else sort_asc_##E(w, k);                                                \
                for (int64_t i = 0; i < k; i++) {                                       \
                    if (v) v[i * c->rs[1]] = w[i].v;                                    \
                    if (ix) ix[i * c->rs[2]] = w[i].i + LT_INDEX_BASE;                  \
                }                                                                       \
                continue;                                                               \
            }                                                                           \
            /* the copies poll too: first-touch page faults of a big slice can  */ \
            /* cost seconds on their own                                         */ \
            for (int64_t i = 0; i < R; i++) {                                           \
                if ((i & (CANCEL_POLL - 1)) == CANCEL_POLL - 1 && lt_cancel_requested()) \
                    break;                                                              \
                w[i].v = x[i * c->rs[0]];                                               \
                w[i].i = i;                                                             \
                if (firstnan < 0 && w[i].v != w[i].v) firstnan = i;                     \
            }                                                                           \
            if (R > CANCEL_POLL && lt_cancel_requested()) break;                        \
            int64_t nout = 1, from = 0;   /* results: w[from .. from+nout) */           \
            switch (c->op) {                                                            \
            case S_SORT:                                                                \
                if (c->descending) sort_desc_##E(w, R); else sort_asc_##E(w, R);        \
                nout = R;                                                               \
                break;                                                                  \
            case S_TOPK:                                                                \
                nout = c->k;                                                            \
                if (nout == 0) break;                                                   \
                if (c->descending) select_desc_##E(w, R, nout - 1);                     \
                else select_asc_##E(w, R, nout - 1);                                    \
                if (!c->sorted) sort_byidx_##E(w, nout);                                \
                else if (c->descending) sort_desc_##E(w, nout);                         \
                else sort_asc_##E(w, nout);                                             \
                break;                                                                  \
            case S_KTH:                                                                 \
                select_asc_##E(w, R, c->k - 1);                                         \
                from = c->k - 1;                                                        \
                break;                                                                  \
            case S_MEDIAN:                                                              \
                if (firstnan >= 0) {                                                    \
                    w[0] = (pair_##E){ x[firstnan * c->rs[0]], firstnan };              \
                    break;                                                              \
                }                                                                       \
                from = (R - 1) / 2;                                                     \
                select_asc_##E(w, R, from);                                             \
                break;                                                                  \
            case S_MODE: {                                                              \
                /* sorted runs of equal values: the longest wins, the smallest      */ \
                /* value among equally long runs; its index is the run's last       */ \
                sort_asc_##E(w, R);                                                     \
                int64_t best = 0, bestlen = 0, run = 0;                                 \
                for (int64_t i = 0; i < R; i++) {                                       \
                    run++;                                                              \
                    if (i == R - 1 || !(w[i].v == w[i + 1].v)) {                        \
                        if (run > bestlen) { bestlen = run; best = i; }                 \
                        run = 0;                                                        \
                    }                                                                   \
                }                                                                       \
                from = best;                                                            \
                break;                                                                  \
            }                                                                           \
            }                                                                           \
            for (int64_t i = 0; i < nout; i++) {                                        \
                if ((i & (CANCEL_POLL - 1)) == CANCEL_POLL - 1 && lt_cancel_requested()) \
                    break;                                                              \
                if (v) v[i * c->rs[1]] = w[from + i].v;                                 \
                if (ix) ix[i * c->rs[2]] = w[from + i].i + LT_INDEX_BASE;               \
            }                                                                           \
            if (R > CANCEL_POLL && lt_cancel_requested()) break;                        \
        }                                                                               \
        lt_free(w);                                                                     \
        return lt_cancel_requested() ? 2 : 0;                                           \
    }
LT_FOR_ALL_DTYPES(SLICES)
#define SLICE_ROW(E, ...) slices_##E,
static const ltI_range_fn slice_fns[LT_NDTYPES] = { LT_FOR_ALL_DTYPES(SLICE_ROW) };

/* -------------------------------------------------------------- entry */
static lt_status check_type(const lt_tensor *t, lt_dtype want, const char *what)
{
    if (t && t->dtype != want)
        return ltI_err(LT_ETYPE, 0, "%s must be a torch.%sTensor, got a torch.%sTensor", what,
                       lt_dtypes[want].name, lt_dtypes[t->dtype].name);
    return LT_OK;
}

/* Run op over the slices of a along dim; the results get a's shape with
** `outlen` along dim. */
static lt_status run_slices(sop op, lt_tensor *vals, lt_tensor *idx, const lt_tensor *a,
                            int dim, int64_t outlen, int64_t k, int descending, int sorted)
{
    int64_t size[LT_MAXDIM];
    memcpy(size, a->size, sizeof(int64_t) * (size_t)a->ndim);
    size[dim] = outlen;
    if (vals) LT_TRY(ltI_prepare_out(vals, a->dtype, a->ndim, size));
    if (idx) LT_TRY(ltI_prepare_out(idx, LT_LONG, a->ndim, size));
    if (vals) ltI_bump(vals);
    if (idx) ltI_bump(idx);
    int64_t R = a->size[dim];
    int64_t nslices = 1;
    sctx c;
    memset(&c, 0, sizeof c);
    c.op = op;
    c.dt = a->dtype;
    c.R = R;
    c.k = k;
    c.descending = descending;
    c.sorted = sorted;
    const lt_tensor *t[3] = { a, vals, idx };
    for (int d = 0; d < a->ndim; d++) {
        if (d == dim) continue;
        c.size[c.nd] = a->size[d];
        for (int q = 0; q < 3; q++) c.st[q][c.nd] = t[q] ? t[q]->stride[d] : 0;
        nslices *= a->size[d];
        c.nd++;
    }
    for (int q = 0; q < 3; q++) {
        c.rs[q] = t[q] ? t[q]->stride[dim] : 0;
        c.base[q] = t[q] ? lt_data(t[q]) : NULL;
    }
    if (nslices == 0 || outlen == 0)
        return LT_OK;
    int64_t grain = R > 0 ? 8192 / R : 8192;
    lt_status st = ltI_parallel_for(nslices, grain > 0 ? grain : 1, slice_fns[a->dtype], &c);
    if (st == LT_EVALUE && lt_cancel_requested()) return ltI_err(LT_ECANCEL, 0, "interrupted");
    if (st == LT_EVALUE) return ltI_err(LT_ENOMEM, 0, "not enough memory");
    return st;
}

/* The results are computed into fresh tensors when they share storage
** with the input, then copied. */
static lt_status run_checked(sop op, lt_tensor *vals, lt_tensor *idx,
                             const lt_tensor *a, int dim, int64_t outlen, int64_t k,
                             int descending, int sorted)
{
    lt_tensor *tv = NULL, *ti = NULL;
    LT_TRY(check_type(vals, a->dtype, "the value result"));
    LT_TRY(check_type(idx, LT_LONG, "the index result"));
    if (vals && idx && ltI_same_storage(vals, idx))
        return ltI_err(LT_EARG, 0, "the value and index results must not share storage");
    lt_status st = LT_OK;
    if (vals && ltI_same_storage(vals, a) && !(tv = lt_tensor_new(vals->dtype))) st = LT_ENOMEM;
    if (st == LT_OK && idx && ltI_same_storage(idx, a) && !(ti = lt_tensor_new(LT_LONG)))
        st = LT_ENOMEM;
    if (st == LT_OK)
        st = run_slices(op, tv ? tv : vals, ti ? ti : idx, a, dim, outlen, k, descending, sorted);
    lt_tensor *fresh[2] = { tv, ti }, *dest[2] = { vals, idx };
    for (int q = 0; q < 2; q++) {
        if (!fresh[q]) continue;
        if (st == LT_OK) st = ltI_prepare_out(dest[q], fresh[q]->dtype, fresh[q]->ndim,
                                              fresh[q]->size);
        if (st == LT_OK) st = lt_copy(dest[q], fresh[q]);
        lt_tensor_release(fresh[q]);
    }
    return st;
}

static lt_status nonempty_dim(const lt_tensor *a, int dim, const char *what)
{
    char buf[LT_SHAPE_BUF];
    if (a->size[dim] == 0)
        return ltI_err(LT_EARG, 1, "cannot take the %s over dimension %d of a %s tensor: it has "
                       "size 0", what, dim + 1, ltI_shape(a, buf));
    return LT_OK;
}

lt_status lt_sort(lt_tensor *vals, lt_tensor *idx, const lt_tensor *a, int dim, int descending)
{
    LT_TRY(ltI_check(a, 1));
    LT_TRY(ltI_wrap_dim(&dim, a->ndim, 2, NULL));
    return run_checked(S_SORT, vals, idx, a, dim, a->size[dim], 0, descending, 1);
}

lt_status lt_topk(lt_tensor *vals, lt_tensor *idx, const lt_tensor *a, int64_t k, int dim,
                  int largest, int sorted)
{
    LT_TRY(ltI_check(a, 1));
    LT_TRY(ltI_wrap_dim(&dim, a->ndim, 3, NULL));
    if (k < 0 || k > a->size[dim])
        return ltI_err(LT_ERANGE, 2, "k = %lld out of range: expected 0 to %lld (the size of "
                       "dimension %d)", (long long)k, (long long)a->size[dim], dim + 1);
    return run_checked(S_TOPK, vals, idx, a, dim, k, k, largest, sorted);
}

lt_status lt_kthvalue(lt_tensor *vals, lt_tensor *idx, const lt_tensor *a, int64_t k, int dim)
{
    LT_TRY(ltI_check(a, 1));
    LT_TRY(ltI_wrap_dim(&dim, a->ndim, 3, NULL));
    LT_TRY(nonempty_dim(a, dim, "kthvalue"));
    if (k < 1 || k > a->size[dim])
        return ltI_err(LT_ERANGE, 2, "k = %lld out of range: expected 1 to %lld (the size of "
                       "dimension %d)", (long long)k, (long long)a->size[dim], dim + 1);
    return run_checked(S_KTH, vals, idx, a, dim, 1, k, 0, 0);
}

lt_status lt_median(lt_tensor *vals, lt_tensor *idx, const lt_tensor *a, int dim)
{
    LT_TRY(ltI_check(a, 1));
    LT_TRY(ltI_wrap_dim(&dim, a->ndim, 2, NULL));
    LT_TRY(nonempty_dim(a, dim, "median"));
    return run_checked(S_MEDIAN, vals, idx, a, dim, 1, 0, 0, 0);
}

lt_status lt_mode(lt_tensor *vals, lt_tensor *idx, const lt_tensor *a, int dim)
{
    LT_TRY(ltI_check(a, 1));
    LT_TRY(ltI_wrap_dim(&dim, a->ndim, 2, NULL));
    LT_TRY(nonempty_dim(a, dim, "mode"));
    return run_checked(S_MODE, vals, idx, a, dim, 1, 0, 0, 0);
}

lt_status lt_median_all(const lt_tensor *a, double *res, int64_t *ires)
{
    char buf[LT_SHAPE_BUF];
    LT_TRY(ltI_check(a, 1));
    int64_t n = lt_numel(a);
    if (n == 0 && a->ndim == 0)
        return ltI_err(LT_EARG, 1, "cannot take the median of an empty tensor");
    if (n == 0)
        return ltI_err(LT_EARG, 1, "cannot take the median of an empty tensor (size %s)",
                       ltI_shape(a, buf));
    /* a contiguous 1-D copy, then the median of its one slice */
    lt_tensor *flat = lt_tensor_new(a->dtype), *v = lt_tensor_new(a->dtype);
    lt_status st = (flat && v) ? LT_OK : ltI_err(LT_ENOMEM, 0, "not enough memory");
    if (st == LT_OK) st = lt_resize(flat, 1, &n);
    if (st == LT_OK) st = lt_copy(flat, a);
    if (st == LT_OK) st = run_slices(S_MEDIAN, v, NULL, flat, 0, 1, 0, 0, 0);
    if (st == LT_OK) {
        int64_t zero = 0;
        if (res) *res = lt_get(v, &zero);
        if (ires) *ires = lt_geti(v, &zero);
    }
    lt_tensor_release(flat);
    lt_tensor_release(v);
    return st;
}
