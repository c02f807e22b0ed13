/*
** attention.c — fused scaled dot-product attention (see attention.h).
**
** Why fused: written with tensor ops, attention is a bmm, a mask fill, a
** max, a subtraction, an exp, a sum, a division and another bmm, each with
** a (N,T,S) temporary, and its backward as many again.  Here each batch-head
** slice is two GEMMs and one pass over its T x S block (masks, stable
** softmax, dropout) forward, four GEMMs and one pass backward; the only
** (N,T,S) tensors are the weights (which users may ask for anyway) and the
** dropout mask.  This file checks the arguments, gathers contiguous
** operands and dispatches on the real type to attention_impl.h.  Layer
** normalisation is here too: one pass per row instead of the eight tensor
** ops (and their temporaries) it takes written in Lua.
*/
#include "attention.h"
#include "lt_internal.h"
#include <math.h>
#include <string.h>

typedef struct sdpa_dims { int64_t N, T, S, D, DV; int heads; } sdpa_dims;

/* vector exp from libmvec where it links (see rnn.c, map.c) */
#ifdef LT_HAVE_LIBMVEC
#define LT_SIMD __attribute__((__simd__("notinbranch")))
LT_SIMD float expf(float);
LT_SIMD double exp(double);
#endif

#define REAL float
#define SFX _f
#define GEMM(bl, ...) (bl)->sgemm(__VA_ARGS__)
#define EXP expf
#include "attention_impl.h"
#undef REAL
#undef SFX
#undef GEMM
#undef EXP
#define REAL double
#define SFX _d
#define GEMM(bl, ...) (bl)->dgemm(__VA_ARGS__)
#define EXP exp
#include "attention_impl.h"
#undef REAL
#undef SFX
#undef GEMM
#undef EXP

static lt_status real_type(const lt_tensor *t, int arg, const char *what)
{
    if (t->dtype != LT_FLOAT && t->dtype != LT_DOUBLE)
        return ltI_err(LT_ETYPE, arg, "%s must be a FloatTensor or a DoubleTensor (got a "
                       "torch.%sTensor)", what, lt_dtypes[t->dtype].name);
    return LT_OK;
}

static lt_status check_args(const lt_sdpa_args *a, sdpa_dims *d)
{
    char s1[LT_SHAPE_BUF], s2[LT_SHAPE_BUF], s3[LT_SHAPE_BUF];
    LT_TRY(ltI_check(a->q, 1));
    LT_TRY(ltI_check(a->k, 2));
    LT_TRY(ltI_check(a->v, 3));
    LT_TRY(real_type(a->q, 1, "query"));
    const lt_tensor *ops[3] = { a->q, a->k, a->v };
    static const char *names[3] = { "query", "key", "value" };
    for (int i = 0; i < 3; i++) {
        if (ops[i]->ndim != 3)
            return ltI_err(LT_ESIZE, i + 1, "%s must be 3D (batch*heads x length x dim), got "
                           "size %s", names[i], ltI_shape(ops[i], s1));
        if (ops[i]->dtype != a->q->dtype)
            return ltI_err(LT_ETYPE, i + 1, "%s is a torch.%sTensor, query a torch.%sTensor",
                           names[i], lt_dtypes[ops[i]->dtype].name,
                           lt_dtypes[a->q->dtype].name);
    }
    d->N = a->q->size[0];
    d->T = a->q->size[1];
    d->D = a->q->size[2];
    d->S = a->k->size[1];
    d->DV = a->v->size[2];
    if (a->k->size[0] != d->N || a->k->size[2] != d->D || a->v->size[0] != d->N ||
        a->v->size[1] != d->S)
        return ltI_err(LT_ESIZE, 2, "query %s, key %s and value %s do not match (expected "
                       "NxTxd, NxSxd, NxSxdv)", ltI_shape(a->q, s1), ltI_shape(a->k, s2),
                       ltI_shape(a->v, s3));
    if (a->causal && d->S < d->T)
        return ltI_err(LT_ESIZE, 2, "a causal mask needs at least as many keys (%lld) as "
                       "queries (%lld)", (long long)d->S, (long long)d->T);
    d->heads = a->heads > 0 ? a->heads : 1;
    if (d->N % d->heads != 0)
        return ltI_err(LT_EARG, 1, "batch*heads %lld is not a multiple of heads %d",
                       (long long)d->N, d->heads);
    if (a->key_padding) {
        LT_TRY(ltI_check(a->key_padding, 4));
        const lt_tensor *m = a->key_padding;
        if (m->ndim != 2 || m->size[0] != d->N / d->heads || m->size[1] != d->S)
            return ltI_err(LT_ESIZE, 4, "key padding mask has size %s, expected %lldx%lld "
                           "(batch x keys)", ltI_shape(m, s1), (long long)(d->N / d->heads),
                           (long long)d->S);
    }
    if (a->attn_mask) {
        LT_TRY(ltI_check(a->attn_mask, 8));
        const lt_tensor *m = a->attn_mask;
        if (m->ndim != 2 || m->size[0] != d->T || m->size[1] != d->S)
            return ltI_err(LT_ESIZE, 8, "attention mask has size %s, expected %lldx%lld "
                           "(queries x keys)", ltI_shape(m, s1), (long long)d->T,
                           (long long)d->S);
    }
    if (!(a->dropout >= 0 && a->dropout < 1))
        return ltI_err(LT_EARG, 0, "dropout must be in [0, 1), got %g", a->dropout);
    if (!(isfinite(a->scale)))
        return ltI_err(LT_EARG, 0, "scale must be finite, got %g", a->scale);
    return LT_OK;
}

typedef struct sdpa_tmp { lt_tensor *t[8]; int n; unsigned char *pad, *am; } sdpa_tmp;

static void tmp_free(sdpa_tmp *k)
{
    for (int i = 0; i < k->n; i++) lt_tensor_release(k->t[i]);
    lt_free(k->pad);
    lt_free(k->am);
    k->n = 0;
    k->pad = k->am = NULL;
}

static lt_status contig(sdpa_tmp *k, const lt_tensor *t, const void **p)
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

/* a 2-D mask as bytes (1 = hidden), whatever its type and layout */
static lt_status mask_bytes(unsigned char **dst, const lt_tensor *m)
{
    if (!m) return LT_OK;
    int64_t n = lt_numel(m);
    *dst = lt_malloc((size_t)(n > 0 ? n : 1));
    if (!*dst) return ltI_err(LT_ENOMEM, 0, "not enough memory");
    int64_t idx[2];
    for (idx[0] = 0; idx[0] < m->size[0]; idx[0]++)
        for (idx[1] = 0; idx[1] < m->size[1]; idx[1]++)
            (*dst)[idx[0] * m->size[1] + idx[1]] = lt_get(m, idx) != 0;
    return LT_OK;
}

lt_status lt_sdpa_forward(const lt_sdpa_args *a, lt_tensor *out, lt_tensor *attn,
                          lt_tensor *drop)
{
    sdpa_dims d;
    sdpa_tmp k = { .n = 0 };
    LT_TRY(check_args(a, &d));
    const lt_dtype dt = a->q->dtype;
    int64_t osz[3] = { d.N, d.T, d.DV }, asz[3] = { d.N, d.T, d.S };
    LT_TRY(ltI_prepare_out(out, dt, 3, osz));
    LT_TRY(ltI_prepare_out(attn, dt, 3, asz));
    const int dropping = a->dropout > 0;
    if (dropping) {
        if (!drop) return ltI_err(LT_EARG, 6, "dropout needs a mask tensor");
        LT_TRY(ltI_prepare_out(drop, dt, 3, asz));
    }
    const void *q, *kk, *v;
    lt_status st = contig(&k, a->q, &q);
    if (st == LT_OK) st = contig(&k, a->k, &kk);
    if (st == LT_OK) st = contig(&k, a->v, &v);
    if (st == LT_OK) st = mask_bytes(&k.pad, a->key_padding);
    if (st == LT_OK) st = mask_bytes(&k.am, a->attn_mask);
    lt_generator *g = a->gen ? a->gen : lt_default_generator();
    if (st == LT_OK) {
        void *dp = dropping ? ltI_data(drop) : NULL;
        st = dt == LT_FLOAT
                 ? sdpa_fwd_f(&d, a, q, kk, v, k.pad, k.am, (float *)ltI_data(out),
                              (float *)ltI_data(attn), dp, g)
                 : sdpa_fwd_d(&d, a, q, kk, v, k.pad, k.am, (double *)ltI_data(out),
                              (double *)ltI_data(attn), dp, g);
    }
    ltI_bump(out);
    ltI_bump(attn);
    if (dropping) ltI_bump(drop);
    tmp_free(&k);
    return st;
}

static lt_status same(const lt_tensor *t, int arg, const char *what, lt_dtype dt, int64_t a0,
                      int64_t a1, int64_t a2)
{
    char s[LT_SHAPE_BUF];
    LT_TRY(ltI_check(t, arg));
    if (t->dtype != dt || t->ndim != 3 || t->size[0] != a0 || t->size[1] != a1 ||
        t->size[2] != a2)
        return ltI_err(LT_ESIZE, arg, "%s is a torch.%sTensor of size %s, expected a torch."
                       "%sTensor of size %lldx%lldx%lld", what, lt_dtypes[t->dtype].name,
                       ltI_shape(t, s), lt_dtypes[dt].name, (long long)a0, (long long)a1,
                       (long long)a2);
    return LT_OK;
}

lt_status lt_sdpa_backward(const lt_sdpa_args *a, const lt_tensor *attn, const lt_tensor *drop,
                           const lt_tensor *dout, lt_tensor *dq, lt_tensor *dk, lt_tensor *dv)
{
    sdpa_dims d;
    sdpa_tmp k = { .n = 0 };
    LT_TRY(check_args(a, &d));
    const lt_dtype dt = a->q->dtype;
    LT_TRY(same(attn, 5, "attention weights", dt, d.N, d.T, d.S));
    const int dropping = a->dropout > 0;
    if (dropping) {
        if (!drop) return ltI_err(LT_EARG, 6, "dropout needs the forward's mask");
        LT_TRY(same(drop, 6, "dropout mask", dt, d.N, d.T, d.S));
    }
    LT_TRY(same(dout, 7, "output gradient", dt, d.N, d.T, d.DV));
    int64_t qs[3] = { d.N, d.T, d.D }, ks[3] = { d.N, d.S, d.D }, vs[3] = { d.N, d.S, d.DV };
    LT_TRY(ltI_prepare_out(dq, dt, 3, qs));
    LT_TRY(ltI_prepare_out(dk, dt, 3, ks));
    LT_TRY(ltI_prepare_out(dv, dt, 3, vs));
    const void *q, *kk, *v, *ap, *dp = NULL, *gp;
    lt_status st = contig(&k, a->q, &q);
    if (st == LT_OK) st = contig(&k, a->k, &kk);
    if (st == LT_OK) st = contig(&k, a->v, &v);
    if (st == LT_OK) st = contig(&k, attn, &ap);
    if (st == LT_OK && dropping) st = contig(&k, drop, &dp);
    if (st == LT_OK) st = contig(&k, dout, &gp);
    if (st == LT_OK) {
        st = dt == LT_FLOAT
                 ? sdpa_bwd_f(&d, a, q, kk, v, ap, dp, gp, (float *)ltI_data(dq),
                              (float *)ltI_data(dk), (float *)ltI_data(dv))
                 : sdpa_bwd_d(&d, a, q, kk, v, ap, dp, gp, (double *)ltI_data(dq),
                              (double *)ltI_data(dk), (double *)ltI_data(dv));
    }
    ltI_bump(dq);
    ltI_bump(dk);
    ltI_bump(dv);
    tmp_free(&k);
    return st;
}

lt_status lt_gelu(lt_tensor *y, const lt_tensor *x, int approximate)
{
    LT_TRY(ltI_check(x, 1));
    LT_TRY(real_type(x, 1, "input"));
    sdpa_tmp k = { .n = 0 };
    const void *xp;
    lt_status st = contig(&k, x, &xp);
    /* y may be x: work from the contiguous copy when x is not dense */
    if (st == LT_OK && y != x) st = ltI_prepare_out(y, x->dtype, x->ndim, x->size);
    if (st == LT_OK && !ltI_contig(y)) st = ltI_err(LT_EARG, 0, "output must be contiguous");
    if (st == LT_OK) {
        int64_t n = lt_numel(x);
        if (x->dtype == LT_FLOAT) gelu_fwd_f((float *)ltI_data(y), xp, n, approximate);
        else gelu_fwd_d((double *)ltI_data(y), xp, n, approximate);
        ltI_bump(y);
    }
    tmp_free(&k);
    return st;
}

lt_status lt_gelu_backward(lt_tensor *dx, const lt_tensor *x, const lt_tensor *dy,
                           int approximate)
{
    char s1[LT_SHAPE_BUF], s2[LT_SHAPE_BUF];
    LT_TRY(ltI_check(x, 1));
    LT_TRY(ltI_check(dy, 2));
    LT_TRY(real_type(x, 1, "input"));
    if (dy->dtype != x->dtype || lt_numel(dy) != lt_numel(x))
        return ltI_err(LT_ESIZE, 2, "gradOutput (%s) does not match the input (%s)",
                       ltI_shape(dy, s1), ltI_shape(x, s2));
    sdpa_tmp k = { .n = 0 };
    const void *xp, *gp;
    lt_status st = contig(&k, x, &xp);
    if (st == LT_OK) st = contig(&k, dy, &gp);
    if (st == LT_OK) st = ltI_prepare_out(dx, x->dtype, x->ndim, x->size);
    if (st == LT_OK) {
        int64_t n = lt_numel(x);
        if (x->dtype == LT_FLOAT) gelu_bwd_f((float *)ltI_data(dx), xp, gp, n, approximate);
        else gelu_bwd_d((double *)ltI_data(dx), xp, gp, n, approximate);
        ltI_bump(dx);
    }
    tmp_free(&k);
    return st;
}

/* ------------------------------------------------------- layer norm */
static lt_status ln_vec(const lt_tensor *t, int arg, const char *what, lt_dtype dt, int64_t M)
{
    char sh[LT_SHAPE_BUF];
    if (!t) return LT_OK;
    LT_TRY(ltI_check(t, arg));
    if (t->dtype != dt || lt_numel(t) != M || !ltI_contig(t))
        return ltI_err(LT_ESIZE, arg, "%s must be a contiguous torch.%sTensor of %lld "
                       "elements (got a torch.%sTensor of size %s)", what, lt_dtypes[dt].name,
                       (long long)M, lt_dtypes[t->dtype].name, ltI_shape(t, sh));
    return LT_OK;
}

static lt_status ln_rows(const lt_tensor *x, int64_t M, int64_t *N)
{
    char sh[LT_SHAPE_BUF];
    LT_TRY(ltI_check(x, 1));
    LT_TRY(real_type(x, 1, "input"));
    int64_t n = lt_numel(x);
    if (M <= 0 || n % M != 0)
        return ltI_err(LT_ESIZE, 1, "input of size %s is not made of rows of %lld",
                       ltI_shape(x, sh), (long long)M);
    *N = n / M;
    return LT_OK;
}

lt_status lt_layernorm(lt_tensor *y, lt_tensor *mean, lt_tensor *rstd, const lt_tensor *x,
                       const lt_tensor *w, const lt_tensor *b, int64_t M, double eps)
{
    int64_t N;
    LT_TRY(ln_rows(x, M, &N));
    LT_TRY(ln_vec(w, 2, "weight", x->dtype, M));
    LT_TRY(ln_vec(b, 3, "bias", x->dtype, M));
    if (!(eps >= 0)) return ltI_err(LT_EARG, 0, "eps must be >= 0, got %g", eps);
    sdpa_tmp k = { .n = 0 };
    const void *xp;
    lt_status st = contig(&k, x, &xp);
    if (st == LT_OK) st = ltI_prepare_out(y, x->dtype, x->ndim, x->size);
    if (st == LT_OK) st = ltI_prepare_out(mean, x->dtype, 1, &N);
    if (st == LT_OK) st = ltI_prepare_out(rstd, x->dtype, 1, &N);
    if (st == LT_OK) {
        const void *wp = w ? ltI_data(w) : NULL, *bp = b ? ltI_data(b) : NULL;
        if (x->dtype == LT_FLOAT)
            ln_fwd_f((float *)ltI_data(y), (float *)ltI_data(mean), (float *)ltI_data(rstd), xp,
                     wp, bp, N, M, eps);
        else
            ln_fwd_d((double *)ltI_data(y), (double *)ltI_data(mean),
                     (double *)ltI_data(rstd), xp, wp, bp, N, M, eps);
        ltI_bump(y);
        ltI_bump(mean);
        ltI_bump(rstd);
    }
    tmp_free(&k);
    return st;
}

lt_status lt_layernorm_backward(lt_tensor *dx, lt_tensor *dw, lt_tensor *db,
                                const lt_tensor *dy, const lt_tensor *x, const lt_tensor *mean,
                                const lt_tensor *rstd, const lt_tensor *w, int64_t M,
                                double scale)
{
    char s1[LT_SHAPE_BUF], s2[LT_SHAPE_BUF];
    int64_t N;
    LT_TRY(ln_rows(x, M, &N));
    LT_TRY(ltI_check(dy, 4));
    if (dy->dtype != x->dtype || lt_numel(dy) != lt_numel(x))
        return ltI_err(LT_ESIZE, 4, "gradOutput (%s) does not match the input (%s)",
                       ltI_shape(dy, s1), ltI_shape(x, s2));
    LT_TRY(ln_vec(mean, 5, "saved mean", x->dtype, N));
    LT_TRY(ln_vec(rstd, 6, "saved rstd", x->dtype, N));
    LT_TRY(ln_vec(w, 2, "weight", x->dtype, M));
    LT_TRY(ln_vec(dw, 0, "weight gradient", x->dtype, M));
    LT_TRY(ln_vec(db, 0, "bias gradient", x->dtype, M));
    sdpa_tmp k = { .n = 0 };
    const void *xp, *gp;
    lt_status st = contig(&k, x, &xp);
    if (st == LT_OK) st = contig(&k, dy, &gp);
    if (st == LT_OK && dx) st = ltI_prepare_out(dx, x->dtype, x->ndim, x->size);
    if (st == LT_OK) {
        const void *wp = w ? ltI_data(w) : NULL;
#define P(t) ((t) ? ltI_data(t) : NULL)
        if (x->dtype == LT_FLOAT)
            ln_bwd_f((float *)P(dx), (float *)P(dw), (float *)P(db), gp, xp,
                     (const float *)ltI_data(mean), (const float *)ltI_data(rstd), wp, N, M,
                     scale);
        else
            ln_bwd_d((double *)P(dx), (double *)P(dw), (double *)P(db), gp, xp,
                     (const double *)ltI_data(mean), (const double *)ltI_data(rstd), wp, N, M,
                     scale);
#undef P
        if (dx) ltI_bump(dx);
        if (dw) ltI_bump(dw);
        if (db) ltI_bump(db);
    }
    tmp_free(&k);
    return st;
}
