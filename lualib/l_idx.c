/*
** l_idx.c — torch.readidx: the IDX file reader behind the dataset module
** (MNIST, Fashion-MNIST and anything else stored in Yann LeCun's format).
**
** An IDX file is a 4-byte magic (two zero bytes, a type code, the number
** of dimensions), one big-endian 32-bit size per dimension, then the
** elements in row-major order, big-endian.  Type codes: 0x08 unsigned byte,
** 0x09 signed byte, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64;
** they map onto Byte, Char, Short, Int, Float and Double tensors.
**
** The file may be gzip-compressed (the form Debian ships and the MNIST site
** served) or plain; zlib's gzread reads both.  Loading must be fast (60000
** images in well under a second), so the data goes straight from gzread
** into the tensor's storage in a few large reads, then is byte-swapped in
** place where the element is wider than a byte.
**
** Nothing is allocated before the header has been checked against the
** bytes the file can hold: the size product is checked for overflow, a
** plain file must hold exactly header + data bytes, and a gzip file cannot
** expand beyond deflate's maximum ratio (1032:1) of its compressed size, so
** a corrupt header cannot make us allocate terabytes.  A short read then
** reports the file as truncated, and so does a gzip stream that lacks its
** end or its checksum (zlib delivers the data and flags the error only in
** gzerror); bytes left over after the data are an error too, since they
** mean the header does not describe the file.
*/
#include "ltorch.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#define IDX_MAX_DEFLATE_RATIO 1032   /* deflate's best case is ~1032:1 */
#define IDX_CHUNK (1u << 30)         /* gzread takes an unsigned, returns int */

typedef struct idx_type { int code; lt_dtype dtype; int size; const char *name; } idx_type;
static const idx_type idx_types[] = {
    { 0x08, LT_BYTE, 1, "unsigned byte" }, { 0x09, LT_CHAR, 1, "signed byte" },
    { 0x0B, LT_SHORT, 2, "int16" },        { 0x0C, LT_INT, 4, "int32" },
    { 0x0D, LT_FLOAT, 4, "float32" },      { 0x0E, LT_DOUBLE, 8, "float64" },
};

/* Errors always say 'readidx:' (ltL_error finds no name under pcall). */
static int idx_error(lua_State *L, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return luaL_error(L, "readidx: %s", msg);
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Big-endian elements to host order, in place. */
static void swap_elements(unsigned char *p, int64_t n, int size)
{
    const uint16_t probe = 1;
    if (size == 1 || *(const unsigned char *)&probe == 0) return;   /* big-endian host */
    for (int64_t i = 0; i < n; i++, p += size)
        for (int a = 0, b = size - 1; a < b; a++, b--) {
            unsigned char c = p[a];
            p[a] = p[b];
            p[b] = c;
        }
}

/* Reads exactly n bytes unless the file ends first; returns bytes read, or
** -1 on a zlib error (message in *err). */
static int64_t read_all(gzFile f, unsigned char *p, int64_t n, const char **err)
{
    int64_t got = 0;
    while (got < n) {
        unsigned want = (unsigned)(n - got < IDX_CHUNK ? n - got : IDX_CHUNK);
        int r = gzread(f, p + got, want);
        if (r < 0) {
            int code;
            *err = gzerror(f, &code);
            return -1;
        }
        if (r == 0) break;
        got += r;
    }
    return got;
}

static int l_readidx(lua_State *L)   /* torch.readidx(path) -> tensor */
{
    const char *path = luaL_checkstring(L, 1);
    struct stat st;
    if (stat(path, &st) != 0)
        return idx_error(L, "cannot open '%s': %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode)) return idx_error(L, "'%s' is not a regular file", path);

    /* gzip or plain?  The first two bytes say (gzread would take either). */
    unsigned char sig[2] = { 0, 0 };
    FILE *fp = fopen(path, "rb");
    if (!fp) return idx_error(L, "cannot open '%s': %s", path, strerror(errno));
    size_t nsig = fread(sig, 1, 2, fp);
    fclose(fp);
    int gz = nsig == 2 && sig[0] == 0x1f && sig[1] == 0x8b;

    gzFile f = gzopen(path, "rb");
    if (!f) return idx_error(L, "cannot open '%s': %s", path, strerror(errno));
    gzbuffer(f, 1u << 18);
    const char *zerr = NULL;
    unsigned char head[4 + 4 * LT_MAXDIM];
    int64_t got = read_all(f, head, 4, &zerr);
    if (got < 0) goto zlib_error;
    if (got < 4) {
        gzclose(f);
        return idx_error(L, "'%s' is not an IDX file (only %d bytes)", path, (int)got);
    }
    if (head[0] != 0 || head[1] != 0) {
        gzclose(f);
        return idx_error(L, "'%s' is not an IDX file (bad magic %02x %02x %02x %02x)", path,
                         head[0], head[1], head[2], head[3]);
    }
    const idx_type *ty = NULL;
    for (size_t i = 0; i < sizeof idx_types / sizeof idx_types[0]; i++)
        if (idx_types[i].code == head[2]) ty = &idx_types[i];
    if (!ty) {
        gzclose(f);
        return idx_error(L, "'%s': unknown IDX element type 0x%02x", path, head[2]);
    }
    int ndim = head[3];
    if (ndim < 1 || ndim > LT_MAXDIM) {
        gzclose(f);
        return idx_error(L, "'%s': IDX header has %d dimensions (expected 1 to %d)", path, ndim,
                         LT_MAXDIM);
    }
    got = read_all(f, head + 4, 4 * (int64_t)ndim, &zerr);
    if (got < 0) goto zlib_error;
    if (got < 4 * ndim) {
        gzclose(f);
        return idx_error(L, "'%s' is truncated: its header lists %d dimensions but the file "
                         "ends after %d of them", path, ndim, (int)(got / 4));
    }
    int64_t size[LT_MAXDIM], numel = 1;
    for (int d = 0; d < ndim; d++) {
        size[d] = be32(head + 4 + 4 * d);
        if (size[d] != 0 && numel > INT64_MAX / ty->size / size[d]) {
            gzclose(f);
            return idx_error(L, "'%s': IDX sizes overflow (dimension %d has size %lld)", path,
                             d + 1, (long long)size[d]);
        }
        numel *= size[d];
    }
    int64_t header = 4 + 4 * (int64_t)ndim, bytes = numel * ty->size;
    if (!gz && header + bytes != (int64_t)st.st_size) {
        gzclose(f);
        if (header + bytes > (int64_t)st.st_size)
            return idx_error(L, "'%s' is truncated: the header promises %lld bytes of data, the "
                             "file holds %lld", path, (long long)bytes,
                             (long long)(st.st_size - header));
        return idx_error(L, "'%s' has %lld bytes after the data its header describes", path,
                         (long long)(st.st_size - header - bytes));
    }
    if (gz && (bytes + header) / IDX_MAX_DEFLATE_RATIO > (int64_t)st.st_size) {
        gzclose(f);
        return idx_error(L, "'%s' is truncated or corrupt: the header promises %lld bytes of "
                         "data, more than %lld compressed bytes can hold", path,
                         (long long)bytes, (long long)st.st_size);
    }

    lt_tensor *t = ltL_newtensor(L, ty->dtype);   /* on the stack: freed by the GC on error */
    lt_status s = lt_resize(t, ndim, size);
    if (s != LT_OK) {
        gzclose(f);
        ltL_check(L, s, 0);
    }
    got = bytes ? read_all(f, lt_data(t), bytes, &zerr) : 0;
    if (got < 0) goto zlib_error;
    if (got < bytes) {
        gzclose(f);
        return idx_error(L, "'%s' is truncated: the header promises %lld bytes of data, the "
                         "file holds %lld", path, (long long)bytes, (long long)got);
    }
    unsigned char extra;
    int more = gzread(f, &extra, 1);
    if (more < 0) goto zlib_error;
    /* A gzip stream cut inside its last block or its trailer (CRC, size)
    ** yields all the data with only a pending error: ask for it. */
    int code = Z_OK;
    zerr = gzerror(f, &code);
    if (code != Z_OK) goto zlib_error;
    gzclose(f);
    if (more > 0)
        return idx_error(L, "'%s' has bytes after the data its header describes", path);
    swap_elements(lt_data(t), numel, ty->size);
    return 1;

zlib_error: {
        /* gzerror's string lives in f: copy it before closing */
        char msg[256];
        snprintf(msg, sizeof msg, "%s", zerr ? zerr : "read error");
        gzclose(f);
        return idx_error(L, "'%s' is truncated or corrupt (zlib: %s)", path, msg);
    }
}

static const luaL_Reg funcs[] = {
    { "readidx", l_readidx },
    { NULL, NULL }
};

void ltL_open_idx(lua_State *L, int torch)
{
    ltL_addfuncs(L, torch, funcs);
}
