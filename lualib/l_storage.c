/*
** l_storage.c — torch.{Byte,...,Double}Storage: refcounted element blocks.
**
** A storage userdata holds one reference to an lt_storage.  s[i] reads and
** writes elements (1-based), #s and s:size() give the length; fill, copy
** (across types), resize, string (Byte/Char as Lua strings) and totable are
** Torch7's methods.  Printing is done in Lua (torch/print.lua).
*/
#include "ltorch.h"
#include <string.h>

const char *const ltL_storage_names[LT_NDTYPES] = {
    "torch.ByteStorage", "torch.CharStorage", "torch.ShortStorage", "torch.IntStorage",
    "torch.LongStorage", "torch.FloatStorage", "torch.DoubleStorage"
};

static char mt_keys[LT_NDTYPES], methods_keys[LT_NDTYPES];

void ltL_push_storage_mt(lua_State *L, lt_dtype dt) { lua_rawgetp(L, LUA_REGISTRYINDEX, &mt_keys[dt]); }
void ltL_push_storage_methods(lua_State *L, lt_dtype dt)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &methods_keys[dt]);
}

static ltL_storage *toud(lua_State *L, int idx)
{
    ltL_storage *u = lua_touserdata(L, idx);
    if (!u || lua_rawlen(L, idx) != sizeof(ltL_storage)) return NULL;
    return u->magic == LTL_STORAGE_MAGIC ? u : NULL;
}

lt_storage *ltL_tostorage(lua_State *L, int idx)
{
    ltL_storage *u = toud(L, idx);
    return u ? u->s : NULL;
}

lt_storage *ltL_checkstorage(lua_State *L, int idx)
{
    ltL_storage *u = toud(L, idx);
    if (!u || !u->s)
        luaL_argerror(L, idx, lua_pushfstring(L, "storage expected, got %s", ltL_typename(L, idx)));
    return u->s;
}

void ltL_pushstorage(lua_State *L, lt_storage *s)
{
    ltL_storage *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->s = NULL;
    u->magic = LTL_STORAGE_MAGIC;
    ltL_push_storage_mt(L, s->dtype);
    lua_setmetatable(L, -2);
    u->s = s;
}

static lt_storage *newstorage(lua_State *L, lt_dtype dt, int64_t n)
{
    ltL_storage *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->s = NULL;
    u->magic = LTL_STORAGE_MAGIC;
    ltL_push_storage_mt(L, dt);
    lua_setmetatable(L, -2);
    lt_status st = lt_storage_new(dt, n, &u->s);
    if (st == LT_ENOMEM) {
        lua_gc(L, LUA_GCCOLLECT);
        st = lt_storage_new(dt, n, &u->s);
    }
    ltL_check(L, st, 0);
    return u->s;
}

void ltL_pushlongstorage(lua_State *L, int n, const int64_t *v)
{
    lt_storage *s = newstorage(L, LT_LONG, n);
    if (n) memcpy(s->data, v, sizeof(int64_t) * (size_t)n);
}

static void setelem(lua_State *L, lt_storage *s, int64_t i, int idx)
{
    lt_scalar v = ltL_checkscalar(L, idx);
    char *p = (char *)s->data + (size_t)i * lt_dtypes[s->dtype].size;
    if (v.is_int && !lt_dtypes[s->dtype].is_float) lt_dtypes[s->dtype].seti(p, v.i);
    else lt_dtypes[s->dtype].set(p, v.f);
    s->version++;
}

static void pushelem(lua_State *L, lt_storage *s, int64_t i)
{
    const char *p = (const char *)s->data + (size_t)i * lt_dtypes[s->dtype].size;
    if (lt_dtypes[s->dtype].is_float) lua_pushnumber(L, lt_dtypes[s->dtype].get(p));
    else lua_pushinteger(L, lt_dtypes[s->dtype].geti(p));
}

static int64_t checkpos(lua_State *L, lt_storage *s, int idx)
{
    int64_t i = ltL_checkinteger(L, idx);
    if (i < 1 || i > s->size)
        luaL_argerror(L, idx, lua_pushfstring(L, "index %I out of range (storage of size %I)",
                                              (lua_Integer)i, (lua_Integer)s->size));
    return i - 1;
}

/* torch.XStorage([n | table | string]) */
static int construct(lua_State *L, lt_dtype dt, int a)
{
    if (lua_isnoneornil(L, a)) {
        newstorage(L, dt, 0);
    } else if (lua_type(L, a) == LUA_TNUMBER) {
        int64_t n = ltL_checkinteger(L, a);
        if (n < 0) luaL_argerror(L, a, "storage size must be >= 0");
        newstorage(L, dt, n);
    } else if (lua_istable(L, a)) {
        int64_t n = (int64_t)lua_rawlen(L, a);
        lt_storage *s = newstorage(L, dt, n);
        int top = lua_gettop(L);
        for (int64_t i = 0; i < n; i++) {
            lua_rawgeti(L, a, i + 1);
            if (lua_type(L, -1) != LUA_TNUMBER)
                luaL_argerror(L, a, lua_pushfstring(L, "table entry %I is a %s, expected a number",
                                                    (lua_Integer)i + 1, luaL_typename(L, -1)));
            setelem(L, s, i, top + 1);
            lua_pop(L, 1);
        }
    } else if (lua_type(L, a) == LUA_TSTRING && (dt == LT_BYTE || dt == LT_CHAR)) {
        size_t len;
        const char *str = lua_tolstring(L, a, &len);
        lt_storage *s = newstorage(L, dt, (int64_t)len);
        memcpy(s->data, str, len);
    } else {
        luaL_argerror(L, a, lua_pushfstring(L, "size, table%s expected, got %s",
                                            (dt == LT_BYTE || dt == LT_CHAR) ? " or string" : "",
                                            ltL_typename(L, a)));
    }
    return 1;
}

static int l_construct_call(lua_State *L)
{
    lua_remove(L, 1);   /* the class table: argument numbers are the user's */
    return construct(L, (lt_dtype)lua_tointeger(L, lua_upvalueindex(1)), 1);
}

static int l_construct_new(lua_State *L)
{
    return construct(L, (lt_dtype)lua_tointeger(L, lua_upvalueindex(1)), 1);
}

static int l_gc(lua_State *L)
{
    ltL_storage *u = lua_touserdata(L, 1);
    if (u && u->s) {
        lt_storage_release(u->s);
        u->s = NULL;
    }
    return 0;
}

static int l_size(lua_State *L)
{
    lua_pushinteger(L, ltL_checkstorage(L, 1)->size);
    return 1;
}

static int l_len(lua_State *L)
{
    lua_settop(L, 1);
    return l_size(L);
}

static int l_index(lua_State *L)
{
    if (lua_type(L, 2) == LUA_TSTRING) {
        lua_pushvalue(L, 2);
        lua_rawget(L, lua_upvalueindex(1));
        return 1;
    }
    lt_storage *s = ltL_checkstorage(L, 1);
    pushelem(L, s, checkpos(L, s, 2));
    return 1;
}

static int l_newindex(lua_State *L)
{
    lt_storage *s = ltL_checkstorage(L, 1);
    if (lua_type(L, 2) != LUA_TNUMBER)
        return luaL_error(L, "storages are indexed by integers, got %s", luaL_typename(L, 2));
    setelem(L, s, checkpos(L, s, 2), 3);
    return 0;
}

static int l_fill(lua_State *L)
{
    lt_storage *s = ltL_checkstorage(L, 1);
    lt_storage_fill(s, ltL_checkscalar(L, 2));
    lua_settop(L, 1);
    return 1;
}

static int l_resize(lua_State *L)
{
    lt_storage *s = ltL_checkstorage(L, 1);
    int64_t n = ltL_checkinteger(L, 2);
    if (n < 0) luaL_argerror(L, 2, "storage size must be >= 0");
    ltL_check(L, lt_storage_resize(s, n), 0);
    lua_settop(L, 1);
    return 1;
}

static int l_copy(lua_State *L)
{
    lt_storage *s = ltL_checkstorage(L, 1);
    lt_storage *src = ltL_tostorage(L, 2);
    if (src) {
        ltL_check(L, lt_storage_copy(s, src), 1);
    } else {
        lt_tensor *t = ltL_checktensor(L, 2);
        lt_tensor view;
        memset(&view, 0, sizeof view);
        view.dtype = s->dtype;
        int64_t n = s->size;
        if (n) {
            view.storage = s;
            view.ndim = 1;
            view.size[0] = n;
            view.stride[0] = 1;
        }
        ltL_check(L, lt_copy(&view, t), 1);
    }
    lua_settop(L, 1);
    return 1;
}

static int l_string(lua_State *L)
{
    lt_storage *s = ltL_checkstorage(L, 1);
    if (s->dtype != LT_BYTE && s->dtype != LT_CHAR)
        return ltL_error(L, "string() is defined for ByteStorage and CharStorage only");
    if (lua_isnoneornil(L, 2)) {
        lua_pushlstring(L, s->data, (size_t)s->size);
        return 1;
    }
    size_t len;
    const char *str = luaL_checklstring(L, 2, &len);
    ltL_check(L, lt_storage_resize(s, (int64_t)len), 0);
    memcpy(s->data, str, len);
    lua_settop(L, 1);
    return 1;
}

static int l_totable(lua_State *L)
{
    lt_storage *s = ltL_checkstorage(L, 1);
    lua_createtable(L, (int)(s->size < 1 << 30 ? s->size : 0), 0);
    for (int64_t i = 0; i < s->size; i++) {
        if ((i & 0xffff) == 0xffff && lt_cancel_requested()) ltL_check(L, LT_ECANCEL, 0);
        pushelem(L, s, i);
        lua_rawseti(L, -2, i + 1);
    }
    return 1;
}

static int l_type(lua_State *L)
{
    lua_pushstring(L, ltL_storage_names[ltL_checkstorage(L, 1)->dtype]);
    return 1;
}

static int l_isStorage(lua_State *L)
{
    lua_pushboolean(L, ltL_tostorage(L, 1) != NULL);
    return 1;
}

static const luaL_Reg methods[] = {
    { "size", l_size }, { "fill", l_fill }, { "resize", l_resize }, { "copy", l_copy },
    { "string", l_string }, { "totable", l_totable }, { "type", l_type }, { NULL, NULL }
};

void ltL_open_storage(lua_State *L, int torch)
{
    for (int d = 0; d < LT_NDTYPES; d++) {
        ltL_ClassSpec spec = {
            ltL_storage_names[d], d, l_construct_call, l_construct_new, l_index, l_newindex,
            l_gc, NULL, l_len, &methods_keys[d], &mt_keys[d]
        };
        ltL_newclass(L, torch, &spec);
        ltL_push_storage_methods(L, (lt_dtype)d);
        luaL_setfuncs(L, methods, 0);
        lua_pop(L, 1);
    }
    lua_pushcfunction(L, l_isStorage);
    lua_setfield(L, torch, "isStorage");
}
