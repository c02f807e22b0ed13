/*
** l_autograd.c — the Lua face of the autograd engine (tensor/autograd.h).
**
** Methods: requiresGrad, isRequiresGrad, isLeaf, setGrad, zeroGrad, detach,
** backward; the field x.grad (l_tensor.c's __index asks ltL_autograd_field
** for string keys that are not methods) and x:grad() (tensors' __call:
** a gradient called with its owner returns itself).  Functions:
** torch.noGrad, torch.setGradEnabled, torch.isGradEnabled,
** torch.autograd.record (user-defined nodes), and helpers for the tests.
**
** User-defined nodes: the engine knows nothing of Lua, so a record() node
** carries a C callback and a userdata holding a registry reference to the
** Lua backward function; the reference is dropped when the graph is
** released after backward or when its tensors are collected.  backward()
** remembers the running Lua state for the callbacks; an error raised by a
** backward function is kept (its value, not only its text) and re-raised by
** backward() once the engine has cleaned up, so the session stays usable.
*/
#include "ltorch.h"
#include "autograd.h"
#include "lt_internal.h"
#include <string.h>

static lua_State *running;        /* the state calling backward() */
static int errkey;                /* registry key of a backward function's error */

/* ---------------------------------------------------------------- methods */
static int l_requiresgrad(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    int flag = lua_isnoneornil(L, 2) ? 1 : lua_toboolean(L, 2);
    ltL_check(L, lt_set_requires_grad(t, flag), 1);
    lua_settop(L, 1);
    return 1;
}

static int l_isrequiresgrad(lua_State *L)
{
    lua_pushboolean(L, lt_requires_grad(ltL_checktensor(L, 1)));
    return 1;
}

static int l_isleaf(lua_State *L)
{
    lua_pushboolean(L, lt_is_leaf(ltL_checktensor(L, 1)));
    return 1;
}

static void push_grad(lua_State *L, lt_tensor *t)
{
    lt_tensor *g = lt_grad_get(t);
    if (!g) {
        lua_pushnil(L);
        return;
    }
    lt_tensor_retain(g);
    ltL_pushtensor(L, g);
}

static int l_setgrad(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    lt_tensor *g = lua_isnoneornil(L, 2) ? NULL : ltL_checktensor(L, 2);
    ltL_check(L, lt_grad_set(t, g), 1);
    lua_settop(L, 1);
    return 1;
}

static int l_zerograd(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    ltL_check(L, lt_grad_zero(t), 1);
    lua_settop(L, 1);
    return 1;
}

static int l_detach(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    lt_tensor *v = ltL_newtensor(L, t->dtype);
    lt_set(v, t);
    return 1;
}

static int l_backward(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    lt_tensor *g = lua_isnoneornil(L, 2) ? NULL : ltL_checktensor(L, 2);
    int retain = lua_toboolean(L, 3);
    lua_State *prev = running;
    running = L;
    lua_pushnil(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &errkey);
    lt_status st = lt_backward(t, g, retain);
    running = prev;
    if (st != LT_OK) {
        lua_rawgetp(L, LUA_REGISTRYINDEX, &errkey);
        if (!lua_isnil(L, -1)) {
            lua_pushnil(L);
            lua_rawsetp(L, LUA_REGISTRYINDEX, &errkey);
            return lua_error(L);     /* the backward function's own error */
        }
        lua_pop(L, 1);
        ltL_check(L, st, 1);
    }
    return 0;
}

/* x:item(): the number in a one-element tensor (a recorded whole-tensor
** reduction is such a tensor) */
static int l_item(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    if (lt_numel(t) != 1) {
        char b[LT_SHAPE_BUF];
        return luaL_argerror(L, 1, lua_pushfstring(L, "item() needs a tensor of one element, "
                                                   "got size %s", lt_shape_str(t, b, sizeof b)));
    }
    ltL_check(L, lt_check_bounds(t), 1);
    int64_t idx[LT_MAXDIM] = { 0 };
    ltL_pushnumber(L, t->dtype, lt_get(t, idx), lt_geti(t, idx));
    return 1;
}

/* x.grad (l_tensor.c's __index, for string keys that are no method) */
int ltL_autograd_field(lua_State *L, lt_tensor *t, const char *key)
{
    if (strcmp(key, "grad") == 0) {
        push_grad(L, t);
        return 1;
    }
    return 0;
}

/* x.grad = g (l_tensor.c's __newindex) */
int ltL_autograd_setfield(lua_State *L, lt_tensor *t, const char *key)
{
    if (strcmp(key, "grad") != 0) return 0;
    lt_tensor *g = lua_isnil(L, 3) ? NULL : ltL_checktensor(L, 3);
    ltL_check(L, lt_grad_set(t, g), 1);
    return 1;
}

/* x:grad() is x.grad(x): the gradient, called with its owner, returns itself */
static int l_call(lua_State *L)
{
    lt_tensor *self = ltL_checktensor(L, 1);
    lt_tensor *owner = ltL_totensor(L, 2);
    if (lua_gettop(L) == 2 && owner && lt_grad_get(owner) == self) {
        lua_settop(L, 1);
        return 1;
    }
    return luaL_error(L, "attempt to call a tensor (x:grad() needs x to have a gradient; "
                      "x.grad is nil when it has none)");
}

/* --------------------------------------------------------------- grad mode */
static int l_setgradenabled(lua_State *L)
{
    luaL_checkany(L, 1);
    lt_set_grad_enabled(lua_toboolean(L, 1));
    return 0;
}

static int l_isgradenabled(lua_State *L)
{
    lua_pushboolean(L, lt_grad_enabled());
    return 1;
}

static int l_nograd(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TFUNCTION);
    int was = lt_grad_enabled();
    lt_set_grad_enabled(0);
    int st = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
    lt_set_grad_enabled(was);
    if (st != LUA_OK) return lua_error(L);
    return lua_gettop(L);
}

/* ------------------------------------------------------------ custom nodes */
typedef struct lua_node { lua_State *L; int fn; int nin; } lua_node;

static void lua_node_free(void *ud)
{
    lua_node *u = ud;
    luaL_unref(u->L, LUA_REGISTRYINDEX, u->fn);
    lt_free(u);
}

static lt_status lua_node_backward(void *ud, int nout, lt_tensor *const *gout, int nin,
                                   lt_tensor **gin)
{
    lua_node *u = ud;
    lua_State *L = running ? running : u->L;
    if (!lua_checkstack(L, nout + nin + 4))
        return ltI_err(LT_ENOMEM, 0, "record: Lua stack overflow");
    int base = lua_gettop(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, u->fn);
    for (int k = 0; k < nout; k++) {
        lt_tensor_retain(gout[k]);
        ltL_pushtensor(L, gout[k]);
    }
    if (lua_pcall(L, nout, nin, 0) != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        ltI_err(LT_EARG, 0, "%s", msg ? msg : "error in a backward function");
        lua_rawsetp(L, LUA_REGISTRYINDEX, &errkey);
        lua_settop(L, base);
        return LT_EARG;
    }
    for (int i = 0; i < nin; i++) {
        int idx = base + 1 + i;
        if (lua_isnil(L, idx)) continue;
        lt_tensor *g = ltL_totensor(L, idx);
        if (!g) {
            lt_status st = ltI_err(LT_EARG, 0, "record: the backward function returned a %s "
                                   "as gradient %d (expected a tensor or nil)",
                                   luaL_typename(L, idx), i + 1);
            for (int k = 0; k < i; k++) {
                lt_tensor_release(gin[k]);
                gin[k] = NULL;
            }
            lua_settop(L, base);
            return st;
        }
        lt_tensor_retain(g);
        gin[i] = g;
    }
    lua_settop(L, base);
    return LT_OK;
}

/* torch.autograd.record(outputs, inputs, backwardFn) -> outputs */
static int l_record(lua_State *L)
{
    int single = ltL_istensor(L, 1);
    if (!single) luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, 2, LUA_TTABLE);
    luaL_checktype(L, 3, LUA_TFUNCTION);
    lt_tensor *outs[LT_MAXDIM * 4];
    int nout = 0;
    if (single) {
        outs[nout++] = ltL_checktensor(L, 1);
    } else {
        int n = (int)lua_rawlen(L, 1);
        if (n < 1) return luaL_argerror(L, 1, "expected a tensor or a non-empty list of tensors");
        if (n > (int)(sizeof outs / sizeof outs[0]))
            return luaL_argerror(L, 1, "too many outputs");
        for (int k = 1; k <= n; k++) {
            lua_rawgeti(L, 1, k);
            lt_tensor *t = ltL_totensor(L, -1);
            if (!t)
                return luaL_argerror(L, 1, lua_pushfstring(L, "output %d is a %s, expected a "
                                                           "tensor", k, luaL_typename(L, -1)));
            outs[nout++] = t;
            lua_pop(L, 1);
        }
    }
    for (int k = 0; k < nout; k++)
        if (lt_grad_enabled() && lt_is_leaf(outs[k]) && lt_requires_grad(outs[k]))
            return luaL_argerror(L, 1, lua_pushfstring(L, "output %d is a leaf tensor that "
                                                       "requires grad (outputs must be computed "
                                                       "tensors)", k + 1));
    int nin = (int)lua_rawlen(L, 2);
    const lt_tensor **ins = lua_newuserdatauv(L, sizeof(lt_tensor *) * (size_t)(nin + 1), 0);
    for (int i = 0; i < nin; i++) {
        lua_rawgeti(L, 2, i + 1);
        ins[i] = ltL_totensor(L, -1);      /* non-tensors: no edge */
        lua_pop(L, 1);
    }
    lt_agnode *n;
    ltL_check(L, lt_ag_node_new(LT_AG_CUSTOM, nin, ins, &n), 0);
    if (n) {
        lua_node *u = lt_malloc(sizeof *u);
        if (!u) {
            lt_ag_node_release(n);
            return luaL_error(L, "not enough memory");
        }
        lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_MAINTHREAD);
        u->L = lua_tothread(L, -1);
        lua_pop(L, 1);
        lua_pushvalue(L, 3);
        u->fn = luaL_ref(L, LUA_REGISTRYINDEX);
        u->nin = nin;
        n->custom = lua_node_backward;
        n->ud = u;
        n->ud_free = lua_node_free;
        ltL_check(L, lt_ag_attach(n, nout, outs), 0);
    }
    lua_pushvalue(L, 1);
    return 1;
}

/* ------------------------------------------------- helpers for the bindings */
int ltL_ag_wants(const lt_tensor *a, const lt_tensor *b)
{
    return lt_grad_enabled() && ((a && lt_requires_grad(a)) || (b && lt_requires_grad(b)));
}

void ltL_ag_prewrite(lua_State *L, const lt_tensor *r, const char *name, int arg)
{
    if (r->autograd) ltL_check(L, lt_ag_check_write(r, name), arg);
}

static lt_status one_element(lt_tensor *r, double v)
{
    int64_t one = 1;
    LT_TRY(lt_resize(r, 1, &one));
    return lt_fill(r, lt_scalar_f(v));
}

/* r was written in place over a, whose value a recorded rule would need */
static int clobbered(const lt_tensor *r, const lt_tensor *a)
{
    return lt_grad_enabled() && r->storage && r->storage == a->storage &&
           (lt_requires_grad(a) || lt_requires_grad(r));
}

lt_status ltL_ag_dot(lt_tensor *r, const lt_tensor *a, const lt_tensor *b)
{
    double d;
    int64_t i;
    LT_TRY(lt_dot(a, b, &d, &i));
    LT_TRY(one_element(r, d));
    const lt_tensor *in[2] = { a, b };
    return lt_ag_record(LT_OP_DOT, r, 2, in, NULL, NULL, lt_scalar_i(0), lt_scalar_i(0), 0, NULL);
}

lt_status ltL_ag_product(int op, lt_tensor *r, const lt_tensor *m1, const lt_tensor *m2,
                         const lt_tensor *c, lt_scalar beta, lt_scalar alpha)
{
    if (!(m1->autograd || m2->autograd || (c && c->autograd) || r->autograd)) return LT_OK;
    if (clobbered(r, m1) || clobbered(r, m2))
        return ltI_err(LT_EARG, 1, "%s: the result overwrote a factor whose value the gradient "
                       "needs (use a new result tensor)", lt_ag_op_name(op));
    const lt_tensor *in[3] = { m1, m2, c };
    return lt_ag_record(op, r, c ? 3 : 2, in, NULL, NULL, beta, alpha, 0, NULL);
}

lt_status ltL_ag_reduce_all(int op, lt_tensor *r, const lt_tensor *a, lt_scalar p)
{
    double v;
    int64_t iv = -1;
    LT_TRY(lt_reduce_all((lt_opcode)op, a, p, &v, &iv));
    LT_TRY(one_element(r, v));
    iv = -1;
    return lt_ag_record(op, r, 1, &a, NULL, NULL, p, lt_scalar_i(0), 1, &iv);
}

lt_status ltL_ag_record1(int op, lt_tensor *r, const lt_tensor *a, const lt_tensor *extra,
                         lt_scalar p, int niv, const int64_t *iv)
{
    if (!(a->autograd || r->autograd)) return LT_OK;
    if ((lt_ag_rules[op].save & 1u) && clobbered(r, a))
        return ltI_err(LT_EARG, 1, "%s: the result overwrote the input whose value the gradient "
                       "needs (use a new result tensor)", lt_ag_op_name(op));
    return lt_ag_record(op, r, 1, &a, NULL, extra, p, lt_scalar_i(0), niv, iv);
}

/* ------------------------------------------------------------ test helpers */
/* torch.autograd.ops() -> list of { name=, kind=, arity=, differentiable=, core= } */
static int l_ops(lua_State *L)
{
    static const char *const kinds[] = { "unary", "binary", "ternary", "compare", "reduce",
                                         "scan", "blas", "view", "index", "other" };
    static const char *const enums[] = {
#define ENUM_NAME(e, name, arity, kind) #e,
        LT_OPS(ENUM_NAME)
#undef ENUM_NAME
#define AG_ENUM_NAME(e, name, arity) #e,
        LT_AG_EXTRA(AG_ENUM_NAME)
#undef AG_ENUM_NAME
    };
    lua_createtable(L, LT_AG_NOPS, 0);
    for (int op = 0; op < LT_AG_NOPS; op++) {
        lua_createtable(L, 0, 6);
        lua_pushstring(L, enums[op]);
        lua_setfield(L, -2, "enum");
        int core = op < LT_OP_COUNT;
        lua_pushstring(L, core ? lt_ops[op].name : lt_ag_rules[op].name);
        lua_setfield(L, -2, "name");
        lua_pushstring(L, core ? kinds[lt_ops[op].kind] : "autograd");
        lua_setfield(L, -2, "kind");
        lua_pushboolean(L, !lt_ag_rules[op].nondiff);
        lua_setfield(L, -2, "differentiable");
        lua_pushboolean(L, core);
        lua_setfield(L, -2, "core");
        lua_pushinteger(L, op);
        lua_setfield(L, -2, "opcode");
        lua_rawseti(L, -2, op + 1);
    }
    return 1;
}

/* torch.autograd._breakRule(opcode, on): scale that rule's gradients by 2
** (the negative control of the gradient checks) */
static int l_break(lua_State *L)
{
    lua_Integer op = luaL_checkinteger(L, 1);
    if (op < 0 || op >= LT_AG_NOPS) return luaL_argerror(L, 1, "no such opcode");
    lt_ag_debug_break((int)op, lua_toboolean(L, 2));
    return 0;
}

/* torch.autograd.gradFn(t) -> name of the op that made t, or nil for leaves */
static int l_gradfn(lua_State *L)
{
    const char *name = lt_ag_node_name(ltL_checktensor(L, 1));
    if (name) lua_pushstring(L, name);
    else lua_pushnil(L);
    return 1;
}

/* -------------------------------------------------------------- registry */
static const luaL_Reg methods[] = {
    { "requiresGrad", l_requiresgrad }, { "isRequiresGrad", l_isrequiresgrad },
    { "isLeaf", l_isleaf }, { "setGrad", l_setgrad }, { "zeroGrad", l_zerograd },
    { "detach", l_detach }, { "backward", l_backward }, { "item", l_item }, { NULL, NULL }
};

static const luaL_Reg funcs[] = {
    { "noGrad", l_nograd }, { "setGradEnabled", l_setgradenabled },
    { "isGradEnabled", l_isgradenabled }, { NULL, NULL }
};

static const luaL_Reg agfuncs[] = {
    { "record", l_record }, { "ops", l_ops }, { "_breakRule", l_break }, { "gradFn", l_gradfn },
    { "backward", l_backward }, { NULL, NULL }
};

void ltL_open_autograd(lua_State *L, int torch)
{
    ltL_addmethods(L, methods);
    ltL_addfuncs(L, torch, funcs);
    lua_newtable(L);
    luaL_setfuncs(L, agfuncs, 0);
    lua_setfield(L, torch, "autograd");
    for (int d = 0; d < LT_NDTYPES; d++) {
        ltL_push_tensor_mt(L, (lt_dtype)d);
        lua_pushcfunction(L, l_call);
        lua_setfield(L, -2, "__call");
        lua_pop(L, 1);
    }
}
