/*
** nn_pool.c — 2-D max / average / adaptive pooling and temporal max
** pooling, forward and backward.
**
** Design
** ------
** Every pooling op is a loop over independent planes (image b, channel c)
** — planes run in parallel on the thread pool when the job is large
** (ltI_nn_parallel), and the cancel flag is polled between chunks — and, inside a plane, over output cells
** whose window is clipped to the input.  Max pooling records, per output
** cell, the 1-based flat position (ih*W + iw + 1) of the maximum in its
** plane, so the backward is a scatter-add through those indices that needs
** neither the window geometry nor the input's values, and serves adaptive
** max pooling as well.  A NaN in a window is its maximum (PyTorch), so NaN
** propagates instead of being silently skipped.
*/
#include "lt_internal.h"
#include "nn.h"
#include <math.h>

/* The planes of an image op: in (N,C,H,W) or (C,H,W). */
typedef struct planes {
    lt_dtype dt;
    int batch;
    int64_t N, C, H, W, oH, oW;
} planes;

static lt_status check_planes(planes *pl, const lt_tensor *in, int arg)
{
    char s[LT_SHAPE_BUF];
    LT_TRY(ltI_nn_check(in, arg, "input", 3, 4, -1));
    pl->dt = in->dtype;
    pl->batch = in->ndim == 4;
    int o = pl->batch;
    pl->N = pl->batch ? in->size[0] : 1;
    pl->C = in->size[o];
    pl->H = in->size[o + 1];
    pl->W = in->size[o + 2];
    if (pl->H < 1 || pl->W < 1)
        return ltI_err(LT_ESIZE, arg, "input %s has an empty plane", ltI_shape(in, s));
    return LT_OK;
}

static void out_shape(const planes *pl, int *nd, int64_t *sz)
{
    int64_t full[4] = { pl->N, pl->C, pl->oH, pl->oW };
    int o = pl->batch ? 0 : 1;
    *nd = 4 - o;
    for (int i = 0; i < *nd; i++) sz[i] = full[i + o];
}

/* Output size along one dim (Torch7's THNN rule, the same as PyTorch's). */
static int64_t pooled(int64_t n, int k, int d, int pad, int ceil_mode)
{
    int64_t span = n + 2 * (int64_t)pad - k;
    if (span < 0) return 0;
    int64_t o = (ceil_mode ? (span + d - 1) / d : span / d) + 1;
    /* a last window starting in the right padding is dropped */
    if (ceil_mode && (o - 1) * d >= n + pad) o--;
    return o;
}

static lt_status check_pool(planes *pl, const lt_tensor *in, int arg, const lt_pool2d *p)
{
    char s[LT_SHAPE_BUF];
    if (p->kW < 1 || p->kH < 1)
        return ltI_err(LT_EARG, 0, "kernel size must be positive (got %dx%d)", p->kH, p->kW);
    if (p->dW < 1 || p->dH < 1)
        return ltI_err(LT_EARG, 0, "stride must be positive (got %dx%d)", p->dH, p->dW);
    if (p->padW < 0 || p->padH < 0 || p->padW > p->kW / 2 || p->padH > p->kH / 2)
        return ltI_err(LT_EARG, 0, "padding must be between 0 and half the kernel size "
                       "(got %dx%d for a %dx%d kernel)", p->padH, p->padW, p->kH, p->kW);
    LT_TRY(check_planes(pl, in, arg));
    pl->oH = pooled(pl->H, p->kH, p->dH, p->padH, p->ceil_mode);
    pl->oW = pooled(pl->W, p->kW, p->dW, p->padW, p->ceil_mode);
    if (pl->oH < 1 || pl->oW < 1)
        return ltI_err(LT_ESIZE, arg, "input %s is too small for a %dx%d window with padding "
                       "%dx%d (output %lldx%lld)", ltI_shape(in, s), p->kH, p->kW, p->padH,
                       p->padW, (long long)pl->oH, (long long)pl->oW);
    return LT_OK;
}

/* A gradient of the output's shape. */
static lt_status check_like(const lt_tensor *t, int arg, const char *what, const planes *pl,
                            int dt)
{
    char s[LT_SHAPE_BUF], e[LT_SHAPE_BUF];
    int nd;
    int64_t sz[4];
    out_shape(pl, &nd, sz);
    if (!t) return ltI_err(LT_EARG, arg, "%s missing", what);
    if (dt >= 0) LT_TRY(ltI_nn_check(t, arg, what, nd, nd, dt));
    else if (t->dtype != LT_LONG)
        return ltI_err(LT_ETYPE, arg, "%s must be a LongTensor (got %sTensor)", what,
                       lt_dtypes[t->dtype].name);
    if (t->ndim != nd || !ltI_dims_eq(t->size, sz, nd)) {
        ltI_shape_of(nd, sz, e, sizeof e);
        return ltI_err(LT_ESIZE, arg, "%s must be %s (got %s)", what, e, ltI_shape(t, s));
    }
    return ltI_check(t, arg);
}

/* ------------------------------------------------------------ the loops */
typedef struct pjob {
    const planes *pl;
    const lt_pool2d *p;       /* NULL: adaptive */
    const void *in;
    void *out;
    int64_t *idx;
    const void *gout;
} pjob;

/* window of output cell o along a dim of n inputs: [*a, *b) */
static inline void window(int64_t o, int64_t n, int64_t on, const lt_pool2d *p, int k, int d,
                          int pad, int64_t *a, int64_t *b, int64_t *full)
{
    if (!p) {                         /* adaptive */
        *a = (o * n) / on;
        *b = ((o + 1) * n + on - 1) / on;
        *full = *b - *a;
        return;
    }
    int64_t s = o * d - pad, e = s + k;
    if (e > n + pad) e = n + pad;
    *full = e - s;
    *a = s < 0 ? 0 : s;
    *b = e > n ? n : e;
}

#define MAXPOOL(T, S)                                                                       \
    static int maxpool_##S(int64_t p0, int64_t p1, void *ctx)                               \
    {                                                                                       \
        const pjob *j = ctx;                                                                \
        const planes *pl = j->pl;                                                           \
        const lt_pool2d *p = j->p;                                                          \
        int64_t HW = pl->H * pl->W, OL = pl->oH * pl->oW;                                   \
        /* no padding, floor sizes: every window lies inside, no clipping */             \
        int inside = p && p->padW == 0 && p->padH == 0 && !p->ceil_mode;                    \
        for (int64_t q = p0; q < p1; q++) {                                                 \
            const T *x = (const T *)j->in + q * HW;                                         \
            T *y = (T *)j->out + q * OL;                                                    \
            int64_t *ix = j->idx + q * OL;                                                  \
            if (inside && p->kW == 2 && p->kH == 2 && p->dW == 2 && p->dH == 2) {            \
                /* the common 2x2/2 case: two input rows per output row */                  \
                for (int64_t oh = 0; oh < pl->oH; oh++) {                                   \
                    const T *r0 = x + 2 * oh * pl->W, *r1 = r0 + pl->W;                     \
                    T *yo = y + oh * pl->oW;                                                \
                    int64_t *io = ix + oh * pl->oW, base = 2 * oh * pl->W + 1;              \
                    for (int64_t ow = 0; ow < pl->oW; ow++) {                               \
                        const T v[4] = { r0[2 * ow], r0[2 * ow + 1], r1[2 * ow],            \
                                         r1[2 * ow + 1] };                                  \
                        const int64_t at[4] = { 0, 1, pl->W, pl->W + 1 };                   \
                        T best = v[0];                                                      \
                        int64_t bi = 0;                                                     \
                        for (int k = 1; k < 4; k++) {                                       \
                            int c = v[k] > best;       /* compiles to compare + blend */    \
                            best = c ? v[k] : best;                                         \
                            bi = c ? at[k] : bi;                                            \
                        }                                                                   \
                        /* NaN (never in practice: predicted) is the maximum, the first */  \
                        if ((v[0] != v[0]) | (v[1] != v[1]) | (v[2] != v[2]) |              \
                            (v[3] != v[3]))                                                 \
                            for (int k = 3; k >= 0; k--)                                    \
                                if (v[k] != v[k]) {                                         \
                                    best = v[k];                                            \
                                    bi = at[k];                                             \
                                }                                                           \
                        yo[ow] = best;                                                      \
                        io[ow] = base + 2 * ow + bi;                                        \
                    }                                                                       \
                }                                                                           \
                continue;                                                                   \
            }                                                                               \
            if (inside) {                                                                   \
                for (int64_t oh = 0; oh < pl->oH; oh++)                                     \
                    for (int64_t ow = 0; ow < pl->oW; ow++) {                               \
                        int64_t b0 = oh * p->dH * pl->W + ow * p->dW, bi = b0;              \
                        T best = x[b0];                                                     \
                        for (int ki = 0; ki < p->kH; ki++)                                  \
                            for (int kj = 0; kj < p->kW; kj++) {                            \
                                int64_t at = b0 + ki * pl->W + kj;                          \
                                T v = x[at];                                                \
                                /* branch-free: random data mispredicts half the time */    \
                                int c = !(v <= best) & (best == best);                      \
                                best = c ? v : best;                                        \
                                bi = c ? at : bi;                                           \
                            }                                                               \
                        y[oh * pl->oW + ow] = best;                                         \
                        ix[oh * pl->oW + ow] = bi + 1;                                      \
                    }                                                                       \
                continue;                                                                   \
            }                                                                               \
            for (int64_t oh = 0; oh < pl->oH; oh++) {                                       \
                int64_t h0, h1, f;                                                          \
                window(oh, pl->H, pl->oH, p, p ? p->kH : 0, p ? p->dH : 0, p ? p->padH : 0, \
                       &h0, &h1, &f);                                                       \
                for (int64_t ow = 0; ow < pl->oW; ow++) {                                   \
                    int64_t w0, w1;                                                         \
                    window(ow, pl->W, pl->oW, p, p ? p->kW : 0, p ? p->dW : 0,              \
                           p ? p->padW : 0, &w0, &w1, &f);                                  \
                    T best = -INFINITY;                                                     \
                    int64_t bi = (h0 < pl->H ? h0 : pl->H - 1) * pl->W +                    \
                                 (w0 < pl->W ? w0 : pl->W - 1);                             \
                    for (int64_t ih = h0; ih < h1; ih++)                                    \
                        for (int64_t iw = w0; iw < w1; iw++) {                              \
                            T v = x[ih * pl->W + iw];                                       \
                            /* !(v <= best): larger, or NaN (which then wins) */            \
                            if (!(v <= best)) {                                             \
                                best = v;                                                   \
                                bi = ih * pl->W + iw;                                       \
                                if (v != v) goto found_##S;                                 \
                            }                                                               \
                        }                                                                   \
                found_##S:                                                                  \
                    y[oh * pl->oW + ow] = best;                                             \
                    ix[oh * pl->oW + ow] = bi + 1;                                          \
                }                                                                           \
            }                                                                               \
        }                                                                                   \
        return 0;                                                                           \
    }

#define MAXPOOL_BACK(T, S)                                                                  \
    static int maxpool_back_##S(int64_t p0, int64_t p1, void *ctx)                          \
    {                                                                                       \
        const pjob *j = ctx;                                                                \
        const planes *pl = j->pl;                                                           \
        int64_t HW = pl->H * pl->W, OL = pl->oH * pl->oW;                                   \
        for (int64_t q = p0; q < p1; q++) {                                                 \
            T *gx = (T *)j->out + q * HW;                                                   \
            const T *gy = (const T *)j->gout + q * OL;                                      \
            const int64_t *ix = j->idx + q * OL;                                            \
            memset(gx, 0, sizeof(T) * (size_t)HW);                                          \
            for (int64_t i = 0; i < OL; i++) gx[ix[i] - 1] += gy[i];                        \
        }                                                                                   \
        return 0;                                                                           \
    }

/* count_include_pad: divide by the window clipped to the padded input */
#define AVGPOOL(T, S)                                                                       \
    static int avgpool_##S(int64_t p0, int64_t p1, void *ctx)                               \
    {                                                                                       \
        const pjob *j = ctx;                                                                \
        const planes *pl = j->pl;                                                           \
        const lt_pool2d *p = j->p;                                                          \
        int inc = p ? p->count_include_pad : 0;                                             \
        int64_t HW = pl->H * pl->W, OL = pl->oH * pl->oW;                                   \
        for (int64_t q = p0; q < p1; q++) {                                                 \
            const T *x = (const T *)j->in + q * HW;                                         \
            T *y = (T *)j->out + q * OL;                                                    \
            for (int64_t oh = 0; oh < pl->oH; oh++) {                                       \
                int64_t h0, h1, fh;                                                         \
                window(oh, pl->H, pl->oH, p, p ? p->kH : 0, p ? p->dH : 0, p ? p->padH : 0, \
                       &h0, &h1, &fh);                                                      \
                for (int64_t ow = 0; ow < pl->oW; ow++) {                                   \
                    int64_t w0, w1, fw;                                                     \
                    window(ow, pl->W, pl->oW, p, p ? p->kW : 0, p ? p->dW : 0,              \
                           p ? p->padW : 0, &w0, &w1, &fw);                                 \
                    double acc = 0;                                                         \
                    for (int64_t ih = h0; ih < h1; ih++)                                    \
                        for (int64_t iw = w0; iw < w1; iw++) acc += x[ih * pl->W + iw];     \
                    int64_t cnt = inc ? fh * fw : (h1 - h0) * (w1 - w0);                    \
                    y[oh * pl->oW + ow] = cnt > 0 ? (T)(acc / (double)cnt) : 0;             \
                }                                                                           \
            }                                                                               \
        }                                                                                   \
        return 0;                                                                           \
    }

#define AVGPOOL_BACK(T, S)                                                                  \
    static int avgpool_back_##S(int64_t p0, int64_t p1, void *ctx)                          \
    {                                                                                       \
        const pjob *j = ctx;                                                                \
        const planes *pl = j->pl;                                                           \
        const lt_pool2d *p = j->p;                                                          \
        int inc = p ? p->count_include_pad : 0;                                             \
        int64_t HW = pl->H * pl->W, OL = pl->oH * pl->oW;                                   \
        for (int64_t q = p0; q < p1; q++) {                                                 \
            T *gx = (T *)j->out + q * HW;                                                   \
            const T *gy = (const T *)j->gout + q * OL;                                      \
            memset(gx, 0, sizeof(T) * (size_t)HW);                                          \
            for (int64_t oh = 0; oh < pl->oH; oh++) {                                       \
                int64_t h0, h1, fh;                                                         \
                window(oh, pl->H, pl->oH, p, p ? p->kH : 0, p ? p->dH : 0, p ? p->padH : 0, \
                       &h0, &h1, &fh);                                                      \
                for (int64_t ow = 0; ow < pl->oW; ow++) {                                   \
                    int64_t w0, w1, fw;                                                     \
                    window(ow, pl->W, pl->oW, p, p ? p->kW : 0, p ? p->dW : 0,              \
                           p ? p->padW : 0, &w0, &w1, &fw);                                 \
                    int64_t cnt = inc ? fh * fw : (h1 - h0) * (w1 - w0);                    \
                    if (cnt <= 0) continue;                                                 \
                    T g = (T)(gy[oh * pl->oW + ow] / (double)cnt);                          \
                    for (int64_t ih = h0; ih < h1; ih++)                                    \
                        for (int64_t iw = w0; iw < w1; iw++) gx[ih * pl->W + iw] += g;      \
                }                                                                           \
            }                                                                               \
        }                                                                                   \
        return 0;                                                                           \
    }

MAXPOOL(float, f)
MAXPOOL(double, d)
MAXPOOL_BACK(float, f)
MAXPOOL_BACK(double, d)
AVGPOOL(float, f)
AVGPOOL(double, d)
AVGPOOL_BACK(float, f)
AVGPOOL_BACK(double, d)

static lt_status run_planes(const planes *pl, ltI_range_fn ff, ltI_range_fn fd, pjob *j,
                            int64_t work_per_plane)
{
    return ltI_nn_parallel(pl->N * pl->C, work_per_plane, pl->dt == LT_FLOAT ? ff : fd, j);
}

static void release2(lt_tensor *a, lt_tensor *b)
{
    if (a) lt_tensor_release(a);
    if (b) lt_tensor_release(b);
}

/* ---------------------------------------------------------- max pooling */
static lt_status maxpool_any(lt_tensor *out, lt_tensor *idx, const lt_tensor *in,
                             planes *pl, const lt_pool2d *p)
{
    char s[LT_SHAPE_BUF];
    if (!idx) return ltI_err(LT_EARG, 2, "indices missing");
    if (idx->dtype != LT_LONG)
        return ltI_err(LT_ETYPE, 2, "indices must be a LongTensor (got %sTensor)",
                       lt_dtypes[idx->dtype].name);
    (void)s;
    int nd;
    int64_t sz[4];
    out_shape(pl, &nd, sz);
    lt_tensor *ci = NULL, *wo = NULL, *wi = NULL;
    lt_status st;
    if ((st = ltI_nn_contig(in, &ci))) return st;
    if ((st = ltI_nn_out_begin(out, 1, pl->dt, nd, sz, 0, &wo))) goto done;
    if ((st = ltI_nn_out_begin(idx, 2, LT_LONG, nd, sz, 0, &wi))) goto done;
    pjob j = { pl, p, ltI_data(ci), ltI_data(wo), (int64_t *)ltI_data(wi), NULL };
    int64_t win = p ? (int64_t)p->kH * p->kW : (pl->H / pl->oH + 2) * (pl->W / pl->oW + 2);
    st = run_planes(pl, maxpool_f, maxpool_d, &j, pl->oH * pl->oW * win);
done:
    if (wi) st = ltI_nn_out_end(idx, wi, st);
    if (wo) st = ltI_nn_out_end(out, wo, st);
    lt_tensor_release(ci);
    return st;
}

lt_status lt_nn_maxpool2d(lt_tensor *out, lt_tensor *idx, const lt_tensor *in,
                          const lt_pool2d *p)
{
    planes pl;
    LT_TRY(check_pool(&pl, in, 3, p));
    return maxpool_any(out, idx, in, &pl, p);
}

lt_status lt_nn_adaptive_maxpool2d(lt_tensor *out, lt_tensor *idx, const lt_tensor *in,
                                   int64_t oW, int64_t oH)
{
    planes pl;
    if (oW < 1 || oH < 1)
        return ltI_err(LT_EARG, 0, "output size must be positive (got %lldx%lld)",
                       (long long)oH, (long long)oW);
    LT_TRY(check_planes(&pl, in, 3));
    pl.oH = oH;
    pl.oW = oW;
    return maxpool_any(out, idx, in, &pl, NULL);
}

lt_status lt_nn_maxpool2d_backward(lt_tensor *gin, const lt_tensor *in, const lt_tensor *gout,
                                   const lt_tensor *idx)
{
    planes pl;
    LT_TRY(check_planes(&pl, in, 2));
    if (!gout) return ltI_err(LT_EARG, 3, "gradOutput missing");
    if (gout->ndim != in->ndim) {
        char a[LT_SHAPE_BUF], b[LT_SHAPE_BUF];
        return ltI_err(LT_ESIZE, 3, "gradOutput %s does not match input %s", ltI_shape(gout, a),
                       ltI_shape(in, b));
    }
    pl.oH = gout->size[gout->ndim - 2];
    pl.oW = gout->size[gout->ndim - 1];
    LT_TRY(check_like(gout, 3, "gradOutput", &pl, pl.dt));
    LT_TRY(check_like(idx, 4, "indices", &pl, -1));
    lt_tensor *cg = NULL, *cx = NULL, *wg = NULL;
    lt_status st;
    if ((st = ltI_nn_contig(gout, &cg)) || (st = ltI_nn_contig(idx, &cx))) goto done;
    /* indices come from the user's side: check them before scattering */
    {
        const int64_t *ix = (const int64_t *)ltI_data(cx);
        int64_t n = lt_numel(cx), HW = pl.H * pl.W;
        for (int64_t i = 0; i < n; i++)
            if (ix[i] < 1 || ix[i] > HW) {
                st = ltI_err(LT_ERANGE, 4, "index %lld out of range for a %lldx%lld plane",
                             (long long)ix[i], (long long)pl.H, (long long)pl.W);
                goto done;
            }
    }
    if ((st = ltI_nn_out_begin(gin, 1, pl.dt, in->ndim, in->size, 0, &wg))) goto done;
    pjob j = { &pl, NULL, NULL, ltI_data(wg), (int64_t *)ltI_data(cx), ltI_data(cg) };
    st = run_planes(&pl, maxpool_back_f, maxpool_back_d, &j, pl.H * pl.W + pl.oH * pl.oW);
    st = ltI_nn_out_end(gin, wg, st);
done:
    release2(cg, cx);
    return st;
}

/* ------------------------------------------------------ average pooling */
static lt_status avgpool_any(lt_tensor *out, const lt_tensor *in, planes *pl,
                             const lt_pool2d *p)
{
    int nd;
    int64_t sz[4];
    out_shape(pl, &nd, sz);
    lt_tensor *ci = NULL, *wo = NULL;
    lt_status st;
    if ((st = ltI_nn_contig(in, &ci))) return st;
    if ((st = ltI_nn_out_begin(out, 1, pl->dt, nd, sz, 0, &wo))) goto done;
    pjob j = { pl, p, ltI_data(ci), ltI_data(wo), NULL, NULL };
    int64_t win = p ? (int64_t)p->kH * p->kW : (pl->H / pl->oH + 2) * (pl->W / pl->oW + 2);
    st = run_planes(pl, avgpool_f, avgpool_d, &j, pl->oH * pl->oW * win);
    st = ltI_nn_out_end(out, wo, st);
done:
    lt_tensor_release(ci);
    return st;
}

static lt_status avgpool_back_any(lt_tensor *gin, const lt_tensor *in, const lt_tensor *gout,
                                  planes *pl, const lt_pool2d *p)
{
    LT_TRY(check_like(gout, 3, "gradOutput", pl, pl->dt));
    lt_tensor *cg = NULL, *wg = NULL;
    lt_status st;
    if ((st = ltI_nn_contig(gout, &cg))) return st;
    if ((st = ltI_nn_out_begin(gin, 1, pl->dt, in->ndim, in->size, 0, &wg))) goto done;
    pjob j = { pl, p, NULL, ltI_data(wg), NULL, ltI_data(cg) };
    int64_t win = p ? (int64_t)p->kH * p->kW : (pl->H / pl->oH + 2) * (pl->W / pl->oW + 2);
    st = run_planes(pl, avgpool_back_f, avgpool_back_d, &j, pl->oH * pl->oW * win);
    st = ltI_nn_out_end(gin, wg, st);
done:
    lt_tensor_release(cg);
    return st;
}

lt_status lt_nn_avgpool2d(lt_tensor *out, const lt_tensor *in, const lt_pool2d *p)
{
    planes pl;
    LT_TRY(check_pool(&pl, in, 2, p));
    return avgpool_any(out, in, &pl, p);
}

lt_status lt_nn_avgpool2d_backward(lt_tensor *gin, const lt_tensor *in, const lt_tensor *gout,
                                   const lt_pool2d *p)
{
    planes pl;
    LT_TRY(check_pool(&pl, in, 2, p));
    return avgpool_back_any(gin, in, gout, &pl, p);
}

lt_status lt_nn_adaptive_avgpool2d(lt_tensor *out, const lt_tensor *in, int64_t oW, int64_t oH)
{
    planes pl;
    if (oW < 1 || oH < 1)
        return ltI_err(LT_EARG, 0, "output size must be positive (got %lldx%lld)",
                       (long long)oH, (long long)oW);
    LT_TRY(check_planes(&pl, in, 2));
    pl.oH = oH;
    pl.oW = oW;
    return avgpool_any(out, in, &pl, NULL);
}

lt_status lt_nn_adaptive_avgpool2d_backward(lt_tensor *gin, const lt_tensor *in,
                                            const lt_tensor *gout)
{
    planes pl;
    LT_TRY(check_planes(&pl, in, 2));
    if (!gout || gout->ndim != in->ndim) {
        char a[LT_SHAPE_BUF], b[LT_SHAPE_BUF];
        if (!gout) return ltI_err(LT_EARG, 3, "gradOutput missing");
        return ltI_err(LT_ESIZE, 3, "gradOutput %s does not match input %s", ltI_shape(gout, a),
                       ltI_shape(in, b));
    }
    pl.oH = gout->size[gout->ndim - 2];
    pl.oW = gout->size[gout->ndim - 1];
    return avgpool_back_any(gin, in, gout, &pl, NULL);
}

/* ------------------------------------------------- temporal max pooling */
/* in (N,T,F) viewed as N sequences; idx holds 1-based frame numbers. */
lt_status lt_nn_temporal_maxpool(lt_tensor *out, lt_tensor *idx, const lt_tensor *in,
                                 int kW, int dW)
{
    char s[LT_SHAPE_BUF];
    if (kW < 1 || dW < 1)
        return ltI_err(LT_EARG, 0, "kernel width and step must be positive (got %d and %d)",
                       kW, dW);
    LT_TRY(ltI_nn_check(in, 3, "input", 2, 3, -1));
    if (!idx || idx->dtype != LT_LONG)
        return ltI_err(LT_ETYPE, 2, "indices must be a LongTensor");
    int batch = in->ndim == 3;
    int64_t N = batch ? in->size[0] : 1, T = in->size[batch], F = in->size[batch + 1];
    if (T < kW)
        return ltI_err(LT_ESIZE, 3, "input %s has %lld frames, fewer than the kernel width %d",
                       ltI_shape(in, s), (long long)T, kW);
    int64_t oT = (T - kW) / dW + 1;
    int64_t sz[3] = { N, oT, F };
    lt_tensor *ci = NULL, *wo = NULL, *wi = NULL;
    lt_status st;
    if ((st = ltI_nn_contig(in, &ci))) return st;
    if ((st = ltI_nn_out_begin(out, 1, in->dtype, in->ndim, sz + !batch, 0, &wo))) goto done;
    if ((st = ltI_nn_out_begin(idx, 2, LT_LONG, in->ndim, sz + !batch, 0, &wi))) goto done;
    int64_t *ix = (int64_t *)ltI_data(wi);
    for (int64_t n = 0; n < N; n++) {
        if (lt_cancel_requested()) {
            st = ltI_err(LT_ECANCEL, 0, "interrupted");
            break;
        }
        for (int64_t t = 0; t < oT; t++)
            for (int64_t f = 0; f < F; f++) {
                int64_t o = (n * oT + t) * F + f, best_t = t * dW;
                double best = -INFINITY;
                for (int64_t k = 0; k < kW; k++) {
                    int64_t i = (n * T + t * dW + k) * F + f;
                    double v = in->dtype == LT_FLOAT ? LT_NN_F(ci)[i] : LT_NN_D(ci)[i];
                    if (v > best || isnan(v)) {
                        best = v;
                        best_t = t * dW + k;
                        if (isnan(v)) break;
                    }
                }
                if (in->dtype == LT_FLOAT) LT_NN_F(wo)[o] = (float)best;
                else LT_NN_D(wo)[o] = best;
                ix[o] = best_t + 1;
            }
    }
done:
    if (wi) st = ltI_nn_out_end(idx, wi, st);
    if (wo) st = ltI_nn_out_end(out, wo, st);
    lt_tensor_release(ci);
    return st;
}

lt_status lt_nn_temporal_maxpool_backward(lt_tensor *gin, const lt_tensor *in,
                                          const lt_tensor *gout, const lt_tensor *idx)
{
    char a[LT_SHAPE_BUF], b[LT_SHAPE_BUF];
    LT_TRY(ltI_nn_check(in, 2, "input", 2, 3, -1));
    LT_TRY(ltI_nn_check(gout, 3, "gradOutput", in->ndim, in->ndim, in->dtype));
    if (!idx || idx->dtype != LT_LONG)
        return ltI_err(LT_ETYPE, 4, "indices must be a LongTensor");
    if (!ltI_same_size(idx, gout))
        return ltI_err(LT_ESIZE, 4, "indices %s do not match gradOutput %s", ltI_shape(idx, a),
                       ltI_shape(gout, b));
    int batch = in->ndim == 3;
    int64_t N = batch ? in->size[0] : 1, T = in->size[batch], F = in->size[batch + 1];
    if ((batch && gout->size[0] != N) || gout->size[batch + 1] != F)
        return ltI_err(LT_ESIZE, 3, "gradOutput %s does not match input %s", ltI_shape(gout, a),
                       ltI_shape(in, b));
    int64_t oT = gout->size[batch];
    lt_tensor *cg = NULL, *cx = NULL, *wg = NULL;
    lt_status st;
    if ((st = ltI_nn_contig(gout, &cg)) || (st = ltI_nn_contig(idx, &cx))) goto done;
    const int64_t *ix = (const int64_t *)ltI_data(cx);
    for (int64_t i = 0; i < N * oT * F; i++)
        if (ix[i] < 1 || ix[i] > T) {
            st = ltI_err(LT_ERANGE, 4, "frame index %lld out of range (1 to %lld)",
                         (long long)ix[i], (long long)T);
            goto done;
        }
    if ((st = ltI_nn_out_begin(gin, 1, in->dtype, in->ndim, in->size, 0, &wg))) goto done;
    if ((st = lt_zero(wg))) goto finish;
    for (int64_t n = 0; n < N; n++)
        for (int64_t t = 0; t < oT; t++)
            for (int64_t f = 0; f < F; f++) {
                int64_t o = (n * oT + t) * F + f, i = (n * T + ix[o] - 1) * F + f;
                if (in->dtype == LT_FLOAT) LT_NN_F(wg)[i] += LT_NN_F(cg)[o];
                else LT_NN_D(wg)[i] += LT_NN_D(cg)[o];
            }
finish:
    st = ltI_nn_out_end(gin, wg, st);
done:
    release2(cg, cx);
    return st;
}
