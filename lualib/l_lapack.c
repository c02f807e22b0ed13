/*
** l_lapack.c — torch.gesv, trtrs, gels, symeig, eig, svd, inverse, potrf,
** potrs, potri, pstrf, qr, geqrf, orgqr, ormqr, det, logdet, slogdet.
**
** Every function has Torch7's form (TensorMath.lua):
**     torch.f([res1, ..., resN,] in1, ..., inM [, flag1 [, flag2 ...]] [, number])
** with all the result tensors or none (new ones, of the inputs' type), the
** flags as one-letter strings in a fixed order with defaults, and the
** results returned in order.  The method form is the same function, so
** B:gesv(A) is torch.gesv(B, A) and r:potrf(A) is torch.potrf(r, A), as in
** Torch7.  One table row per function (its spec) drives one parser; the
** C call is a small switch.  Inputs are consecutive on the stack, so the C
** layer's operand numbers map onto stack positions with ltL_check.
**
** Autograd.  The engine's rule table (backward.c) is for the core ops, so
** the backward rules of inverse, gesv, trtrs, gels, potrf, potrs, potri,
** symeig, svd, qr, det, logdet and slogdet are Lua functions (torch/lapack_grad.lua) recorded as
** custom nodes.  The binding stays the function users call (so its error
** messages are unchanged and the no-grad path costs one test per input);
** only when grad mode is on and an input requires grad does it check the
** result tensors it will write (autograd refuses writes into leaves that
** require grad), copy the inputs first (a result may be an input, as in
** Torch7's torch.gesv(b, a, b, a)) and hand inputs, copies and results to
** the Lua recorder, whose return values it returns.  det, logdet and
** slogdet then return one-element tensors, as x:sum() does under autograd.
** The other functions have no backward rule: they raise an error rather
** than return results that silently carry no gradient.
*/
#include "ltorch.h"
#include "lapack.h"
#include "autograd.h"
#include <math.h>
#include <string.h>

enum { GESV, TRTRS, GELS, SYMEIG, EIG, SVD, INVERSE, POTRF, POTRS, POTRI, PSTRF, QR, GEQRF,
       ORGQR, ORMQR, DET, LOGDET, SLOGDET };

typedef struct spec {
    int nres, nin;
    const char *flags[3];       /* allowed letters of each flag, default first */
    const char *what[3];        /* the flag's name in messages */
    int number;                 /* a trailing number (pstrf's tol) is accepted */
    const char *usage;
} spec;

static const spec specs[] = {
    [GESV] = { 2, 2, { 0 }, { 0 }, 0, "([resb, resa,] B, A)" },
    [TRTRS] = { 2, 2, { "UL", "NT", "NU" }, { "uplo", "trans", "diag" }, 0,
                "([resb, resa,] B, A [, 'U' or 'L'] [, 'N' or 'T'] [, 'N' or 'U'])" },
    [GELS] = { 2, 2, { 0 }, { 0 }, 0, "([resb, resa,] B, A)" },
    [SYMEIG] = { 2, 1, { "NV", "UL" }, { "jobz", "uplo" }, 0,
                 "([rese, resv,] A [, 'N' or 'V'] [, 'U' or 'L'])" },
    [EIG] = { 2, 1, { "NV" }, { "jobvr" }, 0, "([rese, resv,] A [, 'N' or 'V'])" },
    [SVD] = { 3, 1, { "SA" }, { "jobu" }, 0, "([resu, ress, resv,] A [, 'S' or 'A'])" },
    [INVERSE] = { 1, 1, { 0 }, { 0 }, 0, "([res,] A)" },
    [POTRF] = { 1, 1, { "UL" }, { "uplo" }, 0, "([res,] A [, 'U' or 'L'])" },
    [POTRS] = { 1, 2, { "UL" }, { "uplo" }, 0, "([res,] B, chol [, 'U' or 'L'])" },
    [POTRI] = { 1, 1, { "UL" }, { "uplo" }, 0, "([res,] chol [, 'U' or 'L'])" },
    [PSTRF] = { 2, 1, { "UL" }, { "uplo" }, 1, "([res, piv,] A [, 'U' or 'L'] [, tol])" },
    [QR] = { 2, 1, { 0 }, { 0 }, 0, "([q, r,] A)" },
    [GEQRF] = { 2, 1, { 0 }, { 0 }, 0, "([m, tau,] A)" },
    [ORGQR] = { 1, 2, { 0 }, { 0 }, 0, "([q,] m, tau)" },
    [ORMQR] = { 1, 3, { "LR", "NT" }, { "side", "trans" }, 0,
                "([res,] m, tau, C [, 'L' or 'R'] [, 'N' or 'T'])" },
    [DET] = { 0, 1, { 0 }, { 0 }, 0, "(A)" },
    [LOGDET] = { 0, 1, { 0 }, { 0 }, 0, "(A)" },
    [SLOGDET] = { 0, 1, { 0 }, { 0 }, 0, "(A)" },
};

typedef struct parsed {
    int res[3], in;             /* stack indices: results (0: new), first input */
    lt_tensor *r[3], *t[3];
    char flag[3];
    double num;
} parsed;

static int usage(lua_State *L, const spec *sp)
{
    luaL_Buffer b;
    int top = lua_gettop(L);
    while (top > 0 && lua_isnil(L, top)) top--;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= top; i++) {
        if (i > 1) luaL_addstring(&b, ", ");
        luaL_addstring(&b, ltL_istensor(L, i) ? "tensor" : luaL_typename(L, i));
    }
    luaL_pushresult(&b);
    return ltL_error(L, "invalid arguments (%s); expected %s", lua_tostring(L, -1), sp->usage);
}

/* Match the arguments against sp; push new results; fill p. */
static void parse(lua_State *L, const spec *sp, int kind, parsed *p)
{
    int top = lua_gettop(L), nt = 0;
    while (top > 0 && lua_isnil(L, top)) top--;
    while (nt < top && ltL_istensor(L, nt + 1)) nt++;
    int given = nt == sp->nres + sp->nin && sp->nres > 0;
    if (nt != sp->nin && !given) usage(L, sp);
    p->in = given ? sp->nres + 1 : 1;
    int i = p->in + sp->nin, nf = 0;
    while (nf < 3 && sp->flags[nf]) nf++;
    for (int f = 0; f < nf; f++) {
        p->flag[f] = sp->flags[f][0];
        if (i <= top && lua_type(L, i) == LUA_TSTRING) {
            const char *s = lua_tostring(L, i);
            if (strlen(s) != 1 || !strchr(sp->flags[f], s[0]))
                luaL_argerror(L, i, lua_pushfstring(L, "%s must be '%c' or '%c', got '%s'",
                                                    sp->what[f], sp->flags[f][0],
                                                    sp->flags[f][1], s));
            p->flag[f] = s[0];
            i++;
        }
    }
    p->num = -1;
    if (sp->number && i <= top && lua_type(L, i) == LUA_TNUMBER) p->num = lua_tonumber(L, i++);
    if (i <= top) usage(L, sp);
    for (int k = 0; k < sp->nin; k++) p->t[k] = ltL_checktensor(L, p->in + k);
    lt_dtype dt = p->t[0]->dtype;
    if (dt != LT_FLOAT && dt != LT_DOUBLE)
        luaL_argerror(L, p->in, lua_pushfstring(L, "torch.FloatTensor or torch.DoubleTensor "
                                                "expected, got %s", ltL_tensor_names[dt]));
    for (int k = 0; k < sp->nres; k++) {
        lt_dtype rdt = kind == PSTRF && k == 1 ? LT_INT : dt;
        if (given) {
            p->res[k] = k + 1;
            p->r[k] = ltL_checktensor_of(L, k + 1, rdt);
        } else {
            p->r[k] = ltL_newtensor(L, rdt);
            p->res[k] = lua_gettop(L);
        }
    }
}

static const char *const names[] = {
    [GESV] = "gesv", [TRTRS] = "trtrs", [GELS] = "gels", [SYMEIG] = "symeig", [EIG] = "eig",
    [SVD] = "svd", [INVERSE] = "inverse", [POTRF] = "potrf", [POTRS] = "potrs",
    [POTRI] = "potri", [PSTRF] = "pstrf", [QR] = "qr", [GEQRF] = "geqrf", [ORGQR] = "orgqr",
    [ORMQR] = "ormqr", [DET] = "det", [LOGDET] = "logdet", [SLOGDET] = "slogdet",
};

static int differentiable(int kind)
{
    return kind == GESV || kind == TRTRS || kind == INVERSE || kind == POTRF || kind == POTRS ||
           kind == POTRI || kind == SYMEIG || kind == SVD || kind == QR || kind == GELS ||
           kind == DET || kind == LOGDET || kind == SLOGDET;
}

static int wants_grad(const spec *sp, const parsed *p)
{
    if (!lt_grad_enabled()) return 0;
    for (int k = 0; k < sp->nin; k++)
        if (lt_requires_grad(p->t[k])) return 1;
    return 0;
}

/* Under autograd, before computing: refuse what cannot be recorded and
** push copies of the inputs (the recorder saves them for backward). */
static void grad_prepare(lua_State *L, int kind, const spec *sp, const parsed *p)
{
    if (!differentiable(kind))
        ltL_error(L, "no backward rule (autograd differentiates gesv, trtrs, gels, inverse, "
                  "potrf, potrs, potri, symeig, svd, qr, det, logdet and slogdet); call it "
                  "on x:detach() or inside torch.noGrad");
    for (int k = 0; k < sp->nres; k++)
        if (p->res[k] <= sp->nres) ltL_ag_prewrite(L, p->r[k], names[kind], p->res[k]);
    for (int k = 0; k < sp->nin; k++) {
        lt_tensor *c = ltL_newtensor(L, p->t[k]->dtype);
        ltL_check(L, lt_clone(c, p->t[k]), p->in + k);
    }
}

/* After computing: call require('torch.lapack_grad')[name](flags, inputs,
** copies, results) and return what it returns.  copies start at cbase;
** results are the tensors at p->res (or the numbers already pushed). */
static int grad_record(lua_State *L, int kind, const spec *sp, const parsed *p, int cbase,
                       int nnum)
{
    int top = lua_gettop(L);
    /* package.loaded first: a user's global require may have been replaced */
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    if (lua_getfield(L, -1, "torch.lapack_grad") != LUA_TTABLE) {
        lua_pop(L, 2);
        lua_getglobal(L, "require");
        lua_pushliteral(L, "torch.lapack_grad");
        lua_call(L, 1, 1);
    }
    lua_getfield(L, -1, names[kind]);
    size_t nf = 0;
    while (nf < 3 && p->flag[nf]) nf++;
    lua_pushlstring(L, p->flag, nf);
    lua_createtable(L, sp->nin, 0);
    for (int k = 0; k < sp->nin; k++) {
        lua_pushvalue(L, p->in + k);
        lua_rawseti(L, -2, k + 1);
    }
    lua_createtable(L, sp->nin, 0);
    for (int k = 0; k < sp->nin; k++) {
        lua_pushvalue(L, cbase + k);
        lua_rawseti(L, -2, k + 1);
    }
    int nr = nnum ? nnum : sp->nres;
    lua_createtable(L, nr, 0);
    for (int k = 0; k < nr; k++) {
        lua_pushvalue(L, nnum ? top - nnum + 1 + k : p->res[k]);
        lua_rawseti(L, -2, k + 1);
    }
    lua_call(L, 4, nr);
    return nr;
}

static int l_lapack(lua_State *L)
{
    int kind = (int)lua_tointeger(L, lua_upvalueindex(1));
    const spec *sp = &specs[kind];
    parsed p = { 0 };
    parse(L, sp, kind, &p);
    int grad = wants_grad(sp, &p), cbase = lua_gettop(L) + 1;
    if (grad) grad_prepare(L, kind, sp, &p);
    lt_tensor **r = p.r, **t = p.t;
    const char *fl = p.flag;
    lt_status st = LT_OK;
    double d1 = 0, d2 = 0;
    switch (kind) {
    case GESV: st = lt_gesv(r[0], r[1], t[0], t[1]); break;
    case TRTRS: st = lt_trtrs(r[0], r[1], t[0], t[1], fl[0], fl[1], fl[2]); break;
    case GELS: st = lt_gels(r[0], r[1], t[0], t[1]); break;
    case SYMEIG: st = lt_symeig(r[0], r[1], t[0], fl[0], fl[1]); break;
    case EIG: st = lt_eig(r[0], r[1], t[0], fl[0]); break;
    case SVD: st = lt_svd(r[0], r[1], r[2], t[0], fl[0]); break;
    case INVERSE: st = lt_inverse(r[0], t[0]); break;
    case POTRF: st = lt_potrf(r[0], t[0], fl[0]); break;
    case POTRS: st = lt_potrs(r[0], t[0], t[1], fl[0]); break;
    case POTRI: st = lt_potri(r[0], t[0], fl[0]); break;
    case PSTRF: st = lt_pstrf(r[0], r[1], t[0], fl[0], p.num); break;
    case QR: st = lt_qr(r[0], r[1], t[0]); break;
    case GEQRF: st = lt_geqrf(r[0], r[1], t[0]); break;
    case ORGQR: st = lt_orgqr(r[0], t[0], t[1]); break;
    case ORMQR: st = lt_ormqr(r[0], t[0], t[1], t[2], fl[0], fl[1]); break;
    case DET: st = lt_det(t[0], &d1); break;
    case LOGDET: case SLOGDET: st = lt_slogdet(t[0], &d1, &d2); break;
    }
    ltL_check(L, st, p.in);
    int nnum = 0;
    switch (kind) {
    case DET: lua_pushnumber(L, d1); nnum = 1; break;
    /* PyTorch's logdet: NaN for a negative determinant, -inf for zero */
    case LOGDET: lua_pushnumber(L, d1 < 0 ? NAN : d2); nnum = 1; break;
    case SLOGDET: lua_pushnumber(L, d1); lua_pushnumber(L, d2); nnum = 2; break;
    }
    if (grad) return grad_record(L, kind, sp, &p, cbase, nnum);
    if (nnum) return nnum;
    for (int k = 0; k < sp->nres; k++) lua_pushvalue(L, p.res[k]);
    return sp->nres;
}

static const ltL_RegOp funcs[] = {
    { "gesv", l_lapack, GESV }, { "trtrs", l_lapack, TRTRS }, { "gels", l_lapack, GELS },
    { "symeig", l_lapack, SYMEIG }, { "eig", l_lapack, EIG }, { "svd", l_lapack, SVD },
    { "inverse", l_lapack, INVERSE }, { "potrf", l_lapack, POTRF },
    { "potrs", l_lapack, POTRS }, { "potri", l_lapack, POTRI }, { "pstrf", l_lapack, PSTRF },
    { "qr", l_lapack, QR }, { "geqrf", l_lapack, GEQRF }, { "orgqr", l_lapack, ORGQR },
    { "ormqr", l_lapack, ORMQR }, { "det", l_lapack, DET }, { "logdet", l_lapack, LOGDET },
    { "slogdet", l_lapack, SLOGDET }, { NULL, NULL, 0 }
};

void ltL_open_lapack(lua_State *L, int torch)
{
    ltL_addfuncs_op(L, torch, funcs);
    /* methods on every type, so an IntTensor gets the type error, not a nil call */
    ltL_addmethods_op(L, funcs);
}
