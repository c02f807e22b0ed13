/*
** l_create.c — creation and reshaping functions: zeros, ones, eye, range,
** linspace, logspace, diag, tril, triu, histc, repeatTensor, trace, cross.
**
** Two kinds, as in Torch7's TensorMath.lua:
** - built from numbers (zeros, ones, eye, range, linspace, logspace): the
**   result is a tensor given first, else a new tensor of the default type
**   (torch.setdefaulttensortype) or of the type named by a trailing string
**   ('torch.FloatTensor'), Torch7's dispatcher rule; the method forms
**   x:zeros(2, 3) resize and fill x;
** - derived from a tensor (diag, tril, triu, histc, cross, repeatTensor):
**   torch.f([res,] x, ...) and x:f(...) are the same call; the result has
**   x's type.
** Numbers that must be integers (sizes, counts, diagonals) are checked,
** never truncated.
*/
#include "ltorch.h"
#include "autograd.h"
#include <string.h>

/* Raise a failed lt_* call: operand i (1-based, as lt_errarg says) is at stack index ii. */
static void raise_at(lua_State *L, lt_status st, int i1, int i2, int i3)
{
    if (st == LT_OK) return;
    int arg = lt_errarg(), idx = arg == 1 ? i1 : arg == 2 ? i2 : arg == 3 ? i3 : 0;
    if (st != LT_ECANCEL && idx > 0) luaL_argerror(L, idx, lt_errmsg());
    ltL_check(L, st, 0);
}

/* For functions built from numbers: strips a trailing type name such as
** 'torch.FloatTensor' (Torch7's dispatcher rule), and says where the
** result is (1, or 0 for a new tensor of *dt) and where the numbers start. */
static int number_args(lua_State *L, lt_dtype *dt, int *first)
{
    int top = lua_gettop(L);
    *dt = ltL_default_dtype(L);
    if (top >= 1 && lua_type(L, top) == LUA_TSTRING) {
        const char *name = lua_tostring(L, top);
        int d;
        for (d = 0; d < LT_NDTYPES; d++)
            if (strcmp(name, ltL_tensor_names[d]) == 0) break;
        if (d == LT_NDTYPES)
            luaL_argerror(L, top, lua_pushfstring(L, "unknown tensor type '%s'", name));
        *dt = (lt_dtype)d;
        lua_settop(L, top - 1);
    }
    int res = ltL_istensor(L, 1);
    *first = res ? 2 : 1;
    return res;
}

/* the result: the given tensor, or a new one pushed on the stack */
static lt_tensor *result(lua_State *L, int res, lt_dtype dt)
{
    return res ? ltL_checktensor(L, res) : ltL_newtensor(L, dt);
}

static int finish(lua_State *L, int res)
{
    if (res) lua_pushvalue(L, res);
    return 1;
}

/* ---------------------------------------------------------- zeros, ones */
/* torch.zeros([res,] sizes) | x:zeros(sizes): sizes as numbers or a LongStorage */
static int sized(lua_State *L, int one)
{
    lt_dtype dt;
    int first, res = number_args(L, &dt, &first);
    int64_t size[LT_MAXDIM];
    int n = ltL_checksizes(L, first, size, "sizes");
    lt_tensor *r = result(L, res, dt);
    ltL_check(L, lt_resize(r, n, size), 0);
    ltL_check(L, one ? lt_fill(r, lt_scalar_i(1)) : lt_zero(r), 0);
    return finish(L, res);
}

static int l_zeros(lua_State *L) { return sized(L, 0); }
static int l_ones(lua_State *L) { return sized(L, 1); }

/* ------------------------------------------------------------------ eye */
static int l_eye(lua_State *L)
{
    lt_dtype dt;
    int first, res = number_args(L, &dt, &first);
    int64_t n = ltL_checkinteger(L, first), m = ltL_optinteger(L, first + 1, 0);
    lt_tensor *r = result(L, res, dt);
    raise_at(L, lt_eye(r, n, m), first, first + 1, 0);
    return finish(L, res);
}

/* ---------------------------------------------------------------- range */
static int l_range(lua_State *L)
{
    lt_dtype dt;
    int first, res = number_args(L, &dt, &first);
    lt_scalar a = ltL_checkscalar(L, first), b = ltL_checkscalar(L, first + 1);
    lt_scalar step = lua_isnoneornil(L, first + 2) ? lt_scalar_i(1)
                                                   : ltL_checkscalar(L, first + 2);
    lt_tensor *r = result(L, res, dt);
    raise_at(L, lt_range(r, a, b, step), first, first + 1, first + 2);
    return finish(L, res);
}

/* ------------------------------------------------------ linspace, logspace */
static int spaced(lua_State *L, int logscale)
{
    lt_dtype dt;
    int first, res = number_args(L, &dt, &first);
    double a = luaL_checknumber(L, first), b = luaL_checknumber(L, first + 1);
    int64_t n = ltL_optinteger(L, first + 2, 100);
    lt_tensor *r = result(L, res, dt);
    raise_at(L, (logscale ? lt_logspace : lt_linspace)(r, a, b, n), first, first + 1, first + 2);
    return finish(L, res);
}

static int l_linspace(lua_State *L) { return spaced(L, 0); }
static int l_logspace(lua_State *L) { return spaced(L, 1); }

/* -------------------------------------------------- diag, tril, triu */
/* Functions of one tensor: torch.f([res,] x, ...) and x:f(...) alike.
** Returns the index of x; *res is the result's index or 0. */
static int tensor_args(lua_State *L, int *res)
{
    *res = ltL_istensor(L, 1) && ltL_istensor(L, 2) ? 1 : 0;
    ltL_checktensor(L, *res + 1);
    return *res + 1;
}

static lt_tensor *derived_result(lua_State *L, int res, lt_dtype dt)
{
    return res ? ltL_checktensor_of(L, res, dt) : ltL_newtensor(L, dt);
}

typedef lt_status (*diag_fn)(lt_tensor *, const lt_tensor *, int64_t);

static int diagonal(lua_State *L, diag_fn fn)
{
    int res, x = tensor_args(L, &res);
    lt_tensor *t = ltL_checktensor(L, x);
    int64_t k = ltL_optinteger(L, x + 1, 0);
    lt_tensor *r = derived_result(L, res, t->dtype);
    int op = fn == lt_diag ? LT_AG_DIAG : fn == lt_tril ? LT_AG_TRIL : LT_AG_TRIU;
    if (res) ltL_ag_prewrite(L, r, lt_ag_op_name(op), 1);
    raise_at(L, fn(r, t, k), x, x + 1, 0);
    raise_at(L, ltL_ag_record1(op, r, t, NULL, lt_scalar_i(0), 1, &k), x, 0, 0);
    return finish(L, res);
}

static int l_diag(lua_State *L) { return diagonal(L, lt_diag); }
static int l_tril(lua_State *L) { return diagonal(L, lt_tril); }
static int l_triu(lua_State *L) { return diagonal(L, lt_triu); }

/* ---------------------------------------------------------------- histc */
/* torch.histc([res,] x [, bins [, min [, max]]]); min == max: the data's range */
static int l_histc(lua_State *L)
{
    int res, x = tensor_args(L, &res);
    lt_tensor *t = ltL_checktensor(L, x);
    int64_t bins = ltL_optinteger(L, x + 1, 100);
    double lo = luaL_optnumber(L, x + 2, 0), hi = luaL_optnumber(L, x + 3, 0);
    lt_tensor *r = derived_result(L, res, t->dtype);
    raise_at(L, lt_histc(r, t, bins, lo, hi), x, x + 1, x + 2);
    return finish(L, res);
}

/* ---------------------------------------------------------------- trace */
static int l_trace(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    double d;
    int64_t i;
    raise_at(L, lt_trace(t, &d, &i), 1, 0, 0);
    if (ltL_ag_wants(t, NULL)) {    /* recording: a one-element tensor */
        lt_tensor *r = ltL_newtensor(L, t->dtype);
        int64_t one = 1;
        raise_at(L, lt_resize(r, 1, &one), 0, 0, 0);
        raise_at(L, lt_fill(r, lt_scalar_f(d)), 0, 0, 0);
        raise_at(L, ltL_ag_record1(LT_AG_TRACE, r, t, NULL, lt_scalar_i(0), 0, NULL), 1, 0, 0);
        return 1;
    }
    ltL_pushnumber(L, t->dtype, d, i);
    return 1;
}

/* ---------------------------------------------------------------- cross */
/* torch.cross([res,] a, b [, dim]); dim defaults to the first of size 3 */
static int l_cross(lua_State *L)
{
    int res = ltL_istensor(L, 1) && ltL_istensor(L, 2) && ltL_istensor(L, 3) ? 1 : 0;
    int a = res + 1;
    lt_tensor *ta = ltL_checktensor(L, a), *tb = ltL_checktensor(L, a + 1);
    int dim = lua_isnoneornil(L, a + 2) ? -1 : ltL_checkdim(L, a + 2, ta->ndim);
    lt_tensor *r = derived_result(L, res, ta->dtype);
    if (res) ltL_ag_prewrite(L, r, "cross", 1);
    raise_at(L, lt_cross(r, ta, tb, dim), a, a + 1, a + 2);
    if (ta->autograd || tb->autograd || r->autograd) {
        const lt_tensor *in[2] = { ta, tb };
        int64_t d64 = dim;
        raise_at(L, lt_ag_record(LT_AG_CROSS, r, 2, in, NULL, NULL, lt_scalar_i(0),
                                 lt_scalar_i(0), 1, &d64), a, a + 1, 0);
    }
    return finish(L, res);
}

/* --------------------------------------------------------- repeatTensor */
/* torch.repeatTensor([res,] x, sizes) | x:repeatTensor(sizes) | r:repeatTensor(x, sizes) */
static int l_repeattensor(lua_State *L)
{
    int res = ltL_istensor(L, 1) && ltL_istensor(L, 2) ? 1 : 0, x = res + 1;
    lt_tensor *t = ltL_checktensor(L, x);
    int64_t reps[LT_MAXDIM];
    int n = ltL_checksizes(L, x + 1, reps, "sizes");
    lt_tensor *r = derived_result(L, res, t->dtype);
    if (res) ltL_ag_prewrite(L, r, "repeatTensor", 1);
    raise_at(L, lt_repeat(r, t, n, reps), x, x + 1, 0);
    if (t->autograd || r->autograd) {
        int64_t iv[LT_MAXDIM + 1];
        iv[0] = n;
        for (int d = 0; d < n; d++) iv[1 + d] = reps[d];
        raise_at(L, ltL_ag_record1(LT_AG_REPEAT, r, t, NULL, lt_scalar_i(0), 1 + n, iv), x, 0, 0);
    }
    return finish(L, res);
}

/* ----------------------------------------------------------- registry */
static const luaL_Reg funcs[] = {
    { "zeros", l_zeros }, { "ones", l_ones }, { "eye", l_eye }, { "range", l_range },
    { "linspace", l_linspace }, { "logspace", l_logspace }, { "diag", l_diag },
    { "tril", l_tril }, { "triu", l_triu }, { "histc", l_histc }, { "trace", l_trace },
    { "cross", l_cross }, { "repeatTensor", l_repeattensor }, { NULL, NULL }
};

void ltL_open_create(lua_State *L, int torch)
{
    ltL_addfuncs(L, torch, funcs);
    ltL_addmethods(L, funcs);
}
