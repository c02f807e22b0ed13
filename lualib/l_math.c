/*
** l_math.c — elementwise math, comparisons and the arithmetic operators.
**
** Torch7's calling conventions: a method works on `self` in place or stores
** into it (x:exp() is in place, r:exp(x) stores exp(x) in r); the torch.*
** function returns a new tensor unless a result tensor comes first
** (torch.exp(x), torch.exp(r, x)).  Arguments are matched against a short
** pattern of their kinds ('T' tensor, 'N' number), so each family of ops is
** one parser.  Every function here carries its opcode as upvalue 1; methods
** have METHOD or-ed in.
*/
#include "ltorch.h"
#include "autograd.h"
#include <string.h>

#define METHOD 0x10000

/* The arguments of one call, looked at once: their kinds as a pattern
** ("TNT": tensor, number, tensor) and the tensors themselves, so no
** argument is type-checked twice on the per-call path. */
typedef struct args_t {
    char pat[8];
    lt_tensor *t[8];       /* t[i] is the tensor at stack index i + 1, or NULL */
    lt_opcode op;
    int method;
} args_t;

static const char *parse(lua_State *L, args_t *A)
{
    lua_Integer up = lua_tointeger(L, lua_upvalueindex(1));
    int n = 0, top = lua_gettop(L);
    for (int i = 0; i < 8; i++) A->t[i] = NULL;
    A->op = (lt_opcode)(up & 0xffff);
    A->method = (up & METHOD) != 0;
    for (int i = 1; i <= top && n < 7; i++) {
        ltL_tensor *u = ltL_touserdata(L, i);
        A->t[n] = NULL;
        if (u) {
            A->t[n] = u->t ? u->t : ltL_checktensor(L, i);   /* closed: raises */
            A->pat[n++] = 'T';
            continue;
        }
        int t = lua_type(L, i);
        if (t == LUA_TNUMBER) {
            A->pat[n++] = 'N';
        } else if (t == LUA_TNIL && i == top) {
            break;
        } else {
            A->pat[n++] = '?';
        }
    }
    A->pat[n] = '\0';
    return A->pat;
}

/* the tensor argument at stack index i (checked if the pattern did not) */
#define TEN(i) (A.t[(i) - 1] ? A.t[(i) - 1] : ltL_checktensor(L, (i)))

#define bad_args ltL_usage

/* The result for a torch.* function (res given at index 1 or a new tensor
** like `like`), pushed or not, at the top on return via finish(). */
typedef struct res_t { lt_tensor *t; int idx; } res_t;

static res_t new_result(lua_State *L, lt_dtype dt)
{
    res_t r;
    r.t = ltL_newtensor(L, dt);
    r.idx = lua_gettop(L);
    return r;
}

static res_t given_result(lua_State *L, int idx, lt_dtype dt)
{
    res_t r;
    r.t = ltL_totensor(L, idx);
    if (!r.t || r.t->dtype != dt) r.t = ltL_checktensor_of(L, idx, dt);
    r.idx = idx;
    return r;
}

/* the result is self (stack index 1), already checked by parse() */
static res_t self_result(lua_State *L, const args_t *A, lt_dtype dt)
{
    if (A->t[0] && A->t[0]->dtype == dt) {
        res_t r = { A->t[0], 1 };
        return r;
    }
    return given_result(L, 1, dt);
}

static int finish(lua_State *L, res_t r)
{
    lua_pushvalue(L, r.idx);
    return 1;
}

/* ------------------------------------------------------------ unary */
/* x:f() | r:f(x) | torch.f(x) | torch.f(r, x) */
static int l_unary(lua_State *L)
{
    args_t A;
    const char *pat = parse(L, &A);
    lt_opcode op = A.op;
    res_t r;
    int x;
    if (strcmp(pat, "T") == 0) {
        x = 1;
        r = A.method ? self_result(L, &A, TEN(1)->dtype)
                         : new_result(L, TEN(1)->dtype);
    } else if (strcmp(pat, "TT") == 0) {
        x = 2;
        r = self_result(L, &A, TEN(2)->dtype);
    } else {
        return bad_args(L, "([result,] tensor)");
    }
    lt_scalar z = lt_scalar_i(0);
    ltL_check(L, lt_map_r(op, r.t, TEN(x), z, z), x);
    return finish(L, r);
}

/* ops taking one scalar: x:f(v) | r:f(x, v) | torch.f(x, v) | torch.f(r, x, v).
** mul/div/fmod/remainder/cmax/cmin with a tensor in place of v become
** their elementwise tensor versions. */
static lt_opcode tensor_version(lt_opcode op)
{
    switch (op) {
    case LT_OP_MULS: return LT_OP_MUL;
    case LT_OP_DIVS: return LT_OP_DIV;
    case LT_OP_FMODS: return LT_OP_FMOD;
    case LT_OP_REMS: return LT_OP_REM;
    case LT_OP_MAXS: return LT_OP_MAX;
    case LT_OP_MINS: return LT_OP_MIN;
    case LT_OP_POWS: return LT_OP_POW;
    case LT_OP_ADDS: return LT_OP_ADD;
    default: return op;
    }
}

static int binary_tail(lua_State *L, const args_t *Ap, lt_opcode op, res_t r, int x, int y,
                       lt_scalar s)
{
    args_t A = *Ap;
    lt_tensor *a = TEN(x);
    if (A.t[y - 1]) {
        lt_opcode top = tensor_version(op);
        if (top == op && lt_ops[op].kind == LT_K_UNARY)
            return bad_args(L, "([result,] tensor, number)");
        ltL_check(L, lt_map2_r(top, r.t, a, TEN(y), s), x);
    } else {
        ltL_check(L, lt_map_r(op, r.t, a, ltL_checkscalar(L, y), lt_scalar_i(0)), x);
    }
    return finish(L, r);
}

static int l_scalar1(lua_State *L)
{
    args_t A;
    const char *pat = parse(L, &A);
    lt_opcode op = A.op;
    lt_scalar one = lt_scalar_i(1);
    if (A.method) {
        lt_tensor *self = TEN(1);
        if (strcmp(pat, "TN") == 0 || strcmp(pat, "TT") == 0)
            return binary_tail(L, &A, op, self_result(L, &A, self->dtype), 1, 2, one);
        if (strcmp(pat, "TTN") == 0 || strcmp(pat, "TTT") == 0)
            return binary_tail(L, &A, op, self_result(L, &A, TEN(2)->dtype), 2, 3, one);
    } else {
        if (strcmp(pat, "TN") == 0 || strcmp(pat, "TT") == 0)
            return binary_tail(L, &A, op, new_result(L, TEN(1)->dtype), 1, 2, one);
        if (strcmp(pat, "TTN") == 0 || strcmp(pat, "TTT") == 0)
            return binary_tail(L, &A, op, self_result(L, &A, TEN(2)->dtype), 2, 3, one);
    }
    return bad_args(L, "([result,] tensor, number)");
}

/* pow: x^n, or n^x when the number comes first (Torch7's torch.pow(n, x)) */
static int l_pow(lua_State *L)
{
    args_t A;
    const char *pat = parse(L, &A);
    lt_scalar z = lt_scalar_i(0);
    if (strcmp(pat, "NT") == 0 || strcmp(pat, "TNT") == 0) {
        int x = pat[0] == 'N' ? 2 : 3, n = x - 1;
        lt_tensor *a = TEN(x);
        res_t r = pat[0] == 'N' ? (A.method ? self_result(L, &A, a->dtype)
                                                : new_result(L, a->dtype))
                                : self_result(L, &A, a->dtype);
        if (pat[0] == 'N' && A.method) return bad_args(L, "(tensor, number)");
        ltL_check(L, lt_map_r(LT_OP_SPOW, r.t, a, ltL_checkscalar(L, n), z), x);
        return finish(L, r);
    }
    return l_scalar1(L);
}

/* clamp: x:clamp(lo, hi) | r:clamp(x, lo, hi) | torch.clamp([r,] x, lo, hi) */
static int l_clamp(lua_State *L)
{
    args_t A;
    const char *pat = parse(L, &A);
    res_t r;
    int x;
    if (strcmp(pat, "TNN") == 0) {
        x = 1;
        r = A.method ? self_result(L, &A, TEN(1)->dtype)
                         : new_result(L, TEN(1)->dtype);
    } else if (strcmp(pat, "TTNN") == 0) {
        x = 2;
        r = self_result(L, &A, TEN(2)->dtype);
    } else {
        return bad_args(L, "([result,] tensor, min, max)");
    }
    lt_scalar lo = ltL_checkscalar(L, x + 1), hi = ltL_checkscalar(L, x + 2);
    if (lo.f > hi.f)
        return luaL_argerror(L, x + 1, "min is greater than max");
    ltL_check(L, lt_map_r(LT_OP_CLAMP, r.t, TEN(x), lo, hi), x);
    return finish(L, r);
}

/* add / csub: [res,] x, [value,] y-or-value (see the header comment) */
static int l_add(lua_State *L)
{
    args_t A;
    const char *pat = parse(L, &A);
    lt_opcode op = A.op;               /* LT_OP_ADD or LT_OP_SUB */
    lt_scalar one = lt_scalar_i(1);
    res_t r;
    int x, a = 2;                      /* a: first operand after x */
    if (A.method) {
        lt_tensor *self = TEN(1);
        /* in place forms: N, T, NT after self */
        if (strcmp(pat, "TN") == 0 || strcmp(pat, "TT") == 0 || strcmp(pat, "TNT") == 0) {
            r = self_result(L, &A, self->dtype);
            x = 1;
        } else {
            if (pat[0] != 'T' || pat[1] != 'T')
                return bad_args(L, "([result,] tensor, [value,] tensor) or ([result,] tensor, value)");
            r = self_result(L, &A, self->dtype);
            x = 2;
            a = 3;
            pat++;
        }
    } else if (strcmp(pat, "TN") == 0 || strcmp(pat, "TT") == 0 || strcmp(pat, "TNT") == 0) {
        r = new_result(L, TEN(1)->dtype);
        x = 1;
    } else {
        if (pat[0] != 'T' || pat[1] != 'T')
            return bad_args(L, "([result,] tensor, [value,] tensor) or ([result,] tensor, value)");
        r = self_result(L, &A, A.t[1]->dtype);
        x = 2;
        a = 3;
        pat++;
    }
    lt_tensor *xt = TEN(x);
    if (strcmp(pat, "TN") == 0) {
        lt_scalar v = ltL_checkscalar(L, a);
        if (op == LT_OP_SUB) v = v.is_int ? lt_scalar_i((int64_t)(0 - (uint64_t)v.i))
                                          : lt_scalar_f(-v.f);
        ltL_check(L, lt_map_r(LT_OP_ADDS, r.t, xt, v, lt_scalar_i(0)), x);
    } else if (strcmp(pat, "TT") == 0) {
        ltL_check(L, lt_map2_r(op, r.t, xt, TEN(a), one), x);
    } else if (strcmp(pat, "TNT") == 0) {
        ltL_check(L, lt_map2_r(op, r.t, xt, TEN(a + 1), ltL_checkscalar(L, a)), x);
    } else {
        return bad_args(L, "([result,] tensor, [value,] tensor) or ([result,] tensor, value)");
    }
    return finish(L, r);
}

/* tensor-tensor ops: x:f(y) | r:f(x, y) | torch.f([r,] x, y); cmax/cmin also
** take a number in place of y */
static int l_binary(lua_State *L)
{
    args_t A;
    const char *pat = parse(L, &A);
    lt_opcode op = A.op;
    lt_scalar one = lt_scalar_i(1);
    res_t r;
    int x;
    if (strcmp(pat, "TT") == 0 || strcmp(pat, "TN") == 0) {
        x = 1;
        r = A.method ? self_result(L, &A, TEN(1)->dtype)
                         : new_result(L, TEN(1)->dtype);
    } else if (strcmp(pat, "TTT") == 0 || strcmp(pat, "TTN") == 0) {
        x = 2;
        r = self_result(L, &A, TEN(2)->dtype);
    } else {
        return bad_args(L, "([result,] tensor, tensor)");
    }
    if (!ltL_istensor(L, x + 1)) {
        lt_opcode sop = op == LT_OP_MAX ? LT_OP_MAXS : op == LT_OP_MIN ? LT_OP_MINS :
                        op == LT_OP_MUL ? LT_OP_MULS : op == LT_OP_DIV ? LT_OP_DIVS :
                        op == LT_OP_POW ? LT_OP_POWS : op == LT_OP_FMOD ? LT_OP_FMODS :
                        op == LT_OP_REM ? LT_OP_REMS : op;
        if (sop == op) return bad_args(L, "([result,] tensor, tensor)");
        ltL_check(L, lt_map_r(sop, r.t, TEN(x), ltL_checkscalar(L, x + 1),
                            lt_scalar_i(0)), x);
        return finish(L, r);
    }
    ltL_check(L, lt_map2_r(op, r.t, TEN(x), TEN(x + 1), one), x);
    return finish(L, r);
}

/* lerp: a:lerp(b, w) | r:lerp(a, b, w) | torch.lerp([r,] a, b, w) */
static int l_lerp(lua_State *L)
{
    args_t A;
    const char *pat = parse(L, &A);
    res_t r;
    int x;
    if (strcmp(pat, "TTN") == 0) {
        x = 1;
        r = A.method ? self_result(L, &A, TEN(1)->dtype)
                         : new_result(L, TEN(1)->dtype);
    } else if (strcmp(pat, "TTTN") == 0) {
        x = 2;
        r = self_result(L, &A, TEN(2)->dtype);
    } else {
        return bad_args(L, "([result,] tensor, tensor, weight)");
    }
    ltL_check(L, lt_map2_r(LT_OP_LERP, r.t, TEN(x), TEN(x + 1),
                         ltL_checkscalar(L, x + 2)), x);
    return finish(L, r);
}

/* addcmul/addcdiv: x:f([v,] t1, t2) | r:f(x, [v,] t1, t2) | torch.f([r,] x, [v,] t1, t2) */
static int l_addc(lua_State *L)
{
    args_t A;
    const char *pat = parse(L, &A);
    lt_opcode op = A.op;
    res_t r;
    int x, v = 0;
    if (strcmp(pat, "TTT") == 0 && !A.method) {
        x = 1;
        r = new_result(L, TEN(1)->dtype);
    } else if (strcmp(pat, "TNTT") == 0 && !A.method) {
        x = 1;
        v = 2;
        r = new_result(L, TEN(1)->dtype);
    } else if (strcmp(pat, "TTT") == 0 || strcmp(pat, "TNTT") == 0) {   /* method, in place */
        x = 1;
        v = pat[1] == 'N' ? 2 : 0;
        r = self_result(L, &A, TEN(1)->dtype);
    } else if (strcmp(pat, "TTTT") == 0 || strcmp(pat, "TTNTT") == 0) {
        x = 2;
        v = pat[2] == 'N' ? 3 : 0;
        r = self_result(L, &A, TEN(2)->dtype);
    } else {
        return bad_args(L, "([result,] tensor, [value,] tensor1, tensor2)");
    }
    int t1 = v ? v + 1 : x + 1;
    lt_scalar s = v ? ltL_checkscalar(L, v) : lt_scalar_i(1);
    ltL_check(L, lt_map3_r(op, r.t, TEN(x), TEN(t1),
                         TEN(t1 + 1), s), x);
    return finish(L, r);
}

/* comparisons: a:lt(b) -> new ByteTensor | r:lt(a, b) | torch.lt([r,] a, b) */
static int l_compare(lua_State *L)
{
    args_t A;
    const char *pat = parse(L, &A);
    lt_opcode op = A.op;
    res_t r;
    int x;
    if (strcmp(pat, "TT") == 0 || strcmp(pat, "TN") == 0) {
        x = 1;
        r = new_result(L, LT_BYTE);
    } else if (strcmp(pat, "TTT") == 0 || strcmp(pat, "TTN") == 0) {
        x = 2;
        r = self_result(L, &A, LT_BYTE);
    } else {
        return bad_args(L, "([result,] tensor, tensor or number)");
    }
    lt_tensor *a = TEN(x);
    if (ltL_istensor(L, x + 1))
        ltL_check(L, lt_compare(op, r.t, a, TEN(x + 1), lt_scalar_i(0)), x);
    else
        ltL_check(L, lt_compare(op, r.t, a, NULL, ltL_checkscalar(L, x + 1)), x);
    return finish(L, r);
}

/* ---------------------------------------------------------- operators */
/* New tensor holding a copy of t (operators never modify their operands). */
static lt_tensor *fresh_copy(lua_State *L, lt_tensor *t)
{
    lt_tensor *r = ltL_newtensor(L, t->dtype);
    ltL_check(L, lt_clone(r, t), 1);
    return r;
}

static int arith(lua_State *L, lt_opcode top, lt_opcode sop)
{
    lt_tensor *a = ltL_istensor(L, 1) ? ltL_checktensor(L, 1) : NULL;
    lt_tensor *b = ltL_istensor(L, 2) ? ltL_checktensor(L, 2) : NULL;
    lt_scalar z = lt_scalar_i(0), one = lt_scalar_i(1);
    if (a && b) {
        lt_tensor *r = ltL_newtensor(L, a->dtype);
        ltL_check(L, lt_map2_r(top, r, a, b, one), 1);
        return 1;
    }
    if (a) {
        lt_tensor *r = ltL_newtensor(L, a->dtype);
        lt_scalar s = ltL_checkscalar(L, 2);
        if (top == LT_OP_SUB) s = s.is_int ? lt_scalar_i((int64_t)(0 - (uint64_t)s.i))
                                           : lt_scalar_f(-s.f);
        ltL_check(L, lt_map_r(sop, r, a, s, z), 1);
        return 1;
    }
    b = ltL_checktensor(L, 2);
    lt_scalar s = ltL_checkscalar(L, 1);
    lt_tensor *r = ltL_newtensor(L, b->dtype);
    switch (top) {
    case LT_OP_ADD:
    case LT_OP_MUL:      /* commutative */
        ltL_check(L, lt_map_r(sop, r, b, s, z), 2);
        break;
    case LT_OP_SUB:      /* s - b = -b + s */
        ltL_check(L, lt_map_r(LT_OP_NEG, r, b, z, z), 2);
        ltL_check(L, lt_map_r(LT_OP_ADDS, r, r, s, z), 2);
        break;
    case LT_OP_DIV: {    /* s / b */
        lt_tensor *sv = fresh_copy(L, b);
        ltL_check(L, lt_fill(sv, s), 2);
        ltL_check(L, lt_map2_r(LT_OP_DIV, r, sv, b, one), 2);
        lua_pop(L, 1);
        break;
    }
    case LT_OP_POW:
        ltL_check(L, lt_map_r(LT_OP_SPOW, r, b, s, z), 2);
        break;
    default: {           /* s % b */
        lt_tensor *sv = fresh_copy(L, b);
        ltL_check(L, lt_fill(sv, s), 2);
        ltL_check(L, lt_map2_r(top, r, sv, b, one), 2);
        lua_pop(L, 1);
        break;
    }
    }
    return 1;
}

static int l_op_add(lua_State *L) { return arith(L, LT_OP_ADD, LT_OP_ADDS); }
static int l_op_sub(lua_State *L) { return arith(L, LT_OP_SUB, LT_OP_ADDS); }
static int l_op_div(lua_State *L) { return arith(L, LT_OP_DIV, LT_OP_DIVS); }
static int l_op_mod(lua_State *L) { return arith(L, LT_OP_REM, LT_OP_REMS); }
static int l_op_pow(lua_State *L) { return arith(L, LT_OP_POW, LT_OP_POWS); }

static int l_op_unm(lua_State *L)
{
    lt_tensor *a = ltL_checktensor(L, 1);
    lt_tensor *r = ltL_newtensor(L, a->dtype);
    ltL_check(L, lt_map_r(LT_OP_NEG, r, a, lt_scalar_i(0), lt_scalar_i(0)), 1);
    return 1;
}

/* tensor * tensor is dot / mv / mm by dimension, as in Torch7 */
static int l_op_mul(lua_State *L)
{
    lt_tensor *a = ltL_istensor(L, 1) ? ltL_checktensor(L, 1) : NULL;
    lt_tensor *b = ltL_istensor(L, 2) ? ltL_checktensor(L, 2) : NULL;
    if (!(a && b)) return arith(L, LT_OP_MUL, LT_OP_MULS);
    lt_scalar zero = lt_scalar_i(0), one = lt_scalar_i(1);
    if (a->ndim == 1 && b->ndim == 1 && !ltL_ag_wants(a, b)) {
        double d;
        int64_t i;
        ltL_check(L, lt_dot(a, b, &d, &i), 1);
        ltL_pushnumber(L, a->dtype, d, i);
        return 1;
    }
    lt_tensor *r = ltL_newtensor(L, a->dtype);
    if (a->ndim == 1 && b->ndim == 1) {     /* recording: a one-element tensor */
        ltL_check(L, ltL_ag_dot(r, a, b), 1);
    } else if (a->ndim == 2 && b->ndim == 1) {
        int64_t n = a->size[0];
        ltL_check(L, lt_resize(r, 1, &n), 0);
        ltL_check(L, lt_addmv(r, zero, r, one, a, b), 1);
        ltL_check(L, ltL_ag_product(LT_OP_ADDMV, r, a, b, NULL, zero, one), 1);
    } else if (a->ndim == 2 && b->ndim == 2) {
        int64_t sz[2] = { a->size[0], b->size[1] };
        ltL_check(L, lt_resize(r, 2, sz), 0);
        ltL_check(L, lt_addmm(r, zero, r, one, a, b), 1);
        ltL_check(L, ltL_ag_product(LT_OP_ADDMM, r, a, b, NULL, zero, one), 1);
    } else {
        return ltL_error(L, "multiplication between %dD and %dD tensors is not defined (use "
                         "torch.cmul for elementwise products)", a->ndim, b->ndim);
    }
    return 1;
}

/* ----------------------------------------------------------- registry */
static const ltL_RegOp ops[] = {
    { "neg", l_unary, LT_OP_NEG }, { "abs", l_unary, LT_OP_ABS }, { "sign", l_unary, LT_OP_SIGN },
    { "acos", l_unary, LT_OP_ACOS }, { "asin", l_unary, LT_OP_ASIN },
    { "atan", l_unary, LT_OP_ATAN }, { "ceil", l_unary, LT_OP_CEIL }, { "cos", l_unary, LT_OP_COS },
    { "cosh", l_unary, LT_OP_COSH }, { "exp", l_unary, LT_OP_EXP },
    { "expm1", l_unary, LT_OP_EXPM1 }, { "floor", l_unary, LT_OP_FLOOR },
    { "log", l_unary, LT_OP_LOG }, { "log1p", l_unary, LT_OP_LOG1P },
    { "cinv", l_unary, LT_OP_CINV }, { "round", l_unary, LT_OP_ROUND },
    { "sin", l_unary, LT_OP_SIN }, { "sinh", l_unary, LT_OP_SINH }, { "sqrt", l_unary, LT_OP_SQRT },
    { "rsqrt", l_unary, LT_OP_RSQRT }, { "tan", l_unary, LT_OP_TAN },
    { "tanh", l_unary, LT_OP_TANH }, { "sigmoid", l_unary, LT_OP_SIGMOID },
    { "trunc", l_unary, LT_OP_TRUNC }, { "frac", l_unary, LT_OP_FRAC },
    { "mul", l_scalar1, LT_OP_MULS }, { "div", l_scalar1, LT_OP_DIVS },
    { "fmod", l_scalar1, LT_OP_FMODS }, { "remainder", l_scalar1, LT_OP_REMS },
    { "pow", l_pow, LT_OP_POWS }, { "clamp", l_clamp, LT_OP_CLAMP },
    { "add", l_add, LT_OP_ADD }, { "csub", l_add, LT_OP_SUB },
    { "cmul", l_binary, LT_OP_MUL }, { "cdiv", l_binary, LT_OP_DIV },
    { "cpow", l_binary, LT_OP_POW }, { "cfmod", l_binary, LT_OP_FMOD },
    { "cremainder", l_binary, LT_OP_REM }, { "atan2", l_binary, LT_OP_ATAN2 },
    { "cmax", l_binary, LT_OP_MAX }, { "cmin", l_binary, LT_OP_MIN },
    { "lerp", l_lerp, LT_OP_LERP }, { "addcmul", l_addc, LT_OP_ADDCMUL },
    { "addcdiv", l_addc, LT_OP_ADDCDIV },
    { "lt", l_compare, LT_OP_LT }, { "le", l_compare, LT_OP_LE }, { "gt", l_compare, LT_OP_GT },
    { "ge", l_compare, LT_OP_GE }, { "eq", l_compare, LT_OP_EQ }, { "ne", l_compare, LT_OP_NE },
    { NULL, NULL, 0 }
};

static const luaL_Reg metamethods[] = {
    { "__add", l_op_add }, { "__sub", l_op_sub }, { "__mul", l_op_mul }, { "__div", l_op_div },
    { "__mod", l_op_mod }, { "__pow", l_op_pow }, { "__unm", l_op_unm }, { NULL, NULL }
};

void ltL_open_math(lua_State *L, int torch)
{
    ltL_addfuncs_op(L, torch, ops);
    for (int d = 0; d < LT_NDTYPES; d++) {
        ltL_push_methods(L, (lt_dtype)d);
        for (const ltL_RegOp *r = ops; r->name; r++) {
            lua_pushinteger(L, r->op | METHOD);
            lua_pushcclosure(L, r->fn, 1);
            lua_setfield(L, -2, r->name);
        }
        lua_pop(L, 1);
        ltL_push_tensor_mt(L, (lt_dtype)d);
        luaL_setfuncs(L, metamethods, 0);
        lua_pop(L, 1);
    }
}
