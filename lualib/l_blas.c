/*
** l_blas.c — matrix products and convolutions: dot, mv, mm, bmm, ger,
** addmv, addmm, addr, addbmm, baddbmm, conv2, xcorr2.
**
** Argument forms are Torch7's (TensorMath.lua):
**   torch.mm([res,] a, b)                      r:mm(a, b)      (r = a*b)
**   torch.addmm([res,] [beta,] c, [alpha,] a, b)
**   x:addmm([c,] [alpha,] a, b)                x = 1*c + alpha*a*b, c defaults to x
**   x:addmm(beta, [c,] alpha, a, b)            x = beta*c + alpha*a*b
** and the same for addmv/addr/addbmm/baddbmm; the torch.* forms return a new
** tensor (of c's type) unless a result comes first.  Each call is matched
** against the pattern of its argument kinds ("TNTT": tensor, number, ...).
**
** The C functions name the failing operand as 1 (m1), 2 (m2) or 3 (c);
** raise_at maps that to the operand's position on the Lua stack, so the
** message says "bad argument #3 to 'addmm' (size mismatch: ...)".
*/
#include "ltorch.h"
#include "autograd.h"
#include <string.h>

#define METHOD 0x100

/* Argument kinds from index `first`: T tensor, N number, S string, ? other;
** a trailing nil is ignored. */
static const char *pattern(lua_State *L, int first, char *buf, int max)
{
    int n = 0, top = lua_gettop(L);
    while (top >= first && lua_isnil(L, top)) top--;
    for (int i = first; i <= top && n < max - 1; i++) {
        int t = lua_type(L, i);
        buf[n++] = ltL_istensor(L, i) ? 'T' : t == LUA_TNUMBER ? 'N' : t == LUA_TSTRING ? 'S'
                                                                              : '?';
    }
    buf[n] = '\0';
    return buf;
}

#define usage ltL_usage

/* Raise a failed lt_* call: operand i (1-based, as lt_errarg says) is at stack index ii. */
static void raise_at(lua_State *L, lt_status st, int i1, int i2, int i3)
{
    if (st == LT_OK) return;
    int arg = lt_errarg(), idx = arg == 1 ? i1 : arg == 2 ? i2 : arg == 3 ? i3 : 0;
    if (st != LT_ECANCEL && idx > 0) luaL_argerror(L, idx, lt_errmsg());
    ltL_check(L, st, 0);
}

/* ------------------------------------------------------------------ dot */
static int l_dot(lua_State *L)
{
    lt_tensor *a = ltL_checktensor(L, 1), *b = ltL_checktensor(L, 2);
    double d;
    int64_t i;
    if (ltL_ag_wants(a, b)) {      /* recording: a one-element tensor */
        lt_tensor *r = ltL_newtensor(L, a->dtype);
        raise_at(L, ltL_ag_dot(r, a, b), 1, 2, 0);
        return 1;
    }
    raise_at(L, lt_dot(a, b, &d, &i), 1, 2, 0);
    ltL_pushnumber(L, a->dtype, d, i);
    return 1;
}

/* ------------------------------------------------------------ products */
typedef lt_status (*prod_fn)(lt_tensor *, lt_scalar, const lt_tensor *, lt_scalar,
                             const lt_tensor *, const lt_tensor *);
enum { MV, MM, GER, ADDBMM, BADDBMM };
static const prod_fn prod_fns[] = { lt_addmv, lt_addmm, lt_addr, lt_addbmm, lt_baddbmm };
static const int prod_ops[] = { LT_OP_ADDMV, LT_OP_ADDMM, LT_OP_ADDR, LT_OP_ADDBMM, LT_OP_BADDBMM };

/* mv / mm / ger / bmm: torch.f([res,] a, b) | r:f(a, b) */
static int l_product(lua_State *L)
{
    int up = (int)lua_tointeger(L, lua_upvalueindex(1));
    char pat[8];
    pattern(L, 1, pat, sizeof pat);
    int res, a;
    if (strcmp(pat, "TTT") == 0) {
        res = 1;
        a = 2;
    } else if (strcmp(pat, "TT") == 0 && !(up & METHOD)) {
        res = 0;
        a = 1;
    } else {
        return usage(L, up & METHOD ? "(tensor, tensor) after the result"
                                    : "([result,] tensor, tensor)");
    }
    lt_tensor *ta = ltL_checktensor(L, a), *tb = ltL_checktensor(L, a + 1);
    lt_tensor *r = res ? ltL_checktensor_of(L, res, ta->dtype) : ltL_newtensor(L, ta->dtype);
    if (res) ltL_ag_prewrite(L, r, lt_ops[prod_ops[up & 0xff]].name, res);
    lt_status st = prod_fns[up & 0xff](r, lt_scalar_i(0), NULL, lt_scalar_i(1), ta, tb);
    raise_at(L, st, a, a + 1, 0);
    raise_at(L, ltL_ag_product(prod_ops[up & 0xff], r, ta, tb, NULL, lt_scalar_i(0),
                               lt_scalar_i(1)), a, a + 1, 0);
    if (res) lua_pushvalue(L, res);
    return 1;
}

/* addmv / addmm / addr / addbmm / baddbmm (see the header for the forms) */
static int l_addproduct(lua_State *L)
{
    int up = (int)lua_tointeger(L, lua_upvalueindex(1));
    char pat[10];
    pattern(L, 1, pat, sizeof pat);
    int res = 0, beta = 0, c = 0, alpha = 0, m1 = 0, i = 1;
    const char *p = pat;
    if (up & METHOD) {
        /* self first; Torch7's two method signatures */
        if (*p != 'T') goto bad;
        res = 1;
        p++;
        i++;
        if (strcmp(p, "TT") == 0 || strcmp(p, "NTT") == 0 || strcmp(p, "TTT") == 0 ||
            strcmp(p, "TNTT") == 0) {
            if (*p == 'T' && strlen(p) > 2) c = i, p++, i++;
            if (*p == 'N') alpha = i, p++, i++;
        } else if (strcmp(p, "NNTT") == 0 || strcmp(p, "NTNTT") == 0) {
            beta = i, p++, i++;
            if (*p == 'T') c = i, p++, i++;
            alpha = i, p++, i++;
        } else {
            goto bad;
        }
        m1 = i;
        if (!c) c = res;
    } else {
        int nt = 0;
        for (const char *s = pat; *s; s++) nt += *s == 'T';
        if (nt == 4 && *p == 'T') res = i, p++, i++;
        if (*p == 'N') beta = i, p++, i++;
        if (*p != 'T') goto bad;
        c = i, p++, i++;
        if (*p == 'N') alpha = i, p++, i++;
        if (strcmp(p, "TT") != 0) goto bad;
        m1 = i;
    }
    lt_tensor *tc = ltL_checktensor(L, c);
    lt_tensor *ta = ltL_checktensor(L, m1), *tb = ltL_checktensor(L, m1 + 1);
    lt_tensor *r = res ? ltL_checktensor_of(L, res, tc->dtype) : ltL_newtensor(L, tc->dtype);
    lt_scalar sb = beta ? ltL_checkscalar(L, beta) : lt_scalar_i(1);
    lt_scalar sa = alpha ? ltL_checkscalar(L, alpha) : lt_scalar_i(1);
    if (res) ltL_ag_prewrite(L, r, lt_ops[prod_ops[up & 0xff]].name, res);
    raise_at(L, prod_fns[up & 0xff](r, sb, tc, sa, ta, tb), m1, m1 + 1, c);
    raise_at(L, ltL_ag_product(prod_ops[up & 0xff], r, ta, tb, tc, sb, sa), m1, m1 + 1, c);
    if (res) lua_pushvalue(L, res);
    return 1;
bad:
    return usage(L, up & METHOD ? "([beta,] [tensor,] [alpha,] tensor, tensor) after the result"
                                : "([result,] [beta,] tensor, [alpha,] tensor, tensor)");
}

/* ---------------------------------------------------------- convolution */
/* torch.conv2([res,] x, k [, 'V' | 'F']); x:conv2(k) is torch.conv2(x, k) */
static int l_conv(lua_State *L)
{
    int flip = (int)lua_tointeger(L, lua_upvalueindex(1)) & 1;
    char pat[8];
    pattern(L, 1, pat, sizeof pat);
    int res = 0, x = 1, mode = 0;
    if (strcmp(pat, "TTT") == 0 || strcmp(pat, "TTTS") == 0) {
        res = 1;
        x = 2;
        mode = pat[3] ? 4 : 0;
    } else if (strcmp(pat, "TT") == 0 || strcmp(pat, "TTS") == 0) {
        mode = pat[2] ? 3 : 0;
    } else {
        return usage(L, "([result,] tensor, tensor [, 'V' or 'F'])");
    }
    int full = 0;
    if (mode) {
        const char *m = lua_tostring(L, mode);
        if (strcmp(m, "F") != 0 && strcmp(m, "V") != 0)
            return luaL_argerror(L, mode, lua_pushfstring(L, "mode must be 'V' (valid) or 'F' "
                                                          "(full), got '%s'", m));
        full = m[0] == 'F';
    }
    lt_tensor *tx = ltL_checktensor(L, x), *tk = ltL_checktensor(L, x + 1);
    lt_tensor *r = res ? ltL_checktensor_of(L, res, tx->dtype) : ltL_newtensor(L, tx->dtype);
    if (res) ltL_ag_prewrite(L, r, flip ? "conv2" : "xcorr2", res);
    raise_at(L, lt_conv2(r, tx, tk, full, flip), x, x + 1, 0);
    if (tx->autograd || tk->autograd || r->autograd) {
        const lt_tensor *in[2] = { tx, tk };
        int64_t f64 = full;
        raise_at(L, lt_ag_record(flip ? LT_AG_CONV2 : LT_AG_XCORR2, r, 2, in, NULL, NULL,
                                 lt_scalar_i(0), lt_scalar_i(0), 1, &f64), x, x + 1, 0);
    }
    if (res) lua_pushvalue(L, res);
    return 1;
}

/* ----------------------------------------------------------- registry */
static const ltL_RegOp ops[] = {
    { "mv", l_product, MV }, { "mm", l_product, MM }, { "ger", l_product, GER },
    { "bmm", l_product, BADDBMM },
    { "addmv", l_addproduct, MV }, { "addmm", l_addproduct, MM }, { "addr", l_addproduct, GER },
    { "addbmm", l_addproduct, ADDBMM }, { "baddbmm", l_addproduct, BADDBMM },
    { NULL, NULL, 0 }
};

/* the same for functions and methods: conv2/xcorr2 (upvalue: flip), dot */
static const ltL_RegOp shared[] = {
    { "conv2", l_conv, 1 }, { "xcorr2", l_conv, 0 }, { "dot", l_dot, 0 }, { NULL, NULL, 0 }
};

void ltL_open_blas(lua_State *L, int torch)
{
    ltL_addfuncs_op(L, torch, ops);
    ltL_addfuncs_op(L, torch, shared);
    ltL_addmethods_op(L, shared);
    for (int d = 0; d < LT_NDTYPES; d++) {
        ltL_push_methods(L, (lt_dtype)d);
        for (const ltL_RegOp *r = ops; r->name; r++) {
            lua_pushinteger(L, r->op | METHOD);
            lua_pushcclosure(L, r->fn, 1);
            lua_setfield(L, -2, r->name);
        }
        lua_pop(L, 1);
    }
}
