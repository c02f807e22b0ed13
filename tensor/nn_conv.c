/*
** nn_conv.c — 2-D convolution and transposed convolution by im2col + GEMM,
** forward and backward (input, weight and bias gradients).
**
** Design
** ------
** A convolution of a batch is one matrix product per *chunk of images*,
** not per image: im2col unfolds nb images (C,H,W) into a column matrix
** cols (K = C*kH*kW rows, nb*L columns, L = oH*oW, column b*L + l), so
**     out (O x nb*L) = W (O x K) * cols
**     gcols (K x nb*L) = W^T * gout,   then col2im folds gcols back
**     gW (O x K) += gout (O x nb*L) * cols^T
** Small images (LeNet's 28x28, 10x10) make per-image products too small
** for BLAS to run well; one product over many images is several times
** faster.  nb is chosen so that the column buffer stays below CHUNK_ELEMS
** elements, which bounds memory for large images; between chunks the
** cancel flag is polled.  The images are laid out (N, O, L) while the
** product wants (O, N*L), so results are scattered / gradients gathered
** by a copy (cheap next to the product).  im2col, col2im and the copies
** run on the thread pool when they are large (ltI_nn_parallel); OpenBLAS
** threads the products.
**
** A transposed convolution is the adjoint of a convolution: its forward is
** a convolution's input-gradient (GEMM then col2im) and its input-gradient
** is a convolution's forward (im2col then GEMM), with the roles of the
** image and the kernel positions swapped (geom below describes the image
** that is unfolded, whichever side it is).
*/
#include "lt_internal.h"
#include "nn.h"
#include <stdio.h>
#include <stdlib.h>

enum { NOTRANS = 111, TRANS = 112 };
#define CHUNK_ELEMS (1 << 23)

/* The unfolded image (C,H,W) and the kernel positions (oH,oW). */
typedef struct geom {
    int64_t C, H, W, oH, oW;
    int64_t kH, kW, dH, dW, padH, padW, dilH, dilW;
} geom;

/* ------------------------------------------------------------ typed loops */
/* cols rows [r0, r1) from nb images at in (each C*H*W). */
#define IM2COL(T, S)                                                                        \
    static void im2col_##S(const geom *g, const T *in, int64_t nb, T *cols, int64_t r0,     \
                           int64_t r1)                                                      \
    {                                                                                       \
        int64_t L = g->oH * g->oW, HW = g->H * g->W, ld = nb * L;                           \
        for (int64_t r = r0; r < r1; r++) {                                                 \
            int64_t kj = r % g->kW, ki = (r / g->kW) % g->kH, c = r / (g->kW * g->kH);      \
            int64_t iw0 = kj * g->dilW - g->padW;                                           \
            for (int64_t b = 0; b < nb; b++) {                                              \
                const T *plane = in + (b * g->C + c) * HW;                                  \
                T *dst = cols + r * ld + b * L;                                             \
                for (int64_t oh = 0; oh < g->oH; oh++, dst += g->oW) {                      \
                    int64_t ih = oh * g->dH - g->padH + ki * g->dilH;                       \
                    if (ih < 0 || ih >= g->H) {                                             \
                        memset(dst, 0, sizeof(T) * (size_t)g->oW);                          \
                        continue;                                                           \
                    }                                                                       \
                    const T *srow = plane + ih * g->W;                                      \
                    if (g->dW == 1) {                                                       \
                        int64_t lo = iw0 < 0 ? -iw0 : 0, hi = g->W - iw0;                   \
                        if (hi > g->oW) hi = g->oW;                                         \
                        if (lo > g->oW) lo = g->oW;                                         \
                        if (hi < lo) hi = lo;                                               \
                        for (int64_t ow = 0; ow < lo; ow++) dst[ow] = 0;                    \
                        memcpy(dst + lo, srow + lo + iw0, sizeof(T) * (size_t)(hi - lo));   \
                        for (int64_t ow = hi; ow < g->oW; ow++) dst[ow] = 0;                \
                    } else {                                                                \
                        for (int64_t ow = 0; ow < g->oW; ow++) {                            \
                            int64_t iw = ow * g->dW + iw0;                                  \
                            dst[ow] = iw >= 0 && iw < g->W ? srow[iw] : 0;                  \
                        }                                                                   \
                    }                                                                       \
                }                                                                           \
            }                                                                               \
        }                                                                                   \
    }

/* planes [p0, p1) of the nb images at out (p = b*C + c) = sum of their cols. */
#define COL2IM(T, S)                                                                        \
    static void col2im_##S(const geom *g, const T *cols, int64_t nb, T *out, int64_t p0,    \
                           int64_t p1)                                                      \
    {                                                                                       \
        int64_t L = g->oH * g->oW, HW = g->H * g->W, ld = nb * L;                           \
        for (int64_t p = p0; p < p1; p++) {                                                 \
            int64_t b = p / g->C, c = p % g->C;                                             \
            T *plane = out + p * HW;                                                        \
            memset(plane, 0, sizeof(T) * (size_t)HW);                                       \
            for (int64_t ki = 0; ki < g->kH; ki++)                                          \
                for (int64_t kj = 0; kj < g->kW; kj++) {                                    \
                    int64_t r = (c * g->kH + ki) * g->kW + kj;                              \
                    const T *src = cols + r * ld + b * L;                                   \
                    int64_t iw0 = kj * g->dilW - g->padW;                                   \
                    for (int64_t oh = 0; oh < g->oH; oh++, src += g->oW) {                  \
                        int64_t ih = oh * g->dH - g->padH + ki * g->dilH;                   \
                        if (ih < 0 || ih >= g->H) continue;                                 \
                        T *drow = plane + ih * g->W;                                        \
                        if (g->dW == 1) {       /* the valid columns, without a test each */ \
                            int64_t lo = iw0 < 0 ? -iw0 : 0, hi = g->W - iw0;               \
                            if (hi > g->oW) hi = g->oW;                                     \
                            T *restrict dp = drow + iw0 + lo;                               \
                            const T *restrict sp = src + lo;                                \
                            for (int64_t i = 0; i < hi - lo; i++) dp[i] += sp[i];           \
                            continue;                                                       \
                        }                                                                   \
                        for (int64_t ow = 0; ow < g->oW; ow++) {                            \
                            int64_t iw = ow * g->dW + iw0;                                  \
                            if (iw >= 0 && iw < g->W) drow[iw] += src[ow];                  \
                        }                                                                   \
                    }                                                                       \
                }                                                                           \
        }                                                                                   \
    }

/* Between the (nb, M, L) image layout and the (M, nb*L) matrix layout, rows
** [m0, m1) of the matrix; to_mat: gather, else scatter (+ bias[m] if any). */
#define RELAYOUT(T, S)                                                                      \
    static void relayout_##S(T *img, T *mat, const T *bias, int64_t nb, int64_t M,          \
                             int64_t L, int to_mat, int64_t m0, int64_t m1)                 \
    {                                                                                       \
        for (int64_t m = m0; m < m1; m++)                                                   \
            for (int64_t b = 0; b < nb; b++) {                                              \
                T *x = img + (b * M + m) * L, *y = mat + m * nb * L + b * L;                \
                if (to_mat) {                                                               \
                    memcpy(y, x, sizeof(T) * (size_t)L);                                    \
                } else if (bias) {                                                          \
                    T bv = bias[m];                                                         \
                    for (int64_t l = 0; l < L; l++) x[l] = y[l] + bv;                       \
                } else {                                                                    \
                    memcpy(x, y, sizeof(T) * (size_t)L);                                    \
                }                                                                           \
            }                                                                               \
    }

IM2COL(float, f)
IM2COL(double, d)
COL2IM(float, f)
COL2IM(double, d)
RELAYOUT(float, f)
RELAYOUT(double, d)

/* ------------------------------------------------------ parallel drivers */
typedef struct job {
    lt_dtype dt;
    const geom *g;
    void *a, *b;
    const void *bias;
    int64_t nb, M, L;
    int to_mat;
} job;

static int im2col_range(int64_t r0, int64_t r1, void *p)
{
    const job *j = p;
    if (j->dt == LT_FLOAT) im2col_f(j->g, j->a, j->nb, j->b, r0, r1);
    else im2col_d(j->g, j->a, j->nb, j->b, r0, r1);
    return 0;
}

static int col2im_range(int64_t p0, int64_t p1, void *p)
{
    const job *j = p;
    if (j->dt == LT_FLOAT) col2im_f(j->g, j->a, j->nb, j->b, p0, p1);
    else col2im_d(j->g, j->a, j->nb, j->b, p0, p1);
    return 0;
}

static int relayout_range(int64_t m0, int64_t m1, void *p)
{
    const job *j = p;
    if (j->dt == LT_FLOAT) relayout_f(j->a, j->b, j->bias, j->nb, j->M, j->L, j->to_mat, m0, m1);
    else relayout_d(j->a, j->b, j->bias, j->nb, j->M, j->L, j->to_mat, m0, m1);
    return 0;
}

/* cols (K x nb*L) from nb images at in */
static lt_status im2col(lt_dtype dt, const geom *g, const void *in, int64_t nb, void *cols)
{
    job j = { dt, g, (void *)in, cols, NULL, nb, 0, 0, 0 };
    int64_t K = g->C * g->kH * g->kW;
    return ltI_nn_parallel(K, nb * g->oH * g->oW, im2col_range, &j);
}

/* nb images at out = folded cols */
static lt_status col2im(lt_dtype dt, const geom *g, const void *cols, int64_t nb, void *out)
{
    job j = { dt, g, (void *)cols, out, NULL, nb, 0, 0, 0 };
    return ltI_nn_parallel(nb * g->C, g->kH * g->kW * g->oH * g->oW, col2im_range, &j);
}

static lt_status relayout(lt_dtype dt, void *img, void *mat, const void *bias, int64_t nb,
                          int64_t M, int64_t L, int to_mat)
{
    job j = { dt, NULL, img, mat, bias, nb, M, L, to_mat };
    return ltI_nn_parallel(M, nb * L, relayout_range, &j);
}

/* --------------------------------------------------- direct convolution */
/* Layers with few taps (C*kH*kW <= DIRECT_MAX_K, e.g. LeNet's first layer:
** one plane, 5x5) at stride 1 are convolved directly.  im2col would copy
** the input K times and the product would pack that copy again, for a
** matrix too thin (a handful of output planes) to run BLAS well.
**
** The trick that makes the direct loops long: each input plane is copied
** once into a zero-padded plane of width Wp = W + 2*padW, and outputs are
** computed "wide", oH x Wp, the columns past oW being scratch.  Then tap
** (ki, kj) is ONE contiguous axpy, y[i] += w * xpad[i + ki*Wp + kj] over
** all oH*Wp positions, instead of oH short row loops; the weight gradient
** is one long dot product per tap (gradOutput widened with zero scratch
** columns) and the input gradient one axpy per tap into a padded plane. */
#define DIRECT_MAX_K 32

typedef struct djob {
    lt_dtype dt;
    int64_t N, C, H, W, O, oH, oW, kH, kW, padH, padW;
    const void *x, *w, *b, *g;    /* input, weight, bias, gradOutput */
    void *y;                       /* output / gradInput / gradWeight */
    void *gb;
    double scale;
} djob;

#define DIRECT(T, S)                                                                        \
    static inline void axpy_##S(T *restrict y, const T *restrict x, T a, int64_t n)         \
    {                                                                                       \
        for (int64_t i = 0; i < n; i++) y[i] += a * x[i];                                   \
    }                                                                                       \
    /* 16 independent partial sums: a single running sum is a dependency chain the     \
    ** compiler may not reorder (no -ffast-math), so it would run one add at a time */   \
    static inline T dotf_##S(const T *restrict a, const T *restrict b, int64_t n)           \
    {                                                                                       \
        T l[16] = { 0 };                                                                    \
        int64_t i = 0;                                                                      \
        for (; i + 16 <= n; i += 16)                                                        \
            for (int k = 0; k < 16; k++) l[k] += a[i + k] * b[i + k];                       \
        T s = 0;                                                                            \
        for (int k = 0; k < 16; k++) s += l[k];                                             \
        for (; i < n; i++) s += a[i] * b[i];                                                \
        return s;                                                                           \
    }                                                                                       \
    /* plane x (H x W) into xp ((Hp + 1) x Wp, zero border and spare row) */                \
    static void pad_##S(const djob *j, const T *x, T *xp)                                   \
    {                                                                                       \
        int64_t Wp = j->W + 2 * j->padW, Hp = j->H + 2 * j->padH;                           \
        memset(xp, 0, sizeof(T) * (size_t)((Hp + 1) * Wp));                                \
        for (int64_t h = 0; h < j->H; h++)                                                  \
            memcpy(xp + (h + j->padH) * Wp + j->padW, x + h * j->W, sizeof(T) * (size_t)j->W); \
    }                                                                                       \
    /* gradOutput plane (oH x oW) widened to oH x Wp with zero scratch columns */          \
    static void widen_##S(const djob *j, const T *g, T *gw)                                 \
    {                                                                                       \
        int64_t Wp = j->W + 2 * j->padW;                                                    \
        memset(gw, 0, sizeof(T) * (size_t)(j->oH * Wp));                                   \
        for (int64_t h = 0; h < j->oH; h++)                                                 \
            memcpy(gw + h * Wp, g + h * j->oW, sizeof(T) * (size_t)j->oW);                  \
    }                                                                                       \
    /* images [n0, n1): all their output planes */                                          \
    static int direct_fwd_##S(int64_t n0, int64_t n1, void *ctx)                            \
    {                                                                                       \
        const djob *j = ctx;                                                                \
        int64_t Wp = j->W + 2 * j->padW, Hp = j->H + 2 * j->padH, PP = (Hp + 1) * Wp;       \
        int64_t OL = j->oH * j->oW, WL = j->oH * Wp;                                        \
        T *buf = lt_malloc(sizeof(T) * (size_t)(j->C * PP + WL));                           \
        if (!buf) return 1;                                                                 \
        T *yw = buf + j->C * PP;                                                            \
        for (int64_t n = n0; n < n1; n++) {                                                 \
            for (int64_t c = 0; c < j->C; c++)                                              \
                pad_##S(j, (const T *)j->x + (n * j->C + c) * j->H * j->W, buf + c * PP);   \
            for (int64_t o = 0; o < j->O; o++) {                                            \
                memset(yw, 0, sizeof(T) * (size_t)WL);                                      \
                for (int64_t c = 0; c < j->C; c++) {                                        \
                    const T *wk = (const T *)j->w + (o * j->C + c) * j->kH * j->kW;         \
                    for (int64_t ki = 0; ki < j->kH; ki++)                                  \
                        for (int64_t kj = 0; kj < j->kW; kj++)                              \
                            axpy_##S(yw, buf + c * PP + ki * Wp + kj, wk[ki * j->kW + kj],  \
                                     WL);                                                   \
                }                                                                           \
                T *y = (T *)j->y + (n * j->O + o) * OL, bv = j->b ? ((const T *)j->b)[o] : 0; \
                for (int64_t h = 0; h < j->oH; h++)                                         \
                    for (int64_t w = 0; w < j->oW; w++) y[h * j->oW + w] = yw[h * Wp + w] + bv; \
            }                                                                               \
        }                                                                                   \
        lt_free(buf);                                                                       \
        return 0;                                                                           \
    }                                                                                       \
    /* input-gradient planes q = n*C + c */                                                 \
    static int direct_bi_##S(int64_t q0, int64_t q1, void *ctx)                             \
    {                                                                                       \
        const djob *j = ctx;                                                                \
        int64_t Wp = j->W + 2 * j->padW, Hp = j->H + 2 * j->padH, PP = (Hp + 1) * Wp;       \
        int64_t OL = j->oH * j->oW, WL = j->oH * Wp;                                        \
        T *buf = lt_malloc(sizeof(T) * (size_t)(PP + WL));                                  \
        if (!buf) return 1;                                                                 \
        T *gw = buf + PP;                                                                   \
        for (int64_t q = q0; q < q1; q++) {                                                 \
            int64_t n = q / j->C, c = q % j->C;                                             \
            memset(buf, 0, sizeof(T) * (size_t)PP);                                         \
            for (int64_t o = 0; o < j->O; o++) {                                            \
                widen_##S(j, (const T *)j->g + (n * j->O + o) * OL, gw);                    \
                const T *wk = (const T *)j->w + (o * j->C + c) * j->kH * j->kW;             \
                for (int64_t ki = 0; ki < j->kH; ki++)                                      \
                    for (int64_t kj = 0; kj < j->kW; kj++)                                  \
                        axpy_##S(buf + ki * Wp + kj, gw, wk[ki * j->kW + kj], WL);          \
            }                                                                               \
            T *gx = (T *)j->y + q * j->H * j->W;                                            \
            for (int64_t h = 0; h < j->H; h++)                                              \
                memcpy(gx + h * j->W, buf + (h + j->padH) * Wp + j->padW,                   \
                       sizeof(T) * (size_t)j->W);                                           \
        }                                                                                   \
        lt_free(buf);                                                                       \
        return 0;                                                                           \
    }                                                                                       \
    /* weight (and bias) gradients of output planes o in [o0, o1) */                        \
    static int direct_bp_##S(int64_t o0, int64_t o1, void *ctx)                             \
    {                                                                                       \
        const djob *j = ctx;                                                                \
        int64_t Wp = j->W + 2 * j->padW, Hp = j->H + 2 * j->padH, PP = (Hp + 1) * Wp;       \
        int64_t OL = j->oH * j->oW, WL = j->oH * Wp, K = j->C * j->kH * j->kW;              \
        T *buf = lt_malloc(sizeof(T) * (size_t)(j->C * PP + WL));                           \
        double *acc = lt_malloc(sizeof(double) * (size_t)(K + 1));                          \
        if (!buf || !acc) {                                                                 \
            lt_free(buf);                                                                   \
            lt_free(acc);                                                                   \
            return 1;                                                                       \
        }                                                                                   \
        T *gw = buf + j->C * PP;                                                            \
        for (int64_t o = o0; o < o1; o++) {                                                 \
            memset(acc, 0, sizeof(double) * (size_t)(K + 1));                               \
            for (int64_t n = 0; n < j->N; n++) {                                            \
                const T *g = (const T *)j->g + (n * j->O + o) * OL;                         \
                if (j->gb) {                                                                \
                    T l[16] = { 0 }, s = 0;                                                 \
                    int64_t i = 0;                                                          \
                    for (; i + 16 <= OL; i += 16)                                           \
                        for (int k = 0; k < 16; k++) l[k] += g[i + k];                      \
                    for (int k = 0; k < 16; k++) s += l[k];                                 \
                    for (; i < OL; i++) s += g[i];                                          \
                    acc[K] += s;                                                            \
                }                                                                           \
                if (!j->y) continue;                                                        \
                widen_##S(j, g, gw);                                                        \
                for (int64_t c = 0; c < j->C; c++) {                                        \
                    pad_##S(j, (const T *)j->x + (n * j->C + c) * j->H * j->W, buf + c * PP); \
                    for (int64_t ki = 0; ki < j->kH; ki++)                                  \
                        for (int64_t kj = 0; kj < j->kW; kj++)                              \
                            acc[(c * j->kH + ki) * j->kW + kj] +=                           \
                                dotf_##S(gw, buf + c * PP + ki * Wp + kj, WL);              \
                }                                                                           \
            }                                                                               \
            if (j->y)                                                                       \
                for (int64_t k = 0; k < K; k++)                                             \
                    ((T *)j->y)[o * K + k] += (T)(j->scale * acc[k]);                       \
            if (j->gb) ((T *)j->gb)[o] += (T)(j->scale * acc[K]);                           \
        }                                                                                   \
        lt_free(buf);                                                                       \
        lt_free(acc);                                                                       \
        return 0;                                                                           \
    }

DIRECT(float, f)
DIRECT(double, d)


/* ------------------------------------------------------------- checking */
static lt_status check_geometry(const lt_conv2d *p)
{
    if (p->kW < 1 || p->kH < 1)
        return ltI_err(LT_EARG, 0, "kernel size must be positive (got %dx%d)", p->kH, p->kW);
    if (p->dW < 1 || p->dH < 1)
        return ltI_err(LT_EARG, 0, "stride must be positive (got %dx%d)", p->dH, p->dW);
    if (p->dilW < 1 || p->dilH < 1)
        return ltI_err(LT_EARG, 0, "dilation must be positive (got %dx%d)", p->dilH, p->dilW);
    if (p->padW < 0 || p->padH < 0)
        return ltI_err(LT_EARG, 0, "padding must be non-negative (got %dx%d)", p->padH,
                       p->padW);
    return LT_OK;
}

/* The convolution's problem: input image, kernel, output positions. */
typedef struct problem {
    lt_dtype dt;
    int batch;
    int64_t N, C, H, W, O, oH, oW;
} problem;

static int use_direct(const problem *pr, const lt_conv2d *p)
{
    return p->dW == 1 && p->dH == 1 && p->dilW == 1 && p->dilH == 1 &&
           pr->C * p->kH * p->kW <= DIRECT_MAX_K;
}

static djob direct_job(const problem *pr, const lt_conv2d *p)
{
    djob j = { .dt = pr->dt, .N = pr->N, .C = pr->C, .H = pr->H, .W = pr->W, .O = pr->O,
               .oH = pr->oH, .oW = pr->oW, .kH = p->kH, .kW = p->kW, .padH = p->padH,
               .padW = p->padW, .scale = 1 };
    return j;
}

/* transposed: w is (C, O, kH, kW); else (O, C, kH, kW) or (O, C*kH*kW) */
static lt_status check_conv(problem *pr, const lt_tensor *in, int in_arg, const lt_tensor *w,
                            int w_arg, const lt_conv2d *p, int transposed)
{
    char a[LT_SHAPE_BUF], b[LT_SHAPE_BUF];
    LT_TRY(check_geometry(p));
    LT_TRY(ltI_nn_check(in, in_arg, "input", 3, 4, -1));
    LT_TRY(ltI_nn_check(w, w_arg, "weight", transposed ? 4 : 2, 4, in->dtype));
    pr->dt = in->dtype;
    pr->batch = in->ndim == 4;
    int o = pr->batch;
    pr->N = pr->batch ? in->size[0] : 1;
    pr->C = in->size[o];
    pr->H = in->size[o + 1];
    pr->W = in->size[o + 2];
    int64_t kk = (int64_t)p->kH * p->kW;
    if (transposed) {
        if (w->size[0] != pr->C || w->size[2] != p->kH || w->size[3] != p->kW)
            return ltI_err(LT_ESIZE, w_arg, "weight must be %lldx?x%dx%d for input %s (got %s)",
                           (long long)pr->C, p->kH, p->kW, ltI_shape(in, a), ltI_shape(w, b));
        pr->O = w->size[1];
        if (p->adjW < 0 || p->adjH < 0 || (p->adjW >= p->dW && p->adjW >= p->dilW) ||
            (p->adjH >= p->dH && p->adjH >= p->dilH))
            return ltI_err(LT_EARG, 0, "output adjustment must be smaller than the stride or "
                           "the dilation (got %dx%d for stride %dx%d)", p->adjH, p->adjW,
                           p->dH, p->dW);
        pr->oH = (pr->H - 1) * p->dH - 2 * (int64_t)p->padH + (int64_t)p->dilH * (p->kH - 1) +
                 1 + p->adjH;
        pr->oW = (pr->W - 1) * p->dW - 2 * (int64_t)p->padW + (int64_t)p->dilW * (p->kW - 1) +
                 1 + p->adjW;
    } else {
        pr->O = w->size[0];
        int ok = w->ndim == 4 ? w->size[1] == pr->C && w->size[2] == p->kH && w->size[3] == p->kW
               : w->ndim == 2 ? w->size[1] == pr->C * kk : 0;
        if (!ok)
            return ltI_err(LT_ESIZE, w_arg, "weight must be nOutputPlane x %lldx%dx%d for input %s "
                           "(got %s)", (long long)pr->C,
                           p->kH, p->kW, ltI_shape(in, a), ltI_shape(w, b));
        int64_t eh = pr->H + 2 * (int64_t)p->padH - (int64_t)p->dilH * (p->kH - 1) - 1;
        int64_t ew = pr->W + 2 * (int64_t)p->padW - (int64_t)p->dilW * (p->kW - 1) - 1;
        pr->oH = eh < 0 ? 0 : eh / p->dH + 1;
        pr->oW = ew < 0 ? 0 : ew / p->dW + 1;
    }
    if (pr->oH < 1 || pr->oW < 1 || pr->C < 1 || pr->O < 1)
        return ltI_err(LT_ESIZE, in_arg, "input %s is too small for a %dx%d kernel with "
                       "padding %dx%d and dilation %dx%d (output %lldx%lld)", ltI_shape(in, a),
                       p->kH, p->kW, p->padH, p->padW, p->dilH, p->dilW, (long long)pr->oH,
                       (long long)pr->oW);
    /* one image's column matrix (C*kH*kW x oH*oW, either side) must be addressable */
    int64_t k1, k2, l1, l2;
    if (ltI_mul_overflow(pr->C > pr->O ? pr->C : pr->O, kk, &k1) ||
        ltI_mul_overflow(pr->oH, pr->oW, &l1) || ltI_mul_overflow(pr->H, pr->W, &l2) ||
        ltI_mul_overflow(k1, l1 > l2 ? l1 : l2, &k2) || k2 > ((int64_t)1 << 40))
        return ltI_err(LT_ESIZE, in_arg, "convolution of input %s with a %dx%d kernel is too "
                       "large (output %lldx%lld)", ltI_shape(in, a), p->kH, p->kW,
                       (long long)pr->oH, (long long)pr->oW);
    return LT_OK;
}

static lt_status check_bias(const lt_tensor *b, int arg, const problem *pr)
{
    char s[LT_SHAPE_BUF];
    if (!b) return LT_OK;
    LT_TRY(ltI_nn_check(b, arg, "bias", 1, 1, pr->dt));
    if (b->size[0] != pr->O)
        return ltI_err(LT_ESIZE, arg, "bias must have %lld elements (got %s)", (long long)pr->O,
                       ltI_shape(b, s));
    return LT_OK;
}

/* gout must be (N, O, oH, oW), or (O, oH, oW) for one image */
static lt_status check_out_like(const lt_tensor *t, int arg, const char *what, const problem *pr,
                                int64_t c, int64_t h, int64_t w)
{
    char s[LT_SHAPE_BUF];
    LT_TRY(ltI_nn_check(t, arg, what, 3, 4, pr->dt));
    int64_t want[4] = { pr->N, c, h, w };
    int o = pr->batch ? 0 : 1;
    if (t->ndim != 4 - o || !ltI_dims_eq(t->size, want + o, 4 - o)) {
        char e[LT_SHAPE_BUF];
        ltI_shape_of(4 - o, want + o, e, sizeof e);
        return ltI_err(LT_ESIZE, arg, "%s must be %s (got %s)", what, e, ltI_shape(t, s));
    }
    return LT_OK;
}

static void out_shape(const problem *pr, int64_t c, int64_t h, int64_t w, int *nd, int64_t *sz)
{
    int64_t full[4] = { pr->N, c, h, w };
    int o = pr->batch ? 0 : 1;
    *nd = 4 - o;
    for (int i = 0; i < *nd; i++) sz[i] = full[i + o];
}

/* Images per chunk: the column buffer (K x nb*L) stays below CHUNK_ELEMS. */
static int64_t chunk_images(int64_t N, int64_t K, int64_t L)
{
    int64_t per = K * L, nb = per > 0 ? CHUNK_ELEMS / per : N;
    if (nb < 1) nb = 1;
    return nb > N ? N : nb;
}

/* Column and relayout buffers are reused from call to call (per thread):
** a training loop convolves the same shapes every step, and fresh blocks
** of this size come from mmap, so each call would otherwise pay a page
** fault per 4 KiB.  Blocks above WS_KEEP are freed after use. */
#define WS_KEEP ((size_t)64 << 20)
static _Thread_local struct { void *p; size_t n; } ws[2];

static void *ws_get(int slot, size_t bytes)
{
    if (bytes == 0) bytes = 1;
    if (ws[slot].n >= bytes) return ws[slot].p;
    lt_free(ws[slot].p);
    ws[slot].p = lt_malloc(bytes);
    ws[slot].n = ws[slot].p ? bytes : 0;
    return ws[slot].p;
}

static void ws_done(void)
{
    for (int i = 0; i < 2; i++)
        if (ws[i].n > WS_KEEP) {
            lt_free(ws[i].p);
            ws[i].p = NULL;
            ws[i].n = 0;
        }
}

static void release_all(lt_tensor **t, int n)
{
    for (int i = 0; i < n; i++)
        if (t[i]) lt_tensor_release(t[i]);
}

/* Row sums for the bias gradient: 16 partial sums per block of 4096 (so the
** compiler vectorises), blocks added in double. */
#define ROWSUM(T, S)                                                                        \
    static double sum_##S(const T *restrict r, int64_t n)                                   \
    {                                                                                       \
        double acc = 0;                                                                     \
        for (int64_t b = 0; b < n; b += 4096) {                                             \
            int64_t e = b + 4096 < n ? b + 4096 : n, i = b;                                 \
            T l[16] = { 0 }, s = 0;                                                         \
            for (; i + 16 <= e; i += 16)                                                    \
                for (int k = 0; k < 16; k++) l[k] += r[i + k];                              \
            for (int k = 0; k < 16; k++) s += l[k];                                         \
            for (; i < e; i++) s += r[i];                                                   \
            acc += s;                                                                       \
        }                                                                                   \
        return acc;                                                                         \
    }
ROWSUM(float, f)
ROWSUM(double, d)

/* -------------------------------------------------------------- the cores */
/* Core A: mat_out (M x nb*L) = Wm (M x K) * im2col(src), then
** scattered into dst images (nb, M, L) (+ bias).  Wm: row-major M x K. */
static lt_status core_unfold_gemm(const problem *pr, const geom *g, const char *src,
                                  int64_t src_img, const void *Wm, int64_t M, const void *bias,
                                  char *dst, int64_t dst_img, int64_t nbeg, int64_t nend)
{
    size_t es = lt_dtypes[pr->dt].size;
    int64_t K = g->C * g->kH * g->kW, L = g->oH * g->oW;
    int64_t nb = chunk_images(nend - nbeg, K, L);
    void *cols = ws_get(0, es * (size_t)(K * nb * L));
    void *mat = nb > 1 || bias ? ws_get(1, es * (size_t)(M * nb * L)) : NULL;
    lt_status st = LT_OK;
    if (!cols || ((nb > 1 || bias) && !mat)) {
        st = ltI_err(LT_ENOMEM, 0, "not enough memory for the column buffer");
        goto done;
    }
    for (int64_t n0 = nbeg; n0 < nend && st == LT_OK; n0 += nb) {
        int64_t cur = nend - n0 < nb ? nend - n0 : nb;
        if (lt_cancel_requested()) {
            st = ltI_err(LT_ECANCEL, 0, "interrupted");
            break;
        }
        if ((st = im2col(pr->dt, g, src + (size_t)(n0 * src_img) * es, cur, cols))) break;
        char *d = dst + (size_t)(n0 * dst_img) * es;
        void *res = mat ? mat : d;
        if ((st = ltI_nn_gemm(pr->dt, NOTRANS, NOTRANS, M, cur * L, K, 1.0, Wm, K, cols, cur * L,
                              0.0, res, cur * L)))
            break;
        if (mat) st = relayout(pr->dt, d, mat, bias, cur, M, L, 0);
    }
done:
    ws_done();
    return st;
}

/* Core B: dst images = col2im(Wm^T (K x M) * src as (M x nb*L)).  Wm: M x K;
** bias (per channel of g) added after folding when given. */
static lt_status core_gemm_fold(const problem *pr, const geom *g, const char *src,
                                int64_t src_img, const void *Wm, int64_t M, const void *bias,
                                char *dst, int64_t dst_img, int64_t nbeg, int64_t nend)
{
    size_t es = lt_dtypes[pr->dt].size;
    int64_t K = g->C * g->kH * g->kW, L = g->oH * g->oW;
    int64_t nb = chunk_images(nend - nbeg, K, L);
    void *cols = ws_get(0, es * (size_t)(K * nb * L));
    void *mat = nb > 1 ? ws_get(1, es * (size_t)(M * nb * L)) : NULL;
    lt_status st = LT_OK;
    if (!cols || (nb > 1 && !mat)) {
        st = ltI_err(LT_ENOMEM, 0, "not enough memory for the column buffer");
        goto done;
    }
    for (int64_t n0 = nbeg; n0 < nend && st == LT_OK; n0 += nb) {
        int64_t cur = nend - n0 < nb ? nend - n0 : nb;
        if (lt_cancel_requested()) {
            st = ltI_err(LT_ECANCEL, 0, "interrupted");
            break;
        }
        char *s = (char *)src + (size_t)(n0 * src_img) * es;
        const void *m = s;
        if (mat) {
            if ((st = relayout(pr->dt, s, mat, NULL, cur, M, L, 1))) break;
            m = mat;
        }
        if ((st = ltI_nn_gemm(pr->dt, TRANS, NOTRANS, K, cur * L, M, 1.0, Wm, K, m, cur * L, 0.0,
                              cols, cur * L)))
            break;
        char *d = dst + (size_t)(n0 * dst_img) * es;
        if ((st = col2im(pr->dt, g, cols, cur, d))) break;
        if (bias) {
            int64_t HW = g->H * g->W;
            for (int64_t b = 0; b < cur; b++)
                for (int64_t c = 0; c < g->C; c++) {
                    if (pr->dt == LT_FLOAT) {
                        float *x = (float *)d + (b * g->C + c) * HW, bv = ((const float *)bias)[c];
                        for (int64_t i = 0; i < HW; i++) x[i] += bv;
                    } else {
                        double *x = (double *)d + (b * g->C + c) * HW;
                        double bv = ((const double *)bias)[c];
                        for (int64_t i = 0; i < HW; i++) x[i] += bv;
                    }
                }
        }
    }
done:
    ws_done();
    return st;
}

/* Core C: gW (M x K) += scale * mat(src images (nb, M, L)) * im2col(img)^T;
** gb (M) += scale * row sums of mat when gb is given. */
static lt_status core_grad_params(const problem *pr, const geom *g, const char *img,
                                  int64_t img_sz, const char *src, int64_t src_img, int64_t M,
                                  void *gW, void *gb, double scale, int64_t nbeg, int64_t nend)
{
    size_t es = lt_dtypes[pr->dt].size;
    int64_t K = g->C * g->kH * g->kW, L = g->oH * g->oW;
    int64_t nb = chunk_images(nend - nbeg, K, L);
    void *cols = gW ? ws_get(0, es * (size_t)(K * nb * L)) : NULL;
    void *mat = nb > 1 ? ws_get(1, es * (size_t)(M * nb * L)) : NULL;
    lt_status st = LT_OK;
    if ((gW && !cols) || (nb > 1 && !mat)) {
        st = ltI_err(LT_ENOMEM, 0, "not enough memory for the column buffer");
        goto done;
    }
    for (int64_t n0 = nbeg; n0 < nend && st == LT_OK; n0 += nb) {
        int64_t cur = nend - n0 < nb ? nend - n0 : nb;
        if (lt_cancel_requested()) {
            st = ltI_err(LT_ECANCEL, 0, "interrupted");
            break;
        }
        char *s = (char *)src + (size_t)(n0 * src_img) * es;
        const void *m = s;
        if (mat) {
            if ((st = relayout(pr->dt, s, mat, NULL, cur, M, L, 1))) break;
            m = mat;
        }
        if (gW) {
            if ((st = im2col(pr->dt, g, img + (size_t)(n0 * img_sz) * es, cur, cols))) break;
            if ((st = ltI_nn_gemm(pr->dt, NOTRANS, TRANS, M, K, cur * L, scale, m, cur * L, cols,
                                  cur * L, 1.0, gW, K)))
                break;
        }
        if (gb) {
            int64_t n = cur * L;
            for (int64_t o = 0; o < M; o++) {
                if (pr->dt == LT_FLOAT)
                    ((float *)gb)[o] += (float)(scale * sum_f((const float *)m + o * n, n));
                else
                    ((double *)gb)[o] += scale * sum_d((const double *)m + o * n, n);
            }
        }
    }
done:
    ws_done();
    return st;
}

/* ------------------------------------------------- batch-parallel driver */
/* A batch is split into one contiguous range of images per thread, each
** running its core with single-threaded BLAS: the threads then meet once
** per call instead of inside every product, im2col and copy, and
** OpenBLAS's own workers (which busy-wait between products) stay idle.
** Parameter gradients are accumulated per range and summed after the join.
** Small jobs, single images and nested calls run as one range on the
** calling thread (with OpenBLAS threading the products). */
enum { CORE_UNFOLD_GEMM, CORE_GEMM_FOLD, CORE_GRAD_PARAMS };
#define MAX_PARTS 64

typedef struct corejob {
    int kind;
    const problem *pr;
    const geom *g;
    const char *src, *img;
    int64_t src_img, img_sz, M;
    const void *Wm, *bias;
    char *dst;
    int64_t dst_img;
    void *gW, *gb;
    double scale;
    int parts;
    void *pw[MAX_PARTS], *pb[MAX_PARTS];    /* per-range gradients (range 0: gW/gb) */
    lt_status st[MAX_PARTS];
    char msg[MAX_PARTS][160];
} corejob;

static lt_status core_range(corejob *j, int part, int64_t nbeg, int64_t nend)
{
    switch (j->kind) {
    case CORE_UNFOLD_GEMM:
        return core_unfold_gemm(j->pr, j->g, j->src, j->src_img, j->Wm, j->M, j->bias, j->dst,
                                j->dst_img, nbeg, nend);
    case CORE_GEMM_FOLD:
        return core_gemm_fold(j->pr, j->g, j->src, j->src_img, j->Wm, j->M, j->bias, j->dst,
                              j->dst_img, nbeg, nend);
    default:
        return core_grad_params(j->pr, j->g, j->img, j->img_sz, j->src, j->src_img, j->M,
                                j->pw[part], j->pb[part], j->scale, nbeg, nend);
    }
}

static int core_part(int64_t p0, int64_t p1, void *ctx)
{
    corejob *j = ctx;
    int64_t N = j->pr->N;
    for (int64_t p = p0; p < p1; p++) {
        j->st[p] = core_range(j, (int)p, N * p / j->parts, N * (p + 1) / j->parts);
        if (j->st[p] != LT_OK) snprintf(j->msg[p], sizeof j->msg[p], "%s", lt_errmsg());
    }
    return 0;
}

static lt_status run_core(corejob *j)
{
    const problem *pr = j->pr;
    const geom *g = j->g;
    int64_t K = g->C * g->kH * g->kW, L = g->oH * g->oW;
    int nt = lt_get_num_threads();
    int64_t work = pr->N * (K + j->M) * L;
    j->pw[0] = j->gW;
    j->pb[0] = j->gb;
    if (nt < 2 || pr->N < 2 || work < LT_NN_PAR_MIN || ltI_in_parallel())
        return core_range(j, 0, 0, pr->N);
    const ltI_blas *bl = ltI_blas_get();
    if (!bl) return LT_EARG;
    j->parts = (int)(pr->N < nt ? pr->N : nt);
    if (j->parts > MAX_PARTS) j->parts = MAX_PARTS;
    size_t es = lt_dtypes[pr->dt].size;
    lt_status st = LT_OK;
    for (int p = 1; p < j->parts; p++) {
        j->pw[p] = j->gW ? calloc((size_t)(j->M * K), es) : NULL;
        j->pb[p] = j->gb ? calloc((size_t)j->M, es) : NULL;
        if ((j->gW && !j->pw[p]) || (j->gb && !j->pb[p]))
            st = ltI_err(LT_ENOMEM, 0, "not enough memory for the gradient partials");
    }
    if (st == LT_OK) {
        if (bl->set_num_threads) bl->set_num_threads(1);
        st = ltI_parallel_for(j->parts, 1, core_part, j);
        if (bl->set_num_threads) bl->set_num_threads(nt);
        for (int p = 0; p < j->parts && st == LT_OK; p++)
            if (j->st[p] != LT_OK) st = ltI_err(j->st[p], 0, "%s", j->msg[p]);
    }
    /* sum the partial gradients into range 0's */
    for (int p = 1; p < j->parts; p++) {
        for (int w = 0; w < 2; w++) {
            void *dst = w ? j->gb : j->gW, *src = w ? j->pb[p] : j->pw[p];
            int64_t n = w ? j->M : j->M * K;
            if (st == LT_OK && dst && src) {
                if (pr->dt == LT_FLOAT)
                    for (int64_t i = 0; i < n; i++) ((float *)dst)[i] += ((float *)src)[i];
                else
                    for (int64_t i = 0; i < n; i++) ((double *)dst)[i] += ((double *)src)[i];
            }
        }
        free(j->pw[p]);
        free(j->pb[p]);
    }
    return st;
}

/* The image unfolded by a convolution: its input, at its output positions. */
static geom conv_geom(const problem *pr, const lt_conv2d *p, int transposed)
{
    geom g = { transposed ? pr->O : pr->C, transposed ? pr->oH : pr->H,
               transposed ? pr->oW : pr->W, transposed ? pr->H : pr->oH,
               transposed ? pr->W : pr->oW, p->kH, p->kW, p->dH, p->dW, p->padH, p->padW,
               p->dilH, p->dilW };
    return g;
}

/* ----------------------------------------------------------- convolution */
lt_status lt_nn_conv2d(lt_tensor *out, const lt_tensor *in, const lt_tensor *w,
                       const lt_tensor *b, const lt_conv2d *p)
{
    problem pr;
    LT_TRY(check_conv(&pr, in, 2, w, 3, p, 0));
    LT_TRY(check_bias(b, 4, &pr));
    lt_tensor *t[4] = { 0 }, *work = NULL;
    lt_status st;
    int nd;
    int64_t sz[4];
    out_shape(&pr, pr.O, pr.oH, pr.oW, &nd, sz);
    if ((st = ltI_nn_contig(in, &t[0])) || (st = ltI_nn_contig(w, &t[1])) ||
        (b && (st = ltI_nn_contig(b, &t[2]))))
        goto done;
    if ((st = ltI_nn_out_begin(out, 1, pr.dt, nd, sz, 0, &work))) goto done;
    geom g = conv_geom(&pr, p, 0);
    if (use_direct(&pr, p)) {
        djob dj = direct_job(&pr, p);
        dj.x = ltI_data(t[0]);
        dj.w = ltI_data(t[1]);
        dj.b = b ? ltI_data(t[2]) : NULL;
        dj.y = ltI_data(work);
        st = ltI_nn_parallel(pr.N, pr.O * pr.oH * pr.oW * pr.C * p->kH * p->kW,
                             pr.dt == LT_FLOAT ? direct_fwd_f : direct_fwd_d, &dj);
    } else {
        corejob j = { .kind = CORE_UNFOLD_GEMM, .pr = &pr, .g = &g, .src = ltI_data(t[0]),
                      .src_img = pr.C * pr.H * pr.W, .Wm = ltI_data(t[1]), .M = pr.O,
                      .bias = b ? ltI_data(t[2]) : NULL, .dst = ltI_data(work),
                      .dst_img = pr.O * pr.oH * pr.oW };
        st = run_core(&j);
    }
    st = ltI_nn_out_end(out, work, st);
done:
    release_all(t, 4);
    return st;
}

lt_status lt_nn_conv2d_backward_input(lt_tensor *gin, const lt_tensor *in,
                                      const lt_tensor *gout, const lt_tensor *w,
                                      const lt_conv2d *p)
{
    problem pr;
    LT_TRY(check_conv(&pr, in, 2, w, 4, p, 0));
    LT_TRY(check_out_like(gout, 3, "gradOutput", &pr, pr.O, pr.oH, pr.oW));
    lt_tensor *t[2] = { 0 }, *work = NULL;
    lt_status st;
    if ((st = ltI_nn_contig(gout, &t[0])) || (st = ltI_nn_contig(w, &t[1]))) goto done;
    if ((st = ltI_nn_out_begin(gin, 1, pr.dt, in->ndim, in->size, 0, &work))) goto done;
    geom g = conv_geom(&pr, p, 0);
    if (use_direct(&pr, p)) {
        djob dj = direct_job(&pr, p);
        dj.g = ltI_data(t[0]);
        dj.w = ltI_data(t[1]);
        dj.y = ltI_data(work);
        st = ltI_nn_parallel(pr.N * pr.C, pr.oH * pr.oW * pr.O * p->kH * p->kW,
                             pr.dt == LT_FLOAT ? direct_bi_f : direct_bi_d, &dj);
    } else {
        corejob j = { .kind = CORE_GEMM_FOLD, .pr = &pr, .g = &g, .src = ltI_data(t[0]),
                      .src_img = pr.O * pr.oH * pr.oW, .Wm = ltI_data(t[1]), .M = pr.O,
                      .dst = ltI_data(work), .dst_img = pr.C * pr.H * pr.W };
        st = run_core(&j);
    }
    st = ltI_nn_out_end(gin, work, st);
done:
    release_all(t, 2);
    return st;
}

/* gw/gb must be the weight's/bias's shape; accumulated through a contiguous work copy. */
static lt_status grads_begin(lt_tensor *gw, lt_tensor *gb, const problem *pr, int64_t wnumel,
                             lt_tensor **ww, lt_tensor **wb)
{
    char s[LT_SHAPE_BUF];
    *ww = *wb = NULL;
    if (gw) {
        LT_TRY(ltI_nn_check(gw, 1, "gradWeight", 1, 4, pr->dt));
        if (lt_numel(gw) != wnumel)
            return ltI_err(LT_ESIZE, 1, "gradWeight must have %lld elements (got %s)",
                           (long long)wnumel, ltI_shape(gw, s));
        LT_TRY(ltI_nn_out_begin(gw, 1, pr->dt, gw->ndim, gw->size, 1, ww));
    }
    if (gb) {
        lt_status st = ltI_nn_check(gb, 2, "gradBias", 1, 1, pr->dt);
        if (st == LT_OK && gb->size[0] != pr->O)
            st = ltI_err(LT_ESIZE, 2, "gradBias must have %lld elements (got %s)",
                         (long long)pr->O, ltI_shape(gb, s));
        if (st == LT_OK) st = ltI_nn_out_begin(gb, 2, pr->dt, 1, gb->size, 1, wb);
        if (st != LT_OK) {
            if (*ww) lt_tensor_release(*ww);
            *ww = NULL;
            return st;
        }
    }
    return LT_OK;
}

static lt_status grads_end(lt_tensor *gw, lt_tensor *gb, lt_tensor *ww, lt_tensor *wb,
                           lt_status st)
{
    if (ww) st = ltI_nn_out_end(gw, ww, st);
    if (wb) st = ltI_nn_out_end(gb, wb, st);
    return st;
}

lt_status lt_nn_conv2d_backward_params(lt_tensor *gw, lt_tensor *gb, const lt_tensor *in,
                                       const lt_tensor *gout, double scale,
                                       const lt_conv2d *p)
{
    problem pr;
    LT_TRY(check_geometry(p));
    LT_TRY(ltI_nn_check(in, 3, "input", 3, 4, -1));
    if (!gw && !gb) return LT_OK;
    if (gw && gw->ndim == 0) return ltI_err(LT_ESIZE, 1, "gradWeight is empty");
    if (gb && gb->ndim == 0) return ltI_err(LT_ESIZE, 2, "gradBias is empty");
    /* the weight's shape for the checks: gw itself, or (O, C*kH*kW) with O from gb
    ** (a stride-0 view of gb, which has storage) */
    lt_tensor wv;
    if (gw) {
        ltI_view_init(&wv, gw);
    } else {
        ltI_view_init(&wv, gb);
        wv.ndim = 2;
        wv.size[0] = gb->size[0];
        wv.size[1] = (int64_t)(in->ndim == 4 ? in->size[1] : in->size[0]) * p->kH * p->kW;
        wv.stride[0] = wv.stride[1] = 0;
    }
    LT_TRY(check_conv(&pr, in, 3, &wv, 1, p, 0));
    LT_TRY(check_out_like(gout, 4, "gradOutput", &pr, pr.O, pr.oH, pr.oW));
    lt_tensor *t[2] = { 0 }, *ww, *wb;
    lt_status st;
    if ((st = ltI_nn_contig(in, &t[0])) || (st = ltI_nn_contig(gout, &t[1]))) goto done;
    if ((st = grads_begin(gw, gb, &pr, pr.O * pr.C * p->kH * p->kW, &ww, &wb))) goto done;
    geom g = conv_geom(&pr, p, 0);
    if (use_direct(&pr, p)) {
        djob dj = direct_job(&pr, p);
        dj.x = ltI_data(t[0]);
        dj.g = ltI_data(t[1]);
        dj.y = ww ? ltI_data(ww) : NULL;
        dj.gb = wb ? ltI_data(wb) : NULL;
        dj.scale = scale;
        st = ltI_nn_parallel(pr.O, pr.N * pr.oH * pr.oW * (pr.C * p->kH * p->kW + 1),
                             pr.dt == LT_FLOAT ? direct_bp_f : direct_bp_d, &dj);
    } else {
        corejob j = { .kind = CORE_GRAD_PARAMS, .pr = &pr, .g = &g, .img = ltI_data(t[0]),
                      .img_sz = pr.C * pr.H * pr.W, .src = ltI_data(t[1]),
                      .src_img = pr.O * pr.oH * pr.oW, .M = pr.O,
                      .gW = ww ? ltI_data(ww) : NULL, .gb = wb ? ltI_data(wb) : NULL,
                      .scale = scale };
        st = run_core(&j);
    }
    st = grads_end(gw, gb, ww, wb, st);
done:
    release_all(t, 2);
    return st;
}

/* ------------------------------------------------- transposed convolution */
lt_status lt_nn_convT2d(lt_tensor *out, const lt_tensor *in, const lt_tensor *w,
                        const lt_tensor *b, const lt_conv2d *p)
{
    problem pr;
    LT_TRY(check_conv(&pr, in, 2, w, 3, p, 1));
    LT_TRY(check_bias(b, 4, &pr));
    lt_tensor *t[3] = { 0 }, *work = NULL;
    lt_status st;
    int nd;
    int64_t sz[4];
    out_shape(&pr, pr.O, pr.oH, pr.oW, &nd, sz);
    if ((st = ltI_nn_contig(in, &t[0])) || (st = ltI_nn_contig(w, &t[1])) ||
        (b && (st = ltI_nn_contig(b, &t[2]))))
        goto done;
    if ((st = ltI_nn_out_begin(out, 1, pr.dt, nd, sz, 0, &work))) goto done;
    geom g = conv_geom(&pr, p, 1);
    corejob j = { .kind = CORE_GEMM_FOLD, .pr = &pr, .g = &g, .src = ltI_data(t[0]),
                  .src_img = pr.C * pr.H * pr.W, .Wm = ltI_data(t[1]), .M = pr.C,
                  .bias = b ? ltI_data(t[2]) : NULL, .dst = ltI_data(work),
                  .dst_img = pr.O * pr.oH * pr.oW };
    st = run_core(&j);
    st = ltI_nn_out_end(out, work, st);
done:
    release_all(t, 3);
    return st;
}

lt_status lt_nn_convT2d_backward_input(lt_tensor *gin, const lt_tensor *in,
                                       const lt_tensor *gout, const lt_tensor *w,
                                       const lt_conv2d *p)
{
    problem pr;
    LT_TRY(check_conv(&pr, in, 2, w, 4, p, 1));
    LT_TRY(check_out_like(gout, 3, "gradOutput", &pr, pr.O, pr.oH, pr.oW));
    lt_tensor *t[2] = { 0 }, *work = NULL;
    lt_status st;
    if ((st = ltI_nn_contig(gout, &t[0])) || (st = ltI_nn_contig(w, &t[1]))) goto done;
    if ((st = ltI_nn_out_begin(gin, 1, pr.dt, in->ndim, in->size, 0, &work))) goto done;
    geom g = conv_geom(&pr, p, 1);
    corejob j = { .kind = CORE_UNFOLD_GEMM, .pr = &pr, .g = &g, .src = ltI_data(t[0]),
                  .src_img = pr.O * pr.oH * pr.oW, .Wm = ltI_data(t[1]), .M = pr.C,
                  .dst = ltI_data(work), .dst_img = pr.C * pr.H * pr.W };
    st = run_core(&j);
    st = ltI_nn_out_end(gin, work, st);
done:
    release_all(t, 2);
    return st;
}

lt_status lt_nn_convT2d_backward_params(lt_tensor *gw, lt_tensor *gb, const lt_tensor *in,
                                        const lt_tensor *gout, double scale,
                                        const lt_conv2d *p)
{
    problem pr;
    char s[LT_SHAPE_BUF];
    LT_TRY(check_geometry(p));
    LT_TRY(ltI_nn_check(in, 3, "input", 3, 4, -1));
    if (!gw && !gb) return LT_OK;
    if (gw) LT_TRY(ltI_nn_check(gw, 1, "gradWeight", 4, 4, in->dtype));
    if (gb) LT_TRY(ltI_nn_check(gb, 2, "gradBias", 1, 1, in->dtype));
    /* the weight's shape: gw's, or (C, O, kH, kW) with O from gb (a stride-0 view of gb) */
    lt_tensor wv;
    ltI_view_init(&wv, gw ? gw : gb);
    if (!gw) {
        int64_t wsz[4] = { in->ndim == 4 ? in->size[1] : in->size[0], gb->size[0], p->kH, p->kW };
        wv.ndim = 4;
        ltI_dims_copy(wv.size, wsz, 4);
        for (int i = 0; i < 4; i++) wv.stride[i] = 0;
    }
    LT_TRY(check_conv(&pr, in, 3, &wv, 1, p, 1));
    LT_TRY(check_out_like(gout, 4, "gradOutput", &pr, pr.O, pr.oH, pr.oW));
    (void)s;
    lt_tensor *t[2] = { 0 }, *ww, *wb;
    lt_status st;
    if ((st = ltI_nn_contig(in, &t[0])) || (st = ltI_nn_contig(gout, &t[1]))) goto done;
    if ((st = grads_begin(gw, gb, &pr, pr.C * pr.O * p->kH * p->kW, &ww, &wb))) goto done;
    geom g = conv_geom(&pr, p, 1);
    /* gW (C x O*kk) += in (C x nb*L) * im2col(gout)^T */
    corejob j = { .kind = CORE_GRAD_PARAMS, .pr = &pr, .g = &g, .img = ltI_data(t[1]),
                  .img_sz = pr.O * pr.oH * pr.oW, .src = ltI_data(t[0]),
                  .src_img = pr.C * pr.H * pr.W, .M = pr.C, .gW = ww ? ltI_data(ww) : NULL,
                  .scale = scale };
    st = run_core(&j);
    if (st == LT_OK && wb) {
        /* gb[o] += scale * sum of gout over images and positions */
        int64_t HW = pr.oH * pr.oW;
        for (int64_t o = 0; o < pr.O; o++) {
            double acc = 0;
            for (int64_t n = 0; n < pr.N; n++) {
                int64_t base = (n * pr.O + o) * HW;
                if (pr.dt == LT_FLOAT)
                    for (int64_t i = 0; i < HW; i++) acc += LT_NN_F(t[1])[base + i];
                else
                    for (int64_t i = 0; i < HW; i++) acc += LT_NN_D(t[1])[base + i];
            }
            if (pr.dt == LT_FLOAT) LT_NN_F(wb)[o] += (float)(scale * acc);
            else LT_NN_D(wb)[o] += scale * acc;
        }
    }
    st = grads_end(gw, gb, ww, wb, st);
done:
    release_all(t, 2);
    return st;
}
