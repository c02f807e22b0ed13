/*
** autograd.h — reverse-mode automatic differentiation for lt_tensor.
**
** The model
** ---------
** A tensor that takes part in autograd carries an lt_agmeta in
** lt_tensor.autograd.  A *leaf* (made by the user) has requires_grad set and
** accumulates its gradient in meta->grad.  The result of a differentiable op
** whose inputs require grad is a *non-leaf*: meta->node is the lt_agnode that
** made it (op, one edge per input, saved tensors, scalar and integer
** parameters).  An edge points at the producer node of the input (and which
** of its outputs), or at the input itself when it is a leaf; inputs that do
** not require grad have an empty edge.  Nodes never point at their outputs,
** and saved tensors are detached views (no autograd metadata), so the graph
** holds no reference cycle: it lives exactly as long as its results do.
**
** lt_backward() walks the graph from a result in reverse topological order
** (a dependency count per node, so each node runs once, after every
** consumer has added its gradient), calls each node's backward rule and
** accumulates the input gradients; gradients that come back with a
** broadcast shape are summed to the input's shape by the engine, and
** converted to the input's dtype, so rules need not care.  Unless asked to
** retain it, the graph's saved tensors are dropped afterwards and a second
** backward through a node that had saved tensors is a clear error (nodes
** that saved nothing can run again, as in PyTorch).
**
** Backward rules (backward.c) are one row per opcode in a table and are
** written with the forward lt_* ops only, so they run wherever those run.
** Opcodes are those of lantern.h's LT_OPS plus the autograd-only ones below
** (views, reshape, conv2, user-defined nodes).
**
** In-place writes.  Every in-place kernel bumps its storage's version; a
** node records the version of each tensor it saves, and backward refuses to
** use a saved tensor whose version changed.  The recording wrappers below
** (lt_map_r ...) refuse, before writing, an in-place op on a leaf that
** requires grad or on a view taken inside a graph; an in-place op on any
** other non-leaf is recorded by giving the tensor a new node (PyTorch's
** rebase); inputs the rule needs that the write would overwrite are copied
** first.
**
** Grad mode is one global switch; with it off nothing is recorded or
** checked.  The not-recording path of a wrapper is one test of the
** operands' autograd pointers.
*/
#ifndef LANTERN_AUTOGRAD_H
#define LANTERN_AUTOGRAD_H

#include "lantern.h"

/* ------------------------------------------------------------- opcodes */
#define LT_AG_EXTRA(X) \
    X(VIEW,    "view",    1)   /* any strided view: narrow select transpose view ... */ \
    X(EXPAND,  "expand",  1) \
    X(RESHAPE, "reshape", 1)   /* a copy into another shape, same element order */ \
    X(CONV2,   "conv2",   2) \
    X(XCORR2,  "xcorr2",  2) \
    X(TRIL,    "tril",    1) \
    X(TRIU,    "triu",    1) \
    X(DIAG,    "diag",    1) \
    X(TRACE,   "trace",   1) \
    X(CROSS,   "cross",   2) \
    X(REPEAT,  "repeatTensor", 1) \
    X(SETVIEW, "indexing assignment", 2)  /* t[k] = src or number: a region rewritten */ \
    X(CUSTOM,  "custom",  0)   /* torch.autograd.record: a callback node */

typedef enum lt_agop {
    LT_AG_FIRST = LT_OP_COUNT - 1,
#define LT_AG_ENUM(e, name, arity) LT_AG_##e,
    LT_AG_EXTRA(LT_AG_ENUM)
#undef LT_AG_ENUM
    LT_AG_NOPS
} lt_agop;

/* ------------------------------------------------------------ the graph */
#define LT_AG_NSAVED 5            /* saved[0..2]: inputs, [3]: output, [4]: extra */
#define LT_AG_SAVE_OUT 3
#define LT_AG_SAVE_EXTRA 4
#define LT_AG_NIV (3 * LT_MAXDIM + 4)

struct lt_agnode;

typedef struct lt_agedge {
    struct lt_agnode *node;       /* producer of this input (retained), or NULL */
    int index;                    /* which output of node */
    lt_tensor *leaf;              /* the input when it is a leaf requiring grad (retained) */
    lt_dtype dtype;               /* the input's dtype and shape */
    int ndim;
    int64_t size[LT_MAXDIM];
} lt_agedge;

typedef struct lt_agshape { lt_dtype dtype; int ndim; int64_t size[LT_MAXDIM]; } lt_agshape;

/* A user-defined backward: gout[k] (never NULL: missing ones are zeros of
** the output's shape), gin[i] to be set to new references (or NULL). */
typedef lt_status (*lt_agcustom_fn)(void *ud, int nout, lt_tensor *const *gout, int nin,
                                    lt_tensor **gin);

typedef struct lt_agnode {
    int64_t refcount;
    int op;                       /* lt_opcode or lt_agop */
    int nin, nout;
    lt_agedge *in;
    lt_agshape *out;
    lt_tensor *saved[LT_AG_NSAVED];
    uint64_t saved_version[LT_AG_NSAVED];
    lt_scalar s[2];
    int niv;
    int64_t iv[LT_AG_NIV];
    lt_agcustom_fn custom;
    void *ud;
    void (*ud_free)(void *ud);
    int released;                 /* saved state dropped after backward */
    /* backward scratch */
    int deps;
    unsigned mark;
    lt_tensor **gbuf;
} lt_agnode;

typedef struct lt_agmeta {
    int requires_grad;            /* leaves: the user's flag */
    lt_tensor *grad;              /* accumulated gradient (leaves) */
    lt_agnode *node;              /* producer (non-leaves) */
    int index;
} lt_agmeta;

/* ---------------------------------------------------------- user level */
extern int lt_ag_mode;            /* grad mode: 1 records */
static inline int lt_grad_enabled(void) { return lt_ag_mode; }
void lt_set_grad_enabled(int on);

/* Leaves only: error on a non-leaf (use detach) and on non-float dtypes. */
lt_status lt_set_requires_grad(lt_tensor *t, int flag);
static inline int lt_requires_grad(const lt_tensor *t)
{
    const lt_agmeta *m = (const lt_agmeta *)t->autograd;
    return m && (m->node || m->requires_grad);
}
static inline int lt_is_leaf(const lt_tensor *t)
{
    const lt_agmeta *m = (const lt_agmeta *)t->autograd;
    return !m || !m->node;
}
lt_tensor *lt_grad_get(const lt_tensor *t);                 /* borrowed, or NULL */
lt_status lt_grad_set(lt_tensor *t, lt_tensor *g);         /* NULL clears; shape checked */
lt_status lt_grad_zero(lt_tensor *t);
/* Name of the op that made t ("add", "custom"...), or NULL for leaves. */
const char *lt_ag_node_name(const lt_tensor *t);
const char *lt_ag_op_name(int op);

/* Backward from root; grad NULL means 1 (root must have one element). */
lt_status lt_backward(lt_tensor *root, const lt_tensor *grad, int retain);

/* ----------------------------------------------------------- recording */
/* A node for op from inputs (NULL entries allowed), or *out = NULL when
** grad mode is off or no input requires grad. */
lt_status lt_ag_node_new(int op, int nin, const lt_tensor *const *in, lt_agnode **out);
lt_status lt_ag_save(lt_agnode *n, int slot, const lt_tensor *t);
/* Attach n as the producer of outs[0..nout-1] (takes the caller's reference). */
lt_status lt_ag_attach(lt_agnode *n, int nout, lt_tensor *const *outs);
void lt_ag_node_release(lt_agnode *n);

/* Before writing into out (in place or as a result): the checks described
** in the banner.  name: the op, for the message. */
lt_status lt_ag_check_write(const lt_tensor *out, const char *name);

/* Record op with out as the result; inputs saved by the op's rule mask.
** pre[] (may be NULL): copies of inputs taken before an in-place write. */
lt_status lt_ag_record(int op, lt_tensor *out, int nin, const lt_tensor *const *in,
                       lt_tensor *const *pre, const lt_tensor *extra, lt_scalar s1,
                       lt_scalar s2, int niv, const int64_t *iv);
/* Record out as a view of src (VIEW, or EXPAND for expand). */
lt_status lt_ag_record_view(int op, lt_tensor *out, const lt_tensor *src);

/* After region (a view of t) was overwritten with src (NULL: a number). */
lt_status lt_ag_record_setview(lt_tensor *t, const lt_tensor *region, const lt_tensor *src);

/* The recording forms of the forward ops.  The inline part is the fast
** path: no operand has autograd metadata. */
#define LT_AG_ANY1(a) ((a)->autograd)
lt_status lt_ag_map_slow(lt_opcode op, lt_tensor *out, const lt_tensor *a, lt_scalar s1,
                         lt_scalar s2);
lt_status lt_ag_map2_slow(lt_opcode op, lt_tensor *out, const lt_tensor *a, const lt_tensor *b,
                          lt_scalar s1);
lt_status lt_ag_map3_slow(lt_opcode op, lt_tensor *out, const lt_tensor *a, const lt_tensor *b,
                          const lt_tensor *c, lt_scalar s1);
static inline lt_status lt_map_r(lt_opcode op, lt_tensor *out, const lt_tensor *a,
                                 lt_scalar s1, lt_scalar s2)
{
    if (!(out->autograd || a->autograd)) return lt_map(op, out, a, s1, s2);
    return lt_ag_map_slow(op, out, a, s1, s2);
}
static inline lt_status lt_map2_r(lt_opcode op, lt_tensor *out, const lt_tensor *a,
                                  const lt_tensor *b, lt_scalar s1)
{
    if (!(out->autograd || a->autograd || b->autograd)) return lt_map2(op, out, a, b, s1);
    return lt_ag_map2_slow(op, out, a, b, s1);
}
static inline lt_status lt_map3_r(lt_opcode op, lt_tensor *out, const lt_tensor *a,
                                  const lt_tensor *b, const lt_tensor *c, lt_scalar s1)
{
    if (!(out->autograd || a->autograd || b->autograd || c->autograd))
        return lt_map3(op, out, a, b, c, s1);
    return lt_ag_map3_slow(op, out, a, b, c, s1);
}

/* ---------------------------------------------------------------- rules */
/* The table backward.c defines: one row per opcode.  save: bit i saves
** input i, bit 3 the output (LT_AG_SAVE_OUT).  nondiff: no gradient flows
** (comparisons, all/any): results are never recorded. */
typedef struct lt_agrule {
    const char *name;
    lt_status (*fn)(lt_agnode *n, lt_tensor *const *gout, lt_tensor **gin);
    unsigned save;
    int nondiff;
} lt_agrule;
extern const lt_agrule lt_ag_rules[LT_AG_NOPS];

/* For tests: make the rule of op wrong (scale its gradients by 2) or right. */
void lt_ag_debug_break(int op, int on);
extern int lt_ag_debug_broken;

#endif
