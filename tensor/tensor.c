/*
** tensor.c — tensor objects: creation, refcounts, resize/set and views.
**
** A tensor is (storage, offset, ndim, size[], stride[]) as lantern.h
** describes.  Every view function here writes into an `out` tensor that may
** be `src` itself, so the work is done on a local copy first.  Bounds are
** checked when a view is built from user numbers (lt_set_storage) and again
** by ltI_check at the entry of every op, because a storage can shrink under
** an existing view (storage:resize).
*/
#include "lt_internal.h"
#include <stdio.h>
#include <stdlib.h>

/* --------------------------------------------------------------- lifetime */
/* Tensor structs are recycled through a small per-thread free list: a
** training loop creates and drops millions of them, and malloc/free of a
** 450-byte block was a third of the cost of a tiny op. */
#define FREE_MAX 4096
static _Thread_local lt_tensor *free_list;
static _Thread_local int free_count;

lt_tensor *lt_tensor_new(lt_dtype dtype)
{
    lt_tensor *t = free_list;
    if (t) {
        free_list = *(lt_tensor **)t;
        free_count--;
    } else {
        t = lt_malloc(sizeof *t);
    }
    if (!t) {
        ltI_err(LT_ENOMEM, 0, "not enough memory");
        return NULL;
    }
    t->refcount = 1;
    t->storage = NULL;
    t->dtype = dtype;
    t->ndim = 0;
    t->offset = 0;
    t->autograd = NULL;
    return t;
}

lt_status lt_tensor_new_sized(lt_dtype dtype, int ndim, const int64_t *size, lt_tensor **out)
{
    lt_tensor *t = lt_tensor_new(dtype);
    if (!t) return LT_ENOMEM;
    lt_status st = lt_resize(t, ndim, size);
    if (st) {
        lt_tensor_release(t);
        return st;
    }
    *out = t;
    return LT_OK;
}

lt_tensor *lt_tensor_new_view(const lt_tensor *src)
{
    lt_tensor *t = lt_tensor_new(src->dtype);
    if (t) lt_set(t, src);
    return t;
}

void lt_tensor_retain(lt_tensor *t)
{
    if (t) t->refcount++;
}

void (*ltI_autograd_free)(lt_tensor *t);

void lt_tensor_release(lt_tensor *t)
{
    if (!t || --t->refcount > 0) return;
    if (t->autograd && ltI_autograd_free) ltI_autograd_free(t);
    lt_storage_release(t->storage);
    if (free_count < FREE_MAX) {
        *(lt_tensor **)t = free_list;
        free_list = t;
        free_count++;
    } else {
        lt_free(t);
    }
}

void lt_tensor_clear(lt_tensor *t)
{
    lt_storage_release(t->storage);
    t->storage = NULL;
    t->ndim = 0;
    t->offset = 0;
}

void ltI_view_init(lt_tensor *v, const lt_tensor *src)
{
    memcpy(v, src, offsetof(lt_tensor, size));
    v->refcount = 1;
    v->autograd = NULL;
    ltI_dims_copy(v->size, src->size, src->ndim);
    ltI_dims_copy(v->stride, src->stride, src->ndim);
}

/* --------------------------------------------------------------- metadata */
int64_t lt_numel(const lt_tensor *t)
{
    if (t->ndim == 0) return 0;
    int64_t n = 1;
    for (int d = 0; d < t->ndim; d++) n *= t->size[d];
    return n;
}

int lt_is_contiguous(const lt_tensor *t)
{
    int64_t expect = 1;
    for (int d = t->ndim - 1; d >= 0; d--) {
        if (t->size[d] != 1) {
            if (t->stride[d] != expect) return 0;
            expect *= t->size[d];
        }
    }
    return 1;
}

int lt_same_size(const lt_tensor *a, const lt_tensor *b)
{
    if (a->ndim != b->ndim) return 0;
    for (int d = 0; d < a->ndim; d++)
        if (a->size[d] != b->size[d]) return 0;
    return 1;
}

size_t lt_elsize(const lt_tensor *t) { return lt_dtypes[t->dtype].size; }

void *lt_data(const lt_tensor *t)
{
    if (!t->storage) return NULL;
    return (char *)t->storage->data + (size_t)t->offset * lt_dtypes[t->dtype].size;
}

void ltI_contiguous_strides(int ndim, const int64_t *size, int64_t *stride)
{
    int64_t s = 1;
    for (int d = ndim - 1; d >= 0; d--) {
        stride[d] = s;
        s *= size[d] > 0 ? size[d] : 1;
    }
}

lt_status lt_check_bounds(const lt_tensor *t)
{
    char buf[LT_SHAPE_BUF];
    int64_t hi = t->offset;
    if (t->ndim == 0) return LT_OK;
    for (int d = 0; d < t->ndim; d++) {
        if (t->size[d] == 0) return LT_OK;
        hi += (t->size[d] - 1) * t->stride[d];
    }
    if (t->storage && t->offset >= 0 && hi < t->storage->size) return LT_OK;
    if (!t->storage)
        return ltI_err(LT_EARG, 0, "tensor of size %s has no storage", ltI_shape(t, buf));
    return ltI_err(LT_ERANGE, 0,
                   "tensor of size %s at offset %lld reaches element %lld of a storage "
                   "of size %lld (was the storage resized?)",
                   ltI_shape(t, buf), (long long)t->offset + 1, (long long)hi + 1,
                   (long long)t->storage->size);
}

lt_status ltI_check(const lt_tensor *t, int arg)
{
    lt_status st = lt_check_bounds(t);
    if (st) ltI_set_errarg(arg);
    return st;
}

lt_status ltI_wrap_dim(int *dim, int ndim, int arg, const char *what)
{
    int d = *dim;
    if (d < 0) d += ndim;
    if (d < 0 || d >= ndim) {
        if (ndim == 0)
            return ltI_err(LT_ERANGE, arg, "%s %d out of range: the tensor is empty",
                           what ? what : "dimension", *dim >= 0 ? *dim + 1 : *dim);
        return ltI_err(LT_ERANGE, arg, "%s %d out of range for a %dD tensor (expected 1 to %d)",
                       what ? what : "dimension", *dim >= 0 ? *dim + 1 : *dim, ndim, ndim);
    }
    *dim = d;
    return LT_OK;
}

/* ----------------------------------------------------------- resize / set */
lt_status lt_resize(lt_tensor *t, int ndim, const int64_t *size)
{
    int64_t n, stride[LT_MAXDIM];
    LT_TRY(ltI_numel_checked(ndim, size, &n));
    /* Torch7: a tensor that already has this size keeps its strides */
    if (ndim == t->ndim && ltI_dims_eq(t->size, size, ndim) &&
        (n == 0 || (t->storage && lt_check_bounds(t) == LT_OK)))
        return LT_OK;
    ltI_contiguous_strides(ndim, size, stride);
    int64_t need;
    if (__builtin_add_overflow(t->offset, n, &need))
        return ltI_err(LT_EARG, 0, "size overflows");
    if (n > 0) {
        if (!t->storage) {
            lt_storage *s;
            LT_TRY(lt_storage_new(t->dtype, n, &s));
            t->storage = s;
            t->offset = 0;
        } else if (need > t->storage->size) {
            LT_TRY(lt_storage_resize(t->storage, need));
        }
    }
    t->ndim = ndim;
    ltI_dims_copy(t->size, size, ndim);
    ltI_dims_copy(t->stride, stride, ndim);
    return LT_OK;
}

lt_status lt_resize_as(lt_tensor *t, const lt_tensor *like)
{
    return lt_resize(t, like->ndim, like->size);
}

lt_status lt_set_storage(lt_tensor *t, lt_storage *s, int64_t offset, int ndim,
                         const int64_t *size, const int64_t *stride)
{
    int64_t n, st[LT_MAXDIM];
    LT_TRY(ltI_numel_checked(ndim, size, &n));
    if (offset < 0)
        return ltI_err(LT_ERANGE, 0, "storage offset %lld out of range", (long long)offset + 1);
    if (s && s->dtype != t->dtype)
        return ltI_err(LT_ETYPE, 0, "storage of type %s given to a tensor of type %s",
                       lt_dtypes[s->dtype].name, lt_dtypes[t->dtype].name);
    if (stride) {
        for (int d = 0; d < ndim; d++)
            if (stride[d] < 0)
                return ltI_err(LT_EARG, 0, "invalid stride %lld at dimension %d (must be >= 0)",
                               (long long)stride[d], d + 1);
        ltI_dims_copy(st, stride, ndim);
    } else {
        ltI_contiguous_strides(ndim, size, st);
    }
    if (n > 0) {
        int64_t hi = offset;
        for (int d = 0; d < ndim; d++) {
            int64_t ext;
            if (ltI_mul_overflow(size[d] - 1, st[d], &ext) || __builtin_add_overflow(hi, ext, &hi))
                return ltI_err(LT_EARG, 0, "size and stride overflow");
        }
        if (!s || hi >= s->size)
            return ltI_err(LT_ERANGE, 0,
                           "view reaches element %lld but the storage has %lld elements",
                           (long long)hi + 1, (long long)(s ? s->size : 0));
    }
    lt_storage_retain(s);
    lt_storage_release(t->storage);
    t->storage = s;
    t->offset = offset;
    t->ndim = ndim;
    ltI_dims_copy(t->size, size, ndim);
    ltI_dims_copy(t->stride, st, ndim);
    return LT_OK;
}

static void commit_view(lt_tensor *out, const lt_tensor *src, const lt_tensor *v);

void lt_set(lt_tensor *t, const lt_tensor *src)
{
    if (t != src) commit_view(t, src, src);
}

lt_status ltI_prepare_out(lt_tensor *out, lt_dtype dtype, int ndim, const int64_t *size)
{
    if (out->dtype != dtype)
        return ltI_err(LT_ETYPE, 1, "result tensor is a %sTensor, expected a %sTensor",
                       lt_dtypes[out->dtype].name, lt_dtypes[dtype].name);
    if (out->ndim == ndim && ltI_dims_eq(out->size, size, ndim) &&
        (lt_numel(out) == 0 || out->storage))
        return ltI_check(out, 1);
    return lt_resize(out, ndim, size);
}

/* ------------------------------------------------------------------ views */
/* Views are built in a local tensor `v` and then copied into out, so that
** out == src works. */
static void commit_view(lt_tensor *out, const lt_tensor *src, const lt_tensor *v)
{
    lt_storage_retain(src->storage);
    lt_storage_release(out->storage);
    out->storage = src->storage;
    out->dtype = src->dtype;
    out->offset = v->offset;
    out->ndim = v->ndim;
    ltI_dims_copy(out->size, v->size, v->ndim);
    ltI_dims_copy(out->stride, v->stride, v->ndim);
}

lt_status lt_narrow(lt_tensor *out, const lt_tensor *src, int dim, int64_t start, int64_t len)
{
    lt_tensor v;
    LT_TRY(ltI_wrap_dim(&dim, src->ndim, 2, NULL));
    if (start < 0 || start > src->size[dim])
        return ltI_err(LT_ERANGE, 3, "start index %lld out of range for dimension %d of size %lld",
                       (long long)start + 1, dim + 1, (long long)src->size[dim]);
    if (len < 0 || start + len > src->size[dim])
        return ltI_err(LT_ERANGE, 4,
                       "length %lld from index %lld exceeds dimension %d of size %lld",
                       (long long)len, (long long)start + 1, dim + 1, (long long)src->size[dim]);
    ltI_view_init(&v, src);
    if (len > 0) v.offset += start * src->stride[dim];
    v.size[dim] = len;
    commit_view(out, src, &v);
    return LT_OK;
}

lt_status lt_select(lt_tensor *out, const lt_tensor *src, int dim, int64_t index)
{
    lt_tensor v;
    if (src->ndim == 1)
        return ltI_err(LT_EARG, 0, "cannot select on a vector (use t[i] to read an element)");
    LT_TRY(ltI_wrap_dim(&dim, src->ndim, 2, NULL));
    if (index < 0 || index >= src->size[dim])
        return ltI_err(LT_ERANGE, 3, "index %lld out of range for dimension %d of size %lld",
                       (long long)index + 1, dim + 1, (long long)src->size[dim]);
    ltI_view_init(&v, src);
    v.offset += index * src->stride[dim];
    for (int d = dim; d < src->ndim - 1; d++) {
        v.size[d] = src->size[d + 1];
        v.stride[d] = src->stride[d + 1];
    }
    v.ndim--;
    commit_view(out, src, &v);
    return LT_OK;
}

lt_status lt_transpose(lt_tensor *out, const lt_tensor *src, int d1, int d2)
{
    lt_tensor v;
    LT_TRY(ltI_wrap_dim(&d1, src->ndim, 2, NULL));
    LT_TRY(ltI_wrap_dim(&d2, src->ndim, 3, NULL));
    ltI_view_init(&v, src);
    v.size[d1] = src->size[d2];
    v.stride[d1] = src->stride[d2];
    v.size[d2] = src->size[d1];
    v.stride[d2] = src->stride[d1];
    commit_view(out, src, &v);
    return LT_OK;
}

lt_status lt_permute(lt_tensor *out, const lt_tensor *src, const int *perm)
{
    lt_tensor v;
    int seen[LT_MAXDIM] = { 0 };
    ltI_view_init(&v, src);
    for (int d = 0; d < src->ndim; d++) {
        int p = perm[d];
        if (p < 0 || p >= src->ndim)
            return ltI_err(LT_ERANGE, d + 2, "dimension %d out of range for a %dD tensor", p + 1,
                           src->ndim);
        if (seen[p]++)
            return ltI_err(LT_EARG, d + 2, "dimension %d repeated in the permutation", p + 1);
        v.size[d] = src->size[p];
        v.stride[d] = src->stride[p];
    }
    commit_view(out, src, &v);
    return LT_OK;
}

lt_status lt_unfold(lt_tensor *out, const lt_tensor *src, int dim, int64_t size, int64_t step)
{
    lt_tensor v;
    if (src->ndim == 0) return ltI_err(LT_EARG, 0, "cannot unfold an empty tensor");
    LT_TRY(ltI_wrap_dim(&dim, src->ndim, 2, NULL));
    if (src->ndim >= LT_MAXDIM)
        return ltI_err(LT_EARG, 0, "too many dimensions (at most %d)", LT_MAXDIM);
    if (size < 0 || size > src->size[dim])
        return ltI_err(LT_ERANGE, 3, "unfold size %lld larger than dimension %d of size %lld",
                       (long long)size, dim + 1, (long long)src->size[dim]);
    if (step <= 0)
        return ltI_err(LT_EARG, 4, "unfold step must be positive (got %lld)", (long long)step);
    ltI_view_init(&v, src);
    v.size[dim] = (src->size[dim] - size) / step + 1;
    v.stride[dim] = step * src->stride[dim];
    v.size[v.ndim] = size;
    v.stride[v.ndim] = src->stride[dim];
    v.ndim++;
    commit_view(out, src, &v);
    return LT_OK;
}

/* Compute strides for viewing src as (ndim, size), or fail: the chunks of
** src that are contiguous in memory must map onto whole groups of the new
** dimensions (PyTorch's rule; Torch7 required a contiguous tensor). */
static int view_strides(const lt_tensor *src, int ndim, const int64_t *size, int64_t *stride)
{
    int64_t numel = lt_numel(src);
    if (numel == 0) {
        ltI_contiguous_strides(ndim, size, stride);
        return 1;
    }
    int view_d = ndim - 1;
    int64_t chunk_base_stride = src->stride[src->ndim - 1];
    int64_t tensor_numel = 1, view_numel = 1;
    for (int d = src->ndim - 1; d >= 0; d--) {
        tensor_numel *= src->size[d];
        if (d == 0 || (src->size[d - 1] != 1 &&
                       src->stride[d - 1] != tensor_numel * chunk_base_stride)) {
            while (view_d >= 0 && (view_numel < tensor_numel || size[view_d] == 1)) {
                stride[view_d] = view_numel * chunk_base_stride;
                view_numel *= size[view_d];
                view_d--;
            }
            if (view_numel != tensor_numel) return 0;
            if (d > 0) {
                chunk_base_stride = src->stride[d - 1];
                tensor_numel = 1;
                view_numel = 1;
            }
        }
    }
    return view_d == -1;
}

lt_status lt_view(lt_tensor *out, const lt_tensor *src, int ndim, const int64_t *size)
{
    char a[LT_SHAPE_BUF], b[LT_SHAPE_BUF];
    int64_t sz[LT_MAXDIM], st[LT_MAXDIM], known = 1, numel = lt_numel(src);
    int infer = -1;
    lt_tensor v;
    if (ndim > LT_MAXDIM) return ltI_err(LT_EARG, 0, "too many dimensions (at most %d)", LT_MAXDIM);
    for (int d = 0; d < ndim; d++) {
        sz[d] = size[d];
        if (size[d] == -1) {
            if (infer >= 0) return ltI_err(LT_EARG, 0, "only one dimension can be inferred (-1)");
            infer = d;
        } else if (size[d] < 0) {
            return ltI_err(LT_EARG, 0, "invalid size %lld at dimension %d", (long long)size[d],
                           d + 1);
        } else if (ltI_mul_overflow(known, size[d], &known)) {
            return ltI_err(LT_EARG, 0, "size overflows");
        }
    }
    if (infer >= 0) {
        if (known == 0 || numel % known != 0) {
            ltI_shape_of(ndim, size, b, sizeof b);
            return ltI_err(LT_ESIZE, 0, "cannot view a tensor of size %s (%lld elements) as %s",
                           ltI_shape(src, a), (long long)numel, b);
        }
        sz[infer] = numel / known;
        known = numel;
    }
    if ((ndim ? known : 0) != numel) {
        ltI_shape_of(ndim, sz, b, sizeof b);
        return ltI_err(LT_ESIZE, 0, "cannot view a tensor of size %s (%lld elements) as %s",
                       ltI_shape(src, a), (long long)numel, b);
    }
    if (!view_strides(src, ndim, sz, st)) {
        ltI_shape_of(ndim, sz, b, sizeof b);
        return ltI_err(LT_EARG, 0,
                       "cannot view a non-contiguous tensor of size %s as %s "
                       "(call :contiguous() or use :reshape())",
                       ltI_shape(src, a), b);
    }
    ltI_view_init(&v, src);
    v.ndim = ndim;
    ltI_dims_copy(v.size, sz, ndim);
    ltI_dims_copy(v.stride, st, ndim);
    commit_view(out, src, &v);
    return LT_OK;
}

lt_status lt_expand(lt_tensor *out, const lt_tensor *src, int ndim, const int64_t *size)
{
    char a[LT_SHAPE_BUF], b[LT_SHAPE_BUF];
    lt_tensor v;
    if (ndim < src->ndim) {
        ltI_shape_of(ndim, size, b, sizeof b);
        return ltI_err(LT_ESIZE, 0, "cannot expand a tensor of size %s to %s (fewer dimensions)",
                       ltI_shape(src, a), b);
    }
    if (ndim > LT_MAXDIM) return ltI_err(LT_EARG, 0, "too many dimensions (at most %d)", LT_MAXDIM);
    ltI_view_init(&v, src);
    v.ndim = ndim;
    for (int d = ndim - 1; d >= 0; d--) {
        int sd = d - (ndim - src->ndim);
        int64_t want = size[d];
        if (sd >= 0) {
            if (want == -1) want = src->size[sd];
            if (src->size[sd] == want) {
                v.size[d] = want;
                v.stride[d] = src->stride[sd];
                continue;
            }
            if (src->size[sd] != 1 || want < 0) goto bad;
            v.size[d] = want;
            v.stride[d] = 0;
        } else {
            if (want < 0) goto bad;
            v.size[d] = want;
            v.stride[d] = 0;
        }
    }
    commit_view(out, src, &v);
    return LT_OK;
bad:
    ltI_shape_of(ndim, size, b, sizeof b);
    return ltI_err(LT_ESIZE, 0,
                   "cannot expand a tensor of size %s to %s (only dimensions of size 1 expand)",
                   ltI_shape(src, a), b);
}

lt_status lt_squeeze(lt_tensor *out, const lt_tensor *src)
{
    lt_tensor v;
    int k = 0;
    ltI_view_init(&v, src);
    for (int d = 0; d < src->ndim; d++) {
        if (src->size[d] != 1) {
            v.size[k] = src->size[d];
            v.stride[k] = src->stride[d];
            k++;
        }
    }
    if (k == 0 && src->ndim > 0) {   /* keep one dimension: 0-dim means empty */
        v.size[0] = 1;
        v.stride[0] = 1;
        k = 1;
    }
    v.ndim = k;
    commit_view(out, src, &v);
    return LT_OK;
}

lt_status lt_squeeze_dim(lt_tensor *out, const lt_tensor *src, int dim)
{
    lt_tensor v;
    LT_TRY(ltI_wrap_dim(&dim, src->ndim, 2, NULL));
    ltI_view_init(&v, src);
    if (src->size[dim] == 1 && src->ndim > 1) {
        for (int d = dim; d < src->ndim - 1; d++) {
            v.size[d] = src->size[d + 1];
            v.stride[d] = src->stride[d + 1];
        }
        v.ndim--;
    }
    commit_view(out, src, &v);
    return LT_OK;
}

lt_status lt_unsqueeze(lt_tensor *out, const lt_tensor *src, int dim)
{
    lt_tensor v;
    if (dim < 0) dim += src->ndim + 1;
    if (dim < 0 || dim > src->ndim)
        return ltI_err(LT_ERANGE, 2, "dimension %d out of range (expected 1 to %d)", dim + 1,
                       src->ndim + 1);
    if (src->ndim >= LT_MAXDIM)
        return ltI_err(LT_EARG, 0, "too many dimensions (at most %d)", LT_MAXDIM);
    ltI_view_init(&v, src);
    for (int d = src->ndim; d > dim; d--) {
        v.size[d] = src->size[d - 1];
        v.stride[d] = src->stride[d - 1];
    }
    v.size[dim] = 1;
    v.stride[dim] = dim < src->ndim ? src->size[dim] * src->stride[dim] : 1;
    v.ndim++;
    commit_view(out, src, &v);
    return LT_OK;
}

/* ------------------------------------------------------------ broadcasting */
lt_status lt_broadcast_shape(const lt_tensor *a, const lt_tensor *b, int *ndim, int64_t *size)
{
    char x[LT_SHAPE_BUF], y[LT_SHAPE_BUF];
    int n = a->ndim > b->ndim ? a->ndim : b->ndim;
    /* a 0-dim tensor is empty (Torch7), not a scalar: it broadcasts with nothing */
    if ((a->ndim == 0) != (b->ndim == 0))
        return ltI_err(LT_ESIZE, 2, "size mismatch: %s and %s cannot be broadcast together",
                       ltI_shape(a, x), ltI_shape(b, y));
    for (int i = 0; i < n; i++) {
        int da = a->ndim - 1 - i, db = b->ndim - 1 - i;
        int64_t sa = da >= 0 ? a->size[da] : 1, sb = db >= 0 ? b->size[db] : 1;
        if (sa != sb && sa != 1 && sb != 1)
            return ltI_err(LT_ESIZE, 2, "size mismatch: %s and %s cannot be broadcast together",
                           ltI_shape(a, x), ltI_shape(b, y));
        size[n - 1 - i] = sa == 1 ? sb : sa;
    }
    *ndim = n;
    return LT_OK;
}

void ltI_broadcast_to(lt_tensor *v, const lt_tensor *src, int ndim, const int64_t *size)
{
    ltI_view_init(v, src);
    v->ndim = ndim;
    for (int d = ndim - 1; d >= 0; d--) {
        int sd = d - (ndim - src->ndim);
        v->size[d] = size[d];
        v->stride[d] = (sd >= 0 && src->size[sd] == size[d]) ? src->stride[sd] : 0;
    }
}
