/*
** lt_internal.h — what the files of tensor/ share and nobody else sees.
**
** The strided iterator
** --------------------
** Every elementwise loop in the library (CPU here, CUDA later) goes through
** one iterator.  Its operands are tensors that already have the iteration
** shape (inputs are broadcast to it first with ltI_broadcast_to, which only
** sets strides to 0).  ltI_iter_init turns them into byte strides, orders
** dimensions so the fastest-varying (smallest |stride| of operand 0) comes
** first, and merges dimensions that are contiguous for every operand, so a
** contiguous tensor of any shape becomes one flat loop.  ltI_iter_run then
** cuts the flat index range into chunks, runs them on the thread pool above
** a size threshold, polls the cancel flag between chunks, and calls a typed
** inner loop `fn(ptrs, strides, n, ctx)` on each run of the innermost
** dimension.  An inner loop sees only pointers and byte strides.
*/
#ifndef LT_INTERNAL_H
#define LT_INTERNAL_H

#include "lantern.h"
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

/* ------------------------------------------------------------------ errors */
/* Set the thread-local error (message printf-style, operand arg) and return st. */
lt_status ltI_err(lt_status st, int arg, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ltI_set_errarg(int arg);     /* re-attribute the current error */
#define LT_TRY(expr) do { lt_status st_ = (expr); if (st_ != LT_OK) return st_; } while (0)

/* Shape strings for messages. */
const char *ltI_shape(const lt_tensor *t, char *buf);   /* buf: LT_SHAPE_BUF */
void ltI_shape_of(int ndim, const int64_t *size, char *buf, size_t n);

/* Checked arithmetic for sizes. */
static inline bool ltI_mul_overflow(int64_t a, int64_t b, int64_t *r) {
    return __builtin_mul_overflow(a, b, r);
}
lt_status ltI_numel_checked(int ndim, const int64_t *size, int64_t *numel);

/* ---------------------------------------------------------------- tensors */
/* Size/stride arrays: compare and copy n entries (n may be 0 with a NULL
** pointer, which memcmp/memcpy do not allow). */
static inline bool ltI_dims_eq(const int64_t *a, const int64_t *b, int n) {
    for (int i = 0; i < n; i++) if (a[i] != b[i]) return false;
    return true;
}
static inline void ltI_dims_copy(int64_t *dst, const int64_t *src, int n) {
    for (int i = 0; i < n; i++) dst[i] = src[i];
}

/* Inline versions of the metadata queries, for per-call paths. */
static inline bool ltI_contig(const lt_tensor *t) {
    int64_t expect = 1;
    for (int d = t->ndim - 1; d >= 0; d--) {
        if (t->size[d] != 1) {
            if (t->stride[d] != expect) return false;
            expect *= t->size[d];
        }
    }
    return true;
}
static inline int64_t ltI_numel(const lt_tensor *t) {
    if (t->ndim == 0) return 0;
    int64_t n = 1;
    for (int d = 0; d < t->ndim; d++) n *= t->size[d];
    return n;
}
static inline bool ltI_same_size(const lt_tensor *a, const lt_tensor *b) {
    return a->ndim == b->ndim && ltI_dims_eq(a->size, b->size, a->ndim);
}
static inline char *ltI_data(const lt_tensor *t) {
    return t->storage ? (char *)t->storage->data + t->offset * (int64_t)lt_dtypes[t->dtype].size
                      : NULL;
}

/* Stack-allocated tensor views (no refcount, never released). */
void ltI_view_init(lt_tensor *v, const lt_tensor *src);
/* Make v a view of src broadcast to (ndim, size): strides 0 where src has
** size 1 or lacks the dim.  Caller has checked compatibility. */
void ltI_broadcast_to(lt_tensor *v, const lt_tensor *src, int ndim, const int64_t *size);
/* Validate an operand: bounds inside storage; `arg` names it in errors. */
lt_status ltI_check(const lt_tensor *t, int arg);
/* out gets (ndim,size) and dtype: resized when its shape differs.  Fails
** when out is a non-empty view whose shape differs and is shared (Torch7
** would resize it anyway; we do the same: resize is always allowed). */
lt_status ltI_prepare_out(lt_tensor *out, lt_dtype dtype, int ndim, const int64_t *size);
void ltI_contiguous_strides(int ndim, const int64_t *size, int64_t *stride);
/* Wrap a dim into [0, ndim) (negative dims count from the end); error arg. */
lt_status ltI_wrap_dim(int *dim, int ndim, int arg, const char *what);
/* Bump the version counter of t's storage (in-place writes). */
static inline void ltI_bump(lt_tensor *t) { if (t->storage) t->storage->version++; }
/* Do a and b share any storage bytes? (conservative: same storage) */
static inline bool ltI_same_storage(const lt_tensor *a, const lt_tensor *b) {
    return a->storage && a->storage == b->storage;
}

/* Could writing a touch elements b reads, other than element-for-element
** (same view)?  Compares the element ranges each view can reach. */
static inline bool ltI_may_overlap(const lt_tensor *a, const lt_tensor *b) {
    if (!ltI_same_storage(a, b)) return false;
    if (a->offset == b->offset && a->ndim == b->ndim &&
        memcmp(a->size, b->size, sizeof(int64_t) * (size_t)a->ndim) == 0 &&
        memcmp(a->stride, b->stride, sizeof(int64_t) * (size_t)a->ndim) == 0)
        return false;
    int64_t alo = a->offset, ahi = a->offset, blo = b->offset, bhi = b->offset;
    for (int d = 0; d < a->ndim; d++) ahi += (a->size[d] - 1) * a->stride[d];
    for (int d = 0; d < b->ndim; d++) bhi += (b->size[d] - 1) * b->stride[d];
    return !(ahi < blo || bhi < alo);
}

/* ---------------------------------------------------------------- iterator */
#define LT_ITER_MAXOPS 4
typedef void (*ltI_loop_fn)(char **ptrs, const int64_t *strides, int64_t n, void *ctx);

typedef struct ltI_iter {
    int nops, ndim;
    int64_t numel;
    int64_t shape[LT_MAXDIM];                      /* innermost first */
    int64_t strides[LT_MAXDIM][LT_ITER_MAXOPS];    /* bytes, per dim per operand */
    char *data[LT_ITER_MAXOPS];
} ltI_iter;

/* All ops[i] must have ops[0]'s shape (already broadcast). */
void ltI_iter_init(ltI_iter *it, int nops, const lt_tensor *const *ops);
/* Is the innermost dimension dense (stride == elsize) for every operand
** and is there only one dimension? Then the whole thing is one flat array. */
bool ltI_iter_flat(const ltI_iter *it, const size_t *elsizes);
/* Run fn over every element; `grain` is the minimum number of elements
** per thread (0: default).  Returns LT_ECANCEL when interrupted. */
lt_status ltI_iter_run(ltI_iter *it, ltI_loop_fn fn, void *ctx, int64_t grain);
/* Serial, in row-major order of the *original* (unreordered) shape: for
** random fills and anything whose order is observable. */
lt_status ltI_iter_run_ordered(int nops, const lt_tensor *const *ops, ltI_loop_fn fn, void *ctx);

/* ----------------------------------------------------------------- threads */
#define LT_GRAIN 32768      /* elements below which a loop stays serial */
#define LT_CHUNK 65536      /* elements between cancel polls */
/* Runs fn(begin, end, ctx) over [0, n) split into ranges of at least
** `grain`, in parallel when worthwhile.  fn returns non-zero to stop
** (errors); cancellation is polled between chunks. */
typedef int (*ltI_range_fn)(int64_t begin, int64_t end, void *ctx);
lt_status ltI_parallel_for(int64_t n, int64_t grain, ltI_range_fn fn, void *ctx);
int ltI_in_parallel(void);

/* -------------------------------------------------------------- dtype dispatch */
/* X(DTYPE_ENUM, ctype, unsigned ctype, accumulator type, is_float) */
#define LT_FOR_ALL_DTYPES(X) \
    X(LT_BYTE,   uint8_t, uint8_t,  int64_t, 0) \
    X(LT_CHAR,   int8_t,  uint8_t,  int64_t, 0) \
    X(LT_SHORT,  int16_t, uint16_t, int64_t, 0) \
    X(LT_INT,    int32_t, uint32_t, int64_t, 0) \
    X(LT_LONG,   int64_t, uint64_t, int64_t, 0) \
    X(LT_FLOAT,  float,   float,    double,  1) \
    X(LT_DOUBLE, double,  double,   double,  1)

static inline bool ltI_is_float(lt_dtype d) { return lt_dtypes[d].is_float != 0; }

/* Saturating float -> integer conversion (NaN -> 0): C's cast is undefined
** out of range, and a user's data must never reach undefined behaviour. */
static inline int64_t ltI_f2i(double v, int64_t lo, int64_t hi) {
    if (!(v == v)) return 0;
    if (v <= (double)lo) return lo;
    if (v >= (double)hi) return hi;
    return (int64_t)v;
}

/* ---------------------------------------------------------------- memory */
void ltI_mem_notify(size_t bytes);

/* ------------------------------------------------------------------ BLAS */
/* Function pointers resolved from OpenBLAS at first use (blas.c). */
typedef struct ltI_blas {
    void (*sgemm)(int, int, int, int, int, int, float, const float *, int,
                  const float *, int, float, float *, int);
    void (*dgemm)(int, int, int, int, int, int, double, const double *, int,
                  const double *, int, double, double *, int);
    void (*sgemv)(int, int, int, int, float, const float *, int, const float *, int,
                  float, float *, int);
    void (*dgemv)(int, int, int, int, double, const double *, int, const double *, int,
                  double, double *, int);
    void (*sger)(int, int, int, float, const float *, int, const float *, int, float *, int);
    void (*dger)(int, int, int, double, const double *, int, const double *, int, double *, int);
    float (*sdot)(int, const float *, int, const float *, int);
    double (*ddot)(int, const double *, int, const double *, int);
    void (*set_num_threads)(int);
    int (*get_num_threads)(void);
    char *(*get_config)(void);
    char *(*get_corename)(void);
    void *handle;      /* dlopen handle: LAPACK symbols are looked up here */
} ltI_blas;
/* Loads OpenBLAS on first call; NULL (with the error set) if it cannot. */
const ltI_blas *ltI_blas_get(void);
void *ltI_blas_sym(const char *name);        /* other symbols (LAPACK) */
/* cpu.c: choose OPENBLAS_CORETYPE from cpuid unless the user set it. */
void ltI_cpu_select_openblas_core(char *cpu, size_t ncpu, char *choice, size_t nchoice);

#endif
