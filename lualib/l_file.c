/*
** l_file.c — torch.DiskFile, torch.MemoryFile and torch.PipeFile: Torch7's
** File objects, the byte layer under torch.save/torch.load.
**
** One userdata type with three backends: a stdio FILE (DiskFile, and
** PipeFile through popen) or a growable memory buffer (MemoryFile).  Every
** typed read and write goes through rawread/rawwrite, so binary storages
** move with one fread/fwrite (or memcpy) however large they are; ascii mode
** formats numbers the way Torch7's THDiskFile.c does ("%.17g" for doubles,
** one space between the values of one call, a newline after it), so ascii
** files are interchangeable with Torch7's.
**
** Loading untrusted files is the reason for the checks here: a read of n
** values first compares n with the bytes left in the file (known for disk
** and memory files) and refuses before allocating anything; where the size
** is unknown (pipes), storages grow in bounded chunks as bytes arrive, so
** memory never exceeds what was actually read plus one chunk.
**
** The classes: torch.File holds the methods (Lua adds readObject and the
** rest to it, see torch/File.lua); torch.DiskFile, torch.MemoryFile and
** torch.PipeFile are the userdata metatables, each inheriting from it.
** Atomic saving lives here too (DiskFile._atomic / f:_commit): a temporary
** file in the target's directory, fflush + fsync, rename, fsync of the
** directory.
*/
#include "ltorch.h"
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { F_DISK, F_MEMORY, F_PIPE };
static const char *const kind_names[] = { "torch.DiskFile", "torch.MemoryFile", "torch.PipeFile" };
static char kind_keys[3];         /* registry keys of the three metatables */
static char file_key;             /* registry key of torch.File (the methods) */

#define CHUNK_BYTES (1 << 20)     /* growth step when the bytes left are unknown */

#define FILE_MAGIC 0x4c616e7465726e46ull    /* "LanternF" */

typedef struct ltF_file {
    uint64_t magic;               /* identifies the userdata in one comparison */
    int kind;
    int open, readable, writable, binary, quiet, autospacing, haserror;
    FILE *fp;                     /* disk and pipe */
    char *buf;                    /* memory: contents, size bytes of cap */
    size_t size, cap, pos;
    char *name;                   /* disk: the path; pipe: the command */
    char *tmppath;                /* atomic save: the temporary file, until committed */
} ltF_file;

/* ------------------------------------------------------------ plumbing */
/* A File userdata: the block size and the magic (as ltorch.h's tensors),
** not three metatable comparisons, on the per-call path. */
static ltF_file *tofile(lua_State *L, int idx)
{
    if (lua_type(L, idx) != LUA_TUSERDATA || lua_rawlen(L, idx) != sizeof(ltF_file)) return NULL;
    ltF_file *f = lua_touserdata(L, idx);
    return f->magic == FILE_MAGIC ? f : NULL;
}

static ltF_file *checkfile(lua_State *L, int idx)
{
    ltF_file *f = tofile(L, idx);
    if (!f) luaL_argerror(L, idx, lua_pushfstring(L, "torch.File expected, got %s",
                                                  ltL_typename(L, idx)));
    return f;
}

static ltF_file *checkopen(lua_State *L, int idx)
{
    ltF_file *f = checkfile(L, idx);
    if (!f->open) ltL_error(L, "attempt to use a closed file");
    return f;
}

static ltF_file *checkreadable(lua_State *L)
{
    ltF_file *f = checkopen(L, 1);
    if (!f->readable) ltL_error(L, "attempt to read in a write-only file");
    return f;
}

static ltF_file *checkwritable(lua_State *L)
{
    ltF_file *f = checkopen(L, 1);
    if (!f->writable) ltL_error(L, "attempt to write in a read-only file");
    return f;
}

static ltF_file *newfile(lua_State *L, int kind)
{
    ltF_file *f = lua_newuserdatauv(L, sizeof *f, 0);
    memset(f, 0, sizeof *f);
    f->magic = FILE_MAGIC;
    f->kind = kind;
    f->binary = 0;            /* Torch7's default is ascii */
    f->autospacing = 1;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &kind_keys[kind]);
    lua_setmetatable(L, -2);
    return f;
}

/* Bytes left to read, or -1 when unknown (pipes). */
static int64_t remaining(ltF_file *f)
{
    if (f->kind == F_MEMORY) return (int64_t)(f->size - f->pos);
    if (f->kind == F_PIPE) return -1;
    if (f->writable) fflush(f->fp);
    struct stat st;
    off_t pos = ftello(f->fp);
    if (pos < 0 || fstat(fileno(f->fp), &st) != 0 || !S_ISREG(st.st_mode)) return -1;
    return st.st_size > pos ? (int64_t)(st.st_size - pos) : 0;
}

static size_t rawread(ltF_file *f, void *p, size_t n)
{
    if (n == 0) return 0;
    if (f->kind != F_MEMORY) return fread(p, 1, n, f->fp);
    size_t k = f->size - f->pos < n ? f->size - f->pos : n;
    if (k == 0) return 0;         /* an empty file may have no buffer at all */
    memcpy(p, f->buf + f->pos, k);
    f->pos += k;
    return k;
}

static int memreserve(ltF_file *f, size_t need)
{
    if (need <= f->cap) return 1;
    size_t cap = f->cap ? f->cap : 256;
    while (cap < need) {
        if (cap > SIZE_MAX / 2) return 0;
        cap *= 2;
    }
    char *nb = realloc(f->buf, cap);
    if (!nb) return 0;
    f->buf = nb;
    f->cap = cap;
    return 1;
}

static size_t rawwrite(ltF_file *f, const void *p, size_t n)
{
    if (n == 0) return 0;
    if (f->kind != F_MEMORY) return fwrite(p, 1, n, f->fp);
    if (f->pos + n < f->pos || !memreserve(f, f->pos + n)) return 0;
    memcpy(f->buf + f->pos, p, n);
    f->pos += n;
    if (f->pos > f->size) f->size = f->pos;
    return n;
}

static int rawgetc(ltF_file *f)
{
    if (f->kind != F_MEMORY) return getc(f->fp);
    return f->pos < f->size ? (unsigned char)f->buf[f->pos++] : EOF;
}

static void rawungetc(ltF_file *f, int c)
{
    if (c == EOF) return;
    if (f->kind != F_MEMORY) ungetc(c, f->fp);
    else f->pos--;
}

static int rawprintf(ltF_file *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int rawprintf(ltF_file *f, const char *fmt, ...)
{
    char b[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b, sizeof b, fmt, ap);
    va_end(ap);
    if (n < 0 || n >= (int)sizeof b) return 0;
    return rawwrite(f, b, (size_t)n) == (size_t)n;
}

/* Ascii: the next whitespace-delimited token into b (at most n-1 chars).
** Returns its length, 0 at end of file or when it is too long. */
static int readtoken(ltF_file *f, char *b, int n)
{
    int c;
    do c = rawgetc(f); while (c == ' ' || c == '\n' || c == '\t' || c == '\r');
    int k = 0;
    while (c != EOF && c != ' ' && c != '\n' && c != '\t' && c != '\r') {
        if (k == n - 1) return 0;
        b[k++] = (char)c;
        c = rawgetc(f);
    }
    rawungetc(f, c);
    b[k] = '\0';
    return k;
}

/* After the values of one ascii read: consume the newline the writer put. */
static void eatnewline(ltF_file *f)
{
    if (!f->autospacing) return;
    int c = rawgetc(f);
    if (c != '\n') rawungetc(f, c);
}

static int64_t tell(ltF_file *f)
{
    if (f->kind == F_MEMORY) return (int64_t)f->pos;
    if (f->kind == F_PIPE) return -1;
    return (int64_t)ftello(f->fp);
}

static void seekto(ltF_file *f, int64_t at)
{
    if (at < 0) return;
    if (f->kind == F_MEMORY) f->pos = (size_t)at;
    else fseeko(f->fp, (off_t)at, SEEK_SET);
}

static int parse_value(const char *tok, lt_dtype dt, void *dst)
{
    char *end;
    const lt_dtype_traits *tr = &lt_dtypes[dt];
    if (tr->is_float) {
        errno = 0;
        double v = strtod(tok, &end);
        if (*end) return 0;
        tr->set(dst, v);
    } else {
        errno = 0;
        long long v = strtoll(tok, &end, 10);
        if (*end || errno == ERANGE || v < tr->imin || v > tr->imax) return 0;
        tr->seti(dst, v);
    }
    return 1;
}

/* Read n values of dtype dt into p; returns how many were read. */
static size_t readvalues(ltF_file *f, lt_dtype dt, void *p, size_t n)
{
    size_t es = lt_dtypes[dt].size;
    if (f->binary || dt == LT_BYTE || dt == LT_CHAR) {   /* bytes are raw in ascii too */
        size_t got = rawread(f, p, n * es) / es;
        if (!f->binary && n > 0) eatnewline(f);
        return got;
    }
    size_t i;
    char tok[128];
    for (i = 0; i < n; i++) {
        int64_t at = tell(f);
        if (!readtoken(f, tok, sizeof tok)) return i;       /* end of file */
        if (!parse_value(tok, dt, (char *)p + i * es)) {
            seekto(f, at);        /* leave a bad token in place: the caller reports it */
            return i;
        }
    }
    if (n > 0) eatnewline(f);
    return i;
}

static size_t writevalues(ltF_file *f, lt_dtype dt, const void *p, size_t n)
{
    size_t es = lt_dtypes[dt].size;
    if (f->binary) return rawwrite(f, p, n * es) / es;
    size_t i = 0;
    if (dt == LT_BYTE || dt == LT_CHAR) {
        i = rawwrite(f, p, n);
    } else {
        const lt_dtype_traits *tr = &lt_dtypes[dt];
        for (; i < n; i++) {
            const void *q = (const char *)p + i * es;
            int ok = dt == LT_DOUBLE ? rawprintf(f, "%.17g", tr->get(q))
                   : dt == LT_FLOAT ? rawprintf(f, "%.9g", tr->get(q))
                   : rawprintf(f, "%lld", (long long)tr->geti(q));
            if (!ok) break;
            if (f->autospacing && i + 1 < n && !rawwrite(f, " ", 1)) { i++; break; }
        }
    }
    if (f->autospacing && n > 0) rawwrite(f, "\n", 1);
    return i;
}

/* "readDouble: msg": the typed methods name themselves, since Lua cannot
** name a method called through a computed key (f['read' .. T]). */
static int fileerror(lua_State *L, const char *what, const char *tname, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fileerror(lua_State *L, const char *what, const char *tname, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    luaL_where(L, 1);
    if (!strcmp(tname, "number")) lua_pushfstring(L, "_%sNumber: %s", what, msg);
    else lua_pushfstring(L, "%s%s: %s", what, tname, msg);
    lua_concat(L, 2);
    return lua_error(L);
}

static int ioerror(lua_State *L, ltF_file *f, const char *what, size_t got, size_t want,
                   const char *tname)
{
    f->haserror = 1;
    if (f->quiet) return 0;
    int eof = f->kind == F_MEMORY ? f->pos >= f->size : (f->fp && feof(f->fp));
    const char *why = !strcmp(what, "read") ? (eof ? "end of file" : "not a valid number")
                    : (errno ? strerror(errno) : "write failed");
    return fileerror(L, what, tname, "%s error: %s %zu of %zu %s values (%s)", what,
                     !strcmp(what, "read") ? "read" : "wrote", got, want, tname, why);
}

/* Refuse a read of n values before allocating when the file cannot hold
** them.  Ascii values take at least one byte each. */
static void checkfits(lua_State *L, ltF_file *f, lt_dtype dt, int64_t n)
{
    int64_t left = remaining(f);
    if (left < 0) return;
    int64_t es = f->binary || dt == LT_BYTE || dt == LT_CHAR ? (int64_t)lt_dtypes[dt].size : 1;
    if (n > left / es)
        fileerror(L, "read", lt_dtypes[dt].name,
                  "cannot read %lld %s values: only %lld bytes left in the file",
                  (long long)n, lt_dtypes[dt].name, (long long)left);
}

/* f:readT() -> number; f:readT(n) -> new storage of n; f:readT(storage) -> count */
static int readtyped(lua_State *L, lt_dtype dt)
{
    ltF_file *f = checkreadable(L);
    const char *tname = lt_dtypes[dt].name;
    if (lua_isnoneornil(L, 2)) {
        union { double d; int64_t i; char c[8]; } v;
        if (readvalues(f, dt, &v, 1) != 1) {
            ioerror(L, f, "read", 0, 1, tname);
            return 0;
        }
        ltL_pushnumber(L, dt, lt_dtypes[dt].is_float ? lt_dtypes[dt].get(&v) : 0,
                       lt_dtypes[dt].is_float ? 0 : lt_dtypes[dt].geti(&v));
        return 1;
    }
    lt_storage *s = ltL_tostorage(L, 2);
    if (s) {
        if (s->dtype != dt)
            return luaL_argerror(L, 2, lua_pushfstring(L, "torch.%sStorage expected, got %s",
                                                       tname, ltL_typename(L, 2)));
        size_t got = readvalues(f, dt, s->data, (size_t)s->size);
        if (got != (size_t)s->size) ioerror(L, f, "read", got, (size_t)s->size, tname);
        lua_pushinteger(L, (long long)got);
        return 1;
    }
    int64_t n = ltL_checkinteger(L, 2);
    if (n < 0) return luaL_argerror(L, 2, "number of values must be non-negative");
    size_t es = lt_dtypes[dt].size;
    int64_t left = remaining(f);
    if (!f->quiet) checkfits(L, f, dt, n);
    else if (left >= 0) {          /* ascii values take at least a byte each */
        int64_t per = f->binary || es == 1 ? (int64_t)es : 1;
        if (n > left / per) n = left / per;
    }
    /* unknown size: grow by chunks, so a lying length costs at most a chunk */
    int64_t step = left >= 0 && (f->binary || es == 1) ? n : CHUNK_BYTES / (int64_t)es;
    lt_storage *st;
    ltL_check(L, lt_storage_new(dt, n < step ? n : step, &st), 0);
    ltL_pushstorage(L, st);
    int64_t done = 0;
    while (done < n) {
        int64_t want = n - done < step ? n - done : step;
        if (done + want > st->size) ltL_check(L, lt_storage_resize(st, done + want), 0);
        size_t got = readvalues(f, dt, (char *)st->data + done * es, (size_t)want);
        done += (int64_t)got;
        if ((int64_t)got != want) break;
    }
    if (done != n) {
        ltL_check(L, lt_storage_resize(st, done), 0);
        ioerror(L, f, "read", (size_t)done, (size_t)n, tname);
    }
    return 1;
}

/* f:writeT(number) / f:writeT(storage) -> count written */
static int writetyped(lua_State *L, lt_dtype dt)
{
    ltF_file *f = checkwritable(L);
    const char *tname = lt_dtypes[dt].name;
    lt_storage *s = ltL_tostorage(L, 2);
    if (s) {
        if (s->dtype != dt)
            return luaL_argerror(L, 2, lua_pushfstring(L, "torch.%sStorage expected, got %s",
                                                       tname, ltL_typename(L, 2)));
        errno = 0;
        size_t got = writevalues(f, dt, s->data, (size_t)s->size);
        if (got != (size_t)s->size) ioerror(L, f, "write", got, (size_t)s->size, tname);
        lua_pushinteger(L, (long long)got);
        return 1;
    }
    union { double d; int64_t i; char c[8]; } v;
    if (lt_dtypes[dt].is_float) lt_dtypes[dt].set(&v, luaL_checknumber(L, 2));
    else lt_dtypes[dt].seti(&v, ltL_checkinteger(L, 2));
    errno = 0;
    size_t got = writevalues(f, dt, &v, 1);
    if (got != 1) ioerror(L, f, "write", got, 1, tname);
    lua_pushinteger(L, (long long)got);
    return 1;
}

#define TYPED(T, DT) \
    static int l_read##T(lua_State *L) { return readtyped(L, DT); } \
    static int l_write##T(lua_State *L) { return writetyped(L, DT); }
TYPED(Byte, LT_BYTE)
TYPED(Char, LT_CHAR)
TYPED(Short, LT_SHORT)
TYPED(Int, LT_INT)
TYPED(Long, LT_LONG)
TYPED(Float, LT_FLOAT)
TYPED(Double, LT_DOUBLE)

/* ------------------------------------------------------------- strings */
/* f:readString('*a' | '*l') (Torch7), or f:readString(n): n raw bytes. */
static int l_readString(lua_State *L)
{
    ltF_file *f = checkreadable(L);
    luaL_Buffer b;
    if (lua_type(L, 2) == LUA_TNUMBER) {
        int64_t n = ltL_checkinteger(L, 2);
        if (n < 0) return luaL_argerror(L, 2, "length must be non-negative");
        int64_t left = remaining(f);
        if (left >= 0 && n > left) {
            if (!f->quiet)
                return ltL_error(L, "cannot read a string of %lld bytes: only %lld bytes left in "
                                 "the file", (long long)n, (long long)left);
            n = left;
        }
        luaL_buffinit(L, &b);
        int64_t done = 0;
        while (done < n) {
            size_t want = (size_t)(n - done < CHUNK_BYTES ? n - done : CHUNK_BYTES);
            char *p = luaL_prepbuffsize(&b, want);
            size_t got = rawread(f, p, want);
            luaL_addsize(&b, got);
            done += (int64_t)got;
            if (got != want) break;
        }
        luaL_pushresult(&b);
        if (lua_toboolean(L, 3) && !f->binary && n > 0) eatnewline(f);  /* Torch7's writeChar */
        if (done != n) {
            f->haserror = 1;
            if (!f->quiet)
                return ltL_error(L, "read error: read %lld of %lld bytes (end of file)",
                                 (long long)done, (long long)n);
        }
        return 1;
    }
    const char *fmt = luaL_checkstring(L, 2);
    int line = !strcmp(fmt, "*l");
    if (!line && strcmp(fmt, "*a"))
        return luaL_argerror(L, 2, "format must be '*a', '*l' or a number of bytes");
    luaL_buffinit(L, &b);
    int c, any = 0;
    while ((c = rawgetc(f)) != EOF) {
        any = 1;
        if (line && c == '\n') break;
        luaL_addchar(&b, (char)c);
    }
    luaL_pushresult(&b);
    if (line && !any) {
        f->haserror = 1;
        if (!f->quiet) return ltL_error(L, "read error: end of file");
    }
    return 1;
}

static int l_writeString(lua_State *L)
{
    ltF_file *f = checkwritable(L);
    size_t n;
    const char *s = luaL_checklstring(L, 2, &n);
    errno = 0;
    size_t got = rawwrite(f, s, n);
    if (got != n) {
        f->haserror = 1;
        if (!f->quiet)
            return ltL_error(L, "write error: wrote %zu of %zu bytes (%s)", got, n,
                             errno ? strerror(errno) : "write failed");
    }
    lua_pushinteger(L, (long long)got);
    return 1;
}

/* --------------------------------------------- numbers for serialization */
/* Binary: a double (Torch7's TYPE_NUMBER).  Ascii: an integer in decimal,
** a float with a '.', an exponent, inf or nan, so the kind survives; Torch7
** reads both with %lg. */
static int l_writeNumber(lua_State *L)
{
    ltF_file *f = checkwritable(L);
    luaL_checknumber(L, 2);
    int ok;
    errno = 0;
    if (f->binary) {
        double d = lua_tonumber(L, 2);
        ok = rawwrite(f, &d, 8) == 8;
    } else {
        char b[64];
        if (lua_isinteger(L, 2)) {
            snprintf(b, sizeof b, "%lld", (long long)lua_tointeger(L, 2));
        } else {
            double d = lua_tonumber(L, 2);
            snprintf(b, sizeof b, "%.17g", d);
            if (isfinite(d) && !strpbrk(b, ".eE")) strcat(b, ".0");
        }
        ok = rawprintf(f, "%s", b) && (!f->autospacing || rawwrite(f, "\n", 1));
    }
    if (!ok) ioerror(L, f, "write", 0, 1, "number");
    return 0;
}

/* Binary: integral doubles of magnitude <= 2^53 (and not -0) come back as
** Lua integers, others as floats.  Ascii: the token's form decides. */
static int l_readNumber(lua_State *L)
{
    ltF_file *f = checkreadable(L);
    if (f->binary) {
        double d;
        if (rawread(f, &d, 8) != 8) return ioerror(L, f, "read", 0, 1, "number");
        if (d == floor(d) && fabs(d) <= 9007199254740992.0 && !(d == 0 && signbit(d)))
            lua_pushinteger(L, (long long)d);
        else
            lua_pushnumber(L, d);
        return 1;
    }
    char tok[128], *end;
    if (!readtoken(f, tok, sizeof tok)) return ioerror(L, f, "read", 0, 1, "number");
    eatnewline(f);
    int intlike = strspn(tok + (tok[0] == '-' || tok[0] == '+'), "0123456789") ==
                  strlen(tok + (tok[0] == '-' || tok[0] == '+'));
    errno = 0;
    if (intlike) {
        long long v = strtoll(tok, &end, 10);
        if (!*end && errno != ERANGE && end != tok) {
            lua_pushinteger(L, (long long)v);
            return 1;
        }
    }
    double d = strtod(tok, &end);
    if (*end || end == tok) {     /* a format error, reported even in quiet mode */
        f->haserror = 1;
        if (f->quiet) {
            lua_pushnil(L);
            lua_pushfstring(L, "'%s' is not a number", tok);
            return 2;
        }
        return ltL_error(L, "read error: '%s' is not a number", tok);
    }
    lua_pushnumber(L, d);
    return 1;
}

/* -------------------------------------- fast paths for serialization */
/* f:_writePlain(v): in binary mode, nil, booleans, strings and numbers up to
** 2^53 in magnitude (or floats) are written as one tagged record in one
** call (the layout torch/File.lua documents); returns false, writing
** nothing, for anything else or in ascii mode, and the Lua writer does it. */
static int l_writePlain(lua_State *L)
{
    ltF_file *f = checkwritable(L);
    if (!f->binary) { lua_pushboolean(L, 0); return 1; }
    unsigned char b[16];
    int32_t tag;
    size_t n = 4, len = 0;
    const char *str = NULL;
    switch (lua_type(L, 2)) {
    case LUA_TNIL: case LUA_TNONE: tag = 0; break;
    case LUA_TBOOLEAN: {
        int32_t v = lua_toboolean(L, 2);
        tag = 5;
        memcpy(b + 4, &v, 4);
        n = 8;
        break;
    }
    case LUA_TNUMBER: {
        if (lua_isinteger(L, 2)) {
            lua_Integer i = lua_tointeger(L, 2);
            if (i > 9007199254740992LL || i < -9007199254740992LL) {
                lua_pushboolean(L, 0);
                return 1;
            }
        }
        double d = lua_tonumber(L, 2);
        tag = 1;
        memcpy(b + 4, &d, 8);
        n = 12;
        break;
    }
    case LUA_TSTRING: {
        str = lua_tolstring(L, 2, &len);
        if (len > INT32_MAX) { lua_pushboolean(L, 0); return 1; }
        int32_t l32 = (int32_t)len;
        tag = 2;
        memcpy(b + 4, &l32, 4);
        n = 8;
        break;
    }
    default: lua_pushboolean(L, 0); return 1;
    }
    memcpy(b, &tag, 4);
    errno = 0;
    if (rawwrite(f, b, n) != n || (len && rawwrite(f, str, len) != len))
        ioerror(L, f, "write", 0, 1, "Plain");
    lua_pushboolean(L, 1);
    return 1;
}

/* One well-formed plain record (nil 0, number 1, string 2, boolean 5,
** integer 9) of a binary seekable file: pushes its value and returns 1, or
** returns 0 with nothing pushed and the position somewhere inside the
** record (the caller seeks back). */
static int read_plain(lua_State *L, ltF_file *f, int64_t *used)
{
    int32_t tag;
    if (rawread(f, &tag, 4) != 4) return 0;
    switch (tag) {
    case 0:
        lua_pushnil(L);
        *used += 4;
        return 1;
    case 1: {
        double d;
        if (rawread(f, &d, 8) != 8) return 0;
        if (d == floor(d) && fabs(d) <= 9007199254740992.0 && !(d == 0 && signbit(d)))
            lua_pushinteger(L, (lua_Integer)d);
        else
            lua_pushnumber(L, d);
        *used += 12;
        return 1;
    }
    case 5: {
        int32_t v;
        if (rawread(f, &v, 4) != 4 || (v != 0 && v != 1)) return 0;
        lua_pushboolean(L, v);
        *used += 8;
        return 1;
    }
    case 9: {
        int64_t v;
        if (rawread(f, &v, 8) != 8) return 0;
        lua_pushinteger(L, (lua_Integer)v);
        *used += 12;
        return 1;
    }
    case 2: {
        int32_t len;
        if (rawread(f, &len, 4) != 4 || len < 0) return 0;
        int64_t left = remaining(f);
        if (left < 0 || len > left) return 0;
        if (f->kind == F_MEMORY) {        /* straight from the buffer */
            lua_pushlstring(L, f->buf ? f->buf + f->pos : "", (size_t)len);
            f->pos += (size_t)len;
            *used += 8 + len;
            return 1;
        }
        luaL_Buffer lb;
        char *p = luaL_buffinitsize(L, &lb, (size_t)len);
        if (rawread(f, p, (size_t)len) != (size_t)len) {
            luaL_pushresultsize(&lb, 0);
            lua_pop(L, 1);
            return 0;
        }
        luaL_pushresultsize(&lb, (size_t)len);
        *used += 8 + len;
        return 1;
    }
    default:
        return 0;
    }
}

/* f:_readPlain() -> true, value for a well-formed plain record in a binary
** seekable file; otherwise false with the position unchanged, and the Lua
** reader parses (and reports) the record itself. */
static int l_readPlain(lua_State *L)
{
    ltF_file *f = checkreadable(L);
    int64_t at = f->binary ? tell(f) : -1;
    if (at < 0) { lua_pushboolean(L, 0); return 1; }
    int64_t used = 0;
    lua_pushboolean(L, 1);
    if (read_plain(L, f, &used)) return 2;
    lua_pop(L, 1);
    seekto(f, at);
    lua_pushboolean(L, 0);
    return 1;
}

/* f:_readPlainPairs(t, n) -> k: reads up to n table entries whose key and
** value are both plain records, storing t[key] = value, and stops before
** the first entry that is not (a table, a tensor, a nil or NaN key, a
** malformed or truncated record), with the position at its start; k is the
** number stored.  The Lua reader reads and reports the rest.  A table of
** 300k numbers loads with one call instead of 600k. */
static int l_readPlainPairs(lua_State *L)
{
    ltF_file *f = checkreadable(L);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_Integer n = luaL_checkinteger(L, 3), k = 0;
    int64_t at = f->binary ? tell(f) : -1;
    if (at < 0) { lua_pushinteger(L, 0); return 1; }
    for (; k < n; k++) {
        int64_t used = 0;
        if (!read_plain(L, f, &used)) break;
        int kt = lua_type(L, -1);
        if (kt == LUA_TNIL || (kt == LUA_TNUMBER && lua_tonumber(L, -1) != lua_tonumber(L, -1))) {
            lua_pop(L, 1);
            break;
        }
        if (!read_plain(L, f, &used)) { lua_pop(L, 1); break; }
        lua_rawset(L, 2);
        at += used;                   /* the start of the next entry */
    }
    seekto(f, at);
    lua_pushinteger(L, k);
    return 1;
}

/* f:_remaining() -> bytes left, or nil when unknown */
static int l_remaining(lua_State *L)
{
    ltF_file *f = checkopen(L, 1);
    int64_t r = remaining(f);
    if (r < 0) lua_pushnil(L);
    else lua_pushinteger(L, (long long)r);
    return 1;
}

/* ------------------------------------------------------------- settings */
#define FLAG(NAME, FIELD, VALUE) \
    static int l_##NAME(lua_State *L) \
    { \
        ltF_file *f = checkfile(L, 1); \
        f->FIELD = VALUE; \
        lua_settop(L, 1); \
        return 1; \
    }
FLAG(binary, binary, 1)
FLAG(ascii, binary, 0)
FLAG(quiet, quiet, 1)
FLAG(pedantic, quiet, 0)
FLAG(autoSpacing, autospacing, 1)
FLAG(noAutoSpacing, autospacing, 0)
FLAG(clearError, haserror, 0)

#define QUERY(NAME, EXPR) \
    static int l_##NAME(lua_State *L) \
    { \
        ltF_file *f = checkfile(L, 1); \
        lua_pushboolean(L, EXPR); \
        return 1; \
    }
QUERY(hasError, f->haserror)
QUERY(isQuiet, f->quiet)
QUERY(isBinary, f->binary)
QUERY(isAutoSpacing, f->autospacing)
QUERY(isReadable, f->open && f->readable)
QUERY(isWritable, f->open && f->writable)
QUERY(isOpened, f->open)

/* Native byte order only; Torch7's encodings are accepted when they agree. */
static int l_nativeEndianEncoding(lua_State *L) { checkopen(L, 1); lua_settop(L, 1); return 1; }
static int l_littleEndianEncoding(lua_State *L) { checkopen(L, 1); lua_settop(L, 1); return 1; }
static int l_bigEndianEncoding(lua_State *L)
{
    checkopen(L, 1);
    return ltL_error(L, "big-endian encoding is not supported on this (little-endian) machine");
}

/* Torch7's longSize(n): Longs are 8 bytes here; 0 (native) and 8 are accepted. */
static int l_longSize(lua_State *L)
{
    checkopen(L, 1);
    int64_t n = ltL_checkinteger(L, 2);
    if (n != 0 && n != 8)
        return luaL_argerror(L, 2, "only 8-byte longs are supported (0 or 8)");
    lua_settop(L, 1);
    return 1;
}

static int l_noBuffer(lua_State *L)
{
    ltF_file *f = checkopen(L, 1);
    if (f->kind != F_MEMORY && setvbuf(f->fp, NULL, _IONBF, 0) != 0)
        return ltL_error(L, "cannot disable buffering");
    lua_settop(L, 1);
    return 1;
}

/* ------------------------------------------------------------ position */
/* Positions are 1-based, as in Torch7. */
static int l_seek(lua_State *L)
{
    ltF_file *f = checkopen(L, 1);
    int64_t pos = ltL_checkinteger(L, 2);
    if (pos < 1) return luaL_argerror(L, 2, "position must be at least 1");
    int bad;
    if (f->kind == F_PIPE) return ltL_error(L, "cannot seek in a PipeFile");
    if (f->kind == F_MEMORY) {
        bad = (uint64_t)(pos - 1) > f->size;
        if (!bad) f->pos = (size_t)(pos - 1);
    } else {
        bad = fseeko(f->fp, (off_t)(pos - 1), SEEK_SET) != 0;
    }
    if (bad) {
        f->haserror = 1;
        if (!f->quiet) return ltL_error(L, "unable to seek to position %lld", (long long)pos);
    }
    lua_settop(L, 1);
    return 1;
}

static int l_seekEnd(lua_State *L)
{
    ltF_file *f = checkopen(L, 1);
    if (f->kind == F_PIPE) return ltL_error(L, "cannot seek in a PipeFile");
    if (f->kind == F_MEMORY) f->pos = f->size;
    else if (fseeko(f->fp, 0, SEEK_END) != 0) {
        f->haserror = 1;
        if (!f->quiet) return ltL_error(L, "unable to seek to the end of the file");
    }
    lua_settop(L, 1);
    return 1;
}

static int l_position(lua_State *L)
{
    ltF_file *f = checkopen(L, 1);
    if (f->kind == F_PIPE) return ltL_error(L, "a PipeFile has no position");
    int64_t p = f->kind == F_MEMORY ? (int64_t)f->pos : (int64_t)ftello(f->fp);
    if (p < 0) return ltL_error(L, "unable to obtain the file position (%s)", strerror(errno));
    lua_pushinteger(L, (lua_Integer)(p + 1));
    return 1;
}

static int l_synchronize(lua_State *L)
{
    ltF_file *f = checkopen(L, 1);
    if (f->kind != F_MEMORY) fflush(f->fp);
    lua_settop(L, 1);
    return 1;
}

/* -------------------------------------------------------------- closing */
static int closefile(ltF_file *f)
{
    int rc = 0;
    if (f->open) {
        if (f->kind == F_PIPE) rc = pclose(f->fp);
        else if (f->kind == F_DISK) rc = fclose(f->fp);
        f->fp = NULL;
        f->open = 0;
    }
    if (f->kind == F_MEMORY) {    /* the collector does not see this buffer: free it now */
        free(f->buf);
        f->buf = NULL;
        f->size = f->cap = f->pos = 0;
    }
    if (f->tmppath) {             /* an atomic save that was not committed */
        unlink(f->tmppath);
        free(f->tmppath);
        f->tmppath = NULL;
    }
    return rc;
}

static int l_close(lua_State *L)
{
    ltF_file *f = checkfile(L, 1);
    if (!f->open) return ltL_error(L, "attempt to use a closed file");
    int rc = closefile(f);
    if (rc != 0 && f->kind == F_DISK)
        return ltL_error(L, "error closing '%s' (%s)", f->name ? f->name : "?", strerror(errno));
    return 0;
}

static int l_gc(lua_State *L)
{
    ltF_file *f = tofile(L, 1);
    if (!f) return 0;
    closefile(f);
    free(f->buf);
    free(f->name);
    f->buf = f->name = NULL;
    return 0;
}

static int l_tostring(lua_State *L)
{
    ltF_file *f = checkfile(L, 1);
    lua_pushfstring(L, "%s%s%s%s (%s)", kind_names[f->kind], f->name ? " '" : "",
                    f->name ? f->name : "", f->name ? "'" : "",
                    !f->open ? "closed" : f->binary ? "binary" : "ascii");
    return 1;
}

static int l_name(lua_State *L)
{
    ltF_file *f = checkfile(L, 1);
    if (!f->name) return 0;
    lua_pushstring(L, f->name);
    return 1;
}

/* -------------------------------------------------------------- opening */
static int parsemode(const char *m, int *r, int *w)
{
    *r = !strcmp(m, "r") || !strcmp(m, "rw");
    *w = !strcmp(m, "w") || !strcmp(m, "rw");
    return *r || *w;
}

/* torch.DiskFile(path [, mode 'r'|'w'|'rw'] [, quiet]) */
static int l_diskfile(lua_State *L)
{
    if (lua_istable(L, 1)) lua_remove(L, 1);     /* called as torch.DiskFile(...) */
    const char *path = luaL_checkstring(L, 1);
    const char *mode = luaL_optstring(L, 2, "r");
    int quiet = lua_toboolean(L, 3), r, w;
    if (!parsemode(mode, &r, &w)) return luaL_argerror(L, 2, "mode must be 'r', 'w' or 'rw'");
    ltF_file *f = newfile(L, F_DISK);
    f->name = strdup(path);
    if (!f->name) return luaL_error(L, "not enough memory");
    FILE *fp = NULL;
    if (r && w) {
        fp = fopen(path, "r+b");
        if (!fp) fp = fopen(path, "w+b");
    } else {
        fp = fopen(path, r ? "rb" : "wb");
    }
    if (!fp) {
        if (quiet) return 0;
        return ltL_error(L, "cannot open '%s' in mode '%s' (%s)", path, mode, strerror(errno));
    }
    f->fp = fp;
    f->open = 1;
    f->readable = r;
    f->writable = w;
    return 1;
}

/* torch.DiskFile._atomic(path): a binary write-only DiskFile on a temporary
** file beside path; f:_commit() renames it over path. */
static int l_atomic(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    ltF_file *f = newfile(L, F_DISK);
    f->name = strdup(path);
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path + 1) : 0;
    size_t n = strlen(path) + 16;
    f->tmppath = malloc(n);
    if (!f->name || !f->tmppath) return luaL_error(L, "not enough memory");
    snprintf(f->tmppath, n, "%.*s.%s.tmp-XXXXXX", (int)dirlen, path, path + dirlen);
    int fd = mkstemp(f->tmppath);
    if (fd < 0) {
        free(f->tmppath);
        f->tmppath = NULL;
        return ltL_error(L, "cannot open '%s' for writing (%s)", path, strerror(errno));
    }
    /* mkstemp makes 0600; give the file the mode a plain fopen would, or the
    ** mode of the file it replaces */
    struct stat st;
    mode_t um = umask(0);
    umask(um);
    fchmod(fd, stat(path, &st) == 0 ? (st.st_mode & 07777) : (0666 & ~um));
    f->fp = fdopen(fd, "wb");
    if (!f->fp) {
        close(fd);
        return ltL_error(L, "cannot open '%s' for writing (%s)", path, strerror(errno));
    }
    f->open = 1;
    f->writable = 1;
    f->binary = 1;
    return 1;
}

static int l_commit(lua_State *L)
{
    ltF_file *f = checkopen(L, 1);
    if (!f->tmppath) return ltL_error(L, "not an atomic file");
    const char *err = NULL;
    if (fflush(f->fp) != 0) err = "flush";
    else if (fsync(fileno(f->fp)) != 0) err = "fsync";
    int e = errno;
    if (fclose(f->fp) != 0 && !err) { err = "close"; e = errno; }
    f->fp = NULL;
    f->open = 0;
    if (!err && rename(f->tmppath, f->name) != 0) { err = "rename"; e = errno; }
    if (err) {
        closefile(f);          /* removes the temporary file */
        return ltL_error(L, "saving '%s' failed at %s (%s); the previous file is unchanged",
                         f->name, err, strerror(e));
    }
    free(f->tmppath);
    f->tmppath = NULL;
    /* make the rename itself durable */
    const char *slash = strrchr(f->name, '/');
    char dir[4096];
    if (slash) snprintf(dir, sizeof dir, "%.*s", (int)(slash - f->name + 1), f->name);
    else snprintf(dir, sizeof dir, ".");
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return 0;
}

/* torch.MemoryFile([storage | string] [, mode]) */
static int l_memoryfile(lua_State *L)
{
    if (lua_istable(L, 1)) lua_remove(L, 1);
    int arg = 1;
    const char *src = NULL;
    size_t n = 0;
    lt_storage *s = ltL_tostorage(L, 1);
    if (s) {
        if (s->dtype != LT_CHAR) return luaL_argerror(L, 1, "torch.CharStorage expected");
        /* Torch7's convention: the storage ends with a NUL that is not data */
        if (s->size == 0 || ((char *)s->data)[s->size - 1] != '\0')
            return luaL_argerror(L, 1, "provided CharStorage must be terminated by 0");
        src = s->data;
        n = (size_t)s->size - 1;
        arg = 2;
    } else if (lua_type(L, 1) == LUA_TSTRING && !lua_isnoneornil(L, 2)) {
        src = lua_tolstring(L, 1, &n);
        arg = 2;
    } else if (lua_type(L, 1) == LUA_TSTRING && strcmp(lua_tostring(L, 1), "r") &&
               strcmp(lua_tostring(L, 1), "w") && strcmp(lua_tostring(L, 1), "rw")) {
        src = lua_tolstring(L, 1, &n);
        arg = 2;
    }
    const char *mode = luaL_optstring(L, arg, "rw");
    int r, w;
    if (!parsemode(mode, &r, &w)) return luaL_argerror(L, arg, "mode must be 'r', 'w' or 'rw'");
    ltF_file *f = newfile(L, F_MEMORY);
    if (n && !memreserve(f, n)) return luaL_error(L, "not enough memory");
    if (n) memcpy(f->buf, src, n);
    f->size = n;
    f->open = 1;
    f->readable = r;
    f->writable = w;
    return 1;
}

/* f:storage() -> CharStorage of the contents plus a NUL (Torch7) */
static int l_storage(lua_State *L)
{
    ltF_file *f = checkopen(L, 1);
    if (f->kind != F_MEMORY) return ltL_error(L, "only a MemoryFile has a storage");
    lt_storage *s;
    ltL_check(L, lt_storage_new(LT_CHAR, (int64_t)f->size + 1, &s), 0);
    ltL_pushstorage(L, s);
    if (f->size) memcpy(s->data, f->buf, f->size);
    ((char *)s->data)[f->size] = '\0';
    return 1;
}

/* f:_string() -> the contents as a Lua string (MemoryFile) */
static int l_string(lua_State *L)
{
    ltF_file *f = checkopen(L, 1);
    if (f->kind != F_MEMORY) return ltL_error(L, "only a MemoryFile has contents");
    lua_pushlstring(L, f->buf ? f->buf : "", f->size);
    return 1;
}

/* torch.PipeFile(command [, mode 'r'|'w'] [, quiet]) */
static int l_pipefile(lua_State *L)
{
    if (lua_istable(L, 1)) lua_remove(L, 1);
    const char *cmd = luaL_checkstring(L, 1);
    const char *mode = luaL_optstring(L, 2, "r");
    int quiet = lua_toboolean(L, 3);
    if (strcmp(mode, "r") && strcmp(mode, "w"))
        return luaL_argerror(L, 2, "mode must be 'r' or 'w'");
    /* a reader that exits early must turn our writes into errors, not kill us */
    signal(SIGPIPE, SIG_IGN);
    ltF_file *f = newfile(L, F_PIPE);
    f->name = strdup(cmd);
    if (!f->name) return luaL_error(L, "not enough memory");
    fflush(NULL);
    f->fp = popen(cmd, mode);
    if (!f->fp) {
        if (quiet) return 0;
        return ltL_error(L, "cannot run '%s' (%s)", cmd, strerror(errno));
    }
    f->open = 1;
    f->readable = mode[0] == 'r';
    f->writable = mode[0] == 'w';
    return 1;
}

/* ------------------------------------------------- helpers for loaders */
/* torch.File._maketensor(dtype_name, storage|nil, offset1, sizes, strides):
** a tensor viewing storage, after checking that every element it can reach
** lies inside the storage (file data is untrusted). */
static int l_maketensor(lua_State *L)
{
    int dt = lt_dtype_from_name(luaL_checkstring(L, 1));
    if (dt < 0) return luaL_argerror(L, 1, "unknown tensor type");
    lt_storage *s = lua_isnil(L, 2) ? NULL : ltL_checkstorage(L, 2);
    int64_t off1 = ltL_checkinteger(L, 3);
    lt_storage *sz = ltL_checkstorage(L, 4), *st = ltL_checkstorage(L, 5);
    if (sz->dtype != LT_LONG || st->dtype != LT_LONG || sz->size != st->size)
        return ltL_error(L, "tensor sizes and strides must be LongStorages of one length");
    int ndim = (int)sz->size;
    if (ndim > LT_MAXDIM)
        return ltL_error(L, "tensor has %d dimensions (at most %d)", ndim, LT_MAXDIM);
    const int64_t *size = sz->data, *stride = st->data;
    int64_t numel = ndim ? 1 : 0, reach = 0;
    for (int d = 0; d < ndim; d++) {
        if (size[d] < 0) return ltL_error(L, "tensor size %lld in dimension %d is negative",
                                          (long long)size[d], d + 1);
        if (stride[d] < 0) return ltL_error(L, "tensor stride %lld in dimension %d is negative",
                                            (long long)stride[d], d + 1);
        if (size[d] && numel > INT64_MAX / size[d])
            return ltL_error(L, "tensor size product overflows");
        numel *= size[d];
    }
    for (int d = 0; d < ndim && numel > 0; d++) {
        int64_t span;
        if (__builtin_mul_overflow(size[d] - 1, stride[d], &span) ||
            __builtin_add_overflow(reach, span, &reach))
            return ltL_error(L, "tensor strides overflow");
    }
    lt_tensor *t = ltL_newtensor(L, (lt_dtype)dt);
    if (numel == 0 && ndim == 0) return 1;
    if (s && (int)s->dtype != dt)
        return ltL_error(L, "tensor of type %s has a storage of type %s", lt_dtypes[dt].name,
                         lt_dtypes[s->dtype].name);
    if (numel > 0) {
        if (!s) return ltL_error(L, "tensor of %lld elements has no storage", (long long)numel);
        if (off1 < 1 || off1 - 1 > s->size || reach >= s->size - (off1 - 1))
            return ltL_error(L, "tensor (offset %lld, %lld elements) reaches past the end of its "
                             "storage of %lld elements", (long long)off1, (long long)numel,
                             (long long)s->size);
    } else if (s && (off1 < 1 || off1 - 1 > s->size)) {
        return ltL_error(L, "tensor offset %lld is outside its storage of %lld elements",
                         (long long)off1, (long long)s->size);
    }
    if (!s) {
        ltL_check(L, lt_resize(t, ndim, size), 0);
        return 1;
    }
    ltL_check(L, lt_set_storage(t, s, off1 - 1, ndim, size, stride), 0);
    return 1;
}

/* torch.File._bswap(storage): reverse the bytes of every element in place
** (big-endian .npy data). */
static int l_bswap(lua_State *L)
{
    lt_storage *s = ltL_checkstorage(L, 1);
    size_t es = lt_dtypes[s->dtype].size;
    unsigned char *p = s->data;
    for (int64_t i = 0; i < s->size; i++, p += es)
        for (size_t a = 0, b = es - 1; a < b; a++, b--) {
            unsigned char c = p[a];
            p[a] = p[b];
            p[b] = c;
        }
    return 0;
}

/* ----------------------------------------------------------- register */
static const luaL_Reg methods[] = {
    { "readByte", l_readByte }, { "readChar", l_readChar }, { "readShort", l_readShort },
    { "readInt", l_readInt }, { "readLong", l_readLong }, { "readFloat", l_readFloat },
    { "readDouble", l_readDouble },
    { "writeByte", l_writeByte }, { "writeChar", l_writeChar }, { "writeShort", l_writeShort },
    { "writeInt", l_writeInt }, { "writeLong", l_writeLong }, { "writeFloat", l_writeFloat },
    { "writeDouble", l_writeDouble },
    { "readString", l_readString }, { "writeString", l_writeString },
    { "_readNumber", l_readNumber }, { "_writeNumber", l_writeNumber },
    { "_remaining", l_remaining }, { "_writePlain", l_writePlain },
    { "_readPlain", l_readPlain }, { "_readPlainPairs", l_readPlainPairs },
    { "_commit", l_commit }, { "_string", l_string },
    { "binary", l_binary }, { "ascii", l_ascii }, { "quiet", l_quiet }, { "pedantic", l_pedantic },
    { "autoSpacing", l_autoSpacing }, { "noAutoSpacing", l_noAutoSpacing },
    { "clearError", l_clearError }, { "hasError", l_hasError }, { "isQuiet", l_isQuiet },
    { "isBinary", l_isBinary }, { "isAutoSpacing", l_isAutoSpacing },
    { "isReadable", l_isReadable }, { "isWritable", l_isWritable }, { "isOpened", l_isOpened },
    { "nativeEndianEncoding", l_nativeEndianEncoding },
    { "littleEndianEncoding", l_littleEndianEncoding },
    { "bigEndianEncoding", l_bigEndianEncoding },
    { "longSize", l_longSize }, { "noBuffer", l_noBuffer },
    { "seek", l_seek }, { "seekEnd", l_seekEnd }, { "position", l_position },
    { "synchronize", l_synchronize }, { "close", l_close }, { "storage", l_storage },
    { "name", l_name },
    { NULL, NULL }
};

static void newclass(lua_State *L, int torch, int kind, lua_CFunction ctor, int file)
{
    const char *name = kind_names[kind];
    /* the userdata metatable: methods through torch.File */
    luaL_newmetatable(L, name);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &kind_keys[kind]);
    lua_pushvalue(L, file);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, l_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, l_gc);
    lua_setfield(L, -2, "__close");
    lua_pushcfunction(L, l_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushstring(L, name);
    lua_setfield(L, -2, "__typename");
    lua_newtable(L);                          /* inheritance, for torch.isTypeOf */
    lua_pushvalue(L, file);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, -2);
    lua_pop(L, 1);
    /* the constructor table torch.DiskFile: callable, and .new */
    lua_newtable(L);
    lua_pushcfunction(L, ctor);
    lua_setfield(L, -2, "new");
    if (kind == F_DISK) {
        lua_pushcfunction(L, l_atomic);
        lua_setfield(L, -2, "_atomic");
    }
    lua_newtable(L);
    lua_pushcfunction(L, ctor);
    lua_setfield(L, -2, "__call");
    lua_pushstring(L, name);
    lua_setfield(L, -2, "__typename");
    lua_setmetatable(L, -2);
    lua_setfield(L, torch, name + 6);
}

void ltL_open_file(lua_State *L, int torch)
{
    luaL_newmetatable(L, "torch.File");       /* methods; Lua adds readObject & co */
    int file = lua_gettop(L);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &file_key);
    luaL_setfuncs(L, methods, 0);
    lua_pushvalue(L, -1);
    lua_setfield(L, -2, "__index");
    lua_pushstring(L, "torch.File");
    lua_setfield(L, -2, "__typename");
    lua_pushcfunction(L, l_maketensor);
    lua_setfield(L, -2, "_maketensor");
    lua_pushcfunction(L, l_bswap);
    lua_setfield(L, -2, "_bswap");
    newclass(L, torch, F_DISK, l_diskfile, file);
    newclass(L, torch, F_MEMORY, l_memoryfile, file);
    newclass(L, torch, F_PIPE, l_pipefile, file);
    lua_pushvalue(L, file);
    lua_setfield(L, torch, "File");
    lua_settop(L, file - 1);
}
