/*
** nn_util.c — helpers the nn kernels share: operand checks, contiguous
** copies and the row-major GEMM entry.
**
** The nn kernels work on dense Float/Double buffers: each entry point makes
** its operands contiguous once (a view when they already are) and then runs
** plain loops and BLAS calls on raw pointers, which keeps the inner loops
** free of stride arithmetic.
*/
#include "lt_internal.h"
#include "nn.h"

enum { ROWMAJOR = 101 };

lt_status ltI_nn_check(const lt_tensor *src, int arg, const char *what, int lo, int hi, int dt)
{
    char b[LT_SHAPE_BUF];
    if (!src) return ltI_err(LT_EARG, arg, "%s missing", what);
    if (src->dtype != LT_FLOAT && src->dtype != LT_DOUBLE)
        return ltI_err(LT_ETYPE, arg, "%s must be a FloatTensor or DoubleTensor (got %sTensor)",
                       what, lt_dtypes[src->dtype].name);
    if (dt >= 0 && (int)src->dtype != dt)
        return ltI_err(LT_ETYPE, arg, "%s must be a %sTensor like the input (got %sTensor)",
                       what, lt_dtypes[dt].name, lt_dtypes[src->dtype].name);
    if (src->ndim < lo || src->ndim > hi) {
        if (lo == hi)
            return ltI_err(LT_ESIZE, arg, "%s must be %dD (got %s)", what, lo, ltI_shape(src, b));
        return ltI_err(LT_ESIZE, arg, "%s must be %dD or %dD (got %s)", what, lo, hi,
                       ltI_shape(src, b));
    }
    return ltI_check(src, arg);
}

lt_status ltI_nn_contig(const lt_tensor *src, lt_tensor **dst)
{
    lt_tensor *t = lt_tensor_new(src->dtype);
    if (!t) return ltI_err(LT_ENOMEM, 0, "not enough memory");
    lt_status st = lt_contiguous(t, src);
    if (st != LT_OK) {
        lt_tensor_release(t);
        return st;
    }
    *dst = t;
    return LT_OK;
}

lt_status ltI_nn_gemm(lt_dtype dt, int ta, int tb, int64_t m, int64_t n, int64_t k,
                      double alpha, const void *a, int64_t lda, const void *b, int64_t ldb,
                      double beta, void *c, int64_t ldc)
{
    if (m == 0 || n == 0) return LT_OK;
    const ltI_blas *bl = ltI_blas_get();
    if (!bl) return LT_EARG;
    if (m > INT32_MAX || n > INT32_MAX || k > INT32_MAX || lda > INT32_MAX ||
        ldb > INT32_MAX || ldc > INT32_MAX)
        return ltI_err(LT_ESIZE, 0, "matrix too large for BLAS (%lldx%lldx%lld)",
                       (long long)m, (long long)n, (long long)k);
    if (dt == LT_FLOAT)
        bl->sgemm(ROWMAJOR, ta, tb, (int)m, (int)n, (int)k, (float)alpha, a, (int)lda, b,
                  (int)ldb, (float)beta, c, (int)ldc);
    else
        bl->dgemm(ROWMAJOR, ta, tb, (int)m, (int)n, (int)k, alpha, a, (int)lda, b, (int)ldb,
                  beta, c, (int)ldc);
    return LT_OK;
}

lt_status ltI_nn_out_begin(lt_tensor *out, int arg, lt_dtype dt, int ndim, const int64_t *size,
                           int keep, lt_tensor **work)
{
    lt_status st = ltI_prepare_out(out, dt, ndim, size);
    if (st != LT_OK) {
        ltI_set_errarg(arg);
        return st;
    }
    if (ltI_contig(out) && out->storage) {
        lt_tensor_retain(out);
        *work = out;
        return LT_OK;
    }
    lt_tensor *w;
    LT_TRY(lt_tensor_new_sized(dt, ndim, size, &w));
    if (keep && (st = lt_copy(w, out)) != LT_OK) {
        lt_tensor_release(w);
        return st;
    }
    *work = w;
    return LT_OK;
}

lt_status ltI_nn_out_end(lt_tensor *out, lt_tensor *work, lt_status st)
{
    if (!work) return st;
    if (work != out) {
        if (st == LT_OK) st = lt_copy(out, work);
    } else {
        ltI_bump(out);
    }
    lt_tensor_release(work);
    return st;
}

lt_status ltI_nn_parallel(int64_t n, int64_t per, ltI_range_fn fn, void *ctx)
{
    if (n <= 0) return LT_OK;
    if (per < 1) per = 1;
    if (n * per < LT_NN_PAR_MIN || lt_get_num_threads() < 2 || ltI_in_parallel()) {
        /* serial, in chunks of about LT_CHUNK elements between cancel polls */
        int64_t step = LT_CHUNK / per;
        if (step < 1) step = 1;
        for (int64_t b = 0; b < n; b += step) {
            if (lt_cancel_requested()) return ltI_err(LT_ECANCEL, 0, "interrupted");
            if (fn(b, b + step < n ? b + step : n, ctx)) return LT_EVALUE;
        }
        return LT_OK;
    }
    int64_t g = LT_GRAIN / per;
    return ltI_parallel_for(n, g < 1 ? 1 : g, fn, ctx);
}
