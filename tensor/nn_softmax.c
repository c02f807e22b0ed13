/*
** nn_softmax.c — softmax and log-softmax along a dimension, and the
** negative log-likelihood / cross-entropy losses, forward and backward.
**
** Design
** ------
** A tensor is viewed as (outer, n, inner) around the softmax dimension;
** each of the outer*inner slices of n elements is normalised on its own
** (in parallel over outer when the job is large).  Every slice subtracts its maximum before
** exponentiating, so no exp overflows, and sums in double.
**
** Cross-entropy is *fused*: log-softmax and NLL in one kernel.  Computing
** softmax, then log, then NLL separately loses precision (log of an
** underflowed probability is -inf) and costs three passes and two
** temporaries; the fused form takes log-probabilities as x - max -
** log(sum exp(x - max)) directly, and its gradient is the closed form
** w[t] * (softmax(x) - onehot(t)) / total, one pass and no division by a
** probability.
**
** Targets are 1-based class numbers held in a tensor of any dtype (Torch7
** scripts use Double and Long targets alike); a non-integer or
** out-of-range class is an error naming it, never an out-of-bounds read.
*/
#include "lt_internal.h"
#include "nn.h"
#include <math.h>

/* ------------------------------------------------------------- softmax */
typedef struct sjob {
    lt_dtype dt;
    int64_t n, inner;
    const void *x, *g;
    void *y;
    int logsm;
} sjob;

#define SOFTMAX(T, S)                                                                       \
    static int softmax_##S(int64_t o0, int64_t o1, void *ctx)                               \
    {                                                                                       \
        const sjob *j = ctx;                                                                \
        int64_t n = j->n, in = j->inner;                                                    \
        for (int64_t o = o0; o < o1; o++)                                                   \
            for (int64_t i = 0; i < in; i++) {                                              \
                const T *x = (const T *)j->x + o * n * in + i;                              \
                T *y = (T *)j->y + o * n * in + i;                                          \
                T mx = -INFINITY;                                                           \
                for (int64_t k = 0; k < n; k++)                                             \
                    if (x[k * in] > mx || isnan(x[k * in])) mx = x[k * in];                 \
                double sum = 0;                                                             \
                if (j->logsm) {                                                             \
                    for (int64_t k = 0; k < n; k++) sum += exp((double)(x[k * in] - mx));   \
                    /* (x - max) - log(sum): exact where x - lse would round at |x| */  \
                    T ls = (T)log(sum);                                                     \
                    for (int64_t k = 0; k < n; k++) y[k * in] = (x[k * in] - mx) - ls;      \
                } else {                                                                    \
                    for (int64_t k = 0; k < n; k++) {                                       \
                        T e = (T)exp((double)(x[k * in] - mx));                             \
                        y[k * in] = e;                                                      \
                        sum += e;                                                           \
                    }                                                                       \
                    T inv = (T)(1.0 / sum);                                                 \
                    for (int64_t k = 0; k < n; k++) y[k * in] *= inv;                       \
                }                                                                           \
            }                                                                               \
        return 0;                                                                           \
    }

/* x: the forward's output y, g: gradOutput, y: gradInput */
#define SOFTMAX_BACK(T, S)                                                                  \
    static int softmax_back_##S(int64_t o0, int64_t o1, void *ctx)                          \
    {                                                                                       \
        const sjob *j = ctx;                                                                \
        int64_t n = j->n, in = j->inner;                                                    \
        for (int64_t o = o0; o < o1; o++)                                                   \
            for (int64_t i = 0; i < in; i++) {                                              \
                int64_t base = o * n * in + i;                                              \
                const T *y = (const T *)j->x + base, *g = (const T *)j->g + base;           \
                T *gx = (T *)j->y + base;                                                   \
                double sum = 0;                                                             \
                if (j->logsm) {                                                             \
                    for (int64_t k = 0; k < n; k++) sum += g[k * in];                       \
                    for (int64_t k = 0; k < n; k++)                                         \
                        gx[k * in] = (T)(g[k * in] - exp((double)y[k * in]) * sum);         \
                } else {                                                                    \
                    for (int64_t k = 0; k < n; k++) sum += (double)g[k * in] * y[k * in];   \
                    for (int64_t k = 0; k < n; k++)                                         \
                        gx[k * in] = (T)(y[k * in] * (g[k * in] - sum));                    \
                }                                                                           \
            }                                                                               \
        return 0;                                                                           \
    }

SOFTMAX(float, f)
SOFTMAX(double, d)
SOFTMAX_BACK(float, f)
SOFTMAX_BACK(double, d)

static void around(const lt_tensor *t, int dim, int64_t *outer, int64_t *n, int64_t *inner)
{
    *outer = *inner = 1;
    for (int d = 0; d < dim; d++) *outer *= t->size[d];
    for (int d = dim + 1; d < t->ndim; d++) *inner *= t->size[d];
    *n = t->size[dim];
}

static lt_status run_softmax(const lt_tensor *shape, int dim, sjob *j, ltI_range_fn ff,
                             ltI_range_fn fd)
{
    int64_t outer;
    around(shape, dim, &outer, &j->n, &j->inner);
    return ltI_nn_parallel(outer, j->n * j->inner, j->dt == LT_FLOAT ? ff : fd, j);
}

lt_status lt_nn_softmax(lt_tensor *out, const lt_tensor *in, int dim, int logsm)
{
    LT_TRY(ltI_nn_check(in, 2, "input", 1, LT_MAXDIM, -1));
    LT_TRY(ltI_wrap_dim(&dim, in->ndim, 0, "dimension"));
    lt_tensor *ci = NULL, *wo = NULL;
    lt_status st;
    if ((st = ltI_nn_contig(in, &ci))) return st;
    if ((st = ltI_nn_out_begin(out, 1, in->dtype, in->ndim, in->size, 0, &wo))) goto done;
    sjob j = { in->dtype, 0, 0, ltI_data(ci), NULL, ltI_data(wo), logsm };
    st = run_softmax(in, dim, &j, softmax_f, softmax_d);
    st = ltI_nn_out_end(out, wo, st);
done:
    lt_tensor_release(ci);
    return st;
}

lt_status lt_nn_softmax_backward(lt_tensor *gin, const lt_tensor *out, const lt_tensor *gout,
                                 int dim, int logsm)
{
    char a[LT_SHAPE_BUF], b[LT_SHAPE_BUF];
    LT_TRY(ltI_nn_check(out, 2, "output", 1, LT_MAXDIM, -1));
    LT_TRY(ltI_nn_check(gout, 3, "gradOutput", 1, LT_MAXDIM, out->dtype));
    if (!ltI_same_size(out, gout))
        return ltI_err(LT_ESIZE, 3, "gradOutput %s does not match the output %s",
                       ltI_shape(gout, a), ltI_shape(out, b));
    LT_TRY(ltI_wrap_dim(&dim, out->ndim, 0, "dimension"));
    lt_tensor *cy = NULL, *cg = NULL, *wg = NULL;
    lt_status st;
    if ((st = ltI_nn_contig(out, &cy)) || (st = ltI_nn_contig(gout, &cg))) goto done;
    if ((st = ltI_nn_out_begin(gin, 1, out->dtype, out->ndim, out->size, 0, &wg))) goto done;
    sjob j = { out->dtype, 0, 0, ltI_data(cy), ltI_data(cg), ltI_data(wg), logsm };
    st = run_softmax(out, dim, &j, softmax_back_f, softmax_back_d);
    st = ltI_nn_out_end(gin, wg, st);
done:
    if (cy) lt_tensor_release(cy);
    if (cg) lt_tensor_release(cg);
    return st;
}

/* --------------------------------------------------------------- losses */
/* The problem of an NLL-type loss: N rows of C scores. */
typedef struct nllp {
    int64_t N, C;
    lt_tensor *lp, *t, *w;       /* contiguous copies (w may be NULL) */
} nllp;

static void nll_release(nllp *p)
{
    if (p->lp) lt_tensor_release(p->lp);
    if (p->t) lt_tensor_release(p->t);
    if (p->w) lt_tensor_release(p->w);
}

/* Checks operands and reads the targets (1-based) into t's copy.  Scores
** are operand `a`, target a+1, weights a+2. */
static lt_status nll_prepare(nllp *p, const lt_tensor *lp, const lt_tensor *target,
                             const lt_tensor *w, int a, int64_t ignore)
{
    char s[LT_SHAPE_BUF], s2[LT_SHAPE_BUF];
    memset(p, 0, sizeof *p);
    LT_TRY(ltI_nn_check(lp, a, "input", 1, 2, -1));
    p->N = lp->ndim == 2 ? lp->size[0] : 1;
    p->C = lp->size[lp->ndim - 1];
    if (!target || target->ndim == 0 || lt_numel(target) != p->N ||
        (target->ndim > 1 && !(lp->ndim == 2 && target->ndim == 2 && target->size[0] == p->N)))
        return ltI_err(LT_ESIZE, a + 1, "target must hold %lld class number%s for input %s "
                       "(got %s)", (long long)p->N, p->N == 1 ? "" : "s", ltI_shape(lp, s),
                       target ? ltI_shape(target, s2) : "nothing");
    LT_TRY(ltI_check(target, a + 1));
    if (w) {
        LT_TRY(ltI_nn_check(w, a + 2, "weights", 1, 1, lp->dtype));
        if (w->size[0] != p->C)
            return ltI_err(LT_ESIZE, a + 2, "weights must have %lld elements, one per class "
                           "(got %s)", (long long)p->C, ltI_shape(w, s));
    }
    lt_status st;
    if ((st = ltI_nn_contig(lp, &p->lp))) goto fail;
    if (w && (st = ltI_nn_contig(w, &p->w))) goto fail;
    /* targets as int64 */
    int64_t n = p->N;
    if ((st = lt_tensor_new_sized(LT_LONG, 1, &n, &p->t))) goto fail;
    lt_tensor *ct = NULL;
    if ((st = ltI_nn_contig(target, &ct))) goto fail;
    const char *td = ltI_data(ct);
    const lt_dtype_traits *tt = &lt_dtypes[ct->dtype];
    int64_t *ti = (int64_t *)ltI_data(p->t);
    for (int64_t i = 0; i < n; i++) {
        double v = tt->get(td + (size_t)i * tt->size);
        if (v != floor(v) || !(v >= 1 && v <= (double)p->C)) {
            if (ignore > 0 && v == (double)ignore) {
                ti[i] = ignore;
                continue;
            }
            st = ltI_err(LT_ERANGE, a + 1, "target %g out of range: classes are 1 to %lld "
                         "(at target %lld)", v, (long long)p->C, (long long)i + 1);
            lt_tensor_release(ct);
            goto fail;
        }
        ti[i] = (int64_t)v;
    }
    lt_tensor_release(ct);
    return LT_OK;
fail:
    nll_release(p);
    return st;
}

static inline double getd(const lt_tensor *t, int64_t i)
{
    return t->dtype == LT_FLOAT ? LT_NN_F(t)[i] : LT_NN_D(t)[i];
}

/* loss and total weight of log-probabilities p->lp (or of rows of lsm) */
static void nll_sum(const nllp *p, const lt_tensor *lp, int64_t ignore, double *loss,
                    double *total)
{
    const int64_t *t = (const int64_t *)ltI_data(p->t);
    double l = 0, tw = 0;
    for (int64_t i = 0; i < p->N; i++) {
        if (ignore > 0 && t[i] == ignore) continue;
        int64_t c = t[i] - 1;
        double wt = p->w ? getd(p->w, c) : 1.0;
        l -= wt * getd(lp, i * p->C + c);
        tw += wt;
    }
    *loss = l;
    *total = tw;
}

lt_status lt_nn_nll(double *loss, double *total_weight, const lt_tensor *lp,
                    const lt_tensor *target, const lt_tensor *w, int size_average,
                    int64_t ignore_index)
{
    nllp p;
    LT_TRY(nll_prepare(&p, lp, target, w, 1, ignore_index));
    double l, tw;
    nll_sum(&p, p.lp, ignore_index, &l, &tw);
    if (size_average && tw != 0) l /= tw;
    *loss = l;
    if (total_weight) *total_weight = tw;
    nll_release(&p);
    return LT_OK;
}

lt_status lt_nn_nll_backward(lt_tensor *gin, const lt_tensor *lp, const lt_tensor *target,
                             const lt_tensor *w, int size_average, int64_t ignore_index,
                             double total_weight, double scale)
{
    nllp p;
    LT_TRY(nll_prepare(&p, lp, target, w, 2, ignore_index));
    lt_tensor *wg = NULL;
    lt_status st;
    if ((st = ltI_nn_out_begin(gin, 1, lp->dtype, lp->ndim, lp->size, 0, &wg))) goto done;
    if ((st = lt_zero(wg)) == LT_OK) {
        const int64_t *t = (const int64_t *)ltI_data(p.t);
        double norm = size_average && total_weight != 0 ? scale / total_weight : scale;
        for (int64_t i = 0; i < p.N; i++) {
            if (ignore_index > 0 && t[i] == ignore_index) continue;
            int64_t c = t[i] - 1;
            double g = -(p.w ? getd(p.w, c) : 1.0) * norm;
            if (lp->dtype == LT_FLOAT) LT_NN_F(wg)[i * p.C + c] = (float)g;
            else LT_NN_D(wg)[i * p.C + c] = g;
        }
    }
    st = ltI_nn_out_end(gin, wg, st);
done:
    nll_release(&p);
    return st;
}

lt_status lt_nn_cross_entropy(double *loss, double *total_weight, lt_tensor *lsm,
                              const lt_tensor *x, const lt_tensor *target, const lt_tensor *w,
                              int size_average, int64_t ignore_index)
{
    nllp p;
    LT_TRY(nll_prepare(&p, x, target, w, 2, ignore_index));
    lt_tensor *wl = NULL;
    lt_status st;
    if ((st = ltI_nn_out_begin(lsm, 1, x->dtype, x->ndim, x->size, 0, &wl))) goto done;
    sjob j = { x->dtype, 0, 0, ltI_data(p.lp), NULL, ltI_data(wl), 1 };
    if ((st = run_softmax(x, x->ndim - 1, &j, softmax_f, softmax_d)) == LT_OK) {
        double l, tw;
        nll_sum(&p, wl, ignore_index, &l, &tw);
        if (size_average && tw != 0) l /= tw;
        *loss = l;
        if (total_weight) *total_weight = tw;
    }
    st = ltI_nn_out_end(lsm, wl, st);
done:
    nll_release(&p);
    return st;
}

lt_status lt_nn_cross_entropy_backward(lt_tensor *gin, const lt_tensor *lsm,
                                       const lt_tensor *target, const lt_tensor *w,
                                       int size_average, int64_t ignore_index,
                                       double total_weight, double scale)
{
    nllp p;
    LT_TRY(nll_prepare(&p, lsm, target, w, 2, ignore_index));
    lt_tensor *wg = NULL;
    lt_status st;
    if ((st = ltI_nn_out_begin(gin, 1, lsm->dtype, lsm->ndim, lsm->size, 0, &wg))) goto done;
    const int64_t *t = (const int64_t *)ltI_data(p.t);
    double norm = size_average && total_weight != 0 ? scale / total_weight : scale;
    for (int64_t i = 0; i < p.N; i++) {
        int skip = ignore_index > 0 && t[i] == ignore_index;
        double coef = skip ? 0 : (p.w ? getd(p.w, t[i] - 1) : 1.0) * norm;
        if (lsm->dtype == LT_FLOAT) {
            const float *l = LT_NN_F(p.lp) + i * p.C;
            float *g = LT_NN_F(wg) + i * p.C;
            for (int64_t c = 0; c < p.C; c++) g[c] = (float)(coef * exp((double)l[c]));
            if (!skip) g[t[i] - 1] -= (float)coef;
        } else {
            const double *l = LT_NN_D(p.lp) + i * p.C;
            double *g = LT_NN_D(wg) + i * p.C;
            for (int64_t c = 0; c < p.C; c++) g[c] = coef * exp(l[c]);
            if (!skip) g[t[i] - 1] -= coef;
        }
    }
    st = ltI_nn_out_end(gin, wg, st);
done:
    nll_release(&p);
    return st;
}
