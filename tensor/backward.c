/*
** backward.c — the backward rules: one row per opcode (lt_ag_rules).
**
** A rule gets its node (saved tensors, scalars, integer parameters, the
** inputs' shapes in the edges) and the gradients of the outputs, and sets
** gin[i] to the gradient of input i (a new reference, or NULL).  Rules are
** written with the forward lt_* ops only, so they run wherever those run.
** A rule may return a gradient in the broadcast (output) shape, or with
** the right number of elements in another shape, or in another dtype: the
** engine sums, reshapes and converts it to the input (autograd.c).
**
** Rules build their temporaries in an arena (struct ctx): the helpers take
** and return tensors, return NULL after the first failure, and fin()
** releases everything but the results.  So a formula reads as one line:
**     gin[0] = B(c, LT_OP_MUL, g, U1(c, LT_OP_COS, a));
*/
#include "autograd.h"
#include "lt_internal.h"
#include <math.h>
#include <string.h>

#define NTMP 64
typedef struct ctx {
    lt_tensor *tmp[NTMP];
    int n;
    lt_status st;
    lt_dtype dt;
} ctx;

static lt_scalar F(double v) { return lt_scalar_f(v); }
static const lt_scalar Z = { 0.0, 0, 1 };

static lt_tensor *nt(ctx *c, lt_dtype dt)
{
    if (c->st) return NULL;
    if (c->n == NTMP) {
        c->st = ltI_err(LT_ENOMEM, 0, "autograd: too many temporaries in one rule");
        return NULL;
    }
    lt_tensor *t = lt_tensor_new(dt);
    if (!t) {
        c->st = ltI_err(LT_ENOMEM, 0, "not enough memory");
        return NULL;
    }
    c->tmp[c->n++] = t;
    return t;
}

static lt_tensor *ck(ctx *c, lt_status st, lt_tensor *t)
{
    if (st != LT_OK) {
        if (!c->st) c->st = st;
        return NULL;
    }
    return t;
}

static lt_status fin(ctx *c, lt_tensor **gin, int nin)
{
    for (int i = 0; i < nin; i++) {
        if (c->st) gin[i] = NULL;
        else lt_tensor_retain(gin[i]);
    }
    for (int k = 0; k < c->n; k++) lt_tensor_release(c->tmp[k]);
    return c->st;
}

/* elementwise helpers: new tensors */
static lt_tensor *U(ctx *c, lt_opcode op, const lt_tensor *a, lt_scalar s1, lt_scalar s2)
{
    if (!a) return NULL;
    lt_tensor *r = nt(c, a->dtype);
    return r ? ck(c, lt_map(op, r, a, s1, s2), r) : NULL;
}
static lt_tensor *U1(ctx *c, lt_opcode op, const lt_tensor *a) { return U(c, op, a, Z, Z); }
static lt_tensor *MS(ctx *c, const lt_tensor *a, double v) { return U(c, LT_OP_MULS, a, F(v), Z); }
static lt_tensor *AS(ctx *c, const lt_tensor *a, double v) { return U(c, LT_OP_ADDS, a, F(v), Z); }

static lt_tensor *B(ctx *c, lt_opcode op, const lt_tensor *a, const lt_tensor *b)
{
    if (!a || !b) return NULL;
    lt_tensor *r = nt(c, a->dtype);
    return r ? ck(c, lt_map2(op, r, a, b, lt_scalar_i(1)), r) : NULL;
}
#define MUL(a, b) B(c, LT_OP_MUL, a, b)
#define DIV(a, b) B(c, LT_OP_DIV, a, b)
#define SUBT(a, b) B(c, LT_OP_SUB, a, b)

/* a 0/1 mask of comparison op (against b, or the scalar s when b is NULL), in dtype dt */
static lt_tensor *mask(ctx *c, lt_opcode op, const lt_tensor *a, const lt_tensor *b, lt_scalar s)
{
    if (!a) return NULL;
    lt_tensor *m = nt(c, LT_BYTE), *r = nt(c, a->dtype);
    if (!r) return NULL;
    if (!ck(c, lt_compare(op, m, a, b, s), m)) return NULL;
    if (!ck(c, lt_resize_as(r, m), r)) return NULL;
    return ck(c, lt_copy(r, m), r);
}

static lt_tensor *zeros(ctx *c, lt_dtype dt, int ndim, const int64_t *size)
{
    lt_tensor *r = nt(c, dt);
    if (!r || !ck(c, lt_resize(r, ndim, size), r)) return NULL;
    return ck(c, lt_zero(r), r);
}

static lt_tensor *zeros_edge(ctx *c, const lt_agedge *e)
{
    return zeros(c, e->dtype, e->ndim, e->size);
}

/* g (one element, or size 1 along dim) expanded to the edge's shape */
static lt_tensor *bcast(ctx *c, const lt_tensor *g, const lt_agedge *e, int64_t dim)
{
    if (!g) return NULL;
    lt_tensor *v = nt(c, g->dtype);
    if (!v) return NULL;
    if (dim < 0) {
        int64_t ones[LT_MAXDIM];
        for (int d = 0; d < e->ndim; d++) ones[d] = 1;
        if (!ck(c, lt_view(v, g, e->ndim, ones), v)) return NULL;
    } else {
        lt_set(v, g);
    }
    lt_tensor *x = nt(c, g->dtype);
    return x ? ck(c, lt_expand(x, v, e->ndim, e->size), x) : NULL;
}

static lt_tensor *reduce_sum(ctx *c, const lt_tensor *a, int dim)
{
    if (!a) return NULL;
    lt_tensor *r = nt(c, a->dtype);
    return r ? ck(c, lt_reduce_dim(LT_OP_SUM, r, NULL, a, dim, Z), r) : NULL;
}

static lt_tensor *transposed(ctx *c, const lt_tensor *a, int d1, int d2)
{
    if (!a) return NULL;
    lt_tensor *r = nt(c, a->dtype);
    return r ? ck(c, lt_transpose(r, a, d1, d2), r) : NULL;
}

static lt_tensor *reshaped(ctx *c, const lt_tensor *a, int ndim, const int64_t *size)
{
    if (!a) return NULL;
    lt_tensor *r = nt(c, a->dtype);
    if (!r || !ck(c, lt_resize(r, ndim, size), r)) return NULL;
    return ck(c, lt_copy(r, a), r);
}

/* the product helpers: out = alpha * (product) */
typedef lt_status (*prodfn)(lt_tensor *, lt_scalar, const lt_tensor *, lt_scalar,
                            const lt_tensor *, const lt_tensor *);
static lt_tensor *P(ctx *c, prodfn f, lt_scalar alpha, const lt_tensor *a, const lt_tensor *b)
{
    if (!a || !b) return NULL;
    lt_tensor *r = nt(c, a->dtype);
    return r ? ck(c, f(r, Z, NULL, alpha, a, b), r) : NULL;
}

#define SAVED(k) (n->saved[k])
#define EDGE(i) (&n->in[i])
#define WANT(i) (n->in[i].node || n->in[i].leaf)
#define RULE(name) static lt_status name(lt_agnode *n, lt_tensor *const *gout, lt_tensor **gin)
#define BEGIN ctx cc = { .n = 0, .st = LT_OK }; ctx *c = &cc; lt_tensor *g = gout[0]; \
    const lt_tensor *a = SAVED(0), *b = SAVED(1), *o = SAVED(LT_AG_SAVE_OUT); \
    (void)a; (void)b; (void)o; (void)g
#define END return fin(c, gin, n->nin)

/* ------------------------------------------------------------------ unary */
RULE(r_neg) { BEGIN; gin[0] = MS(c, g, -1); END; }
RULE(r_abs) { BEGIN; gin[0] = MUL(g, U1(c, LT_OP_SIGN, a)); END; }
RULE(r_zero) { BEGIN; gin[0] = MS(c, g, 0); END; }
RULE(r_ident) { BEGIN; gin[0] = g; END; }
/* 1/sqrt(1 - a^2) */
static lt_tensor *isq(ctx *c, const lt_tensor *a)
{
    return U1(c, LT_OP_RSQRT, AS(c, MS(c, MUL(a, a), -1), 1));
}
RULE(r_acos) { BEGIN; gin[0] = MS(c, MUL(g, isq(c, a)), -1); END; }
RULE(r_asin) { BEGIN; gin[0] = MUL(g, isq(c, a)); END; }
RULE(r_atan) { BEGIN; gin[0] = DIV(g, AS(c, MUL(a, a), 1)); END; }
RULE(r_cos) { BEGIN; gin[0] = MS(c, MUL(g, U1(c, LT_OP_SIN, a)), -1); END; }
RULE(r_cosh) { BEGIN; gin[0] = MUL(g, U1(c, LT_OP_SINH, a)); END; }
RULE(r_exp) { BEGIN; gin[0] = MUL(g, o); END; }
RULE(r_expm1) { BEGIN; gin[0] = MUL(g, AS(c, o, 1)); END; }
RULE(r_log) { BEGIN; gin[0] = DIV(g, a); END; }
RULE(r_log1p) { BEGIN; gin[0] = DIV(g, AS(c, a, 1)); END; }
RULE(r_cinv) { BEGIN; gin[0] = MS(c, MUL(g, MUL(o, o)), -1); END; }
RULE(r_sin) { BEGIN; gin[0] = MUL(g, U1(c, LT_OP_COS, a)); END; }
RULE(r_sinh) { BEGIN; gin[0] = MUL(g, U1(c, LT_OP_COSH, a)); END; }
RULE(r_sqrt) { BEGIN; gin[0] = DIV(MS(c, g, 0.5), o); END; }
RULE(r_rsqrt) { BEGIN; gin[0] = MS(c, MUL(g, MUL(o, MUL(o, o))), -0.5); END; }
RULE(r_tan) { BEGIN; gin[0] = MUL(g, AS(c, MUL(o, o), 1)); END; }
RULE(r_tanh) { BEGIN; gin[0] = MUL(g, AS(c, MS(c, MUL(o, o), -1), 1)); END; }
RULE(r_sigmoid) { BEGIN; gin[0] = MUL(g, MUL(o, AS(c, MS(c, o, -1), 1))); END; }
RULE(r_muls) { BEGIN; gin[0] = U(c, LT_OP_MULS, g, n->s[0], Z); END; }
RULE(r_divs) { BEGIN; gin[0] = U(c, LT_OP_DIVS, g, n->s[0], Z); END; }
RULE(r_pows)
{
    BEGIN;
    double p = n->s[0].f;
    gin[0] = MS(c, MUL(g, U(c, LT_OP_POWS, a, F(p - 1), Z)), p);
    END;
}
RULE(r_spow) { BEGIN; gin[0] = MS(c, MUL(g, o), log(n->s[0].f)); END; }
RULE(r_clamp)
{
    BEGIN;
    gin[0] = MUL(g, MUL(mask(c, LT_OP_GE, a, NULL, n->s[0]), mask(c, LT_OP_LE, a, NULL, n->s[1])));
    END;
}
/* max(a, s) / min(a, s): the gradient goes where a wins, half of it at ties */
RULE(r_maxs)
{
    BEGIN;
    lt_opcode win = n->op == LT_OP_MAXS ? LT_OP_GT : LT_OP_LT;
    lt_tensor *m = B(c, LT_OP_ADD, mask(c, win, a, NULL, n->s[0]),
                     MS(c, mask(c, LT_OP_EQ, a, NULL, n->s[0]), 0.5));
    gin[0] = MUL(g, m);
    END;
}

/* ----------------------------------------------------------------- binary */
RULE(r_add)
{
    BEGIN;
    gin[0] = g;
    double s = n->s[0].f;
    if (WANT(1)) gin[1] = n->op == LT_OP_SUB ? MS(c, g, -s) : (s == 1 ? g : MS(c, g, s));
    END;
}
RULE(r_mul)
{
    BEGIN;
    if (WANT(0)) gin[0] = MUL(g, b);
    if (WANT(1)) gin[1] = MUL(g, a);
    END;
}
RULE(r_div)
{
    BEGIN;
    lt_tensor *ga = DIV(g, b);
    gin[0] = ga;
    if (WANT(1)) gin[1] = MS(c, DIV(MUL(ga, a), b), -1);
    END;
}
RULE(r_pow)
{
    BEGIN;
    if (WANT(0)) gin[0] = MUL(g, MUL(b, B(c, LT_OP_POW, a, AS(c, b, -1))));
    if (WANT(1)) gin[1] = MUL(g, MUL(o, U1(c, LT_OP_LOG, a)));
    END;
}
RULE(r_fmod)
{
    BEGIN;
    gin[0] = g;
    if (WANT(1)) {
        lt_opcode rnd = n->op == LT_OP_FMOD ? LT_OP_TRUNC : LT_OP_FLOOR;
        gin[1] = MS(c, MUL(g, U1(c, rnd, DIV(a, b))), -1);
    }
    END;
}
RULE(r_atan2)
{
    BEGIN;
    lt_tensor *den = B(c, LT_OP_ADD, MUL(a, a), MUL(b, b));
    if (WANT(0)) gin[0] = DIV(MUL(g, b), den);
    if (WANT(1)) gin[1] = MS(c, DIV(MUL(g, a), den), -1);
    END;
}
RULE(r_max)
{
    BEGIN;
    lt_opcode win = n->op == LT_OP_MAX ? LT_OP_GT : LT_OP_LT;
    lt_tensor *half = MS(c, mask(c, LT_OP_EQ, a, b, Z), 0.5);
    if (WANT(0)) gin[0] = MUL(g, B(c, LT_OP_ADD, mask(c, win, a, b, Z), half));
    if (WANT(1)) gin[1] = MUL(g, B(c, LT_OP_ADD, mask(c, win, b, a, Z), half));
    END;
}
RULE(r_lerp)
{
    BEGIN;
    double s = n->s[0].f;
    gin[0] = MS(c, g, 1 - s);
    if (WANT(1)) gin[1] = MS(c, g, s);
    END;
}
/* addcmul/addcdiv: a + s*b*c / a + s*b/c (saved: b in slot 1, c in slot 2) */
RULE(r_addcmul)
{
    BEGIN;
    const lt_tensor *t2 = SAVED(2);
    double s = n->s[0].f;
    gin[0] = g;
    if (WANT(1)) gin[1] = MS(c, MUL(g, t2), s);
    if (WANT(2)) gin[2] = MS(c, MUL(g, b), s);
    END;
}
RULE(r_addcdiv)
{
    BEGIN;
    const lt_tensor *t2 = SAVED(2);
    double s = n->s[0].f;
    gin[0] = g;
    lt_tensor *q = DIV(g, t2);
    if (WANT(1)) gin[1] = MS(c, q, s);
    if (WANT(2)) gin[2] = MS(c, DIV(MUL(q, b), t2), -s);
    END;
}

/* ------------------------------------------------------------- reductions */
/* iv[0]: the dim, or -1 for all elements (then the result has one element) */
static int64_t count(const lt_agnode *n)
{
    const lt_agedge *e = &n->in[0];
    if (n->iv[0] >= 0) return e->size[n->iv[0]];
    int64_t k = 1;
    for (int d = 0; d < e->ndim; d++) k *= e->size[d];
    return k;
}
RULE(r_sum) { BEGIN; gin[0] = bcast(c, g, EDGE(0), n->iv[0]); END; }
RULE(r_mean) { BEGIN; gin[0] = MS(c, bcast(c, g, EDGE(0), n->iv[0]), 1.0 / (double)count(n)); END; }
RULE(r_prod)
{
    BEGIN;
    gin[0] = DIV(bcast(c, MUL(g, o), EDGE(0), n->iv[0]), a);
    END;
}
RULE(r_extreme)
{
    BEGIN;
    if (n->iv[0] >= 0) {        /* the values' gradient goes to the indices found */
        lt_tensor *z = zeros_edge(c, EDGE(0));
        if (z) ck(c, lt_scatter(z, (int)n->iv[0], SAVED(LT_AG_SAVE_EXTRA), g), z);
        gin[0] = z;
    } else {                    /* shared among the elements equal to the extreme */
        lt_tensor *m = mask(c, LT_OP_EQ, a, bcast(c, o, EDGE(0), -1), Z);
        lt_tensor *k = m ? nt(c, m->dtype) : NULL;
        if (k) {
            double cnt;
            if (ck(c, lt_reduce_all(LT_OP_SUM, m, Z, &cnt, NULL), k))
                gin[0] = MS(c, MUL(m, bcast(c, g, EDGE(0), -1)), 1.0 / cnt);
        }
    }
    END;
}
/* d||a||_p = sign(a) |a|^(p-1) / ||a||^(p-1) */
static lt_tensor *norm_grad(ctx *c, lt_agnode *n, const lt_tensor *g, const lt_tensor *a,
                            const lt_tensor *o, double p, int64_t dim)
{
    lt_tensor *num = MUL(U1(c, LT_OP_SIGN, a), U(c, LT_OP_POWS, U1(c, LT_OP_ABS, a), F(p - 1), Z));
    lt_tensor *scale = DIV(g, U(c, LT_OP_POWS, o, F(p - 1), Z));
    return MUL(num, bcast(c, scale, EDGE(0), dim));
}
RULE(r_norm) { BEGIN; gin[0] = norm_grad(c, n, g, a, o, n->s[0].f, n->iv[0]); END; }
RULE(r_var)
{
    BEGIN;
    int64_t dim = n->iv[0], N = count(n);
    double d = (double)(n->s[0].i ? N : N - 1);
    lt_tensor *mean = dim >= 0 ? MS(c, reduce_sum(c, a, (int)dim), 1.0 / (double)N) : NULL;
    if (dim < 0) {
        lt_tensor *t = nt(c, a->dtype);
        double sum;
        int64_t one = 1;
        if (t && ck(c, lt_reduce_all(LT_OP_SUM, a, Z, &sum, NULL), t) &&
            ck(c, lt_resize(t, 1, &one), t) && ck(c, lt_fill(t, F(sum / (double)N)), t))
            mean = t;
    }
    lt_tensor *dev = SUBT(a, bcast(c, mean, EDGE(0), dim));
    lt_tensor *scale = n->op == LT_OP_VAR ? MS(c, g, 2.0 / d) : MS(c, DIV(g, o), 1.0 / d);
    gin[0] = MUL(dev, bcast(c, scale, EDGE(0), dim));
    END;
}
RULE(r_dist)
{
    BEGIN;
    lt_tensor *diff = SUBT(a, b);
    lt_tensor *ga = norm_grad(c, n, g, diff, o, n->s[0].f, -1);
    gin[0] = ga;
    if (WANT(1)) gin[1] = MS(c, ga, -1);
    END;
}
/* reverse cumulative sum along dim: total - cumsum + x */
static lt_tensor *revcumsum(ctx *c, const lt_tensor *x, int dim, const lt_agedge *e)
{
    if (!x) return NULL;
    lt_tensor *cs = nt(c, x->dtype);
    if (!cs || !ck(c, lt_scan(LT_OP_CUMSUM, cs, x, dim), cs)) return NULL;
    lt_tensor *tot = bcast(c, reduce_sum(c, x, dim), e, dim);
    return B(c, LT_OP_ADD, SUBT(tot, cs), x);
}
RULE(r_cumsum) { BEGIN; gin[0] = revcumsum(c, g, (int)n->iv[0], EDGE(0)); END; }
RULE(r_cumprod) { BEGIN; gin[0] = DIV(revcumsum(c, MUL(g, o), (int)n->iv[0], EDGE(0)), a); END; }

/* ----------------------------------------------------------- linear algebra */
/* inputs: (m1, m2, c); s[0] = beta, s[1] = alpha */
RULE(r_dot)
{
    BEGIN;
    const lt_agedge *ea = EDGE(0), *eb = EDGE(1);
    if (WANT(0)) gin[0] = MUL(reshaped(c, b, ea->ndim, ea->size), g);
    if (WANT(1)) gin[1] = MUL(reshaped(c, a, eb->ndim, eb->size), g);
    END;
}
static void grad_c(ctx *c, lt_agnode *n, lt_tensor *g, lt_tensor **gin)
{
    if (n->nin > 2 && WANT(2)) gin[2] = U(c, LT_OP_MULS, g, n->s[0], Z);
}
RULE(r_addmv)
{
    BEGIN;
    lt_scalar al = n->s[1];
    if (WANT(0)) gin[0] = P(c, lt_addr, al, g, b);
    if (WANT(1)) gin[1] = P(c, lt_addmv, al, transposed(c, a, 0, 1), g);
    grad_c(c, n, g, gin);
    END;
}
RULE(r_addmm)
{
    BEGIN;
    lt_scalar al = n->s[1];
    if (WANT(0)) gin[0] = P(c, lt_addmm, al, g, transposed(c, b, 0, 1));
    if (WANT(1)) gin[1] = P(c, lt_addmm, al, transposed(c, a, 0, 1), g);
    grad_c(c, n, g, gin);
    END;
}
RULE(r_addr)
{
    BEGIN;
    lt_scalar al = n->s[1];
    if (WANT(0)) gin[0] = P(c, lt_addmv, al, g, b);
    if (WANT(1)) gin[1] = P(c, lt_addmv, al, transposed(c, g, 0, 1), a);
    grad_c(c, n, g, gin);
    END;
}
RULE(r_baddbmm)
{
    BEGIN;
    lt_scalar al = n->s[1];
    const lt_tensor *gg = g;
    if (n->op == LT_OP_ADDBMM) {     /* the sum over the batch: g repeats per batch */
        int64_t sz[3] = { a->size[0], g->size[0], g->size[1] };
        lt_tensor *x = nt(c, g->dtype);
        gg = x ? ck(c, lt_expand(x, g, 3, sz), x) : NULL;
    }
    if (WANT(0)) gin[0] = P(c, lt_baddbmm, al, gg, transposed(c, b, 1, 2));
    if (WANT(1)) gin[1] = P(c, lt_baddbmm, al, transposed(c, a, 1, 2), gg);
    grad_c(c, n, g, gin);
    END;
}

/* -------------------------------------------------------- shape and index */
/* CAT: iv[0] = dim, iv[1 + i] = offset of input i, iv[1 + n + i] = length (0: skipped) */
RULE(r_cat)
{
    BEGIN;
    int dim = (int)n->iv[0];
    for (int i = 0; i < n->nin && !c->st; i++) {
        int64_t len = n->iv[1 + n->nin + i];
        if (!WANT(i) || len == 0) continue;
        lt_tensor *v = nt(c, g->dtype);
        if (v) gin[i] = ck(c, lt_narrow(v, g, dim, n->iv[1 + i], len), v);
    }
    END;
}
RULE(r_index)
{
    BEGIN;
    lt_tensor *z = zeros_edge(c, EDGE(0));
    if (z) ck(c, lt_index_add(z, (int)n->iv[0], SAVED(LT_AG_SAVE_EXTRA), g), z);
    gin[0] = z;
    END;
}
/* gather's gradient adds g at the gathered positions; duplicates add up, so
** it is an index_add over the flattened input at linear positions */
RULE(r_gather)
{
    BEGIN;
    const lt_agedge *e = EDGE(0);
    const lt_tensor *idx = SAVED(LT_AG_SAVE_EXTRA);
    int dim = (int)n->iv[0];
    int64_t cstride[LT_MAXDIM];
    ltI_contiguous_strides(e->ndim, e->size, cstride);
    /* lin = (idx - 1) * cstride[dim] + sum_{d != dim} coord_d * cstride[d] + 1 */
    lt_tensor *lin = U(c, LT_OP_MULS, AS(c, idx, -1), lt_scalar_i(cstride[dim]), Z);
    for (int d = 0; d < idx->ndim && lin; d++) {
        if (d == dim || idx->size[d] == 1) continue;
        lt_tensor *r = nt(c, LT_LONG), *v = nt(c, LT_LONG);
        if (!v) break;
        int64_t shp[LT_MAXDIM];
        for (int k = 0; k < idx->ndim; k++) shp[k] = k == d ? idx->size[d] : 1;
        if (!ck(c, lt_range(r, lt_scalar_i(0), lt_scalar_i((idx->size[d] - 1) * cstride[d]),
                            lt_scalar_i(cstride[d] ? cstride[d] : 1)), r))
            break;
        if (!ck(c, lt_view(v, r, idx->ndim, shp), v)) break;
        lin = B(c, LT_OP_ADD, lin, v);
    }
    lin = AS(c, lin, 1);
    int64_t total = 1, m = lt_numel(idx);
    for (int d = 0; d < e->ndim; d++) total *= e->size[d];
    lt_tensor *flat = zeros(c, e->dtype, 1, &total);
    lt_tensor *lin1 = reshaped(c, lin, 1, &m), *g1 = reshaped(c, g, 1, &m);
    if (flat && lin1 && g1) ck(c, lt_index_add(flat, 0, lin1, g1), flat);
    gin[0] = flat;
    END;
}
/* x:scatter(dim, idx, src | value): x's gradient is g with the written
** positions zeroed; src's is g gathered there (placed in src's shape) */
RULE(r_scatter)
{
    BEGIN;
    int dim = (int)n->iv[0];
    const lt_tensor *idx = SAVED(LT_AG_SAVE_EXTRA);
    if (WANT(0)) {
        lt_tensor *x = nt(c, g->dtype);
        if (x && ck(c, lt_clone(x, g), x) && ck(c, lt_scatter_fill(x, dim, idx, Z), x))
            gin[0] = x;
    }
    if (n->nin > 1 && WANT(1)) {
        lt_tensor *gs = nt(c, g->dtype);
        lt_tensor *z = zeros_edge(c, EDGE(1));
        if (gs && z && ck(c, lt_gather(gs, g, dim, idx), gs)) {
            lt_tensor *v = nt(c, g->dtype);
            if (v) {
                lt_set(v, z);
                for (int d = 0; d < idx->ndim && !c->st; d++)
                    ck(c, lt_narrow(v, v, d, 0, idx->size[d]), v);
                if (!c->st) ck(c, lt_copy(v, gs), v);
                gin[1] = z;
            }
        }
    }
    END;
}
RULE(r_mselect)
{
    BEGIN;
    lt_tensor *z = zeros_edge(c, EDGE(0));
    if (z) ck(c, lt_masked_copy(z, SAVED(LT_AG_SAVE_EXTRA), g), z);
    gin[0] = z;
    END;
}
/* a strided view: the gradient is zeros laid out with the input's strides,
** with g copied into the view's place (iv: offset, input strides, view strides) */
RULE(r_view)
{
    BEGIN;
    const lt_agedge *e = EDGE(0);
    const lt_agshape *s = &n->out[0];
    int64_t span = 1;
    int empty = e->ndim == 0;
    for (int d = 0; d < e->ndim; d++) {
        if (e->size[d] == 0) empty = 1;
        span += (e->size[d] - 1) * n->iv[1 + d];
    }
    if (empty) {
        gin[0] = zeros_edge(c, e);
        END;
    }
    lt_tensor *buf = zeros(c, e->dtype, 1, &span);
    lt_tensor *gi = nt(c, e->dtype), *gv = nt(c, e->dtype);
    if (!gv || !ck(c, lt_set_storage(gi, buf->storage, 0, e->ndim, e->size, n->iv + 1), gi)) END;
    int64_t shared = n->iv[2 + 2 * LT_MAXDIM];
    if (!n->iv[1 + 2 * LT_MAXDIM]) {
        /* no two view elements share memory: copy g into the view's place */
        if (ck(c, lt_set_storage(gv, buf->storage, n->iv[0], s->ndim, s->size,
                                 n->iv + 1 + LT_MAXDIM), gv) && ck(c, lt_copy(gv, g), gv))
            gin[0] = shared > 1 ? MS(c, gi, 1.0 / (double)shared) : gi;
        END;
    }
    /* overlapping windows (unfold): add g at each element's position
    ** offset + sum_d i_d * stride_d (1-based for index_add) */
    int64_t one = 1, m = 1;
    lt_tensor *lin = zeros(c, LT_LONG, 1, &one);
    lin = AS(c, lin, (double)(n->iv[0] + 1));
    for (int d = 0; d < s->ndim && lin; d++) {
        int64_t st = n->iv[1 + LT_MAXDIM + d], shp[LT_MAXDIM];
        m *= s->size[d];
        if (s->size[d] == 1) continue;
        for (int k = 0; k < s->ndim; k++) shp[k] = k == d ? s->size[d] : 1;
        lt_tensor *r = nt(c, LT_LONG), *v = nt(c, LT_LONG);
        if (!v || !ck(c, lt_range(r, lt_scalar_i(0), lt_scalar_i(s->size[d] - 1),
                                  lt_scalar_i(1)), r))
            break;
        if (!ck(c, lt_view(v, r, s->ndim, shp), v)) break;
        lin = B(c, LT_OP_ADD, lin, U(c, LT_OP_MULS, v, lt_scalar_i(st), Z));
    }
    lt_tensor *lin1 = reshaped(c, lin, 1, &m), *g1 = reshaped(c, g, 1, &m);
    if (lin1 && g1 && ck(c, lt_index_add(buf, 0, lin1, g1), buf))
        gin[0] = shared > 1 ? MS(c, gi, 1.0 / (double)shared) : gi;
    END;
}

/* t[k] = src: t's gradient is g with the region zeroed, src's is g's region
** (iv as lt_ag_record_setview stores it) */
RULE(r_setview)
{
    BEGIN;
    const lt_agedge *e = EDGE(0);
    int64_t span = 1;
    for (int d = 0; d < e->ndim; d++) {
        if (e->size[d] == 0) span = 0;
        if (span) span += (e->size[d] - 1) * n->iv[1 + d];
    }
    if (span == 0) END;
    lt_tensor *buf = zeros(c, e->dtype, 1, &span);
    lt_tensor *gi = nt(c, e->dtype), *gv = nt(c, e->dtype);
    if (!gv || !ck(c, lt_set_storage(gi, buf->storage, 0, e->ndim, e->size, n->iv + 1), gi) ||
        !ck(c, lt_copy(gi, g), gi) ||
        !ck(c, lt_set_storage(gv, buf->storage, n->iv[0], (int)n->iv[1 + 3 * LT_MAXDIM],
                              n->iv + 1 + 2 * LT_MAXDIM, n->iv + 1 + LT_MAXDIM), gv))
        END;
    if (n->nin > 1 && WANT(1)) {
        lt_tensor *gs = nt(c, e->dtype);
        if (gs && ck(c, lt_clone(gs, gv), gs)) gin[1] = gs;
    }
    if (ck(c, lt_zero(gv), gv)) gin[0] = gi;
    END;
}

/* -------------------------------------------------------------- conv2 */
/* The forward is out = xcorr(xp, K') with xp = x (valid) or x padded by
** kernel-1 (full), K' = k (xcorr2) or k flipped (conv2).  Then
** d xp = conv(g, K') (a full convolution), d K' = xcorr(xp, g) (valid). */
static lt_tensor *flip2(ctx *c, const lt_tensor *t)
{
    lt_tensor *cur = (lt_tensor *)t;
    for (int d = t->ndim - 2; d < t->ndim && cur; d++) {
        int64_t m = t->size[d];
        lt_tensor *idx = nt(c, LT_LONG), *r = nt(c, t->dtype);
        if (!r || !ck(c, lt_range(idx, lt_scalar_i(m), lt_scalar_i(1), lt_scalar_i(-1)), idx))
            return NULL;
        cur = ck(c, lt_index_select(r, cur, d, idx), r);
    }
    return cur;
}
static lt_tensor *conv(ctx *c, const lt_tensor *x, const lt_tensor *k, int full, int flip)
{
    if (!x || !k) return NULL;
    lt_tensor *r = nt(c, x->dtype);
    return r ? ck(c, lt_conv2(r, x, k, full, flip), r) : NULL;
}
RULE(r_conv2)
{
    BEGIN;
    int full = (int)n->iv[0], flip = n->op == LT_AG_CONV2;
    const lt_tensor *x = a, *k = b;
    int kd = k->ndim;
    int64_t kh = k->size[kd - 2], kw = k->size[kd - 1];
    const lt_tensor *xp = x;
    if (full && WANT(1)) {      /* x padded by kh-1, kw-1 */
        int64_t sz[3];
        int nd = x->ndim;
        for (int d = 0; d < nd; d++) sz[d] = x->size[d];
        sz[nd - 2] += 2 * (kh - 1);
        sz[nd - 1] += 2 * (kw - 1);
        lt_tensor *z = zeros(c, x->dtype, nd, sz), *v = nt(c, x->dtype);
        if (v) {
            lt_set(v, z);
            ck(c, lt_narrow(v, v, nd - 2, kh - 1, x->size[nd - 2]), v);
            ck(c, lt_narrow(v, v, nd - 1, kw - 1, x->size[nd - 1]), v);
            if (!c->st) ck(c, lt_copy(v, x), v);
        }
        xp = z;
    }
    if (WANT(0)) {
        /* d xp = full true convolution of g with K'; conv with flipped k = xcorr with k */
        const lt_tensor *kk = k;
        if (kd == 4) kk = transposed(c, k, 0, 1);     /* sum over the output planes */
        lt_tensor *gxp = conv(c, g, kk, 1, !flip);
        if (full && gxp) {
            int nd = gxp->ndim;
            lt_tensor *v = nt(c, g->dtype);
            if (v) {
                lt_set(v, gxp);
                ck(c, lt_narrow(v, v, nd - 2, kh - 1, x->size[nd - 2]), v);
                ck(c, lt_narrow(v, v, nd - 1, kw - 1, x->size[nd - 1]), v);
            }
            gxp = v;
        }
        gin[0] = gxp;
    }
    if (WANT(1)) {
        lt_tensor *gk;
        if (kd == 4) {          /* per output plane q: xcorr of every input plane with g[q] */
            gk = zeros_edge(c, EDGE(1));
            for (int64_t q = 0; gk && q < k->size[0] && !c->st; q++) {
                lt_tensor *gq = nt(c, g->dtype), *ge = nt(c, g->dtype), *dst = nt(c, g->dtype);
                if (!dst) break;
                int64_t sz[3] = { x->size[0], g->size[1], g->size[2] };
                if (!ck(c, lt_select(gq, g, 0, q), gq)) break;
                if (!ck(c, lt_unsqueeze(gq, gq, 0), gq)) break;
                if (!ck(c, lt_expand(ge, gq, 3, sz), ge)) break;
                lt_tensor *part = conv(c, xp, ge, 0, 0);
                if (flip) part = flip2(c, part);
                if (part && ck(c, lt_select(dst, gk, 0, q), dst)) ck(c, lt_copy(dst, part), dst);
            }
        } else {
            gk = conv(c, xp, g, 0, 0);
            if (flip) gk = flip2(c, gk);
        }
        gin[1] = gk;
    }
    END;
}

/* ------------------------------------------------ creation-like ops */
/* iv[0]: the diagonal k */
RULE(r_tri)
{
    BEGIN;
    lt_tensor *r = nt(c, g->dtype);
    if (r) gin[0] = ck(c, (n->op == LT_AG_TRIL ? lt_tril : lt_triu)(r, g, n->iv[0]), r);
    END;
}
/* the k-th diagonal of a zero matrix of the edge's shape, as a view (or NULL) */
static lt_tensor *zero_diag(ctx *c, const lt_agedge *e, int64_t k, lt_tensor **diag)
{
    lt_tensor *z = zeros_edge(c, e), *v = nt(c, e->dtype);
    if (!v) return NULL;
    int64_t rows = e->size[0], cols = e->size[1];
    int64_t off = k >= 0 ? k : -k * cols;
    int64_t len = k >= 0 ? (cols - k < rows ? cols - k : rows)
                         : (rows + k < cols ? rows + k : cols);
    if (len < 0) len = 0;
    int64_t stride = cols + 1;
    if (!ck(c, lt_set_storage(v, z->storage, off, 1, &len, &stride), v)) return NULL;
    *diag = v;
    return z;
}
RULE(r_diag)
{
    BEGIN;
    const lt_agedge *e = EDGE(0);
    int64_t k = n->iv[0];
    if (e->ndim == 1) {         /* vector -> matrix: the gradient is g's k-th diagonal */
        lt_tensor *r = nt(c, g->dtype);
        if (r) gin[0] = ck(c, lt_diag(r, g, k), r);
    } else {                    /* matrix -> vector: g placed on the k-th diagonal */
        lt_tensor *d = NULL, *z = zero_diag(c, e, k, &d);
        if (z && ck(c, lt_copy(d, g), d)) gin[0] = z;
    }
    END;
}
RULE(r_trace)
{
    BEGIN;
    lt_tensor *d = NULL, *z = zero_diag(c, EDGE(0), 0, &d);
    if (z && d) {
        lt_tensor *x = nt(c, g->dtype);
        if (x && ck(c, lt_expand(x, g, 1, d->size), x) && ck(c, lt_copy(d, x), d)) gin[0] = z;
    }
    END;
}
/* iv[0]: the dim as given (-1: the first of size 3; the shapes are the same) */
RULE(r_cross)
{
    BEGIN;
    int dim = (int)n->iv[0];
    if (WANT(0)) {
        lt_tensor *r = nt(c, g->dtype);
        if (r) gin[0] = ck(c, lt_cross(r, b, g, dim), r);
    }
    if (WANT(1)) {
        lt_tensor *r = nt(c, g->dtype);
        if (r) gin[1] = ck(c, lt_cross(r, g, a, dim), r);
    }
    END;
}
/* iv[0] = number of dims n (the input padded with leading 1s), iv[1..n] the
** repetitions: g viewed as (r0, s0, r1, s1, ...) summed over the r's */
RULE(r_repeat)
{
    BEGIN;
    const lt_agedge *e = EDGE(0);
    int nd = (int)n->iv[0];
    if (2 * nd > LT_MAXDIM) {
        c->st = ltI_err(LT_EARG, 0, "repeatTensor: the gradient of a repeat over more than %d "
                        "dimensions is not supported", LT_MAXDIM / 2);
        END;
    }
    int64_t shp[LT_MAXDIM];
    for (int d = 0; d < nd; d++) {
        int64_t rep = n->iv[1 + d];
        int64_t src = d < nd - e->ndim ? 1 : e->size[d - (nd - e->ndim)];
        shp[2 * d] = rep;
        shp[2 * d + 1] = src;
    }
    lt_tensor *gc = nt(c, g->dtype), *v = nt(c, g->dtype);
    if (!v || !ck(c, lt_contiguous(gc, g), gc) || !ck(c, lt_view(v, gc, 2 * nd, shp), v)) END;
    lt_tensor *cur = v;
    for (int d = 0; d < nd && cur; d++) cur = reduce_sum(c, cur, 2 * d);
    gin[0] = cur;
    END;
}

/* ------------------------------------------------------------------ table */
#define A_ 1u
#define B_ 2u
#define C_ 4u
#define O_ (1u << LT_AG_SAVE_OUT)

const lt_agrule lt_ag_rules[LT_AG_NOPS] = {
    [LT_OP_NEG] = { "neg", r_neg, 0, 0 },
    [LT_OP_ABS] = { "abs", r_abs, A_, 0 },
    [LT_OP_SIGN] = { "sign", r_zero, 0, 0 },
    [LT_OP_ACOS] = { "acos", r_acos, A_, 0 },
    [LT_OP_ASIN] = { "asin", r_asin, A_, 0 },
    [LT_OP_ATAN] = { "atan", r_atan, A_, 0 },
    [LT_OP_CEIL] = { "ceil", r_zero, 0, 0 },
    [LT_OP_COS] = { "cos", r_cos, A_, 0 },
    [LT_OP_COSH] = { "cosh", r_cosh, A_, 0 },
    [LT_OP_EXP] = { "exp", r_exp, O_, 0 },
    [LT_OP_EXPM1] = { "expm1", r_expm1, O_, 0 },
    [LT_OP_FLOOR] = { "floor", r_zero, 0, 0 },
    [LT_OP_LOG] = { "log", r_log, A_, 0 },
    [LT_OP_LOG1P] = { "log1p", r_log1p, A_, 0 },
    [LT_OP_CINV] = { "cinv", r_cinv, O_, 0 },
    [LT_OP_ROUND] = { "round", r_zero, 0, 0 },
    [LT_OP_SIN] = { "sin", r_sin, A_, 0 },
    [LT_OP_SINH] = { "sinh", r_sinh, A_, 0 },
    [LT_OP_SQRT] = { "sqrt", r_sqrt, O_, 0 },
    [LT_OP_RSQRT] = { "rsqrt", r_rsqrt, O_, 0 },
    [LT_OP_TAN] = { "tan", r_tan, O_, 0 },
    [LT_OP_TANH] = { "tanh", r_tanh, O_, 0 },
    [LT_OP_SIGMOID] = { "sigmoid", r_sigmoid, O_, 0 },
    [LT_OP_TRUNC] = { "trunc", r_zero, 0, 0 },
    [LT_OP_FRAC] = { "frac", r_ident, 0, 0 },
    [LT_OP_ADDS] = { "add", r_ident, 0, 0 },
    [LT_OP_MULS] = { "mul", r_muls, 0, 0 },
    [LT_OP_DIVS] = { "div", r_divs, 0, 0 },
    [LT_OP_FMODS] = { "fmod", r_ident, 0, 0 },
    [LT_OP_REMS] = { "remainder", r_ident, 0, 0 },
    [LT_OP_POWS] = { "pow", r_pows, A_, 0 },
    [LT_OP_SPOW] = { "tpow", r_spow, O_, 0 },
    [LT_OP_CLAMP] = { "clamp", r_clamp, A_, 0 },
    [LT_OP_MAXS] = { "cmax", r_maxs, A_, 0 },
    [LT_OP_MINS] = { "cmin", r_maxs, A_, 0 },
    [LT_OP_ADD] = { "add", r_add, 0, 0 },
    [LT_OP_SUB] = { "csub", r_add, 0, 0 },
    [LT_OP_MUL] = { "cmul", r_mul, A_ | B_, 0 },
    [LT_OP_DIV] = { "cdiv", r_div, A_ | B_, 0 },
    [LT_OP_POW] = { "cpow", r_pow, A_ | B_ | O_, 0 },
    [LT_OP_FMOD] = { "cfmod", r_fmod, A_ | B_, 0 },
    [LT_OP_REM] = { "cremainder", r_fmod, A_ | B_, 0 },
    [LT_OP_ATAN2] = { "atan2", r_atan2, A_ | B_, 0 },
    [LT_OP_MAX] = { "cmax", r_max, A_ | B_, 0 },
    [LT_OP_MIN] = { "cmin", r_max, A_ | B_, 0 },
    [LT_OP_ADDCMUL] = { "addcmul", r_addcmul, B_ | C_, 0 },
    [LT_OP_ADDCDIV] = { "addcdiv", r_addcdiv, B_ | C_, 0 },
    [LT_OP_LERP] = { "lerp", r_lerp, 0, 0 },
    [LT_OP_LT] = { "lt", NULL, 0, 1 },
    [LT_OP_LE] = { "le", NULL, 0, 1 },
    [LT_OP_GT] = { "gt", NULL, 0, 1 },
    [LT_OP_GE] = { "ge", NULL, 0, 1 },
    [LT_OP_EQ] = { "eq", NULL, 0, 1 },
    [LT_OP_NE] = { "ne", NULL, 0, 1 },
    [LT_OP_SUM] = { "sum", r_sum, 0, 0 },
    [LT_OP_PROD] = { "prod", r_prod, A_ | O_, 0 },
    [LT_OP_MEAN] = { "mean", r_mean, 0, 0 },
    [LT_OP_RMAX] = { "max", r_extreme, A_ | O_, 0 },
    [LT_OP_RMIN] = { "min", r_extreme, A_ | O_, 0 },
    [LT_OP_NORM] = { "norm", r_norm, A_ | O_, 0 },
    [LT_OP_STD] = { "std", r_var, A_ | O_, 0 },
    [LT_OP_VAR] = { "var", r_var, A_ | O_, 0 },
    [LT_OP_ALL] = { "all", NULL, 0, 1 },
    [LT_OP_ANY] = { "any", NULL, 0, 1 },
    [LT_OP_DIST] = { "dist", r_dist, A_ | B_ | O_, 0 },
    [LT_OP_CUMSUM] = { "cumsum", r_cumsum, 0, 0 },
    [LT_OP_CUMPROD] = { "cumprod", r_cumprod, A_ | O_, 0 },
    [LT_OP_DOT] = { "dot", r_dot, A_ | B_, 0 },
    [LT_OP_ADDMV] = { "addmv", r_addmv, A_ | B_, 0 },
    [LT_OP_ADDMM] = { "addmm", r_addmm, A_ | B_, 0 },
    [LT_OP_ADDR] = { "addr", r_addr, A_ | B_, 0 },
    [LT_OP_BADDBMM] = { "baddbmm", r_baddbmm, A_ | B_, 0 },
    [LT_OP_ADDBMM] = { "addbmm", r_baddbmm, A_ | B_, 0 },
    [LT_OP_COPY] = { "copy", r_ident, 0, 0 },
    [LT_OP_CAT] = { "cat", r_cat, 0, 0 },
    [LT_OP_INDEX] = { "index", r_index, 0, 0 },
    [LT_OP_GATHER] = { "gather", r_gather, 0, 0 },
    [LT_OP_SCATTER] = { "scatter", r_scatter, 0, 0 },
    [LT_OP_MSELECT] = { "maskedSelect", r_mselect, 0, 0 },
    [LT_AG_VIEW] = { "view", r_view, A_, 0 },
    [LT_AG_EXPAND] = { "expand", r_ident, 0, 0 },
    [LT_AG_RESHAPE] = { "reshape", r_ident, 0, 0 },
    [LT_AG_CONV2] = { "conv2", r_conv2, A_ | B_, 0 },
    [LT_AG_XCORR2] = { "xcorr2", r_conv2, A_ | B_, 0 },
    [LT_AG_TRIL] = { "tril", r_tri, 0, 0 },
    [LT_AG_TRIU] = { "triu", r_tri, 0, 0 },
    [LT_AG_DIAG] = { "diag", r_diag, 0, 0 },
    [LT_AG_TRACE] = { "trace", r_trace, 0, 0 },
    [LT_AG_CROSS] = { "cross", r_cross, A_ | B_, 0 },
    [LT_AG_REPEAT] = { "repeatTensor", r_repeat, 0, 0 },
    [LT_AG_SETVIEW] = { "indexing assignment", r_setview, 0, 0 },
    [LT_AG_CUSTOM] = { "custom", NULL, 0, 0 },
};
