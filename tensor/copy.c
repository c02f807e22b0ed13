/*
** copy.c — copy across types, fill, contiguous/clone, equal, element access.
**
** lt_copy converts between any two dtypes with one typed loop per pair
** (generated from the dtype list), and uses memcpy when both sides are
** dense and of the same type.  Float-to-integer conversion saturates (NaN
** becomes 0): a C cast would be undefined for values out of range.
*/
#include "lt_internal.h"
#include <math.h>

/* conversion of one element: integer destinations saturate from floats */
#define CONV_TO(DT, ST, ISF_D, ISF_S, v) \
    ((ISF_S) && !(ISF_D) ? (DT)ltI_f2i((double)(v), dmin, dmax) : (DT)(v))

#define COPY_LOOP(DE, DT, DU, DACC, DISF, SE, ST, SU, SACC, SISF)                        \
    static void copy_##DE##_##SE(char **p, const int64_t *s, int64_t n, void *ctx)       \
    {                                                                                    \
        const int64_t dmin = lt_dtypes[DE].imin, dmax = lt_dtypes[DE].imax;              \
        (void)ctx; (void)dmin; (void)dmax;                                                \
        char *d = p[0];                                                                  \
        const char *x = p[1];                                                            \
        if (s[0] == sizeof(DT) && s[1] == sizeof(ST)) {                                  \
            DT *dd = (DT *)d;                                                            \
            const ST *xx = (const ST *)x;                                                \
            for (int64_t i = 0; i < n; i++) dd[i] = CONV_TO(DT, ST, DISF, SISF, xx[i]);  \
        } else {                                                                         \
            for (int64_t i = 0; i < n; i++, d += s[0], x += s[1])                        \
                *(DT *)d = CONV_TO(DT, ST, DISF, SISF, *(const ST *)x);                  \
        }                                                                                \
    }

#define COPY_FROM(SE, ST, SU, SACC, SISF) \
    COPY_LOOP(LT_BYTE, uint8_t, uint8_t, int64_t, 0, SE, ST, SU, SACC, SISF) \
    COPY_LOOP(LT_CHAR, int8_t, uint8_t, int64_t, 0, SE, ST, SU, SACC, SISF) \
    COPY_LOOP(LT_SHORT, int16_t, uint16_t, int64_t, 0, SE, ST, SU, SACC, SISF) \
    COPY_LOOP(LT_INT, int32_t, uint32_t, int64_t, 0, SE, ST, SU, SACC, SISF) \
    COPY_LOOP(LT_LONG, int64_t, uint64_t, int64_t, 0, SE, ST, SU, SACC, SISF) \
    COPY_LOOP(LT_FLOAT, float, float, double, 1, SE, ST, SU, SACC, SISF) \
    COPY_LOOP(LT_DOUBLE, double, double, double, 1, SE, ST, SU, SACC, SISF)
LT_FOR_ALL_DTYPES(COPY_FROM)

#define COPY_ROW(DE, DT, DU, DACC, DISF) { \
    copy_##DE##_LT_BYTE, copy_##DE##_LT_CHAR, copy_##DE##_LT_SHORT, copy_##DE##_LT_INT, \
    copy_##DE##_LT_LONG, copy_##DE##_LT_FLOAT, copy_##DE##_LT_DOUBLE },
static const ltI_loop_fn copy_table[LT_NDTYPES][LT_NDTYPES] = { LT_FOR_ALL_DTYPES(COPY_ROW) };

static void memcpy_loop(char **p, const int64_t *s, int64_t n, void *ctx)
{
    (void)s;
    memcpy(p[0], p[1], (size_t)n * *(size_t *)ctx);
}

/* A transposing copy (dst dense along one dim, src along the other) reads
** with a large stride in the plain loop, missing cache on every element;
** with a power-of-two stride every row of a tile also maps to the same L1
** set, so even square tiles thrash.  So: bands of BAND_I source rows,
** swept one 8-wide column strip at a time, each 8x8 (4-byte) or 4x4
** (8-byte) square transposed in AVX registers: 8 short row reads, 8 short
** row writes.  4096^2 float32, 1 thread (scripts/bench/elementwise.lua):
** 2.5 GB/s with scalar 64x64 tiles, 16.8 GB/s this way, PyTorch 1.13 7.4.
** Other element sizes and the edges use the scalar loop. */
#define TILE 64       /* both dims at least this long to take this path */
#define BAND_I 128    /* source rows per band, the parallel unit */

#if defined(__AVX__)
#include <immintrin.h>
/* d[c*ds + r] = x[r*xs + c] for r, c < 8 (strides in elements) */
static inline void tr8x8_f32(char *dp, int64_t ds, const char *xp, int64_t xs)
{
    float *d = (float *)dp;
    const float *x = (const float *)xp;
    __m256 r0 = _mm256_loadu_ps(x), r1 = _mm256_loadu_ps(x + xs);
    __m256 r2 = _mm256_loadu_ps(x + 2 * xs), r3 = _mm256_loadu_ps(x + 3 * xs);
    __m256 r4 = _mm256_loadu_ps(x + 4 * xs), r5 = _mm256_loadu_ps(x + 5 * xs);
    __m256 r6 = _mm256_loadu_ps(x + 6 * xs), r7 = _mm256_loadu_ps(x + 7 * xs);
    __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
    __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
    __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
    __m256 t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
    __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
    __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    _mm256_storeu_ps(d, _mm256_permute2f128_ps(u0, u4, 0x20));
    _mm256_storeu_ps(d + ds, _mm256_permute2f128_ps(u1, u5, 0x20));
    _mm256_storeu_ps(d + 2 * ds, _mm256_permute2f128_ps(u2, u6, 0x20));
    _mm256_storeu_ps(d + 3 * ds, _mm256_permute2f128_ps(u3, u7, 0x20));
    _mm256_storeu_ps(d + 4 * ds, _mm256_permute2f128_ps(u0, u4, 0x31));
    _mm256_storeu_ps(d + 5 * ds, _mm256_permute2f128_ps(u1, u5, 0x31));
    _mm256_storeu_ps(d + 6 * ds, _mm256_permute2f128_ps(u2, u6, 0x31));
    _mm256_storeu_ps(d + 7 * ds, _mm256_permute2f128_ps(u3, u7, 0x31));
}

/* the same for 4x4 8-byte elements (bit patterns moved as doubles) */
static inline void tr4x4_f64(char *dp, int64_t ds, const char *xp, int64_t xs)
{
    double *d = (double *)dp;
    const double *x = (const double *)xp;
    __m256d r0 = _mm256_loadu_pd(x), r1 = _mm256_loadu_pd(x + xs);
    __m256d r2 = _mm256_loadu_pd(x + 2 * xs), r3 = _mm256_loadu_pd(x + 3 * xs);
    __m256d t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);
    __m256d t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);
    _mm256_storeu_pd(d, _mm256_permute2f128_pd(t0, t2, 0x20));
    _mm256_storeu_pd(d + ds, _mm256_permute2f128_pd(t1, t3, 0x20));
    _mm256_storeu_pd(d + 2 * ds, _mm256_permute2f128_pd(t0, t2, 0x31));
    _mm256_storeu_pd(d + 3 * ds, _mm256_permute2f128_pd(t1, t3, 0x31));
}
#endif

static bool transposed_2d(const ltI_iter *it, int64_t es)
{
    return it->ndim == 2 && it->strides[0][0] == es && it->strides[1][1] == es &&
           it->shape[0] >= TILE && it->shape[1] >= TILE;
}

typedef struct tile_ctx { const ltI_iter *it; size_t es; } tile_ctx;

#define TILE_LOOP(T)                                                                  \
    for (int64_t j = j0; j < j1; j++)                                                 \
        for (int64_t i = i0; i < i1; i++)                                             \
            *(T *)(d + i * ds0 + j * ds1) = *(const T *)(x + i * xs0 + j * xs1);

/* element (i, j) is at d + i*ds0 + j*ds1 and x + i*xs0 + j*xs1, with
** ds0 == xs1 == es: the block [i0, i1) x [j0, j1) element by element */
static void copy_scalar(char *d, const char *x, int64_t ds0, int64_t ds1, int64_t xs0,
                        int64_t xs1, size_t es, int64_t i0, int64_t i1, int64_t j0, int64_t j1)
{
    switch (es) {
    case 1: TILE_LOOP(uint8_t) break;
    case 2: TILE_LOOP(uint16_t) break;
    case 4: TILE_LOOP(uint32_t) break;
    default: TILE_LOOP(uint64_t) break;
    }
}

/* the same block in squares of k where a register transpose exists, the
** right-hand strip and the bottom rows element by element */
static void copy_block(char *d, const char *x, int64_t ds0, int64_t ds1, int64_t xs0,
                       int64_t xs1, size_t es, int64_t i0, int64_t i1, int64_t j0, int64_t j1)
{
#if defined(__AVX__)
    const int k = es == 4 ? 8 : es == 8 ? 4 : 1;
    if (k > 1) {
        int64_t ik = i0 + (i1 - i0) / k * k, jk = j0 + (j1 - j0) / k * k;
        for (int64_t j = j0; j < jk; j += k)
            for (int64_t i = i0; i < ik; i += k) {
                char *dp = d + i * ds0 + j * ds1;
                const char *xp = x + i * xs0 + j * xs1;
                if (es == 4) tr8x8_f32(dp, ds1 / 4, xp, xs0 / 4);
                else tr4x4_f64(dp, ds1 / 8, xp, xs0 / 8);
            }
        copy_scalar(d, x, ds0, ds1, xs0, xs1, es, ik, i1, j0, j1);
        copy_scalar(d, x, ds0, ds1, xs0, xs1, es, i0, ik, jk, j1);
        return;
    }
#endif
    copy_scalar(d, x, ds0, ds1, xs0, xs1, es, i0, i1, j0, j1);
}

/* [b, e) counts bands of BAND_I rows of the source (dim 0), each swept
** across its full width: the source is read a few whole rows at a time
** and the destination written in runs of BAND_I elements, so neither
** side walks a page per element */
static int tile_rows(int64_t b, int64_t e, void *p)
{
    tile_ctx *c = p;
    const ltI_iter *it = c->it;
    int64_t n0 = it->shape[0], n1 = it->shape[1];
    for (int64_t i0 = b * BAND_I; i0 < e * BAND_I && i0 < n0; i0 += BAND_I)
        copy_block(it->data[0], it->data[1], it->strides[0][0], it->strides[1][0],
                   it->strides[0][1], it->strides[1][1], c->es, i0,
                   i0 + BAND_I < n0 ? i0 + BAND_I : n0, 0, n1);
    return 0;
}

static lt_status copy_tiled(const ltI_iter *it, size_t es)
{
    tile_ctx c = { it, es };
    int64_t nbands = (it->shape[0] + BAND_I - 1) / BAND_I;
    /* grain in bands: about LT_GRAIN elements each */
    int64_t grain = LT_GRAIN / (BAND_I * it->shape[1]) + 1;
    return ltI_parallel_for(nbands, grain, tile_rows, &c);
}

lt_status lt_copy(lt_tensor *dst, const lt_tensor *src)
{
    char a[LT_SHAPE_BUF], b[LT_SHAPE_BUF];
    int64_t n = lt_numel(dst);
    lt_tensor sv;
    LT_TRY(ltI_check(dst, 1));
    LT_TRY(ltI_check(src, 2));
    if (n != lt_numel(src))
        return ltI_err(LT_ESIZE, 2, "sizes do not match: copying %s (%lld elements) into %s "
                       "(%lld elements)", ltI_shape(src, a), (long long)lt_numel(src),
                       ltI_shape(dst, b), (long long)n);
    if (n == 0) return LT_OK;
    if (ltI_may_overlap(dst, src)) {
        /* overlapping views of one storage: go through a temporary */
        lt_tensor *tmp;
        LT_TRY(lt_tensor_new_sized(src->dtype, src->ndim, src->size, &tmp));
        lt_status st = lt_copy(tmp, src);
        if (st == LT_OK) st = lt_copy(dst, tmp);
        lt_tensor_release(tmp);
        return st;
    }
    ltI_bump(dst);
    if (lt_same_size(dst, src)) {
        ltI_view_init(&sv, src);
    } else {
        /* same element count, different shape: Torch7 copies in row-major
        ** order; if src can be viewed as dst's shape that is exact */
        int bnd;
        int64_t bsz[LT_MAXDIM];
        if (lt_broadcast_shape(dst, src, &bnd, bsz) == LT_OK && bnd == dst->ndim &&
            memcmp(bsz, dst->size, sizeof(int64_t) * (size_t)bnd) == 0) {
            ltI_broadcast_to(&sv, src, dst->ndim, dst->size);
        } else {
            ltI_view_init(&sv, src);
            if (lt_view(&sv, src, dst->ndim, dst->size) != LT_OK) {
                /* non-viewable: walk both in row-major order, element by element */
                lt_tensor *tmp;
                LT_TRY(lt_tensor_new_sized(src->dtype, src->ndim, src->size, &tmp));
                lt_status st = lt_copy(tmp, src);
                if (st == LT_OK) {
                    ltI_view_init(&sv, tmp);
                    lt_view(&sv, tmp, dst->ndim, dst->size);
                    st = lt_copy(dst, &sv);
                }
                lt_tensor_release(tmp);
                return st;
            }
        }
    }
    const lt_tensor *ops[2] = { dst, &sv };
    ltI_iter it;
    ltI_iter_init(&it, 2, ops);
    if (dst->dtype == src->dtype) {
        size_t es = lt_elsize(dst), ess[2] = { es, es };
        if (ltI_iter_flat(&it, ess))
            return ltI_iter_run(&it, memcpy_loop, &es, 1 << 20);
        if (transposed_2d(&it, (int64_t)es)) return copy_tiled(&it, es);
    }
    return ltI_iter_run(&it, copy_table[dst->dtype][src->dtype], NULL, 0);
}

/* ------------------------------------------------------------------- fill */
#define FILL_LOOP(E, T, U, ACC, ISF)                                                 \
    static void fill_##E(char **p, const int64_t *s, int64_t n, void *ctx)           \
    {                                                                                \
        const lt_scalar *v = ctx;                                                    \
        T x = ISF ? (T)v->f : (T)(U)(uint64_t)v->i;                                  \
        if (s[0] == sizeof(T)) {                                                     \
            T *d = (T *)p[0];                                                        \
            for (int64_t i = 0; i < n; i++) d[i] = x;                                \
        } else {                                                                     \
            char *d = p[0];                                                          \
            for (int64_t i = 0; i < n; i++, d += s[0]) *(T *)d = x;                  \
        }                                                                            \
    }
LT_FOR_ALL_DTYPES(FILL_LOOP)
#define FILL_ENTRY(E, T, U, ACC, ISF) fill_##E,
static const ltI_loop_fn fill_table[LT_NDTYPES] = { LT_FOR_ALL_DTYPES(FILL_ENTRY) };

lt_status lt_fill(lt_tensor *t, lt_scalar v)
{
    LT_TRY(ltI_check(t, 1));
    if (lt_numel(t) == 0) return LT_OK;
    ltI_bump(t);
    /* integer tensors filled from a float take its truncation, saturated */
    if (!ltI_is_float(t->dtype) && !v.is_int)
        v.i = ltI_f2i(v.f, lt_dtypes[t->dtype].imin, lt_dtypes[t->dtype].imax);
    const lt_tensor *ops[1] = { t };
    ltI_iter it;
    ltI_iter_init(&it, 1, ops);
    return ltI_iter_run(&it, fill_table[t->dtype], &v, 1 << 18);
}

lt_status lt_zero(lt_tensor *t) { return lt_fill(t, lt_scalar_i(0)); }

lt_status lt_contiguous(lt_tensor *out, const lt_tensor *src)
{
    if (lt_is_contiguous(src)) {
        lt_set(out, src);
        return LT_OK;
    }
    return lt_clone(out, src);
}

lt_status lt_clone(lt_tensor *out, const lt_tensor *src)
{
    LT_TRY(ltI_check(src, 2));
    if (out == src) return ltI_err(LT_EARG, 0, "clone into itself");
    lt_tensor_clear(out);
    out->dtype = src->dtype;
    LT_TRY(lt_resize(out, src->ndim, src->size));
    return lt_copy(out, src);
}

/* ------------------------------------------------------------------ equal */
typedef struct eq_ctx { int differ; } eq_ctx;
#define EQ_LOOP(E, T, U, ACC, ISF)                                                   \
    static void eq_##E(char **p, const int64_t *s, int64_t n, void *ctx)             \
    {                                                                                \
        eq_ctx *c = ctx;                                                             \
        const char *a = p[0], *b = p[1];                                             \
        for (int64_t i = 0; i < n; i++, a += s[0], b += s[1])                        \
            if (*(const T *)a != *(const T *)b) { c->differ = 1; return; }           \
    }
LT_FOR_ALL_DTYPES(EQ_LOOP)
#define EQ_ENTRY(E, T, U, ACC, ISF) eq_##E,
static const ltI_loop_fn eq_table[LT_NDTYPES] = { LT_FOR_ALL_DTYPES(EQ_ENTRY) };

int lt_equal(const lt_tensor *a, const lt_tensor *b)
{
    if (!lt_same_size(a, b) || a->dtype != b->dtype) return 0;
    if (lt_check_bounds(a) || lt_check_bounds(b)) return 0;
    if (lt_numel(a) == 0) return 1;
    const lt_tensor *ops[2] = { a, b };
    ltI_iter it;
    eq_ctx c = { 0 };
    ltI_iter_init(&it, 2, ops);
    ltI_iter_run_ordered(2, ops, eq_table[a->dtype], &c);
    return !c.differ;
}

/* --------------------------------------------------------- element access */
static char *elem_ptr(const lt_tensor *t, const int64_t *idx)
{
    int64_t off = t->offset;
    for (int d = 0; d < t->ndim; d++) off += idx[d] * t->stride[d];
    return (char *)t->storage->data + (size_t)off * lt_dtypes[t->dtype].size;
}

double lt_get(const lt_tensor *t, const int64_t *idx)
{
    return lt_dtypes[t->dtype].get(elem_ptr(t, idx));
}

int64_t lt_geti(const lt_tensor *t, const int64_t *idx)
{
    return lt_dtypes[t->dtype].geti(elem_ptr(t, idx));
}

void lt_setv(lt_tensor *t, const int64_t *idx, lt_scalar v)
{
    char *p = elem_ptr(t, idx);
    if (ltI_is_float(t->dtype)) lt_dtypes[t->dtype].set(p, v.f);
    else if (v.is_int) lt_dtypes[t->dtype].seti(p, v.i);
    else lt_dtypes[t->dtype].set(p, v.f);
    ltI_bump(t);
}
