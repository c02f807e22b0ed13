/*
** nn_bn.c — batch normalisation, forward (training and evaluation) and
** backward.
**
** Design
** ------
** in (N,C,S...) is read as N x C x S (S = the product of the trailing
** sizes, 1 for a 2-D input); channel c owns the N*S elements
** (n*C + c)*S + s.  Channels are independent, so the kernels run in
** parallel over channels, each in two passes: the mean, then the centred
** sum of squares (a two-pass variance is exact where the one-pass
** E[x^2] - E[x]^2 cancels catastrophically).  Sums are in double for both
** dtypes.  The backward uses the closed form for the batch statistics
**     gin = w*invstd * (g - mean(g) - xhat * mean(g*xhat)),
** one reduction pass and one write pass per channel.
*/
#include "lt_internal.h"
#include "nn.h"
#include <math.h>

typedef struct bjob {
    lt_dtype dt;
    int64_t N, C, S;
    const lt_tensor *x, *g, *w, *b;     /* contiguous; w, b may be NULL */
    lt_tensor *y, *rm, *rv, *sm, *si;   /* outputs (contiguous work copies) */
    lt_tensor *gx, *gw, *gb;
    int train;
    double momentum, eps, scale;
} bjob;

static inline double rd(const lt_tensor *t, int64_t i)
{
    return t->dtype == LT_FLOAT ? LT_NN_F(t)[i] : LT_NN_D(t)[i];
}
static inline void wr(lt_tensor *t, int64_t i, double v)
{
    if (t->dtype == LT_FLOAT) LT_NN_F(t)[i] = (float)v;
    else LT_NN_D(t)[i] = v;
}

#define BN_FWD(T, S_)                                                                       \
    static void bn_fwd_##S_(const bjob *j, int64_t c, double mean, double invstd)           \
    {                                                                                       \
        double w = j->w ? rd(j->w, c) : 1.0, b = j->b ? rd(j->b, c) : 0.0;                  \
        double a = w * invstd, k = b - mean * a;                                            \
        for (int64_t n = 0; n < j->N; n++) {                                                \
            const T *x = (const T *)ltI_data(j->x) + (n * j->C + c) * j->S;                 \
            T *y = (T *)ltI_data(j->y) + (n * j->C + c) * j->S;                             \
            for (int64_t s = 0; s < j->S; s++) y[s] = (T)(x[s] * a + k);                    \
        }                                                                                   \
    }
BN_FWD(float, f)
BN_FWD(double, d)

#define BN_STATS(T, S_)                                                                     \
    static void bn_stats_##S_(const bjob *j, const lt_tensor *x_, const lt_tensor *g_,     \
                              int64_t c, double mean, double *s1, double *s2)               \
    {                                                                                       \
        double a = 0, b = 0;                                                                \
        for (int64_t n = 0; n < j->N; n++) {                                                \
            const T *x = (const T *)ltI_data(x_) + (n * j->C + c) * j->S;                   \
            if (g_) {                                                                       \
                const T *g = (const T *)ltI_data(g_) + (n * j->C + c) * j->S;               \
                for (int64_t s = 0; s < j->S; s++) {                                        \
                    a += g[s];                                                              \
                    b += g[s] * (x[s] - mean);                                              \
                }                                                                           \
            } else if (mean != mean) {                                                      \
                for (int64_t s = 0; s < j->S; s++) a += x[s];                               \
            } else {                                                                        \
                for (int64_t s = 0; s < j->S; s++) {                                        \
                    double d = x[s] - mean;                                                 \
                    b += d * d;                                                             \
                }                                                                           \
            }                                                                               \
        }                                                                                   \
        *s1 = a;                                                                            \
        *s2 = b;                                                                            \
    }
BN_STATS(float, f)
BN_STATS(double, d)

/* sums over channel c: mean pass (mean = NaN), centred squares, or with g
** the sums of g and g*(x - mean) */
static void stats(const bjob *j, const lt_tensor *x, const lt_tensor *g, int64_t c, double mean,
                  double *s1, double *s2)
{
    if (j->dt == LT_FLOAT) bn_stats_f(j, x, g, c, mean, s1, s2);
    else bn_stats_d(j, x, g, c, mean, s1, s2);
}

static int fwd_range(int64_t c0, int64_t c1, void *p)
{
    const bjob *j = p;
    double M = (double)(j->N * j->S), dummy;
    for (int64_t c = c0; c < c1; c++) {
        double mean, var;
        if (j->train) {
            double sum, sq;
            stats(j, j->x, NULL, c, NAN, &sum, &dummy);
            mean = sum / M;
            stats(j, j->x, NULL, c, mean, &dummy, &sq);
            var = sq / M;
            wr(j->sm, c, mean);
            wr(j->si, c, 1.0 / sqrt(var + j->eps));
            if (j->rm) wr(j->rm, c, (1 - j->momentum) * rd(j->rm, c) + j->momentum * mean);
            if (j->rv)
                wr(j->rv, c, (1 - j->momentum) * rd(j->rv, c) +
                                 j->momentum * (M > 1 ? sq / (M - 1) : var));
        } else {
            mean = rd(j->rm, c);
            var = rd(j->rv, c);
        }
        double invstd = 1.0 / sqrt(var + j->eps);
        if (j->dt == LT_FLOAT) bn_fwd_f(j, c, mean, invstd);
        else bn_fwd_d(j, c, mean, invstd);
    }
    return 0;
}

static int bwd_range(int64_t c0, int64_t c1, void *p)
{
    const bjob *j = p;
    double M = (double)(j->N * j->S);
    for (int64_t c = c0; c < c1; c++) {
        double mean = rd(j->sm, c), invstd = rd(j->si, c);
        if (!j->train) invstd = 1.0 / sqrt(invstd + j->eps);    /* si holds running_var */
        double sg, sgx;                                          /* sum g, sum g*(x-mean) */
        stats(j, j->x, j->g, c, mean, &sg, &sgx);
        if (j->gw) wr(j->gw, c, rd(j->gw, c) + j->scale * sgx * invstd);
        if (j->gb) wr(j->gb, c, rd(j->gb, c) + j->scale * sg);
        if (!j->gx) continue;
        double w = j->w ? rd(j->w, c) : 1.0;
        /* train: gin = w*invstd*(g - sg/M - (x-mean)*invstd^2*sgx/M); eval: w*invstd*g */
        double a = w * invstd, mg = j->train ? sg / M : 0,
               k = j->train ? invstd * invstd * sgx / M : 0;
        for (int64_t n = 0; n < j->N; n++) {
            int64_t base = (n * j->C + c) * j->S;
            if (j->dt == LT_FLOAT) {
                const float *x = LT_NN_F(j->x) + base, *g = LT_NN_F(j->g) + base;
                float *gx = LT_NN_F(j->gx) + base;
                for (int64_t s = 0; s < j->S; s++)
                    gx[s] = (float)(a * (g[s] - mg - (x[s] - mean) * k));
            } else {
                const double *x = LT_NN_D(j->x) + base, *g = LT_NN_D(j->g) + base;
                double *gx = LT_NN_D(j->gx) + base;
                for (int64_t s = 0; s < j->S; s++) gx[s] = a * (g[s] - mg - (x[s] - mean) * k);
            }
        }
    }
    return 0;
}

static lt_status check_vec(const lt_tensor *t, int arg, const char *what, lt_dtype dt,
                           int64_t C)
{
    char s[LT_SHAPE_BUF];
    if (!t) return LT_OK;
    LT_TRY(ltI_nn_check(t, arg, what, 1, 1, dt));
    if (t->size[0] != C)
        return ltI_err(LT_ESIZE, arg, "%s must have %lld elements, one per channel (got %s)",
                       what, (long long)C, ltI_shape(t, s));
    return LT_OK;
}

static void dims(const lt_tensor *in, int64_t *N, int64_t *C, int64_t *S)
{
    *N = in->size[0];
    *C = in->size[1];
    *S = 1;
    for (int d = 2; d < in->ndim; d++) *S *= in->size[d];
}

/* vectors in/out through contiguous work copies: slot k of v/o */
typedef struct vecs { lt_tensor *user[8], *work[8]; } vecs;

static lt_status vec_in(vecs *v, int k, const lt_tensor *t, lt_tensor **dst)
{
    *dst = NULL;
    if (!t) return LT_OK;
    LT_TRY(ltI_nn_contig(t, &v->work[k]));
    *dst = v->work[k];
    return LT_OK;
}

static lt_status vec_out(vecs *v, int k, lt_tensor *t, int arg, lt_dtype dt, int64_t C,
                         int keep, lt_tensor **dst)
{
    *dst = NULL;
    if (!t) return LT_OK;
    LT_TRY(ltI_nn_out_begin(t, arg, dt, 1, &C, keep, &v->work[k]));
    v->user[k] = t;
    *dst = v->work[k];
    return LT_OK;
}

static lt_status vecs_end(vecs *v, lt_status st)
{
    for (int k = 0; k < 8; k++) {
        if (!v->work[k]) continue;
        if (v->user[k]) st = ltI_nn_out_end(v->user[k], v->work[k], st);
        else lt_tensor_release(v->work[k]);
    }
    return st;
}

lt_status lt_nn_batchnorm(lt_tensor *out, const lt_tensor *in, const lt_tensor *weight,
                          const lt_tensor *bias, lt_tensor *running_mean,
                          lt_tensor *running_var, lt_tensor *save_mean, lt_tensor *save_invstd,
                          int train, double momentum, double eps)
{
    char s[LT_SHAPE_BUF];
    LT_TRY(ltI_nn_check(in, 2, "input", 2, LT_MAXDIM, -1));
    bjob j;
    memset(&j, 0, sizeof j);
    j.dt = in->dtype;
    dims(in, &j.N, &j.C, &j.S);
    LT_TRY(check_vec(weight, 3, "weight", j.dt, j.C));
    LT_TRY(check_vec(bias, 4, "bias", j.dt, j.C));
    LT_TRY(check_vec(running_mean, 5, "running_mean", j.dt, j.C));
    LT_TRY(check_vec(running_var, 6, "running_var", j.dt, j.C));
    if (!(eps > 0)) return ltI_err(LT_EARG, 0, "eps must be positive (got %g)", eps);
    if (train) {
        if (!save_mean || !save_invstd)
            return ltI_err(LT_EARG, 7, "training needs save_mean and save_invstd");
        if (j.N * j.S < 2)
            return ltI_err(LT_ESIZE, 2, "training needs more than one value per channel "
                           "(input %s)", ltI_shape(in, s));
    } else if (!running_mean || !running_var) {
        return ltI_err(LT_EARG, 5, "evaluation needs running_mean and running_var");
    }
    j.train = train;
    j.momentum = momentum;
    j.eps = eps;
    vecs v;
    memset(&v, 0, sizeof v);
    lt_tensor *x, *wo = NULL;
    lt_status st;
    if ((st = vec_in(&v, 0, in, &x)) || (st = vec_in(&v, 1, weight, (lt_tensor **)&j.w)) ||
        (st = vec_in(&v, 2, bias, (lt_tensor **)&j.b)) ||
        (st = vec_out(&v, 3, running_mean, 5, j.dt, j.C, 1, &j.rm)) ||
        (st = vec_out(&v, 4, running_var, 6, j.dt, j.C, 1, &j.rv)) ||
        (train && (st = vec_out(&v, 5, save_mean, 7, j.dt, j.C, 0, &j.sm))) ||
        (train && (st = vec_out(&v, 6, save_invstd, 8, j.dt, j.C, 0, &j.si))))
        goto done;
    j.x = x;
    if ((st = ltI_nn_out_begin(out, 1, j.dt, in->ndim, in->size, 0, &wo))) goto done;
    j.y = wo;
    st = ltI_nn_parallel(j.C, 2 * j.N * j.S, fwd_range, &j);
    st = ltI_nn_out_end(out, wo, st);
done:
    return vecs_end(&v, st);
}

lt_status lt_nn_batchnorm_backward(lt_tensor *gin, lt_tensor *gw, lt_tensor *gb,
                                   const lt_tensor *in, const lt_tensor *gout,
                                   const lt_tensor *weight, const lt_tensor *mean,
                                   const lt_tensor *invstd_or_var, int train, double eps,
                                   double scale)
{
    char a[LT_SHAPE_BUF], b[LT_SHAPE_BUF];
    LT_TRY(ltI_nn_check(in, 4, "input", 2, LT_MAXDIM, -1));
    LT_TRY(ltI_nn_check(gout, 5, "gradOutput", in->ndim, in->ndim, in->dtype));
    if (!ltI_same_size(in, gout))
        return ltI_err(LT_ESIZE, 5, "gradOutput %s does not match input %s", ltI_shape(gout, a),
                       ltI_shape(in, b));
    bjob j;
    memset(&j, 0, sizeof j);
    j.dt = in->dtype;
    dims(in, &j.N, &j.C, &j.S);
    LT_TRY(check_vec(gw, 2, "gradWeight", j.dt, j.C));
    LT_TRY(check_vec(gb, 3, "gradBias", j.dt, j.C));
    LT_TRY(check_vec(weight, 6, "weight", j.dt, j.C));
    if (!mean || !invstd_or_var)
        return ltI_err(LT_EARG, 7, "the saved statistics are missing (run forward first)");
    LT_TRY(check_vec(mean, 7, train ? "save_mean" : "running_mean", j.dt, j.C));
    LT_TRY(check_vec(invstd_or_var, 8, train ? "save_invstd" : "running_var", j.dt, j.C));
    j.train = train;
    j.eps = eps;
    j.scale = scale;
    vecs v;
    memset(&v, 0, sizeof v);
    lt_tensor *x, *g, *wg = NULL;
    lt_status st;
    if ((st = vec_in(&v, 0, in, &x)) || (st = vec_in(&v, 1, gout, &g)) ||
        (st = vec_in(&v, 2, weight, (lt_tensor **)&j.w)) || (st = vec_in(&v, 3, mean, &j.sm)) ||
        (st = vec_in(&v, 4, invstd_or_var, &j.si)) ||
        (st = vec_out(&v, 5, gw, 2, j.dt, j.C, 1, &j.gw)) ||
        (st = vec_out(&v, 6, gb, 3, j.dt, j.C, 1, &j.gb)))
        goto done;
    j.x = x;
    j.g = g;
    if (gin) {
        if ((st = ltI_nn_out_begin(gin, 1, j.dt, in->ndim, in->size, 0, &wg))) goto done;
        j.gx = wg;
    }
    st = ltI_nn_parallel(j.C, 2 * j.N * j.S, bwd_range, &j);
    if (wg) st = ltI_nn_out_end(gin, wg, st);
done:
    return vecs_end(&v, st);
}
