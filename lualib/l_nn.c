/*
** l_nn.c — the C kernels of nn (tensor/nn.h) as the table torch._nn.
**
** These are the building blocks of the Lua modules in lualib/nn/, not a
** user API: each function takes, first, the name of the calling module
** ("nn.SpatialConvolution"), so that an error reads as the user's own
** call — "nn.SpatialConvolution: input must be 3D or 4D (got 5x5)" —
** rather than naming an internal function.  Then come the output tensors
** (written in place, resized as needed), the inputs, and the numbers.
** Optional tensors are nil.  Numbers that must be integers are checked,
** never truncated.  Dimensions are 1-based here as everywhere in Lua.
*/
#include "ltorch.h"
#include "nn.h"

/* raise a failed kernel as "<module>: message" */
static void nncheck(lua_State *L, lt_status st)
{
    if (st == LT_OK) return;
    if (st == LT_ECANCEL) {
        lt_cancel_clear();
        luaL_error(L, "interrupted!");
    }
    const char *where = lua_tostring(L, 1);
    lua_pushfstring(L, "%s: %s", where ? where : "nn", lt_errmsg());
    lua_error(L);
}

static lt_tensor *T(lua_State *L, int i) { return ltL_checktensor(L, i); }
static lt_tensor *optT(lua_State *L, int i) { return lua_isnoneornil(L, i) ? NULL : T(L, i); }
static int I(lua_State *L, int i)
{
    int64_t v = ltL_checkinteger(L, i);
    if (v < INT32_MIN || v > INT32_MAX) luaL_argerror(L, i, "integer out of range");
    return (int)v;
}

/* kW, kH, dW, dH, padW, padH, dilW, dilH [, adjW, adjH] from index i */
static lt_conv2d conv_args(lua_State *L, int i, int adj)
{
    lt_conv2d p = { I(L, i), I(L, i + 1), I(L, i + 2), I(L, i + 3), I(L, i + 4), I(L, i + 5),
                    I(L, i + 6), I(L, i + 7), 0, 0 };
    if (adj) {
        p.adjW = I(L, i + 8);
        p.adjH = I(L, i + 9);
    }
    return p;
}

/* conv2d(where, out, in, w, b, kW, kH, dW, dH, padW, padH, dilW, dilH) */
static int l_conv2d(lua_State *L)
{
    lt_conv2d p = conv_args(L, 6, 0);
    nncheck(L, lt_nn_conv2d(T(L, 2), T(L, 3), T(L, 4), optT(L, 5), &p));
    return 0;
}
/* conv2d_backward_input(where, gin, in, gout, w, geometry...) */
static int l_conv2d_bi(lua_State *L)
{
    lt_conv2d p = conv_args(L, 6, 0);
    nncheck(L, lt_nn_conv2d_backward_input(T(L, 2), T(L, 3), T(L, 4), T(L, 5), &p));
    return 0;
}
/* conv2d_backward_params(where, gw, gb, in, gout, scale, geometry...) */
static int l_conv2d_bp(lua_State *L)
{
    lt_conv2d p = conv_args(L, 7, 0);
    nncheck(L, lt_nn_conv2d_backward_params(optT(L, 2), optT(L, 3), T(L, 4), T(L, 5),
                                            luaL_checknumber(L, 6), &p));
    return 0;
}
static int l_convT2d(lua_State *L)
{
    lt_conv2d p = conv_args(L, 6, 1);
    nncheck(L, lt_nn_convT2d(T(L, 2), T(L, 3), T(L, 4), optT(L, 5), &p));
    return 0;
}
static int l_convT2d_bi(lua_State *L)
{
    lt_conv2d p = conv_args(L, 6, 1);
    nncheck(L, lt_nn_convT2d_backward_input(T(L, 2), T(L, 3), T(L, 4), T(L, 5), &p));
    return 0;
}
static int l_convT2d_bp(lua_State *L)
{
    lt_conv2d p = conv_args(L, 7, 1);
    nncheck(L, lt_nn_convT2d_backward_params(optT(L, 2), optT(L, 3), T(L, 4), T(L, 5),
                                             luaL_checknumber(L, 6), &p));
    return 0;
}

/* kW, kH, dW, dH, padW, padH, ceil, count_include_pad from index i */
static lt_pool2d pool_args(lua_State *L, int i)
{
    lt_pool2d p = { I(L, i), I(L, i + 1), I(L, i + 2), I(L, i + 3), I(L, i + 4), I(L, i + 5),
                    lua_toboolean(L, i + 6), lua_toboolean(L, i + 7) };
    return p;
}
/* maxpool2d(where, out, idx, in, geometry...) */
static int l_maxpool2d(lua_State *L)
{
    lt_pool2d p = pool_args(L, 5);
    nncheck(L, lt_nn_maxpool2d(T(L, 2), T(L, 3), T(L, 4), &p));
    return 0;
}
/* maxpool2d_backward(where, gin, in, gout, idx): also adaptive max pooling */
static int l_maxpool2d_b(lua_State *L)
{
    nncheck(L, lt_nn_maxpool2d_backward(T(L, 2), T(L, 3), T(L, 4), T(L, 5)));
    return 0;
}
/* avgpool2d(where, out, in, geometry...) */
static int l_avgpool2d(lua_State *L)
{
    lt_pool2d p = pool_args(L, 4);
    nncheck(L, lt_nn_avgpool2d(T(L, 2), T(L, 3), &p));
    return 0;
}
/* avgpool2d_backward(where, gin, in, gout, geometry...) */
static int l_avgpool2d_b(lua_State *L)
{
    lt_pool2d p = pool_args(L, 5);
    nncheck(L, lt_nn_avgpool2d_backward(T(L, 2), T(L, 3), T(L, 4), &p));
    return 0;
}
/* adaptive_maxpool2d(where, out, idx, in, oW, oH) */
static int l_amaxpool2d(lua_State *L)
{
    nncheck(L, lt_nn_adaptive_maxpool2d(T(L, 2), T(L, 3), T(L, 4), ltL_checkinteger(L, 5),
                                        ltL_checkinteger(L, 6)));
    return 0;
}
/* adaptive_avgpool2d(where, out, in, oW, oH) */
static int l_aavgpool2d(lua_State *L)
{
    nncheck(L, lt_nn_adaptive_avgpool2d(T(L, 2), T(L, 3), ltL_checkinteger(L, 4),
                                        ltL_checkinteger(L, 5)));
    return 0;
}
static int l_aavgpool2d_b(lua_State *L)
{
    nncheck(L, lt_nn_adaptive_avgpool2d_backward(T(L, 2), T(L, 3), T(L, 4)));
    return 0;
}
/* temporal_maxpool(where, out, idx, in, kW, dW) */
static int l_tmaxpool(lua_State *L)
{
    nncheck(L, lt_nn_temporal_maxpool(T(L, 2), T(L, 3), T(L, 4), I(L, 5), I(L, 6)));
    return 0;
}
static int l_tmaxpool_b(lua_State *L)
{
    nncheck(L, lt_nn_temporal_maxpool_backward(T(L, 2), T(L, 3), T(L, 4), T(L, 5)));
    return 0;
}

/* softmax(where, out, in, dim, log) — dim 1-based */
static int l_softmax(lua_State *L)
{
    nncheck(L, lt_nn_softmax(T(L, 2), T(L, 3), I(L, 4) - 1, lua_toboolean(L, 5)));
    return 0;
}
/* softmax_backward(where, gin, out, gout, dim, log) */
static int l_softmax_b(lua_State *L)
{
    nncheck(L, lt_nn_softmax_backward(T(L, 2), T(L, 3), T(L, 4), I(L, 5) - 1,
                                      lua_toboolean(L, 6)));
    return 0;
}

/* nll(where, lp, target, w, sizeAverage, ignoreIndex) -> loss, totalWeight */
static int l_nll(lua_State *L)
{
    double loss, tw;
    nncheck(L, lt_nn_nll(&loss, &tw, T(L, 2), T(L, 3), optT(L, 4), lua_toboolean(L, 5),
                         ltL_optinteger(L, 6, 0)));
    lua_pushnumber(L, loss);
    lua_pushnumber(L, tw);
    return 2;
}
/* nll_backward(where, gin, lp, target, w, sizeAverage, ignoreIndex, totalWeight, scale) */
static int l_nll_b(lua_State *L)
{
    nncheck(L, lt_nn_nll_backward(T(L, 2), T(L, 3), T(L, 4), optT(L, 5), lua_toboolean(L, 6),
                                  ltL_optinteger(L, 7, 0), luaL_checknumber(L, 8),
                                  luaL_optnumber(L, 9, 1)));
    return 0;
}
/* cross_entropy(where, lsm, x, target, w, sizeAverage, ignoreIndex) -> loss, totalWeight */
static int l_ce(lua_State *L)
{
    double loss, tw;
    nncheck(L, lt_nn_cross_entropy(&loss, &tw, T(L, 2), T(L, 3), T(L, 4), optT(L, 5),
                                   lua_toboolean(L, 6), ltL_optinteger(L, 7, 0)));
    lua_pushnumber(L, loss);
    lua_pushnumber(L, tw);
    return 2;
}
/* cross_entropy_backward(where, gin, lsm, target, w, sizeAverage, ignoreIndex, tw, scale) */
static int l_ce_b(lua_State *L)
{
    nncheck(L, lt_nn_cross_entropy_backward(T(L, 2), T(L, 3), T(L, 4), optT(L, 5),
                                            lua_toboolean(L, 6), ltL_optinteger(L, 7, 0),
                                            luaL_checknumber(L, 8), luaL_optnumber(L, 9, 1)));
    return 0;
}

/* batchnorm(where, out, in, w, b, rm, rv, sm, si, train, momentum, eps) */
static int l_bn(lua_State *L)
{
    nncheck(L, lt_nn_batchnorm(T(L, 2), T(L, 3), optT(L, 4), optT(L, 5), optT(L, 6), optT(L, 7),
                               optT(L, 8), optT(L, 9), lua_toboolean(L, 10),
                               luaL_checknumber(L, 11), luaL_checknumber(L, 12)));
    return 0;
}
/* batchnorm_backward(where, gin, gw, gb, in, gout, w, mean, invstd|var, train, eps, scale) */
static int l_bn_b(lua_State *L)
{
    nncheck(L, lt_nn_batchnorm_backward(optT(L, 2), optT(L, 3), optT(L, 4), T(L, 5), T(L, 6),
                                        optT(L, 7), optT(L, 8), optT(L, 9), lua_toboolean(L, 10),
                                        luaL_checknumber(L, 11), luaL_checknumber(L, 12)));
    return 0;
}

static const luaL_Reg nn_funcs[] = {
    { "conv2d", l_conv2d },
    { "conv2d_backward_input", l_conv2d_bi },
    { "conv2d_backward_params", l_conv2d_bp },
    { "convT2d", l_convT2d },
    { "convT2d_backward_input", l_convT2d_bi },
    { "convT2d_backward_params", l_convT2d_bp },
    { "maxpool2d", l_maxpool2d },
    { "maxpool2d_backward", l_maxpool2d_b },
    { "avgpool2d", l_avgpool2d },
    { "avgpool2d_backward", l_avgpool2d_b },
    { "adaptive_maxpool2d", l_amaxpool2d },
    { "adaptive_avgpool2d", l_aavgpool2d },
    { "adaptive_avgpool2d_backward", l_aavgpool2d_b },
    { "temporal_maxpool", l_tmaxpool },
    { "temporal_maxpool_backward", l_tmaxpool_b },
    { "softmax", l_softmax },
    { "softmax_backward", l_softmax_b },
    { "nll", l_nll },
    { "nll_backward", l_nll_b },
    { "cross_entropy", l_ce },
    { "cross_entropy_backward", l_ce_b },
    { "batchnorm", l_bn },
    { "batchnorm_backward", l_bn_b },
    { NULL, NULL }
};

void ltL_open_nn(lua_State *L, int torch)
{
    luaL_newlib(L, nn_funcs);
    lua_setfield(L, torch, "_nn");
}
