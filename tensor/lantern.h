/*
** lantern.h — the public C API of Lantern's tensor library.
**
** The tensor model (read this first)
** ----------------------------------
** A *storage* is a refcounted, typed, contiguous block of elements.  A
** *tensor* is a view of a storage: an element offset, a number of
** dimensions, and for each dimension a size and a stride (both counted in
** elements, never bytes).  Element (i0, i1, ..., ik) of a tensor lives at
**
**     storage->data[offset + i0*stride[0] + i1*stride[1] + ... + ik*stride[k]]
**
** so narrow, select, transpose, permute, unfold, view and expand only
** rewrite (offset, size, stride) and cost O(ndim): they share the storage.
** A stride of 0 repeats an element (expand, broadcasting).
**
** A tensor with ndim == 0 is *empty* (Torch7's convention: no elements and
** possibly no storage).  A dimension may also have size 0 (numel == 0).
** Tensors are refcounted too: a Lua userdata, an autograd node or a C caller
** each hold one reference (lt_tensor_retain/lt_tensor_release).
**
** Conventions
** -----------
** - Dimensions and scalar indices passed to this API are 0-based.  Index
**   *tensors* (gather/scatter/index/sort results) hold 1-based values, as
**   Torch7 users see them: LT_INDEX_BASE says so in one place.
** - Every function that can fail on user input returns an lt_status; the
**   message is in lt_errmsg() and names the problem and the shapes; the
**   offending operand (1-based among the function's tensor arguments, 0 when
**   none) is in lt_errarg().  Nothing here exits or aborts on user input.
** - Ops write into a caller-provided `out` tensor, resizing it as needed
**   (Torch7's `res` argument).  `out` may be one of the inputs (in place).
** - Names: public lt_*, in-place variants lt_*_; internal cross-file ltI_*.
*/
#ifndef LANTERN_H
#define LANTERN_H

#include <stddef.h>
#include <stdint.h>

#define LT_MAXDIM 25      /* as PyTorch's iterator limit; checked everywhere */
#define LT_INDEX_BASE 1   /* index tensors hold 1-based indices */

/* ---------------------------------------------------------------- status */
typedef enum lt_status {
    LT_OK = 0,
    LT_EARG,       /* bad argument: wrong value, type or dimension */
    LT_ESIZE,      /* size mismatch between operands */
    LT_ERANGE,     /* index or dimension out of range */
    LT_ENOMEM,     /* allocation failed (after the retry hook) */
    LT_ECANCEL,    /* interrupted through lt_cancel() */
    LT_ETYPE,      /* operation not defined for this dtype */
    LT_EVALUE      /* numerical problem (division by zero, singular, ...) */
} lt_status;

const char *lt_errmsg(void);      /* message of the last failure (thread-local) */
int lt_errarg(void);              /* operand of the last failure, 1-based; 0 = none */

/* ----------------------------------------------------------------- dtypes */
typedef enum lt_dtype {
    LT_BYTE, LT_CHAR, LT_SHORT, LT_INT, LT_LONG, LT_FLOAT, LT_DOUBLE, LT_NDTYPES
} lt_dtype;

/* The dtype traits table: everything generic code needs to know about an
** element type.  Fast kernels are typed; slow paths (printing, single
** element access, conversions of odd layouts) go through get/set. */
typedef struct lt_dtype_traits {
    const char *name;       /* "Byte", "Char", ... as in torch.ByteTensor */
    const char *cname;      /* "unsigned char", ... (Torch7's storage docs) */
    size_t size;            /* bytes per element */
    int is_float;
    int is_signed;
    int64_t imin, imax;     /* integer range (integer types only) */
    double (*get)(const void *p);
    void (*set)(void *p, double v);          /* saturating for integer types */
    int64_t (*geti)(const void *p);
    void (*seti)(void *p, int64_t v);        /* wraps, as a C cast would */
} lt_dtype_traits;

extern const lt_dtype_traits lt_dtypes[LT_NDTYPES];
int lt_dtype_from_name(const char *name);   /* "Float" -> LT_FLOAT, -1 if none */

/* A number as Lua gives it: an exact integer or a float.  Integer kernels
** read .i, floating-point kernels read .f; both are always filled. */
typedef struct lt_scalar {
    double f;
    int64_t i;
    int is_int;          /* came from an integer (i is exact) */
} lt_scalar;
lt_scalar lt_scalar_f(double v);
lt_scalar lt_scalar_i(int64_t v);

/* --------------------------------------------------------------- storages */
enum {
    LT_STORAGE_OWNED = 1,       /* data freed with the storage */
    LT_STORAGE_RESIZABLE = 2,
    LT_STORAGE_INLINE = 4,      /* data lives in the header's block */
    LT_STORAGE_SMALLBLOCK = 8   /* the header block is a recyclable small block */
};

typedef struct lt_storage {
    int64_t refcount;
    lt_dtype dtype;
    int flags;
    int64_t size;        /* in elements */
    void *data;
    uint64_t version;    /* bumped by in-place writes (autograd checks it) */
} lt_storage;

lt_status lt_storage_new(lt_dtype dtype, int64_t size, lt_storage **out);
/* Wrap memory owned elsewhere (not freed, not resizable). */
lt_status lt_storage_wrap(lt_dtype dtype, void *data, int64_t size, lt_storage **out);
void lt_storage_retain(lt_storage *s);
void lt_storage_release(lt_storage *s);
lt_status lt_storage_resize(lt_storage *s, int64_t size);  /* keeps the prefix */
void lt_storage_fill(lt_storage *s, lt_scalar v);
lt_status lt_storage_copy(lt_storage *dst, const lt_storage *src);  /* across types */

/* ---------------------------------------------------------------- tensors */
typedef struct lt_tensor {
    int64_t refcount;
    lt_storage *storage;     /* NULL until something is allocated */
    lt_dtype dtype;
    int ndim;
    int64_t offset;          /* in elements */
    int64_t size[LT_MAXDIM];
    int64_t stride[LT_MAXDIM];
    void *autograd;          /* owned by the autograd engine; NULL otherwise */
} lt_tensor;

/* Creation and lifetime. */
lt_tensor *lt_tensor_new(lt_dtype dtype);               /* empty; NULL on OOM */
lt_status lt_tensor_new_sized(lt_dtype dtype, int ndim, const int64_t *size,
                              lt_tensor **out);
lt_tensor *lt_tensor_new_view(const lt_tensor *src);    /* shares src's storage */
void lt_tensor_retain(lt_tensor *t);
void lt_tensor_release(lt_tensor *t);
/* Drop the storage and become empty (used by <close> and clearState). */
void lt_tensor_clear(lt_tensor *t);

/* Metadata. */
int64_t lt_numel(const lt_tensor *t);
int lt_is_contiguous(const lt_tensor *t);
int lt_same_size(const lt_tensor *a, const lt_tensor *b);
void *lt_data(const lt_tensor *t);                      /* address of element 0 */
size_t lt_elsize(const lt_tensor *t);
/* Writes "3x4x5" (or "empty") into buf; returns buf.  For error messages. */
const char *lt_shape_str(const lt_tensor *t, char *buf, size_t n);
#define LT_SHAPE_BUF 512
/* Checks that every element the view can reach lies inside its storage
** (storages can shrink under a view). */
lt_status lt_check_bounds(const lt_tensor *t);

/* Reshaping the tensor object itself (Torch7's resize/set). */
lt_status lt_resize(lt_tensor *t, int ndim, const int64_t *size);  /* contiguous */
lt_status lt_resize_as(lt_tensor *t, const lt_tensor *like);
lt_status lt_set_storage(lt_tensor *t, lt_storage *s, int64_t offset, int ndim,
                         const int64_t *size, const int64_t *stride /* NULL: contiguous */);
void lt_set(lt_tensor *t, const lt_tensor *src);        /* t views what src views */

/* Views: each makes `out` a view of `src` (out may be src). */
lt_status lt_narrow(lt_tensor *out, const lt_tensor *src, int dim, int64_t start, int64_t len);
lt_status lt_select(lt_tensor *out, const lt_tensor *src, int dim, int64_t index);
lt_status lt_transpose(lt_tensor *out, const lt_tensor *src, int d1, int d2);
lt_status lt_permute(lt_tensor *out, const lt_tensor *src, const int *perm);
lt_status lt_unfold(lt_tensor *out, const lt_tensor *src, int dim, int64_t size, int64_t step);
/* size may hold one -1, inferred.  Fails when src's strides cannot express it. */
lt_status lt_view(lt_tensor *out, const lt_tensor *src, int ndim, const int64_t *size);
lt_status lt_expand(lt_tensor *out, const lt_tensor *src, int ndim, const int64_t *size);
lt_status lt_squeeze(lt_tensor *out, const lt_tensor *src);            /* all size-1 dims */
lt_status lt_squeeze_dim(lt_tensor *out, const lt_tensor *src, int dim);
lt_status lt_unsqueeze(lt_tensor *out, const lt_tensor *src, int dim);

/* Broadcast shape of a and b (NumPy rules).  LT_ESIZE if incompatible. */
lt_status lt_broadcast_shape(const lt_tensor *a, const lt_tensor *b, int *ndim, int64_t *size);

/* ------------------------------------------------------- copy, fill, cast */
lt_status lt_copy(lt_tensor *dst, const lt_tensor *src);  /* same numel, any types */
lt_status lt_fill(lt_tensor *t, lt_scalar v);
lt_status lt_zero(lt_tensor *t);
lt_status lt_contiguous(lt_tensor *out, const lt_tensor *src); /* out = src or a copy */
lt_status lt_clone(lt_tensor *out, const lt_tensor *src);
int lt_equal(const lt_tensor *a, const lt_tensor *b);    /* same size and values */
double lt_get(const lt_tensor *t, const int64_t *idx);   /* no checks: idx valid */
int64_t lt_geti(const lt_tensor *t, const int64_t *idx);
void lt_setv(lt_tensor *t, const int64_t *idx, lt_scalar v);

/* --------------------------------------------------------------- op table */
/* One row per op: X(ENUM, "name", arity, kind).  The table generates the
** opcode enum and the names here; the elementwise kernels (map.c) and,
** later, the autograd engine's backward rules index tables by opcode, so a
** new backward rule is one row in one table and touches no kernel. */
typedef enum lt_opkind {
    LT_K_UNARY,      /* out = f(a [, scalars])           elementwise      */
    LT_K_BINARY,     /* out = f(a, b [, scalar])          broadcasting    */
    LT_K_TERNARY,    /* out = f(a, b, c [, scalar])       broadcasting    */
    LT_K_COMPARE,    /* ByteTensor out = a <op> b|scalar                   */
    LT_K_REDUCE,     /* reduction over all elements or one dimension       */
    LT_K_SCAN,       /* cumulative along one dimension                     */
    LT_K_BLAS,       /* matrix products                                    */
    LT_K_VIEW,       /* shape-only ops                                     */
    LT_K_INDEX,      /* gather/scatter/index/masked                        */
    LT_K_OTHER
} lt_opkind;

#define LT_OPS(X) \
    /* unary, every dtype */ \
    X(NEG,      "neg",      1, LT_K_UNARY) \
    X(ABS,      "abs",      1, LT_K_UNARY) \
    X(SIGN,     "sign",     1, LT_K_UNARY) \
    /* unary, floating point only (as in Torch7) */ \
    X(ACOS,     "acos",     1, LT_K_UNARY) \
    X(ASIN,     "asin",     1, LT_K_UNARY) \
    X(ATAN,     "atan",     1, LT_K_UNARY) \
    X(CEIL,     "ceil",     1, LT_K_UNARY) \
    X(COS,      "cos",      1, LT_K_UNARY) \
    X(COSH,     "cosh",     1, LT_K_UNARY) \
    X(EXP,      "exp",      1, LT_K_UNARY) \
    X(EXPM1,    "expm1",    1, LT_K_UNARY) \
    X(FLOOR,    "floor",    1, LT_K_UNARY) \
    X(LOG,      "log",      1, LT_K_UNARY) \
    X(LOG1P,    "log1p",    1, LT_K_UNARY) \
    X(CINV,     "cinv",     1, LT_K_UNARY) \
    X(ROUND,    "round",    1, LT_K_UNARY) \
    X(SIN,      "sin",      1, LT_K_UNARY) \
    X(SINH,     "sinh",     1, LT_K_UNARY) \
    X(SQRT,     "sqrt",     1, LT_K_UNARY) \
    X(RSQRT,    "rsqrt",    1, LT_K_UNARY) \
    X(TAN,      "tan",      1, LT_K_UNARY) \
    X(TANH,     "tanh",     1, LT_K_UNARY) \
    X(SIGMOID,  "sigmoid",  1, LT_K_UNARY) \
    X(TRUNC,    "trunc",    1, LT_K_UNARY) \
    X(FRAC,     "frac",     1, LT_K_UNARY) \
    /* unary with scalar parameters: out = f(a; s1 [, s2]) */ \
    X(ADDS,     "add",      1, LT_K_UNARY)   /* a + s1            */ \
    X(MULS,     "mul",      1, LT_K_UNARY)   /* a * s1            */ \
    X(DIVS,     "div",      1, LT_K_UNARY)   /* a / s1            */ \
    X(FMODS,    "fmod",     1, LT_K_UNARY)   /* C fmod(a, s1)     */ \
    X(REMS,     "remainder",1, LT_K_UNARY)   /* a - floor(a/s1)*s1 */ \
    X(POWS,     "pow",      1, LT_K_UNARY)   /* a ^ s1            */ \
    X(SPOW,     "tpow",     1, LT_K_UNARY)   /* s1 ^ a            */ \
    X(CLAMP,    "clamp",    1, LT_K_UNARY)   /* min(max(a,s1),s2) */ \
    X(MAXS,     "cmax",     1, LT_K_UNARY)   /* max(a, s1)        */ \
    X(MINS,     "cmin",     1, LT_K_UNARY)   /* min(a, s1)        */ \
    /* binary, broadcasting */ \
    X(ADD,      "add",      2, LT_K_BINARY)  /* a + s1*b          */ \
    X(SUB,      "csub",     2, LT_K_BINARY)  /* a - s1*b          */ \
    X(MUL,      "cmul",     2, LT_K_BINARY) \
    X(DIV,      "cdiv",     2, LT_K_BINARY) \
    X(POW,      "cpow",     2, LT_K_BINARY) \
    X(FMOD,     "cfmod",    2, LT_K_BINARY) \
    X(REM,      "cremainder",2, LT_K_BINARY) \
    X(ATAN2,    "atan2",    2, LT_K_BINARY) \
    X(MAX,      "cmax",     2, LT_K_BINARY) \
    X(MIN,      "cmin",     2, LT_K_BINARY) \
    /* ternary, broadcasting */ \
    X(ADDCMUL,  "addcmul",  3, LT_K_TERNARY) /* a + s1*b*c        */ \
    X(ADDCDIV,  "addcdiv",  3, LT_K_TERNARY) /* a + s1*b/c        */ \
    X(LERP,     "lerp",     2, LT_K_BINARY)  /* a + s1*(b-a)      */ \
    /* comparisons -> ByteTensor (b may be a scalar) */ \
    X(LT,       "lt",       2, LT_K_COMPARE) \
    X(LE,       "le",       2, LT_K_COMPARE) \
    X(GT,       "gt",       2, LT_K_COMPARE) \
    X(GE,       "ge",       2, LT_K_COMPARE) \
    X(EQ,       "eq",       2, LT_K_COMPARE) \
    X(NE,       "ne",       2, LT_K_COMPARE) \
    /* reductions */ \
    X(SUM,      "sum",      1, LT_K_REDUCE) \
    X(PROD,     "prod",     1, LT_K_REDUCE) \
    X(MEAN,     "mean",     1, LT_K_REDUCE) \
    X(RMAX,     "max",      1, LT_K_REDUCE) \
    X(RMIN,     "min",      1, LT_K_REDUCE) \
    X(NORM,     "norm",     1, LT_K_REDUCE) \
    X(STD,      "std",      1, LT_K_REDUCE) \
    X(VAR,      "var",      1, LT_K_REDUCE) \
    X(ALL,      "all",      1, LT_K_REDUCE) \
    X(ANY,      "any",      1, LT_K_REDUCE) \
    X(DIST,     "dist",     2, LT_K_REDUCE) \
    X(CUMSUM,   "cumsum",   1, LT_K_SCAN) \
    X(CUMPROD,  "cumprod",  1, LT_K_SCAN) \
    /* linear algebra */ \
    X(DOT,      "dot",      2, LT_K_BLAS) \
    X(ADDMV,    "addmv",    3, LT_K_BLAS) \
    X(ADDMM,    "addmm",    3, LT_K_BLAS) \
    X(ADDR,     "addr",     3, LT_K_BLAS) \
    X(BADDBMM,  "baddbmm",  3, LT_K_BLAS) \
    X(ADDBMM,   "addbmm",   3, LT_K_BLAS) \
    /* shape and indexing */ \
    X(COPY,     "copy",     1, LT_K_VIEW) \
    X(CAT,      "cat",      2, LT_K_INDEX) \
    X(INDEX,    "index",    2, LT_K_INDEX) \
    X(GATHER,   "gather",   2, LT_K_INDEX) \
    X(SCATTER,  "scatter",  3, LT_K_INDEX) \
    X(MSELECT,  "maskedSelect", 2, LT_K_INDEX)

typedef enum lt_opcode {
#define LT_OP_ENUM(e, name, arity, kind) LT_OP_##e,
    LT_OPS(LT_OP_ENUM)
#undef LT_OP_ENUM
    LT_OP_COUNT
} lt_opcode;

typedef struct lt_opinfo { const char *name; int arity; lt_opkind kind; } lt_opinfo;
extern const lt_opinfo lt_ops[LT_OP_COUNT];

/* ----------------------------------------------------------- elementwise */
/* out = op(a; s1, s2).  For the scalar ops, s1/s2 are as the table says. */
lt_status lt_map(lt_opcode op, lt_tensor *out, const lt_tensor *a, lt_scalar s1, lt_scalar s2);
/* out = op(a, b; s1) with broadcasting (Torch7's equal-numel rule as a
** fallback when shapes are incompatible but element counts match). */
lt_status lt_map2(lt_opcode op, lt_tensor *out, const lt_tensor *a, const lt_tensor *b,
                  lt_scalar s1);
lt_status lt_map3(lt_opcode op, lt_tensor *out, const lt_tensor *a, const lt_tensor *b,
                  const lt_tensor *c, lt_scalar s1);
/* Comparisons: out (Byte) = a <op> b, or a <op> s when b is NULL. */
lt_status lt_compare(lt_opcode op, lt_tensor *out, const lt_tensor *a, const lt_tensor *b,
                     lt_scalar s);

/* ------------------------------------------------------------ reductions */
/* Over all elements: result in *res (double, or exact int64 in *ires for
** integer sums/products and max/min of integer tensors). */
lt_status lt_reduce_all(lt_opcode op, const lt_tensor *a, lt_scalar p, double *res,
                        int64_t *ires);
/* Along dim, keeping it with size 1 (Torch7).  p: norm's p, or std/var's
** flag (p.i != 0: biased).  For max/min, idx (may be NULL) receives 1-based
** LongTensor indices. */
lt_status lt_reduce_dim(lt_opcode op, lt_tensor *out, lt_tensor *idx, const lt_tensor *a,
                        int dim, lt_scalar p);
lt_status lt_dist(const lt_tensor *a, const lt_tensor *b, double p, double *res);
lt_status lt_scan(lt_opcode op, lt_tensor *out, const lt_tensor *a, int dim);

/* ------------------------------------------------- sorting and selection */
/* Along dim; values and 1-based LongTensor indices (either may be NULL). */
lt_status lt_sort(lt_tensor *vals, lt_tensor *idx, const lt_tensor *a, int dim, int descending);
lt_status lt_topk(lt_tensor *vals, lt_tensor *idx, const lt_tensor *a, int64_t k, int dim,
                  int largest, int sorted);
/* k is an ordinal (1 = smallest), as in Torch7. */
lt_status lt_kthvalue(lt_tensor *vals, lt_tensor *idx, const lt_tensor *a, int64_t k, int dim);
/* median: the lower median ((n+1)/2-th smallest, rounding down), NaN if
** the slice holds a NaN.  mode: the most frequent value (the smallest of
** equally frequent ones) and the index of its last occurrence. */
lt_status lt_median(lt_tensor *vals, lt_tensor *idx, const lt_tensor *a, int dim);
lt_status lt_mode(lt_tensor *vals, lt_tensor *idx, const lt_tensor *a, int dim);
/* The median of all elements (exact integer in *ires for integer types). */
lt_status lt_median_all(const lt_tensor *a, double *res, int64_t *ires);

/* ------------------------------------------------------------------ BLAS */
/* Torch7's conventions: out = beta*c + alpha*(product), out resized to the
** product's shape; out may be c, or any tensor sharing memory with the
** operands (a temporary is used then).  c == NULL: out = alpha*(product).
** beta == 0 never reads c (NaN in it does not leak).  Float/Double run on
** OpenBLAS (long products cut into calls between which lt_cancel is
** honoured), other dtypes on loops that wrap like unsigned C arithmetic.
** Error operands: the product's factors are 1 and 2, c is 3.
** lt_dot: any shapes with equal element counts, in row-major order
** (Torch7); *ires is exact for integer dtypes. */
lt_status lt_dot(const lt_tensor *a, const lt_tensor *b, double *res, int64_t *ires);
lt_status lt_addmv(lt_tensor *out, lt_scalar beta, const lt_tensor *c, lt_scalar alpha,
                   const lt_tensor *mat, const lt_tensor *vec);
lt_status lt_addmm(lt_tensor *out, lt_scalar beta, const lt_tensor *c, lt_scalar alpha,
                   const lt_tensor *m1, const lt_tensor *m2);
lt_status lt_addr(lt_tensor *out, lt_scalar beta, const lt_tensor *c, lt_scalar alpha,
                  const lt_tensor *v1, const lt_tensor *v2);
lt_status lt_baddbmm(lt_tensor *out, lt_scalar beta, const lt_tensor *c, lt_scalar alpha,
                     const lt_tensor *b1, const lt_tensor *b2);
lt_status lt_addbmm(lt_tensor *out, lt_scalar beta, const lt_tensor *c, lt_scalar alpha,
                    const lt_tensor *b1, const lt_tensor *b2);
/* 2-D convolution (flip: the kernel is flipped) / cross-correlation, 'V'alid
** or 'F'ull, Torch7's conv2 / xcorr2 shapes: x (HxW) and k (khxkw); x
** (pxHxW) and k (pxkhxkw), plane by plane; x (pxHxW) and k (qxpxkhxkw),
** summed over p into q planes.  Error operands: x 1, k 2. */
lt_status lt_conv2(lt_tensor *out, const lt_tensor *x, const lt_tensor *k, int full, int flip);

/* -------------------------------------------------------------- indexing */
/* Index tensors are LongTensors of 1-based values, all checked before
** anything is written.  Sources and index/mask operands may share storage
** with the destination (they are copied first).  Error operands: inputs
** from 1 for ops with `out` (src=1, dim=2, index=3), from the destination
** for in-place ops (t=1, dim=2, index=3, src/v=4). */
/* out = src's slices idx[1..n] along dim; index a vector (or empty). */
lt_status lt_index_select(lt_tensor *out, const lt_tensor *src, int dim, const lt_tensor *index);
/* t's slice idx[k] along dim = / += src's slice k; src: t's shape, n along dim. */
lt_status lt_index_copy(lt_tensor *t, int dim, const lt_tensor *index, const lt_tensor *src);
lt_status lt_index_add(lt_tensor *t, int dim, const lt_tensor *index, const lt_tensor *src);
lt_status lt_index_fill(lt_tensor *t, int dim, const lt_tensor *index, lt_scalar v);
/* out (index's shape)[..k..] = src[..index[..k..]..] along dim; index has
** src's ndim and at most its sizes in the other dims (PyTorch's rule). */
lt_status lt_gather(lt_tensor *out, const lt_tensor *src, int dim, const lt_tensor *index);
/* t[..index[..k..]..] = src[..k..] along dim (last write wins). */
lt_status lt_scatter(lt_tensor *t, int dim, const lt_tensor *index, const lt_tensor *src);
lt_status lt_scatter_fill(lt_tensor *t, int dim, const lt_tensor *index, lt_scalar v);
/* Masks are ByteTensors of 0/1 (other values are errors, as in Torch7) of
** the tensor's shape, a shape that expands to it, or its element count
** (row-major).  masked_select's result is 1-D (size 0 when nothing is
** selected); masked_copy reads src's elements in row-major order. */
lt_status lt_masked_select(lt_tensor *out, const lt_tensor *src, const lt_tensor *mask);
lt_status lt_masked_copy(lt_tensor *t, const lt_tensor *mask, const lt_tensor *src);
lt_status lt_masked_fill(lt_tensor *t, const lt_tensor *mask, lt_scalar v);
/* out: LongTensor n x ndim of 1-based subscripts, row-major; 0 x ndim when
** there is none (PyTorch's shape: Torch7 could not represent it). */
lt_status lt_nonzero(lt_tensor *out, const lt_tensor *src);
/* Torch7's cat: inputs of one dtype; empty ones (no dimension, or 1-D of
** size 0) are skipped; missing trailing dims count as 1; dim >= 0 may be
** past the inputs' dims (a new one); dim < 0 counts from the end of the
** largest ndim (-1: the last, Torch7's default).  Operands: in[i] = i+1,
** dim = n+1.  All inputs empty: out becomes empty. */
lt_status lt_cat(lt_tensor *out, int n, const lt_tensor *const *in, int dim);

/* -------------------------------------------------------------- creation */
/* Torch7's THTensorMath.c rules: eye's m == 0 means n; range counts
** (int)((end - start)/step + 1) elements (exact integers for integer
** dtypes, which need integral bounds); linspace/logspace compute
** a + i*(b-a)/(n-1) in the dtype's float type (n == 1 gives a); diag of a
** vector is a matrix and of a matrix a vector (empty beyond the matrix);
** histc with lo == hi uses the data's range; repeat tiles src padded with
** leading 1s (n >= src's ndim); cross's dim < 0 picks the first dimension
** of size 3.  Error operands: the tensor inputs, then the numbers, from 1. */
lt_status lt_eye(lt_tensor *out, int64_t n, int64_t m);
lt_status lt_range(lt_tensor *out, lt_scalar start, lt_scalar end, lt_scalar step);
lt_status lt_linspace(lt_tensor *out, double a, double b, int64_t n);
lt_status lt_logspace(lt_tensor *out, double a, double b, int64_t n);
lt_status lt_diag(lt_tensor *out, const lt_tensor *src, int64_t k);
lt_status lt_tril(lt_tensor *out, const lt_tensor *src, int64_t k);
lt_status lt_triu(lt_tensor *out, const lt_tensor *src, int64_t k);
lt_status lt_histc(lt_tensor *out, const lt_tensor *src, int64_t bins, double lo, double hi);
lt_status lt_repeat(lt_tensor *out, const lt_tensor *src, int n, const int64_t *reps);
lt_status lt_trace(const lt_tensor *a, double *res, int64_t *ires);
lt_status lt_cross(lt_tensor *out, const lt_tensor *a, const lt_tensor *b, int dim);

/* ---------------------------------------------------------------- random */
/* MT19937 as Torch7 seeds and draws it, so seeded scripts print the same
** numbers: uniform = 32-bit draw * 2^-32; normal by Box-Muller, returning
** the cos value then the sin value of each pair; fills in row-major order. */
#define LT_MT_N 624
typedef struct lt_generator {
    uint64_t initial_seed;
    int left, seeded;
    uint64_t next;
    uint64_t state[LT_MT_N];
    double normal_x, normal_y, normal_rho;
    int normal_is_valid;
} lt_generator;

/* getRNGState/setRNGState: the struct's bytes, Torch7's layout on LP64. */
#define LT_RNG_STATE_BYTES ((int64_t)sizeof(lt_generator))

lt_generator *lt_default_generator(void);          /* seeded at first use */
void lt_rng_init(lt_generator *g);                 /* seeded from /dev/urandom, as Torch7 */
void lt_rng_manual_seed(lt_generator *g, uint64_t seed);
uint64_t lt_rng_seed(lt_generator *g);             /* reseed from time/urandom */
uint64_t lt_rng_initial_seed(const lt_generator *g);
uint32_t lt_rng_random(lt_generator *g);           /* 32-bit draw */
uint64_t lt_rng_random64(lt_generator *g);
double lt_rng_uniform(lt_generator *g, double a, double b);
double lt_rng_normal(lt_generator *g, double mean, double stdv);
double lt_rng_exponential(lt_generator *g, double lambda);
double lt_rng_cauchy(lt_generator *g, double median, double sigma);
double lt_rng_log_normal(lt_generator *g, double mean, double stdv);
int64_t lt_rng_geometric(lt_generator *g, double p);
int lt_rng_bernoulli(lt_generator *g, double p);
/* [lo, hi] inclusive (Torch7's torch.random(a, b)); lo <= hi. */
int64_t lt_rng_random_range(lt_generator *g, int64_t lo, int64_t hi);
/* Parameter checks shared by the draws above and the fills below: LT_OK,
** or LT_EARG with the message set and errarg 1 or 2 (which parameter).
** The scalar draws do not check; with bad parameters they return NaN or
** garbage, never undefined behaviour. */
typedef enum lt_rng_dist {
    LT_RNG_UNIFORM, LT_RNG_NORMAL, LT_RNG_EXPONENTIAL, LT_RNG_CAUCHY, LT_RNG_LOG_NORMAL,
    LT_RNG_GEOMETRIC, LT_RNG_BERNOULLI
} lt_rng_dist;
lt_status lt_rng_check(lt_rng_dist d, double p1, double p2);
lt_status lt_rng_get_state(const lt_generator *g, lt_tensor *out);   /* out: ByteTensor */
lt_status lt_rng_set_state(lt_generator *g, const lt_tensor *state);
/* Tensor fills, row-major.  Operands for errors: 1 the tensor, 2 the
** generator, 3 and 4 the parameters. */
lt_status lt_fill_uniform(lt_tensor *t, lt_generator *g, double a, double b);
lt_status lt_fill_normal(lt_tensor *t, lt_generator *g, double mean, double stdv);
lt_status lt_fill_exponential(lt_tensor *t, lt_generator *g, double lambda);
lt_status lt_fill_cauchy(lt_tensor *t, lt_generator *g, double median, double sigma);
lt_status lt_fill_log_normal(lt_tensor *t, lt_generator *g, double mean, double stdv);
lt_status lt_fill_geometric(lt_tensor *t, lt_generator *g, double p);
lt_status lt_fill_bernoulli(lt_tensor *t, lt_generator *g, double p);
lt_status lt_fill_bernoulli_tensor(lt_tensor *t, lt_generator *g, const lt_tensor *p);
/* random(): [lo, hi] inclusive when has_range, else Torch7's default range. */
lt_status lt_fill_random(lt_tensor *t, lt_generator *g, int has_range, int64_t lo, int64_t hi);
/* 1..n shuffled into out (its dtype; n must fit it exactly).  multinomial:
** 1-based category indices into a LongTensor, rows x n (or n for 1-D probs).
** Operands: out, g, then n or (probs, n, replacement). */
lt_status lt_randperm(lt_tensor *out, lt_generator *g, int64_t n);
lt_status lt_multinomial(lt_tensor *out, lt_generator *g, const lt_tensor *probs,
                         int64_t n, int replacement);

/* --------------------------------------------------------------- threads */
void lt_set_num_threads(int n);       /* OpenMP pool and OpenBLAS together */
int lt_get_num_threads(void);
int lt_get_num_cores(void);

/* Cancellation: lt_cancel() may be called from a signal handler; running
** kernels notice it between chunks and return LT_ECANCEL. */
void lt_cancel(void);
void lt_cancel_clear(void);
int lt_cancel_requested(void);

/* ---------------------------------------------------------------- memory */
/* The library reports every storage allocation to `notify` (bytes) so a
** garbage-collected host can account for it, and calls `retry` when an
** allocation fails; if retry returns non-zero the allocation is tried
** once more before LT_ENOMEM. */
typedef struct lt_memhooks {
    void (*notify)(void *ud, size_t bytes);
    int (*retry)(void *ud, size_t bytes);
    void *ud;
} lt_memhooks;
void lt_set_memhooks(const lt_memhooks *h);
void *lt_malloc(size_t n);            /* hooks applied; NULL after retry */
void *lt_realloc(void *p, size_t n);
void lt_free(void *p);

/* -------------------------------------------------------- BLAS library */
/* OpenBLAS is loaded at first use, after choosing its core (cpu.c). */
typedef struct lt_blas_info {
    int loaded;
    const char *library;      /* path opened */
    const char *config;       /* openblas_get_config() */
    const char *corename;     /* openblas_get_corename() */
    const char *cpu;          /* what cpuid said */
    const char *choice;       /* how the core was chosen */
} lt_blas_info;
const lt_blas_info *lt_blas_info_get(void);

#endif
