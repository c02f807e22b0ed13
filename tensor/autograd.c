/*
** autograd.c — the autograd engine: metadata, recording, backward.
**
** See autograd.h for the model.  Design points of this file:
** - Recording happens in the lt_*_r wrappers (and the bindings' calls of
**   lt_ag_record), after the forward op has succeeded, so the forward
**   kernels know nothing of autograd.  The checks that must precede a
**   write (leaf, view in a graph) run before the kernel.
** - backward is iterative (explicit stacks), so a graph of a million nodes
**   (a long RNN) neither recurses nor overflows the C stack; freeing a
**   graph is iterative for the same reason.
** - Errors inside backward leave the graph as it was (not released), free
**   the partial gradients, and return the status with its message.
*/
#include "autograd.h"
#include "lt_internal.h"
#include <stdlib.h>
#include <string.h>

extern void (*ltI_autograd_free)(lt_tensor *t);   /* tensor.c calls it when a tensor dies */

int lt_ag_mode = 1;
int lt_ag_debug_broken = -1;

void lt_set_grad_enabled(int on) { lt_ag_mode = on != 0; }

void lt_ag_debug_break(int op, int on)
{
    if (on) lt_ag_debug_broken = op;
    else if (lt_ag_debug_broken == op) lt_ag_debug_broken = -1;
}

const char *lt_ag_op_name(int op)
{
    if (op < 0 || op >= LT_AG_NOPS) return "?";
    return lt_ag_rules[op].name;
}

/* -------------------------------------------------------------- metadata */
static void free_meta(lt_tensor *t);

static lt_agmeta *meta_of(lt_tensor *t)
{
    if (t->autograd) return (lt_agmeta *)t->autograd;
    lt_agmeta *m = lt_malloc(sizeof *m);
    if (!m) return NULL;
    memset(m, 0, sizeof *m);
    t->autograd = m;
    ltI_autograd_free = free_meta;
    return m;
}

static void free_meta(lt_tensor *t)
{
    lt_agmeta *m = (lt_agmeta *)t->autograd;
    t->autograd = NULL;
    if (!m) return;
    lt_tensor_release(m->grad);
    lt_ag_node_release(m->node);
    lt_free(m);
}

lt_status lt_set_requires_grad(lt_tensor *t, int flag)
{
    if (!lt_is_leaf(t))
        return ltI_err(LT_EARG, 1, "requires_grad can only be changed on leaf tensors (this one "
                       "was computed by '%s'); use detach() for a tensor without history",
                       lt_ag_node_name(t));
    if (flag && !lt_dtypes[t->dtype].is_float)
        return ltI_err(LT_ETYPE, 1, "only Float and Double tensors can require gradients "
                       "(got a %s tensor)", lt_dtypes[t->dtype].name);
    if (!flag && !t->autograd) return LT_OK;
    lt_agmeta *m = meta_of(t);
    if (!m) return ltI_err(LT_ENOMEM, 0, "not enough memory");
    m->requires_grad = flag != 0;
    return LT_OK;
}

lt_tensor *lt_grad_get(const lt_tensor *t)
{
    const lt_agmeta *m = (const lt_agmeta *)t->autograd;
    return m ? m->grad : NULL;
}

lt_status lt_grad_set(lt_tensor *t, lt_tensor *g)
{
    if (g) {
        if (!ltI_same_size(g, t)) {
            char a[LT_SHAPE_BUF], b[LT_SHAPE_BUF];
            return ltI_err(LT_ESIZE, 2, "gradient of size %s for a tensor of size %s",
                           ltI_shape(g, a), ltI_shape(t, b));
        }
        if (g->dtype != t->dtype)
            return ltI_err(LT_ETYPE, 2, "gradient of type %s for a %s tensor",
                           lt_dtypes[g->dtype].name, lt_dtypes[t->dtype].name);
    }
    if (!g && !t->autograd) return LT_OK;
    lt_agmeta *m = meta_of(t);
    if (!m) return ltI_err(LT_ENOMEM, 0, "not enough memory");
    lt_tensor_retain(g);
    lt_tensor_release(m->grad);
    m->grad = g;
    return LT_OK;
}

lt_status lt_grad_zero(lt_tensor *t)
{
    lt_tensor *g = lt_grad_get(t);
    return g ? lt_zero(g) : LT_OK;
}

const char *lt_ag_node_name(const lt_tensor *t)
{
    const lt_agmeta *m = (const lt_agmeta *)t->autograd;
    return m && m->node ? lt_ag_op_name(m->node->op) : NULL;
}

/* ----------------------------------------------------------------- nodes */
static void drop_saved(lt_agnode *n)
{
    for (int k = 0; k < LT_AG_NSAVED; k++) {
        lt_tensor_release(n->saved[k]);
        n->saved[k] = NULL;
    }
    if (n->ud_free && n->ud) n->ud_free(n->ud);
    n->ud = NULL;
}

void lt_ag_node_release(lt_agnode *n)
{
    /* iterative: releasing a node may release its producers, and so on */
    lt_agnode *stack = NULL;     /* linked through gbuf (unused once dying) */
    while (n || stack) {
        if (!n) {
            n = stack;
            stack = (lt_agnode *)n->gbuf;
            n->gbuf = NULL;
            goto free_it;
        }
        if (--n->refcount > 0) {
            n = NULL;
            continue;
        }
    free_it:
        drop_saved(n);
        lt_agnode *next = NULL;
        for (int i = 0; i < n->nin; i++) {
            lt_agedge *e = &n->in[i];
            lt_tensor_release(e->leaf);
            e->leaf = NULL;
            if (e->node) {
                lt_agnode *p = e->node;
                e->node = NULL;
                if (--p->refcount == 0) {
                    p->gbuf = (lt_tensor **)stack;
                    stack = p;
                }
            }
        }
        lt_free(n->in);
        lt_free(n->out);
        lt_free(n);
        n = next;
    }
}

static int needs_grad(const lt_tensor *t) { return t && lt_requires_grad(t); }

lt_status lt_ag_node_new(int op, int nin, const lt_tensor *const *in, lt_agnode **out)
{
    *out = NULL;
    if (!lt_ag_mode) return LT_OK;
    int any = 0;
    for (int i = 0; i < nin; i++) any |= needs_grad(in[i]);
    if (!any) return LT_OK;
    lt_agnode *n = lt_malloc(sizeof *n);
    if (!n) return ltI_err(LT_ENOMEM, 0, "not enough memory");
    memset(n, 0, sizeof *n);
    n->refcount = 1;
    n->op = op;
    n->nin = nin;
    n->in = lt_malloc(sizeof(lt_agedge) * (size_t)(nin > 0 ? nin : 1));
    if (!n->in) {
        lt_free(n);
        return ltI_err(LT_ENOMEM, 0, "not enough memory");
    }
    memset(n->in, 0, sizeof(lt_agedge) * (size_t)(nin > 0 ? nin : 1));
    for (int i = 0; i < nin; i++) {
        lt_agedge *e = &n->in[i];
        const lt_tensor *t = in[i];
        if (!t) continue;
        e->dtype = t->dtype;
        e->ndim = t->ndim;
        ltI_dims_copy(e->size, t->size, t->ndim);
        if (!needs_grad(t)) continue;
        lt_agmeta *m = (lt_agmeta *)t->autograd;
        if (m->node) {
            e->node = m->node;
            e->index = m->index;
            m->node->refcount++;
        } else {
            e->leaf = (lt_tensor *)t;
            lt_tensor_retain(e->leaf);
        }
    }
    *out = n;
    return LT_OK;
}

lt_status lt_ag_save(lt_agnode *n, int slot, const lt_tensor *t)
{
    lt_tensor *v = lt_tensor_new_view(t);
    if (!v) return ltI_err(LT_ENOMEM, 0, "not enough memory");
    lt_tensor_release(n->saved[slot]);
    n->saved[slot] = v;
    n->saved_version[slot] = t->storage ? t->storage->version : 0;
    return LT_OK;
}

lt_status lt_ag_attach(lt_agnode *n, int nout, lt_tensor *const *outs)
{
    n->nout = nout;
    n->out = lt_malloc(sizeof(lt_agshape) * (size_t)(nout > 0 ? nout : 1));
    if (!n->out) {
        lt_ag_node_release(n);
        return ltI_err(LT_ENOMEM, 0, "not enough memory");
    }
    for (int k = 0; k < nout; k++) {
        n->out[k].dtype = outs[k]->dtype;
        n->out[k].ndim = outs[k]->ndim;
        ltI_dims_copy(n->out[k].size, outs[k]->size, outs[k]->ndim);
    }
    for (int k = 0; k < nout; k++) {
        lt_agmeta *m = meta_of(outs[k]);
        if (!m) {
            lt_ag_node_release(n);
            return ltI_err(LT_ENOMEM, 0, "not enough memory");
        }
        n->refcount++;
        lt_ag_node_release(m->node);
        m->node = n;
        m->index = k;
        m->requires_grad = 0;
    }
    lt_ag_node_release(n);       /* the caller's reference */
    return LT_OK;
}

/* ------------------------------------------------------------- recording */
static int is_view_node(const lt_agnode *n)
{
    return n && (n->op == LT_AG_VIEW || n->op == LT_AG_EXPAND);
}

lt_status lt_ag_check_write(const lt_tensor *out, const char *name)
{
    const lt_agmeta *m = (const lt_agmeta *)out->autograd;
    if (!lt_ag_mode || !m) return LT_OK;
    if (!m->node && m->requires_grad)
        return ltI_err(LT_EARG, 1, "in-place %s on a leaf tensor that requires grad (use "
                       "torch.noGrad, or work on a clone)", name);
    if (is_view_node(m->node))
        return ltI_err(LT_EARG, 1, "in-place %s on a view of a tensor that requires grad is "
                       "not supported (clone the view first)", name);
    return LT_OK;
}

/* When out is written and no input requires grad, out loses its history. */
static void cut_history(lt_tensor *out)
{
    lt_agmeta *m = (lt_agmeta *)out->autograd;
    if (m && m->node) {
        lt_ag_node_release(m->node);
        m->node = NULL;
    }
}

lt_status lt_ag_record(int op, lt_tensor *out, int nin, const lt_tensor *const *in,
                       lt_tensor *const *pre, const lt_tensor *extra, lt_scalar s1,
                       lt_scalar s2, int niv, const int64_t *iv)
{
    if (!lt_ag_mode) return LT_OK;
    if (lt_ag_rules[op].nondiff) return LT_OK;
    lt_agnode *n;
    LT_TRY(lt_ag_node_new(op, nin, in, &n));
    if (!n) {
        cut_history(out);
        return LT_OK;
    }
    const lt_agmeta *om = (const lt_agmeta *)out->autograd;
    if (op != LT_AG_VIEW && op != LT_AG_EXPAND && !(om && om->node) && out->storage &&
        out->storage->refcount > 1) {
        /* out views memory other tensors see: they would not know of the
        ** history (PyTorch's CopySlices is not implemented) */
        lt_ag_node_release(n);
        return ltI_err(LT_EARG, 1, "%s: writing a result that requires grad into a view of "
                       "another tensor is not differentiable (build it with torch.cat, or "
                       "compute a new tensor)", lt_ag_op_name(op));
    }
    unsigned save = lt_ag_rules[op].save;
    lt_status st = LT_OK;
    for (int i = 0; i < nin && i < 3 && st == LT_OK; i++)
        if ((save & (1u << i)) && in[i])
            st = lt_ag_save(n, i, pre && pre[i] ? pre[i] : in[i]);
    if (st == LT_OK && (save & (1u << LT_AG_SAVE_OUT))) st = lt_ag_save(n, LT_AG_SAVE_OUT, out);
    if (st == LT_OK && extra) st = lt_ag_save(n, LT_AG_SAVE_EXTRA, extra);
    if (st != LT_OK) {
        lt_ag_node_release(n);
        return st;
    }
    n->s[0] = s1;
    n->s[1] = s2;
    n->niv = niv;
    if (niv) memcpy(n->iv, iv, sizeof(int64_t) * (size_t)niv);
    return lt_ag_attach(n, 1, &out);
}

/* May two elements of t share memory (unfold with overlapping windows)?
** Dims sorted by stride: each stride must pass the extent of the smaller ones. */
static int overlaps(const lt_tensor *t, int skip_zero)
{
    int order[LT_MAXDIM], n = 0;
    for (int d = 0; d < t->ndim; d++) {
        if (t->size[d] == 0) return 0;
        if (t->size[d] > 1 && !(skip_zero && t->stride[d] == 0)) order[n++] = d;
    }
    for (int i = 1; i < n; i++)           /* insertion sort by stride */
        for (int j = i; j > 0 && t->stride[order[j]] < t->stride[order[j - 1]]; j--) {
            int k = order[j];
            order[j] = order[j - 1];
            order[j - 1] = k;
        }
    int64_t extent = 1;                   /* elements spanned by the smaller dims */
    for (int i = 0; i < n; i++) {
        int64_t st = t->stride[order[i]];
        if (st < extent) return 1;
        extent = st * (t->size[order[i]] - 1) + extent;
    }
    return 0;
}

lt_status lt_ag_record_view(int op, lt_tensor *out, const lt_tensor *src)
{
    if (!lt_ag_mode || !needs_grad(src)) return LT_OK;
    int64_t iv[LT_AG_NIV];
    if (op == LT_AG_VIEW) {
        /* the input's strides and the view's offset and strides relative to
        ** the input's first element: enough to place the gradient */
        /* an expanded input (stride 0) is fine: its aliased elements share
        ** their storage place's gradient evenly, which sums back right
        ** through the expand; other self-overlapping inputs are refused */
        if (overlaps(src, 1))
            return ltI_err(LT_EARG, 1, "autograd: views of a tensor whose elements overlap "
                           "(unfold) are not supported (call :contiguous() first)");
        int64_t shared = 1;
        for (int d = 0; d < src->ndim; d++) {
            iv[1 + d] = src->stride[d];
            if (src->stride[d] == 0) shared *= src->size[d];
        }
        for (int d = 0; d < out->ndim; d++) iv[1 + LT_MAXDIM + d] = out->stride[d];
        iv[0] = out->offset - src->offset;
        iv[1 + 2 * LT_MAXDIM] = overlaps(out, 0);
        iv[2 + 2 * LT_MAXDIM] = shared;
    }
    const lt_tensor *in[1] = { src };
    return lt_ag_record(op, out, 1, in, NULL, NULL, lt_scalar_i(0), lt_scalar_i(0),
                        op == LT_AG_VIEW ? 3 + 2 * LT_MAXDIM : 0, iv);
}

lt_status lt_ag_record_setview(lt_tensor *t, const lt_tensor *region, const lt_tensor *src)
{
    if (!lt_ag_mode) return LT_OK;
    const lt_tensor *in[2] = { t, src };
    if (!needs_grad(t) && !needs_grad(src)) return lt_ag_record(LT_AG_SETVIEW, t, 0, NULL,
                                                                NULL, NULL, lt_scalar_i(0),
                                                                lt_scalar_i(0), 0, NULL);
    if (overlaps(t, 0))
        return ltI_err(LT_EARG, 1, "autograd: assigning into a tensor whose elements overlap "
                       "is not differentiable");
    /* iv: region offset, t's strides, region strides, region sizes, region ndim */
    int64_t iv[LT_AG_NIV];
    iv[0] = region->offset - t->offset;
    for (int d = 0; d < t->ndim; d++) iv[1 + d] = t->stride[d];
    for (int d = 0; d < region->ndim; d++) {
        iv[1 + LT_MAXDIM + d] = region->stride[d];
        iv[1 + 2 * LT_MAXDIM + d] = region->size[d];
    }
    iv[1 + 3 * LT_MAXDIM] = region->ndim;
    return lt_ag_record(LT_AG_SETVIEW, t, src ? 2 : 1, in, NULL, NULL, lt_scalar_i(0),
                        lt_scalar_i(0), 2 + 3 * LT_MAXDIM, iv);
}

/* The slow path of the recording wrappers: check, copy inputs that the
** rule needs and the write would clobber, run the op, record. */
static lt_status wrapped(int kind, lt_opcode op, lt_tensor *out, const lt_tensor *a,
                         const lt_tensor *b, const lt_tensor *c, lt_scalar s1, lt_scalar s2)
{
    const lt_tensor *in[3] = { a, b, c };
    int nin = kind;
    if (!lt_ag_mode) goto plain;
    LT_TRY(lt_ag_check_write(out, lt_ops[op].name));
    int any = 0;
    for (int i = 0; i < nin; i++) any |= needs_grad(in[i]);
    lt_tensor *pre[3] = { NULL, NULL, NULL };
    if (any && !lt_ag_rules[op].nondiff) {
        for (int i = 0; i < nin; i++) {
            if (!(lt_ag_rules[op].save & (1u << i)) || !ltI_same_storage(in[i], out)) continue;
            pre[i] = lt_tensor_new(in[i]->dtype);
            lt_status st = pre[i] ? lt_clone(pre[i], in[i]) : LT_ENOMEM;
            if (st != LT_OK) {
                for (int k = 0; k <= i; k++) lt_tensor_release(pre[k]);
                return st == LT_ENOMEM ? ltI_err(st, 0, "not enough memory") : st;
            }
        }
    }
    lt_status st = kind == 1 ? lt_map(op, out, a, s1, s2) :
                   kind == 2 ? lt_map2(op, out, a, b, s1) : lt_map3(op, out, a, b, c, s1);
    if (st == LT_OK)
        st = lt_ag_record(op, out, nin, in, pre, NULL, s1, s2, 0, NULL);
    for (int k = 0; k < 3; k++) lt_tensor_release(pre[k]);
    return st;
plain:
    return kind == 1 ? lt_map(op, out, a, s1, s2) :
           kind == 2 ? lt_map2(op, out, a, b, s1) : lt_map3(op, out, a, b, c, s1);
}

lt_status lt_ag_map_slow(lt_opcode op, lt_tensor *out, const lt_tensor *a, lt_scalar s1,
                         lt_scalar s2)
{
    return wrapped(1, op, out, a, NULL, NULL, s1, s2);
}

lt_status lt_ag_map2_slow(lt_opcode op, lt_tensor *out, const lt_tensor *a, const lt_tensor *b,
                          lt_scalar s1)
{
    return wrapped(2, op, out, a, b, NULL, s1, lt_scalar_i(0));
}

lt_status lt_ag_map3_slow(lt_opcode op, lt_tensor *out, const lt_tensor *a, const lt_tensor *b,
                          const lt_tensor *c, lt_scalar s1)
{
    return wrapped(3, op, out, a, b, c, s1, lt_scalar_i(0));
}

/* -------------------------------------------------------------- backward */
/* g summed (over broadcast dims) and converted to the edge's shape/dtype;
** returns a new reference in *res. */
static lt_status fit_to_edge(lt_tensor *g, const lt_agedge *e, const char *opname, int which,
                             lt_tensor **res)
{
    *res = NULL;
    lt_tensor *cur = g;
    lt_tensor_retain(cur);
    if (!(cur->ndim == e->ndim && ltI_dims_eq(cur->size, e->size, e->ndim))) {
        /* broadcast: leading dims summed away, size-1 dims summed in place */
        int lead = cur->ndim - e->ndim;
        int ok = lead >= 0;
        for (int d = 0; ok && d < e->ndim; d++)
            ok = e->size[d] == cur->size[lead + d] || e->size[d] == 1;
        if (!ok) {
            int64_t n = 1;
            for (int d = 0; d < e->ndim; d++) n *= e->size[d];
            if (e->ndim == 0) n = 0;
            if (n != ltI_numel(cur)) {
                char a[LT_SHAPE_BUF], b[LT_SHAPE_BUF];
                ltI_shape_of(e->ndim, e->size, b, sizeof b);
                lt_tensor_release(cur);
                return ltI_err(LT_ESIZE, 0, "backward of '%s' returned a gradient of size %s "
                               "for input %d of size %s", opname, ltI_shape(g, a), which + 1, b);
            }
            /* same element count: a reshape (as Torch7's equal-numel rule) */
            lt_tensor *r = lt_tensor_new(cur->dtype);
            lt_status st = r ? lt_resize(r, e->ndim, e->size) : LT_ENOMEM;
            if (st == LT_OK) st = lt_copy(r, cur);
            lt_tensor_release(cur);
            if (st != LT_OK) {
                lt_tensor_release(r);
                return st;
            }
            cur = r;
        } else {
            for (int d = 0; d < cur->ndim; d++) {
                int ed = d - lead;
                if (ed >= 0 && e->size[ed] == cur->size[d]) continue;
                if (cur->size[d] == 1) continue;
                lt_tensor *r = lt_tensor_new(cur->dtype);
                lt_status st = r ? lt_reduce_dim(LT_OP_SUM, r, NULL, cur, d, lt_scalar_i(0))
                                 : LT_ENOMEM;
                lt_tensor_release(cur);
                if (st != LT_OK) {
                    lt_tensor_release(r);
                    return st;
                }
                cur = r;
            }
            if (lead > 0 || cur->ndim != e->ndim) {
                lt_tensor *r = lt_tensor_new(cur->dtype);
                lt_status st = r ? lt_resize(r, e->ndim, e->size) : LT_ENOMEM;
                if (st == LT_OK) st = lt_copy(r, cur);
                lt_tensor_release(cur);
                if (st != LT_OK) {
                    lt_tensor_release(r);
                    return st;
                }
                cur = r;
            }
        }
    }
    if (cur->dtype != e->dtype) {
        lt_tensor *r = lt_tensor_new(e->dtype);
        lt_status st = r ? lt_resize(r, e->ndim, e->size) : LT_ENOMEM;
        if (st == LT_OK) st = lt_copy(r, cur);
        lt_tensor_release(cur);
        if (st != LT_OK) {
            lt_tensor_release(r);
            return st;
        }
        cur = r;
    }
    *res = cur;
    return LT_OK;
}

/* *acc += g (a new reference kept in *acc the first time: g is cloned,
** since a rule's result may view its gradient output or a saved tensor) */
static lt_status accumulate(lt_tensor **acc, lt_tensor *g)
{
    if (!*acc) {
        lt_tensor *c = lt_tensor_new(g->dtype);
        if (!c) return ltI_err(LT_ENOMEM, 0, "not enough memory");
        lt_status st = lt_clone(c, g);
        if (st != LT_OK) {
            lt_tensor_release(c);
            return st;
        }
        *acc = c;
        return LT_OK;
    }
    return lt_map2(LT_OP_ADD, *acc, *acc, g, lt_scalar_i(1));
}

static lt_status zeros_of(const lt_agshape *s, lt_tensor **res)
{
    lt_tensor *z = lt_tensor_new(s->dtype);
    lt_status st = z ? lt_resize(z, s->ndim, s->size) : LT_ENOMEM;
    if (st == LT_OK) st = lt_zero(z);
    if (st != LT_OK) {
        lt_tensor_release(z);
        return st == LT_ENOMEM ? ltI_err(st, 0, "not enough memory") : st;
    }
    *res = z;
    return LT_OK;
}

typedef struct nodelist { lt_agnode **v; int64_t n, cap; } nodelist;

static int push(nodelist *l, lt_agnode *n)
{
    if (l->n == l->cap) {
        int64_t cap = l->cap ? 2 * l->cap : 64;
        lt_agnode **v = lt_realloc(l->v, sizeof(*v) * (size_t)cap);
        if (!v) return 0;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = n;
    return 1;
}

static unsigned epoch;

static lt_status run_node(lt_agnode *n, lt_tensor **gin)
{
    const lt_agrule *r = &lt_ag_rules[n->op];
    const char *name = r->name;
    if (n->released)
        return ltI_err(LT_EARG, 0, "the graph has already been freed (at '%s'); pass "
                       "retainGraph = true to the first backward to keep it", name);
    for (int k = 0; k < LT_AG_NSAVED; k++) {
        lt_tensor *s = n->saved[k];
        if (s && s->storage && s->storage->version != n->saved_version[k])
            return ltI_err(LT_EARG, 0, "one of the tensors needed for the gradient of '%s' "
                           "has been modified by an in-place operation (version %llu, "
                           "expected %llu)", name, (unsigned long long)s->storage->version,
                           (unsigned long long)n->saved_version[k]);
    }
    for (int k = 0; k < n->nout; k++)
        if (!n->gbuf[k]) LT_TRY(zeros_of(&n->out[k], &n->gbuf[k]));
    lt_status st;
    if (n->op == LT_AG_CUSTOM) st = n->custom(n->ud, n->nout, n->gbuf, n->nin, gin);
    else st = r->fn(n, n->gbuf, gin);
    if (st == LT_OK && lt_ag_debug_broken == n->op) {
        for (int i = 0; i < n->nin && st == LT_OK; i++)
            if (gin[i]) st = lt_map(LT_OP_MULS, gin[i], gin[i], lt_scalar_i(2), lt_scalar_i(0));
    }
    return st;
}

lt_status lt_backward(lt_tensor *root, const lt_tensor *grad, int retain)
{
    lt_agmeta *m = (lt_agmeta *)root->autograd;
    if (!lt_requires_grad(root))
        return ltI_err(LT_EARG, 1, "the tensor does not require grad (no input of its "
                       "computation requires grad, or grad mode was off)");
    lt_tensor *g0 = lt_tensor_new(root->dtype);
    if (!g0) return ltI_err(LT_ENOMEM, 0, "not enough memory");
    lt_status st;
    if (!grad) {
        if (ltI_numel(root) != 1) {
            char b[LT_SHAPE_BUF];
            lt_tensor_release(g0);
            return ltI_err(LT_EARG, 1, "a gradient argument is needed for a result "
                           "that is not a single element (size %s)", ltI_shape(root, b));
        }
        st = lt_resize_as(g0, root);
        if (st == LT_OK) st = lt_fill(g0, lt_scalar_i(1));
    } else {
        if (!ltI_same_size(grad, root)) {
            char a[LT_SHAPE_BUF], b[LT_SHAPE_BUF];
            lt_tensor_release(g0);
            return ltI_err(LT_ESIZE, 2, "gradient of size %s for a result of size %s",
                           ltI_shape(grad, a), ltI_shape(root, b));
        }
        st = lt_resize_as(g0, root);
        if (st == LT_OK) st = lt_copy(g0, grad);
    }
    if (st != LT_OK) {
        lt_tensor_release(g0);
        return st;
    }
    if (!m->node) {              /* a leaf: its own gradient */
        st = accumulate(&m->grad, g0);
        lt_tensor_release(g0);
        return st;
    }

    /* 1. the nodes reachable from the root, and each one's consumer count */
    nodelist all = { 0 }, stack = { 0 }, ready = { 0 };
    unsigned ep = ++epoch;
    lt_agnode *rootn = m->node;
    st = LT_OK;
    if (!push(&stack, rootn)) st = LT_ENOMEM;
    rootn->mark = ep;
    rootn->deps = 0;
    while (st == LT_OK && stack.n > 0) {
        lt_agnode *n = stack.v[--stack.n];
        if (!push(&all, n)) { st = LT_ENOMEM; break; }
        n->gbuf = lt_malloc(sizeof(lt_tensor *) * (size_t)(n->nout > 0 ? n->nout : 1));
        if (!n->gbuf) { st = LT_ENOMEM; break; }
        memset(n->gbuf, 0, sizeof(lt_tensor *) * (size_t)(n->nout > 0 ? n->nout : 1));
        for (int i = 0; i < n->nin; i++) {
            lt_agnode *p = n->in[i].node;
            if (!p) continue;
            if (p->mark != ep) {
                p->mark = ep;
                p->deps = 0;
                if (!push(&stack, p)) { st = LT_ENOMEM; break; }
            }
            p->deps++;
        }
    }
    if (st == LT_OK) {
        rootn->gbuf[m->index] = g0;
        g0 = NULL;
        if (!push(&ready, rootn)) st = LT_ENOMEM;
    }
    if (st == LT_ENOMEM) ltI_err(st, 0, "not enough memory");

    /* 2. run nodes whose consumers have all run */
    lt_tensor *ginbuf[64], **gin = ginbuf;
    while (st == LT_OK && ready.n > 0) {
        lt_agnode *n = ready.v[--ready.n];
        if (n->nin > 64) {
            gin = lt_malloc(sizeof(lt_tensor *) * (size_t)n->nin);
            if (!gin) { st = ltI_err(LT_ENOMEM, 0, "not enough memory"); break; }
        }
        for (int i = 0; i < n->nin; i++) gin[i] = NULL;
        st = run_node(n, gin);
        for (int i = 0; i < n->nin && st == LT_OK; i++) {
            lt_agedge *e = &n->in[i];
            if (!gin[i] || !(e->node || e->leaf)) continue;
            lt_tensor *fit;
            st = fit_to_edge(gin[i], e, lt_ag_rules[n->op].name, i, &fit);
            if (st != LT_OK) break;
            if (e->leaf) {
                lt_agmeta *lm = meta_of(e->leaf);
                st = lm ? accumulate(&lm->grad, fit) : ltI_err(LT_ENOMEM, 0, "not enough memory");
            } else {
                st = accumulate(&e->node->gbuf[e->index], fit);
            }
            lt_tensor_release(fit);
        }
        for (int i = 0; i < n->nin; i++) lt_tensor_release(gin[i]);
        if (gin != ginbuf) lt_free(gin);
        gin = ginbuf;
        if (st != LT_OK) break;
        for (int k = 0; k < n->nout; k++) {
            lt_tensor_release(n->gbuf[k]);
            n->gbuf[k] = NULL;
        }
        for (int i = 0; i < n->nin; i++) {
            lt_agnode *p = n->in[i].node;
            if (p && --p->deps == 0 && !push(&ready, p)) {
                st = ltI_err(LT_ENOMEM, 0, "not enough memory");
                break;
            }
        }
    }
    /* 3. scratch freed; the graph released unless retained (and not on error) */
    for (int64_t k = 0; k < all.n; k++) {
        lt_agnode *n = all.v[k];
        if (n->gbuf) {
            for (int j = 0; j < n->nout; j++) lt_tensor_release(n->gbuf[j]);
            lt_free(n->gbuf);
            n->gbuf = NULL;
        }
        n->deps = 0;
        if (st == LT_OK && !retain && n->op != LT_AG_VIEW) {
            /* only nodes that hold saved state lose something: the others
            ** (add, views, ...) can run again, as in PyTorch; a view's saved
            ** input serves only its version check and is kept */
            int held = n->ud != NULL;
            for (int j = 0; j < LT_AG_NSAVED; j++) held |= n->saved[j] != NULL;
            if (held) {
                drop_saved(n);
                n->released = 1;
            }
        }
    }
    lt_tensor_release(g0);
    lt_free(all.v);
    lt_free(stack.v);
    lt_free(ready.v);
    return st;
}
