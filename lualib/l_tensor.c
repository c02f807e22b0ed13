/*
** l_tensor.c — the tensor types: metatables, userdata, constructors,
** metadata, views, copy/fill/conversions and element indexing.
**
** Seven tensor types share one set of C methods; each has its own
** metatable (identity and name) and method table (torch.FloatTensor ...,
** extensible from Lua).  __index is a C function: string keys go to the
** method table, integers select (t[i]), and other keys (tables, masks,
** LongTensors) go to l_index.c.  Metatable pointers are cached so a type
** check is a pointer comparison, not a registry lookup.
*/
#include "ltorch.h"
#include "autograd.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *const ltL_tensor_names[LT_NDTYPES] = {
    "torch.ByteTensor", "torch.CharTensor", "torch.ShortTensor", "torch.IntTensor",
    "torch.LongTensor", "torch.FloatTensor", "torch.DoubleTensor"
};

static char mt_keys[LT_NDTYPES];        /* registry keys (addresses) of metatables */
static char methods_keys[LT_NDTYPES];   /* ... and of method tables */
static char default_key;

void ltL_push_tensor_mt(lua_State *L, lt_dtype dt) { lua_rawgetp(L, LUA_REGISTRYINDEX, &mt_keys[dt]); }
void ltL_push_methods(lua_State *L, lt_dtype dt) { lua_rawgetp(L, LUA_REGISTRYINDEX, &methods_keys[dt]); }

lt_dtype ltL_default_dtype(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &default_key);
    lt_dtype dt = lua_isinteger(L, -1) ? (lt_dtype)lua_tointeger(L, -1) : LT_DOUBLE;
    lua_pop(L, 1);
    return dt;
}

/* --------------------------------------------------------------- errors */
/* The name the running C function was called by, or NULL if unknown. */
static const char *fname(lua_State *L)
{
    lua_Debug ar;
    if (lua_getstack(L, 0, &ar) && lua_getinfo(L, "n", &ar) && ar.name) return ar.name;
    return NULL;
}

int ltL_error(lua_State *L, const char *fmt, ...)
{
    char msg[1024];
    const char *name = fname(L);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    luaL_where(L, 1);
    if (name) lua_pushfstring(L, "%s: %s", name, msg);
    else lua_pushstring(L, msg);
    lua_concat(L, 2);
    return lua_error(L);
}

void ltL_check(lua_State *L, lt_status st, int first)
{
    if (st == LT_OK) return;
    if (st == LT_ECANCEL) {
        lt_cancel_clear();
        luaL_error(L, "interrupted!");
    }
    int arg = lt_errarg();
    if (arg > 0 && first > 0 && first + arg - 1 <= lua_gettop(L))
        luaL_argerror(L, first + arg - 1, lt_errmsg());
    ltL_error(L, "%s", lt_errmsg());
}

/* "invalid arguments (torch.FloatTensor, number, nil); expected <usage>":
** the arguments' real types (trailing nils dropped), as Torch7 listed them. */
int ltL_usage(lua_State *L, const char *expected)
{
    int top = lua_gettop(L);
    while (top > 0 && lua_isnil(L, top)) top--;
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= top && i <= 16; i++) {
        if (i > 1) luaL_addstring(&b, ", ");
        luaL_addstring(&b, ltL_istensor(L, i) ? ltL_typename(L, i) : luaL_typename(L, i));
    }
    if (top > 16) luaL_addstring(&b, ", ...");
    luaL_pushresult(&b);
    return ltL_error(L, "invalid arguments (%s); expected %s", lua_tostring(L, -1), expected);
}

const char *ltL_typename(lua_State *L, int idx)
{
    lt_tensor *t = ltL_totensor(L, idx);
    if (t) return ltL_tensor_names[t->dtype];
    lt_storage *s = ltL_tostorage(L, idx);
    if (s) return ltL_storage_names[s->dtype];
    int mt = luaL_getmetafield(L, idx, "__typename");   /* pushes nothing if absent */
    if (mt == LUA_TSTRING) {
        const char *n = lua_tostring(L, -1);
        lua_pop(L, 1);
        return n;   /* kept alive by the metatable */
    }
    if (mt != LUA_TNIL) lua_pop(L, 1);
    return luaL_typename(L, idx);
}

/* -------------------------------------------------------------- userdata */
static ltL_tensor *toud(lua_State *L, int idx)
{
    /* NULL for non-userdata; light userdata have rawlen 0 */
    ltL_tensor *u = lua_touserdata(L, idx);
    if (!u || lua_rawlen(L, idx) != sizeof(ltL_tensor)) return NULL;
    return u->magic == LTL_TENSOR_MAGIC ? u : NULL;
}

int ltL_istensor(lua_State *L, int idx) { return toud(L, idx) != NULL; }
ltL_tensor *ltL_touserdata(lua_State *L, int idx) { return toud(L, idx); }

lt_tensor *ltL_totensor(lua_State *L, int idx)
{
    ltL_tensor *u = toud(L, idx);
    return u ? u->t : NULL;
}

lt_tensor *ltL_checktensor(lua_State *L, int idx)
{
    ltL_tensor *u = toud(L, idx);
    if (!u) {
        const char *msg = lua_pushfstring(L, "tensor expected, got %s", ltL_typename(L, idx));
        luaL_argerror(L, idx, msg);
    }
    if (!u->t) luaL_argerror(L, idx, "tensor was closed (<close> or :free())");
    return u->t;
}

lt_tensor *ltL_checktensor_of(lua_State *L, int idx, lt_dtype dt)
{
    lt_tensor *t = ltL_checktensor(L, idx);
    if (t->dtype != dt) {
        const char *msg = lua_pushfstring(L, "%s expected, got %s", ltL_tensor_names[dt],
                                          ltL_tensor_names[t->dtype]);
        luaL_argerror(L, idx, msg);
    }
    return t;
}

/* GC accounting: the library reports its allocations here; the debt is
** paid to Lua's collector when the next userdata is pushed, a safe point
** (no C code holds unreferenced tensors then). */
static size_t gc_pending;
static lua_State *gc_state;

static void mem_notify(void *ud, size_t bytes)
{
    (void)ud;
    gc_pending += bytes;
}

static int mem_retry(void *ud, size_t bytes)
{
    (void)ud;
    (void)bytes;
    if (!gc_state) return 0;
    lua_gc(gc_state, LUA_GCCOLLECT);
    return 1;
}

static void gc_settle(lua_State *L)
{
    if (gc_pending >= 1024) {
        int kb = gc_pending > (size_t)1 << 40 ? 1 << 30 : (int)(gc_pending >> 10);
        gc_pending &= 1023;
        lua_gc(L, LUA_GCSTEP, kb);
    }
}

void ltL_pushtensor(lua_State *L, lt_tensor *t)
{
    ltL_tensor *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->t = NULL;
    u->magic = LTL_TENSOR_MAGIC;
    ltL_push_tensor_mt(L, t->dtype);
    lua_setmetatable(L, -2);
    u->t = t;
    gc_state = L;
    gc_settle(L);
}

lt_tensor *ltL_newtensor(lua_State *L, lt_dtype dt)
{
    ltL_tensor *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->t = NULL;
    u->magic = LTL_TENSOR_MAGIC;
    ltL_push_tensor_mt(L, dt);
    lua_setmetatable(L, -2);
    gc_state = L;
    u->t = lt_tensor_new(dt);
    if (!u->t) {
        lua_gc(L, LUA_GCCOLLECT);
        u->t = lt_tensor_new(dt);
        if (!u->t) luaL_error(L, "not enough memory");
    }
    gc_pending += sizeof(lt_tensor);
    gc_settle(L);
    return u->t;
}

lt_tensor *ltL_result(lua_State *L, int idx, lt_dtype dt, int *pushed)
{
    if (idx > 0 && idx <= lua_gettop(L) && !lua_isnil(L, idx)) {
        *pushed = 0;
        return ltL_checktensor_of(L, idx, dt);
    }
    *pushed = 1;
    return ltL_newtensor(L, dt);
}

static int l_gc(lua_State *L)
{
    ltL_tensor *u = lua_touserdata(L, 1);
    if (u && u->t) {
        lt_tensor_release(u->t);
        u->t = NULL;
    }
    return 0;
}

/* ----------------------------------------------------------------- args */
int ltL_isscalar(lua_State *L, int idx) { return lua_type(L, idx) == LUA_TNUMBER; }

lt_scalar ltL_checkscalar(lua_State *L, int idx)
{
    int isnum;
    if (lua_isinteger(L, idx)) return lt_scalar_i(lua_tointeger(L, idx));
    lua_Number v = lua_tonumberx(L, idx, &isnum);
    if (!isnum || lua_type(L, idx) != LUA_TNUMBER) {
        const char *msg = lua_pushfstring(L, "number expected, got %s", ltL_typename(L, idx));
        luaL_argerror(L, idx, msg);
    }
    return lt_scalar_f(v);
}

int64_t ltL_checkinteger(lua_State *L, int idx)
{
    int ok;
    lua_Integer v = lua_tointegerx(L, idx, &ok);
    if (!ok) {
        if (lua_type(L, idx) == LUA_TNUMBER)
            luaL_argerror(L, idx, lua_pushfstring(L, "integer expected, got %s",
                                                  lua_tostring(L, idx)));
        luaL_argerror(L, idx, lua_pushfstring(L, "integer expected, got %s",
                                              ltL_typename(L, idx)));
    }
    return v;
}

int64_t ltL_optinteger(lua_State *L, int idx, int64_t def)
{
    return lua_isnoneornil(L, idx) ? def : ltL_checkinteger(L, idx);
}

int ltL_checkdim(lua_State *L, int idx, int ndim)
{
    int64_t given = ltL_checkinteger(L, idx), d = given;
    if (d < 0) d += ndim + 1;
    if (d < 1 || d > ndim) {
        if (ndim == 0)
            luaL_argerror(L, idx, lua_pushfstring(L, "dimension %I out of range: the tensor is "
                                                  "empty", (lua_Integer)given));
        luaL_argerror(L, idx, lua_pushfstring(L, "dimension %I out of range for a %dD tensor "
                                              "(expected 1 to %d)", (lua_Integer)given, ndim,
                                              ndim));
    }
    return (int)d - 1;
}

int ltL_optdim(lua_State *L, int idx, int ndim, int def)
{
    return lua_isnoneornil(L, idx) ? def : ltL_checkdim(L, idx, ndim);
}

int64_t ltL_checkindex(lua_State *L, int idx, int64_t size)
{
    int64_t i = ltL_checkinteger(L, idx);
    int64_t j = i < 0 ? i + size + 1 : i;
    if (j < 1 || j > size)
        luaL_argerror(L, idx, lua_pushfstring(L, "index %I out of range (size %I)",
                                              (lua_Integer)i, (lua_Integer)size));
    return j - 1;
}

void ltL_pushnumber(lua_State *L, lt_dtype dt, double v, int64_t iv)
{
    if (lt_dtypes[dt].is_float) lua_pushnumber(L, v);
    else lua_pushinteger(L, iv);
}

int ltL_checksizes(lua_State *L, int idx, int64_t *size, const char *what)
{
    int top = lua_gettop(L), n = 0;
    lt_storage *s = ltL_tostorage(L, idx);
    if (s) {
        if (s->dtype != LT_LONG)
            luaL_argerror(L, idx, "sizes must be a LongStorage (or numbers)");
        if (s->size > LT_MAXDIM)
            luaL_argerror(L, idx, lua_pushfstring(L, "too many dimensions (%I; at most %d)",
                                                  (lua_Integer)s->size, LT_MAXDIM));
        for (int64_t i = 0; i < s->size; i++) size[i] = ((int64_t *)s->data)[i];
        n = (int)s->size;
    } else if (lua_istable(L, idx)) {
        n = (int)lua_rawlen(L, idx);
        if (n > LT_MAXDIM)
            luaL_argerror(L, idx, lua_pushfstring(L, "too many dimensions (%d; at most %d)",
                                                  n, LT_MAXDIM));
        for (int i = 0; i < n; i++) {
            lua_rawgeti(L, idx, i + 1);
            int ok;
            size[i] = lua_tointegerx(L, -1, &ok);
            lua_pop(L, 1);
            if (!ok)
                luaL_argerror(L, idx, lua_pushfstring(L, "%s: entry %d is not an integer",
                                                      what ? what : "sizes", i + 1));
        }
    } else {
        for (int i = idx; i <= top; i++) {
            if (lua_isnil(L, i)) break;
            if (n >= LT_MAXDIM)
                luaL_argerror(L, i, lua_pushfstring(L, "too many dimensions (at most %d)",
                                                    LT_MAXDIM));
            size[n++] = ltL_checkinteger(L, i);
        }
    }
    return n;
}

/* -------------------------------------------------------- constructors */
/* Fill t (already sized) from the nested table at idx, row-major. */
static void fill_from_table(lua_State *L, int idx, lt_tensor *t, int dim, int64_t *pos,
                            int64_t *lin, char *data)
{
    int64_t n = t->size[dim];
    if ((int64_t)lua_rawlen(L, idx) != n)
        luaL_error(L, "inconsistent table sizes: expected %I elements at depth %d, got %I",
                   (lua_Integer)n, dim + 1, (lua_Integer)lua_rawlen(L, idx));
    for (int64_t i = 1; i <= n; i++) {
        lua_rawgeti(L, idx, i);
        if (dim == t->ndim - 1) {
            int isnum;
            if (lua_type(L, -1) == LUA_TBOOLEAN) {
                lt_dtypes[t->dtype].seti(data + (size_t)*lin * lt_elsize(t),
                                         lua_toboolean(L, -1));
            } else if (lua_isinteger(L, -1) && !lt_dtypes[t->dtype].is_float) {
                lt_dtypes[t->dtype].seti(data + (size_t)*lin * lt_elsize(t), lua_tointeger(L, -1));
            } else {
                lua_Number v = lua_tonumberx(L, -1, &isnum);
                if (!isnum || lua_type(L, -1) != LUA_TNUMBER)
                    luaL_error(L, "table entry is a %s, expected a number",
                               luaL_typename(L, -1));
                lt_dtypes[t->dtype].set(data + (size_t)*lin * lt_elsize(t), v);
            }
            (*lin)++;
        } else {
            if (!lua_istable(L, -1))
                luaL_error(L, "inconsistent table nesting: expected a table at depth %d, got a %s",
                           dim + 2, luaL_typename(L, -1));
            pos[dim] = i;
            fill_from_table(L, lua_gettop(L), t, dim + 1, pos, lin, data);
        }
        lua_pop(L, 1);
    }
}

static void from_table(lua_State *L, int idx, lt_tensor *t)
{
    int64_t size[LT_MAXDIM], pos[LT_MAXDIM], lin = 0;
    int nd = 0, base = lua_gettop(L);
    luaL_checkstack(L, LT_MAXDIM + 8, "table nested too deeply");
    lua_pushvalue(L, idx);
    /* sizes: the length at each depth along the first elements */
    for (;;) {
        if (nd >= LT_MAXDIM) luaL_error(L, "table nested too deeply (at most %d)", LT_MAXDIM);
        size[nd++] = (int64_t)lua_rawlen(L, -1);
        if (size[nd - 1] == 0) break;
        lua_rawgeti(L, -1, 1);
        if (!lua_istable(L, -1)) break;
    }
    lua_settop(L, base);
    if (nd == 1 && size[0] == 0) return;   /* {} -> empty tensor */
    ltL_check(L, lt_resize(t, nd, size), 0);
    if (lt_numel(t) == 0) return;
    fill_from_table(L, idx, t, 0, pos, &lin, lt_data(t));
}

/* Constructor forms (Torch7): () | (sizes...) | (LongStorage sizes [, strides]) |
** (nested table) | (tensor) sharing | (storage [, offset [, sizes [, strides]]]) |
** (storage, offset, size1, stride1, size2, stride2, ...). */
static int construct(lua_State *L, lt_dtype dt, int a)
{
    int top = lua_gettop(L);
    int64_t size[LT_MAXDIM], stride[LT_MAXDIM];
    int nd = 0, have_strides = 0;
    if (a > top) {
        ltL_newtensor(L, dt);
        return 1;
    }
    lt_tensor *src = ltL_totensor(L, a);
    lt_storage *st = ltL_tostorage(L, a);
    if (src) {
        if (src->dtype != dt)
            luaL_argerror(L, a, lua_pushfstring(L, "%s expected, got %s (use :type() to convert)",
                                                ltL_tensor_names[dt], ltL_tensor_names[src->dtype]));
        lt_set(ltL_newtensor(L, dt), src);
        return 1;
    }
    if (st && st->dtype == LT_LONG && (dt != LT_LONG || a + 1 > top ||
                                        ltL_tostorage(L, a + 1))) {
        /* (LongStorage sizes [, LongStorage strides]) */
        nd = ltL_checksizes(L, a, size, "sizes");
        if (a + 1 <= top && !lua_isnil(L, a + 1)) {
            if (ltL_checksizes(L, a + 1, stride, "strides") != nd)
                luaL_argerror(L, a + 1, "sizes and strides have different lengths");
            lt_tensor *t = ltL_newtensor(L, dt);
            lt_storage *ns;
            int64_t need = 1;
            for (int d = 0; d < nd; d++) need += (size[d] - 1) * stride[d];
            ltL_check(L, lt_storage_new(dt, nd ? need : 0, &ns), 0);
            lt_status e = lt_set_storage(t, ns, 0, nd, size, stride);
            lt_storage_release(ns);
            ltL_check(L, e, 0);
            return 1;
        }
        lt_tensor *t = ltL_newtensor(L, dt);
        ltL_check(L, lt_resize(t, nd, size), 0);
        return 1;
    }
    if (st) {
        if (st->dtype != dt)
            luaL_argerror(L, a, lua_pushfstring(L, "%s expected, got %s", ltL_storage_names[dt],
                                                ltL_storage_names[st->dtype]));
        int64_t off = ltL_optinteger(L, a + 1, 1) - 1;
        if (a + 2 > top || lua_isnil(L, a + 2)) {
            nd = 1;
            size[0] = st->size - off;
        } else if (ltL_tostorage(L, a + 2) || lua_istable(L, a + 2)) {
            nd = ltL_checksizes(L, a + 2, size, "sizes");
            if (a + 3 <= top && !lua_isnil(L, a + 3)) {
                if (ltL_checksizes(L, a + 3, stride, "strides") != nd)
                    luaL_argerror(L, a + 3, "sizes and strides have different lengths");
                have_strides = 1;
            }
        } else {
            for (int i = a + 2; i <= top; i += 2) {
                if (nd >= LT_MAXDIM) luaL_argerror(L, i, "too many dimensions");
                size[nd] = ltL_checkinteger(L, i);
                stride[nd] = i + 1 <= top ? ltL_checkinteger(L, i + 1) : -1;
                nd++;
            }
            /* stride -1 (or missing): contiguous, as Torch7 */
            for (int d = nd - 1; d >= 0; d--)
                if (stride[d] < 0) stride[d] = d == nd - 1 ? 1 : stride[d + 1] * size[d + 1];
            have_strides = 1;
        }
        lt_tensor *t = ltL_newtensor(L, dt);
        ltL_check(L, lt_set_storage(t, st, off, nd, size, have_strides ? stride : NULL), 0);
        return 1;
    }
    if (lua_istable(L, a) && !ltL_tostorage(L, a)) {
        lt_tensor *t = ltL_newtensor(L, dt);
        from_table(L, a, t);
        return 1;
    }
    if (lua_type(L, a) == LUA_TNUMBER || ltL_tostorage(L, a)) {
        nd = ltL_checksizes(L, a, size, "sizes");
        lt_tensor *t = ltL_newtensor(L, dt);
        ltL_check(L, lt_resize(t, nd, size), 0);
        return 1;
    }
    return luaL_argerror(L, a, lua_pushfstring(L, "sizes, a table, a storage or a tensor "
                                               "expected, got %s", ltL_typename(L, a)));
}

static int l_construct_call(lua_State *L)   /* torch.DoubleTensor(...) */
{
    lua_remove(L, 1);   /* the class table: argument numbers are the user's */
    return construct(L, (lt_dtype)lua_tointeger(L, lua_upvalueindex(1)), 1);
}

static int l_construct_new(lua_State *L)    /* t.new(...) / torch.DoubleTensor.new(...) */
{
    return construct(L, (lt_dtype)lua_tointeger(L, lua_upvalueindex(1)), 1);
}

/* ------------------------------------------------------------ metadata */
/* t:size() / t:stride(): a LongStorage, or one number for t:size(d) */
static int per_dim(lua_State *L, int strides)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    const int64_t *v = strides ? t->stride : t->size;
    if (!lua_isnoneornil(L, 2)) {
        lua_pushinteger(L, v[ltL_checkdim(L, 2, t->ndim)]);
        return 1;
    }
    ltL_pushlongstorage(L, t->ndim, v);
    return 1;
}

static int l_size(lua_State *L) { return per_dim(L, 0); }
static int l_stride(lua_State *L) { return per_dim(L, 1); }

static int l_dim(lua_State *L)
{
    lua_pushinteger(L, ltL_checktensor(L, 1)->ndim);
    return 1;
}

static int l_nelement(lua_State *L)
{
    lua_pushinteger(L, lt_numel(ltL_checktensor(L, 1)));
    return 1;
}

static int l_iscontiguous(lua_State *L)
{
    lua_pushboolean(L, lt_is_contiguous(ltL_checktensor(L, 1)));
    return 1;
}

static int l_issamesizeas(lua_State *L)
{
    lua_pushboolean(L, lt_same_size(ltL_checktensor(L, 1), ltL_checktensor(L, 2)));
    return 1;
}

static int l_issize(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    int64_t size[LT_MAXDIM];
    int n = ltL_checksizes(L, 2, size, "sizes");
    int same = n == t->ndim;
    for (int d = 0; same && d < n; d++) same = size[d] == t->size[d];
    lua_pushboolean(L, same);
    return 1;
}

static int l_storage(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    if (!t->storage) {
        lua_pushnil(L);
        return 1;
    }
    lt_storage_retain(t->storage);
    ltL_pushstorage(L, t->storage);
    return 1;
}

static int l_storageoffset(lua_State *L)
{
    lua_pushinteger(L, ltL_checktensor(L, 1)->offset + 1);
    return 1;
}

static int l_len(lua_State *L)
{
    lua_settop(L, 1);   /* __len gets the operand twice */
    return l_size(L);
}

static int l_isTensor(lua_State *L)
{
    lua_pushboolean(L, ltL_totensor(L, 1) != NULL);
    return 1;
}

/* ------------------------------------------------------ type conversion */
static int to_type(lua_State *L, lt_dtype dt)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    if (t->dtype == dt) {
        lua_settop(L, 1);
        return 1;
    }
    lt_tensor *r = ltL_newtensor(L, dt);
    ltL_check(L, lt_resize(r, t->ndim, t->size), 1);
    ltL_check(L, lt_copy(r, t), 1);
    if (t->autograd)
        ltL_check(L, ltL_ag_record1(LT_OP_COPY, r, t, NULL, lt_scalar_i(0), 0, NULL), 1);
    return 1;
}

static int l_type(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    if (lua_isnoneornil(L, 2)) {
        lua_pushstring(L, ltL_tensor_names[t->dtype]);
        return 1;
    }
    const char *name = luaL_checkstring(L, 2);
    for (int d = 0; d < LT_NDTYPES; d++)
        if (strcmp(name, ltL_tensor_names[d]) == 0) return to_type(L, (lt_dtype)d);
    if (strncmp(name, "torch.Cuda", 10) == 0)
        return luaL_argerror(L, 2, lua_pushfstring(L, "%s: Lantern was built without CUDA", name));
    return luaL_argerror(L, 2, lua_pushfstring(L, "unknown tensor type '%s'", name));
}

static int l_typeas(lua_State *L)
{
    ltL_checktensor(L, 1);
    return to_type(L, ltL_checktensor(L, 2)->dtype);
}

static int l_totype(lua_State *L) { return to_type(L, (lt_dtype)lua_tointeger(L, lua_upvalueindex(1))); }

/* ---------------------------------------------------- copy, fill, clone */
static int l_copy(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    lt_tensor *s = ltL_checktensor(L, 2);
    ltL_ag_prewrite(L, t, "copy", 1);
    ltL_check(L, lt_copy(t, s), 1);
    if (t->autograd || s->autograd)
        ltL_check(L, ltL_ag_record1(LT_OP_COPY, t, s, NULL, lt_scalar_i(0), 0, NULL), 1);
    lua_settop(L, 1);
    return 1;
}

static int l_fill(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    ltL_ag_prewrite(L, t, "fill", 1);
    ltL_check(L, lt_fill(t, ltL_checkscalar(L, 2)), 1);
    if (t->autograd) ltL_check(L, lt_ag_record(LT_OP_COPY, t, 0, NULL, NULL, NULL, lt_scalar_i(0),
                                               lt_scalar_i(0), 0, NULL), 1);
    lua_settop(L, 1);
    return 1;
}

static int l_zero(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    ltL_ag_prewrite(L, t, "zero", 1);
    ltL_check(L, lt_zero(t), 1);
    if (t->autograd) ltL_check(L, lt_ag_record(LT_OP_COPY, t, 0, NULL, NULL, NULL, lt_scalar_i(0),
                                               lt_scalar_i(0), 0, NULL), 1);
    lua_settop(L, 1);
    return 1;
}

static int l_clone(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    lt_tensor *r = ltL_newtensor(L, t->dtype);
    ltL_check(L, lt_clone(r, t), 1);
    if (t->autograd)
        ltL_check(L, ltL_ag_record1(LT_OP_COPY, r, t, NULL, lt_scalar_i(0), 0, NULL), 1);
    return 1;
}

static int l_contiguous(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    if (lt_is_contiguous(t)) {
        lua_settop(L, 1);
        return 1;
    }
    lt_tensor *r = ltL_newtensor(L, t->dtype);
    ltL_check(L, lt_clone(r, t), 1);
    if (t->autograd)
        ltL_check(L, ltL_ag_record1(LT_OP_COPY, r, t, NULL, lt_scalar_i(0), 0, NULL), 1);
    return 1;
}

static int l_equal(lua_State *L)
{
    lt_tensor *a = ltL_checktensor(L, 1), *b = ltL_checktensor(L, 2);
    lua_pushboolean(L, lt_equal(a, b));
    return 1;
}

static void push_elem(lua_State *L, const lt_tensor *t, const int64_t *idx)
{
    if (lt_dtypes[t->dtype].is_float) lua_pushnumber(L, lt_get(t, idx));
    else lua_pushinteger(L, lt_geti(t, idx));
}

/* A C loop runs no Lua hook, so a long conversion polls Ctrl-C itself. */
static void totable_rec(lua_State *L, const lt_tensor *t, int dim, int64_t *idx)
{
    lua_createtable(L, (int)t->size[dim], 0);
    for (int64_t i = 0; i < t->size[dim]; i++) {
        if ((i & 0xffff) == 0xffff && lt_cancel_requested()) ltL_check(L, LT_ECANCEL, 0);
        idx[dim] = i;
        if (dim == t->ndim - 1) push_elem(L, t, idx);
        else totable_rec(L, t, dim + 1, idx);
        lua_rawseti(L, -2, i + 1);
    }
}

static int l_totable(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    int64_t idx[LT_MAXDIM];
    ltL_check(L, lt_check_bounds(t), 1);
    if (t->ndim == 0) {
        lua_newtable(L);
        return 1;
    }
    luaL_checkstack(L, t->ndim + 4, "tensor too deep");
    totable_rec(L, t, 0, idx);
    return 1;
}

/* Close: release the tensor now (for <close> variables and explicit :free). */
static int l_close(lua_State *L)
{
    ltL_tensor *u = toud(L, 1);
    if (u && u->t) {
        lt_tensor_release(u->t);
        u->t = NULL;
    }
    return 0;
}

/* ------------------------------------------------------------ resize/set */
static int l_resize(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    int64_t size[LT_MAXDIM];
    int n = ltL_checksizes(L, 2, size, "sizes");
    ltL_check(L, lt_resize(t, n, size), 1);
    lua_settop(L, 1);
    return 1;
}

static int l_resizeas(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1), *s = ltL_checktensor(L, 2);
    ltL_check(L, lt_resize_as(t, s), 1);
    lua_settop(L, 1);
    return 1;
}

static int l_set(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    int top = lua_gettop(L);
    int64_t size[LT_MAXDIM], stride[LT_MAXDIM];
    if (top == 1) {
        lt_tensor_clear(t);
    } else if (ltL_totensor(L, 2)) {
        lt_tensor *s = ltL_checktensor_of(L, 2, t->dtype);
        lt_set(t, s);
    } else {
        lt_storage *s = ltL_checkstorage(L, 2);
        if (s->dtype != t->dtype)
            luaL_argerror(L, 2, lua_pushfstring(L, "%s expected, got %s",
                                                ltL_storage_names[t->dtype],
                                                ltL_storage_names[s->dtype]));
        int64_t off = ltL_optinteger(L, 3, 1) - 1;
        int nd, have_strides = 0;
        if (lua_isnoneornil(L, 4)) {
            nd = 1;
            size[0] = s->size - off;
        } else if (ltL_tostorage(L, 4) || lua_istable(L, 4)) {
            nd = ltL_checksizes(L, 4, size, "sizes");
            if (!lua_isnoneornil(L, 5)) {
                if (ltL_checksizes(L, 5, stride, "strides") != nd)
                    luaL_argerror(L, 5, "sizes and strides have different lengths");
                have_strides = 1;
            }
        } else {
            nd = 0;
            for (int i = 4; i <= top; i += 2) {
                if (nd >= LT_MAXDIM) luaL_argerror(L, i, "too many dimensions");
                size[nd] = ltL_checkinteger(L, i);
                stride[nd] = i + 1 <= top ? ltL_checkinteger(L, i + 1) : -1;
                nd++;
            }
            for (int d = nd - 1; d >= 0; d--)
                if (stride[d] < 0) stride[d] = d == nd - 1 ? 1 : stride[d + 1] * size[d + 1];
            have_strides = 1;
        }
        ltL_check(L, lt_set_storage(t, s, off, nd, size, have_strides ? stride : NULL), 0);
    }
    lua_settop(L, 1);
    return 1;
}

/* ------------------------------------------------------------------ views */
/* Push a new tensor viewing t (for the view methods). */
static lt_tensor *push_view(lua_State *L, lt_tensor *t)
{
    lt_tensor *v = ltL_newtensor(L, t->dtype);
    lt_set(v, t);
    return v;
}

/* v, a view of t, joins t's graph */
static void rec_view(lua_State *L, lt_tensor *v, const lt_tensor *t, int op)
{
    if (t->autograd) ltL_check(L, lt_ag_record_view(op, v, t), 1);
}

static int l_narrow(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    int d = ltL_checkdim(L, 2, t->ndim);
    int64_t start = ltL_checkinteger(L, 3), len = ltL_checkinteger(L, 4);
    if (start < 0) start += t->size[d] + 1;
    if (start < 1 || start > t->size[d] + 1)
        luaL_argerror(L, 3, lua_pushfstring(L, "index %I out of range for dimension %d of size %I",
                                            (lua_Integer)ltL_checkinteger(L, 3), d + 1,
                                            (lua_Integer)t->size[d]));
    lt_tensor *v = push_view(L, t);
    ltL_check(L, lt_narrow(v, t, d, start - 1, len), 1);
    rec_view(L, v, t, LT_AG_VIEW);
    return 1;
}

static int l_sub(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    int top = lua_gettop(L);
    if ((top - 1) % 2 != 0 || (top - 1) / 2 > t->ndim)
        return ltL_error(L, "expected pairs of (start, end) indices, at most one per dimension "
                         "(got %d numbers for a %dD tensor)", top - 1, t->ndim);
    lt_tensor *v = push_view(L, t);
    for (int d = 0; d < (top - 1) / 2; d++) {
        int64_t n = t->size[d];
        int64_t s = ltL_checkinteger(L, 2 + 2 * d), e = ltL_checkinteger(L, 3 + 2 * d);
        if (s < 0) s += n + 1;
        if (e < 0) e += n + 1;
        if (s < 1 || s > n)
            luaL_argerror(L, 2 + 2 * d, lua_pushfstring(L, "index out of range for dimension %d "
                                                        "of size %I", d + 1, (lua_Integer)n));
        if (e < s || e > n)
            luaL_argerror(L, 3 + 2 * d, lua_pushfstring(L, "end index out of range for dimension "
                                                        "%d of size %I (or before start)", d + 1,
                                                        (lua_Integer)n));
        ltL_check(L, lt_narrow(v, v, d, s - 1, e - s + 1), 0);
    }
    rec_view(L, v, t, LT_AG_VIEW);
    return 1;
}

static int l_select(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    int d = ltL_checkdim(L, 2, t->ndim);
    int64_t i = ltL_checkindex(L, 3, t->size[d]);
    if (t->ndim == 1) {   /* Torch7 returns the number for a vector */
        ltL_check(L, lt_check_bounds(t), 1);
        push_elem(L, t, &i);
        return 1;
    }
    lt_tensor *v = push_view(L, t);
    ltL_check(L, lt_select(v, t, d, i), 1);
    rec_view(L, v, t, LT_AG_VIEW);
    return 1;
}

static int l_transpose(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    int d1 = ltL_checkdim(L, 2, t->ndim), d2 = ltL_checkdim(L, 3, t->ndim);
    lt_tensor *v = push_view(L, t);
    ltL_check(L, lt_transpose(v, t, d1, d2), 1);
    rec_view(L, v, t, LT_AG_VIEW);
    return 1;
}

static int l_t(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    if (t->ndim != 2)
        luaL_argerror(L, 1, lua_pushfstring(L, "t() expects a 2D tensor, got %dD", t->ndim));
    lt_tensor *v = push_view(L, t);
    ltL_check(L, lt_transpose(v, t, 0, 1), 1);
    rec_view(L, v, t, LT_AG_VIEW);
    return 1;
}

static int l_permute(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    int64_t p[LT_MAXDIM];
    int perm[LT_MAXDIM];
    int n = ltL_checksizes(L, 2, p, "permutation");
    if (n != t->ndim)
        return ltL_error(L, "permutation has %d dimensions, the tensor %d", n, t->ndim);
    for (int d = 0; d < n; d++) {
        /* checked before narrowing to int: no silent wrap of huge values */
        if (p[d] == 0 || p[d] > n || p[d] < -n)
            return luaL_argerror(L, 2, lua_pushfstring(L, "dimension %I out of range for a %dD "
                                                       "tensor", (lua_Integer)p[d], n));
        perm[d] = (int)(p[d] < 0 ? p[d] + n : p[d] - 1);
    }
    lt_tensor *v = push_view(L, t);
    ltL_check(L, lt_permute(v, t, perm), 1);
    rec_view(L, v, t, LT_AG_VIEW);
    return 1;
}

static int l_unfold(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    int d = ltL_checkdim(L, 2, t->ndim);
    int64_t size = ltL_checkinteger(L, 3), step = ltL_checkinteger(L, 4);
    lt_tensor *v = push_view(L, t);
    ltL_check(L, lt_unfold(v, t, d, size, step), 1);
    rec_view(L, v, t, LT_AG_VIEW);
    return 1;
}

/* view/expand to sizes given as numbers or a LongStorage, or as another
** tensor's sizes (viewAs/expandAs) */
typedef lt_status (*reshape_fn)(lt_tensor *, const lt_tensor *, int, const int64_t *);

static int shaped_view(lua_State *L, reshape_fn fn, int like)
{
    lt_tensor *t = ltL_checktensor(L, 1), *v;
    if (like) {
        lt_tensor *s = ltL_checktensor(L, 2);
        v = push_view(L, t);
        ltL_check(L, fn(v, t, s->ndim, s->size), 1);
    } else {
        int64_t size[LT_MAXDIM];
        int n = ltL_checksizes(L, 2, size, "sizes");
        v = push_view(L, t);
        ltL_check(L, fn(v, t, n, size), 1);
    }
    rec_view(L, v, t, fn == lt_expand ? LT_AG_EXPAND : LT_AG_VIEW);
    return 1;
}

static int l_view(lua_State *L) { return shaped_view(L, lt_view, 0); }
static int l_viewas(lua_State *L) { return shaped_view(L, lt_view, 1); }
static int l_expand(lua_State *L) { return shaped_view(L, lt_expand, 0); }
static int l_expandas(lua_State *L) { return shaped_view(L, lt_expand, 1); }

/* reshape copies, as in Torch7: torch.reshape([res,] x, sizes) / x:reshape(sizes) */
static int l_reshape(lua_State *L)
{
    int a = (ltL_totensor(L, 1) && ltL_totensor(L, 2)) ? 2 : 1, pushed, infer = -1;
    int64_t size[LT_MAXDIM], known = 1;
    lt_tensor *x = ltL_checktensor(L, a);
    int n = ltL_checksizes(L, a + 1, size, "sizes");
    int64_t numel = lt_numel(x);
    for (int d = 0; d < n; d++) {
        if (size[d] == -1 && infer < 0) infer = d;
        else if (size[d] < 0 || __builtin_mul_overflow(known, size[d], &known))
            return luaL_argerror(L, a + 1, "invalid sizes");
    }
    if (infer >= 0) {
        if (known == 0 || numel % known)
            return ltL_error(L, "cannot reshape %I elements into the given sizes",
                             (lua_Integer)numel);
        size[infer] = numel / known;
        known = numel;
    }
    if ((n ? known : 0) != numel)
        return ltL_error(L, "cannot reshape a tensor of %I elements into one of %I elements",
                         (lua_Integer)numel, (lua_Integer)(n ? known : 0));
    lt_tensor *r = ltL_result(L, a == 2 ? 1 : 0, x->dtype, &pushed);
    if (r == x) return ltL_error(L, "the result cannot be the input tensor");
    if (!pushed) ltL_ag_prewrite(L, r, "reshape", 1);
    ltL_check(L, lt_resize(r, n, size), 0);
    ltL_check(L, lt_copy(r, x), a);
    if (x->autograd || r->autograd)
        ltL_check(L, ltL_ag_record1(LT_AG_RESHAPE, r, x, NULL, lt_scalar_i(0), 0, NULL), a);
    if (!pushed) lua_pushvalue(L, 1);
    return 1;
}

static int l_squeeze(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    if (lua_isnoneornil(L, 2)) {
        lt_tensor *v = push_view(L, t);
        ltL_check(L, lt_squeeze(v, t), 1);
        rec_view(L, v, t, LT_AG_VIEW);
    } else {
        int d = ltL_checkdim(L, 2, t->ndim);
        lt_tensor *v = push_view(L, t);
        ltL_check(L, lt_squeeze_dim(v, t, d), 1);
        rec_view(L, v, t, LT_AG_VIEW);
    }
    return 1;
}

static int l_unsqueeze(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    int64_t d = ltL_checkinteger(L, 2);
    if (d < 0) d += t->ndim + 2;
    if (d < 1 || d > t->ndim + 1)
        luaL_argerror(L, 2, lua_pushfstring(L, "dimension %I out of range (expected 1 to %d)",
                                            (lua_Integer)ltL_checkinteger(L, 2), t->ndim + 1));
    lt_tensor *v = push_view(L, t);
    ltL_check(L, lt_unsqueeze(v, t, (int)d - 1), 1);
    rec_view(L, v, t, LT_AG_VIEW);
    return 1;
}

/* split(t, size [, dim]) / chunk(t, n [, dim]): tables of views */
static int split_common(lua_State *L, int chunks)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    if (t->ndim == 0) luaL_argerror(L, 1, "cannot split an empty tensor");
    int64_t k = ltL_checkinteger(L, 2);
    int d = ltL_optdim(L, 3, t->ndim, 0);
    int64_t n = t->size[d];
    if (k <= 0)
        luaL_argerror(L, 2, chunks ? "number of chunks must be positive"
                                   : "split size must be positive");
    int64_t size = chunks ? n / k + (n % k != 0) : k;
    if (size == 0) size = 1;
    lua_newtable(L);
    int i = 1;
    /* size may be near INT64_MAX: compare against what is left, never s + size */
    for (int64_t s = 0; s < n; s += size) {
        int64_t len = size <= n - s ? size : n - s;
        lt_tensor *v = push_view(L, t);
        ltL_check(L, lt_narrow(v, t, d, s, len), 1);
        rec_view(L, v, t, LT_AG_VIEW);
        lua_rawseti(L, -2, i++);
        if (len < size) break;
    }
    return 1;
}

static int l_split(lua_State *L) { return split_common(L, 0); }
static int l_chunk(lua_State *L) { return split_common(L, 1); }

/* ------------------------------------------------ apply / map / map2 */
/* Row-major walk calling a Lua function per element; a number returned
** replaces the element (Torch7's apply/map/map2). */
static int walk(lua_State *L, int ntens)
{
    lt_tensor *ts[3];
    int fidx = ntens + 1;
    for (int k = 0; k < ntens; k++) ts[k] = ltL_checktensor(L, k + 1);
    luaL_checktype(L, fidx, LUA_TFUNCTION);
    int64_t n = lt_numel(ts[0]);
    for (int k = 0; k < ntens; k++) {
        ltL_check(L, lt_check_bounds(ts[k]), k + 1);
        if (lt_numel(ts[k]) != n)
            return luaL_argerror(L, k + 1, "number of elements differs from the first tensor");
    }
    int64_t idx[3][LT_MAXDIM];
    memset(idx, 0, sizeof idx);
    for (int64_t i = 0; i < n; i++) {
        lua_pushvalue(L, fidx);
        for (int k = 0; k < ntens; k++) push_elem(L, ts[k], idx[k]);
        lua_call(L, ntens, 1);
        if (lua_type(L, -1) == LUA_TNUMBER) {
            ltL_check(L, lt_check_bounds(ts[0]), 1);
            lt_setv(ts[0], idx[0], ltL_checkscalar(L, -1));
        }
        lua_pop(L, 1);
        for (int k = 0; k < ntens; k++) {   /* advance row-major */
            for (int d = ts[k]->ndim - 1; d >= 0; d--) {
                if (++idx[k][d] < ts[k]->size[d]) break;
                idx[k][d] = 0;
            }
        }
    }
    lua_settop(L, 1);
    return 1;
}

static int l_apply(lua_State *L) { return walk(L, 1); }
static int l_map(lua_State *L) { return walk(L, 2); }
static int l_map2(lua_State *L) { return walk(L, 3); }

/* ------------------------------------------------------------- indexing */
/* The 0-based position for t[k], k a number (1-based, negative from the end). */
static int64_t index_key(lua_State *L, const lt_tensor *t)
{
    int ok;
    lua_Integer k = lua_tointegerx(L, 2, &ok);
    if (!ok) luaL_error(L, "tensor index must be an integer, got %s", lua_tostring(L, 2));
    if (t->ndim == 0) luaL_error(L, "cannot index an empty tensor");
    int64_t j = k < 0 ? k + t->size[0] + 1 : k;
    if (j < 1 || j > t->size[0])
        luaL_error(L, "index %I out of range for dimension 1 of size %I", k,
                   (lua_Integer)t->size[0]);
    return j - 1;
}

/* t[i] for an integer i: a number for a vector, else a view; other keys go
** to the method table (strings) or l_index.c. */
static int l_index(lua_State *L)
{
    int kt = lua_type(L, 2);
    if (kt == LUA_TSTRING) {
        lua_pushvalue(L, 2);
        if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 1;
        /* not a method: a field (x.grad) or nil */
        lt_tensor *t = ltL_totensor(L, 1);
        if (t && ltL_autograd_field(L, t, lua_tostring(L, 2))) return 1;
        lua_pushnil(L);
        return 1;
    }
    lt_tensor *t = ltL_checktensor(L, 1);
    if (kt == LUA_TNUMBER) {
        int64_t i = index_key(L, t);
        ltL_check(L, lt_check_bounds(t), 1);
        if (t->ndim == 1) {
            push_elem(L, t, &i);
            return 1;
        }
        lt_tensor *v = push_view(L, t);
        ltL_check(L, lt_select(v, t, 0, i), 1);
        rec_view(L, v, t, LT_AG_VIEW);
        return 1;
    }
    int n = ltL_index_get(L);
    if (n > 0) return n;
    lua_pushnil(L);
    return 1;
}

static int l_newindex(lua_State *L)
{
    lt_tensor *t = ltL_checktensor(L, 1);
    if (lua_type(L, 2) == LUA_TNUMBER) {
        ltL_ag_prewrite(L, t, "indexing assignment", 0);
        lt_tensor *asrc = ltL_totensor(L, 3);
        int ag = t->autograd || (asrc && asrc->autograd);
        int64_t i = index_key(L, t);
        ltL_check(L, lt_check_bounds(t), 1);
        lt_tensor v;
        memset(&v, 0, sizeof v);
        v.dtype = t->dtype;
        if (t->ndim == 1) {
            lt_setv(t, &i, ltL_checkscalar(L, 3));
            if (!ag) return 0;
            ltL_check(L, lt_narrow(&v, t, 0, i, 1), 1);      /* the element, for autograd */
        } else {
            ltL_check(L, lt_select(&v, t, 0, i), 1);
            lt_status st;
            if (ltL_isscalar(L, 3)) {
                st = lt_fill(&v, ltL_checkscalar(L, 3));
            } else {
                lt_tensor *src = ltL_checktensor(L, 3);
                st = lt_copy(&v, src);
            }
            if (st != LT_OK) lt_storage_release(v.storage);
            ltL_check(L, st, 0);
        }
        /* the region's reference goes first: recording looks at who shares t's storage */
        lt_storage_release(v.storage);
        if (ag) ltL_check(L, lt_ag_record_setview(t, &v, asrc), 1);
        return 0;
    }
    if (lua_type(L, 2) == LUA_TSTRING) {
        if (ltL_autograd_setfield(L, t, lua_tostring(L, 2))) return 0;
        return luaL_error(L, "cannot set field '%s' of a tensor", lua_tostring(L, 2));
    }
    ltL_index_set(L);
    return 0;
}

/* ------------------------------------------------------- default type */
static int l_setdefaulttensortype(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    for (int d = 0; d < LT_NDTYPES; d++) {
        if (strcmp(name, ltL_tensor_names[d]) == 0) {
            lua_pushinteger(L, d);
            lua_rawsetp(L, LUA_REGISTRYINDEX, &default_key);
            return 0;
        }
    }
    return luaL_argerror(L, 1, lua_pushfstring(L, "unknown tensor type '%s'", name));
}

static int l_getdefaulttensortype(lua_State *L)
{
    lua_pushstring(L, ltL_tensor_names[ltL_default_dtype(L)]);
    return 1;
}

/* ----------------------------------------------------------- registration */
void ltL_addmethods(lua_State *L, const luaL_Reg *l)
{
    for (int d = 0; d < LT_NDTYPES; d++) {
        ltL_push_methods(L, (lt_dtype)d);
        luaL_setfuncs(L, l, 0);
        lua_pop(L, 1);
    }
}

void ltL_addfuncs(lua_State *L, int torch, const luaL_Reg *l)
{
    lua_pushvalue(L, torch);
    luaL_setfuncs(L, l, 0);
    lua_pop(L, 1);
}

void ltL_addmethods_op(lua_State *L, const ltL_RegOp *l)
{
    for (int d = 0; d < LT_NDTYPES; d++) {
        ltL_push_methods(L, (lt_dtype)d);
        for (const ltL_RegOp *r = l; r->name; r++) {
            lua_pushinteger(L, r->op);
            lua_pushcclosure(L, r->fn, 1);
            lua_setfield(L, -2, r->name);
        }
        lua_pop(L, 1);
    }
}

void ltL_addfuncs_op(lua_State *L, int torch, const ltL_RegOp *l)
{
    for (const ltL_RegOp *r = l; r->name; r++) {
        lua_pushinteger(L, r->op);
        lua_pushcclosure(L, r->fn, 1);
        lua_setfield(L, torch, r->name);
    }
}

static const luaL_Reg methods[] = {
    { "size", l_size }, { "stride", l_stride }, { "dim", l_dim }, { "nDimension", l_dim },
    { "nElement", l_nelement }, { "numel", l_nelement }, { "isContiguous", l_iscontiguous },
    { "isSameSizeAs", l_issamesizeas }, { "isSize", l_issize }, { "storage", l_storage },
    { "storageOffset", l_storageoffset }, { "type", l_type }, { "typeAs", l_typeas },
    { "copy", l_copy }, { "fill", l_fill }, { "zero", l_zero }, { "clone", l_clone },
    { "contiguous", l_contiguous }, { "equal", l_equal }, { "totable", l_totable },
    { "free", l_close }, { "resize", l_resize }, { "resizeAs", l_resizeas }, { "set", l_set },
    { "narrow", l_narrow }, { "sub", l_sub }, { "select", l_select },
    { "transpose", l_transpose }, { "t", l_t }, { "permute", l_permute }, { "unfold", l_unfold },
    { "view", l_view }, { "viewAs", l_viewas }, { "reshape", l_reshape }, { "expand", l_expand },
    { "expandAs", l_expandas }, { "squeeze", l_squeeze }, { "unsqueeze", l_unsqueeze },
    { "split", l_split }, { "chunk", l_chunk }, { "apply", l_apply }, { "map", l_map },
    { "map2", l_map2 }, { NULL, NULL }
};

/* torch.<fn>(t, ...) forms of methods whose first argument is the tensor */
static const luaL_Reg funcs[] = {
    { "isTensor", l_isTensor }, { "setdefaulttensortype", l_setdefaulttensortype },
    { "getdefaulttensortype", l_getdefaulttensortype }, { "clone", l_clone },
    { "narrow", l_narrow }, { "select", l_select }, { "transpose", l_transpose },
    { "t", l_t }, { "permute", l_permute }, { "unfold", l_unfold }, { "view", l_view },
    { "viewAs", l_viewas }, { "reshape", l_reshape }, { "expand", l_expand },
    { "expandAs", l_expandas }, { "squeeze", l_squeeze }, { "unsqueeze", l_unsqueeze },
    { "split", l_split }, { "chunk", l_chunk }, { "equal", l_equal }, { "totable", l_totable },
    { "contiguous", l_contiguous }, { "typeAs", l_typeas }, { NULL, NULL }
};

static const char *const convert_names[LT_NDTYPES] = {
    "byte", "char", "short", "int", "long", "float", "double"
};

void ltL_newclass(lua_State *L, int torch, const ltL_ClassSpec *c)
{
    /* the class table, torch.<Name>: holds the methods; calling it or its
    ** `new` constructs (the dtype is the constructors' upvalue) */
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, c->methods_key);
    lua_newtable(L);
    lua_pushinteger(L, c->dtype);
    lua_pushcclosure(L, c->construct_call, 1);
    lua_setfield(L, -2, "__call");
    lua_pushstring(L, c->name);
    lua_setfield(L, -2, "__typename");
    lua_setmetatable(L, -2);
    lua_pushinteger(L, c->dtype);
    lua_pushcclosure(L, c->construct_new, 1);
    lua_setfield(L, -2, "new");
    lua_pushstring(L, c->name);
    lua_setfield(L, -2, "__typename");
    lua_setfield(L, torch, c->name + 6);   /* strip "torch." */

    /* the userdata metatable; __index gets the class table as upvalue */
    luaL_newmetatable(L, c->name);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, c->mt_key);
    lua_rawgetp(L, LUA_REGISTRYINDEX, c->methods_key);
    lua_pushcclosure(L, c->index, 1);
    lua_setfield(L, -2, "__index");
    const luaL_Reg meta[] = {
        { "__newindex", c->newindex }, { "__gc", c->gc }, { "__close", c->close },
        { "__len", c->len }, { NULL, NULL }
    };
    for (const luaL_Reg *r = meta; r->name; r++) {
        if (!r->func) continue;
        lua_pushcfunction(L, r->func);
        lua_setfield(L, -2, r->name);
    }
    lua_pushstring(L, c->name);
    lua_setfield(L, -2, "__typename");
    lua_pop(L, 1);
}

void ltL_open_tensor(lua_State *L, int torch)
{
    lt_memhooks h = { mem_notify, mem_retry, NULL };
    lt_set_memhooks(&h);
    lua_pushinteger(L, LT_DOUBLE);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &default_key);
    for (int d = 0; d < LT_NDTYPES; d++) {
        ltL_ClassSpec spec = {
            ltL_tensor_names[d], d, l_construct_call, l_construct_new, l_index, l_newindex,
            l_gc, l_close, l_len, &methods_keys[d], &mt_keys[d]
        };
        ltL_newclass(L, torch, &spec);
    }
    ltL_addmethods(L, methods);
    ltL_addfuncs(L, torch, funcs);
    for (int d = 0; d < LT_NDTYPES; d++) {
        for (int e = 0; e < LT_NDTYPES; e++) {
            ltL_push_methods(L, (lt_dtype)e);
            lua_pushinteger(L, d);
            lua_pushcclosure(L, l_totype, 1);
            lua_setfield(L, -2, convert_names[d]);
            lua_pop(L, 1);
        }
    }
}
