/*
** test_autograd.c — the autograd engine through the C API only: leaves and
** recorded ops, backward and accumulation, the freed-graph error, the
** version counter, C callback nodes, the grad-mode switch, and the table
** (one rule row per opcode).  Values are exact binary fractions.
*/
#include "autograd.h"
#include "lt_internal.h"
#include "tensorhelp.h"
#include "testhelp.h"
#include <string.h>

static const lt_scalar Z = { 0.0, 0, 1 }, ONE = { 1.0, 1, 1 };

static double el(const lt_tensor *t, int64_t i) { return lt_get(t, &i); }

static void test_basic(void)
{
    int64_t n = 3;
    lt_tensor *x = mk(LT_DOUBLE, 1, &n), *w = mk(LT_DOUBLE, 1, &n);
    iota(x);                                  /* 1 2 3 */
    lt_fill(w, lt_scalar_f(0.5));
    test_cond("leaf flag", lt_set_requires_grad(x, 1) == LT_OK && lt_requires_grad(x) &&
              lt_is_leaf(x));
    lt_tensor *y = lt_tensor_new(LT_DOUBLE), *z = lt_tensor_new(LT_DOUBLE);
    test_cond("recorded mul", lt_map2_r(LT_OP_MUL, y, x, w, ONE) == LT_OK && lt_requires_grad(y) &&
              !lt_is_leaf(y) && strcmp(lt_ag_node_name(y), "cmul") == 0);
    test_cond("recorded exp", lt_map_r(LT_OP_EXP, z, y, Z, Z) == LT_OK);
    lt_tensor *g = mk(LT_DOUBLE, 1, &n);
    lt_fill(g, ONE);
    test_cond("backward", lt_backward(z, g, 1) == LT_OK);
    /* d/dx exp(0.5 x) = 0.5 exp(0.5 x) */
    lt_tensor *gx = lt_grad_get(x);
    test_cond("gradient values", gx && el(gx, 0) == 0.5 * el(z, 0) && el(gx, 2) == 0.5 * el(z, 2));
    test_cond("no gradient for w", lt_grad_get(w) == NULL);
    test_cond("retained graph runs again", lt_backward(z, g, 0) == LT_OK &&
              el(lt_grad_get(x), 1) == el(z, 1));
    test_cond("freed graph refused", lt_backward(z, g, 0) == LT_EARG &&
              strstr(lt_errmsg(), "already been freed") != NULL);
    test_cond("non-scalar root needs a gradient", lt_backward(y, NULL, 0) == LT_EARG);
    test_cond("zero grad", lt_grad_zero(x) == LT_OK && el(lt_grad_get(x), 0) == 0);
    /* in place on a leaf that requires grad: refused before writing */
    test_cond("in-place on a leaf refused", lt_map_r(LT_OP_EXP, x, x, Z, Z) == LT_EARG &&
              el(x, 0) == 1);
    /* grad mode off: nothing recorded, nothing refused */
    lt_set_grad_enabled(0);
    lt_tensor *u = lt_tensor_new(LT_DOUBLE);
    test_cond("grad mode off records nothing", lt_map2_r(LT_OP_ADD, u, x, w, ONE) == LT_OK &&
              !lt_requires_grad(u));
    lt_set_grad_enabled(1);
    lt_tensor *iv = lt_tensor_new(LT_LONG);
    test_cond("integer tensors cannot require grad",
              lt_set_requires_grad(iv, 1) == LT_ETYPE);
    lt_tensor *tensors[] = { x, w, y, z, g, u, iv };
    for (size_t k = 0; k < sizeof tensors / sizeof tensors[0]; k++) lt_tensor_release(tensors[k]);
}

static void test_version(void)
{
    int64_t n = 2;
    lt_tensor *x = mk(LT_DOUBLE, 1, &n), *e = lt_tensor_new(LT_DOUBLE);
    iota(x);
    lt_set_requires_grad(x, 1);
    lt_map_r(LT_OP_EXP, e, x, Z, Z);               /* saves e */
    uint64_t v = e->storage->version;
    lt_map(LT_OP_ADDS, e, e, ONE, Z);              /* an unrecorded in-place write */
    test_cond("in-place write bumps the version", e->storage->version == v + 1);
    lt_tensor *g = mk(LT_DOUBLE, 1, &n);
    lt_fill(g, ONE);
    test_cond("modified saved tensor refused", lt_backward(e, g, 0) == LT_EARG &&
              strstr(lt_errmsg(), "modified by an in-place operation") != NULL);
    /* every in-place kernel bumps: fill, copy, index/mask writes, random fills */
    lt_tensor *t = mk(LT_DOUBLE, 1, &n), *idx = lt_tensor_new(LT_LONG), *m = lt_tensor_new(LT_BYTE);
    lt_resize(idx, 1, &n);
    iota(idx);
    lt_resize(m, 1, &n);
    lt_fill(m, ONE);
    uint64_t v0 = t->storage->version;
    lt_fill(t, ONE);
    lt_copy(t, x);
    lt_index_fill(t, 0, idx, Z);
    lt_masked_fill(t, m, Z);
    lt_scatter_fill(t, 0, idx, Z);
    lt_fill_uniform(t, lt_default_generator(), 0, 1);
    lt_fill_normal(t, lt_default_generator(), 0, 1);
    lt_map2(LT_OP_MUL, t, t, t, ONE);
    test_cond("each in-place kernel bumps", t->storage->version == v0 + 8);
    lt_tensor *tensors[] = { x, e, g, t, idx, m };
    for (size_t k = 0; k < sizeof tensors / sizeof tensors[0]; k++) lt_tensor_release(tensors[k]);
}

/* a C callback node: out = 3 * in, so the gradient is 3 * g */
static int freed;
static lt_status triple(void *ud, int nout, lt_tensor *const *gout, int nin, lt_tensor **gin)
{
    (void)ud;
    (void)nout;
    (void)nin;
    gin[0] = lt_tensor_new(gout[0]->dtype);
    return lt_map(LT_OP_MULS, gin[0], gout[0], lt_scalar_i(3), Z);
}
static void ud_free(void *ud) { (void)ud; freed++; }

static void test_custom(void)
{
    int64_t n = 2;
    lt_tensor *x = mk(LT_DOUBLE, 1, &n), *y = mk(LT_DOUBLE, 1, &n);
    iota(x);
    lt_set_requires_grad(x, 1);
    lt_map(LT_OP_MULS, y, x, lt_scalar_i(3), Z);
    lt_agnode *node;
    const lt_tensor *in[1] = { x };
    test_cond("custom node", lt_ag_node_new(LT_AG_CUSTOM, 1, in, &node) == LT_OK && node);
    node->custom = triple;
    node->ud = &freed;
    node->ud_free = ud_free;
    test_cond("attach", lt_ag_attach(node, 1, &y) == LT_OK && lt_requires_grad(y));
    lt_tensor *g = mk(LT_DOUBLE, 1, &n);
    lt_fill(g, lt_scalar_f(0.5));
    test_cond("custom backward", lt_backward(y, g, 0) == LT_OK && el(lt_grad_get(x), 1) == 1.5);
    test_cond("userdata freed with the graph", freed == 1);
    lt_tensor_release(x);
    lt_tensor_release(y);
    lt_tensor_release(g);
}

static void test_table(void)
{
    int rows = 0;
    for (int op = 0; op < LT_AG_NOPS; op++)
        if (lt_ag_rules[op].name && (lt_ag_rules[op].fn || lt_ag_rules[op].nondiff ||
                                     op == LT_AG_CUSTOM))
            rows++;
    test_cond("one rule row per opcode", rows == LT_AG_NOPS);
    test_cond("names of the core ops match", strcmp(lt_ag_rules[LT_OP_ADDMM].name, "addmm") == 0 &&
              strcmp(lt_ag_op_name(LT_AG_VIEW), "view") == 0);
}

int main(void)
{
    test_basic();
    test_version();
    test_custom();
    test_table();
    return test_report();
}
