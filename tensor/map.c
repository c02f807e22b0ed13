/*
** map.c — elementwise ops: unary, scalar, binary, ternary and comparisons.
**
** Each op is one row below giving its expression for floating-point types
** and (when Torch7 defined it for them) for integer types.  The rows expand
** into one typed inner loop per (op, dtype) and into dispatch tables indexed
** by opcode and dtype; lt_map/lt_map2/lt_map3/lt_compare check operands,
** broadcast, resize the result and hand the loop to the shared iterator.
** Inner loops have a dense path (written so the compiler vectorises it), a
** path for a broadcast second operand, and a strided path.
**
** Integer arithmetic wraps (computed in the unsigned type): signed overflow
** is undefined in C and a user's data must not reach undefined behaviour.
** Integer division and modulo by zero are errors, as in PyTorch.
*/
#include "lt_internal.h"
#include <math.h>
#include <stdatomic.h>

/* glibc's libmvec has vector versions of the libm functions; declaring them
** "simd" lets the compiler vectorise the dense loops below (PyTorch gets the
** same effect from SLEEF).  glibc documents them to within 4 ulp and they
** handle NaN, infinities and errno-free semantics like the scalar ones.
** The Makefile defines LT_HAVE_LIBMVEC when libmvec links. */
#ifdef LT_HAVE_LIBMVEC
#define LT_SIMD __attribute__((__simd__("notinbranch")))
#define LT_SIMD_FNS(fn) LT_SIMD float fn##f(float); LT_SIMD double fn(double);
LT_SIMD_FNS(exp) LT_SIMD_FNS(expm1) LT_SIMD_FNS(log) LT_SIMD_FNS(log1p) LT_SIMD_FNS(sin)
LT_SIMD_FNS(cos) LT_SIMD_FNS(tan) LT_SIMD_FNS(sinh) LT_SIMD_FNS(cosh) LT_SIMD_FNS(tanh)
LT_SIMD_FNS(asin) LT_SIMD_FNS(acos) LT_SIMD_FNS(atan)
LT_SIMD float atan2f(float, float);
LT_SIMD double atan2(double, double);
LT_SIMD float powf(float, float);
LT_SIMD double pow(double, double);
#endif

/* the integer rows compare unsigned Byte values with 0 and -1 */
#pragma GCC diagnostic ignored "-Wtype-limits"

typedef struct map_ctx {
    lt_scalar s1, s2;
    atomic_int divzero;     /* set by integer division kernels */
    int fcmp;               /* compare integers against a non-integral scalar */
} map_ctx;

/* float math by type: MF(exp, x) is expf for float and exp for double */
#define MF(fn, x) _Generic((x), float: fn##f, default: fn)(x)
#define MF2(fn, x, y) _Generic((x), float: fn##f, default: fn)((x), (y))

/* scalar parameter in the loop's type */
#define SCAL(T, U, ISF, s) ((ISF) ? (T)(s).f : (T)(U)(uint64_t)(s).i)

/* wrapping integer arithmetic */
#define WADD(T, U, a, b) ((T)(U)((U)(a) + (U)(b)))
#define WSUB(T, U, a, b) ((T)(U)((U)(a) - (U)(b)))
#define WMUL(T, U, a, b) ((T)(U)((U)(a) * (U)(b)))
#define WNEG(T, U, a) ((T)(U)((U)0 - (U)(a)))

static inline int64_t ipow64(int64_t x, int64_t e)
{
    if (e < 0) return x == 1 ? 1 : (x == -1 ? ((e & 1) ? -1 : 1) : 0);
    uint64_t r = 1, b = (uint64_t)x;
    while (e) {
        if (e & 1) r *= b;
        b *= b;
        e >>= 1;
    }
    return (int64_t)r;
}
#define IPOW(T, U, x, e) ((T)(U)(uint64_t)ipow64((int64_t)(x), (int64_t)(e)))

/* integer division family; z flags division by zero (result 0) */
#define IDIV(T, U, x, y) ((y) == 0 ? (z = 1, (T)0) : ((y) == (T)-1 ? WNEG(T, U, x) : (T)((x) / (y))))
#define IMOD(T, U, x, y) ((y) == 0 ? (z = 1, (T)0) : ((y) == (T)-1 ? (T)0 : (T)((x) % (y))))
#define IREM(T, U, x, y) \
    ((y) == 0 ? (z = 1, (T)0) : ((y) == (T)-1 ? (T)0 : \
     (T)((x) % (y) != 0 && (((x) % (y) < 0) != ((y) < 0)) ? (x) % (y) + (y) : (x) % (y))))
#define FREM(x, y) ((x) - MF(floor, (x) / (y)) * (y))

/* NaN-propagating max/min (as PyTorch; Torch7 let NaN lose) */
#define PMAX(x, y) (((x) > (y) || (x) != (x)) ? (x) : (y))
#define PMIN(x, y) (((x) < (y) || (x) != (x)) ? (x) : (y))

/* ---------------------------------------------------------------- rows */
/* unary ops defined for every dtype: X(OP, float expr, integer expr) */
#define UNARY_ALL(X) \
    X(NEG,   -x,                           WNEG(ET, EU, x)) \
    X(ABS,   MF(fabs, x),                  (x < 0 ? WNEG(ET, EU, x) : x)) \
    X(SIGN,  (ET)((x > 0) - (x < 0)),       (ET)((x > 0) - (x < 0))) \
    X(ADDS,  x + s1,                       WADD(ET, EU, x, s1)) \
    X(MULS,  x * s1,                       WMUL(ET, EU, x, s1)) \
    X(DIVS,  x / s1,                       IDIV(ET, EU, x, s1)) \
    X(FMODS, MF2(fmod, x, s1),             IMOD(ET, EU, x, s1)) \
    X(REMS,  FREM(x, s1),                  IREM(ET, EU, x, s1)) \
    X(POWS,  (s1 == 2 ? x * x : MF2(pow, x, s1)), IPOW(ET, EU, x, s1)) \
    X(SPOW,  MF2(pow, s1, x),              IPOW(ET, EU, s1, x)) \
    X(CLAMP, (x < s1 ? s1 : (x > s2 ? s2 : x)), (x < s1 ? s1 : (x > s2 ? s2 : x))) \
    X(MAXS,  PMAX(x, s1),                  PMAX(x, s1)) \
    X(MINS,  PMIN(x, s1),                  PMIN(x, s1))

/* unary ops for Float and Double only: X(OP, expr) */
#define UNARY_FLOAT(X) \
    X(ACOS,    MF(acos, x)) \
    X(ASIN,    MF(asin, x)) \
    X(ATAN,    MF(atan, x)) \
    X(CEIL,    MF(ceil, x)) \
    X(COS,     MF(cos, x)) \
    X(COSH,    MF(cosh, x)) \
    X(EXP,     MF(exp, x)) \
    X(EXPM1,   MF(expm1, x)) \
    X(FLOOR,   MF(floor, x)) \
    X(LOG,     MF(log, x)) \
    X(LOG1P,   MF(log1p, x)) \
    X(CINV,    (ET)1 / x) \
    X(ROUND,   MF(round, x)) \
    X(SIN,     MF(sin, x)) \
    X(SINH,    MF(sinh, x)) \
    X(SQRT,    MF(sqrt, x)) \
    X(RSQRT,   (ET)1 / MF(sqrt, x)) \
    X(TAN,     MF(tan, x)) \
    X(TANH,    MF(tanh, x)) \
    X(SIGMOID, (ET)1 / ((ET)1 + MF(exp, -x))) \
    X(TRUNC,   MF(trunc, x)) \
    X(FRAC,    x - MF(trunc, x))

/* binary ops for every dtype: X(OP, float expr, integer expr) of x, y, s1 */
#define BINARY_ALL(X) \
    X(ADD,  x + s1 * y,          WADD(ET, EU, x, WMUL(ET, EU, s1, y))) \
    X(SUB,  x - s1 * y,          WSUB(ET, EU, x, WMUL(ET, EU, s1, y))) \
    X(MUL,  x * y,               WMUL(ET, EU, x, y)) \
    X(DIV,  x / y,               IDIV(ET, EU, x, y)) \
    X(POW,  MF2(pow, x, y),      IPOW(ET, EU, x, y)) \
    X(FMOD, MF2(fmod, x, y),     IMOD(ET, EU, x, y)) \
    X(REM,  FREM(x, y),          IREM(ET, EU, x, y)) \
    X(MAX,  PMAX(x, y),          PMAX(x, y)) \
    X(MIN,  PMIN(x, y),          PMIN(x, y))

#define BINARY_FLOAT(X) \
    X(ATAN2, MF2(atan2, x, y)) \
    X(LERP,  x + s1 * (y - x))

/* ternary: X(OP, float expr, integer expr or float-only marker) of x, y, w */
#define TERNARY_ALL(X) \
    X(ADDCMUL, x + s1 * y * w,   WADD(ET, EU, x, WMUL(ET, EU, s1, WMUL(ET, EU, y, w))))
#define TERNARY_FLOAT(X) \
    X(ADDCDIV, x + s1 * y / w)

#define COMPARES(X) \
    X(LT, <) X(LE, <=) X(GT, >) X(GE, >=) X(EQ, ==) X(NE, !=)

/* ----------------------------------------------------- loop templates */
#define PRELUDE(T, U, ISF)                                            \
    typedef T ET __attribute__((unused));                             \
    typedef U EU __attribute__((unused));                             \
    map_ctx *c = ctx;                                                 \
    const T s1 = SCAL(T, U, ISF, c->s1), s2 = SCAL(T, U, ISF, c->s2); \
    int z = 0;                                                        \
    (void)s1; (void)s2; (void)z;
#define POSTLUDE \
    if (z) atomic_store_explicit(&c->divzero, 1, memory_order_relaxed);

#define LOOP1(NAME, T, U, ISF, EXPR)                                          \
    static void NAME(char **p, const int64_t *s, int64_t n, void *ctx)        \
    {                                                                         \
        PRELUDE(T, U, ISF)                                                    \
        if (s[0] == sizeof(T) && s[1] == sizeof(T)) {                         \
            T *restrict o = (T *)p[0];                                        \
            const T *restrict a = (const T *)p[1];                            \
            if ((void *)o == (const void *)a) {                               \
                for (int64_t i = 0; i < n; i++) { T x = o[i]; o[i] = (EXPR); } \
            } else {                                                          \
                for (int64_t i = 0; i < n; i++) { T x = a[i]; o[i] = (EXPR); } \
            }                                                                 \
        } else {                                                              \
            char *o = p[0];                                                   \
            const char *a = p[1];                                             \
            for (int64_t i = 0; i < n; i++, o += s[0], a += s[1]) {           \
                T x = *(const T *)a;                                          \
                *(T *)o = (EXPR);                                             \
            }                                                                 \
        }                                                                     \
        POSTLUDE                                                              \
    }

#define LOOP2(NAME, T, U, ISF, EXPR)                                                  \
    static void NAME(char **p, const int64_t *s, int64_t n, void *ctx)                \
    {                                                                                 \
        PRELUDE(T, U, ISF)                                                            \
        if (s[0] == sizeof(T) && s[1] == sizeof(T) && s[2] == sizeof(T)) {            \
            T *o = (T *)p[0];                                                         \
            const T *a = (const T *)p[1], *b = (const T *)p[2];                       \
            for (int64_t i = 0; i < n; i++) { T x = a[i], y = b[i]; o[i] = (EXPR); }  \
        } else if (s[0] == sizeof(T) && s[1] == sizeof(T) && s[2] == 0) {             \
            T *o = (T *)p[0];                                                         \
            const T *a = (const T *)p[1];                                             \
            const T y = *(const T *)p[2];                                             \
            for (int64_t i = 0; i < n; i++) { T x = a[i]; o[i] = (EXPR); }            \
        } else {                                                                      \
            char *o = p[0];                                                           \
            const char *a = p[1], *b = p[2];                                          \
            for (int64_t i = 0; i < n; i++, o += s[0], a += s[1], b += s[2]) {        \
                T x = *(const T *)a, y = *(const T *)b;                               \
                *(T *)o = (EXPR);                                                     \
            }                                                                         \
        }                                                                             \
        POSTLUDE                                                                      \
    }

#define LOOP3(NAME, T, U, ISF, EXPR)                                                  \
    static void NAME(char **p, const int64_t *s, int64_t n, void *ctx)                \
    {                                                                                 \
        PRELUDE(T, U, ISF)                                                            \
        if (s[0] == sizeof(T) && s[1] == sizeof(T) && s[2] == sizeof(T) &&           \
            s[3] == sizeof(T)) {                                                      \
            T *o = (T *)p[0];                                                         \
            const T *a = (const T *)p[1], *b = (const T *)p[2], *d = (const T *)p[3]; \
            for (int64_t i = 0; i < n; i++) {                                         \
                T x = a[i], y = b[i], w = d[i];                                       \
                o[i] = (EXPR);                                                        \
            }                                                                         \
        } else {                                                                      \
            char *o = p[0];                                                           \
            const char *a = p[1], *b = p[2], *d = p[3];                               \
            for (int64_t i = 0; i < n; i++, o += s[0], a += s[1], b += s[2], d += s[3]) { \
                T x = *(const T *)a, y = *(const T *)b, w = *(const T *)d;            \
                *(T *)o = (EXPR);                                                     \
            }                                                                         \
        }                                                                             \
        POSTLUDE                                                                      \
    }

/* instantiate one op for the dtypes it supports */
#define FOR_INTS(M, OP, EXPR) \
    M(OP##_LT_BYTE, uint8_t, uint8_t, 0, EXPR) \
    M(OP##_LT_CHAR, int8_t, uint8_t, 0, EXPR) \
    M(OP##_LT_SHORT, int16_t, uint16_t, 0, EXPR) \
    M(OP##_LT_INT, int32_t, uint32_t, 0, EXPR) \
    M(OP##_LT_LONG, int64_t, uint64_t, 0, EXPR)
#define FOR_FLOATS(M, OP, EXPR) \
    M(OP##_LT_FLOAT, float, float, 1, EXPR) \
    M(OP##_LT_DOUBLE, double, double, 1, EXPR)

#define K1(NAME, T, U, ISF, EXPR) LOOP1(k_##NAME, T, U, ISF, EXPR)
#define K2(NAME, T, U, ISF, EXPR) LOOP2(k_##NAME, T, U, ISF, EXPR)
#define K3(NAME, T, U, ISF, EXPR) LOOP3(k_##NAME, T, U, ISF, EXPR)

#define GEN_UA(OP, FE, IE) FOR_FLOATS(K1, OP, FE) FOR_INTS(K1, OP, IE)
#define GEN_UF(OP, FE) FOR_FLOATS(K1, OP, FE)
#define GEN_BA(OP, FE, IE) FOR_FLOATS(K2, OP, FE) FOR_INTS(K2, OP, IE)
#define GEN_BF(OP, FE) FOR_FLOATS(K2, OP, FE)
#define GEN_TA(OP, FE, IE) FOR_FLOATS(K3, OP, FE) FOR_INTS(K3, OP, IE)
#define GEN_TF(OP, FE) FOR_FLOATS(K3, OP, FE)
UNARY_ALL(GEN_UA)
UNARY_FLOAT(GEN_UF)
BINARY_ALL(GEN_BA)
BINARY_FLOAT(GEN_BF)
TERNARY_ALL(GEN_TA)
TERNARY_FLOAT(GEN_TF)

#define ROW_ALL(OP, ...) [LT_OP_##OP] = { k_##OP##_LT_BYTE, k_##OP##_LT_CHAR, k_##OP##_LT_SHORT, \
    k_##OP##_LT_INT, k_##OP##_LT_LONG, k_##OP##_LT_FLOAT, k_##OP##_LT_DOUBLE },
#define ROW_FLOAT(OP, ...) [LT_OP_##OP] = { [LT_FLOAT] = k_##OP##_LT_FLOAT, \
    [LT_DOUBLE] = k_##OP##_LT_DOUBLE },
static const ltI_loop_fn kernels[LT_OP_COUNT][LT_NDTYPES] = {
    UNARY_ALL(ROW_ALL) UNARY_FLOAT(ROW_FLOAT) BINARY_ALL(ROW_ALL) BINARY_FLOAT(ROW_FLOAT)
    TERNARY_ALL(ROW_ALL) TERNARY_FLOAT(ROW_FLOAT)
};

/* comparisons: Byte result; integers vs a non-integral scalar compare in double */
#define CMPLOOP(NAME, T, U, ISF, OPR)                                                 \
    static void NAME(char **p, const int64_t *s, int64_t n, void *ctx)                \
    {                                                                                 \
        map_ctx *c = ctx;                                                             \
        char *o = p[0];                                                               \
        const char *a = p[1], *b = p[2];                                              \
        if (!b) {                                                                     \
            if (!ISF && c->fcmp) {                                                    \
                const double y = c->s1.f;                                             \
                for (int64_t i = 0; i < n; i++, o += s[0], a += s[1])                 \
                    *(uint8_t *)o = (double)*(const T *)a OPR y;                      \
            } else {                                                                  \
                const T y = SCAL(T, U, ISF, c->s1);                                   \
                if (s[0] == 1 && s[1] == sizeof(T)) {                                 \
                    const T *aa = (const T *)a;                                       \
                    uint8_t *oo = (uint8_t *)o;                                       \
                    for (int64_t i = 0; i < n; i++) oo[i] = aa[i] OPR y;              \
                } else {                                                              \
                    for (int64_t i = 0; i < n; i++, o += s[0], a += s[1])             \
                        *(uint8_t *)o = *(const T *)a OPR y;                          \
                }                                                                     \
            }                                                                         \
        } else {                                                                      \
            for (int64_t i = 0; i < n; i++, o += s[0], a += s[1], b += s[2])          \
                *(uint8_t *)o = *(const T *)a OPR *(const T *)b;                      \
        }                                                                             \
    }
#define KC(NAME, T, U, ISF, OPR) CMPLOOP(k_##NAME, T, U, ISF, OPR)
#define GEN_C(OP, OPR) FOR_FLOATS(KC, OP, OPR) FOR_INTS(KC, OP, OPR)
COMPARES(GEN_C)
static const ltI_loop_fn cmp_kernels[LT_OP_COUNT][LT_NDTYPES] = { COMPARES(ROW_ALL) };

/* ------------------------------------------------------------ entries */
static lt_status type_error(lt_opcode op, lt_dtype dt)
{
    return ltI_err(LT_ETYPE, 1, "%s is defined for Float and Double tensors only, got a "
                   "torch.%sTensor", lt_ops[op].name, lt_dtypes[dt].name);
}

static lt_status same_type(const lt_tensor *t, lt_dtype dt, int arg)
{
    if (t->dtype != dt)
        return ltI_err(LT_ETYPE, arg, "torch.%sTensor expected, got torch.%sTensor",
                       lt_dtypes[dt].name, lt_dtypes[t->dtype].name);
    return ltI_check(t, arg);
}

/* If writing out could clobber what `in` still has to read, replace *in by
** a private copy (held in *tmp, released by the caller). */
static lt_status unalias(const lt_tensor *out, const lt_tensor **in, lt_tensor **tmp)
{
    *tmp = NULL;
    if (!ltI_may_overlap(out, *in)) return LT_OK;
    lt_tensor *t = lt_tensor_new((*in)->dtype);
    if (!t) return LT_ENOMEM;
    lt_status st = lt_clone(t, *in);
    if (st) {
        lt_tensor_release(t);
        return st;
    }
    *tmp = t;
    *in = t;
    return LT_OK;
}

static lt_status run(ltI_loop_fn fn, int nops, const lt_tensor *const *ops, map_ctx *c,
                     lt_tensor *out, int is_int)
{
    ltI_iter it;
    ltI_iter_init(&it, nops, ops);
    ltI_bump(out);
    lt_status st = ltI_iter_run(&it, fn, c, 0);
    if (st == LT_OK && is_int && atomic_load(&c->divzero))
        return ltI_err(LT_EVALUE, 2, "integer division by zero");
    return st;
}

/* Dense fast path: every operand is contiguous with the same number of
** elements, so the op is one flat loop; small ones skip the iterator
** entirely (this is most of the per-call cost of tiny tensors). */
typedef struct flat_ctx {
    ltI_loop_fn fn;
    int nops;
    char *base[LT_ITER_MAXOPS];
    int64_t es[LT_ITER_MAXOPS];
    void *ctx;
} flat_ctx;

static int flat_range(int64_t b, int64_t e, void *p)
{
    flat_ctx *f = p;
    char *ptrs[LT_ITER_MAXOPS];
    for (int k = 0; k < f->nops; k++) ptrs[k] = f->base[k] + b * f->es[k];
    f->fn(ptrs, f->es, e - b, f->ctx);
    return 0;
}

static lt_status run_flat(ltI_loop_fn fn, int nops, const lt_tensor *const *ops, map_ctx *c,
                          lt_tensor *out, int is_int)
{
    flat_ctx f = { fn, nops, { 0 }, { 0 }, c };
    int64_t n = ltI_numel(out);
    for (int k = 0; k < nops; k++) {
        f.base[k] = ltI_data(ops[k]);
        f.es[k] = (int64_t)lt_dtypes[ops[k]->dtype].size;
    }
    ltI_bump(out);
    lt_status st = LT_OK;
    if (n <= LT_GRAIN) {
        if (n > 0) fn(f.base, f.es, n, c);
    } else {
        st = ltI_parallel_for(n, LT_GRAIN, flat_range, &f);
    }
    if (st == LT_OK && is_int && atomic_load(&c->divzero))
        return ltI_err(LT_EVALUE, 2, "integer division by zero");
    return st;
}

/* Can out = op(in...) run as one flat loop?  Inputs must be dense, of one
** shape (no broadcasting), and not partially overlap out. */
static bool dense_case(const lt_tensor *out, int n, const lt_tensor *const *in)
{
    const lt_tensor *a = in[0];
    if (!ltI_contig(a)) return false;
    for (int k = 1; k < n; k++)
        if (!ltI_same_size(in[k], a) || !ltI_contig(in[k])) return false;
    for (int k = 0; k < n; k++)
        if (in[k] != out && ltI_may_overlap(out, in[k])) return false;
    return true;
}

static bool int_divlike(lt_opcode op)
{
    return op == LT_OP_DIVS || op == LT_OP_FMODS || op == LT_OP_REMS || op == LT_OP_DIV ||
           op == LT_OP_FMOD || op == LT_OP_REM;
}

lt_status lt_map(lt_opcode op, lt_tensor *out, const lt_tensor *a, lt_scalar s1, lt_scalar s2)
{
    ltI_loop_fn fn = kernels[op][a->dtype];
    lt_tensor *tmp;
    if (!fn) return type_error(op, a->dtype);
    LT_TRY(ltI_check(a, 1));
    if (!ltI_is_float(a->dtype) && int_divlike(op) && s1.i == 0 && s1.f == 0)
        return ltI_err(LT_EVALUE, 2, "integer division by zero");
    if (out != a) LT_TRY(ltI_prepare_out(out, a->dtype, a->ndim, a->size));
    map_ctx c = { .s1 = s1, .s2 = s2 };
    const lt_tensor *in1[1] = { a };
    if (lt_is_contiguous(out) && dense_case(out, 1, in1)) {
        const lt_tensor *ops[2] = { out, a };
        return run_flat(fn, 2, ops, &c, out, !ltI_is_float(a->dtype));
    }
    LT_TRY(unalias(out, &a, &tmp));
    const lt_tensor *ops[2] = { out, a };
    lt_status st = run(fn, 2, ops, &c, out, !ltI_is_float(a->dtype));
    lt_tensor_release(tmp);
    return st;
}

/* Shape for the result of a broadcasting op whose result is `out`: the
** broadcast shape; if out is an input it must already have that shape,
** else Torch7's rule (equal element counts, a's shape) applies. */
static lt_status result_shape(lt_tensor *out, int n, const lt_tensor *const *in, int *ndim,
                              int64_t *size, int *torch7)
{
    char x[LT_SHAPE_BUF], y[LT_SHAPE_BUF];
    lt_tensor acc;
    int ok = 1;
    *torch7 = 0;
    ltI_view_init(&acc, in[0]);
    for (int k = 1; k < n && ok; k++) {
        int nd;
        int64_t sz[LT_MAXDIM];
        if (lt_broadcast_shape(&acc, in[k], &nd, sz) != LT_OK) {
            ok = 0;
            break;
        }
        acc.ndim = nd;
        memcpy(acc.size, sz, sizeof(int64_t) * (size_t)nd);
    }
    bool inplace = false;
    for (int k = 0; k < n; k++) inplace |= (out == in[k]);
    if (ok && (!inplace || lt_same_size(out, &acc))) {
        *ndim = acc.ndim;
        memcpy(size, acc.size, sizeof(int64_t) * (size_t)acc.ndim);
        return LT_OK;
    }
    /* Torch7: same number of elements, shapes otherwise unrelated */
    int64_t na = lt_numel(in[0]);
    for (int k = 1; k < n; k++) {
        if (lt_numel(in[k]) != na)
            return ltI_err(LT_ESIZE, k + 1, "size mismatch: %s and %s cannot be broadcast "
                           "together%s", ltI_shape(in[0], x), ltI_shape(in[k], y),
                           ok ? " into the result" : "");
    }
    *torch7 = 1;
    *ndim = in[0]->ndim;
    memcpy(size, in[0]->size, sizeof(int64_t) * (size_t)in[0]->ndim);
    return LT_OK;
}

/* Make views of the inputs with the result's shape. */
static lt_status shape_inputs(int n, const lt_tensor *const *in, lt_tensor *views,
                              lt_tensor **tmps, int ndim, const int64_t *size, int torch7)
{
    for (int k = 0; k < n; k++) {
        tmps[k] = NULL;
        if (!torch7 || (in[k]->ndim == ndim &&
                        memcmp(in[k]->size, size, sizeof(int64_t) * (size_t)ndim) == 0)) {
            ltI_broadcast_to(&views[k], in[k], ndim, size);
            continue;
        }
        ltI_view_init(&views[k], in[k]);
        if (lt_view(&views[k], in[k], ndim, size) == LT_OK) continue;
        lt_tensor *t = lt_tensor_new(in[k]->dtype);
        if (!t) return LT_ENOMEM;
        tmps[k] = t;
        LT_TRY(lt_clone(t, in[k]));
        ltI_view_init(&views[k], t);
        LT_TRY(lt_view(&views[k], t, ndim, size));
    }
    return LT_OK;
}

static lt_status mapn(lt_opcode op, lt_tensor *out, int n, const lt_tensor *const *in,
                      lt_scalar s1, ltI_loop_fn fn)
{
    int ndim = 0, torch7 = 0;
    int64_t size[LT_MAXDIM];
    lt_tensor views[3], *tmps[3] = { NULL, NULL, NULL }, *alias[3] = { NULL, NULL, NULL };
    const lt_tensor *vin[3];
    lt_status st;
    (void)op;
    bool inplace = false;
    for (int k = 0; k < n; k++) {
        LT_TRY(same_type(in[k], in[0]->dtype, k + 1));
        inplace |= (out == in[k]);
    }
    if (dense_case(out, n, in)) {
        /* in place, out is one of the dense inputs; otherwise it may need
        ** resizing, which may move it: check it again afterwards */
        bool ok = inplace;
        if (!ok) {
            LT_TRY(ltI_prepare_out(out, in[0]->dtype, in[0]->ndim, in[0]->size));
            ok = ltI_contig(out) && dense_case(out, n, in);
        }
        if (ok) {
            map_ctx c = { .s1 = s1 };
            const lt_tensor *ops[4] = { out, in[0], n > 1 ? in[1] : NULL, n > 2 ? in[2] : NULL };
            return run_flat(fn, n + 1, ops, &c, out, !ltI_is_float(out->dtype));
        }
    }
    LT_TRY(result_shape(out, n, in, &ndim, size, &torch7));
    if (!inplace) LT_TRY(ltI_prepare_out(out, in[0]->dtype, ndim, size));
    st = shape_inputs(n, in, views, tmps, ndim, size, torch7);
    for (int k = 0; k < n && st == LT_OK; k++) {
        vin[k] = &views[k];
        if (in[k] != out) st = unalias(out, &vin[k], &alias[k]);
        else vin[k] = out;
    }
    if (st == LT_OK) {
        map_ctx c = { .s1 = s1 };
        const lt_tensor *ops[4] = { out, vin[0], n > 1 ? vin[1] : NULL, n > 2 ? vin[2] : NULL };
        st = run(fn, n + 1, ops, &c, out, !ltI_is_float(out->dtype));
    }
    for (int k = 0; k < n; k++) {
        lt_tensor_release(tmps[k]);
        lt_tensor_release(alias[k]);
    }
    return st;
}

lt_status lt_map2(lt_opcode op, lt_tensor *out, const lt_tensor *a, const lt_tensor *b,
                  lt_scalar s1)
{
    ltI_loop_fn fn = kernels[op][a->dtype];
    if (!fn) return type_error(op, a->dtype);
    const lt_tensor *in[2] = { a, b };
    return mapn(op, out, 2, in, s1, fn);
}

lt_status lt_map3(lt_opcode op, lt_tensor *out, const lt_tensor *a, const lt_tensor *b,
                  const lt_tensor *c, lt_scalar s1)
{
    ltI_loop_fn fn = kernels[op][a->dtype];
    if (!fn) return type_error(op, a->dtype);
    const lt_tensor *in[3] = { a, b, c };
    return mapn(op, out, 3, in, s1, fn);
}

lt_status lt_compare(lt_opcode op, lt_tensor *out, const lt_tensor *a, const lt_tensor *b,
                     lt_scalar s)
{
    ltI_loop_fn fn = cmp_kernels[op][a->dtype];
    int ndim = 0, torch7 = 0;
    int64_t size[LT_MAXDIM];
    lt_tensor views[2], *tmps[2] = { NULL, NULL };
    LT_TRY(ltI_check(a, 1));
    if (out->dtype != LT_BYTE)
        return ltI_err(LT_ETYPE, 0, "comparison results are ByteTensors, got a torch.%sTensor",
                       lt_dtypes[out->dtype].name);
    if (!b) {
        LT_TRY(ltI_prepare_out(out, LT_BYTE, a->ndim, a->size));
        lt_tensor *alias;
        LT_TRY(unalias(out, &a, &alias));
        map_ctx c = { .s1 = s, .fcmp = !s.is_int && s.f != floor(s.f) };
        if (!ltI_is_float(a->dtype) && !s.is_int && s.f == floor(s.f) && fabs(s.f) < 9.2e18)
            c.s1 = lt_scalar_i((int64_t)s.f);
        const lt_tensor *ops[3] = { out, a, NULL };
        ltI_iter it;
        ltI_iter_init(&it, 2, ops);
        it.nops = 3;
        for (int d = 0; d < it.ndim; d++) it.strides[d][2] = 0;
        it.data[2] = NULL;
        ltI_bump(out);
        lt_status st = ltI_iter_run(&it, fn, &c, 0);
        lt_tensor_release(alias);
        return st;
    }
    LT_TRY(same_type(b, a->dtype, 2));
    const lt_tensor *in[2] = { a, b };
    LT_TRY(result_shape(out, 2, in, &ndim, size, &torch7));
    LT_TRY(ltI_prepare_out(out, LT_BYTE, ndim, size));
    lt_status st = shape_inputs(2, in, views, tmps, ndim, size, torch7);
    const lt_tensor *va = &views[0], *vb = &views[1];
    lt_tensor *al[2] = { NULL, NULL };
    if (st == LT_OK) st = unalias(out, &va, &al[0]);
    if (st == LT_OK) st = unalias(out, &vb, &al[1]);
    if (st == LT_OK) {
        map_ctx c = { .s1 = s };
        const lt_tensor *ops[3] = { out, va, vb };
        ltI_iter it;
        ltI_iter_init(&it, 3, ops);
        ltI_bump(out);
        st = ltI_iter_run(&it, fn, &c, 0);
    }
    for (int k = 0; k < 2; k++) {
        lt_tensor_release(tmps[k]);
        lt_tensor_release(al[k]);
    }
    return st;
}
