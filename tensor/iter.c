/*
** iter.c — the strided iterator shared by every elementwise loop.
**
** See lt_internal.h for the model.  Initialisation sorts the dimensions by
** operand 0's stride (smallest first) so writes stream through memory, then
** merges neighbours that are contiguous for all operands.  Running splits
** the flat index range [0, numel) into chunks; each chunk walks a
** multi-index (innermost first) and hands runs of the innermost dimension
** to the typed inner loop.
*/
#include "lt_internal.h"

void ltI_iter_init(ltI_iter *it, int nops, const lt_tensor *const *ops)
{
    const lt_tensor *o = ops[0];
    int nd = o->ndim, perm[LT_MAXDIM];
    it->nops = nops;
    it->numel = lt_numel(o);
    for (int k = 0; k < nops; k++) it->data[k] = lt_data(ops[k]);

    /* order: innermost (last) dim first, then stable insertion sort by
    ** operand 0's stride so reorderings like transposes stream well */
    for (int d = 0; d < nd; d++) perm[d] = nd - 1 - d;
    for (int i = 1; i < nd; i++) {
        int p = perm[i], j = i;
        while (j > 0) {
            int q = perm[j - 1];
            int64_t sp = o->stride[p], sq = o->stride[q];
            /* move p inwards only when it is strictly faster for op 0 and
            ** not slower for the others (ties keep row-major order) */
            int swap = sp < sq && o->size[p] != 1;
            for (int k = 1; swap && k < nops; k++)
                if (ops[k]->stride[p] > ops[k]->stride[q] && ops[k]->size[q] != 1) swap = 0;
            if (!swap) break;
            perm[j] = q;
            j--;
        }
        perm[j] = p;
    }
    /* fill, dropping size-1 dims, and merge contiguous neighbours */
    int n = 0;
    for (int i = 0; i < nd; i++) {
        int d = perm[i];
        if (o->size[d] == 1) continue;
        if (n > 0) {
            int merge = 1;
            for (int k = 0; k < nops && merge; k++) {
                int64_t es = (int64_t)lt_dtypes[ops[k]->dtype].size;
                if (ops[k]->stride[d] * es != it->strides[n - 1][k] * it->shape[n - 1]) merge = 0;
            }
            if (merge) {
                it->shape[n - 1] *= o->size[d];
                continue;
            }
        }
        it->shape[n] = o->size[d];
        for (int k = 0; k < nops; k++)
            it->strides[n][k] = ops[k]->stride[d] * (int64_t)lt_dtypes[ops[k]->dtype].size;
        n++;
    }
    if (n == 0) {   /* a single element (or an empty tensor) */
        it->shape[0] = it->numel ? 1 : 0;
        for (int k = 0; k < nops; k++) it->strides[0][k] = (int64_t)lt_dtypes[ops[k]->dtype].size;
        n = 1;
    }
    it->ndim = n;
}

bool ltI_iter_flat(const ltI_iter *it, const size_t *elsizes)
{
    if (it->ndim != 1) return false;
    for (int k = 0; k < it->nops; k++)
        if (it->strides[0][k] != (int64_t)elsizes[k]) return false;
    return true;
}

typedef struct run_ctx {
    ltI_iter *it;
    ltI_loop_fn fn;
    void *ctx;
} run_ctx;

static int run_range(int64_t begin, int64_t end, void *p)
{
    run_ctx *rc = p;
    ltI_iter *it = rc->it;
    int nops = it->nops, nd = it->ndim;
    int64_t idx[LT_MAXDIM];
    char *ptrs[LT_ITER_MAXOPS];
    int64_t rem = begin;
    for (int d = 0; d < nd; d++) {
        idx[d] = rem % it->shape[d];
        rem /= it->shape[d];
    }
    for (int k = 0; k < nops; k++) {
        ptrs[k] = it->data[k];
        for (int d = 0; d < nd; d++) ptrs[k] += idx[d] * it->strides[d][k];
    }
    while (begin < end) {
        int64_t n = it->shape[0] - idx[0];
        if (n > end - begin) n = end - begin;
        rc->fn(ptrs, it->strides[0], n, rc->ctx);
        begin += n;
        if (begin >= end) break;
        /* advance: the inner dim wrapped; carry into outer dims */
        for (int k = 0; k < nops; k++) ptrs[k] += (n - 0) * it->strides[0][k];
        idx[0] += n;
        for (int d = 0; d < nd - 1 && idx[d] == it->shape[d]; d++) {
            for (int k = 0; k < nops; k++)
                ptrs[k] += it->strides[d + 1][k] - it->shape[d] * it->strides[d][k];
            idx[d] = 0;
            idx[d + 1]++;
        }
    }
    return 0;
}

lt_status ltI_iter_run(ltI_iter *it, ltI_loop_fn fn, void *ctx, int64_t grain)
{
    run_ctx rc = { it, fn, ctx };
    if (it->numel == 0) return LT_OK;
    if (it->numel <= (grain > 0 ? grain : LT_GRAIN)) {   /* fast path: no chunking */
        if (lt_cancel_requested()) return ltI_err(LT_ECANCEL, 0, "interrupted");
        run_range(0, it->numel, &rc);
        return LT_OK;
    }
    return ltI_parallel_for(it->numel, grain > 0 ? grain : LT_GRAIN, run_range, &rc);
}

lt_status ltI_iter_run_ordered(int nops, const lt_tensor *const *ops, ltI_loop_fn fn, void *ctx)
{
    /* Row-major order of ops[0]: walk the multi-index over the original
    ** dims, innermost = last dim, merging only contiguous neighbours. */
    ltI_iter it;
    const lt_tensor *o = ops[0];
    int nd = o->ndim, n = 0;
    it.nops = nops;
    it.numel = lt_numel(o);
    if (it.numel == 0) return LT_OK;
    for (int k = 0; k < nops; k++) it.data[k] = lt_data(ops[k]);
    for (int d = nd - 1; d >= 0; d--) {
        if (o->size[d] == 1) continue;
        if (n > 0) {
            int merge = 1;
            for (int k = 0; k < nops && merge; k++) {
                int64_t es = (int64_t)lt_dtypes[ops[k]->dtype].size;
                if (ops[k]->stride[d] * es != it.strides[n - 1][k] * it.shape[n - 1]) merge = 0;
            }
            if (merge) {
                it.shape[n - 1] *= o->size[d];
                continue;
            }
        }
        it.shape[n] = o->size[d];
        for (int k = 0; k < nops; k++)
            it.strides[n][k] = ops[k]->stride[d] * (int64_t)lt_dtypes[ops[k]->dtype].size;
        n++;
    }
    if (n == 0) {
        it.shape[0] = 1;
        for (int k = 0; k < nops; k++) it.strides[0][k] = (int64_t)lt_dtypes[ops[k]->dtype].size;
        n = 1;
    }
    it.ndim = n;
    run_ctx rc = { &it, fn, ctx };
    for (int64_t b = 0; b < it.numel; b += LT_CHUNK) {
        if (lt_cancel_requested()) return ltI_err(LT_ECANCEL, 0, "interrupted");
        run_range(b, b + LT_CHUNK < it.numel ? b + LT_CHUNK : it.numel, &rc);
    }
    return LT_OK;
}
