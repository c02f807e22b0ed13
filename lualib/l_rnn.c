/*
** l_rnn.c — torch._rnn: the fused recurrent kernels of tensor/rnn.c for the
** Lua modules nn.RNN, nn.LSTM and nn.GRU (which users call; this table is
** their back end, hence the underscore).
**
**   y, hn, cn, ws = torch._rnn.forward{mode = 'lstm', reverse = false,
**                     x = ..., h0 = ..., c0 = ..., w_ih = ..., w_hh = ...,
**                     b_ih = ..., b_hh = ..., lengths = ...}
**   dx, dh0, dc0 = torch._rnn.backward{<the same fields>, ws = ws, dy = ...,
**                     dhn = ..., dcn = ..., dw_ih = ..., dw_hh = ...,
**                     db_ih = ..., db_hh = ...}
** Parameter gradients are added into the given tensors (accGradParameters);
** dx, dh0 and dc0 are new tensors.  Optional fields may be nil.  Errors name
** the field: "LSTM: bad field 'w_hh' (hidden weight has size 8x3, expected 8x2)".
*/
#include "ltorch.h"
#include "../tensor/rnn.h"
#include <string.h>

static const char *const fields[] = { NULL, "x", "h0", "c0", "w_ih", "w_hh", "b_ih", "b_hh",
                                      "lengths", "dy", "dhn", "dcn" };

static const lt_tensor *opt_field(lua_State *L, const char *name)
{
    lua_getfield(L, 1, name);
    const lt_tensor *t = NULL;
    if (!lua_isnil(L, -1)) {
        t = ltL_totensor(L, -1);
        if (!t)
            luaL_error(L, "torch._rnn: field '%s' must be a tensor, got %s", name,
                       ltL_typename(L, -1));
    }
    lua_pop(L, 1);     /* the table keeps the tensor alive */
    return t;
}

static const lt_tensor *req_field(lua_State *L, const char *name)
{
    const lt_tensor *t = opt_field(L, name);
    if (!t) luaL_error(L, "torch._rnn: field '%s' (a tensor) is required", name);
    return t;
}

static void parse(lua_State *L, lt_rnn_args *a, const char **mname)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_getfield(L, 1, "mode");
    const char *m = lua_tostring(L, -1);
    static const char *const modes[] = { "rnn_tanh", "rnn_relu", "lstm", "gru" };
    static const char *const shown[] = { "RNN", "RNN", "LSTM", "GRU" };
    int k = -1;
    for (int i = 0; m && i < 4; i++) if (strcmp(m, modes[i]) == 0) k = i;
    if (k < 0)
        luaL_error(L, "torch._rnn: field 'mode' must be 'rnn_tanh', 'rnn_relu', 'lstm' or "
                   "'gru', got %s", m ? m : luaL_typename(L, -1));
    lua_pop(L, 1);
    *mname = shown[k];
    a->mode = (lt_rnn_mode)k;
    lua_getfield(L, 1, "reverse");
    a->reverse = lua_toboolean(L, -1);
    lua_pop(L, 1);
    a->x = req_field(L, "x");
    a->h0 = opt_field(L, "h0");
    a->c0 = opt_field(L, "c0");
    a->w_ih = req_field(L, "w_ih");
    a->w_hh = req_field(L, "w_hh");
    a->b_ih = opt_field(L, "b_ih");
    a->b_hh = opt_field(L, "b_hh");
    a->lengths = opt_field(L, "lengths");
}

static void check(lua_State *L, lt_status st, const char *mname)
{
    if (st == LT_OK) return;
    if (st == LT_ECANCEL) ltL_check(L, st, 0);
    int arg = lt_errarg();
    if (arg > 0 && arg < (int)(sizeof fields / sizeof *fields))
        luaL_error(L, "%s: bad field '%s' (%s)", mname, fields[arg], lt_errmsg());
    luaL_error(L, "%s: %s", mname, lt_errmsg());
}

static int l_forward(lua_State *L)
{
    lt_rnn_args a;
    const char *mname;
    parse(L, &a, &mname);
    lt_dtype dt = a.x->dtype;
    lt_tensor *y = ltL_newtensor(L, dt), *hn = ltL_newtensor(L, dt);
    lt_tensor *cn = a.mode == LT_RNN_LSTM ? ltL_newtensor(L, dt) : NULL;
    if (!cn) lua_pushnil(L);
    lt_tensor *ws = ltL_newtensor(L, dt);
    check(L, lt_rnn_forward(&a, y, hn, cn, ws), mname);
    return 4;
}

static lt_tensor *opt_acc(lua_State *L, const char *name)
{
    return (lt_tensor *)opt_field(L, name);
}

static int l_backward(lua_State *L)
{
    lt_rnn_args a;
    const char *mname;
    parse(L, &a, &mname);
    const lt_tensor *ws = req_field(L, "ws");
    const lt_tensor *dy = opt_field(L, "dy"), *dhn = opt_field(L, "dhn");
    const lt_tensor *dcn = opt_field(L, "dcn");
    lt_tensor *dw_ih = opt_acc(L, "dw_ih"), *dw_hh = opt_acc(L, "dw_hh");
    lt_tensor *db_ih = opt_acc(L, "db_ih"), *db_hh = opt_acc(L, "db_hh");
    lt_dtype dt = a.x->dtype;
    lt_tensor *dx = ltL_newtensor(L, dt), *dh0 = ltL_newtensor(L, dt);
    lt_tensor *dc0 = a.mode == LT_RNN_LSTM ? ltL_newtensor(L, dt) : NULL;
    if (!dc0) lua_pushnil(L);
    check(L, lt_rnn_backward(&a, ws, dy, dhn, dcn, dx, dh0, dc0, dw_ih, dw_hh, db_ih, db_hh),
          mname);
    return 3;
}

void ltL_open_rnn(lua_State *L, int torch)
{
    static const luaL_Reg fns[] = {
        { "forward", l_forward },
        { "backward", l_backward },
        { NULL, NULL }
    };
    luaL_newlib(L, fns);
    lua_setfield(L, torch, "_rnn");
}
