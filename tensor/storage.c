/*
** storage.c — refcounted, typed blocks of elements.
**
** A storage owns `size` elements of one dtype.  Small storages keep their
** data in the same malloc block as the header (LT_STORAGE_INLINE) so that
** creating a 1-element tensor costs one allocation; large ones get a
** separate 64-byte aligned block.  Resizing moves inline data out.  Memory
** is not cleared, as in Torch7 and PyTorch (torch.Tensor(n) is garbage).
*/
#include "lt_internal.h"
#include <stdio.h>
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#define INLINE_MAX 256   /* bytes of data kept inside the header block */

/* Small storages all have the same block size (header + INLINE_MAX), so
** they are recycled through a per-thread free list, like tensor structs. */
#define FREE_MAX 4096
static _Thread_local lt_storage *free_list;
static _Thread_local int free_count;

static lt_status size_bytes(lt_dtype dtype, int64_t size, size_t *bytes)
{
    int64_t b;
    if (size < 0)
        return ltI_err(LT_EARG, 0, "invalid storage size %lld", (long long)size);
    if (ltI_mul_overflow(size, (int64_t)lt_dtypes[dtype].size, &b) || b > (INT64_MAX >> 2))
        return ltI_err(LT_EARG, 0, "storage size %lld is too large", (long long)size);
    *bytes = (size_t)b;
    return LT_OK;
}

/* Training allocates and frees the same few-megabyte activations every
** step.  glibc serves blocks that size with fresh mmap()s (or trims them
** off the heap top on free), so each step page-faults its memory back in:
** a fifth of an LSTM training step went to the kernel clearing pages.
** Keeping blocks up to 32 MiB on the heap and 128 MiB of free heap before
** trimming makes them reused instead (sequential Fashion-MNIST LSTM,
** 1 thread: 21-27 ms -> 17 ms per batch).  Users who set glibc's own knobs
** (GLIBC_TUNABLES, MALLOC_*_) keep them. */
static void tune_malloc(void)
{
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
    static int done;
    if (__atomic_exchange_n(&done, 1, __ATOMIC_RELAXED)) return;
    if (getenv("GLIBC_TUNABLES") || getenv("MALLOC_MMAP_THRESHOLD_") ||
        getenv("MALLOC_TRIM_THRESHOLD_"))
        return;
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
#endif
}

static void *alloc_data(size_t bytes)
{
    void *p = NULL;
    if (bytes >= (128 << 10)) tune_malloc();
    if (posix_memalign(&p, 64, bytes ? bytes : 1) != 0) p = NULL;
    if (!p) {
        /* give the host a chance to free memory, then retry once */
        p = lt_malloc(bytes);
    }
    return p;
}

lt_status lt_storage_new(lt_dtype dtype, int64_t size, lt_storage **out)
{
    size_t bytes = 0;
    LT_TRY(size_bytes(dtype, size, &bytes));
    lt_storage *s;
    if (bytes <= INLINE_MAX) {
        s = free_list;
        if (s) {
            free_list = *(lt_storage **)s;
            free_count--;
        } else {
            s = lt_malloc(sizeof *s + INLINE_MAX);
        }
        if (!s) return ltI_err(LT_ENOMEM, 0, "not enough memory");
        s->data = s + 1;
        s->flags = LT_STORAGE_OWNED | LT_STORAGE_RESIZABLE | LT_STORAGE_INLINE |
                   LT_STORAGE_SMALLBLOCK;
    } else {
        s = lt_malloc(sizeof *s);
        if (!s) return ltI_err(LT_ENOMEM, 0, "not enough memory");
        s->data = alloc_data(bytes);
        if (!s->data) {
            lt_free(s);
            return ltI_err(LT_ENOMEM, 0, "not enough memory (%zu bytes)", bytes);
        }
        s->flags = LT_STORAGE_OWNED | LT_STORAGE_RESIZABLE;
    }
    s->refcount = 1;
    s->dtype = dtype;
    s->size = size;
    s->version = 0;
    ltI_mem_notify(sizeof *s + bytes);
    *out = s;
    return LT_OK;
}

lt_status lt_storage_wrap(lt_dtype dtype, void *data, int64_t size, lt_storage **out)
{
    lt_storage *s = lt_malloc(sizeof *s);
    if (!s) return ltI_err(LT_ENOMEM, 0, "not enough memory");
    s->refcount = 1;
    s->dtype = dtype;
    s->flags = 0;
    s->size = size;
    s->data = data;
    s->version = 0;
    *out = s;
    return LT_OK;
}

void lt_storage_retain(lt_storage *s)
{
    if (s) s->refcount++;
}

void lt_storage_release(lt_storage *s)
{
    if (!s || --s->refcount > 0) return;
    if ((s->flags & LT_STORAGE_OWNED) && !(s->flags & LT_STORAGE_INLINE)) free(s->data);
    if ((s->flags & LT_STORAGE_SMALLBLOCK) && free_count < FREE_MAX) {
        *(lt_storage **)s = free_list;
        free_list = s;
        free_count++;
        return;
    }
    lt_free(s);
}

lt_status lt_storage_resize(lt_storage *s, int64_t size)
{
    size_t bytes = 0, old;
    if (!(s->flags & LT_STORAGE_RESIZABLE))
        return ltI_err(LT_EARG, 0, "this storage cannot be resized (its memory is not owned)");
    LT_TRY(size_bytes(s->dtype, size, &bytes));
    if (size == s->size) return LT_OK;
    old = (size_t)s->size * lt_dtypes[s->dtype].size;
    void *p = alloc_data(bytes);
    if (!p) return ltI_err(LT_ENOMEM, 0, "not enough memory (%zu bytes)", bytes);
    memcpy(p, s->data, old < bytes ? old : bytes);
    if (!(s->flags & LT_STORAGE_INLINE)) free(s->data);
    s->flags &= ~LT_STORAGE_INLINE;
    s->data = p;
    s->size = size;
    s->version++;
    if (bytes > old) ltI_mem_notify(bytes - old);
    return LT_OK;
}

void lt_storage_fill(lt_storage *s, lt_scalar v)
{
    lt_tensor t;
    int64_t n = s->size;
    memset(&t, 0, sizeof t);
    t.storage = s;
    t.dtype = s->dtype;
    if (n == 0) return;
    t.ndim = 1;
    t.size[0] = n;
    t.stride[0] = 1;
    lt_fill(&t, v);
}

lt_status lt_storage_copy(lt_storage *dst, const lt_storage *src)
{
    lt_tensor a, b;
    if (dst->size != src->size)
        return ltI_err(LT_ESIZE, 2, "storage sizes differ (%lld and %lld)",
                       (long long)dst->size, (long long)src->size);
    if (dst->size == 0) return LT_OK;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    a.storage = dst; a.dtype = dst->dtype; a.ndim = 1; a.size[0] = dst->size; a.stride[0] = 1;
    b.storage = (lt_storage *)src; b.dtype = src->dtype; b.ndim = 1; b.size[0] = src->size;
    b.stride[0] = 1;
    return lt_copy(&a, &b);
}
