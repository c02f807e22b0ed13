/*
** rnn.c — fused recurrent layers over whole sequences (see rnn.h).
**
** Why fused: a recurrent layer written with separate ops costs a dozen
** kernel launches and temporaries per step; here each step is one GEMM
** (all gates' hidden projections at once) plus one pointwise pass, and the
** input projections, dx and the weight gradients are one GEMM each over all
** steps.  This file checks the arguments, makes the operands contiguous,
** sizes the outputs and dispatches on the real type to rnn_impl.h.
*/
#include "rnn.h"
#include "lt_internal.h"
#include <math.h>

typedef struct rnn_dims { int64_t T, B, I, H; int G; } rnn_dims;

/* contiguous data of each input (zeros for absent states) */
typedef struct rnn_in {
    const void *x, *h0, *c0, *w_ih, *w_hh, *b_ih, *b_hh;
    const int64_t *len;
} rnn_in;

/* The gate nonlinearities dominate a step once the GEMM is small: with
** glibc's libmvec (LT_HAVE_LIBMVEC, see the Makefile) the vector versions
** of exp and tanh let the pointwise loops vectorise, as in map.c. */
#ifdef LT_HAVE_LIBMVEC
#define LT_SIMD __attribute__((__simd__("notinbranch")))
LT_SIMD float expf(float);
LT_SIMD double exp(double);
LT_SIMD float tanhf(float);
LT_SIMD double tanh(double);
#endif

#define REAL float
#define SFX _f
#define GEMM(bl, ...) (bl)->sgemm(__VA_ARGS__)
#define EXP expf
#define TANH tanhf
#include "rnn_impl.h"
#undef REAL
#undef SFX
#undef GEMM
#undef EXP
#undef TANH
#define REAL double
#define SFX _d
#define GEMM(bl, ...) (bl)->dgemm(__VA_ARGS__)
#define EXP exp
#define TANH tanh
#include "rnn_impl.h"
#undef REAL
#undef SFX
#undef GEMM
#undef EXP
#undef TANH

int lt_rnn_gates(lt_rnn_mode mode)
{
    return mode == LT_RNN_LSTM ? 4 : mode == LT_RNN_GRU ? 3 : 1;
}

static const char *mode_name(lt_rnn_mode m)
{
    return m == LT_RNN_LSTM ? "LSTM" : m == LT_RNN_GRU ? "GRU" : "RNN";
}

static lt_status check_shape(const lt_tensor *t, int arg, const char *what, lt_dtype dt,
                             int ndim, const int64_t *size)
{
    char a[LT_SHAPE_BUF], b[LT_SHAPE_BUF];
    LT_TRY(ltI_check(t, arg));
    if (t->dtype != dt)
        return ltI_err(LT_ETYPE, arg, "%s is a torch.%sTensor, expected a torch.%sTensor", what,
                       lt_dtypes[t->dtype].name, lt_dtypes[dt].name);
    if (t->ndim != ndim || !ltI_dims_eq(t->size, size, ndim)) {
        ltI_shape_of(ndim, size, b, sizeof b);
        return ltI_err(LT_ESIZE, arg, "%s has size %s, expected %s", what, ltI_shape(t, a), b);
    }
    return LT_OK;
}

/* Checks every operand against x and w_ih, which fix T, B, I and H. */
static lt_status check_args(const lt_rnn_args *a, rnn_dims *d)
{
    char s[LT_SHAPE_BUF];
    const lt_tensor *x = a->x, *w = a->w_ih;
    if (a->mode < LT_RNN_TANH || a->mode > LT_RNN_GRU)
        return ltI_err(LT_EARG, 0, "unknown recurrent mode %d", (int)a->mode);
    LT_TRY(ltI_check(x, 1));
    if (!ltI_is_float(x->dtype))
        return ltI_err(LT_ETYPE, 1, "%s input must be a torch.FloatTensor or torch.DoubleTensor, "
                       "got a torch.%sTensor", mode_name(a->mode), lt_dtypes[x->dtype].name);
    if (x->ndim != 3 || ltI_numel(x) == 0)
        return ltI_err(LT_ESIZE, 1, "%s input must be a non-empty 3D tensor (time x batch x "
                       "features), got size %s", mode_name(a->mode), ltI_shape(x, s));
    d->G = lt_rnn_gates(a->mode);
    d->T = x->size[0];
    d->B = x->size[1];
    d->I = x->size[2];
    LT_TRY(ltI_check(w, 4));
    if (w->ndim != 2 || w->size[0] == 0 || w->size[0] % d->G != 0 || w->size[1] != d->I)
        return ltI_err(LT_ESIZE, 4, "input weight has size %s, expected %d*hidden x %lld",
                       ltI_shape(w, s), d->G, (long long)d->I);
    d->H = w->size[0] / d->G;
    int64_t gs[2] = { d->G * d->H, d->I }, hs[2] = { d->G * d->H, d->H };
    int64_t bh[2] = { d->B, d->H }, gb = d->G * d->H;
    LT_TRY(check_shape(w, 4, "input weight", x->dtype, 2, gs));
    LT_TRY(check_shape(a->w_hh, 5, "hidden weight", x->dtype, 2, hs));
    if (a->b_ih) LT_TRY(check_shape(a->b_ih, 6, "input bias", x->dtype, 1, &gb));
    if (a->b_hh) LT_TRY(check_shape(a->b_hh, 7, "hidden bias", x->dtype, 1, &gb));
    if (a->h0) LT_TRY(check_shape(a->h0, 2, "initial hidden state", x->dtype, 2, bh));
    if (a->c0) {
        if (a->mode != LT_RNN_LSTM)
            return ltI_err(LT_EARG, 3, "only an LSTM has a cell state");
        LT_TRY(check_shape(a->c0, 3, "initial cell state", x->dtype, 2, bh));
    }
    if (a->lengths) {
        LT_TRY(check_shape(a->lengths, 8, "lengths", LT_LONG, 1, &d->B));
        for (int64_t b = 0; b < d->B; b++) {
            int64_t v = lt_geti(a->lengths, &b);
            if (v < 0 || v > d->T)
                return ltI_err(LT_ERANGE, 8, "length %lld of sequence %lld is out of range "
                               "(0 to %lld steps)", (long long)v, (long long)b + 1,
                               (long long)d->T);
        }
    }
    return LT_OK;
}

/* Temporaries made while gathering contiguous inputs, released together. */
typedef struct rnn_tmp { lt_tensor *t[12]; int n; void *zeros; } rnn_tmp;

static void tmp_free(rnn_tmp *k)
{
    for (int i = 0; i < k->n; i++) lt_tensor_release(k->t[i]);
    lt_free(k->zeros);
    k->n = 0;
    k->zeros = NULL;
}

static lt_status contig(rnn_tmp *k, const lt_tensor *t, const void **p)
{
    if (!t) {
        *p = NULL;
        return LT_OK;
    }
    if (ltI_contig(t)) {
        *p = ltI_data(t);
        return LT_OK;
    }
    lt_tensor *c = lt_tensor_new(t->dtype);
    if (!c) return ltI_err(LT_ENOMEM, 0, "not enough memory");
    k->t[k->n++] = c;
    LT_TRY(lt_contiguous(c, t));
    *p = ltI_data(c);
    return LT_OK;
}

static lt_status gather(const lt_rnn_args *a, const rnn_dims *d, rnn_tmp *k, rnn_in *in)
{
    const void *len = NULL;
    LT_TRY(contig(k, a->x, &in->x));
    LT_TRY(contig(k, a->h0, &in->h0));
    LT_TRY(contig(k, a->c0, &in->c0));
    LT_TRY(contig(k, a->w_ih, &in->w_ih));
    LT_TRY(contig(k, a->w_hh, &in->w_hh));
    LT_TRY(contig(k, a->b_ih, &in->b_ih));
    LT_TRY(contig(k, a->b_hh, &in->b_hh));
    LT_TRY(contig(k, a->lengths, &len));
    in->len = len;
    if (!in->h0 || !in->c0) {
        size_t n = (size_t)(d->B * d->H) * lt_dtypes[a->x->dtype].size;
        k->zeros = lt_malloc(n);
        if (!k->zeros) return ltI_err(LT_ENOMEM, 0, "not enough memory");
        memset(k->zeros, 0, n);
        if (!in->h0) in->h0 = k->zeros;
        if (!in->c0) in->c0 = k->zeros;
    }
    return LT_OK;
}

static int64_t ws_size(const rnn_dims *d)
{
    return d->T * d->B * (d->G * d->H + 2 * d->H);
}

lt_status lt_rnn_forward(const lt_rnn_args *a, lt_tensor *y, lt_tensor *hn, lt_tensor *cn,
                         lt_tensor *ws)
{
    rnn_dims d;
    rnn_in in;
    rnn_tmp k = { .n = 0 };
    LT_TRY(check_args(a, &d));
    const lt_dtype dt = a->x->dtype;
    int64_t ysz[3] = { d.T, d.B, d.H }, hsz[2] = { d.B, d.H }, wsz = ws_size(&d);
    LT_TRY(ltI_prepare_out(y, dt, 3, ysz));
    LT_TRY(ltI_prepare_out(hn, dt, 2, hsz));
    if (cn && a->mode == LT_RNN_LSTM) LT_TRY(ltI_prepare_out(cn, dt, 2, hsz));
    LT_TRY(ltI_prepare_out(ws, dt, 1, &wsz));
    lt_status st = gather(a, &d, &k, &in);
    if (st == LT_OK) {
        void *cnp = cn && a->mode == LT_RNN_LSTM ? ltI_data(cn) : NULL;
        st = dt == LT_FLOAT
                 ? forward_f(&d, a, &in, (float *)ltI_data(y), (float *)ltI_data(hn), cnp,
                             (float *)ltI_data(ws))
                 : forward_d(&d, a, &in, (double *)ltI_data(y), (double *)ltI_data(hn), cnp,
                             (double *)ltI_data(ws));
    }
    ltI_bump(y);
    ltI_bump(hn);
    ltI_bump(ws);
    tmp_free(&k);
    return st;
}

lt_status lt_rnn_backward(const lt_rnn_args *a, const lt_tensor *ws, const lt_tensor *dy,
                          const lt_tensor *dhn, const lt_tensor *dcn, lt_tensor *dx,
                          lt_tensor *dh0, lt_tensor *dc0, lt_tensor *dw_ih, lt_tensor *dw_hh,
                          lt_tensor *db_ih, lt_tensor *db_hh)
{
    rnn_dims d;
    rnn_in in;
    rnn_tmp k = { .n = 0 };
    LT_TRY(check_args(a, &d));
    const lt_dtype dt = a->x->dtype;
    int64_t ysz[3] = { d.T, d.B, d.H }, hsz[2] = { d.B, d.H }, wsz = ws_size(&d);
    int64_t gi[2] = { d.G * d.H, d.I }, gh[2] = { d.G * d.H, d.H }, gb = d.G * d.H;
    LT_TRY(check_shape(ws, 0, "workspace", dt, 1, &wsz));
    if (dy) LT_TRY(check_shape(dy, 9, "output gradient", dt, 3, ysz));
    if (dhn) LT_TRY(check_shape(dhn, 10, "final hidden state gradient", dt, 2, hsz));
    if (dcn) LT_TRY(check_shape(dcn, 11, "final cell state gradient", dt, 2, hsz));
    /* the accumulated gradients are written in place: they must be dense */
    const lt_tensor *acc[4] = { dw_ih, dw_hh, db_ih, db_hh };
    const int64_t *accsz[4] = { gi, gh, &gb, &gb };
    static const char *accname[4] = { "input weight gradient", "hidden weight gradient",
                                      "input bias gradient", "hidden bias gradient" };
    for (int i = 0; i < 4; i++) {
        if (!acc[i]) continue;
        LT_TRY(check_shape(acc[i], 0, accname[i], dt, i < 2 ? 2 : 1, accsz[i]));
        if (!ltI_contig(acc[i]))
            return ltI_err(LT_EARG, 0, "%s must be contiguous", accname[i]);
    }
    int64_t xsz[3] = { d.T, d.B, d.I };
    if (dx) LT_TRY(ltI_prepare_out(dx, dt, 3, xsz));
    if (dh0) LT_TRY(ltI_prepare_out(dh0, dt, 2, hsz));
    if (dc0 && a->mode == LT_RNN_LSTM) LT_TRY(ltI_prepare_out(dc0, dt, 2, hsz));
    const void *dyp, *dhnp, *dcnp, *wsp;
    lt_status st = gather(a, &d, &k, &in);
    if (st == LT_OK) st = contig(&k, dy, &dyp);
    if (st == LT_OK) st = contig(&k, dhn, &dhnp);
    if (st == LT_OK) st = contig(&k, dcn, &dcnp);
    if (st == LT_OK) st = contig(&k, ws, &wsp);
#define P(t) ((t) ? ltI_data(t) : NULL)
    if (st == LT_OK) {
        void *dc0p = dc0 && a->mode == LT_RNN_LSTM ? ltI_data(dc0) : NULL;
        st = dt == LT_FLOAT
                 ? backward_f(&d, a, &in, wsp, dyp, dhnp, dcnp, (float *)P(dx), (float *)P(dh0),
                              dc0p, (float *)P(dw_ih), (float *)P(dw_hh), (float *)P(db_ih),
                              (float *)P(db_hh))
                 : backward_d(&d, a, &in, wsp, dyp, dhnp, dcnp, (double *)P(dx),
                              (double *)P(dh0), dc0p, (double *)P(dw_ih), (double *)P(dw_hh),
                              (double *)P(db_ih), (double *)P(db_hh));
    }
#undef P
    lt_tensor *bumped[7] = { dx, dh0, dc0, dw_ih, dw_hh, db_ih, db_hh };
    for (int i = 0; i < 7; i++) if (bumped[i]) ltI_bump(bumped[i]);
    tmp_free(&k);
    return st;
}
