/*
** core.c — errors, memory hooks, scalars and the op table's names.
**
** Errors are a thread-local (status, message, operand) triple: C callers get
** the status back, and the Lua bindings turn the message into a Lua error
** that names the function and the argument.  Memory goes through lt_malloc so
** a garbage-collected host hears about every storage allocation and gets a
** chance to free memory before an allocation is declared failed.
*/
#include "lt_internal.h"
#include <stdio.h>
#include <stdlib.h>

static _Thread_local char errbuf[1024];
static _Thread_local int errarg;

lt_status ltI_err(lt_status st, int arg, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(errbuf, sizeof errbuf, fmt, ap);
    va_end(ap);
    errarg = arg;
    return st;
}

void ltI_set_errarg(int arg) { errarg = arg; }
const char *lt_errmsg(void) { return errbuf; }
int lt_errarg(void) { return errarg; }

/* ------------------------------------------------------------- op table */
const lt_opinfo lt_ops[LT_OP_COUNT] = {
#define LT_OP_INFO(e, name, arity, kind) { name, arity, kind },
    LT_OPS(LT_OP_INFO)
#undef LT_OP_INFO
};

/* --------------------------------------------------------------- scalars */
lt_scalar lt_scalar_f(double v)
{
    lt_scalar s = { v, ltI_f2i(v, INT64_MIN, INT64_MAX), 0 };
    return s;
}

lt_scalar lt_scalar_i(int64_t v)
{
    lt_scalar s = { (double)v, v, 1 };
    return s;
}

/* ---------------------------------------------------------------- shapes */
void ltI_shape_of(int ndim, const int64_t *size, char *buf, size_t n)
{
    if (ndim == 0) {
        snprintf(buf, n, "empty");
        return;
    }
    size_t used = 0;
    buf[0] = '\0';
    for (int d = 0; d < ndim && used < n; d++)
        used += (size_t)snprintf(buf + used, n - used, d ? "x%lld" : "%lld", (long long)size[d]);
}

const char *ltI_shape(const lt_tensor *t, char *buf)
{
    ltI_shape_of(t->ndim, t->size, buf, LT_SHAPE_BUF);
    return buf;
}

const char *lt_shape_str(const lt_tensor *t, char *buf, size_t n)
{
    ltI_shape_of(t->ndim, t->size, buf, n);
    return buf;
}

lt_status ltI_numel_checked(int ndim, const int64_t *size, int64_t *numel)
{
    int64_t n = 1, span = 1;
    if (ndim < 0 || ndim > LT_MAXDIM)
        return ltI_err(LT_EARG, 0, "too many dimensions (%d; at most %d)", ndim, LT_MAXDIM);
    for (int d = 0; d < ndim; d++) {
        if (size[d] < 0)
            return ltI_err(LT_EARG, 0, "invalid size %lld at dimension %d (sizes must be >= 0)",
                           (long long)size[d], d + 1);
        /* the product of the non-zero sizes must fit too: strides and
        ** partial products are computed from them even when numel is 0 */
        if (ltI_mul_overflow(span, size[d] ? size[d] : 1, &span))
            return ltI_err(LT_EARG, 0, "size overflows: the product of the sizes exceeds 2^63");
        n *= size[d];
    }
    *numel = ndim ? n : 0;
    return LT_OK;
}

/* ---------------------------------------------------------------- memory */
static lt_memhooks hooks;

void lt_set_memhooks(const lt_memhooks *h)
{
    if (h) hooks = *h;
    else memset(&hooks, 0, sizeof hooks);
}

void ltI_mem_notify(size_t bytes)
{
    if (hooks.notify) hooks.notify(hooks.ud, bytes);
}

void *lt_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p && hooks.retry && hooks.retry(hooks.ud, n))
        p = malloc(n ? n : 1);
    return p;
}

void *lt_realloc(void *old, size_t n)
{
    void *p = realloc(old, n ? n : 1);
    if (!p && hooks.retry && hooks.retry(hooks.ud, n))
        p = realloc(old, n ? n : 1);
    return p;
}

void lt_free(void *p) { free(p); }
