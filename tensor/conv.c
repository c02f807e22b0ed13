/*
** conv.c — 2-D convolution and cross-correlation (Torch7's conv2/xcorr2).
**
** Shapes, as THTensorConv.c's conv2Dmul / conv2Dcmul / conv2Dmv:
**   x (H x W),     k (kh x kw)         -> out (oh x ow)
**   x (p x H x W), k (p x kh x kw)     -> out (p x oh x ow)   plane by plane
**   x (p x H x W), k (q x p x kh x kw) -> out (q x oh x ow)   summed over p
** with oh = H - kh + 1 ('V'alid) or H + kh - 1 ('F'ull).
**
** Everything is reduced to one kernel: a valid cross-correlation of
** contiguous planes.  Convolution is cross-correlation with the kernel
** flipped in both directions (a flipped copy of k; kernels are small), and
** a full product is a valid one over the input padded with kh-1 / kw-1
** zeros on each side.  The direct loop computes one output row at a time,
** its innermost loop running along the row (contiguous in the input, the
** output and the accumulator), so it vectorises; output rows are spread
** over threads.  For the many-plane case (q x p kernels) on Float/Double,
** im2col + GEMM is used instead: bands of output rows are unfolded into a
** (p*kh*kw) x (rows*ow) matrix and multiplied by the (q) x (p*kh*kw)
** kernel matrix through lt_addmm, which is what makes convolution layers
** fast.
**
** Integer types are supported as in Torch7; their sums wrap (computed in
** uint64, so overflow is defined).
*/
#include "lt_internal.h"
#include <stdatomic.h>

/* im2col's unfolded band is kept under this many bytes */
#define LT_IM2COL_BYTES ((int64_t)32 << 20)

typedef struct conv_ctx {
    const char *in, *ker;          /* contiguous (np x H x W), (nout x nk x kh x kw) */
    char *out;                     /* contiguous (nout x oh x ow) */
    int64_t H, W, kh, kw, oh, ow;
    int64_t nk;                    /* kernel planes summed per output plane */
    int planewise;                 /* output plane o reads input plane o only */
    atomic_int nomem;
} conv_ctx;

#define CONV_IMPL(E, T, U, ACCT)                                                     \
    static int conv_##E(int64_t u0, int64_t u1, void *p)                             \
    {                                                                                \
        conv_ctx *c = p;                                                             \
        const int64_t H = c->H, W = c->W, kh = c->kh, kw = c->kw;                    \
        const int64_t oh = c->oh, ow = c->ow, nk = c->nk;                            \
        ACCT *acc = lt_malloc(sizeof(ACCT) * (size_t)ow);                            \
        if (!acc) {                                                                  \
            atomic_store(&c->nomem, 1);                                              \
            return 1;                                                                \
        }                                                                            \
        for (int64_t u = u0; u < u1; u++) {                                          \
            const int64_t o = u / oh, y = u % oh;                                    \
            for (int64_t x = 0; x < ow; x++) acc[x] = 0;                             \
            for (int64_t i = 0; i < nk; i++) {                                       \
                const int64_t plane = c->planewise ? o : i;                          \
                const T *kp = (const T *)c->ker + (o * nk + i) * kh * kw;            \
                const T *ip = (const T *)c->in + (plane * H + y) * W;                \
                for (int64_t ky = 0; ky < kh; ky++, ip += W) {                       \
                    for (int64_t kx = 0; kx < kw; kx++) {                            \
                        const ACCT w = (ACCT)kp[ky * kw + kx];                       \
                        const T *r = ip + kx;                                        \
                        for (int64_t x = 0; x < ow; x++) acc[x] += w * (ACCT)r[x];   \
                    }                                                                \
                }                                                                    \
            }                                                                        \
            T *op = (T *)c->out + u * ow;                                            \
            for (int64_t x = 0; x < ow; x++) op[x] = (T)(U)acc[x];                   \
        }                                                                            \
        lt_free(acc);                                                                \
        return 0;                                                                    \
    }
#define CONV_0(E, T, U) CONV_IMPL(E, T, U, uint64_t)
#define CONV_1(E, T, U) CONV_IMPL(E, T, U, T)
#define CONV_ONE(E, T, U, ACC, ISF) CONV_##ISF(E, T, U)
LT_FOR_ALL_DTYPES(CONV_ONE)
#define CONV_ENTRY(E, T, U, ACC, ISF) conv_##E,
static const ltI_range_fn conv_table[LT_NDTYPES] = { LT_FOR_ALL_DTYPES(CONV_ENTRY) };

/* ------------------------------------------------------------- helpers */
static lt_status new_tensor(lt_dtype dt, int nd, const int64_t *size, lt_tensor **t)
{
    lt_status st = lt_tensor_new_sized(dt, nd, size, t);
    if (st) ltI_set_errarg(0);
    return st;
}

/* A contiguous copy of the kernel, flipped in its last two dimensions for
** a convolution (so the inner loop is always a cross-correlation). */
static lt_status kernel_copy(const lt_tensor *k, int flip, lt_tensor **out)
{
    LT_TRY(new_tensor(k->dtype, k->ndim, k->size, out));
    if (flip) {
        /* read k backwards along its last two dims: a view with negative
        ** strides cannot be made, so copy row by row through reversed views */
        int64_t rows = lt_numel(k) / k->size[k->ndim - 1];
        int64_t kh = k->size[k->ndim - 2], kw = k->size[k->ndim - 1];
        const size_t es = lt_elsize(k);
        lt_tensor *c;
        lt_status st = new_tensor(k->dtype, k->ndim, k->size, &c);
        if (st == LT_OK) st = lt_copy(c, k);
        if (st) {
            lt_tensor_release(c);
            lt_tensor_release(*out);
            ltI_set_errarg(0);
            return st;
        }
        const char *src = lt_data(c);
        char *dst = lt_data(*out);
        for (int64_t r = 0; r < rows; r++) {
            int64_t plane = r / kh, ky = r % kh;
            const char *s = src + (size_t)((plane * kh + (kh - 1 - ky)) * kw) * es;
            char *d = dst + (size_t)(r * kw) * es;
            for (int64_t x = 0; x < kw; x++) memcpy(d + x * es, s + (kw - 1 - x) * es, es);
        }
        lt_tensor_release(c);
        return LT_OK;
    }
    lt_status st = lt_copy(*out, k);
    if (st) {
        lt_tensor_release(*out);
        ltI_set_errarg(0);
    }
    return st;
}

/* The input as contiguous (np x H x W) planes, zero-padded by (ph, pw). */
static lt_status input_copy(const lt_tensor *x, int64_t np, int64_t ph, int64_t pw,
                            lt_tensor **out)
{
    const int64_t H = x->size[x->ndim - 2], W = x->size[x->ndim - 1];
    int64_t size[3] = { np, H + 2 * ph, W + 2 * pw };
    lt_tensor xv, ov;
    LT_TRY(new_tensor(x->dtype, 3, size, out));
    lt_status st = ph || pw ? lt_zero(*out) : LT_OK;
    ltI_view_init(&xv, x);
    if (x->ndim == 2) {                  /* as one plane */
        xv.ndim = 3;
        xv.size[2] = W;
        xv.size[1] = H;
        xv.size[0] = 1;
        xv.stride[2] = x->stride[1];
        xv.stride[1] = x->stride[0];
        xv.stride[0] = H * W;
    }
    ltI_view_init(&ov, *out);
    ov.offset += ph * ov.stride[1] + pw;
    ov.size[1] = H;
    ov.size[2] = W;
    if (st == LT_OK) st = lt_copy(&ov, &xv);
    if (st) {
        lt_tensor_release(*out);
        ltI_set_errarg(0);
    }
    return st;
}

/* --------------------------------------------------------- im2col + GEMM */
/* out (q x oh x ow) = K (q x p*kh*kw) * cols, a band of output rows at a
** time; cols[(i*kh + ky)*kw + kx][r*ow + x] = in[i][y0 + r + ky][x + kx]. */
static lt_status conv_gemm(lt_tensor *out, const lt_tensor *in, const lt_tensor *ker,
                           int64_t q, int64_t p, int64_t kh, int64_t kw, int64_t oh, int64_t ow)
{
    const int64_t H = in->size[1], W = in->size[2], K = p * kh * kw;
    const size_t es = lt_elsize(in);
    int64_t band = LT_IM2COL_BYTES / (int64_t)es / (K * ow);
    if (band < 1) band = 1;
    if (band > oh) band = oh;
    int64_t csize[2] = { K, band * ow };
    lt_tensor *cols, kv, ov, cv;
    LT_TRY(new_tensor(in->dtype, 2, csize, &cols));
    ltI_view_init(&kv, ker);             /* the kernel as a q x K matrix */
    kv.ndim = 2;
    kv.size[0] = q;
    kv.size[1] = K;
    kv.stride[0] = K;
    kv.stride[1] = 1;
    const char *ip = lt_data(in);
    char *cp = lt_data(cols);
    lt_status st = LT_OK;
    for (int64_t y0 = 0; y0 < oh && st == LT_OK; y0 += band) {
        int64_t rows = oh - y0 < band ? oh - y0 : band;
        if (lt_cancel_requested()) {
            st = ltI_err(LT_ECANCEL, 0, "interrupted");
            break;
        }
        for (int64_t i = 0; i < p; i++)
            for (int64_t ky = 0; ky < kh; ky++)
                for (int64_t kx = 0; kx < kw; kx++) {
                    char *crow = cp + (size_t)((((i * kh + ky) * kw + kx) * rows) * ow) * es;
                    for (int64_t r = 0; r < rows; r++)
                        memcpy(crow + (size_t)(r * ow) * es,
                               ip + (size_t)((i * H + y0 + r + ky) * W + kx) * es,
                               (size_t)ow * es);
                }
        ltI_view_init(&cv, cols);
        cv.size[1] = rows * ow;
        cv.stride[0] = rows * ow;
        ltI_view_init(&ov, out);         /* rows y0.. of every output plane */
        ov.ndim = 2;
        ov.offset += y0 * ow;
        ov.size[0] = q;
        ov.size[1] = rows * ow;
        ov.stride[0] = oh * ow;
        ov.stride[1] = 1;
        st = lt_addmm(&ov, lt_scalar_i(0), &ov, lt_scalar_i(1), &kv, &cv);
    }
    lt_tensor_release(cols);
    if (st && st != LT_ECANCEL) ltI_set_errarg(0);
    return st;
}

/* ---------------------------------------------------------------- entry */
lt_status lt_conv2(lt_tensor *out, const lt_tensor *x, const lt_tensor *k, int full, int flip)
{
    char a[LT_SHAPE_BUF], b[LT_SHAPE_BUF];
    LT_TRY(ltI_check(x, 1));
    if (k->dtype != x->dtype)
        return ltI_err(LT_ETYPE, 2, "torch.%sTensor expected, got torch.%sTensor",
                       lt_dtypes[x->dtype].name, lt_dtypes[k->dtype].name);
    LT_TRY(ltI_check(k, 2));
    if (out->dtype != x->dtype)
        return ltI_err(LT_ETYPE, 0, "result tensor is a torch.%sTensor, expected a "
                       "torch.%sTensor", lt_dtypes[out->dtype].name, lt_dtypes[x->dtype].name);
    int planewise = 0;
    int64_t np = 1, nout = 1, nk = 1;        /* input planes, output planes, summed */
    if (x->ndim == 2 && k->ndim == 2) {
    } else if (x->ndim == 3 && k->ndim == 3) {
        if (k->size[0] != x->size[0])
            return ltI_err(LT_ESIZE, 2, "size mismatch: a %s input needs a kernel of %lld "
                           "planes, got %s", ltI_shape(x, a), (long long)x->size[0],
                           ltI_shape(k, b));
        np = nout = x->size[0];
        planewise = 1;
    } else if (x->ndim == 3 && k->ndim == 4) {
        if (k->size[1] != x->size[0])
            return ltI_err(LT_ESIZE, 2, "size mismatch: a %s input needs a kernel of size "
                           "q x %lld x kh x kw, got %s", ltI_shape(x, a), (long long)x->size[0],
                           ltI_shape(k, b));
        np = nk = x->size[0];
        nout = k->size[0];
    } else {
        return ltI_err(LT_EARG, x->ndim == 2 || x->ndim == 3 ? 2 : 1,
                       "expected a 2D input and a 2D kernel, or a 3D input and a 3D or 4D "
                       "kernel; got %s and %s", ltI_shape(x, a), ltI_shape(k, b));
    }
    if (lt_numel(x) == 0) return ltI_err(LT_EARG, 1, "input is empty (size %s)", ltI_shape(x, a));
    if (lt_numel(k) == 0) return ltI_err(LT_EARG, 2, "kernel is empty (size %s)", ltI_shape(k, a));
    const int64_t H = x->size[x->ndim - 2], W = x->size[x->ndim - 1];
    const int64_t kh = k->size[k->ndim - 2], kw = k->size[k->ndim - 1];
    if (!full && (kh > H || kw > W))
        return ltI_err(LT_ESIZE, 2, "kernel of size %lldx%lld is larger than the input of size "
                       "%lldx%lld (valid mode; 'F' gives the full convolution)", (long long)kh,
                       (long long)kw, (long long)H, (long long)W);
    const int64_t ph = full ? kh - 1 : 0, pw = full ? kw - 1 : 0;
    const int64_t oh = H + 2 * ph - kh + 1, ow = W + 2 * pw - kw + 1;
    int64_t osize[3] = { nout, oh, ow };
    const int ond = x->ndim == 2 ? 2 : 3;
    const int64_t *oshape = ond == 2 ? osize + 1 : osize;

    lt_tensor *in = NULL, *ker = NULL, *res = NULL;
    lt_status st = input_copy(x, np, ph, pw, &in);
    if (st == LT_OK) st = kernel_copy(k, flip, &ker);
    /* compute in out when it is contiguous and shares no memory with x or k */
    bool direct = !ltI_same_storage(out, x) && !ltI_same_storage(out, k);
    if (st == LT_OK && direct) {
        st = ltI_prepare_out(out, x->dtype, ond, oshape);
        if (st) ltI_set_errarg(0);
        direct = lt_is_contiguous(out);
    }
    if (st == LT_OK && !direct) st = new_tensor(x->dtype, ond, oshape, &res);
    if (st == LT_OK) {
        lt_tensor *r = res ? res : out;
        ltI_bump(r);
        if (ltI_is_float(x->dtype) && !planewise && nout >= 4 && nk * kh * kw >= 9) {
            st = conv_gemm(r, in, ker, nout, nk, kh, kw, oh, ow);
        } else {
            conv_ctx c = { lt_data(in), lt_data(ker), lt_data(r), H + 2 * ph, W + 2 * pw,
                           kh, kw, oh, ow, nk, planewise, 0 };
            int64_t work = ow * kh * kw * nk;
            int64_t grain = work >= LT_GRAIN ? 1 : LT_GRAIN / work;
            st = ltI_parallel_for(nout * oh, grain, conv_table[x->dtype], &c);
            if (atomic_load(&c.nomem)) st = ltI_err(LT_ENOMEM, 0, "not enough memory");
        }
    }
    if (st == LT_OK && res) {
        st = ltI_prepare_out(out, x->dtype, ond, oshape);
        if (st == LT_OK) st = lt_copy(out, res);
        if (st) ltI_set_errarg(0);
    }
    lt_tensor_release(in);
    lt_tensor_release(ker);
    lt_tensor_release(res);
    return st;
}
