/*
** reduce.c — reductions (sum, prod, mean, max, min, norm, std, var, all,
** any, dist) over a whole tensor or along one dimension, and the
** cumulative scans cumsum and cumprod.
**
** Accumulation
** ------------
** Every reduction accumulates in an `racc` (a double for floating-point
** results, an int64 for exact integer sums, products and extremes, counts
** and the position of an extreme).  Float and Double data accumulate in
** double (Torch7's accreal); integer sums and products accumulate in
** uint64, so they wrap like C's unsigned arithmetic instead of reaching
** signed overflow.  mean/std/var/norm of integer tensors are computed in
** double and their dim forms give DoubleTensors (NumPy's choice: Torch7
** only defined them for Float and Double, PyTorch refuses integers).
** std and var use two passes per block (the block's mean, then the sum
** of squared deviations from it) and merge blocks with Chan's formula,
** which avoids the cancellation of Torch7's sum-of-squares formula.
**
** Whole-tensor reductions
** -----------------------
** The shared iterator orders and merges a's dimensions (a contiguous tensor
** becomes one flat run); the flat index range is then cut into blocks of a
** FIXED size (RBLOCK, independent of the thread count), each block reduces
** into its own partial result (in parallel when large), and the partials
** are combined in block order.  So the result does not depend on the
** number of threads.  Dense runs use 16 independent accumulators, which
** the compiler turns into vector registers.
**
** Reductions along a dimension
** ----------------------------
** The iterator walks the *output* positions (a viewed with size 1 along
** the reduced dim, as operand 0 so runs follow a's memory order).  For each
** run of output positions the kernel picks a layout:
**   - reduce an outer dim while the run is contiguous in a (the "row"
**     layout): accumulate whole rows at a time into a tile of accumulators
**     (acc[j] += row[j]), which streams memory and vectorises, instead of
**     striding per element.  Short reductions (R <= 16) use the same tile
**     code in any layout: one call per output would cost more than the work;
**   - otherwise (typically the innermost, contiguous dim): one dense or
**     strided run reduction of R elements per output position;
**   - a single output, or a few (<= FEW_SLICES) long slices: each slice goes
**     through the whole-tensor path above, so it is split into blocks and
**     runs in parallel.
** Each output value depends only on its own elements in a fixed order, so
** results are again independent of the thread count.
**
** NaN: max/min (and max|x| of the inf-norm) propagate NaN, as PyTorch and
** recent TH do; their index is that of the first NaN.  Ties keep the first
** occurrence.  Sums, products and norms propagate NaN arithmetically.
*/
#include "lt_internal.h"
#include <math.h>
#include <stdlib.h>

/* the comparisons of unsigned Byte values with 0 are intended */
#pragma GCC diagnostic ignored "-Wtype-limits"

#define RBLOCK 32768     /* elements per partial result of a whole-tensor reduction */
#define TILE 1024         /* output positions accumulated together in the row layout */
#define LANES 16         /* independent accumulators of a dense run */
#define FEW_SLICES 16    /* at most this many long slices: parallel within each */

/* What a kernel does with each element. */
typedef enum rkind {
    K_SUMF,      /* s += x                (Float/Double sums; any mean) */
    K_SUMI,      /* i += x, wrapping      (integer sums) */
    K_PRODF,     /* s *= x */
    K_PRODI,     /* i *= x, wrapping */
    K_MAX,       /* s or i = max, NaN propagates */
    K_MIN,
    K_ABS,       /* s += |x|              (1-norm) */
    K_SQ,        /* s += x*x              (2-norm) */
    K_NZ,        /* i += x != 0           (0-norm, any) */
    K_Z,         /* i += x == 0           (all) */
    K_POW,       /* s += |x|^p            (p-norm) */
    K_AMAX,      /* s = max |x|, NaN propagates (inf-norm) */
    K_AMIN,      /* s = min |x|                 (-inf-norm) */
    K_DEV2       /* s += (x - mean)^2     (second pass of var) */
} rkind;

typedef struct racc {
    double s;        /* floating accumulation */
    double m2;       /* var: squared deviations from the mean of the n elements */
    int64_t i;       /* integer accumulation or count */
    int64_t n;       /* elements accumulated (var) */
    int64_t pos;     /* position of the extreme (max/min with indices) */
    int nan;         /* a NaN was seen (extremes) */
} racc;

/* ------------------------------------------------------------ helpers */
static bool is_extreme(rkind k) { return k == K_MAX || k == K_MIN || k == K_AMAX || k == K_AMIN; }

static void racc_init(racc *a, rkind k, bool isf)
{
    memset(a, 0, sizeof *a);
    switch (k) {
    case K_PRODF: a->s = 1; break;
    case K_PRODI: a->i = 1; break;
    case K_MAX: if (isf) a->s = -INFINITY; else a->i = INT64_MIN; break;
    case K_MIN: if (isf) a->s = INFINITY; else a->i = INT64_MAX; break;
    case K_AMAX: a->s = 0; break;
    case K_AMIN: a->s = INFINITY; break;
    default: break;
    }
}

/* Is x (at position pos) a better extreme than the accumulator?  Strictly
** better keeps the first occurrence of ties; a NaN beats any number once. */
#define BETTER_MAX(x, m) ((x) > (m) || ((x) != (x) && (m) == (m)))
#define BETTER_MIN(x, m) ((x) < (m) || ((x) != (x) && (m) == (m)))

/* -------------------------------------------------------- run kernels */
/* One kernel per dtype reduces a run of n elements at byte stride st
** into an accumulator.  Dense runs use LANES accumulators in a fixed
** pairing order (deterministic, vectorisable); strided runs a plain loop.
** `p` is the norm's exponent and `mean` the block mean of var's pass 2. */
typedef struct rparam { double p, mean; } rparam;

#define DENSE_SUM(T, ACCT, INIT, OP, EXPR, DEST)                                 \
    do {                                                                         \
        const T *d = (const T *)base;                                            \
        ACCT l[LANES];                                                           \
        for (int k = 0; k < LANES; k++) l[k] = (INIT);                           \
        int64_t i = 0;                                                           \
        for (; i + LANES <= n; i += LANES)                                       \
            for (int k = 0; k < LANES; k++) { T x = d[i + k]; l[k] = l[k] OP (EXPR); } \
        ACCT t = (INIT);                                                         \
        for (; i < n; i++) { T x = d[i]; t = t OP (EXPR); }                      \
        for (int w = LANES / 2; w > 0; w /= 2)                                   \
            for (int k = 0; k < w; k++) l[k] = l[k] OP l[k + w];                 \
        DEST = DEST OP (l[0] OP t);                                              \
    } while (0)

#define STRIDED_SUM(T, ACCT, INIT, OP, EXPR, DEST)                               \
    do {                                                                         \
        const char *q = base;                                                    \
        ACCT t = (INIT);                                                         \
        for (int64_t i = 0; i < n; i++, q += st) { T x = *(const T *)q; t = t OP (EXPR); } \
        DEST = DEST OP t;                                                        \
    } while (0)

#define SUMLIKE(T, ACCT, INIT, OP, EXPR, DEST)                                   \
    do {                                                                         \
        if (st == (int64_t)sizeof(T)) DENSE_SUM(T, ACCT, INIT, OP, EXPR, DEST);  \
        else STRIDED_SUM(T, ACCT, INIT, OP, EXPR, DEST);                         \
    } while (0)

/* max|x| / min|x| (the inf-norms): lanes started from the run's first
** element, NaN tracked separately so a later number cannot replace it;
** this form vectorises because |x| is computed (unlike plain max below) */
#define DENSE_EXT(T, GT, EXPR, DEST)                                             \
    do {                                                                         \
        if (n <= 0) break;                                                       \
        const char *q = base;                                                    \
        const T first = (EXPR(*(const T *)base));                                \
        T l[LANES], nn[LANES];   /* nn flags NaNs; of type T so all lanes vectorise */  \
        for (int k = 0; k < LANES; k++) { l[k] = first; nn[k] = 0; }             \
        int64_t i = 0;                                                           \
        if (st == (int64_t)sizeof(T)) {                                          \
            const T *d = (const T *)base;                                        \
            for (; i + LANES <= n; i += LANES)                                   \
                for (int k = 0; k < LANES; k++) {                                \
                    T x = (EXPR(d[i + k]));                                      \
                    l[k] = x GT l[k] ? x : l[k];                                 \
                    nn[k] = x != x ? (T)1 : nn[k];                               \
                }                                                                \
            q = (const char *)(d + i);                                           \
        }                                                                        \
        for (; i < n; i++, q += st) {                                            \
            T x = (EXPR(*(const T *)q));                                         \
            l[0] = x GT l[0] ? x : l[0];                                         \
            nn[0] = x != x ? (T)1 : nn[0];                                       \
        }                                                                        \
        for (int k = 1; k < LANES; k++) {                                        \
            l[0] = l[k] GT l[0] ? l[k] : l[0];                                   \
            nn[0] = nn[k] != 0 ? (T)1 : nn[0];                                   \
        }                                                                        \
        if (nn[0] != 0) a->nan = 1;                                              \
        else if (l[0] GT DEST) DEST = l[0];                                      \
    } while (0)

/* max/min of a run with GCC vector extensions: the compilers do not turn
** the NaN-exact select (x > m ? x : m) into vector code by themselves.
** Two 32-byte vectors of lanes, started from the run's first element; a
** NaN is recorded in a mask (x != x) so a later number cannot replace it.
** MT is the signed integer type of T's width (the comparison masks). */
#define VEC_EXT(T, MT, GT, DEST)                                                 \
    do {                                                                         \
        if (n <= 0) break;                                                       \
        typedef T VT __attribute__((vector_size(32)));                           \
        typedef MT VM __attribute__((vector_size(32)));                          \
        enum { W = 32 / sizeof(T) };                                             \
        const char *q = base;                                                    \
        T m = *(const T *)base;                                                  \
        int nan = 0;                                                             \
        int64_t i = 0;                                                           \
        if (st == (int64_t)sizeof(T) && n >= 2 * W) {                            \
            const T *d = (const T *)base;                                        \
            VT l0 = (VT){ 0 } + m, l1 = l0;                                      \
            VM n0 = { 0 }, n1 = { 0 };                                           \
            for (; i + 2 * W <= n; i += 2 * W) {                                 \
                VT x0, x1;                                                       \
                memcpy(&x0, d + i, sizeof x0);                                   \
                memcpy(&x1, d + i + W, sizeof x1);                               \
                VM m0 = x0 GT l0, m1 = x1 GT l1;                                 \
                l0 = (VT)(((VM)x0 & m0) | ((VM)l0 & ~m0));                       \
                l1 = (VT)(((VM)x1 & m1) | ((VM)l1 & ~m1));                       \
                n0 |= x0 != x0;                                                  \
                n1 |= x1 != x1;                                                  \
            }                                                                    \
            T lm[2 * W];                                                         \
            MT nm[W];                                                            \
            memcpy(lm, &l0, sizeof l0);                                          \
            memcpy(lm + W, &l1, sizeof l1);                                      \
            n0 |= n1;                                                            \
            memcpy(nm, &n0, sizeof n0);                                          \
            for (int k = 0; k < 2 * W; k++) m = lm[k] GT m ? lm[k] : m;          \
            for (int k = 0; k < W; k++) nan |= nm[k] != 0;                       \
            q = (const char *)(d + i);                                           \
        }                                                                        \
        for (; i < n; i++, q += st) {                                            \
            T x = *(const T *)q;                                                 \
            m = x GT m ? x : m;                                                  \
            nan |= x != x;                                                       \
        }                                                                        \
        if (nan) a->nan = 1;                                                     \
        else if (m GT DEST) DEST = m;                                            \
    } while (0)

#define MASK_LT_BYTE int8_t
#define MASK_LT_CHAR int8_t
#define MASK_LT_SHORT int16_t
#define MASK_LT_INT int32_t
#define MASK_LT_LONG int64_t
#define MASK_LT_FLOAT int32_t
#define MASK_LT_DOUBLE int64_t

#define FABSF(x) ((x) < 0 ? -(x) : (x))

#define RUN_KERNEL(E, T, U, ACC, ISF)                                                      \
    static void run_##E(const char *base, int64_t st, int64_t n, rkind kind, racc *a,      \
                        const rparam *pr)                                                  \
    {                                                                                      \
        switch (kind) {                                                                    \
        case K_SUMF: SUMLIKE(T, double, 0.0, +, (double)x, a->s); break;                  \
        case K_SUMI: SUMLIKE(T, uint64_t, 0, +, (uint64_t)(int64_t)x, *(uint64_t *)&a->i); break; \
        case K_PRODF: SUMLIKE(T, double, 1.0, *, (double)x, a->s); break;                 \
        case K_PRODI: STRIDED_SUM(T, uint64_t, 1, *, (uint64_t)(int64_t)x, *(uint64_t *)&a->i); break; \
        case K_ABS: SUMLIKE(T, double, 0.0, +, fabs((double)x), a->s); break;             \
        case K_SQ: SUMLIKE(T, double, 0.0, +, (double)x * (double)x, a->s); break;        \
        case K_NZ: SUMLIKE(T, int64_t, 0, +, (int64_t)(x != 0), a->i); break;             \
        case K_Z: SUMLIKE(T, int64_t, 0, +, (int64_t)(x == 0), a->i); break;              \
        case K_POW: STRIDED_SUM(T, double, 0.0, +, pow(fabs((double)x), pr->p), a->s); break; \
        case K_DEV2: {                                                                     \
            const double mu = pr->mean;                                                    \
            SUMLIKE(T, double, 0.0, +, ((double)x - mu) * ((double)x - mu), a->s);         \
            break;                                                                         \
        }                                                                                  \
        case K_MAX:                                                                        \
            if (ISF) VEC_EXT(T, MASK_##E, >, a->s); else VEC_EXT(T, MASK_##E, >, a->i);     \
            break;                                                                         \
        case K_MIN:                                                                        \
            if (ISF) VEC_EXT(T, MASK_##E, <, a->s); else VEC_EXT(T, MASK_##E, <, a->i);     \
            break;                                                                         \
        case K_AMAX: {                                                                     \
            double m = a->s;                                                               \
            if (ISF) { DENSE_EXT(T, >, FABSF, m); }                                        \
            else { const char *q = base;                                                   \
                   for (int64_t i = 0; i < n; i++, q += st) {                              \
                       double x = fabs((double)*(const T *)q); if (x > m) m = x; } }       \
            a->s = m;                                                                      \
            break;                                                                         \
        }                                                                                  \
        case K_AMIN: {                                                                     \
            double m = a->s;                                                               \
            if (ISF) { DENSE_EXT(T, <, FABSF, m); }                                        \
            else { const char *q = base;                                                   \
                   for (int64_t i = 0; i < n; i++, q += st) {                              \
                       double x = fabs((double)*(const T *)q); if (x < m) m = x; } }       \
            a->s = m;                                                                      \
            break;                                                                         \
        }                                                                                  \
        }                                                                                  \
        a->n += n;                                                                         \
    }                                                                                      \
    /* first position in the run whose value is the extreme m (or the first NaN) */        \
    static int64_t find_##E(const char *base, int64_t st, int64_t n, double m, int64_t mi, \
                            int nan, bool isf)                                             \
    {                                                                                      \
        const char *q = base;                                                              \
        for (int64_t i = 0; i < n; i++, q += st) {                                         \
            T x = *(const T *)q;                                                           \
            if (nan) { if (x != x) return i; }                                             \
            else if (isf ? (double)x == m : (int64_t)x == mi) return i;                    \
        }                                                                                  \
        return -1;                                                                         \
    }

LT_FOR_ALL_DTYPES(RUN_KERNEL)

typedef void (*run_fn)(const char *, int64_t, int64_t, rkind, racc *, const rparam *);
typedef int64_t (*find_fn)(const char *, int64_t, int64_t, double, int64_t, int, bool);
#define RUN_ROW(E, ...) run_##E,
#define FIND_ROW(E, ...) find_##E,
static const run_fn run_kernels[LT_NDTYPES] = { LT_FOR_ALL_DTYPES(RUN_ROW) };
static const find_fn find_kernels[LT_NDTYPES] = { LT_FOR_ALL_DTYPES(FIND_ROW) };

/* --------------------------------------------------- op -> kernel kind */
typedef struct rplan {
    rkind kind;
    bool two_pass;    /* var/std: pass 1 K_SUMF, pass 2 K_DEV2 */
    bool isf;         /* accumulator is the double s (else the int64 i) */
    bool int_result;  /* the result is an exact integer (else a double) */
    double p;
    int biased;
} rplan;

static lt_status plan_op(lt_opcode op, lt_dtype dt, lt_scalar p, rplan *pl)
{
    bool f = ltI_is_float(dt);
    memset(pl, 0, sizeof *pl);
    pl->isf = true;
    switch (op) {
    case LT_OP_SUM: pl->kind = f ? K_SUMF : K_SUMI; pl->isf = f; break;
    case LT_OP_PROD: pl->kind = f ? K_PRODF : K_PRODI; pl->isf = f; break;
    case LT_OP_MEAN: pl->kind = K_SUMF; break;
    case LT_OP_RMAX: pl->kind = K_MAX; pl->isf = f; break;
    case LT_OP_RMIN: pl->kind = K_MIN; pl->isf = f; break;
    case LT_OP_STD:
    case LT_OP_VAR:
        pl->kind = K_SUMF;
        pl->two_pass = true;
        pl->biased = p.is_int ? p.i != 0 : p.f != 0;
        break;
    case LT_OP_ALL: pl->kind = K_Z; pl->isf = false; break;
    case LT_OP_ANY: pl->kind = K_NZ; pl->isf = false; break;
    case LT_OP_NORM: {
        double v = p.f;
        pl->p = v;
        if (v != v)
            return ltI_err(LT_EARG, 2, "the norm's p must be a number, got nan");
        if (v == 0) { pl->kind = K_NZ; pl->isf = false; }
        else if (v == 1) pl->kind = K_ABS;
        else if (v == 2) pl->kind = K_SQ;
        else if (v == INFINITY) pl->kind = K_AMAX;
        else if (v == -INFINITY) pl->kind = K_AMIN;
        else pl->kind = K_POW;
        break;
    }
    default:
        return ltI_err(LT_EARG, 0, "%s is not a reduction", lt_ops[op].name);
    }
    pl->int_result = op == LT_OP_ALL || op == LT_OP_ANY ||
        (!f && (op == LT_OP_SUM || op == LT_OP_PROD || op == LT_OP_RMAX || op == LT_OP_RMIN));
    return LT_OK;
}

/* Merge partial b into a (a holds the earlier elements). */
static void racc_merge(racc *a, const racc *b, const rplan *pl)
{
    switch (pl->kind) {
    case K_SUMF:
        if (pl->two_pass) {    /* Chan et al.: combine (n, mean, m2) */
            if (b->n == 0) return;
            if (a->n == 0) { *a = *b; return; }
            double n = (double)a->n + (double)b->n;
            double ma = a->s / (double)a->n, mb = b->s / (double)b->n, d = mb - ma;
            a->m2 += b->m2 + d * d * ((double)a->n * (double)b->n / n);
            a->s += b->s;
            a->n += b->n;
            return;
        }
        /* fall through */
    case K_ABS: case K_SQ: case K_POW: case K_DEV2:
        a->s += b->s;
        break;
    case K_SUMI: case K_NZ: case K_Z:
        a->i = (int64_t)((uint64_t)a->i + (uint64_t)b->i);
        break;
    case K_PRODF: a->s *= b->s; break;
    case K_PRODI: a->i = (int64_t)((uint64_t)a->i * (uint64_t)b->i); break;
    case K_MAX: case K_MIN: case K_AMAX: case K_AMIN: {
        bool mx = pl->kind == K_MAX || pl->kind == K_AMAX;
        if (a->nan) break;
        if (b->nan) { a->nan = 1; a->pos = b->pos; break; }
        bool better = pl->isf ? (mx ? b->s > a->s : b->s < a->s)
                              : (mx ? b->i > a->i : b->i < a->i);
        if (better) { a->s = b->s; a->i = b->i; a->pos = b->pos; }
        break;
    }
    }
    a->n += b->n;
}

/* The result of an accumulator over `count` elements: v, and iv exact
** when pl->int_result. */
static void finalize(const racc *a, const rplan *pl, lt_opcode op, int64_t count, double *v,
                     int64_t *iv)
{
    double r = 0;
    int64_t ir = 0;
    switch (op) {
    case LT_OP_SUM: case LT_OP_PROD: case LT_OP_RMAX: case LT_OP_RMIN:
        if (pl->int_result) ir = a->i;
        else r = a->nan ? NAN : a->s;
        break;
    case LT_OP_MEAN:
        r = count ? a->s / (double)count : NAN;
        break;
    case LT_OP_VAR: case LT_OP_STD: {
        /* unbiased: n-1; a single element then has no variance (NaN) */
        double den = (double)count - (pl->biased ? 0 : 1);
        r = count > 0 && den > 0 ? a->m2 / den : NAN;
        if (op == LT_OP_STD) r = sqrt(r);
        break;
    }
    case LT_OP_ALL: ir = a->i == 0; break;
    case LT_OP_ANY: ir = a->i != 0; break;
    case LT_OP_NORM:
        switch (pl->kind) {
        case K_NZ: r = (double)a->i; break;
        case K_ABS: r = a->s; break;
        case K_SQ: r = sqrt(a->s); break;
        case K_AMAX: case K_AMIN: r = a->nan ? NAN : (count ? a->s : 0); break;
        default: r = pow(a->s, 1.0 / pl->p); break;
        }
        break;
    default: break;
    }
    if (pl->int_result) r = (double)ir;
    else ir = ltI_f2i(r, INT64_MIN, INT64_MAX);
    *v = r;
    *iv = ir;
}

/* ------------------------------------------- whole-tensor reductions */
/* A walk over flat positions [begin, end) of an iterator, one call of the
** run kernel per run of the innermost dimension. */
typedef struct walk_t {
    const ltI_iter *it;
    run_fn run;
    find_fn find;
    const rplan *pl;
    racc *parts;
    int64_t nblocks;
    bool want_pos;
} walk_t;

static void walk_range(const walk_t *w, int64_t begin, int64_t end, rkind kind, racc *a,
                       const rparam *pr, int64_t *found, double m, int64_t mi, int nan)
{
    const ltI_iter *it = w->it;
    int nd = it->ndim;
    int64_t idx[LT_MAXDIM], rem = begin, pos = begin;
    const char *p = it->data[0];
    for (int d = 0; d < nd; d++) {
        idx[d] = rem % it->shape[d];
        rem /= it->shape[d];
        p += idx[d] * it->strides[d][0];
    }
    while (pos < end) {
        int64_t n = it->shape[0] - idx[0];
        if (n > end - pos) n = end - pos;
        if (found) {
            int64_t f = w->find(p, it->strides[0][0], n, m, mi, nan, w->pl->isf);
            if (f >= 0) { *found = pos + f; return; }
        } else {
            w->run(p, it->strides[0][0], n, kind, a, pr);
        }
        pos += n;
        if (pos >= end) break;
        p += n * it->strides[0][0];
        idx[0] += n;
        for (int d = 0; d < nd - 1 && idx[d] == it->shape[d]; d++) {
            p += it->strides[d + 1][0] - it->shape[d] * it->strides[d][0];
            idx[d] = 0;
            idx[d + 1]++;
        }
    }
}

static void reduce_block(const walk_t *w, int64_t b, racc *out)
{
    const rplan *pl = w->pl;
    int64_t begin = b * RBLOCK, end = begin + RBLOCK;
    if (end > w->it->numel) end = w->it->numel;
    rparam pr = { pl->p, 0 };
    racc_init(out, pl->kind, pl->isf);
    walk_range(w, begin, end, pl->kind, out, &pr, NULL, 0, 0, 0);
    out->n = end - begin;
    if (pl->two_pass) {
        racc d;
        racc_init(&d, K_DEV2, true);
        pr.mean = out->s / (double)out->n;
        walk_range(w, begin, end, K_DEV2, &d, &pr, NULL, 0, 0, 0);
        out->m2 = d.s;
    }
    if (w->want_pos && is_extreme(pl->kind)) {
        int64_t f = -1;
        walk_range(w, begin, end, pl->kind, NULL, &pr, &f, out->s, out->i, out->nan);
        out->pos = f;
    }
}

static int block_range(int64_t b, int64_t e, void *ctx)
{
    const walk_t *w = ctx;
    for (int64_t i = b; i < e; i++) reduce_block(w, i, &w->parts[i]);
    return 0;
}

/* Reduce every element of a (already checked) into *acc; *pos receives the
** flat position (in iterator order) of the extreme when want_pos. */
static lt_status reduce_flat(const lt_tensor *a, const rplan *pl, bool want_pos, racc *acc)
{
    ltI_iter it;
    const lt_tensor *ops[1] = { a };
    ltI_iter_init(&it, 1, ops);
    walk_t w = { &it, run_kernels[a->dtype], find_kernels[a->dtype], pl, NULL, 0, want_pos };
    racc_init(acc, pl->kind, pl->isf);
    acc->pos = -1;
    if (it.numel == 0) return LT_OK;
    w.nblocks = (it.numel + RBLOCK - 1) / RBLOCK;
    if (w.nblocks == 1) {
        if (lt_cancel_requested()) return ltI_err(LT_ECANCEL, 0, "interrupted");
        reduce_block(&w, 0, acc);
        return LT_OK;
    }
    w.parts = lt_malloc(sizeof(racc) * (size_t)w.nblocks);
    if (!w.parts) return ltI_err(LT_ENOMEM, 0, "not enough memory");
    lt_status st = ltI_parallel_for(w.nblocks, 1, block_range, &w);
    if (st == LT_OK) {
        *acc = w.parts[0];
        for (int64_t b = 1; b < w.nblocks; b++) racc_merge(acc, &w.parts[b], pl);
    }
    lt_free(w.parts);
    return st;
}

static lt_status empty_error(lt_opcode op, const lt_tensor *a)
{
    char buf[LT_SHAPE_BUF];
    if (a->ndim == 0)
        return ltI_err(LT_EARG, 1, "cannot take the %s of an empty tensor", lt_ops[op].name);
    return ltI_err(LT_EARG, 1, "cannot take the %s of an empty tensor (size %s)",
                   lt_ops[op].name, ltI_shape(a, buf));
}

lt_status lt_reduce_all(lt_opcode op, const lt_tensor *a, lt_scalar p, double *res,
                        int64_t *ires)
{
    rplan pl;
    racc acc;
    LT_TRY(ltI_check(a, 1));
    LT_TRY(plan_op(op, a->dtype, p, &pl));
    int64_t n = lt_numel(a);
    if (n == 0 && (op == LT_OP_RMAX || op == LT_OP_RMIN)) return empty_error(op, a);
    LT_TRY(reduce_flat(a, &pl, false, &acc));
    double v;
    int64_t iv;
    finalize(&acc, &pl, op, n, &v, &iv);
    if (res) *res = v;
    if (ires) *ires = iv;
    return LT_OK;
}

/* ------------------------------------------------ along one dimension */
/* Output element stores, by output dtype: floating results v, integer iv. */
static void store(char *o, lt_dtype odt, double v, int64_t iv, bool isint)
{
    switch (odt) {
#define ST(E, T, U, ACC, ISF) \
    case E: *(T *)o = ISF ? (T)v : (isint ? (T)(U)(uint64_t)iv : (T)ltI_f2i(v, lt_dtypes[E].imin, \
                                                                           lt_dtypes[E].imax)); \
        break;
    LT_FOR_ALL_DTYPES(ST)
#undef ST
    default: break;
    }
}

typedef struct dctx {
    lt_opcode op;
    rplan pl;
    int64_t R;          /* size of the reduced dim */
    int64_t rs;         /* its byte stride in a */
    lt_dtype adt, odt;
    bool want_idx;
    run_fn run;
    find_fn find;
} dctx;

/* One output position: reduce R elements at p (stride rs). */
static void reduce_one(const dctx *c, const char *p, char *o, char *ix)
{
    const rplan *pl = &c->pl;
    racc a;
    rparam pr = { pl->p, 0 };
    racc_init(&a, pl->kind, pl->isf);
    c->run(p, c->rs, c->R, pl->kind, &a, &pr);
    if (pl->two_pass && c->R > 0) {
        racc d;
        racc_init(&d, K_DEV2, true);
        pr.mean = a.s / (double)c->R;
        c->run(p, c->rs, c->R, K_DEV2, &d, &pr);
        a.m2 = d.s;
    }
    double v;
    int64_t iv;
    finalize(&a, pl, c->op, c->R, &v, &iv);
    store(o, c->odt, v, iv, pl->int_result);
    if (ix) *(int64_t *)ix = c->find(p, c->rs, c->R, a.s, a.i, a.nan, pl->isf) + LT_INDEX_BASE;
}

/* Results of a block of w output positions: from the tile accumulators
** (s: floating, u: integer, m2: var) to v / iv, then stored by type.
** The switches sit outside the loops so each loop is one simple pass. */
static void finalize_block(const dctx *c, int64_t w, const double *s, const double *m2,
                           const uint64_t *u, double *v, int64_t *iv)
{
    const rplan *pl = &c->pl;
    const double R = (double)c->R;
    switch (c->op) {
    case LT_OP_SUM: case LT_OP_PROD: case LT_OP_RMAX: case LT_OP_RMIN:
        if (pl->int_result) for (int64_t j = 0; j < w; j++) iv[j] = (int64_t)u[j];
        else for (int64_t j = 0; j < w; j++) v[j] = s[j];
        break;
    case LT_OP_MEAN:
        for (int64_t j = 0; j < w; j++) v[j] = s[j] / R;
        break;
    case LT_OP_VAR: case LT_OP_STD: {
        double den = R - (pl->biased ? 0 : 1);
        for (int64_t j = 0; j < w; j++) v[j] = den > 0 ? m2[j] / den : NAN;
        if (c->op == LT_OP_STD) for (int64_t j = 0; j < w; j++) v[j] = sqrt(v[j]);
        break;
    }
    case LT_OP_ALL: for (int64_t j = 0; j < w; j++) iv[j] = u[j] == 0; break;
    case LT_OP_ANY: for (int64_t j = 0; j < w; j++) iv[j] = u[j] != 0; break;
    case LT_OP_NORM:
        switch (pl->kind) {
        case K_NZ: for (int64_t j = 0; j < w; j++) v[j] = (double)u[j]; break;
        case K_SQ: for (int64_t j = 0; j < w; j++) v[j] = sqrt(s[j]); break;
        case K_POW: for (int64_t j = 0; j < w; j++) v[j] = pow(s[j], 1.0 / pl->p); break;
        default: for (int64_t j = 0; j < w; j++) v[j] = s[j]; break;
        }
        break;
    default: break;
    }
}

static void store_block(char *o, int64_t os, lt_dtype odt, bool isint, const double *v,
                        const int64_t *iv, int64_t w)
{
    switch (odt) {
#define STB(E, T, U, ACC, ISF)                                                             \
    case E:                                                                                \
        if (ISF) for (int64_t j = 0; j < w; j++) *(T *)(o + j * os) = (T)v[j];             \
        else if (isint) for (int64_t j = 0; j < w; j++) *(T *)(o + j * os) = (T)(U)(uint64_t)iv[j]; \
        else for (int64_t j = 0; j < w; j++)                                               \
            *(T *)(o + j * os) = (T)ltI_f2i(v[j], lt_dtypes[E].imin, lt_dtypes[E].imax);   \
        break;
    LT_FOR_ALL_DTYPES(STB)
#undef STB
    default: break;
    }
}

/* Up to TILE output positions at once, element (r, j) at p + r*rs + j*js:
** row by row, accumulating every position of the tile (acc[j] += x).  In
** the row layout (js = elsize: positions contiguous, reduced dim strided)
** this streams memory and vectorises; it also serves short reductions
** (small R) in any layout, where per-position calls would cost more than
** the work. */
#define FOR_J(BODY)                                                                        \
    do {                                                                                   \
        if (js == (int64_t)sizeof(ET)) {                                                   \
            const ET *row = (const ET *)(b0 + r * rs);                                     \
            for (int64_t j = 0; j < w; j++) { ET x = row[j]; BODY; }                       \
        } else {                                                                           \
            const char *row = b0 + r * rs;                                                 \
            for (int64_t j = 0; j < w; j++) { ET x = *(const ET *)(row + j * js); BODY; }  \
        }                                                                                  \
    } while (0)

#define TILE_KERNEL(E, T, U, ACC, ISF)                                                     \
    static void tile_##E(const dctx *c, const char *p, int64_t js, int64_t n, char *o,     \
                         int64_t os, char *ix, int64_t xs)                                 \
    {                                                                                      \
        typedef T ET;      /* the element type FOR_J reads */                              \
        const rplan *pl = &c->pl;                                                          \
        const rkind k = pl->kind;                                                          \
        const int64_t R = c->R, rs = c->rs;                                                \
        double s[TILE], m2[TILE], mu[TILE], v[TILE];                                       \
        uint64_t u[TILE];                                                                  \
        int64_t pos[TILE], iv[TILE];                                                       \
        for (int64_t j0 = 0; j0 < n; j0 += TILE) {                                         \
            const int64_t w = n - j0 < TILE ? n - j0 : TILE;                               \
            const char *b0 = p + j0 * js;                                                  \
            int64_t r = 0;                                                                 \
            switch (k) {                                                                   \
            case K_SUMF: case K_ABS: case K_SQ: case K_POW: {                              \
                const double pp = pl->p;                                                   \
                for (int64_t j = 0; j < w; j++) s[j] = 0;                                  \
                if (k == K_SUMF && js == (int64_t)sizeof(T))                               \
                    /* four rows per pass over the accumulators */                         \
                    for (; r + 4 <= R; r += 4) {                                           \
                        const T *x0 = (const T *)(b0 + r * rs);                            \
                        const T *x1 = (const T *)(b0 + (r + 1) * rs);                      \
                        const T *x2 = (const T *)(b0 + (r + 2) * rs);                      \
                        const T *x3 = (const T *)(b0 + (r + 3) * rs);                      \
                        for (int64_t j = 0; j < w; j++)                                    \
                            s[j] += ((double)x0[j] + (double)x1[j]) +                      \
                                    ((double)x2[j] + (double)x3[j]);                       \
                    }                                                                      \
                for (; r < R; r++) {                                                       \
                    if (k == K_SUMF) FOR_J(s[j] += (double)x);                             \
                    else if (k == K_ABS) FOR_J(s[j] += fabs((double)x));                   \
                    else if (k == K_SQ) FOR_J(s[j] += (double)x * (double)x);              \
                    else FOR_J(s[j] += pow(fabs((double)x), pp));                          \
                }                                                                          \
                if (pl->two_pass) {                                                        \
                    for (int64_t j = 0; j < w; j++) { m2[j] = 0; mu[j] = s[j] / (double)R; } \
                    for (r = 0; r < R; r++)                                                \
                        FOR_J(double d = (double)x - mu[j]; m2[j] += d * d);              \
                }                                                                          \
                break;                                                                     \
            }                                                                              \
            case K_SUMI: case K_NZ: case K_Z:                                              \
                for (int64_t j = 0; j < w; j++) u[j] = 0;                                  \
                for (r = 0; r < R; r++) {                                                  \
                    if (k == K_SUMI) FOR_J(u[j] += (uint64_t)(int64_t)x);                  \
                    else if (k == K_NZ) FOR_J(u[j] += x != 0);                             \
                    else FOR_J(u[j] += x == 0);                                            \
                }                                                                          \
                break;                                                                     \
            case K_PRODF:                                                                  \
                for (int64_t j = 0; j < w; j++) s[j] = 1;                                  \
                for (r = 0; r < R; r++) FOR_J(s[j] *= (double)x);                          \
                break;                                                                     \
            case K_PRODI:                                                                  \
                for (int64_t j = 0; j < w; j++) u[j] = 1;                                  \
                for (r = 0; r < R; r++) FOR_J(u[j] *= (uint64_t)(int64_t)x);               \
                break;                                                                     \
            case K_MAX: case K_MIN: case K_AMAX: case K_AMIN: {                            \
                /* row 0 first, then strictly better: ties keep the first;     */          \
                /* BETTER_* lets a NaN in and keeps it                        */          \
                const bool mx = k == K_MAX || k == K_AMAX;                                 \
                const bool ab = k == K_AMAX || k == K_AMIN;                                \
                for (int64_t j = 0; j < w; j++) pos[j] = 0;                                \
                if (ISF || ab) {                                                           \
                    FOR_J(s[j] = ab ? fabs((double)x) : (double)x);                        \
                    for (r = 1; r < R; r++) {                                              \
                        if (ab) FOR_J(double y = fabs((double)x);                          \
                                      if (mx ? BETTER_MAX(y, s[j]) : BETTER_MIN(y, s[j])) s[j] = y); \
                        else if (mx) FOR_J(double y = (double)x;                           \
                                           if (BETTER_MAX(y, s[j])) { s[j] = y; pos[j] = r; }); \
                        else FOR_J(double y = (double)x;                                   \
                                   if (BETTER_MIN(y, s[j])) { s[j] = y; pos[j] = r; });    \
                    }                                                                      \
                } else {                                                                   \
                    FOR_J(u[j] = (uint64_t)(int64_t)x);                                    \
                    for (r = 1; r < R; r++) {                                              \
                        if (mx) FOR_J(int64_t y = (int64_t)x;                              \
                                      if (y > (int64_t)u[j]) { u[j] = (uint64_t)y; pos[j] = r; }); \
                        else FOR_J(int64_t y = (int64_t)x;                                 \
                                   if (y < (int64_t)u[j]) { u[j] = (uint64_t)y; pos[j] = r; }); \
                    }                                                                      \
                }                                                                          \
                break;                                                                     \
            }                                                                              \
            case K_DEV2: break;                                                            \
            }                                                                              \
            finalize_block(c, w, s, m2, u, v, iv);                                         \
            store_block(o + j0 * os, os, c->odt, pl->int_result, v, iv, w);                \
            if (ix)                                                                        \
                for (int64_t j = 0; j < w; j++)                                            \
                    *(int64_t *)(ix + (j0 + j) * xs) = pos[j] + LT_INDEX_BASE;             \
        }                                                                                  \
    }
LT_FOR_ALL_DTYPES(TILE_KERNEL)

typedef void (*tile_fn)(const dctx *, const char *, int64_t, int64_t, char *, int64_t, char *,
                        int64_t);
#define TILE_ROW(E, ...) tile_##E,
static const tile_fn tile_kernels[LT_NDTYPES] = { LT_FOR_ALL_DTYPES(TILE_ROW) };

/* Which layout a run of output positions (byte stride s0 in a) takes. */
static bool use_tile(const dctx *c, int64_t s0)
{
    int64_t es = (int64_t)lt_dtypes[c->adt].size;
    if (c->R < 1) return false;
    return (s0 == es && c->rs != es) || c->R <= 16;
}

/* iterator loop: ptrs = { a (size 1 along dim), out, idx } */
static void dim_loop(char **p, const int64_t *s, int64_t n, void *ctx)
{
    const dctx *c = ctx;
    char *ix = c->want_idx ? p[2] : NULL;
    if (use_tile(c, s[0])) {
        tile_kernels[c->adt](c, p[0], s[0], n, p[1], s[1], ix, c->want_idx ? s[2] : 0);
        return;
    }
    for (int64_t j = 0; j < n; j++)
        reduce_one(c, p[0] + j * s[0], p[1] + j * s[1], ix ? ix + j * s[2] : NULL);
}

static lt_dtype result_dtype(lt_opcode op, lt_dtype dt)
{
    switch (op) {
    case LT_OP_MEAN: case LT_OP_STD: case LT_OP_VAR: case LT_OP_NORM:
        return ltI_is_float(dt) ? dt : LT_DOUBLE;
    case LT_OP_ALL: case LT_OP_ANY:
        return LT_BYTE;
    default:
        return dt;
    }
}

static lt_status check_result_type(const lt_tensor *t, lt_dtype want, const char *what)
{
    if (t->dtype != want)
        return ltI_err(LT_ETYPE, 0, "%s must be a torch.%sTensor, got a torch.%sTensor", what,
                       lt_dtypes[want].name, lt_dtypes[t->dtype].name);
    return LT_OK;
}

/* Results computed into fresh tensors when they share storage with the
** input (r:sum(r, 1) would otherwise resize r while reading it). */
static lt_status fresh_if_aliased(lt_tensor *out, const lt_tensor *a, lt_tensor **tmp)
{
    *tmp = NULL;
    if (!out || !ltI_same_storage(out, a)) return LT_OK;
    *tmp = lt_tensor_new(out->dtype);
    return *tmp ? LT_OK : LT_ENOMEM;
}

static lt_status commit_fresh(lt_tensor *out, lt_tensor *tmp, lt_status st)
{
    if (!tmp) return st;
    if (st == LT_OK) st = ltI_prepare_out(out, tmp->dtype, tmp->ndim, tmp->size);
    if (st == LT_OK) st = lt_copy(out, tmp);
    lt_tensor_release(tmp);
    return st;
}

/* Output positions per parallel chunk: enough elements to be worth a
** thread, and in the row layout whole tiles, so rows stream -- or, with
** fewer positions than a tile per thread, an equal share for each. */
static int64_t dim_grain(const ltI_iter *it, int64_t R, int64_t rs, size_t es)
{
    int64_t g = R > 0 ? LT_GRAIN / R : LT_GRAIN;
    if (it->strides[0][0] == (int64_t)es && rs != (int64_t)es && R > 1 && g < TILE) {
        int64_t nt = lt_get_num_threads();
        int64_t share = (it->numel + nt - 1) / nt;
        int64_t want = share < TILE ? share : TILE;
        if (want > g) g = want;
    }
    return g > 0 ? g : 1;
}

static lt_status reduce_dim(lt_opcode op, lt_tensor *out, lt_tensor *idx, const lt_tensor *a,
                            int dim, const rplan *pl)
{
    int64_t size[LT_MAXDIM];
    int64_t R = a->size[dim];
    memcpy(size, a->size, sizeof(int64_t) * (size_t)a->ndim);
    size[dim] = 1;
    LT_TRY(ltI_prepare_out(out, out->dtype, a->ndim, size));
    if (idx) LT_TRY(ltI_prepare_out(idx, LT_LONG, a->ndim, size));
    ltI_bump(out);
    if (idx) ltI_bump(idx);
    int64_t nout = lt_numel(out);
    if (nout == 0) return LT_OK;

    dctx c = { op, *pl, R, a->stride[dim] * (int64_t)lt_dtypes[a->dtype].size, a->dtype,
               out->dtype, idx != NULL, run_kernels[a->dtype], find_kernels[a->dtype] };
    if (nout == 1) {
        /* every element is in the one slice: the whole-tensor path is
        ** parallel and gives the same result as reducing the slice */
        racc acc;
        LT_TRY(reduce_flat(a, pl, idx != NULL, &acc));
        double v;
        int64_t iv;
        finalize(&acc, pl, op, R, &v, &iv);
        store(lt_data(out), out->dtype, v, iv, pl->int_result);
        if (idx) {
            /* the iterator's order over a tensor whose only non-1 dim is
            ** `dim` is that dim's order */
            *(int64_t *)lt_data(idx) = acc.pos + LT_INDEX_BASE;
        }
        return LT_OK;
    }
    if (nout <= FEW_SLICES && R >= 4 * RBLOCK) {
        /* a few long slices: each goes through the whole-tensor path,
        ** which splits it into blocks run in parallel (deterministically) */
        for (int64_t j = 0; j < nout; j++) {
            int64_t rem = j, ao = 0, oo = 0, xo = 0;
            for (int d = a->ndim - 1; d >= 0; d--) {
                int64_t i = rem % size[d];
                rem /= size[d];
                ao += i * a->stride[d];
                oo += i * out->stride[d];
                if (idx) xo += i * idx->stride[d];
            }
            lt_tensor sl;
            ltI_view_init(&sl, a);
            sl.ndim = 1;
            sl.offset = a->offset + ao;
            sl.size[0] = R;
            sl.stride[0] = a->stride[dim];
            racc acc;
            LT_TRY(reduce_flat(&sl, pl, idx != NULL, &acc));
            double v;
            int64_t iv;
            finalize(&acc, pl, op, R, &v, &iv);
            store((char *)lt_data(out) + oo * (int64_t)lt_elsize(out), out->dtype, v, iv,
                  pl->int_result);
            if (idx) ((int64_t *)lt_data(idx))[xo] = acc.pos + LT_INDEX_BASE;
        }
        return LT_OK;
    }
    lt_tensor av;
    ltI_view_init(&av, a);
    av.size[dim] = 1;
    const lt_tensor *ops[3] = { &av, out, idx };
    ltI_iter it;
    ltI_iter_init(&it, idx ? 3 : 2, ops);
    return ltI_iter_run(&it, dim_loop, &c, dim_grain(&it, R, c.rs, lt_elsize(a)));
}

lt_status lt_reduce_dim(lt_opcode op, lt_tensor *out, lt_tensor *idx, const lt_tensor *a,
                        int dim, lt_scalar p)
{
    char buf[LT_SHAPE_BUF];
    rplan pl;
    LT_TRY(ltI_check(a, 1));
    LT_TRY(ltI_wrap_dim(&dim, a->ndim, 2, NULL));
    LT_TRY(plan_op(op, a->dtype, p, &pl));
    LT_TRY(check_result_type(out, result_dtype(op, a->dtype), "the result"));
    if (op != LT_OP_RMAX && op != LT_OP_RMIN) idx = NULL;
    if (idx) LT_TRY(check_result_type(idx, LT_LONG, "the index result"));
    if (idx && (idx == out || ltI_same_storage(idx, out)))
        return ltI_err(LT_EARG, 0, "the value and index results must not share storage");
    if (a->size[dim] == 0 && (op == LT_OP_RMAX || op == LT_OP_RMIN))
        return ltI_err(LT_EARG, 1, "cannot take the %s over dimension %d of a %s tensor: it has "
                       "size 0", lt_ops[op].name, dim + 1, ltI_shape(a, buf));
    lt_tensor *tout, *tidx = NULL;
    LT_TRY(fresh_if_aliased(out, a, &tout));
    lt_status st = fresh_if_aliased(idx, a, &tidx);
    if (st == LT_OK)
        st = reduce_dim(op, tout ? tout : out, tidx ? tidx : idx, a, dim, &pl);
    st = commit_fresh(out, tout, st);
    if (idx) st = commit_fresh(idx, tidx, st);
    return st;
}

/* ------------------------------------------------------------- dist */
lt_status lt_dist(const lt_tensor *a, const lt_tensor *b, double p, double *res)
{
    char x[LT_SHAPE_BUF], y[LT_SHAPE_BUF];
    LT_TRY(ltI_check(a, 1));
    LT_TRY(ltI_check(b, 2));
    if (a->dtype != b->dtype)
        return ltI_err(LT_ETYPE, 2, "torch.%sTensor expected, got torch.%sTensor",
                       lt_dtypes[a->dtype].name, lt_dtypes[b->dtype].name);
    if (lt_numel(a) != lt_numel(b)) {
        int nd;
        int64_t sz[LT_MAXDIM];
        if (lt_broadcast_shape(a, b, &nd, sz) != LT_OK)
            return ltI_err(LT_ESIZE, 2, "size mismatch: %s and %s", ltI_shape(a, x),
                           ltI_shape(b, y));
    }
    /* the difference in double (integer differences must not wrap), then
    ** its norm: dist is not on a hot path, clarity wins over a fused loop */
    lt_tensor *da = lt_tensor_new(LT_DOUBLE), *db = lt_tensor_new(LT_DOUBLE);
    lt_tensor *d = lt_tensor_new(LT_DOUBLE);
    lt_status st = (da && db && d) ? LT_OK : ltI_err(LT_ENOMEM, 0, "not enough memory");
    if (st == LT_OK) st = lt_resize_as(da, a);
    if (st == LT_OK) st = lt_copy(da, a);
    if (st == LT_OK) st = lt_resize_as(db, b);
    if (st == LT_OK) st = lt_copy(db, b);
    if (st == LT_OK) st = lt_map2(LT_OP_SUB, d, da, db, lt_scalar_i(1));
    if (st == LT_OK) st = lt_reduce_all(LT_OP_NORM, d, lt_scalar_f(p), res, NULL);
    lt_tensor_release(da);
    lt_tensor_release(db);
    lt_tensor_release(d);
    return st;
}

/* ------------------------------------------------------------- scans */
/* A scan of one long dimension is a single kernel call, so the kernel polls
** the cancel flag itself (every SCAN_POLL + 1 steps); lt_scan reports it. */
#define SCAN_POLL 0xffff
typedef struct sctx {
    bool prod;
    int64_t R, ars, ors;     /* reduced size, byte strides along it in a and out */
    lt_dtype dt;
} sctx;

#define SCAN_KERNEL(E, T, U, ACC, ISF)                                                     \
    static void scan_##E(char **p, const int64_t *s, int64_t n, void *ctx)                 \
    {                                                                                      \
        const sctx *c = ctx;                                                               \
        const int64_t R = c->R, ars = c->ars, ors = c->ors;                                \
        const bool prod = c->prod;                                                         \
        if (s[0] == (int64_t)sizeof(T) && s[1] == (int64_t)sizeof(T) && R > 1 &&           \
            ars != (int64_t)sizeof(T)) {                                                   \
            /* rows at a time: acc[j] accumulates column j in ACC precision */             \
            ACC acc[TILE];                                                                 \
            for (int64_t j0 = 0; j0 < n; j0 += TILE) {                                     \
                int64_t w = n - j0 < TILE ? n - j0 : TILE;                                 \
                for (int64_t j = 0; j < w; j++) acc[j] = prod ? 1 : 0;                     \
                for (int64_t r = 0; r < R; r++) {                                          \
                    if ((r & SCAN_POLL) == SCAN_POLL && lt_cancel_requested()) return;     \
                    const T *x = (const T *)(p[1] + r * ars) + j0;                         \
                    T *o = (T *)(p[0] + r * ors) + j0;                                     \
                    if (ISF) {                                                             \
                        if (prod)                                                          \
                            for (int64_t j = 0; j < w; j++) { acc[j] *= (ACC)x[j]; o[j] = (T)acc[j]; } \
                        else                                                               \
                            for (int64_t j = 0; j < w; j++) { acc[j] += (ACC)x[j]; o[j] = (T)acc[j]; } \
                    } else {                                                               \
                        if (prod) for (int64_t j = 0; j < w; j++) {                        \
                            acc[j] = (ACC)((uint64_t)acc[j] * (uint64_t)(ACC)x[j]);        \
                            o[j] = (T)(U)(uint64_t)acc[j]; }                               \
                        else for (int64_t j = 0; j < w; j++) {                             \
                            acc[j] = (ACC)((uint64_t)acc[j] + (uint64_t)(ACC)x[j]);        \
                            o[j] = (T)(U)(uint64_t)acc[j]; }                               \
                    }                                                                      \
                }                                                                          \
            }                                                                              \
            return;                                                                        \
        }                                                                                  \
        for (int64_t j = 0; j < n; j++) {                                                  \
            const char *x = p[1] + j * s[1];                                               \
            char *o = p[0] + j * s[0];                                                     \
            ACC acc = prod ? 1 : 0;                                                        \
            for (int64_t r = 0; r < R; r++, x += ars, o += ors) {                          \
                if ((r & SCAN_POLL) == SCAN_POLL && lt_cancel_requested()) return;         \
                if (ISF) acc = prod ? acc * (ACC)*(const T *)x : acc + (ACC)*(const T *)x;  \
                else acc = (ACC)(prod ? (uint64_t)acc * (uint64_t)(ACC)*(const T *)x        \
                                      : (uint64_t)acc + (uint64_t)(ACC)*(const T *)x);      \
                *(T *)o = ISF ? (T)acc : (T)(U)(uint64_t)acc;                              \
            }                                                                              \
        }                                                                                  \
    }
LT_FOR_ALL_DTYPES(SCAN_KERNEL)
#define SCAN_ROW(E, ...) scan_##E,
static const ltI_loop_fn scan_kernels[LT_NDTYPES] = { LT_FOR_ALL_DTYPES(SCAN_ROW) };

lt_status lt_scan(lt_opcode op, lt_tensor *out, const lt_tensor *a, int dim)
{
    LT_TRY(ltI_check(a, 1));
    LT_TRY(ltI_wrap_dim(&dim, a->ndim, 2, NULL));
    if (op != LT_OP_CUMSUM && op != LT_OP_CUMPROD)
        return ltI_err(LT_EARG, 0, "%s is not a scan", lt_ops[op].name);
    LT_TRY(check_result_type(out, a->dtype, "the result"));
    /* in place (out is a) is safe: each element is read before it is
    ** written, in the same order; any other overlap goes through a copy */
    lt_tensor *tmp = NULL;
    if (out != a && ltI_same_storage(out, a)) {
        tmp = lt_tensor_new(a->dtype);
        if (!tmp) return LT_ENOMEM;
    }
    lt_tensor *o = tmp ? tmp : out;
    lt_status st = LT_OK;
    if (o != a) st = ltI_prepare_out(o, a->dtype, a->ndim, a->size);
    if (st == LT_OK && lt_numel(a) > 0) {
        ltI_bump(o);
        lt_tensor av, ov;
        ltI_view_init(&av, a);
        ltI_view_init(&ov, o);
        av.size[dim] = 1;
        ov.size[dim] = 1;
        sctx c = { op == LT_OP_CUMPROD, a->size[dim],
                   a->stride[dim] * (int64_t)lt_elsize(a), o->stride[dim] * (int64_t)lt_elsize(o),
                   a->dtype };
        const lt_tensor *ops[2] = { &ov, &av };
        ltI_iter it;
        ltI_iter_init(&it, 2, ops);
        st = ltI_iter_run(&it, scan_kernels[a->dtype], &c,
                          dim_grain(&it, c.R, c.ars, lt_elsize(a)));
        if (st == LT_OK && lt_cancel_requested()) st = ltI_err(LT_ECANCEL, 0, "interrupted");
    }
    return commit_fresh(out, tmp, st);
}
