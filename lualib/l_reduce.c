/*
** l_reduce.c — reductions, scans, sorting and selection for Lua.
**
** Torch7's forms, with its defaults (TensorMath.lua):
**   torch.sum(x) -> number         torch.sum(x, dim) -> tensor (dim kept, size 1)
**   torch.sum(res, x, dim) -> res  (likewise prod, mean, std, var, all, any)
**   torch.max(x) -> number         torch.max(x, dim) -> values, indices
**   torch.max(resval, resind, x, dim) -> resval, resind      (likewise min)
**   torch.std(x [, biased]) / torch.std([res,] x, dim [, biased])  (var too)
**   torch.norm(x [, p=2]) -> number  torch.norm([res,] x, p, dim) -> tensor
**   torch.dist(a, b [, p=2]) -> number
**   torch.cumsum([res,] x [, dim=1])                       (cumprod too)
**   torch.sort([resval, resind,] x [, dim=last] [, descending=false])
**   torch.topk([resval, resind,] x [, k=1] [, dim=last] [, largest=false] [, sorted=false])
**   torch.kthvalue([resval, resind,] x, k [, dim=last])
**   torch.median(x) -> number; torch.median([resval, resind,] x, dim)
**   torch.mode([resval, resind,] x [, dim=last])
** Methods take self as the first argument of the same forms: x:sum(2) is
** torch.sum(x, 2) and r:sum(x, 2) is torch.sum(r, x, 2).
**
** Where Torch7 had nothing: torch.max(a, b) / torch.min(a, b) with two
** tensors are elementwise (PyTorch; Torch7's cmax/cmin); all/any accept
** every type (nonzero is true) and take a dim; the all-elements median
** returns a number (late TH's medianall, and PyTorch).  Integer tensors:
** sum, prod, max, min and median return Lua integers (exact, wrapping
** sums); mean, std, var, norm and dist return floats and their dim forms
** DoubleTensors (Torch7 did not define them for integer types).
*/
#include "ltorch.h"
#include "autograd.h"
#include <stdbool.h>
#include <string.h>

/* ------------------------------------------------------------ arguments */
/* The kinds of the arguments, one letter each: 'T' tensor, 'N' number,
** 'B' boolean, '?' anything else; a trailing nil is dropped. */
static const char *pattern(lua_State *L, char *buf)
{
    int n = 0, top = lua_gettop(L);
    while (top > 0 && lua_isnil(L, top)) top--;
    for (int i = 1; i <= top && n < 15; i++) {
        int t = lua_type(L, i);
        buf[n++] = t == LUA_TNUMBER ? 'N' : t == LUA_TBOOLEAN ? 'B' :
                   (t == LUA_TUSERDATA && ltL_istensor(L, i)) ? 'T' : '?';
    }
    buf[n] = '\0';
    return buf;
}

#define bad_args ltL_usage

static lt_opcode upop(lua_State *L) { return (lt_opcode)lua_tointeger(L, lua_upvalueindex(1)); }

/* Number of leading tensor arguments, and the kinds after them. */
static int lead(const char *pat, const char **rest)
{
    int n = 0;
    while (pat[n] == 'T') n++;
    *rest = pat + n;
    return n;
}

/* The result tensor at stack index i, which must have dtype dt. */
static lt_tensor *given(lua_State *L, int i, lt_dtype dt) { return ltL_checktensor_of(L, i, dt); }

static lt_dtype float_result(lt_dtype dt)
{
    return lt_dtypes[dt].is_float ? dt : LT_DOUBLE;
}

/* ----------------------------------------------------- sum, prod, mean */
/* (x) -> number | (x, dim) -> tensor | (res, x, dim) -> res; std/var take
** a trailing `biased` flag; all/any give booleans and ByteTensors. */
static int l_reduce(lua_State *L)
{
    lt_opcode op = upop(L);
    char buf[16];
    const char *rest, *pat = pattern(L, buf);
    int nt = lead(pat, &rest);
    bool flag_ok = op == LT_OP_STD || op == LT_OP_VAR;
    int biased = 0;
    size_t rl = strlen(rest);
    if (flag_ok && rl > 0 && rest[rl - 1] == 'B') {
        biased = lua_toboolean(L, nt + (int)rl);
        rl--;
    }
    const char *usage = flag_ok ? "([result,] tensor [, dim] [, biased])"
                                : "([result,] tensor [, dim])";
    if (!((nt == 1 && rl <= 1) || (nt == 2 && rl == 1)) || (rl == 1 && rest[0] != 'N'))
        return bad_args(L, usage);
    int x = nt;                     /* stack index of the input */
    lt_tensor *a = ltL_checktensor(L, x);
    lt_scalar p = lt_scalar_i(biased);
    if (rl == 0 && op != LT_OP_ALL && op != LT_OP_ANY && ltL_ag_wants(a, NULL)) {
        /* recording: a one-element tensor (a number cannot carry history) */
        lt_tensor *r = ltL_newtensor(L, a->dtype);
        ltL_check(L, ltL_ag_reduce_all(op, r, a, p), x);
        return 1;
    }
    if (rl == 0) {                  /* all elements -> a number */
        double v;
        int64_t iv;
        ltL_check(L, lt_reduce_all(op, a, p, &v, &iv), x);
        switch (op) {
        case LT_OP_SUM: case LT_OP_PROD: ltL_pushnumber(L, a->dtype, v, iv); break;
        case LT_OP_ALL: case LT_OP_ANY: lua_pushboolean(L, iv != 0); break;
        default: lua_pushnumber(L, v); break;
        }
        return 1;
    }
    int dim = ltL_checkdim(L, x + 1, a->ndim);
    lt_dtype rdt = (op == LT_OP_ALL || op == LT_OP_ANY) ? LT_BYTE :
                   (op == LT_OP_SUM || op == LT_OP_PROD) ? a->dtype : float_result(a->dtype);
    lt_tensor *r;
    int ri;
    if (nt == 2) {
        r = given(L, 1, rdt);
        ri = 1;
    } else {
        r = ltL_newtensor(L, rdt);
        ri = lua_gettop(L);
    }
    if (nt == 2) ltL_ag_prewrite(L, r, lt_ops[op].name, 1);
    ltL_check(L, lt_reduce_dim(op, r, NULL, a, dim, p), x);
    int64_t d64 = dim;
    ltL_check(L, ltL_ag_record1(op, r, a, NULL, p, 1, &d64), x);
    lua_pushvalue(L, ri);
    return 1;
}

/* ------------------------------------------------------------- max, min */
/* (x) -> number | (x, dim) -> values, indices | (rv, ri, x, dim) -> rv, ri |
** (a, b) -> elementwise max/min (PyTorch) */
static int l_extreme(lua_State *L)
{
    lt_opcode op = upop(L);
    char buf[16];
    const char *pat = pattern(L, buf);
    if (strcmp(pat, "T") == 0) {
        lt_tensor *a = ltL_checktensor(L, 1);
        double v;
        int64_t iv;
        if (ltL_ag_wants(a, NULL)) {
            lt_tensor *r = ltL_newtensor(L, a->dtype);
            ltL_check(L, ltL_ag_reduce_all(op, r, a, lt_scalar_i(0)), 1);
            return 1;
        }
        ltL_check(L, lt_reduce_all(op, a, lt_scalar_i(0), &v, &iv), 1);
        ltL_pushnumber(L, a->dtype, v, iv);
        return 1;
    }
    if (strcmp(pat, "TT") == 0) {
        lt_tensor *a = ltL_checktensor(L, 1), *b = ltL_checktensor(L, 2);
        lt_tensor *r = ltL_newtensor(L, a->dtype);
        ltL_check(L, lt_map2_r(op == LT_OP_RMAX ? LT_OP_MAX : LT_OP_MIN, r, a, b, lt_scalar_i(1)),
                  1);
        return 1;
    }
    int x;
    lt_tensor *rv, *ri;
    if (strcmp(pat, "TN") == 0) {
        x = 1;
        lt_tensor *a = ltL_checktensor(L, 1);
        rv = ltL_newtensor(L, a->dtype);
        ri = ltL_newtensor(L, LT_LONG);
    } else if (strcmp(pat, "TTTN") == 0) {
        x = 3;
        lt_tensor *a = ltL_checktensor(L, 3);
        rv = given(L, 1, a->dtype);
        ri = given(L, 2, LT_LONG);
        lua_pushvalue(L, 1);
        lua_pushvalue(L, 2);
    } else {
        return bad_args(L, "([resval, resind,] tensor [, dim]) or (tensor, tensor)");
    }
    lt_tensor *a = ltL_checktensor(L, x);
    int dim = ltL_checkdim(L, x + 1, a->ndim);
    if (x == 3) ltL_ag_prewrite(L, rv, lt_ops[op].name, 1);
    ltL_check(L, lt_reduce_dim(op, rv, ri, a, dim, lt_scalar_i(0)), x);
    int64_t d64 = dim;
    ltL_check(L, ltL_ag_record1(op, rv, a, ri, lt_scalar_i(0), 1, &d64), x);
    return 2;
}

/* ----------------------------------------------------------------- norm */
/* (x [, p]) -> number | ([res,] x, p, dim) -> tensor */
static int l_norm(lua_State *L)
{
    char buf[16];
    const char *pat = pattern(L, buf);
    if (strcmp(pat, "T") == 0 || strcmp(pat, "TN") == 0) {
        lt_tensor *a = ltL_checktensor(L, 1);
        double p = pat[1] ? ltL_checkscalar(L, 2).f : 2.0, v;
        if (ltL_ag_wants(a, NULL)) {
            lt_tensor *r = ltL_newtensor(L, a->dtype);
            ltL_check(L, ltL_ag_reduce_all(LT_OP_NORM, r, a, lt_scalar_f(p)), 1);
            return 1;
        }
        ltL_check(L, lt_reduce_all(LT_OP_NORM, a, lt_scalar_f(p), &v, NULL), 1);
        lua_pushnumber(L, v);
        return 1;
    }
    int x;
    if (strcmp(pat, "TNN") == 0) x = 1;
    else if (strcmp(pat, "TTNN") == 0) x = 2;
    else return bad_args(L, "(tensor [, p]) or ([result,] tensor, p, dim)");
    lt_tensor *a = ltL_checktensor(L, x);
    double p = ltL_checkscalar(L, x + 1).f;
    int dim = ltL_checkdim(L, x + 2, a->ndim);
    lt_tensor *r;
    int ri;
    if (x == 2) {
        r = given(L, 1, float_result(a->dtype));
        ri = 1;
    } else {
        r = ltL_newtensor(L, float_result(a->dtype));
        ri = lua_gettop(L);
    }
    if (x == 2) ltL_ag_prewrite(L, r, "norm", 1);
    ltL_check(L, lt_reduce_dim(LT_OP_NORM, r, NULL, a, dim, lt_scalar_f(p)), x);
    int64_t d64 = dim;
    ltL_check(L, ltL_ag_record1(LT_OP_NORM, r, a, NULL, lt_scalar_f(p), 1, &d64), x);
    lua_pushvalue(L, ri);
    return 1;
}

/* (a, b [, p=2]) -> number */
static int l_dist(lua_State *L)
{
    char buf[16];
    const char *pat = pattern(L, buf);
    if (strcmp(pat, "TT") != 0 && strcmp(pat, "TTN") != 0)
        return bad_args(L, "(tensor, tensor [, p])");
    double p = pat[2] ? ltL_checkscalar(L, 3).f : 2.0, v;
    lt_tensor *a = ltL_checktensor(L, 1), *b = ltL_checktensor(L, 2);
    ltL_check(L, lt_dist(a, b, p, &v), 1);
    if (ltL_ag_wants(a, b)) {      /* recording: a one-element tensor */
        lt_tensor *r = ltL_newtensor(L, a->dtype);
        int64_t one = 1;
        ltL_check(L, lt_resize(r, 1, &one), 0);
        ltL_check(L, lt_fill(r, lt_scalar_f(v)), 0);
        const lt_tensor *in[2] = { a, b };
        ltL_check(L, lt_ag_record(LT_OP_DIST, r, 2, in, NULL, NULL, lt_scalar_f(p),
                                  lt_scalar_i(0), 0, NULL), 1);
        return 1;
    }
    lua_pushnumber(L, v);
    return 1;
}

/* ------------------------------------------------------- cumsum, cumprod */
/* ([res,] x [, dim=1]) */
static int l_scan(lua_State *L)
{
    lt_opcode op = upop(L);
    char buf[16];
    const char *rest, *pat = pattern(L, buf);
    int nt = lead(pat, &rest);
    if (nt < 1 || nt > 2 || !(rest[0] == '\0' || strcmp(rest, "N") == 0))
        return bad_args(L, "([result,] tensor [, dim])");
    int x = nt;
    lt_tensor *a = ltL_checktensor(L, x);
    int dim = rest[0] ? ltL_checkdim(L, x + 1, a->ndim) : 0;
    lt_tensor *r;
    int ri;
    if (nt == 2) {
        r = given(L, 1, a->dtype);
        ri = 1;
    } else {
        r = ltL_newtensor(L, a->dtype);
        ri = lua_gettop(L);
    }
    if (a->ndim == 0) {            /* an empty tensor scans to an empty tensor */
        ltL_check(L, lt_resize(r, 0, a->size), 0);
    } else {
        if (nt == 2) ltL_ag_prewrite(L, r, lt_ops[op].name, 1);
        ltL_check(L, lt_scan(op, r, a, dim), x);
        int64_t d64 = dim;
        ltL_check(L, ltL_ag_record1(op, r, a, NULL, lt_scalar_i(0), 1, &d64), x);
    }
    lua_pushvalue(L, ri);
    return 1;
}

/* --------------------------------------------------- sorting and selection */
/* The result pair: (rv, ri) given as the first two arguments, or new.
** Pushes both; returns the stack index of the input tensor. */
static int results(lua_State *L, int nt, lt_tensor **rv, lt_tensor **ri)
{
    int x = nt == 3 ? 3 : 1;
    lt_tensor *a = ltL_checktensor(L, x);
    if (nt == 3) {
        *rv = given(L, 1, a->dtype);
        *ri = given(L, 2, LT_LONG);
        lua_pushvalue(L, 1);
        lua_pushvalue(L, 2);
    } else {
        *rv = ltL_newtensor(L, a->dtype);
        *ri = ltL_newtensor(L, LT_LONG);
    }
    return x;
}

static int lastdim(const lt_tensor *a) { return a->ndim > 0 ? a->ndim - 1 : 0; }

/* The values of sort/topk/kthvalue/median/mode are a gather of the input
** at the indices found, and are differentiable as such. */
static void rec_values(lua_State *L, lt_tensor *rv, lt_tensor *ri, const lt_tensor *a, int dim,
                       int x)
{
    if (!(a->autograd || rv->autograd)) return;
    int64_t d64 = dim;
    ltL_check(L, ltL_ag_record1(LT_OP_GATHER, rv, a, ri, lt_scalar_i(0), 1, &d64), x);
}

/* ([rv, ri,] x [, dim] [, descending]) */
static int l_sort(lua_State *L)
{
    char buf[16];
    const char *rest, *pat = pattern(L, buf);
    int nt = lead(pat, &rest);
    const char *usage = "([resval, resind,] tensor [, dim] [, descending])";
    if ((nt != 1 && nt != 3) || !(strcmp(rest, "") == 0 || strcmp(rest, "N") == 0 ||
                                  strcmp(rest, "B") == 0 || strcmp(rest, "NB") == 0))
        return bad_args(L, usage);
    lt_tensor *rv, *ri;
    int x = results(L, nt, &rv, &ri);
    lt_tensor *a = ltL_checktensor(L, x);
    int dim = rest[0] == 'N' ? ltL_checkdim(L, x + 1, a->ndim) : lastdim(a);
    int desc = rest[0] == 'B' ? lua_toboolean(L, x + 1) :
               rest[0] && rest[1] == 'B' ? lua_toboolean(L, x + 2) : 0;
    if (a->ndim == 0) {            /* sorting nothing gives nothing */
        ltL_check(L, lt_resize(rv, 0, a->size), 0);
        ltL_check(L, lt_resize(ri, 0, a->size), 0);
        return 2;
    }
    ltL_check(L, lt_sort(rv, ri, a, dim, desc), x);
    rec_values(L, rv, ri, a, dim, x);
    return 2;
}

/* ([rv, ri,] x [, k=1] [, dim=last] [, largest=false] [, sorted=false]) */
static int l_topk(lua_State *L)
{
    char buf[16];
    const char *rest, *pat = pattern(L, buf);
    int nt = lead(pat, &rest);
    int nn = 0, nb = 0;
    while (rest[nn] == 'N') nn++;
    while (rest[nn + nb] == 'B') nb++;
    if ((nt != 1 && nt != 3) || nn > 2 || nb > 2 || rest[nn + nb])
        return bad_args(L, "([resval, resind,] tensor [, k] [, dim] [, largest] [, sorted])");
    lt_tensor *rv, *ri;
    int x = results(L, nt, &rv, &ri);
    lt_tensor *a = ltL_checktensor(L, x);
    int64_t k = nn >= 1 ? ltL_checkinteger(L, x + 1) : 1;
    int dim = nn >= 2 ? ltL_checkdim(L, x + 2, a->ndim) : lastdim(a);
    int largest = nb >= 1 ? lua_toboolean(L, x + nn + 1) : 0;
    int sorted = nb >= 2 ? lua_toboolean(L, x + nn + 2) : 0;
    ltL_check(L, lt_topk(rv, ri, a, k, dim, largest, sorted), x);
    rec_values(L, rv, ri, a, dim, x);
    return 2;
}

/* ([rv, ri,] x, k [, dim=last]) */
static int l_kthvalue(lua_State *L)
{
    char buf[16];
    const char *rest, *pat = pattern(L, buf);
    int nt = lead(pat, &rest);
    if ((nt != 1 && nt != 3) || !(strcmp(rest, "N") == 0 || strcmp(rest, "NN") == 0))
        return bad_args(L, "([resval, resind,] tensor, k [, dim])");
    lt_tensor *rv, *ri;
    int x = results(L, nt, &rv, &ri);
    lt_tensor *a = ltL_checktensor(L, x);
    int64_t k = ltL_checkinteger(L, x + 1);
    int dim = rest[1] ? ltL_checkdim(L, x + 2, a->ndim) : lastdim(a);
    ltL_check(L, lt_kthvalue(rv, ri, a, k, dim), x);
    rec_values(L, rv, ri, a, dim, x);
    return 2;
}

/* median: (x) -> number | ([rv, ri,] x, dim); mode: ([rv, ri,] x [, dim=last]) */
static int l_select(lua_State *L, bool median)
{
    char buf[16];
    const char *rest, *pat = pattern(L, buf);
    int nt = lead(pat, &rest);
    if (median && strcmp(pat, "T") == 0) {
        lt_tensor *a = ltL_checktensor(L, 1);
        double v;
        int64_t iv;
        ltL_check(L, lt_median_all(a, &v, &iv), 1);
        ltL_pushnumber(L, a->dtype, v, iv);
        return 1;
    }
    if ((nt != 1 && nt != 3) || !(rest[0] == '\0' || strcmp(rest, "N") == 0))
        return bad_args(L, "([resval, resind,] tensor [, dim])");
    lt_tensor *rv, *ri;
    int x = results(L, nt, &rv, &ri);
    lt_tensor *a = ltL_checktensor(L, x);
    int dim = rest[0] ? ltL_checkdim(L, x + 1, a->ndim) : lastdim(a);
    ltL_check(L, median ? lt_median(rv, ri, a, dim) : lt_mode(rv, ri, a, dim), x);
    rec_values(L, rv, ri, a, dim, x);
    return 2;
}

static int l_median(lua_State *L) { return l_select(L, true); }
static int l_mode(lua_State *L) { return l_select(L, false); }

/* ------------------------------------------------------------- registry */
static const ltL_RegOp ops[] = {
    { "sum", l_reduce, LT_OP_SUM }, { "prod", l_reduce, LT_OP_PROD },
    { "mean", l_reduce, LT_OP_MEAN }, { "std", l_reduce, LT_OP_STD },
    { "var", l_reduce, LT_OP_VAR }, { "all", l_reduce, LT_OP_ALL },
    { "any", l_reduce, LT_OP_ANY }, { "max", l_extreme, LT_OP_RMAX },
    { "min", l_extreme, LT_OP_RMIN }, { "norm", l_norm, LT_OP_NORM },
    { "dist", l_dist, LT_OP_DIST }, { "cumsum", l_scan, LT_OP_CUMSUM },
    { "cumprod", l_scan, LT_OP_CUMPROD }, { "sort", l_sort, 0 }, { "topk", l_topk, 0 },
    { "kthvalue", l_kthvalue, 0 }, { "median", l_median, 0 }, { "mode", l_mode, 0 },
    { NULL, NULL, 0 }
};

void ltL_open_reduce(lua_State *L, int torch)
{
    ltL_addfuncs_op(L, torch, ops);
    ltL_addmethods_op(L, ops);
}
