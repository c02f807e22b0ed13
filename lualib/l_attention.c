/*
** l_attention.c — torch._attention: the fused kernels of tensor/attention.c
** for nn.MultiHeadAttention, nn.GELU and friends (which users call; this
** table is their back end, hence the underscore).
**
**   out, attn, drop = torch._attention.forward{q = ..., k = ..., v = ...,
**                        scale = s, causal = bool, keyPadding = mask,
**                        attnMask = mask, heads = h, dropout = p}
**   dq, dk, dv = torch._attention.backward{<the same fields>, attn = attn,
**                        drop = drop, dout = ...}
**   y = torch._attention.gelu(x, approximate)
**   dx = torch._attention.geluBackward(x, dy, approximate)
**   y, mean, rstd = torch._attention.layerNorm(x, w, b, M, eps)
**   dx = torch._attention.layerNormBackward(dy, x, mean, rstd, w, M, wantDx,
**                                           dw, db, scale)
** drop is nil when dropout is 0.  Errors name the field:
** "attention: bad field 'k' (query 2x3x4, key ... do not match ...)".
*/
#include "ltorch.h"
#include "../tensor/attention.h"
#include <math.h>

static const char *const fields[] = { NULL, "q", "k", "v", "keyPadding", "attn", "drop",
                                      "dout", "attnMask" };

static const lt_tensor *opt_field(lua_State *L, const char *name)
{
    lua_getfield(L, 1, name);
    const lt_tensor *t = NULL;
    if (!lua_isnil(L, -1)) {
        t = ltL_totensor(L, -1);
        if (!t)
            luaL_error(L, "attention: field '%s' must be a tensor, got %s", name,
                       ltL_typename(L, -1));
    }
    lua_pop(L, 1);     /* the table keeps the tensor alive */
    return t;
}

static const lt_tensor *req_field(lua_State *L, const char *name)
{
    const lt_tensor *t = opt_field(L, name);
    if (!t) luaL_error(L, "attention: field '%s' (a tensor) is required", name);
    return t;
}

static double num_field(lua_State *L, const char *name, double dflt)
{
    lua_getfield(L, 1, name);
    double v = dflt;
    if (!lua_isnil(L, -1)) {
        if (!lua_isnumber(L, -1))
            luaL_error(L, "attention: field '%s' must be a number, got %s", name,
                       luaL_typename(L, -1));
        v = lua_tonumber(L, -1);
    }
    lua_pop(L, 1);
    return v;
}

static void parse(lua_State *L, lt_sdpa_args *a)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    a->q = req_field(L, "q");
    a->k = req_field(L, "k");
    a->v = req_field(L, "v");
    a->key_padding = opt_field(L, "keyPadding");
    a->attn_mask = opt_field(L, "attnMask");
    lua_getfield(L, 1, "causal");
    a->causal = lua_toboolean(L, -1);
    lua_pop(L, 1);
    double d = a->q->ndim == 3 ? (double)a->q->size[2] : 1;
    a->scale = num_field(L, "scale", 1 / sqrt(d > 0 ? d : 1));
    a->heads = (int)num_field(L, "heads", 1);
    a->dropout = num_field(L, "dropout", 0);
    a->gen = NULL;
}

static void check(lua_State *L, lt_status st)
{
    if (st == LT_OK) return;
    if (st == LT_ECANCEL) ltL_check(L, st, 0);
    int arg = lt_errarg();
    if (arg > 0 && arg < (int)(sizeof fields / sizeof *fields))
        luaL_error(L, "attention: bad field '%s' (%s)", fields[arg], lt_errmsg());
    luaL_error(L, "attention: %s", lt_errmsg());
}

static int l_forward(lua_State *L)
{
    lt_sdpa_args a;
    parse(L, &a);
    lt_dtype dt = a.q->dtype;
    lt_tensor *out = ltL_newtensor(L, dt), *attn = ltL_newtensor(L, dt);
    lt_tensor *drop = NULL;
    if (a.dropout > 0) drop = ltL_newtensor(L, dt);
    else lua_pushnil(L);
    check(L, lt_sdpa_forward(&a, out, attn, drop));
    return 3;
}

static int l_backward(lua_State *L)
{
    lt_sdpa_args a;
    parse(L, &a);
    const lt_tensor *attn = req_field(L, "attn"), *drop = opt_field(L, "drop");
    const lt_tensor *dout = req_field(L, "dout");
    lt_dtype dt = a.q->dtype;
    lt_tensor *dq = ltL_newtensor(L, dt), *dk = ltL_newtensor(L, dt);
    lt_tensor *dv = ltL_newtensor(L, dt);
    check(L, lt_sdpa_backward(&a, attn, drop, dout, dq, dk, dv));
    return 3;
}

static int l_gelu(lua_State *L)
{
    const lt_tensor *x = ltL_checktensor(L, 1);
    int approx = lua_toboolean(L, 2);
    lt_tensor *y = ltL_newtensor(L, x->dtype);
    lt_status st = lt_gelu(y, x, approx);
    if (st == LT_ECANCEL) ltL_check(L, st, 0);
    if (st != LT_OK) luaL_error(L, "gelu: %s", lt_errmsg());
    return 1;
}

static int l_gelu_backward(lua_State *L)
{
    const lt_tensor *x = ltL_checktensor(L, 1), *dy = ltL_checktensor(L, 2);
    int approx = lua_toboolean(L, 3);
    lt_tensor *dx = ltL_newtensor(L, x->dtype);
    lt_status st = lt_gelu_backward(dx, x, dy, approx);
    if (st == LT_ECANCEL) ltL_check(L, st, 0);
    if (st != LT_OK) luaL_error(L, "geluBackward: %s", lt_errmsg());
    return 1;
}

static const lt_tensor *opt_tensor(lua_State *L, int idx)
{
    if (lua_isnoneornil(L, idx)) return NULL;
    return ltL_checktensor(L, idx);
}

static void ln_check(lua_State *L, lt_status st, const char *fn)
{
    if (st == LT_OK) return;
    if (st == LT_ECANCEL) ltL_check(L, st, 0);
    luaL_error(L, "%s: %s", fn, lt_errmsg());
}

/* y, mean, rstd = layerNorm(x, w|nil, b|nil, M, eps) */
static int l_layernorm(lua_State *L)
{
    const lt_tensor *x = ltL_checktensor(L, 1);
    const lt_tensor *w = opt_tensor(L, 2), *b = opt_tensor(L, 3);
    int64_t M = (int64_t)luaL_checkinteger(L, 4);
    double eps = luaL_checknumber(L, 5);
    lt_tensor *y = ltL_newtensor(L, x->dtype), *mean = ltL_newtensor(L, x->dtype);
    lt_tensor *rstd = ltL_newtensor(L, x->dtype);
    ln_check(L, lt_layernorm(y, mean, rstd, x, w, b, M, eps), "layerNorm");
    return 3;
}

/* dx|nil = layerNormBackward(dy, x, mean, rstd, w|nil, M, wantDx, dw|nil, db|nil, scale) */
static int l_layernorm_backward(lua_State *L)
{
    const lt_tensor *dy = ltL_checktensor(L, 1), *x = ltL_checktensor(L, 2);
    const lt_tensor *mean = ltL_checktensor(L, 3), *rstd = ltL_checktensor(L, 4);
    const lt_tensor *w = opt_tensor(L, 5);
    int64_t M = (int64_t)luaL_checkinteger(L, 6);
    int want = lua_toboolean(L, 7);
    lt_tensor *dw = (lt_tensor *)opt_tensor(L, 8), *db = (lt_tensor *)opt_tensor(L, 9);
    double scale = luaL_optnumber(L, 10, 1);
    lt_tensor *dx = NULL;
    if (want) dx = ltL_newtensor(L, x->dtype);
    else lua_pushnil(L);
    ln_check(L, lt_layernorm_backward(dx, dw, db, dy, x, mean, rstd, w, M, scale),
             "layerNormBackward");
    return 1;
}

void ltL_open_attention(lua_State *L, int torch)
{
    static const luaL_Reg fns[] = {
        { "forward", l_forward },
        { "backward", l_backward },
        { "gelu", l_gelu },
        { "geluBackward", l_gelu_backward },
        { "layerNorm", l_layernorm },
        { "layerNormBackward", l_layernorm_backward },
        { NULL, NULL }
    };
    luaL_newlib(L, fns);
    lua_setfield(L, torch, "_attention");
}
