/*
** test_nn_kernels.c — the nn kernels (tensor/nn.h) through the C API.
**
** Convolution is checked against a direct six-deep loop (double, 1e-12;
** float, 1e-4) over strides, padding, dilation, batch and single images;
** its input and weight gradients through the adjoint identity
** <conv(x), g> = <x, conv_backward_input(g)> and a weight-side version of
** it, and the transposed convolution as the exact adjoint of the
** convolution.  Pooling, softmax, the losses and batch norm are checked on
** hand-computed values; every entry point on its error messages.
*/
#include "lantern.h"
#include "lt_internal.h"
#include "nn.h"
#include "tensorhelp.h"
#include "testhelp.h"
#include <math.h>
#include <string.h>

static uint64_t rng = 777;
static double urand(void)
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(rng >> 11) / 9007199254740992.0 * 2 - 1;
}

static lt_tensor *rnd(lt_dtype dt, int nd, const int64_t *s)
{
    lt_tensor *t = mk(dt, nd, s);
    int64_t n = lt_numel(t);
    for (int64_t i = 0; i < n; i++) {
        if (dt == LT_FLOAT) ((float *)lt_data(t))[i] = (float)urand();
        else ((double *)lt_data(t))[i] = urand();
    }
    return t;
}

static double el(const lt_tensor *t, int64_t i)     /* contiguous element i */
{
    return t->dtype == LT_FLOAT ? ((float *)lt_data(t))[i] : ((double *)lt_data(t))[i];
}

static double dot(const lt_tensor *a, const lt_tensor *b)
{
    double s = 0;
    for (int64_t i = 0; i < lt_numel(a); i++) s += el(a, i) * el(b, i);
    return s;
}

/* direct convolution of contiguous x (N,C,H,W), w (O,C,kH,kW), b */
static double naive_max_err(const lt_tensor *out, const lt_tensor *x, const lt_tensor *w,
                            const lt_tensor *b, const lt_conv2d *p)
{
    int64_t N = x->size[0], C = x->size[1], H = x->size[2], W = x->size[3], O = w->size[0];
    int64_t oH = out->size[2], oW = out->size[3];
    double err = 0;
    for (int64_t n = 0; n < N; n++)
        for (int64_t o = 0; o < O; o++)
            for (int64_t i = 0; i < oH; i++)
                for (int64_t j = 0; j < oW; j++) {
                    double s = b ? el(b, o) : 0;
                    for (int64_t c = 0; c < C; c++)
                        for (int64_t ki = 0; ki < p->kH; ki++)
                            for (int64_t kj = 0; kj < p->kW; kj++) {
                                int64_t ih = i * p->dH - p->padH + ki * p->dilH;
                                int64_t iw = j * p->dW - p->padW + kj * p->dilW;
                                if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                                s += el(x, ((n * C + c) * H + ih) * W + iw) *
                                     el(w, ((o * C + c) * p->kH + ki) * p->kW + kj);
                            }
                    double d = fabs(s - el(out, ((n * O + o) * oH + i) * oW + j));
                    if (d > err) err = d;
                }
    return err;
}

static void test_conv(lt_dtype dt)
{
    const double tol = dt == LT_FLOAT ? 1e-4 : 1e-12;
    lt_conv2d cases[] = {
        { 3, 3, 1, 1, 0, 0, 1, 1, 0, 0 }, { 5, 5, 1, 1, 2, 2, 1, 1, 0, 0 },
        { 3, 2, 2, 1, 1, 0, 1, 1, 0, 0 }, { 3, 3, 1, 2, 1, 1, 2, 1, 0, 0 },
        { 1, 1, 2, 2, 0, 0, 1, 1, 0, 0 },
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const lt_conv2d *p = &cases[k];
        int64_t xs[4] = { 3, 2, 9, 8 }, ws[4] = { 4, 2, p->kH, p->kW }, bs[1] = { 4 };
        lt_tensor *x = rnd(dt, 4, xs), *w = rnd(dt, 4, ws), *b = rnd(dt, 1, bs);
        lt_tensor *out = lt_tensor_new(dt), *gin = lt_tensor_new(dt);
        test_cond("conv forward runs", lt_nn_conv2d(out, x, w, b, p) == LT_OK);
        test_cond("conv output shape", out->ndim == 4 && out->size[0] == 3 && out->size[1] == 4);
        test_cond("conv matches the direct loop", naive_max_err(out, x, w, b, p) < tol);
        /* adjoint identity: <conv(x) - b, g> = <x, backward_input(g)> */
        lt_tensor *g = rnd(dt, 4, out->size), *nob = lt_tensor_new(dt);
        lt_nn_conv2d(nob, x, w, NULL, p);
        test_cond("backward_input runs", lt_nn_conv2d_backward_input(gin, x, g, w, p) == LT_OK);
        test_cond("gradInput shape", lt_same_size(gin, x));
        double lhs = dot(nob, g), rhs = dot(x, gin);
        test_cond("input gradient is the adjoint", fabs(lhs - rhs) < tol * 100 * (1 + fabs(lhs)));
        /* <conv(x; w), g> = <w, dW> when dW is accumulated from zero */
        lt_tensor *gw = mk(dt, 4, ws), *gb = mk(dt, 1, bs);
        lt_zero(gw);
        lt_zero(gb);
        test_cond("backward_params runs",
                  lt_nn_conv2d_backward_params(gw, gb, x, g, 1.0, p) == LT_OK);
        test_cond("weight gradient", fabs(dot(w, gw) - lhs) < tol * 100 * (1 + fabs(lhs)));
        double gsum = 0;
        for (int64_t i = 0; i < lt_numel(g); i++) gsum += el(g, i);
        double gbs = 0;
        for (int o = 0; o < 4; o++) gbs += el(gb, o);
        test_cond("bias gradient sums gradOutput", fabs(gbs - gsum) < tol * 100);
        /* accumulation with a scale */
        lt_nn_conv2d_backward_params(gw, NULL, x, g, -1.0, p);
        double left = 0;
        for (int64_t i = 0; i < lt_numel(gw); i++) left = fmax(left, fabs(el(gw, i)));
        test_cond("scale -1 cancels the first accumulation", left < tol * 100);
        lt_tensor *all[] = { x, w, b, out, gin, g, nob, gw, gb };
        for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) lt_tensor_release(all[i]);
    }
    /* transposed convolution is the adjoint of the convolution */
    lt_conv2d p = { 3, 3, 2, 2, 1, 1, 1, 1, 1, 1 };
    int64_t xs[4] = { 2, 3, 4, 5 }, ws[4] = { 3, 2, 3, 3 };
    lt_tensor *x = rnd(dt, 4, xs), *w = rnd(dt, 4, ws), *y = lt_tensor_new(dt);
    test_cond("convT forward", lt_nn_convT2d(y, x, w, NULL, &p) == LT_OK);
    test_cond("convT size (H-1)*d - 2pad + k + adj", y->size[2] == 8 && y->size[3] == 10);
    lt_tensor *z = rnd(dt, 4, y->size), *cz = lt_tensor_new(dt);
    lt_conv2d q = p;
    q.adjW = q.adjH = 0;
    /* conv of z with the same weight read as (O=3 planes of x) x (C=2) */
    test_cond("conv of the output", lt_nn_conv2d(cz, z, w, NULL, &q) == LT_OK);
    test_cond("adjoint shapes", lt_same_size(cz, x));
    double l = dot(y, z), r = dot(x, cz);
    test_cond("convT = conv's adjoint", fabs(l - r) < tol * 100 * (1 + fabs(l)));
    lt_tensor *gx = lt_tensor_new(dt);
    test_cond("convT backward_input", lt_nn_convT2d_backward_input(gx, x, z, w, &p) == LT_OK);
    test_cond("convT backward_input = conv forward", lt_equal(gx, cz) ||
              fabs(dot(gx, gx) - dot(cz, cz)) < tol * 100);
    lt_tensor *all[] = { x, w, y, z, cz, gx };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) lt_tensor_release(all[i]);
}

/* Jobs above LT_NN_PAR_MIN run on the thread pool: the same results. */
static void test_conv_parallel(void)
{
    lt_set_num_threads(2);
    lt_conv2d p = { 3, 3, 1, 1, 1, 1, 1, 1, 0, 0 };
    int64_t xs[4] = { 16, 4, 64, 64 }, ws[4] = { 4, 4, 3, 3 }, bs[1] = { 4 };
    lt_tensor *x = rnd(LT_DOUBLE, 4, xs), *w = rnd(LT_DOUBLE, 4, ws), *b = rnd(LT_DOUBLE, 1, bs);
    lt_tensor *out = lt_tensor_new(LT_DOUBLE), *gin = lt_tensor_new(LT_DOUBLE);
    test_cond("large job is above the parallel threshold",
              (int64_t)36 * 16 * 64 * 64 >= LT_NN_PAR_MIN);
    test_cond("parallel conv runs", lt_nn_conv2d(out, x, w, b, &p) == LT_OK);
    test_cond("parallel conv matches the direct loop", naive_max_err(out, x, w, b, &p) < 1e-11);
    lt_tensor *g = rnd(LT_DOUBLE, 4, out->size), *nob = lt_tensor_new(LT_DOUBLE);
    lt_nn_conv2d(nob, x, w, NULL, &p);
    lt_nn_conv2d_backward_input(gin, x, g, w, &p);
    double l = dot(nob, g), r = dot(x, gin);
    test_cond("parallel col2im is the adjoint", fabs(l - r) < 1e-9 * (1 + fabs(l)));
    /* weight gradient summed over the per-thread ranges */
    lt_tensor *gw = mk(LT_DOUBLE, 4, ws), *gb = mk(LT_DOUBLE, 1, bs);
    lt_zero(gw);
    lt_zero(gb);
    test_cond("parallel backward_params",
              lt_nn_conv2d_backward_params(gw, gb, x, g, 1.0, &p) == LT_OK);
    test_cond("parallel weight gradient", fabs(dot(w, gw) - l) < 1e-9 * (1 + fabs(l)));
    double gsum = 0, gbs = 0;
    for (int64_t i = 0; i < lt_numel(g); i++) gsum += el(g, i);
    for (int o = 0; o < 4; o++) gbs += el(gb, o);
    test_cond("parallel bias gradient", fabs(gsum - gbs) < 1e-9 * (1 + fabs(gsum)));
    /* a transposed convolution through the same driver is still conv's adjoint */
    lt_tensor *ty = lt_tensor_new(LT_DOUBLE), *tgw = mk(LT_DOUBLE, 4, ws);
    test_cond("parallel convT", lt_nn_convT2d(ty, out, w, NULL, &p) == LT_OK);
    test_cond("parallel convT adjoint", fabs(dot(ty, x) - dot(out, nob)) <
              1e-9 * (1 + fabs(dot(out, nob))));
    lt_zero(tgw);
    test_cond("parallel convT params", lt_nn_convT2d_backward_params(tgw, NULL, g, x, 1.0, &p)
              == LT_OK);
    /* <x, convT(g; w)> = <w, dW> with dW accumulated from input g, gradOutput x */
    lt_nn_convT2d(ty, g, w, NULL, &p);
    test_cond("parallel convT weight gradient", fabs(dot(w, tgw) - dot(ty, x)) <
              1e-9 * (1 + fabs(dot(ty, x))));
    lt_tensor *all[] = { x, w, b, out, gin, g, nob, gw, gb, ty, tgw };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) lt_tensor_release(all[i]);
}

static void test_conv_errors(void)
{
    lt_conv2d p = { 3, 3, 1, 1, 0, 0, 1, 1, 0, 0 };
    int64_t xs[4] = { 1, 2, 5, 5 }, ws[4] = { 4, 3, 3, 3 }, small[4] = { 1, 2, 2, 2 };
    lt_tensor *x = rnd(LT_DOUBLE, 4, xs), *w = rnd(LT_DOUBLE, 4, ws);
    lt_tensor *out = lt_tensor_new(LT_DOUBLE);
    test_cond("wrong planes", lt_nn_conv2d(out, x, w, NULL, &p) == LT_ESIZE && lt_errarg() == 3);
    test_cond("wrong planes message",
              strcmp(lt_errmsg(), "weight must be nOutputPlane x 2x3x3 for input 1x2x5x5 "
                                  "(got 4x3x3x3)") == 0);
    lt_tensor *xs2 = rnd(LT_DOUBLE, 4, small);
    int64_t w2[4] = { 4, 2, 3, 3 };
    lt_tensor *wok = rnd(LT_DOUBLE, 4, w2);
    test_cond("too small", lt_nn_conv2d(out, xs2, wok, NULL, &p) == LT_ESIZE);
    test_cond("too small message",
              strcmp(lt_errmsg(), "input 1x2x2x2 is too small for a 3x3 kernel with padding "
                                  "0x0 and dilation 1x1 (output 0x0)") == 0);
    lt_conv2d bad = p;
    bad.dW = 0;
    test_cond("zero stride", lt_nn_conv2d(out, x, wok, NULL, &bad) == LT_EARG &&
              strcmp(lt_errmsg(), "stride must be positive (got 1x0)") == 0);
    lt_tensor *fw = rnd(LT_FLOAT, 4, w2);
    test_cond("dtype mismatch", lt_nn_conv2d(out, x, fw, NULL, &p) == LT_ETYPE &&
              strcmp(lt_errmsg(), "weight must be a DoubleTensor like the input (got "
                                  "FloatTensor)") == 0);
    lt_tensor *li = mk(LT_LONG, 4, xs);
    test_cond("integer input", lt_nn_conv2d(out, li, wok, NULL, &p) == LT_ETYPE &&
              strcmp(lt_errmsg(), "input must be a FloatTensor or DoubleTensor (got "
                                  "LongTensor)") == 0);
    lt_tensor *v = mk(LT_DOUBLE, 1, xs);
    test_cond("1-D input", lt_nn_conv2d(out, v, wok, NULL, &p) == LT_ESIZE &&
              strcmp(lt_errmsg(), "input must be 3D or 4D (got 1)") == 0);
    /* cancellation: a requested cancel stops the kernel */
    lt_cancel();
    test_cond("cancelled", lt_nn_conv2d(out, x, wok, NULL, &p) == LT_ECANCEL);
    lt_cancel_clear();
    test_cond("runs after clearing", lt_nn_conv2d(out, x, wok, NULL, &p) == LT_OK);
    lt_tensor *all[] = { x, w, out, xs2, wok, fw, li, v };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) lt_tensor_release(all[i]);
}

static void test_pool(void)
{
    /* 1x4x4 of 1..16 */
    int64_t s[3] = { 1, 4, 4 };
    lt_tensor *x = mk(LT_DOUBLE, 3, s), *out = lt_tensor_new(LT_DOUBLE);
    lt_tensor *idx = lt_tensor_new(LT_LONG), *gin = lt_tensor_new(LT_DOUBLE);
    iota(x);
    lt_pool2d p = { 2, 2, 2, 2, 0, 0, 0, 1 };
    test_cond("maxpool", lt_nn_maxpool2d(out, idx, x, &p) == LT_OK);
    test_cond("maxpool values", el(out, 0) == 6 && el(out, 1) == 8 && el(out, 2) == 14 &&
              el(out, 3) == 16);
    int64_t *ix = lt_data(idx);
    test_cond("maxpool indices are 1-based plane positions", ix[0] == 6 && ix[3] == 16);
    lt_tensor *g = mk(LT_DOUBLE, 3, out->size);
    iota(g);
    test_cond("maxpool backward", lt_nn_maxpool2d_backward(gin, x, g, idx) == LT_OK);
    test_cond("gradient at the maxima", el(gin, 5) == 1 && el(gin, 15) == 4 && el(gin, 0) == 0);
    ix[0] = 17;
    test_cond("bad index refused", lt_nn_maxpool2d_backward(gin, x, g, idx) == LT_ERANGE &&
              strcmp(lt_errmsg(), "index 17 out of range for a 4x4 plane") == 0);
    /* ceil mode with padding: 3x3 windows, stride 2, pad 1 on 4x4 -> 3x3? */
    lt_pool2d c = { 3, 3, 2, 2, 1, 1, 1, 1 };
    test_cond("maxpool ceil", lt_nn_maxpool2d(out, idx, x, &c) == LT_OK);
    test_cond("ceil size: 3x3 (the last window starts inside)", out->size[1] == 3 &&
              out->size[2] == 3);
    c.kW = c.kH = 2;
    c.padW = c.padH = 1;
    c.dW = c.dH = 3;
    lt_nn_maxpool2d(out, idx, x, &c);
    test_cond("ceil size: a window starting in the right padding is dropped",
              out->size[1] == 2 && out->size[2] == 2);
    /* average with and without the padding in the divisor */
    lt_pool2d a = { 3, 3, 1, 1, 1, 1, 0, 1 };
    lt_nn_avgpool2d(out, x, &a);
    test_cond("avg include pad: corner = (1+2+5+6)/9", fabs(el(out, 0) - 14.0 / 9) < 1e-14);
    a.count_include_pad = 0;
    lt_nn_avgpool2d(out, x, &a);
    test_cond("avg exclude pad: corner = (1+2+5+6)/4", fabs(el(out, 0) - 14.0 / 4) < 1e-14);
    lt_pool2d bad = { 2, 2, 2, 2, 2, 0, 0, 1 };
    test_cond("pad larger than half the kernel", lt_nn_maxpool2d(out, idx, x, &bad) == LT_EARG &&
              strcmp(lt_errmsg(), "padding must be between 0 and half the kernel size (got "
                                  "0x2 for a 2x2 kernel)") == 0);
    /* adaptive: 4x4 -> 3x3 overlapping windows */
    test_cond("adaptive max", lt_nn_adaptive_maxpool2d(out, idx, x, 3, 3) == LT_OK);
    test_cond("adaptive max values", el(out, 0) == 6 && el(out, 4) == 11 && el(out, 8) == 16);
    lt_nn_adaptive_avgpool2d(out, x, 2, 1);
    test_cond("adaptive avg: left and right half means", out->size[1] == 1 &&
              out->size[2] == 2 && fabs(el(out, 0) - 7.5) < 1e-14 &&
              fabs(el(out, 1) - 9.5) < 1e-14);
    /* NaN is the maximum */
    ((double *)lt_data(x))[1] = NAN;
    lt_nn_maxpool2d(out, idx, x, &p);
    test_cond("NaN propagates through max pooling", isnan(el(out, 0)) && el(out, 1) == 8);
    /* temporal: 5 frames x 2 features */
    int64_t ts[2] = { 5, 2 };
    lt_tensor *t = mk(LT_DOUBLE, 2, ts);
    iota(t);
    test_cond("temporal max", lt_nn_temporal_maxpool(out, idx, t, 2, 2) == LT_OK);
    test_cond("temporal values", out->size[0] == 2 && el(out, 0) == 3 && el(out, 3) == 8);
    test_cond("temporal indices", ((int64_t *)lt_data(idx))[0] == 2);
    lt_tensor *all[] = { x, out, idx, gin, g, t };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) lt_tensor_release(all[i]);
}

static void test_softmax_losses(void)
{
    int64_t s[2] = { 2, 3 };
    lt_tensor *x = mk(LT_DOUBLE, 2, s), *y = lt_tensor_new(LT_DOUBLE);
    double *xd = lt_data(x);
    double v[6] = { 1000, 1001, 1002, -1, 0, 1 };
    memcpy(xd, v, sizeof v);
    test_cond("log-softmax", lt_nn_softmax(y, x, 1, 1) == LT_OK);
    double L = log(exp(-2) + exp(-1) + 1);
    test_cond("log-softmax of huge logits is finite and shift-invariant",
              fabs(el(y, 0) - (-2 - L)) < 1e-12 && fabs(el(y, 3) - (-2 - L)) < 1e-12);
    lt_nn_softmax(y, x, 1, 0);
    test_cond("softmax rows sum to 1", fabs(el(y, 0) + el(y, 1) + el(y, 2) - 1) < 1e-15);
    lt_nn_softmax(y, x, 0, 0);
    test_cond("softmax along dim 0", fabs(el(y, 0) - 1) < 1e-15 && el(y, 3) < 1e-300);
    /* NLL / cross-entropy with 1-based targets */
    int64_t n = 2;
    lt_tensor *t = mk(LT_LONG, 1, &n), *lsm = lt_tensor_new(LT_DOUBLE);
    ((int64_t *)lt_data(t))[0] = 3;
    ((int64_t *)lt_data(t))[1] = 1;
    double loss, tw, ce, tw2;
    lt_nn_softmax(y, x, 1, 1);
    test_cond("nll", lt_nn_nll(&loss, &tw, y, t, NULL, 1, 0) == LT_OK);
    test_cond("nll value", fabs(loss - (-(el(y, 2) + el(y, 3)) / 2)) < 1e-12 && tw == 2);
    test_cond("cross entropy", lt_nn_cross_entropy(&ce, &tw2, lsm, x, t, NULL, 1, 0) == LT_OK);
    test_cond("cross entropy = nll(log-softmax)", fabs(ce - loss) < 1e-12);
    lt_tensor *g = lt_tensor_new(LT_DOUBLE);
    lt_nn_cross_entropy_backward(g, lsm, t, NULL, 1, 0, tw2, 1.0);
    test_cond("CE gradient rows sum to 0", fabs(el(g, 0) + el(g, 1) + el(g, 2)) < 1e-15);
    test_cond("CE gradient at the target", fabs(el(g, 2) - (exp(el(lsm, 2)) - 1) / 2) < 1e-15);
    ((int64_t *)lt_data(t))[1] = 4;
    test_cond("target out of range", lt_nn_nll(&loss, &tw, y, t, NULL, 1, 0) == LT_ERANGE &&
              lt_errarg() == 2 &&
              strcmp(lt_errmsg(), "target 4 out of range: classes are 1 to 3 (at target 2)") == 0);
    lt_tensor *all[] = { x, y, t, lsm, g };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) lt_tensor_release(all[i]);
}

static void test_batchnorm(void)
{
    int64_t s[2] = { 4, 2 }, c = 2;
    lt_tensor *x = mk(LT_DOUBLE, 2, s), *y = lt_tensor_new(LT_DOUBLE);
    iota(x);          /* column 0: 1 3 5 7, column 1: 2 4 6 8 */
    lt_tensor *rm = mk(LT_DOUBLE, 1, &c), *rv = mk(LT_DOUBLE, 1, &c);
    lt_tensor *sm = lt_tensor_new(LT_DOUBLE), *si = lt_tensor_new(LT_DOUBLE);
    lt_zero(rm);
    lt_fill(rv, lt_scalar_f(1));
    test_cond("bn train", lt_nn_batchnorm(y, x, NULL, NULL, rm, rv, sm, si, 1, 0.1, 1e-5) == LT_OK);
    test_cond("saved mean", el(sm, 0) == 4 && el(sm, 1) == 5);
    test_cond("saved invstd", fabs(el(si, 0) - 1 / sqrt(5 + 1e-5)) < 1e-15);
    test_cond("running mean", fabs(el(rm, 0) - 0.4) < 1e-15);
    test_cond("running var (unbiased)", fabs(el(rv, 0) - (0.9 + 0.1 * 20.0 / 3)) < 1e-14);
    double m = 0;
    for (int i = 0; i < 4; i++) m += el(y, 2 * i);
    test_cond("normalised column has mean 0", fabs(m) < 1e-14);
    int64_t one[2] = { 1, 2 };
    lt_tensor *x1 = mk(LT_DOUBLE, 2, one);
    test_cond("one value per channel in training",
              lt_nn_batchnorm(y, x1, NULL, NULL, rm, rv, sm, si, 1, 0.1, 1e-5) == LT_ESIZE &&
              strcmp(lt_errmsg(), "training needs more than one value per channel (input 1x2)")
                  == 0);
    test_cond("eval needs running stats",
              lt_nn_batchnorm(y, x, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0.1, 1e-5) == LT_EARG);
    lt_tensor *all[] = { x, y, rm, rv, sm, si, x1 };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) lt_tensor_release(all[i]);
}

int main(void)
{
    test_conv(LT_DOUBLE);
    test_conv(LT_FLOAT);
    test_conv_parallel();
    test_conv_errors();
    test_pool();
    test_softmax_losses();
    test_batchnorm();
    return test_report();
}
