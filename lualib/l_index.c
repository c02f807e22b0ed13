/*
** l_index.c — indexing functions and Torch7's indexing syntax.
**
** Functions (Torch7's names and argument orders):
**   torch.index([res,] src, dim, idx)    x:index(dim, idx)  res:index(src, dim, idx)
**   x:indexCopy(dim, idx, src)  x:indexAdd(dim, idx, src)  x:indexFill(dim, idx, v)
**   torch.gather([res,] src, dim, idx)   x:gather(dim, idx)  res:gather(src, dim, idx)
**   x:scatter(dim, idx, src|v)
**   torch.maskedSelect([res,] src, mask) x:maskedSelect(mask)
**   x:maskedCopy(mask, src)  x:maskedFill(mask, v)
**   torch.nonzero([res,] x)              x:nonzero()
**   torch.cat([res,] a, b [, dim])       torch.cat([res,] {a, b, ...} [, dim])
** In-place methods return self; the others return their result.
**
** The syntax, through the hooks l_tensor.c's __index/__newindex call for
** keys that are neither strings nor numbers:
**   t[{ 2, {1,3}, {}, {-1} }]  a table, one entry per leading dimension: a
**        number selects (the dimension goes away), {a,b} narrows to a..b
**        inclusive, {a} to the single index a (the dimension stays), {}
**        keeps the dimension; negative indices count from the end.  When
**        every dimension is selected by a number the result is a number,
**        else a view sharing t's storage.
**   t[{...}] = number | tensor   fills / copies into that view
**   t[mask]  (ByteTensor)   maskedSelect;  t[mask] = number | tensor
**   t[idx]   (LongTensor)   index along dimension 1;  t[idx] = number | tensor
**   t[LongStorage]          one element (Torch7), = number sets it
** Anything else is a clear error naming the entry and the value: indices
** are integers, never truncated, and checked before anything is read or
** written.
*/
#include "ltorch.h"
#include "autograd.h"
#include <stdbool.h>
#include <string.h>

/* Raise a failed lt_* call from the indexing syntax: the message alone (the
** hooks are metamethods, which have no useful function name). */
static void check(lua_State *L, lt_status st)
{
    if (st == LT_OK) return;
    if (st == LT_ECANCEL) ltL_check(L, st, 0);
    luaL_error(L, "%s", lt_errmsg());
}

/* ------------------------------------------------- argument helpers */
static lt_tensor *tensor_at(lua_State *L, int i)
{
    return ltL_istensor(L, i) ? ltL_checktensor(L, i) : NULL;
}

/* The result for torch.f([res,] src, ...): returns the stack index of src;
** *res is the given result or a new one (pushed) of dtype dt. */
static lt_tensor *result_of(lua_State *L, int given, lt_dtype dt, int *ridx)
{
    if (given) {
        *ridx = 1;
        return ltL_checktensor_of(L, 1, dt);
    }
    lt_tensor *r = ltL_newtensor(L, dt);
    *ridx = lua_gettop(L);
    return r;
}

/* Writes autograd cannot follow (indexFill, maskedCopy, t[k] = v ...): an
** error when the destination or the source requires grad, in grad mode. */
static void nondiff_write(lua_State *L, const char *name, const lt_tensor *t, const lt_tensor *src)
{
    ltL_ag_prewrite(L, t, name, 1);
    if (ltL_ag_wants(t, src))
        luaL_error(L, "%s: this in-place write is not differentiable and a tensor involved "
                   "requires grad (use torch.noGrad, or build a new tensor)", name);
}

static void rec_index(lua_State *L, int op, lt_tensor *r, const lt_tensor *src,
                      const lt_tensor *extra, int dim, int arg)
{
    if (!(src->autograd || r->autograd)) return;
    int64_t d64 = dim;
    ltL_check(L, ltL_ag_record1(op, r, src, extra, lt_scalar_i(0), 1, &d64), arg);
}

/* ------------------------------------------------------- index family */
/* index / gather: ([res,] src, dim, idx) */
typedef lt_status (*select_fn)(lt_tensor *, const lt_tensor *, int, const lt_tensor *);

static int select_common(lua_State *L, select_fn fn)
{
    int s = tensor_at(L, 2) ? 2 : 1, ridx;
    lt_tensor *src = ltL_checktensor(L, s);
    int dim = ltL_checkdim(L, s + 1, src->ndim);
    lt_tensor *idx = ltL_checktensor(L, s + 2);
    lt_tensor *r = result_of(L, s == 2, src->dtype, &ridx);
    if (s == 2) ltL_ag_prewrite(L, r, fn == lt_gather ? "gather" : "index", 1);
    ltL_check(L, fn(r, src, dim, idx), s);
    rec_index(L, fn == lt_gather ? LT_OP_GATHER : LT_OP_INDEX, r, src, idx, dim, s);
    lua_pushvalue(L, ridx);
    return 1;
}

static int l_index(lua_State *L) { return select_common(L, lt_index_select); }
static int l_gather(lua_State *L) { return select_common(L, lt_gather); }

/* indexCopy / indexAdd / scatter: x:f(dim, idx, src); indexFill and
** scatter with a number: x:f(dim, idx, value) */
typedef lt_status (*write_fn)(lt_tensor *, int, const lt_tensor *, const lt_tensor *);
typedef lt_status (*fill_fn)(lt_tensor *, int, const lt_tensor *, lt_scalar);

static int write_common(lua_State *L, write_fn wf, fill_fn ff)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    int dim = ltL_checkdim(L, 2, t->ndim);
    lt_tensor *idx = ltL_checktensor(L, 3);
    int scatter = wf == lt_scatter;
    const char *name = scatter ? "scatter" : wf == lt_index_copy ? "indexCopy" :
                       wf == lt_index_add ? "indexAdd" : "indexFill";
    lt_tensor *vsrc = ltL_totensor(L, 4);
    if (scatter) ltL_ag_prewrite(L, t, name, 1);
    else if (t->autograd || (vsrc && vsrc->autograd)) nondiff_write(L, name, t, vsrc);
    if (ff && (!wf || lua_type(L, 4) == LUA_TNUMBER)) {
        ltL_check(L, ff(t, dim, idx, ltL_checkscalar(L, 4)), 1);
        if (scatter && t->autograd) {
            const lt_tensor *in[1] = { t };
            int64_t d64 = dim;
            ltL_check(L, lt_ag_record(LT_OP_SCATTER, t, 1, in, NULL, idx, lt_scalar_i(0),
                                      lt_scalar_i(0), 1, &d64), 1);
        }
    } else {
        lt_tensor *src = ltL_istensor(L, 4) || !ff ? ltL_checktensor(L, 4) : NULL;
        if (!src)
            return luaL_argerror(L, 4, lua_pushfstring(L, "tensor or number expected, got %s",
                                                       ltL_typename(L, 4)));
        ltL_check(L, wf(t, dim, idx, src), 1);
        if (scatter && (t->autograd || src->autograd)) {
            const lt_tensor *in[2] = { t, src };
            int64_t d64 = dim;
            ltL_check(L, lt_ag_record(LT_OP_SCATTER, t, 2, in, NULL, idx, lt_scalar_i(0),
                                      lt_scalar_i(0), 1, &d64), 1);
        }
    }
    lua_settop(L, 1);
    return 1;
}

static int l_indexcopy(lua_State *L) { return write_common(L, lt_index_copy, NULL); }
static int l_indexadd(lua_State *L) { return write_common(L, lt_index_add, NULL); }
static int l_indexfill(lua_State *L) { return write_common(L, NULL, lt_index_fill); }
static int l_scatter(lua_State *L) { return write_common(L, lt_scatter, lt_scatter_fill); }

/* --------------------------------------------------------------- masks */
static int l_maskedselect(lua_State *L)
{
    int s = tensor_at(L, 3) ? 2 : 1, ridx;
    lt_tensor *src = ltL_checktensor(L, s);
    lt_tensor *mask = ltL_checktensor(L, s + 1);
    lt_tensor *r = result_of(L, s == 2, src->dtype, &ridx);
    if (s == 2) ltL_ag_prewrite(L, r, "maskedSelect", 1);
    ltL_check(L, lt_masked_select(r, src, mask), s);
    rec_index(L, LT_OP_MSELECT, r, src, mask, 0, s);
    lua_pushvalue(L, ridx);
    return 1;
}

static int l_maskedcopy(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    lt_tensor *mask = ltL_checktensor(L, 2);
    lt_tensor *src = ltL_checktensor(L, 3);
    if (t->autograd || src->autograd) nondiff_write(L, "maskedCopy", t, src);
    ltL_check(L, lt_masked_copy(t, mask, src), 1);
    lua_settop(L, 1);
    return 1;
}

static int l_maskedfill(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    lt_tensor *mask = ltL_checktensor(L, 2);
    if (t->autograd) nondiff_write(L, "maskedFill", t, NULL);
    ltL_check(L, lt_masked_fill(t, mask, ltL_checkscalar(L, 3)), 1);
    lua_settop(L, 1);
    return 1;
}

/* nonzero([res,] x): res is a LongTensor */
static int l_nonzero(lua_State *L)
{
    int s = tensor_at(L, 2) ? 2 : 1, ridx;
    lt_tensor *x = ltL_checktensor(L, s);
    lt_tensor *r = result_of(L, s == 2, LT_LONG, &ridx);
    ltL_check(L, lt_nonzero(r, x), s);
    lua_pushvalue(L, ridx);
    return 1;
}

/* ----------------------------------------------------------------- cat */
/* cat([res,] a, b [, dim]) | cat([res,] {a, b, ...} [, dim]) */
static int l_cat(lua_State *L)
{
    const lt_tensor *in[256];
    lt_tensor **many = NULL;
    int n = 0, res = 0, list, dimarg;
    if (lua_istable(L, 1) && !ltL_istensor(L, 1)) {
        list = 1;
    } else if (ltL_istensor(L, 1) && lua_istable(L, 2) && !ltL_istensor(L, 2)) {
        res = 1;
        list = 2;
    } else {
        list = 0;
    }
    if (list) {
        dimarg = list + 1;
        n = (int)lua_rawlen(L, list);
        if (n == 0) return luaL_argerror(L, list, "no tensors to concatenate");
        if (n > 256) {   /* scratch space above the arguments, dropped with the stack */
            lua_settop(L, dimarg);
            many = lua_newuserdatauv(L, sizeof(lt_tensor *) * (size_t)n, 0);
        }
        for (int i = 1; i <= n; i++) {
            lua_rawgeti(L, list, i);
            lt_tensor *t = ltL_totensor(L, -1);
            if (!ltL_istensor(L, -1)) {
                const char *tn = ltL_typename(L, -1);
                return luaL_argerror(L, list, lua_pushfstring(L, "entry %d is a %s, expected a "
                                                              "tensor", i, tn));
            }
            if (!t)
                return luaL_argerror(L, list, lua_pushfstring(L, "entry %d: tensor was closed "
                                                              "(<close> or :free())", i));
            lua_pop(L, 1);   /* the table keeps it alive */
            if (many) many[i - 1] = t;
            else in[i - 1] = t;
        }
    } else {
        int k = 1;
        while (k <= 3 && ltL_istensor(L, k)) k++;
        int nt = k - 1;
        if (nt < 2)
            return ltL_error(L, "invalid arguments: expected ([result,] tensor, tensor "
                             "[, dim]) or ([result,] {tensors...} [, dim])");
        res = nt == 3;
        n = 2;
        in[0] = ltL_checktensor(L, res + 1);
        in[1] = ltL_checktensor(L, res + 2);
        dimarg = res + 3;
    }
    const lt_tensor *const *inputs = many ? (const lt_tensor *const *)many : in;
    int maxnd = 0;
    for (int i = 0; i < n; i++)
        if (inputs[i]->ndim > maxnd) maxnd = inputs[i]->ndim;
    int dim = -1;
    if (!lua_isnoneornil(L, dimarg)) {
        int64_t d = ltL_checkinteger(L, dimarg);
        if (d == 0 || d < -(int64_t)(maxnd > 0 ? maxnd : 1) || d > LT_MAXDIM)
            return luaL_argerror(L, dimarg, lua_pushfstring(L, "dimension %I out of range "
                                                            "(expected 1 to %d, or -1 to -%d)",
                                                            (lua_Integer)d, LT_MAXDIM,
                                                            maxnd > 0 ? maxnd : 1));
        dim = d > 0 ? (int)d - 1 : (int)d;
    }
    int ridx;
    lt_tensor *r = result_of(L, res, inputs[0]->dtype, &ridx);
    int ag = r->autograd != NULL;
    for (int i = 0; i < n && !ag; i++) ag = inputs[i]->autograd != NULL;
    if (res && ag) ltL_ag_prewrite(L, r, "cat", 1);
    lt_status st = lt_cat(r, n, inputs, dim);
    if (st != LT_OK && st != LT_ECANCEL) {
        int a = lt_errarg();
        if (list) return luaL_argerror(L, a == n + 1 ? dimarg : list, lt_errmsg());
        if (a >= 1 && a <= 2) return luaL_argerror(L, res + a, lt_errmsg());
        if (a == 3) return luaL_argerror(L, dimarg, lt_errmsg());
    }
    ltL_check(L, st, 0);
    if (ag && r->ndim > 0) {
        /* the gradient of input i is g narrowed along the cat dim */
        int64_t iv[LT_AG_NIV];
        int rd = dim >= 0 ? dim : maxnd + dim;
        if (1 + 2 * n > LT_AG_NIV) {
            for (int i = 0; i < n; i++)
                if (ltL_ag_wants(inputs[i], NULL))
                    return ltL_error(L, "cat of more than %d tensors is not differentiable yet",
                                     (LT_AG_NIV - 1) / 2);
        } else {
            int64_t off = 0;
            iv[0] = rd;
            for (int i = 0; i < n; i++) {
                const lt_tensor *t = inputs[i];
                int empty = t->ndim == 0 || (t->ndim == 1 && t->size[0] == 0);
                int64_t len = empty ? 0 : rd < t->ndim ? t->size[rd] : 1;
                iv[1 + i] = off;
                iv[1 + n + i] = len;
                off += len;
            }
            ltL_check(L, lt_ag_record(LT_OP_CAT, r, n, inputs, NULL, NULL, lt_scalar_i(0),
                                      lt_scalar_i(0), 1 + 2 * n, iv), 0);
        }
    }
    lua_pushvalue(L, ridx);
    return 1;
}

/* ---------------------------------------------------- indexing syntax */
/* A view of t on the C stack: shares t's storage without a reference,
** valid while t is (t stays on the Lua stack throughout). */
static void view_of(lt_tensor *v, const lt_tensor *t)
{
    *v = *t;
    v->refcount = 1;
    v->autograd = NULL;
}

static void drop_dim(lt_tensor *v, int d, int64_t i)
{
    v->offset += i * v->stride[d];
    for (int e = d; e < v->ndim - 1; e++) {
        v->size[e] = v->size[e + 1];
        v->stride[e] = v->stride[e + 1];
    }
    v->ndim--;
}

/* The integer at the top of the stack (entry `entry` of the key), or an
** error naming it. */
static int64_t key_integer(lua_State *L, int entry, const char *what)
{
    int ok;
    lua_Integer k = lua_tointegerx(L, -1, &ok);
    if (ok && lua_type(L, -1) == LUA_TNUMBER) return k;
    if (lua_type(L, -1) == LUA_TNUMBER)
        luaL_error(L, "invalid index entry %d: %s must be an integer, got %s", entry, what,
                   luaL_tolstring(L, -1, NULL));
    luaL_error(L, "invalid index entry %d: %s must be an integer, got %s", entry, what,
               ltL_typename(L, -1));
    return 0;
}

/* 1-based (negative from the end) -> 0-based, checked against size */
static int64_t key_position(lua_State *L, int64_t k, int64_t size, int dimno)
{
    int64_t j = k < 0 ? k + size + 1 : k;
    if (j < 1 || j > size)
        luaL_error(L, "index %I out of range for dimension %d of size %I", (lua_Integer)k, dimno,
                   (lua_Integer)size);
    return j - 1;
}

/* Apply the table key at stack index `key` to v (a view of t).  Returns
** true when every dimension was selected by a number (v is then 0-D: the
** element at v->offset). */
static bool apply_table(lua_State *L, int key, lt_tensor *v)
{
    int ndim = v->ndim, cdim = 0;
    lua_Integer n = (lua_Integer)lua_rawlen(L, key);
    if (n > ndim)
        luaL_error(L, "too many indices for a %dD tensor (%I given)", ndim, n);
    for (int e = 1; e <= n; e++) {
        int kt = lua_rawgeti(L, key, e);
        if (kt == LUA_TNUMBER) {
            int64_t i = key_position(L, key_integer(L, e, "the index"), v->size[cdim], e);
            drop_dim(v, cdim, i);
        } else if (kt == LUA_TTABLE && !ltL_istensor(L, -1)) {
            int r = lua_gettop(L);
            lua_Integer len = (lua_Integer)lua_rawlen(L, r);
            if (len > 2)
                luaL_error(L, "invalid index entry %d: a range is {first, last}, got %I elements",
                           e, len);
            int64_t size = v->size[cdim], a = 0, b = size - 1;
            bool has_a = lua_rawgeti(L, r, 1) != LUA_TNIL;
            if (has_a) a = b = key_position(L, key_integer(L, e, "the first index"), size, e);
            lua_pop(L, 1);
            bool has_b = lua_rawgeti(L, r, 2) != LUA_TNIL;
            if (has_b) {
                b = key_position(L, key_integer(L, e, "the last index"), size, e);
                if (b < a)
                    luaL_error(L, "invalid index entry %d: range {%I, %I} ends before it starts",
                               e, (lua_Integer)a + 1, (lua_Integer)b + 1);
            }
            lua_pop(L, 1);
            if (has_a || has_b) {   /* {} keeps the dimension, even of size 0 */
                v->offset += a * v->stride[cdim];
                v->size[cdim] = b - a + 1;
            }
            cdim++;
        } else {
            luaL_error(L, "invalid index entry %d: a number or a table expected, got %s", e,
                       ltL_typename(L, -1));
        }
        lua_pop(L, 1);
    }
    return ndim > 0 && v->ndim == 0;
}

/* t[LongStorage]: one index per dimension */
static void apply_storage(lua_State *L, const lt_storage *s, lt_tensor *v)
{
    if (s->dtype != LT_LONG)
        luaL_error(L, "a tensor cannot be indexed with a %s", ltL_storage_names[s->dtype]);
    if (s->size != v->ndim || v->ndim == 0)
        luaL_error(L, "index storage has %I entries for a %dD tensor", (lua_Integer)s->size,
                   v->ndim);
    const int64_t *k = s->data;
    int nd = v->ndim;
    for (int d = 0; d < nd; d++)
        drop_dim(v, 0, key_position(L, k[d], v->size[0], d + 1));
}

static void push_element(lua_State *L, const lt_tensor *v)
{
    const char *p = (const char *)v->storage->data + (size_t)v->offset * lt_elsize(v);
    const lt_dtype_traits *tr = &lt_dtypes[v->dtype];
    ltL_pushnumber(L, v->dtype, tr->is_float ? tr->get(p) : 0, tr->is_float ? 0 : tr->geti(p));
}

static void bad_key_tensor(lua_State *L, const lt_tensor *k)
{
    luaL_error(L, "a tensor index must be a torch.LongTensor (indices) or a torch.ByteTensor "
               "(mask), got a %s", ltL_tensor_names[k->dtype]);
}

int ltL_index_get(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    lt_tensor v;
    int kt = lua_type(L, 2);
    if (kt == LUA_TTABLE && !ltL_istensor(L, 2)) {
        view_of(&v, t);
        bool element = apply_table(L, 2, &v);
        if (element) {
            check(L, lt_check_bounds(t));
            push_element(L, &v);
        } else {
            lt_tensor *r = ltL_newtensor(L, t->dtype);
            lt_set(r, &v);
            if (t->autograd) check(L, lt_ag_record_view(LT_AG_VIEW, r, t));
        }
        return 1;
    }
    if (kt != LUA_TUSERDATA) return 0;
    if (ltL_istensor(L, 2)) {
        lt_tensor *k = ltL_checktensor(L, 2);
        lt_tensor *r = ltL_newtensor(L, t->dtype);
        if (k->dtype == LT_BYTE) check(L, lt_masked_select(r, t, k));
        else if (k->dtype == LT_LONG) check(L, lt_index_select(r, t, 0, k));
        else bad_key_tensor(L, k);
        if (t->autograd)
            check(L, ltL_ag_record1(k->dtype == LT_BYTE ? LT_OP_MSELECT : LT_OP_INDEX, r, t, k,
                                    lt_scalar_i(0), 1, (const int64_t[]){ 0 }));
        return 1;
    }
    lt_storage *s = ltL_tostorage(L, 2);
    if (!s) return 0;
    view_of(&v, t);
    apply_storage(L, s, &v);
    check(L, lt_check_bounds(t));
    push_element(L, &v);
    return 1;
}

/* v = value: a number fills, a tensor (any type, same element count) copies */
static void assign(lua_State *L, lt_tensor *v, int value)
{
    if (lua_type(L, value) == LUA_TNUMBER) {
        check(L, lt_fill(v, ltL_checkscalar(L, value)));
    } else if (ltL_istensor(L, value)) {
        check(L, lt_copy(v, ltL_checktensor(L, value)));
    } else {
        luaL_error(L, "cannot assign a %s to a tensor: a number or a tensor expected",
                   ltL_typename(L, value));
    }
}

static void as_element(lt_tensor *v)
{
    v->ndim = 1;
    v->size[0] = 1;
    v->stride[0] = 1;
}

int ltL_index_set(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    lt_tensor v;
    lt_tensor *vsrc = ltL_totensor(L, 3);
    int ag = t->autograd || (vsrc && vsrc->autograd);
    int kt = lua_type(L, 2);
    if (kt == LUA_TTABLE && !ltL_istensor(L, 2)) {
        if (ag) ltL_ag_prewrite(L, t, "indexing assignment", 0);
        view_of(&v, t);
        if (apply_table(L, 2, &v)) as_element(&v);
        assign(L, &v, 3);
        if (ag) check(L, lt_ag_record_setview(t, &v, vsrc));
        return 0;
    }
    if (ag && ltL_istensor(L, 2)) nondiff_write(L, "indexing assignment", t, vsrc);
    if (ltL_istensor(L, 2)) {
        lt_tensor *k = ltL_checktensor(L, 2);
        if (k->dtype != LT_BYTE && k->dtype != LT_LONG) bad_key_tensor(L, k);
        if (lua_type(L, 3) == LUA_TNUMBER) {
            lt_scalar s = ltL_checkscalar(L, 3);
            check(L, k->dtype == LT_BYTE ? lt_masked_fill(t, k, s) : lt_index_fill(t, 0, k, s));
        } else if (ltL_istensor(L, 3)) {
            lt_tensor *src = ltL_checktensor(L, 3);
            check(L, k->dtype == LT_BYTE ? lt_masked_copy(t, k, src)
                                         : lt_index_copy(t, 0, k, src));
        } else {
            luaL_error(L, "cannot assign a %s to a tensor: a number or a tensor expected",
                       ltL_typename(L, 3));
        }
        return 0;
    }
    lt_storage *s = ltL_tostorage(L, 2);
    if (s) {
        if (ag) ltL_ag_prewrite(L, t, "indexing assignment", 0);
        view_of(&v, t);
        apply_storage(L, s, &v);
        as_element(&v);
        if (lua_type(L, 3) != LUA_TNUMBER)
            luaL_error(L, "cannot assign a %s to a tensor element: a number expected",
                       ltL_typename(L, 3));
        assign(L, &v, 3);
        if (ag) check(L, lt_ag_record_setview(t, &v, NULL));
        return 0;
    }
    return luaL_error(L, "a tensor cannot be indexed with a %s", ltL_typename(L, 2));
}

/* --------------------------------------------------------- registration */
static const luaL_Reg methods[] = {
    { "index", l_index }, { "indexSelect", l_index }, { "indexCopy", l_indexcopy },
    { "indexAdd", l_indexadd },
    { "indexFill", l_indexfill }, { "gather", l_gather }, { "scatter", l_scatter },
    { "maskedSelect", l_maskedselect }, { "maskedCopy", l_maskedcopy },
    { "maskedFill", l_maskedfill }, { "nonzero", l_nonzero }, { "cat", l_cat },
    { NULL, NULL }
};

void ltL_open_index(lua_State *L, int torch)
{
    ltL_addmethods(L, methods);
    ltL_addfuncs(L, torch, methods);
}
