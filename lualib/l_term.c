/*
** l_term.c — what the terminal-facing Lua libraries (xlua.progress,
** gnuplot) need from C: is a stream a terminal, how wide is it, and a fast
** formatter for the data sent to gnuplot.
**
** torch.isatty and torch.termsize are public; torch._ignoresigpipe,
** torch._gnuplotrows, torch._decimate, torch._mkfifo and torch._fifo* are
** internals of the gnuplot module (underscore names, as torch._printstats).
** The FIFO functions carry gnuplot's "done drawing" markers back to us: the
** module waits for one after a text picture (so the REPL's next prompt
** comes after the picture, not before it), and a live plot skips a redraw
** while the previous one is still being drawn (so a slow gnuplot never
** stalls a training loop).
**
** SIGPIPE: a write to a pipe whose reader (gnuplot) has died raises SIGPIPE,
** whose default action kills the whole session.  The gnuplot module turns it
** off once, before it starts its first process; writes then fail with EPIPE,
** which the module reports as a Lua error ("gnuplot exited").  Python does
** the same at start-up.  A handler already installed by the embedding
** program is left alone.
**
** _gnuplotrows formats columns of numbers as gnuplot's inline data: one
** line per row, values separated by one space.  Integral values are
** written as integers; others in the shortest of %.15g / %.17g that reads
** back to the same double, so the stream is compact for round numbers and
** exact for all (gnuplot parses doubles).  NaN and infinities become
** "NaN", which gnuplot skips as an undefined point.  Doing this in C costs
** 0.1 to 1 microsecond per value (three conversions when 17 digits are
** needed) instead of a Lua loop over tensor indexing.
*/
#include "ltorch.h"
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int checkfd(lua_State *L, int idx)
{
    if (lua_type(L, idx) == LUA_TSTRING) {
        const char *s = lua_tostring(L, idx);
        if (strcmp(s, "stdin") == 0) return 0;
        if (strcmp(s, "stdout") == 0) return 1;
        if (strcmp(s, "stderr") == 0) return 2;
        luaL_argerror(L, idx, lua_pushfstring(L, "expected 'stdin', 'stdout', 'stderr' or a "
                                              "file descriptor, got '%s'", s));
    }
    if (lua_isnoneornil(L, idx)) return 1;
    int64_t fd = ltL_checkinteger(L, idx);
    if (fd < 0 || fd > 1 << 20) luaL_argerror(L, idx, "file descriptor out of range");
    return (int)fd;
}

static int l_isatty(lua_State *L)   /* torch.isatty([fd | 'stdout']) -> boolean */
{
    lua_pushboolean(L, isatty(checkfd(L, 1)));
    return 1;
}

/* torch.termsize([fd]) -> columns, rows of the terminal on fd (stdout by
** default), or nil when it is not a terminal.  $COLUMNS/$LINES are the
** fallback when the ioctl gives nothing (as under some multiplexers). */
static int l_termsize(lua_State *L)
{
    int fd = checkfd(L, 1);
    struct winsize ws;
    memset(&ws, 0, sizeof ws);
    if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
        lua_pushinteger(L, ws.ws_col);
        lua_pushinteger(L, ws.ws_row);
        return 2;
    }
    const char *c = getenv("COLUMNS"), *r = getenv("LINES");
    long cols = c ? strtol(c, NULL, 10) : 0, rows = r ? strtol(r, NULL, 10) : 0;
    if (cols > 0 && cols < 100000) {
        lua_pushinteger(L, cols);
        if (rows > 0 && rows < 100000) lua_pushinteger(L, rows);
        else lua_pushnil(L);
        return 2;
    }
    lua_pushnil(L);
    return 1;
}

static int l_ignoresigpipe(lua_State *L)
{
    struct sigaction sa;
    if (sigaction(SIGPIPE, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL) {
        sa.sa_handler = SIG_IGN;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = 0;
        sigaction(SIGPIPE, &sa, NULL);
    }
    return 0;
}

/* torch._mkfifo(path) -> true | nil, message */
static int l_mkfifo(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    if (mkfifo(path, 0600) != 0) {
        luaL_pushfail(L);
        lua_pushstring(L, strerror(errno));
        return 2;
    }
    lua_pushboolean(L, 1);
    return 1;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* torch._fifoopen(path) -> fd | nil, message.  Opened read-write: Linux
** allows it on a FIFO (fifo(7)), and with a writer of our own the FIFO
** never reports end-of-file or hang-up between gnuplot's writes, and
** gnuplot's `set print` never blocks waiting for a reader, nor gets
** EPIPE because a reader went away. */
static int l_fifoopen(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    int fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        luaL_pushfail(L);
        lua_pushstring(L, strerror(errno));
        return 2;
    }
    lua_pushinteger(L, fd);
    return 1;
}

/* torch._fiforead(fd, seconds) -> number of markers (lines) read: those
** already there, else the first to come within `seconds` (0: just look). */
static int l_fiforead(lua_State *L)
{
    int64_t fd = ltL_checkinteger(L, 1);
    double timeout = luaL_checknumber(L, 2);
    if (fd < 0 || fd > INT32_MAX) luaL_argerror(L, 1, "file descriptor out of range");
    double end = now_s() + timeout;
    int64_t lines = 0;
    for (;;) {
        char buf[256];
        ssize_t n;
        while ((n = read((int)fd, buf, sizeof buf)) > 0)
            for (ssize_t i = 0; i < n; i++) lines += buf[i] == '\n';
        if (n < 0 && errno != EAGAIN && errno != EINTR) break;
        if (lines > 0) break;
        double left = end - now_s();
        if (left <= 0) break;
        struct pollfd p = { .fd = (int)fd, .events = POLLIN };
        int r = poll(&p, 1, (int)(left * 1000) + 1);
        if (r < 0 && errno != EINTR) break;
    }
    lua_pushinteger(L, lines);
    return 1;
}

static int l_fifoclose(lua_State *L)
{
    int64_t fd = ltL_checkinteger(L, 1);
    if (fd >= 0 && fd <= INT32_MAX) close((int)fd);
    return 0;
}

static void addnumber(luaL_Buffer *b, double v, int is_int)
{
    char s[40];
    int n;
    if (!isfinite(v)) {
        luaL_addstring(b, "NaN");
        return;
    }
    if (is_int || (v == floor(v) && fabs(v) < 9007199254740992.0)) {
        /* integral values (steps, counts, the x axis): digits, no search;
        ** -0.0 stays "-0" so that it too reads back to itself */
        if (v == 0 && signbit(v)) n = snprintf(s, sizeof s, "-0");
        else n = snprintf(s, sizeof s, "%lld", (long long)v);
    } else {
        n = snprintf(s, sizeof s, "%.15g", v);
        if (strtod(s, NULL) != v) n = snprintf(s, sizeof s, "%.17g", v);
    }
    luaL_addlstring(b, s, (size_t)n);
}

/* torch._gnuplotrows([blockrows,] t1, t2, ...) -> string.  Each ti is a
** vector of n values or an n x k matrix (k columns); row i of the output is
** the values of row i of every ti.  With blockrows, an empty line follows
** every blockrows rows (the scan lines of splot's grid data). */
static int l_gnuplotrows(lua_State *L)
{
    int first = 1;
    int64_t block = 0;
    if (lua_type(L, 1) == LUA_TNUMBER) {
        block = ltL_checkinteger(L, 1);
        if (block < 1) luaL_argerror(L, 1, "block size must be positive");
        first = 2;
    }
    int top = lua_gettop(L), ncol = top - first + 1;
    if (ncol < 1) return ltL_error(L, "expected at least one tensor");
    const lt_tensor **t = lua_newuserdatauv(L, sizeof(lt_tensor *) * (size_t)ncol, 0);
    int64_t n = -1;
    for (int i = 0; i < ncol; i++) {
        t[i] = ltL_checktensor(L, first + i);
        if (t[i]->ndim != 1 && t[i]->ndim != 2)
            luaL_argerror(L, first + i, lua_pushfstring(L, "expected a vector or a matrix, got "
                                                        "a %dD tensor", t[i]->ndim));
        if (n >= 0 && t[i]->size[0] != n)
            luaL_argerror(L, first + i, lua_pushfstring(L, "expected %I rows, got %I",
                                                        (lua_Integer)n,
                                                        (lua_Integer)t[i]->size[0]));
        n = t[i]->size[0];
    }
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int64_t r = 0; r < n; r++) {
        int sep = 0;
        for (int i = 0; i < ncol; i++) {
            const lt_tensor *x = t[i];
            const lt_dtype_traits *tr = &lt_dtypes[x->dtype];
            const char *row = (const char *)lt_data(x) + r * x->stride[0] * (int64_t)tr->size;
            int64_t k = x->ndim == 2 ? x->size[1] : 1;
            int64_t st = x->ndim == 2 ? x->stride[1] : 0;
            for (int64_t c = 0; c < k; c++) {
                if (sep) luaL_addchar(&b, ' ');
                sep = 1;
                addnumber(&b, tr->get(row + c * st * (int64_t)tr->size), !tr->is_float);
            }
        }
        luaL_addchar(&b, '\n');
        if (block && (r + 1) % block == 0) luaL_addchar(&b, '\n');
    }
    luaL_pushresult(&b);
    return 1;
}

/* torch._decimate(x, y, nbuckets) -> x2, y2 (DoubleTensors).  Thins a
** long curve for drawing: the points are cut into nbuckets runs of equal
** length and each run keeps its lowest and its highest point (in their
** order), plus the curve's first and last points.  A line through what is
** kept covers the same pixels as the full curve at any width below
** nbuckets pixels, so a live plot's redraw costs the same at step 10^6 as
** at step 10^4.  x and y are vectors of one length n > 2 * nbuckets. */
static int l_decimate(lua_State *L)
{
    const lt_tensor *x = ltL_checktensor(L, 1), *y = ltL_checktensor(L, 2);
    int64_t nb = ltL_checkinteger(L, 3);
    if (x->ndim != 1 || y->ndim != 1 || x->size[0] != y->size[0])
        return ltL_error(L, "expected two vectors of one length");
    int64_t n = x->size[0];
    if (nb < 1 || n <= 2 * nb) luaL_argerror(L, 3, "expected 1 <= nbuckets < n / 2");
    const lt_dtype_traits *tx = &lt_dtypes[x->dtype], *ty = &lt_dtypes[y->dtype];
    const char *px = lt_data(x), *py = lt_data(y);
    int64_t sx = x->stride[0] * (int64_t)tx->size, sy = y->stride[0] * (int64_t)ty->size;
#define XV(i) tx->get(px + (i) * sx)
#define YV(i) ty->get(py + (i) * sy)
    int64_t cap = 2 * nb + 2;
    lt_tensor *ox = ltL_newtensor(L, LT_DOUBLE), *oy = ltL_newtensor(L, LT_DOUBLE);
    ltL_check(L, lt_resize(ox, 1, &cap), 0);
    ltL_check(L, lt_resize(oy, 1, &cap), 0);
    double *dx = lt_data(ox), *dy = lt_data(oy);
    int64_t m = 0, lastkept = -1;
    for (int64_t b = 0; b < nb; b++) {
        int64_t lo = b * n / nb, hi = (b + 1) * n / nb;   /* [lo, hi), never empty */
        int64_t imin = lo, imax = lo;
        for (int64_t i = lo + 1; i < hi; i++) {
            double v = YV(i);
            if (v < YV(imin)) imin = i;
            if (v > YV(imax)) imax = i;
        }
        int64_t keep[3] = { imin < imax ? imin : imax, imin < imax ? imax : imin, -1 };
        if (b == 0 && keep[0] != 0) { keep[2] = keep[1]; keep[1] = keep[0]; keep[0] = 0; }
        for (int k = 0; k < 3; k++) {
            int64_t i = keep[k];
            if (i < 0 || i == lastkept) continue;
            dx[m] = XV(i);
            dy[m] = YV(i);
            m++;
            lastkept = i;
        }
    }
    if (lastkept != n - 1) {
        dx[m] = XV(n - 1);
        dy[m] = YV(n - 1);
        m++;
    }
#undef XV
#undef YV
    ltL_check(L, lt_resize(ox, 1, &m), 0);
    ltL_check(L, lt_resize(oy, 1, &m), 0);
    return 2;
}

static const luaL_Reg funcs[] = {
    { "isatty", l_isatty },
    { "termsize", l_termsize },
    { "_ignoresigpipe", l_ignoresigpipe },
    { "_gnuplotrows", l_gnuplotrows },
    { "_mkfifo", l_mkfifo },
    { "_fifoopen", l_fifoopen },
    { "_fiforead", l_fiforead },
    { "_fifoclose", l_fifoclose },
    { "_decimate", l_decimate },
    { NULL, NULL }
};

void ltL_open_term(lua_State *L, int torch)
{
    ltL_addfuncs(L, torch, funcs);
}
