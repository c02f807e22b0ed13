/*
** l_utils.c — torch.Timer, tic/toc, threads, torch.config, and the two
** loops behind tensor printing.
**
** torch.Timer is Torch7's: a userdata that accumulates wall-clock, user and
** system time while running; stop() banks the time counted so far, resume()
** starts counting again, reset() zeroes the totals (a stopped timer stays
** stopped), time() returns {real=, user=, sys=} in seconds.  Wall-clock time
** comes from CLOCK_MONOTONIC (Torch7 used gettimeofday, which jumps when the
** clock is set); user and system time from getrusage.
**
** Printing (torch/print.lua) is Torch7's algorithm in Lua; only its two
** loops over elements live here, so that printing a 1000x1000 tensor takes
** milliseconds: torch._printstats scans every element once (all integers?
** smallest and largest magnitude, NaN-propagating like TH's minall/maxall),
** and torch._printmatrix formats a block of columns of a matrix (or the
** elements of a vector or storage, one per line) into one string.  Both read
** elements as doubles, as Torch7 did by copying into a DoubleTensor first.
** The format string comes from print.lua but is checked here against the
** few shapes it can take, so no caller can reach printf with a bad format.
*/
#include "ltorch.h"
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#ifndef LANTERN_VERSION
#define LANTERN_VERSION "0.1.0"
#endif

/* ------------------------------------------------------------------ clocks */
static double now_real(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void now_cpu(double *user, double *sys)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0) {
        *user = *sys = 0;
        return;
    }
    *user = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6;
    *sys = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

/* ------------------------------------------------------------------- Timer */
#define TIMER_NAME "torch.Timer"
#define TIMER_MAGIC 0x4c616e7465726e43ull   /* "LanternC" */

typedef struct ltL_timer {
    uint64_t magic;
    int running;
    double total[3];    /* real, user, sys banked by stop() */
    double start[3];    /* readings when last started */
} ltL_timer;

static char timer_mt_key;

static void timer_read(double *v)
{
    v[0] = now_real();
    now_cpu(&v[1], &v[2]);
}

static ltL_timer *checktimer(lua_State *L, int idx)
{
    ltL_timer *u = lua_touserdata(L, idx);
    if (!u || lua_rawlen(L, idx) != sizeof(ltL_timer) || u->magic != TIMER_MAGIC)
        luaL_argerror(L, idx, lua_pushfstring(L, TIMER_NAME " expected, got %s",
                                              lua_isnone(L, idx) ? "no value"
                                                                 : ltL_typename(L, idx)));
    return u;
}

static int l_timer_new(lua_State *L)         /* torch.Timer() / torch.Timer.new() */
{
    ltL_timer *u = lua_newuserdatauv(L, sizeof *u, 0);
    memset(u, 0, sizeof *u);
    u->magic = TIMER_MAGIC;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &timer_mt_key);
    lua_setmetatable(L, -2);
    u->running = 1;
    timer_read(u->start);
    return 1;
}

static int l_timer_call(lua_State *L)        /* the class table's __call */
{
    lua_settop(L, 0);
    return l_timer_new(L);
}

static int l_timer_reset(lua_State *L)
{
    ltL_timer *u = checktimer(L, 1);
    for (int i = 0; i < 3; i++) u->total[i] = 0;
    timer_read(u->start);
    lua_settop(L, 1);
    return 1;
}

static int l_timer_stop(lua_State *L)
{
    ltL_timer *u = checktimer(L, 1);
    if (u->running) {
        double v[3];
        timer_read(v);
        for (int i = 0; i < 3; i++) u->total[i] += v[i] - u->start[i];
        u->running = 0;
    }
    lua_settop(L, 1);
    return 1;
}

static int l_timer_resume(lua_State *L)
{
    ltL_timer *u = checktimer(L, 1);
    if (!u->running) {
        u->running = 1;
        timer_read(u->start);
    }
    lua_settop(L, 1);
    return 1;
}

static int l_timer_time(lua_State *L)
{
    ltL_timer *u = checktimer(L, 1);
    double v[3] = { 0, 0, 0 };
    if (u->running) timer_read(v);
    static const char *const keys[3] = { "real", "user", "sys" };
    lua_createtable(L, 0, 3);
    for (int i = 0; i < 3; i++) {
        lua_pushnumber(L, u->total[i] + (u->running ? v[i] - u->start[i] : 0));
        lua_setfield(L, -2, keys[i]);
    }
    return 1;
}

static int l_timer_tostring(lua_State *L)
{
    ltL_timer *u = checktimer(L, 1);
    lua_pushfstring(L, TIMER_NAME " [status: %s]", u->running ? "running" : "stopped");
    return 1;
}

static const luaL_Reg timer_methods[] = {
    { "reset", l_timer_reset }, { "stop", l_timer_stop }, { "resume", l_timer_resume },
    { "time", l_timer_time }, { "new", l_timer_new }, { NULL, NULL }
};

/* ---------------------------------------------------------------- tic/toc */
/* torch.tic() starts the stopwatch and returns the start time; torch.toc()
** returns the seconds since the last tic, torch.toc(t0) since the start
** time t0 a tic returned (so timings can nest). */
static double tic_start = -1;

static int l_tic(lua_State *L)
{
    tic_start = now_real();
    lua_pushnumber(L, tic_start);
    return 1;
}

static int l_toc(lua_State *L)
{
    double t0;
    if (!lua_isnoneornil(L, 1)) {
        if (lua_type(L, 1) != LUA_TNUMBER)
            return luaL_argerror(L, 1, lua_pushfstring(L, "number (a time from torch.tic()) "
                                                       "expected, got %s", ltL_typename(L, 1)));
        t0 = lua_tonumber(L, 1);
    } else {
        if (tic_start < 0) return ltL_error(L, "call torch.tic() first");
        t0 = tic_start;
    }
    lua_pushnumber(L, now_real() - t0);
    return 1;
}

/* ---------------------------------------------------------------- threads */
static int l_setnumthreads(lua_State *L)
{
    int64_t n = ltL_checkinteger(L, 1);
    if (n < 1 || n > 1024)
        return luaL_argerror(L, 1, lua_pushfstring(L, "number of threads must be between 1 "
                                                   "and 1024, got %I", (lua_Integer)n));
    lt_set_num_threads((int)n);
    return 0;
}

static int l_getnumthreads(lua_State *L)
{
    lua_pushinteger(L, lt_get_num_threads());
    return 1;
}

static int l_getnumcores(lua_State *L)
{
    lua_pushinteger(L, lt_get_num_cores());
    return 1;
}

/* ----------------------------------------------------------------- config */
/* The table's __tostring: one labelled line per setting, in a fixed order,
** so `print(torch.config())` is the report. */
static int l_config_tostring(lua_State *L)
{
    static const char *const rows[][2] = {
        { "version", "Lantern" }, { "lua", "Lua" }, { "blas_library", "OpenBLAS library" },
        { "blas_config", "OpenBLAS config" }, { "blas_core", "OpenBLAS core" },
        { "cpu", "CPU" }, { "blas_core_choice", "core chosen by" }, { "threads", "threads" },
        { "cores", "cores" }, { "openmp", "OpenMP" }, { "cuda", "CUDA" },
    };
    luaL_Buffer b;
    char label[32];
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_buffinit(L, &b);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        snprintf(label, sizeof label, "%-17s ", rows[i][1]);
        luaL_addstring(&b, label);
        lua_getfield(L, 1, rows[i][0]);
        if (lua_isboolean(L, -1)) {
            luaL_addstring(&b, lua_toboolean(L, -1) ? "yes" : "no");
            lua_pop(L, 1);
        } else {
            luaL_tolstring(L, -1, NULL);
            lua_remove(L, -2);
            luaL_addvalue(&b);
        }
        luaL_addchar(&b, '\n');
    }
    luaL_pushresult(&b);
    return 1;
}

static void setstr(lua_State *L, const char *k, const char *v)
{
    lua_pushstring(L, v ? v : "unknown");
    lua_setfield(L, -2, k);
}

static int l_config(lua_State *L)
{
    const lt_blas_info *bi = lt_blas_info_get();   /* loads OpenBLAS, picking its core */
    lua_createtable(L, 0, 12);
    setstr(L, "version", LANTERN_VERSION);
    setstr(L, "lua", LUA_RELEASE);
    if (bi->loaded) {
        setstr(L, "blas_library", bi->library);
        setstr(L, "blas_config", bi->config);
        setstr(L, "blas_core", bi->corename);
    } else {
        setstr(L, "blas_library", "not loaded");
        setstr(L, "blas_config", lt_errmsg());
        setstr(L, "blas_core", "none");
    }
    setstr(L, "cpu", bi->cpu);
    setstr(L, "blas_core_choice", bi->choice);
    lua_pushinteger(L, lt_get_num_threads());
    lua_setfield(L, -2, "threads");
    lua_pushinteger(L, lt_get_num_cores());
    lua_setfield(L, -2, "cores");
#ifdef _OPENMP
    lua_pushboolean(L, 1);
#else
    lua_pushboolean(L, 0);
#endif
    lua_setfield(L, -2, "openmp");
#ifdef LT_HAVE_CUDA
    lua_pushboolean(L, 1);
#else
    lua_pushboolean(L, 0);
#endif
    lua_setfield(L, -2, "cuda");
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, l_config_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_setmetatable(L, -2);
    return 1;
}

/* --------------------------------------------------------------- printing */
/* The tensor or storage at idx as a tensor view v (a storage is a vector).
** Returns 0 for a closed tensor.  Checks that the view fits its storage. */
static int printable(lua_State *L, int idx, lt_tensor *v)
{
    memset(v, 0, sizeof *v);
    if (ltL_istensor(L, idx)) {
        lt_tensor *t = ltL_totensor(L, idx);
        if (!t) return 0;
        if (lt_check_bounds(t) != LT_OK) luaL_error(L, "cannot print: %s", lt_errmsg());
        *v = *t;
        return 1;
    }
    lt_storage *s = ltL_tostorage(L, idx);
    if (!s) luaL_argerror(L, idx, lua_pushfstring(L, "tensor or storage expected, got %s",
                                                  ltL_typename(L, idx)));
    v->storage = s;
    v->dtype = s->dtype;
    v->ndim = 1;
    v->size[0] = s->size;
    v->stride[0] = 1;
    return 1;
}

/* What the printing format depends on: are all elements integers, and the
** smallest and largest magnitude; a NaN anywhere makes both NaN (as TH's
** minall/maxall return it). */
typedef struct stats { int intmode, nan; double lo, hi; } stats;

static void scan(const lt_tensor *v, stats *st)
{
    int64_t n = lt_numel(v);
    if (v->ndim == 0 || n == 0) return;
    const char *base = (const char *)v->storage->data;
    size_t es = lt_elsize(v);
    double (*get)(const void *) = lt_dtypes[v->dtype].get;
    int isf = lt_dtypes[v->dtype].is_float, last = v->ndim - 1;
    int64_t idx[LT_MAXDIM] = { 0 }, off = v->offset;
    for (int64_t i = 0; i < n;) {
        /* innermost run */
        int64_t m = v->size[last], s = v->stride[last];
        for (int64_t j = 0; j < m; j++) {
            double x = get(base + (size_t)(off + j * s) * es);
            if (x != x) {
                st->nan = 1;
                st->intmode = 0;
                return;   /* NaN decides everything (TH's minall/maxall stop there) */
            }
            if (isf && st->intmode && x != ceil(x)) st->intmode = 0;
            double a = fabs(x);
            if (a < st->lo) st->lo = a;
            if (a > st->hi) st->hi = a;
        }
        i += m;
        for (int d = last - 1; d >= 0; d--) {   /* odometer over the outer dims */
            off += v->stride[d];
            if (++idx[d] < v->size[d]) break;
            off -= v->stride[d] * v->size[d];
            idx[d] = 0;
        }
    }
}

/* torch._printstats(x) -> n, intmode, minabs, maxabs (both NaN when x holds
** a NaN); nil for a closed tensor. */
static int l_printstats(lua_State *L)
{
    lt_tensor v;
    if (!printable(L, 1, &v)) return 0;
    stats st = { 1, 0, HUGE_VAL, 0 };
    int64_t n = v.ndim ? lt_numel(&v) : 0;
    scan(&v, &st);
    lua_pushinteger(L, n);
    lua_pushboolean(L, st.intmode);
    lua_pushnumber(L, st.nan ? NAN : (n ? st.lo : 0));
    lua_pushnumber(L, st.nan ? NAN : st.hi);
    return 4;
}

/* A format print.lua may use: "%f", or "%<w>d", "%<w>.<p>f", "%<w>.<p>e"
** with w, p below 100.  Fills the C format (with "lld" for integers). */
static int checkfmt(const char *f, char *out, size_t n, char *conv)
{
    const char *p = f;
    int w = 0, prec = 0;
    if (*p++ != '%') return 0;
    while (*p >= '0' && *p <= '9' && w < 100) w = w * 10 + (*p++ - '0');
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9')) return 0;
        while (*p >= '0' && *p <= '9' && prec < 100) prec = prec * 10 + (*p++ - '0');
    }
    if (w >= 100 || prec >= 100) return 0;
    *conv = *p;
    if ((*p != 'd' && *p != 'f' && *p != 'e') || p[1] != '\0') return 0;
    if (*p == 'd') {
        if (strchr(f, '.')) return 0;
        snprintf(out, n, "%%%dlld", w);
    } else {
        snprintf(out, n, "%s", f);
    }
    return 1;
}

/* torch._printmatrix(x, fmt, scale, c1, c2, rowprefix) -> string
** x: a matrix (columns c1..c2 of each row), a vector or a storage (one
** element per row).  Each row is its values formatted with fmt after
** dividing by scale, separated by ' ', ended by '\n'; rowprefix goes
** before every row but the first. */
static int l_printmatrix(lua_State *L)
{
    lt_tensor v;
    char cfmt[32], conv = 0;
    if (!printable(L, 1, &v)) return luaL_argerror(L, 1, "tensor was closed");
    const char *fmt = luaL_checkstring(L, 2);
    double scale = luaL_checknumber(L, 3);
    if (!checkfmt(fmt, cfmt, sizeof cfmt, &conv))
        return luaL_argerror(L, 2, lua_pushfstring(L, "unsupported format '%s'", fmt));
    if (v.ndim != 1 && v.ndim != 2)
        return luaL_argerror(L, 1, lua_pushfstring(L, "vector or matrix expected, got a %dD "
                                                   "tensor", v.ndim));
    int64_t rows = v.size[0], cols = v.ndim == 2 ? v.size[1] : 1;
    int64_t rs = v.stride[0], cs = v.ndim == 2 ? v.stride[1] : 0;
    int64_t c1 = ltL_optinteger(L, 4, 1), c2 = ltL_optinteger(L, 5, cols);
    size_t plen;
    const char *prefix = luaL_optlstring(L, 6, "", &plen);
    if (cols > 0 && (c1 < 1 || c2 > cols || c1 > c2))
        return ltL_error(L, "columns %I to %I out of range for %I columns", (lua_Integer)c1,
                         (lua_Integer)c2, (lua_Integer)cols);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    if (rows == 0 || cols == 0) {
        luaL_pushresult(&b);
        return 1;
    }
    const char *base = (const char *)v.storage->data;
    size_t es = lt_elsize(&v);
    double (*get)(const void *) = lt_dtypes[v.dtype].get;
    char num[512];
    for (int64_t r = 0; r < rows; r++) {
        if (lt_cancel_requested()) ltL_check(L, LT_ECANCEL, 0);
        if (r > 0) luaL_addlstring(&b, prefix, plen);
        for (int64_t c = c1 - 1; c < c2; c++) {
            double x = get(base + (size_t)(v.offset + r * rs + c * cs) * es) / scale;
            int len;
            if (conv == 'd' && fabs(x) < 9e18) len = snprintf(num, sizeof num, cfmt, (long long)x);
            else if (conv == 'd') len = snprintf(num, sizeof num, "%.0f", x);
            else len = snprintf(num, sizeof num, cfmt, x);
            if (len < 0) len = 0;
            if ((size_t)len >= sizeof num) len = (int)sizeof num - 1;
            luaL_addlstring(&b, num, (size_t)len);
            luaL_addchar(&b, c + 1 < c2 ? ' ' : '\n');
        }
    }
    luaL_pushresult(&b);
    return 1;
}

/* ------------------------------------------------------------ registration */
static const luaL_Reg funcs[] = {
    { "tic", l_tic }, { "toc", l_toc }, { "setnumthreads", l_setnumthreads },
    { "getnumthreads", l_getnumthreads }, { "getnumcores", l_getnumcores },
    { "config", l_config }, { "_printstats", l_printstats }, { "_printmatrix", l_printmatrix },
    { NULL, NULL }
};

void ltL_open_utils(lua_State *L, int torch)
{
    ltL_addfuncs(L, torch, funcs);

    /* torch.Timer: a callable class table holding the methods */
    lua_newtable(L);
    luaL_setfuncs(L, timer_methods, 0);
    lua_pushstring(L, TIMER_NAME);
    lua_setfield(L, -2, "__typename");
    lua_newtable(L);
    lua_pushcfunction(L, l_timer_call);
    lua_setfield(L, -2, "__call");
    lua_pushstring(L, TIMER_NAME);
    lua_setfield(L, -2, "__typename");
    lua_setmetatable(L, -2);
    int cls = lua_gettop(L);

    luaL_newmetatable(L, TIMER_NAME);
    lua_pushvalue(L, cls);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, l_timer_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushstring(L, TIMER_NAME);
    lua_setfield(L, -2, "__typename");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &timer_mt_key);
    lua_setfield(L, torch, "Timer");
}
