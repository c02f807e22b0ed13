/*
** index.c — indexing: index_select / index_copy / index_add / index_fill
** along one dimension, gather / scatter, masked select / copy / fill,
** nonzero and cat.
**
** Design
** ------
** Every "along a dimension" op is the same loop: the tensors are viewed
** with the indexed dimension collapsed to size 1 (the *rest* views), the
** shared strided iterator walks the rest positions, and at each run of
** positions a small kernel loops over the index entries k, moving slice
** element idx[k] of one side to slice element k of the other (or the
** reverse).  The kernel picks its loop order from the strides: when the
** indexed dimension is the faster one it runs k innermost, else it runs
** k outermost and a whole contiguous run is one memcpy (index_select of
** rows of a contiguous matrix copies whole rows).  Moves are typed by
** element size, not dtype (a copy does not care what the bytes mean);
** only index_add needs the dtype.  gather/scatter use the same scheme with
** an index *tensor* walked as a third operand.
**
** Safety: every index value is checked before anything is written, so a
** bad index leaves the destination untouched; index and mask operands that
** share storage with the destination are copied first (a write must never
** change an index that is still to be read: that would defeat the check),
** and so are overlapping sources.  Masks hold 0 or 1 (Torch7's rule); a
** counting pass validates them and sizes the result before the writing
** pass.
**
** Parallelism: writes through an index (copy/add/fill/scatter) are split
** over rest positions only, which are disjoint, so duplicate indices keep
** their sequential last-write-wins / accumulate semantics.  index_select
** may also split over index entries, whose outputs are distinct.
**
** Error operands (lt_errarg): for functions with an `out` result the
** inputs are numbered from 1 (lt_index_select(out, src=1, dim=2,
** index=3)); in-place functions number from the destination
** (lt_index_copy(t=1, dim=2, index=3, src=4)); lt_cat numbers its inputs
** 1..n and the dimension n+1.
*/
#include "lt_internal.h"
#include <stdio.h>
#include <stdlib.h>

/* ------------------------------------------------------------- helpers */
static lt_status need_long(const lt_tensor *index, int arg)
{
    if (index->dtype != LT_LONG)
        return ltI_err(LT_ETYPE, arg, "index must be a torch.LongTensor, got a torch.%sTensor",
                       lt_dtypes[index->dtype].name);
    return ltI_check(index, arg);
}

static lt_status same_dtype(const lt_tensor *t, lt_dtype dt, int arg)
{
    if (t->dtype != dt)
        return ltI_err(LT_ETYPE, arg, "torch.%sTensor expected, got torch.%sTensor",
                       lt_dtypes[dt].name, lt_dtypes[t->dtype].name);
    return ltI_check(t, arg);
}

/* The bytes of v stored as dtype dt, with lt_fill's conversion rules. */
static void scalar_bytes(lt_dtype dt, lt_scalar v, void *buf)
{
    if (ltI_is_float(dt)) {
        lt_dtypes[dt].set(buf, v.f);
    } else {
        int64_t i = v.is_int ? v.i : ltI_f2i(v.f, lt_dtypes[dt].imin, lt_dtypes[dt].imax);
        lt_dtypes[dt].seti(buf, i);
    }
}

/* "3" for a vector index, "[2,1]" for the multi-index of a bigger one */
static void entry_str(const lt_tensor *index, int64_t pos, char *buf, size_t n)
{
    if (index->ndim <= 1) {
        snprintf(buf, n, "%lld", (long long)pos + 1);
        return;
    }
    int64_t sub[LT_MAXDIM];
    for (int d = index->ndim - 1; d >= 0; d--) {
        sub[d] = pos % index->size[d];
        pos /= index->size[d];
    }
    size_t used = (size_t)snprintf(buf, n, "[");
    for (int d = 0; d < index->ndim && used < n; d++)
        used += (size_t)snprintf(buf + used, n - used, d ? ",%lld" : "%lld",
                                 (long long)sub[d] + 1);
    if (used < n) snprintf(buf + used, n - used, "]");
}

/* Check that every value of a LongTensor index lies in [1, size]. */
typedef struct range_ctx { int64_t size, pos, bad_pos, bad_val; } range_ctx;

static void range_loop(char **p, const int64_t *s, int64_t n, void *vc)
{
    range_ctx *c = vc;
    if (c->bad_pos >= 0) return;
    const char *x = p[0];
    uint64_t lim = (uint64_t)c->size;
    for (int64_t i = 0; i < n; i++) {
        int64_t v = *(const int64_t *)(x + i * s[0]);
        if ((uint64_t)v - LT_INDEX_BASE >= lim) {   /* one compare for both ends */
            c->bad_pos = c->pos + i;
            c->bad_val = v;
            return;
        }
    }
    c->pos += n;
}

static lt_status check_range(const lt_tensor *index, int64_t size, int dim, int arg)
{
    range_ctx c = { size, 0, -1, 0 };
    const lt_tensor *ops[1] = { index };
    LT_TRY(ltI_iter_run_ordered(1, ops, range_loop, &c));
    if (c.bad_pos < 0) return LT_OK;
    char e[LT_SHAPE_BUF];
    entry_str(index, c.bad_pos, e, sizeof e);
    return ltI_err(LT_ERANGE, arg, "index %lld out of range for dimension %d of size %lld "
                   "(index entry %s)", (long long)c.bad_val, dim + 1, (long long)size, e);
}

/* A vector index as a dense array: its own data when contiguous and not
** written by the op, else a private copy (*owned, freed by the caller). */
static lt_status index_array(const lt_tensor *index, const lt_tensor *dest, const int64_t **arr,
                             int64_t **owned)
{
    int64_t n = lt_numel(index);
    *owned = NULL;
    if (n == 0) {
        *arr = NULL;
        return LT_OK;
    }
    if (lt_is_contiguous(index) && !ltI_same_storage(index, dest)) {
        *arr = lt_data(index);
        return LT_OK;
    }
    int64_t *a = lt_malloc((size_t)n * sizeof(int64_t));
    if (!a) return ltI_err(LT_ENOMEM, 0, "not enough memory");
    const int64_t *x = lt_data(index);
    int64_t st = index->stride[0];
    for (int64_t i = 0; i < n; i++) a[i] = x[i * st];
    *arr = *owned = a;
    return LT_OK;
}

/* A private contiguous copy of *t, when `cond` (released by the caller). */
static lt_status private_copy(const lt_tensor **t, bool cond, lt_tensor **tmp)
{
    *tmp = NULL;
    if (!cond) return LT_OK;
    lt_tensor *c = lt_tensor_new((*t)->dtype);
    if (!c) return LT_ENOMEM;
    lt_status st = lt_clone(c, *t);
    if (st) {
        lt_tensor_release(c);
        return st;
    }
    *t = *tmp = c;
    return LT_OK;
}

/* v views t with dimension `dim` collapsed to one element and, if sizes is
** given, the other dimensions cut to those sizes. */
static void rest_view(lt_tensor *v, const lt_tensor *t, int dim, const int64_t *sizes)
{
    ltI_view_init(v, t);
    if (sizes) memcpy(v->size, sizes, sizeof(int64_t) * (size_t)t->ndim);
    v->size[dim] = 1;
}

#define FOR_ELSIZES(X) X(1, uint8_t) X(2, uint16_t) X(4, uint32_t) X(8, uint64_t)

static int elsize_slot(size_t es) { return es == 1 ? 0 : es == 2 ? 1 : es == 4 ? 2 : 3; }

/* ------------------------------------------------ along one dimension */
typedef enum { K_SELECT, K_COPY, K_ADD, K_FILL } along_kind;

typedef struct along_ctx {
    along_kind kind;
    const int64_t *idx;     /* 1-based, validated */
    int64_t kb, ke;         /* the index entries this call handles */
    int64_t ds, ss;         /* byte strides along the dimension: destination, source */
    union { unsigned char b[8]; uint64_t u; } fill;   /* K_FILL: the value */
} along_ctx;

/* ptrs[0] destination rest position, ptrs[1] source rest position (not
** for K_FILL).  SELECT moves source slice idx[k] to destination slice k;
** COPY/ADD/FILL write destination slice idx[k]. */
#define ALONG_BODY(T, STMT)                                                             \
    along_ctx *c = vc;                                                                  \
    const bool sel = c->kind == K_SELECT;                                               \
    const int64_t dst = s[0], sst = s[1], ds = c->ds, ss = c->ss;                       \
    if (n == 1 || llabs(ds) <= llabs(dst)) {       /* the index dim is faster */        \
        for (int64_t i = 0; i < n; i++) {                                               \
            char *d0 = p[0] + i * dst;                                                  \
            const char *s0 = p[1] + i * sst;                                            \
            for (int64_t k = c->kb; k < c->ke; k++) {                                   \
                int64_t j = c->idx[k] - LT_INDEX_BASE;                                  \
                T *dp = (T *)(d0 + (sel ? k : j) * ds);                                 \
                const T *sp = (const T *)(s0 + (sel ? j : k) * ss);                     \
                (void)sp;                                                               \
                STMT;                                                                   \
            }                                                                           \
        }                                                                               \
    } else {                                                                            \
        const bool dense = dst == sizeof(T) && sst == sizeof(T);                        \
        for (int64_t k = c->kb; k < c->ke; k++) {                                       \
            int64_t j = c->idx[k] - LT_INDEX_BASE;                                      \
            char *d0 = p[0] + (sel ? k : j) * ds;                                       \
            const char *s0 = p[1] + (sel ? j : k) * ss;                                 \
            if (dense) {                    /* a loop the compiler vectorises */        \
                T *dd = (T *)d0;                                                        \
                const T *sd = (const T *)s0;                                            \
                for (int64_t i = 0; i < n; i++) {                                       \
                    T *dp = dd + i;                                                     \
                    const T *sp = sd + i;                                               \
                    (void)sp;                                                           \
                    STMT;                                                               \
                }                                                                       \
            } else {                                                                    \
                for (int64_t i = 0; i < n; i++) {                                       \
                    T *dp = (T *)(d0 + i * dst);                                        \
                    const T *sp = (const T *)(s0 + i * sst);                            \
                    (void)sp;                                                           \
                    STMT;                                                               \
                }                                                                       \
            }                                                                           \
        }                                                                               \
    }

/* moves, by element size; a dense run of a slice is one memcpy */
#define ALONG_MOVE(ES, T)                                                               \
    static void along_move_##ES(char **p, const int64_t *s, int64_t n, void *vc)        \
    {                                                                                   \
        along_ctx *cc = vc;                                                             \
        if (n > 1 && s[0] == ES && s[1] == ES) {                                        \
            const bool sel = cc->kind == K_SELECT;                                      \
            for (int64_t k = cc->kb; k < cc->ke; k++) {                                 \
                int64_t j = cc->idx[k] - LT_INDEX_BASE;                                 \
                memcpy(p[0] + (sel ? k : j) * cc->ds, p[1] + (sel ? j : k) * cc->ss,    \
                       (size_t)n * ES);                                                 \
            }                                                                           \
            return;                                                                     \
        }                                                                               \
        ALONG_BODY(T, *dp = *sp)                                                        \
    }
FOR_ELSIZES(ALONG_MOVE)

#define ALONG_FILL(ES, T)                                                               \
    static void along_fill_##ES(char **p, const int64_t *s, int64_t n, void *vc)        \
    {                                                                                   \
        T v;                                                                            \
        memcpy(&v, ((along_ctx *)vc)->fill.b, ES);                                      \
        char *q[2] = { p[0], p[0] };                                                    \
        int64_t s2[2] = { s[0], s[0] };                                                 \
        p = q;                                                                          \
        s = s2;                                                                         \
        ALONG_BODY(T, *dp = v)                                                          \
    }
FOR_ELSIZES(ALONG_FILL)

/* integer sums wrap (unsigned arithmetic: signed overflow is undefined) */
#define ALONG_ADD(E, T, U, ACC, ISF)                                                    \
    static void along_add_##E(char **p, const int64_t *s, int64_t n, void *vc)         \
    {                                                                                   \
        ALONG_BODY(T, *dp = ISF ? (T)(*dp + *sp) : (T)(U)((U)*dp + (U)*sp))             \
    }
LT_FOR_ALL_DTYPES(ALONG_ADD)

#define ES_ENTRY(ES, T) along_move_##ES,
static const ltI_loop_fn move_fns[4] = { FOR_ELSIZES(ES_ENTRY) };
#undef ES_ENTRY
#define ES_ENTRY(ES, T) along_fill_##ES,
static const ltI_loop_fn fill_fns[4] = { FOR_ELSIZES(ES_ENTRY) };
#undef ES_ENTRY
#define ADD_ENTRY(E, T, U, ACC, ISF) along_add_##E,
static const ltI_loop_fn add_fns[LT_NDTYPES] = { LT_FOR_ALL_DTYPES(ADD_ENTRY) };
#undef ADD_ENTRY

typedef struct kspan_ctx {
    ltI_iter *it;
    ltI_loop_fn fn;
    along_ctx c;
} kspan_ctx;

/* one range of index entries, all rest positions, serially */
static int kspan(int64_t b, int64_t e, void *vc)
{
    kspan_ctx *k = vc;
    along_ctx c = k->c;
    c.kb = b;
    c.ke = e;
    return ltI_iter_run(k->it, k->fn, &c, INT64_MAX) != LT_OK;   /* only when cancelled */
}

/* dest/src are the full tensors (src NULL for K_FILL); nidx entries. */
static lt_status along_run(along_kind kind, lt_tensor *dest, const lt_tensor *src, int dim,
                           const int64_t *idx, int64_t nidx, const lt_scalar *v)
{
    lt_tensor dv, sv;
    along_ctx c;
    memset(&c, 0, sizeof c);
    c.kind = kind;
    c.idx = idx;
    c.kb = 0;
    c.ke = nidx;
    size_t es = lt_elsize(dest);
    c.ds = dest->stride[dim] * (int64_t)es;
    c.ss = src ? src->stride[dim] * (int64_t)es : 0;
    rest_view(&dv, dest, dim, NULL);
    if (src) rest_view(&sv, src, dim, NULL);
    else sv = dv;
    /* the iteration shape is the destination's rest; the source's rest has
    ** the same sizes (checked by the callers) */
    if (src) memcpy(sv.size, dv.size, sizeof(int64_t) * (size_t)dv.ndim);
    const lt_tensor *ops[2] = { &dv, &sv };
    ltI_iter it;
    ltI_iter_init(&it, 2, ops);
    if (it.numel == 0 || nidx == 0) return LT_OK;
    ltI_loop_fn fn;
    switch (kind) {
    case K_ADD: fn = add_fns[dest->dtype]; break;
    case K_FILL:
        scalar_bytes(dest->dtype, *v, c.fill.b);
        fn = fill_fns[elsize_slot(es)];
        break;
    default: fn = move_fns[elsize_slot(es)]; break;
    }
    int64_t rest = it.numel;
    /* select may split over index entries (distinct outputs): worth it when
    ** the rest is too small to share out, or when slices are whole runs
    ** (k-outer order: each chunk then reads its own source slices once).
    ** Writes through the index split only over rest positions. */
    bool kouter = it.shape[0] > 1 && llabs(c.ds) > llabs(it.strides[0][0]);
    if (kind == K_SELECT && (rest < 4 * (int64_t)lt_get_num_threads() || kouter)) {
        kspan_ctx k = { &it, fn, c };
        int64_t grain = LT_GRAIN / rest + 1;
        lt_status st = ltI_parallel_for(nidx, grain, kspan, &k);
        return st == LT_EVALUE ? ltI_err(LT_ECANCEL, 0, "interrupted") : st;
    }
    return ltI_iter_run(&it, fn, &c, LT_GRAIN / nidx + 1);
}

static lt_status check_vector_index(const lt_tensor *index, int arg)
{
    LT_TRY(need_long(index, arg));
    if (index->ndim > 1) {
        char b[LT_SHAPE_BUF];
        return ltI_err(LT_EARG, arg, "index must be a vector (1D torch.LongTensor), got size %s",
                       ltI_shape(index, b));
    }
    return LT_OK;
}

/* out = fn(src, dim, index) computed in a temporary and copied: for results
** that share storage with an operand, which they would overwrite while it
** is still being read. */
typedef lt_status (*select_fn)(lt_tensor *, const lt_tensor *, int, const lt_tensor *);

static lt_status via_temp(select_fn fn, lt_tensor *out, const lt_tensor *src, int dim,
                          const lt_tensor *index)
{
    lt_tensor *tmp = lt_tensor_new(src->dtype);
    if (!tmp) return LT_ENOMEM;
    lt_status st = fn(tmp, src, dim, index);
    if (st == LT_OK) st = ltI_prepare_out(out, src->dtype, tmp->ndim, tmp->size);
    if (st == LT_OK) st = lt_copy(out, tmp);
    lt_tensor_release(tmp);
    return st;
}

lt_status lt_index_select(lt_tensor *out, const lt_tensor *src, int dim, const lt_tensor *index)
{
    LT_TRY(ltI_check(src, 1));
    if (src->ndim == 0) return ltI_err(LT_EARG, 1, "cannot index an empty tensor");
    LT_TRY(ltI_wrap_dim(&dim, src->ndim, 2, NULL));
    LT_TRY(check_vector_index(index, 3));
    LT_TRY(check_range(index, src->size[dim], dim, 3));
    if (out->dtype != src->dtype)
        return ltI_err(LT_ETYPE, 0, "result tensor is a torch.%sTensor, expected a torch.%sTensor",
                       lt_dtypes[out->dtype].name, lt_dtypes[src->dtype].name);
    if (ltI_same_storage(out, src) || ltI_same_storage(out, index))
        return via_temp(lt_index_select, out, src, dim, index);
    int64_t n = lt_numel(index), size[LT_MAXDIM];
    memcpy(size, src->size, sizeof(int64_t) * (size_t)src->ndim);
    size[dim] = n;
    LT_TRY(ltI_prepare_out(out, src->dtype, src->ndim, size));
    ltI_bump(out);
    const int64_t *idx;
    int64_t *owned;
    LT_TRY(index_array(index, out, &idx, &owned));
    lt_status st = along_run(K_SELECT, out, src, dim, idx, n, NULL);
    lt_free(owned);
    return st;
}

/* index_copy / index_add: t's slices idx[k] <- / += src's slice k */
static lt_status index_write(along_kind kind, lt_tensor *t, int dim, const lt_tensor *index,
                             const lt_tensor *src)
{
    char a[LT_SHAPE_BUF], b[LT_SHAPE_BUF], e[LT_SHAPE_BUF];
    LT_TRY(ltI_check(t, 1));
    if (t->ndim == 0) return ltI_err(LT_EARG, 1, "cannot index an empty tensor");
    LT_TRY(ltI_wrap_dim(&dim, t->ndim, 2, NULL));
    LT_TRY(check_vector_index(index, 3));
    LT_TRY(same_dtype(src, t->dtype, 4));
    int64_t n = lt_numel(index), want[LT_MAXDIM];
    memcpy(want, t->size, sizeof(int64_t) * (size_t)t->ndim);
    want[dim] = n;
    if (src->ndim != t->ndim || memcmp(src->size, want, sizeof(int64_t) * (size_t)t->ndim)) {
        ltI_shape_of(t->ndim, want, e, sizeof e);
        return ltI_err(LT_ESIZE, 4, "source of size %s does not fit %lld indices into a tensor "
                       "of size %s along dimension %d (expected size %s)", ltI_shape(src, a),
                       (long long)n, ltI_shape(t, b), dim + 1, e);
    }
    LT_TRY(check_range(index, t->size[dim], dim, 3));
    if (n == 0) return LT_OK;
    lt_tensor *tmp;
    LT_TRY(private_copy(&src, ltI_same_storage(t, src), &tmp));
    const int64_t *idx;
    int64_t *owned;
    lt_status st = index_array(index, t, &idx, &owned);
    if (st == LT_OK) {
        ltI_bump(t);
        st = along_run(kind, t, src, dim, idx, n, NULL);
        lt_free(owned);
    }
    lt_tensor_release(tmp);
    return st;
}

lt_status lt_index_copy(lt_tensor *t, int dim, const lt_tensor *index, const lt_tensor *src)
{
    return index_write(K_COPY, t, dim, index, src);
}

lt_status lt_index_add(lt_tensor *t, int dim, const lt_tensor *index, const lt_tensor *src)
{
    return index_write(K_ADD, t, dim, index, src);
}

lt_status lt_index_fill(lt_tensor *t, int dim, const lt_tensor *index, lt_scalar v)
{
    LT_TRY(ltI_check(t, 1));
    if (t->ndim == 0) return ltI_err(LT_EARG, 1, "cannot index an empty tensor");
    LT_TRY(ltI_wrap_dim(&dim, t->ndim, 2, NULL));
    LT_TRY(check_vector_index(index, 3));
    LT_TRY(check_range(index, t->size[dim], dim, 3));
    int64_t n = lt_numel(index);
    if (n == 0) return LT_OK;
    const int64_t *idx;
    int64_t *owned;
    LT_TRY(index_array(index, t, &idx, &owned));
    ltI_bump(t);
    lt_status st = along_run(K_FILL, t, NULL, dim, idx, n, &v);
    lt_free(owned);
    return st;
}

/* ------------------------------------------------------ gather / scatter */
/* ptrs: [0] destination, [1] index, [2] source (not for fills), at one
** rest position.  gather: out[.., k, ..] = src[.., idx[.., k, ..], ..];
** scatter: t[.., idx[.., k, ..], ..] = src[.., k, ..]. */
typedef struct gs_ctx {
    int scatter;
    int64_t K;              /* index entries along the dimension */
    int64_t ds, is, ss;     /* byte strides along it: destination, index, source */
    union { unsigned char b[8]; uint64_t u; } fill;
} gs_ctx;

#define GS_BODY(T, LOAD)                                                                \
    gs_ctx *c = vc;                                                                     \
    const int64_t K = c->K, ds = c->ds, is = c->is, ss = c->ss;                         \
    const bool sc = c->scatter;                                                         \
    if (n == 1 || llabs(ds) <= llabs(s[0])) {                                           \
        for (int64_t i = 0; i < n; i++) {                                               \
            char *d0 = p[0] + i * s[0];                                                 \
            const char *x0 = p[1] + i * s[1];                                           \
            const char *s0 = src ? p[2] + i * s[2] : NULL;                              \
            for (int64_t k = 0; k < K; k++) {                                           \
                int64_t j = *(const int64_t *)(x0 + k * is) - LT_INDEX_BASE;            \
                T *dp = (T *)(d0 + (sc ? j : k) * ds);                                  \
                const char *sp = s0 ? s0 + (sc ? k : j) * ss : NULL;                    \
                (void)sp;                                                               \
                *dp = LOAD;                                                             \
            }                                                                           \
        }                                                                               \
    } else {                                                                            \
        for (int64_t k = 0; k < K; k++) {                                               \
            for (int64_t i = 0; i < n; i++) {                                           \
                int64_t j = *(const int64_t *)(p[1] + i * s[1] + k * is) - LT_INDEX_BASE; \
                T *dp = (T *)(p[0] + i * s[0] + (sc ? j : k) * ds);                     \
                const char *sp = src ? p[2] + i * s[2] + (sc ? k : j) * ss : NULL;      \
                (void)sp;                                                               \
                *dp = LOAD;                                                             \
            }                                                                           \
        }                                                                               \
    }

#define GS_MOVE(ES, T)                                                                  \
    static void gs_move_##ES(char **p, const int64_t *s, int64_t n, void *vc)           \
    {                                                                                   \
        const bool src = true;                                                          \
        GS_BODY(T, *(const T *)sp)                                                      \
    }                                                                                   \
    static void gs_fill_##ES(char **p, const int64_t *s, int64_t n, void *vc)           \
    {                                                                                   \
        const bool src = false;                                                         \
        T v;                                                                            \
        memcpy(&v, ((gs_ctx *)vc)->fill.b, ES);                                         \
        GS_BODY(T, v)                                                                   \
    }
FOR_ELSIZES(GS_MOVE)

#define ES_ENTRY(ES, T) gs_move_##ES,
static const ltI_loop_fn gs_move_fns[4] = { FOR_ELSIZES(ES_ENTRY) };
#undef ES_ENTRY
#define ES_ENTRY(ES, T) gs_fill_##ES,
static const ltI_loop_fn gs_fill_fns[4] = { FOR_ELSIZES(ES_ENTRY) };
#undef ES_ENTRY

static lt_status gs_run(int scatter, lt_tensor *dest, const lt_tensor *index, const lt_tensor *src,
                        int dim, const lt_scalar *v)
{
    lt_tensor dv, iv, sv;
    gs_ctx c;
    memset(&c, 0, sizeof c);
    size_t es = lt_elsize(dest);
    c.scatter = scatter;
    c.K = index->size[dim];
    c.ds = dest->stride[dim] * (int64_t)es;
    c.is = index->stride[dim] * (int64_t)sizeof(int64_t);
    c.ss = src ? src->stride[dim] * (int64_t)es : 0;
    rest_view(&dv, dest, dim, index->size);
    rest_view(&iv, index, dim, NULL);
    if (src) rest_view(&sv, src, dim, index->size);
    const lt_tensor *ops[3] = { &dv, &iv, &sv };
    ltI_iter it;
    ltI_iter_init(&it, src ? 3 : 2, ops);
    if (it.numel == 0 || c.K == 0) return LT_OK;
    ltI_loop_fn fn;
    if (src) {
        fn = gs_move_fns[elsize_slot(es)];
    } else {
        scalar_bytes(dest->dtype, *v, c.fill.b);
        fn = gs_fill_fns[elsize_slot(es)];
    }
    return ltI_iter_run(&it, fn, &c, LT_GRAIN / c.K + 1);
}

/* index must have `like`'s number of dimensions and, in every dimension
** but `dim` (or every one when dim < 0), at most its sizes. */
static lt_status index_fits(const lt_tensor *index, const lt_tensor *like, int dim, int arg,
                            const char *what)
{
    char a[LT_SHAPE_BUF], b[LT_SHAPE_BUF];
    if (index->ndim != like->ndim)
        return ltI_err(LT_ESIZE, arg, "index of size %s must have as many dimensions as the "
                       "%s (%s)", ltI_shape(index, a), what, ltI_shape(like, b));
    for (int d = 0; d < like->ndim; d++) {
        if (d != dim && index->size[d] > like->size[d])
            return ltI_err(LT_ESIZE, arg, "index of size %s is larger than the %s (%s) in "
                           "dimension %d", ltI_shape(index, a), what, ltI_shape(like, b), d + 1);
    }
    return LT_OK;
}

lt_status lt_gather(lt_tensor *out, const lt_tensor *src, int dim, const lt_tensor *index)
{
    LT_TRY(ltI_check(src, 1));
    if (src->ndim == 0) return ltI_err(LT_EARG, 1, "cannot gather from an empty tensor");
    LT_TRY(ltI_wrap_dim(&dim, src->ndim, 2, NULL));
    LT_TRY(need_long(index, 3));
    LT_TRY(index_fits(index, src, dim, 3, "source"));
    LT_TRY(check_range(index, src->size[dim], dim, 3));
    if (out->dtype != src->dtype)
        return ltI_err(LT_ETYPE, 0, "result tensor is a torch.%sTensor, expected a torch.%sTensor",
                       lt_dtypes[out->dtype].name, lt_dtypes[src->dtype].name);
    if (ltI_same_storage(out, src) || ltI_same_storage(out, index))
        return via_temp(lt_gather, out, src, dim, index);
    LT_TRY(ltI_prepare_out(out, src->dtype, index->ndim, index->size));
    ltI_bump(out);
    return gs_run(0, out, index, src, dim, NULL);
}

static lt_status scatter_common(lt_tensor *t, int dim, const lt_tensor *index,
                                const lt_tensor *src, const lt_scalar *v)
{
    LT_TRY(ltI_check(t, 1));
    if (t->ndim == 0) return ltI_err(LT_EARG, 1, "cannot scatter into an empty tensor");
    LT_TRY(ltI_wrap_dim(&dim, t->ndim, 2, NULL));
    LT_TRY(need_long(index, 3));
    LT_TRY(index_fits(index, t, dim, 3, "destination"));
    if (src) {
        LT_TRY(same_dtype(src, t->dtype, 4));
        LT_TRY(index_fits(index, src, -1, 3, "source"));
    }
    LT_TRY(check_range(index, t->size[dim], dim, 3));
    if (lt_numel(index) == 0) return LT_OK;
    lt_tensor *stmp, *itmp;
    LT_TRY(private_copy(&index, ltI_same_storage(t, index), &itmp));
    lt_status st = LT_OK;
    if (src) st = private_copy(&src, ltI_same_storage(t, src), &stmp);
    else stmp = NULL;
    if (st == LT_OK) {
        ltI_bump(t);
        st = gs_run(1, t, index, src, dim, v);
    }
    lt_tensor_release(stmp);
    lt_tensor_release(itmp);
    return st;
}

lt_status lt_scatter(lt_tensor *t, int dim, const lt_tensor *index, const lt_tensor *src)
{
    return scatter_common(t, dim, index, src, NULL);
}

lt_status lt_scatter_fill(lt_tensor *t, int dim, const lt_tensor *index, lt_scalar v)
{
    return scatter_common(t, dim, index, NULL, &v);
}

/* ----------------------------------------------------------------- masks */
/* mv views `mask` with t's shape: the same shape, a shape that expands to
** it, or (Torch7) the same number of elements taken in row-major order.
** When the op writes t and the mask shares its storage, or the mask's
** strides cannot take t's shape, mv views a private contiguous copy (*tmp,
** released by the caller after the last use of mv). */
static lt_status prepare_mask(const lt_tensor *t, const lt_tensor *mask, int arg, bool writes,
                              lt_tensor *mv, lt_tensor **tmp)
{
    char a[LT_SHAPE_BUF], b[LT_SHAPE_BUF];
    *tmp = NULL;
    if (mask->dtype != LT_BYTE)
        return ltI_err(LT_ETYPE, arg, "mask must be a torch.ByteTensor, got a torch.%sTensor",
                       lt_dtypes[mask->dtype].name);
    LT_TRY(ltI_check(mask, arg));
    if (lt_same_size(t, mask)) {
        LT_TRY(private_copy(&mask, writes && ltI_same_storage(t, mask), tmp));
        ltI_view_init(mv, mask);
        return LT_OK;
    }
    /* an empty mask (no dimension) has no element to expand */
    bool expands = mask->ndim <= t->ndim && mask->ndim > 0;
    for (int i = 0; expands && i < mask->ndim; i++) {
        int64_t ms = mask->size[mask->ndim - 1 - i], ts = t->size[t->ndim - 1 - i];
        expands = ms == ts || ms == 1;
    }
    if (!expands && lt_numel(mask) != lt_numel(t))
        return ltI_err(LT_ESIZE, arg, "mask of size %s does not match the tensor of size %s",
                       ltI_shape(mask, a), ltI_shape(t, b));
    LT_TRY(private_copy(&mask, writes && ltI_same_storage(t, mask), tmp));
    if (expands) {
        ltI_broadcast_to(mv, mask, t->ndim, t->size);
        return LT_OK;
    }
    ltI_view_init(mv, mask);    /* lt_view below releases what mv held: balance it */
    if (lt_view(mv, mask, t->ndim, t->size) == LT_OK) return LT_OK;
    lt_tensor *old = *tmp;
    lt_status st = private_copy(&mask, true, tmp);
    lt_tensor_release(old);
    if (st) return st;
    ltI_view_init(mv, mask);
    return lt_view(mv, mask, t->ndim, t->size);
}

/* Counting pass: number of ones; a value other than 0 or 1 is an error. */
typedef struct count_ctx { int64_t count, pos, bad_pos; int bad_val; } count_ctx;

static void count_loop(char **p, const int64_t *s, int64_t n, void *vc)
{
    count_ctx *c = vc;
    if (c->bad_pos >= 0) return;
    const uint8_t *m = (const uint8_t *)p[0];
    int64_t cnt = 0;
    unsigned any = 0;
    if (s[0] == 1) {
        for (int64_t i = 0; i < n; i++) {
            cnt += m[i];
            any |= m[i];
        }
    } else {
        for (int64_t i = 0; i < n; i++) {
            cnt += m[i * s[0]];
            any |= m[i * s[0]];
        }
    }
    if (any > 1) {
        for (int64_t i = 0; i < n; i++) {
            if (m[i * s[0]] > 1) {
                c->bad_pos = c->pos + i;
                c->bad_val = m[i * s[0]];
                return;
            }
        }
    }
    c->count += cnt;
    c->pos += n;
}

static lt_status count_mask(const lt_tensor *mv, int arg, int64_t *count)
{
    count_ctx c = { 0, 0, -1, 0 };
    const lt_tensor *ops[1] = { mv };
    LT_TRY(ltI_iter_run_ordered(1, ops, count_loop, &c));
    if (c.bad_pos >= 0)
        return ltI_err(LT_EVALUE, arg, "mask values must be 0 or 1, got %d at element %lld",
                       c.bad_val, (long long)c.bad_pos + 1);
    *count = c.count;
    return LT_OK;
}

/* select: ptrs [0] source, [1] mask; appends to the output cursor */
typedef struct msel_ctx { char *o; int64_t os; const char *s; } msel_ctx;

#define MSEL(ES, T)                                                                     \
    static void msel_##ES(char **p, const int64_t *s, int64_t n, void *vc)              \
    {                                                                                   \
        msel_ctx *c = vc;                                                               \
        char *o = c->o;                                                                 \
        for (int64_t i = 0; i < n; i++) {                                               \
            if (*(const uint8_t *)(p[1] + i * s[1])) {                                  \
                *(T *)o = *(const T *)(p[0] + i * s[0]);                                \
                o += c->os;                                                             \
            }                                                                           \
        }                                                                               \
        c->o = o;                                                                       \
    }                                                                                   \
    /* copy: ptrs [0] destination, [1] mask; reads the source cursor */                \
    static void mcopy_##ES(char **p, const int64_t *s, int64_t n, void *vc)             \
    {                                                                                   \
        msel_ctx *c = vc;                                                               \
        const char *x = c->s;                                                           \
        for (int64_t i = 0; i < n; i++) {                                               \
            if (*(const uint8_t *)(p[1] + i * s[1])) {                                  \
                *(T *)(p[0] + i * s[0]) = *(const T *)x;                                \
                x += ES;                                                                \
            }                                                                           \
        }                                                                               \
        c->s = x;                                                                       \
    }                                                                                   \
    static void mfill_##ES(char **p, const int64_t *s, int64_t n, void *vc)             \
    {                                                                                   \
        T v;                                                                            \
        memcpy(&v, vc, ES);                                                             \
        if (s[0] == ES && s[1] == 1) {      /* branch-free: vectorises as a blend */    \
            T *d = (T *)p[0];                                                           \
            const uint8_t *m = (const uint8_t *)p[1];                                   \
            for (int64_t i = 0; i < n; i++) d[i] = m[i] ? v : d[i];                     \
            return;                                                                     \
        }                                                                               \
        for (int64_t i = 0; i < n; i++)                                                 \
            if (*(const uint8_t *)(p[1] + i * s[1])) *(T *)(p[0] + i * s[0]) = v;       \
    }
FOR_ELSIZES(MSEL)

#define ES_ENTRY(ES, T) msel_##ES,
static const ltI_loop_fn msel_fns[4] = { FOR_ELSIZES(ES_ENTRY) };
#undef ES_ENTRY
#define ES_ENTRY(ES, T) mcopy_##ES,
static const ltI_loop_fn mcopy_fns[4] = { FOR_ELSIZES(ES_ENTRY) };
#undef ES_ENTRY
#define ES_ENTRY(ES, T) mfill_##ES,
static const ltI_loop_fn mfill_fns[4] = { FOR_ELSIZES(ES_ENTRY) };
#undef ES_ENTRY

lt_status lt_masked_select(lt_tensor *out, const lt_tensor *src, const lt_tensor *mask)
{
    lt_tensor mv, *mtmp;
    int64_t count = 0;
    LT_TRY(ltI_check(src, 1));
    if (out->dtype != src->dtype)
        return ltI_err(LT_ETYPE, 0, "result tensor is a torch.%sTensor, expected a torch.%sTensor",
                       lt_dtypes[out->dtype].name, lt_dtypes[src->dtype].name);
    LT_TRY(prepare_mask(src, mask, 2, false, &mv, &mtmp));
    lt_status st = count_mask(&mv, 2, &count);
    if (st == LT_OK && (ltI_same_storage(out, src) || ltI_same_storage(out, &mv))) {
        lt_tensor *tmp = lt_tensor_new(src->dtype);
        if (!tmp) {
            st = LT_ENOMEM;
        } else {
            st = lt_masked_select(tmp, src, &mv);
            if (st == LT_OK) st = ltI_prepare_out(out, src->dtype, 1, &count);
            if (st == LT_OK) st = lt_copy(out, tmp);
            lt_tensor_release(tmp);
        }
        lt_tensor_release(mtmp);
        return st;
    }
    if (st == LT_OK) st = ltI_prepare_out(out, src->dtype, 1, &count);
    if (st == LT_OK && count > 0) {
        ltI_bump(out);
        msel_ctx c = { lt_data(out), out->stride[0] * (int64_t)lt_elsize(out), NULL };
        const lt_tensor *ops[2] = { src, &mv };
        st = ltI_iter_run_ordered(2, ops, msel_fns[elsize_slot(lt_elsize(src))], &c);
    }
    lt_tensor_release(mtmp);
    return st;
}

lt_status lt_masked_fill(lt_tensor *t, const lt_tensor *mask, lt_scalar v)
{
    lt_tensor mv, *mtmp;
    int64_t count = 0;
    LT_TRY(ltI_check(t, 1));
    LT_TRY(prepare_mask(t, mask, 2, true, &mv, &mtmp));
    lt_status st = count_mask(&mv, 2, &count);
    if (st == LT_OK && count > 0) {
        union { unsigned char b[8]; uint64_t u; } val;
        scalar_bytes(t->dtype, v, val.b);
        ltI_bump(t);
        const lt_tensor *ops[2] = { t, &mv };
        ltI_iter it;
        ltI_iter_init(&it, 2, ops);
        st = ltI_iter_run(&it, mfill_fns[elsize_slot(lt_elsize(t))], val.b, 0);
    }
    lt_tensor_release(mtmp);
    return st;
}

lt_status lt_masked_copy(lt_tensor *t, const lt_tensor *mask, const lt_tensor *src)
{
    lt_tensor mv, *mtmp, *stmp = NULL;
    int64_t count = 0;
    LT_TRY(ltI_check(t, 1));
    LT_TRY(same_dtype(src, t->dtype, 3));
    LT_TRY(prepare_mask(t, mask, 2, true, &mv, &mtmp));
    lt_status st = count_mask(&mv, 2, &count);
    if (st == LT_OK && count > lt_numel(src))
        st = ltI_err(LT_ESIZE, 3, "the mask selects %lld elements but the source has only %lld",
                     (long long)count, (long long)lt_numel(src));
    if (st == LT_OK && count > 0)
        st = private_copy(&src, !lt_is_contiguous(src) || ltI_same_storage(t, src), &stmp);
    if (st == LT_OK && count > 0) {
        ltI_bump(t);
        msel_ctx c = { NULL, 0, lt_data(src) };
        const lt_tensor *ops[2] = { t, &mv };
        st = ltI_iter_run_ordered(2, ops, mcopy_fns[elsize_slot(lt_elsize(t))], &c);
    }
    lt_tensor_release(stmp);
    lt_tensor_release(mtmp);
    return st;
}

/* --------------------------------------------------------------- nonzero */
/* Row-major walk over src; each nonzero element appends its 1-based
** subscripts.  The innermost dimension is a typed loop. */
typedef struct nz_walk { int64_t *o; int64_t count; } nz_walk;

#define NZ(E, T, U, ACC, ISF)                                                           \
    static void nz_count_##E(char **p, const int64_t *s, int64_t n, void *vc)           \
    {                                                                                   \
        int64_t c = 0;                                                                  \
        for (int64_t i = 0; i < n; i++) c += *(const T *)(p[0] + i * s[0]) != 0;       \
        *(int64_t *)vc += c;                                                            \
    }                                                                                   \
    static void nz_row_##E(const char *x, int64_t st, int64_t n, int64_t i0, int nd,    \
                           const int64_t *sub, nz_walk *w)                              \
    {                                                                                   \
        int64_t *o = w->o;                                                              \
        for (int64_t i = 0; i < n; i++) {                                               \
            if (*(const T *)(x + i * st) != 0) {                                        \
                for (int d = 0; d < nd - 1; d++) o[d] = sub[d] + LT_INDEX_BASE;         \
                o[nd - 1] = i0 + i + LT_INDEX_BASE;                                     \
                o += nd;                                                                \
            }                                                                           \
        }                                                                               \
        w->o = o;                                                                       \
    }
LT_FOR_ALL_DTYPES(NZ)

typedef void (*nz_row_fn)(const char *, int64_t, int64_t, int64_t, int, const int64_t *,
                          nz_walk *);
#define NZ_ENTRY(E, T, U, ACC, ISF) nz_count_##E,
static const ltI_loop_fn nz_count_fns[LT_NDTYPES] = { LT_FOR_ALL_DTYPES(NZ_ENTRY) };
#undef NZ_ENTRY
#define NZ_ENTRY(E, T, U, ACC, ISF) nz_row_##E,
static const nz_row_fn nz_row_fns[LT_NDTYPES] = { LT_FOR_ALL_DTYPES(NZ_ENTRY) };
#undef NZ_ENTRY

lt_status lt_nonzero(lt_tensor *out, const lt_tensor *src)
{
    int64_t count = 0;
    LT_TRY(ltI_check(src, 1));
    if (out->dtype != LT_LONG)
        return ltI_err(LT_ETYPE, 0, "result tensor is a torch.%sTensor, expected a "
                       "torch.LongTensor", lt_dtypes[out->dtype].name);
    if (ltI_same_storage(out, src)) {
        lt_tensor *tmp = lt_tensor_new(LT_LONG);
        if (!tmp) return LT_ENOMEM;
        lt_status st = lt_nonzero(tmp, src);
        if (st == LT_OK) st = ltI_prepare_out(out, LT_LONG, 2, tmp->size);
        if (st == LT_OK) st = lt_copy(out, tmp);
        lt_tensor_release(tmp);
        return st;
    }
    const lt_tensor *ops[1] = { src };
    LT_TRY(ltI_iter_run_ordered(1, ops, nz_count_fns[src->dtype], &count));
    int nd = src->ndim;
    int64_t size[2] = { count, nd };
    /* rows are written densely: a given result of the right size but other
    ** strides (which resizing keeps) gets a copy */
    lt_tensor *dense = out;
    if (out->ndim == 2 && out->size[0] == count && out->size[1] == nd && !lt_is_contiguous(out)) {
        dense = lt_tensor_new(LT_LONG);
        if (!dense) return LT_ENOMEM;
    }
    lt_status st = ltI_prepare_out(dense, LT_LONG, 2, size);
    if (st == LT_OK && count > 0) {
        ltI_bump(dense);
        nz_walk w = { lt_data(dense), 0 };
        int64_t sub[LT_MAXDIM] = { 0 };
        size_t es = lt_elsize(src);
        int64_t inner = src->size[nd - 1], ist = src->stride[nd - 1] * (int64_t)es;
        int64_t rows = lt_numel(src) / inner, since_poll = 0;
        const char *base = lt_data(src);
        for (int64_t r = 0; r < rows; r++) {
            int64_t off = 0;
            for (int d = 0; d < nd - 1; d++) off += sub[d] * src->stride[d];
            /* a long row goes in pieces, so that the cancel flag is polled */
            for (int64_t c0 = 0; c0 < inner && st == LT_OK; c0 += LT_CHUNK) {
                int64_t n = inner - c0 < LT_CHUNK ? inner - c0 : LT_CHUNK;
                nz_row_fns[src->dtype](base + off * (int64_t)es + c0 * ist, ist, n, c0, nd,
                                       sub, &w);
                since_poll += n;
                if (since_poll >= LT_CHUNK) {
                    since_poll = 0;
                    if (lt_cancel_requested()) st = ltI_err(LT_ECANCEL, 0, "interrupted");
                }
            }
            if (st != LT_OK) break;
            for (int d = nd - 2; d >= 0; d--) {
                if (++sub[d] < src->size[d]) break;
                sub[d] = 0;
            }
        }
    }
    if (dense != out) {
        if (st == LT_OK) st = lt_copy(out, dense);
        lt_tensor_release(dense);
    }
    return st;
}

/* ------------------------------------------------------------------- cat */
/* Torch7's rules: tensors without elements that are empty (no dimension)
** or 1-D of size 0 are skipped; missing trailing dimensions count as size
** 1, so 1-D vectors concatenate along dimension 2 into columns; every
** dimension but `dim` must agree.  dim < 0 counts from the end of the
** largest number of dimensions (-1, the default, is the last). */
static bool cat_skipped(const lt_tensor *t)
{
    return t->ndim == 0 || (t->ndim == 1 && t->size[0] == 0);
}

static int64_t cat_size(const lt_tensor *t, int d) { return d < t->ndim ? t->size[d] : 1; }

lt_status lt_cat(lt_tensor *out, int n, const lt_tensor *const *in, int dim)
{
    char a[LT_SHAPE_BUF], b[LT_SHAPE_BUF];
    if (n <= 0) return ltI_err(LT_EARG, 0, "cat needs at least one tensor");
    lt_dtype dt = in[0]->dtype;
    int maxnd = 0, ref = -1;
    for (int i = 0; i < n; i++) {
        LT_TRY(same_dtype(in[i], dt, i + 1));
        if (in[i]->ndim > maxnd) maxnd = in[i]->ndim;
        if (ref < 0 && !cat_skipped(in[i])) ref = i;
    }
    if (out->dtype != dt)
        return ltI_err(LT_ETYPE, 0, "result tensor is a torch.%sTensor, expected a torch.%sTensor",
                       lt_dtypes[out->dtype].name, lt_dtypes[dt].name);
    if (ref < 0) {      /* nothing but empty tensors */
        int64_t none[1] = { 0 };
        return lt_resize(out, 0, none);
    }
    if (dim < 0) {
        if (dim + maxnd < 0)
            return ltI_err(LT_ERANGE, n + 1, "dimension %d out of range for %dD tensors", dim,
                           maxnd);
        dim += maxnd;
    }
    if (dim >= LT_MAXDIM)
        return ltI_err(LT_ERANGE, n + 1, "dimension %d out of range (at most %d dimensions)",
                       dim + 1, LT_MAXDIM);
    int nd = maxnd > dim + 1 ? maxnd : dim + 1;
    int64_t size[LT_MAXDIM];
    for (int d = 0; d < nd; d++) size[d] = cat_size(in[ref], d);
    size[dim] = 0;
    bool alias = false;
    for (int i = 0; i < n; i++) {
        if (cat_skipped(in[i])) continue;
        for (int d = 0; d < nd; d++) {
            if (d != dim && cat_size(in[i], d) != size[d])
                return ltI_err(LT_ESIZE, i + 1, "sizes must match except in dimension %d: "
                               "tensor %d has size %s, tensor %d has size %s", dim + 1, ref + 1,
                               ltI_shape(in[ref], a), i + 1, ltI_shape(in[i], b));
        }
        if (__builtin_add_overflow(size[dim], cat_size(in[i], dim), &size[dim]))
            return ltI_err(LT_EARG, i + 1, "size overflows");
        alias |= ltI_same_storage(out, in[i]);
    }
    if (alias) {
        /* the result shares storage with an input: build it aside */
        lt_tensor *tmp = lt_tensor_new(dt);
        if (!tmp) return LT_ENOMEM;
        lt_status st = lt_cat(tmp, n, in, dim);
        if (st == LT_OK) st = ltI_prepare_out(out, dt, tmp->ndim, tmp->size);
        if (st == LT_OK) st = lt_copy(out, tmp);
        lt_tensor_release(tmp);
        return st;
    }
    LT_TRY(ltI_prepare_out(out, dt, nd, size));
    int64_t off = 0;
    for (int i = 0; i < n; i++) {
        if (cat_skipped(in[i])) continue;
        int64_t len = cat_size(in[i], dim);
        if (len == 0) continue;
        lt_tensor part, src;
        ltI_view_init(&part, out);
        part.offset += off * out->stride[dim];
        part.size[dim] = len;
        ltI_view_init(&src, in[i]);
        for (int d = in[i]->ndim; d < nd; d++) {
            src.size[d] = 1;
            src.stride[d] = 1;
        }
        src.ndim = nd;
        LT_TRY(lt_copy(&part, &src));
        off += len;
    }
    return LT_OK;
}
