/*
** create.c — tensors built from numbers or reshaped from others: eye,
** range, linspace, logspace, diag, tril/triu, histc, repeat, trace, cross.
**
** Each function follows Torch7's THTensorMath.c arithmetic where a script
** could see the difference: range's element count is Torch7's
** (int)((end - start)/step + 1), computed exactly in integers for integer
** tensors; linspace and logspace compute a + i*(b - a)/(n - 1) in the
** tensor's own floating type, as Torch7's `real` arithmetic did; histc
** bins in that type too.  Where Torch7 had no rule or a crash (an
** out-of-range diagonal, non-finite histogram ranges) PyTorch's is taken.
**
** Results go into `out`, resized; when out shares memory with an input in
** any way other than being that very view, the input is copied first, so
** `x:tril(x)` and `r:repeatTensor(r, ...)` are well defined.
*/
#include "lt_internal.h"
#include <math.h>

/* ------------------------------------------------------------- helpers */
static bool same_view(const lt_tensor *a, const lt_tensor *b)
{
    return a->storage == b->storage && a->offset == b->offset && a->ndim == b->ndim &&
           memcmp(a->size, b->size, sizeof(int64_t) * (size_t)a->ndim) == 0 &&
           memcmp(a->stride, b->stride, sizeof(int64_t) * (size_t)a->ndim) == 0;
}

/* If out shares storage with *in and is not the same view, replace *in by
** a private copy held in *tmp (released by the caller). */
static lt_status clone_input(const lt_tensor **in, lt_tensor **tmp);

static lt_status private_input(const lt_tensor *out, const lt_tensor **in, lt_tensor **tmp)
{
    *tmp = NULL;
    if (!ltI_same_storage(out, *in) || same_view(out, *in)) return LT_OK;
    return clone_input(in, tmp);
}

/* Replace *in by a private copy held in *tmp. */
static lt_status clone_input(const lt_tensor **in, lt_tensor **tmp)
{
    lt_tensor *t;
    LT_TRY(lt_tensor_new_sized((*in)->dtype, (*in)->ndim, (*in)->size, &t));
    lt_status st = lt_copy(t, *in);
    if (st) {
        lt_tensor_release(t);
        ltI_set_errarg(0);
        return st;
    }
    *tmp = t;
    *in = t;
    return LT_OK;
}

static lt_status prepare(lt_tensor *out, lt_dtype dt, int nd, const int64_t *size)
{
    lt_status st = ltI_prepare_out(out, dt, nd, size);
    if (st) ltI_set_errarg(0);
    return st;
}

static lt_status want_dims(const lt_tensor *t, int nd, int arg, const char *what)
{
    if (t->ndim == nd) return ltI_check(t, arg);
    if (t->ndim == 0) return ltI_err(LT_EARG, arg, "%s expected, got an empty tensor", what);
    return ltI_err(LT_EARG, arg, "%s expected, got a %dD tensor", what, t->ndim);
}

static char *elem(const lt_tensor *t, int64_t off)
{
    return (char *)t->storage->data + (size_t)(t->offset + off) * lt_elsize(t);
}

/* n elements of size es from src (stride ss) to dst (stride ds), in elements */
static void copy_elems(char *dst, int64_t ds, const char *src, int64_t ss, int64_t n, size_t es)
{
#define COPY_AS(T)                                                                    \
    for (int64_t i = 0; i < n; i++) ((T *)dst)[i * ds] = ((const T *)src)[i * ss];    \
    break;
    switch (es) {
    case 1: COPY_AS(uint8_t)
    case 2: COPY_AS(uint16_t)
    case 4: COPY_AS(uint32_t)
    default: COPY_AS(uint64_t)
    }
#undef COPY_AS
}

/* zero bits are 0 (and 0.0) in every dtype */
static void zero_elems(char *dst, int64_t ds, int64_t n, size_t es)
{
    if (n <= 0) return;
    if (ds == 1) {
        memset(dst, 0, (size_t)n * es);
        return;
    }
    for (int64_t i = 0; i < n; i++) memset(dst + (size_t)(i * ds) * es, 0, es);
}

/* ------------------------------------------------------------------ eye */
lt_status lt_eye(lt_tensor *out, int64_t n, int64_t m)
{
    if (n < 1) return ltI_err(LT_EARG, 1, "size must be positive, got %lld", (long long)n);
    if (m < 0) return ltI_err(LT_EARG, 2, "size must be positive, got %lld", (long long)m);
    if (m == 0) m = n;                       /* Torch7: eye(n) and eye(n, 0) are n x n */
    int64_t size[2] = { n, m };
    LT_TRY(prepare(out, out->dtype, 2, size));
    LT_TRY(lt_zero(out));
    int64_t d = n < m ? n : m;
    size_t es = lt_elsize(out);
    char one[8];
    if (ltI_is_float(out->dtype)) lt_dtypes[out->dtype].set(one, 1.0);
    else lt_dtypes[out->dtype].seti(one, 1);
    char *p = elem(out, 0);
    for (int64_t i = 0; i < d; i++)
        memcpy(p + (size_t)(i * (out->stride[0] + out->stride[1])) * es, one, es);
    return LT_OK;
}

/* ---------------------------------------------------------------- range */
#define RANGE_FILL(E, T, U, ACC, ISF)                                                \
    static void range_##E(char *p, int64_t st, int64_t n, lt_scalar a, lt_scalar s)  \
    {                                                                                \
        T *d = (T *)p;                                                               \
        if (ISF) {                                                                   \
            for (int64_t i = 0; i < n; i++) d[i * st] = (T)(a.f + (double)i * s.f);  \
        } else {                                                                     \
            uint64_t v = (uint64_t)a.i, inc = (uint64_t)s.i;                         \
            for (int64_t i = 0; i < n; i++, v += inc) d[i * st] = (T)(U)v;           \
        }                                                                            \
    }
LT_FOR_ALL_DTYPES(RANGE_FILL)
#define RANGE_ENTRY(E, T, U, ACC, ISF) range_##E,
static void (*const range_table[LT_NDTYPES])(char *, int64_t, int64_t, lt_scalar, lt_scalar) = {
    LT_FOR_ALL_DTYPES(RANGE_ENTRY)
};

static bool integral(lt_scalar s)
{
    return s.is_int || (s.f == floor(s.f) && fabs(s.f) < 9.2e18);
}

lt_status lt_range(lt_tensor *out, lt_scalar start, lt_scalar end, lt_scalar step)
{
    const lt_dtype dt = out->dtype;
    int64_t n;
    if (ltI_is_float(dt)) {
        if (!isfinite(start.f) || !isfinite(end.f) || !isfinite(step.f))
            return ltI_err(LT_EARG, !isfinite(start.f) ? 1 : !isfinite(end.f) ? 2 : 3,
                           "range bounds and step must be finite");
        if (step.f == 0) return ltI_err(LT_EARG, 3, "step must be nonzero");
        if ((step.f > 0 && end.f < start.f) || (step.f < 0 && end.f > start.f))
            return ltI_err(LT_EARG, 2, "upper bound and lower bound inconsistent with step sign");
        double q = (end.f - start.f) / step.f + 1;
        if (!(q < 9.0e18)) return ltI_err(LT_EARG, 3, "range has too many elements");
        n = (int64_t)q;
    } else {
        lt_scalar *v[3] = { &start, &end, &step };
        for (int i = 0; i < 3; i++) {
            if (!integral(*v[i]))
                return ltI_err(LT_EARG, i + 1, "range of a torch.%sTensor needs integer bounds "
                               "and step, got %g", lt_dtypes[dt].name, v[i]->f);
            if (!v[i]->is_int) *v[i] = lt_scalar_i((int64_t)v[i]->f);
        }
        if (step.i == 0) return ltI_err(LT_EARG, 3, "step must be nonzero");
        if ((step.i > 0 && end.i < start.i) || (step.i < 0 && end.i > start.i))
            return ltI_err(LT_EARG, 2, "upper bound and lower bound inconsistent with step sign");
        __int128 q = ((__int128)end.i - start.i) / step.i + 1;
        if (q > ((__int128)1 << 62)) return ltI_err(LT_EARG, 3, "range has too many elements");
        n = (int64_t)q;
    }
    LT_TRY(prepare(out, dt, 1, &n));
    if (n > 0) range_table[dt](elem(out, 0), out->stride[0], n, start, step);
    ltI_bump(out);
    return LT_OK;
}

/* ------------------------------------------------------ linspace, logspace */
/* Torch7's formula in the tensor's floating type (double for integers,
** converted with saturation). */
static lt_status spaced(lt_tensor *out, double a, double b, int64_t n, int logscale)
{
    const lt_dtype dt = out->dtype;
    if (n < 1)
        return ltI_err(LT_EARG, 3, "invalid number of points %lld (must be at least 1)",
                       (long long)n);
    LT_TRY(prepare(out, dt, 1, &n));
    char *p = elem(out, 0);
    const int64_t st = out->stride[0];
    const double den = n > 1 ? (double)(n - 1) : 1;
    if (dt == LT_FLOAT) {
        float fa = (float)a, fb = (float)b, *d = (float *)p;
        for (int64_t i = 0; i < n; i++) {
            float v = n == 1 ? fa : fa + (float)i * (fb - fa) / (float)den;
            d[i * st] = logscale ? (float)pow(10.0, v) : v;
        }
    } else {
        for (int64_t i = 0; i < n; i++) {
            double v = n == 1 ? a : a + (double)i * (b - a) / den;
            if (logscale) v = pow(10.0, v);
            char *q = p + (size_t)(i * st) * lt_elsize(out);
            if (dt == LT_DOUBLE) *(double *)q = v;
            else lt_dtypes[dt].set(q, v);
        }
    }
    ltI_bump(out);
    return LT_OK;
}

lt_status lt_linspace(lt_tensor *out, double a, double b, int64_t n)
{
    return spaced(out, a, b, n, 0);
}

lt_status lt_logspace(lt_tensor *out, double a, double b, int64_t n)
{
    return spaced(out, a, b, n, 1);
}

/* ----------------------------------------------------------------- diag */
lt_status lt_diag(lt_tensor *out, const lt_tensor *src, int64_t k)
{
    lt_tensor *tmp = NULL;
    lt_status st;
    if (src->ndim != 1 && src->ndim != 2) {
        if (src->ndim == 0)
            return ltI_err(LT_EARG, 1, "vector or matrix expected, got an empty tensor");
        return ltI_err(LT_EARG, 1, "vector or matrix expected, got a %dD tensor", src->ndim);
    }
    LT_TRY(ltI_check(src, 1));
    if (out->dtype != src->dtype)
        return ltI_err(LT_ETYPE, 0, "result tensor is a torch.%sTensor, expected a "
                       "torch.%sTensor", lt_dtypes[out->dtype].name, lt_dtypes[src->dtype].name);
    if (k > INT32_MAX || k < -(int64_t)INT32_MAX)
        return ltI_err(LT_ERANGE, 2, "diagonal %lld out of range", (long long)k);
    if (out == src || ltI_same_storage(out, src)) {      /* shapes differ: always copy */
        LT_TRY(lt_tensor_new_sized(src->dtype, src->ndim, src->size, &tmp));
        st = lt_copy(tmp, src);
        if (st) goto done;
        src = tmp;
    }
    const size_t es = lt_elsize(src);
    if (src->ndim == 1) {
        int64_t len = src->size[0], sz = len + (k >= 0 ? k : -k);
        int64_t size[2] = { sz, sz };
        st = prepare(out, src->dtype, 2, size);
        if (st == LT_OK) st = lt_zero(out);
        if (st == LT_OK && len > 0) {
            char *p = elem(out, k >= 0 ? k * out->stride[1] : -k * out->stride[0]);
            copy_elems(p, out->stride[0] + out->stride[1], elem(src, 0), src->stride[0], len, es);
        }
    } else {
        int64_t r = src->size[0], c = src->size[1];
        int64_t sz = k >= 0 ? (r < c - k ? r : c - k) : (r + k < c ? r + k : c);
        if (sz < 0) sz = 0;             /* beyond the matrix: empty, as PyTorch */
        st = prepare(out, src->dtype, 1, &sz);
        if (st == LT_OK && sz > 0)
            copy_elems(elem(out, 0), out->stride[0],
                       elem(src, k >= 0 ? k * src->stride[1] : -k * src->stride[0]),
                       src->stride[0] + src->stride[1], sz, es);
    }
    ltI_bump(out);
done:
    lt_tensor_release(tmp);
    return st;
}

/* ----------------------------------------------------------- tril, triu */
static lt_status triangle(lt_tensor *out, const lt_tensor *src, int64_t k, int upper)
{
    lt_tensor *tmp;
    LT_TRY(want_dims(src, 2, 1, "matrix"));
    if (out->dtype != src->dtype)
        return ltI_err(LT_ETYPE, 0, "result tensor is a torch.%sTensor, expected a "
                       "torch.%sTensor", lt_dtypes[out->dtype].name, lt_dtypes[src->dtype].name);
    LT_TRY(private_input(out, &src, &tmp));
    lt_status st = LT_OK;
    if (out != src && !same_view(out, src)) {
        st = prepare(out, src->dtype, 2, src->size);
        if (st == LT_OK) st = lt_copy(out, src);
    }
    const int64_t r = src->size[0], c = src->size[1];
    if (k > c + 1) k = c + 1;                /* clamp: r + k must not overflow */
    if (k < -r - 1) k = -r - 1;
    const size_t es = lt_elsize(out);
    for (int64_t i = 0; st == LT_OK && lt_numel(out) > 0 && i < r; i++) {
        char *row = elem(out, i * out->stride[0]);
        if (upper) {                         /* zero columns [0, i + k) */
            int64_t e = i + k < c ? i + k : c;
            zero_elems(row, out->stride[1], e, es);
        } else {                             /* zero columns [i + k + 1, c) */
            int64_t b = i + k + 1 > 0 ? i + k + 1 : 0;
            if (b < c) zero_elems(row + (size_t)(b * out->stride[1]) * es, out->stride[1],
                                  c - b, es);
        }
    }
    ltI_bump(out);
    lt_tensor_release(tmp);
    return st;
}

lt_status lt_tril(lt_tensor *out, const lt_tensor *src, int64_t k)
{
    return triangle(out, src, k, 0);
}

lt_status lt_triu(lt_tensor *out, const lt_tensor *src, int64_t k)
{
    return triangle(out, src, k, 1);
}

/* ---------------------------------------------------------------- histc */
typedef struct hist_ctx { int64_t *counts, bins; double lo, hi; double mn, mx; } hist_ctx;

/* count in the tensor's floating type (Torch7's `real`); integers in double */
#define HIST_IMPL(E, T, F)                                                           \
    static void hist_##E(const void *p, int64_t n, hist_ctx *h)                      \
    {                                                                                \
        const T *x = p;                                                              \
        const F lo = (F)h->lo, hi = (F)h->hi, width = hi - lo, bins = (F)h->bins;    \
        for (int64_t i = 0; i < n; i++) {                                            \
            F v = (F)x[i];                                                           \
            if (v >= lo && v <= hi) {                                                \
                int64_t b = (int64_t)((v - lo) / width * bins);                      \
                h->counts[b < h->bins - 1 ? b : h->bins - 1]++;                      \
            }                                                                        \
        }                                                                            \
    }                                                                                \
    static void range_of_##E(const void *p, int64_t n, hist_ctx *h)                  \
    {                                                                                \
        const T *x = p;                                                              \
        double mn = INFINITY, mx = -INFINITY;                                        \
        int nan = 0;                                                                 \
        for (int64_t i = 0; i < n; i++) {                                            \
            double v = (double)x[i];                                                 \
            if (v != v) nan = 1;                                                     \
            if (v < mn) mn = v;                                                      \
            if (v > mx) mx = v;                                                      \
        }                                                                            \
        h->mn = nan ? NAN : mn;                                                      \
        h->mx = nan ? NAN : mx;                                                      \
    }
#define HIST_0(E, T) HIST_IMPL(E, T, double)
#define HIST_1(E, T) HIST_IMPL(E, T, T)
#define HIST_LOOP(E, T, U, ACC, ISF) HIST_##ISF(E, T)
LT_FOR_ALL_DTYPES(HIST_LOOP)
#define HIST_ENTRY(E, T, U, ACC, ISF) hist_##E,
#define HRANGE_ENTRY(E, T, U, ACC, ISF) range_of_##E,
static void (*const hist_table[LT_NDTYPES])(const void *, int64_t, hist_ctx *) = {
    LT_FOR_ALL_DTYPES(HIST_ENTRY)
};
static void (*const hrange_table[LT_NDTYPES])(const void *, int64_t, hist_ctx *) = {
    LT_FOR_ALL_DTYPES(HRANGE_ENTRY)
};

lt_status lt_histc(lt_tensor *out, const lt_tensor *src, int64_t bins, double lo, double hi)
{
    lt_tensor *tmp = NULL;
    lt_status st = LT_OK;
    hist_ctx h = { NULL, bins, lo, hi, 0, 0 };
    LT_TRY(ltI_check(src, 1));
    if (out->dtype != src->dtype)
        return ltI_err(LT_ETYPE, 0, "result tensor is a torch.%sTensor, expected a "
                       "torch.%sTensor", lt_dtypes[out->dtype].name, lt_dtypes[src->dtype].name);
    if (bins < 1)
        return ltI_err(LT_EARG, 2, "number of bins must be positive, got %lld", (long long)bins);
    /* the counts are int64s: a bin count whose byte size wraps size_t
    ** must not reach malloc as a small number */
    if ((uint64_t)bins > (uint64_t)PTRDIFF_MAX / sizeof(int64_t))
        return ltI_err(LT_ENOMEM, 0, "not enough memory (a histogram of %lld bins)",
                       (long long)bins);
    if (lo != lo || hi != hi || isinf(lo) || isinf(hi))
        return ltI_err(LT_EARG, 3, "range of [%g, %g] is not finite", lo, hi);
    if (lo > hi) return ltI_err(LT_EARG, 3, "max (%g) must not be smaller than min (%g)", hi, lo);
    const int64_t n = lt_numel(src);
    if (n > 0 && !lt_is_contiguous(src)) {
        LT_TRY(lt_tensor_new_sized(src->dtype, src->ndim, src->size, &tmp));
        st = lt_copy(tmp, src);
        if (st) {
            ltI_set_errarg(0);
            goto done;
        }
    }
    const lt_tensor *x = tmp ? tmp : src;
    if (lo == hi && n > 0) {                 /* Torch7: the data's own range */
        hrange_table[x->dtype](lt_data(x), n, &h);
        if (!isfinite(h.mn) || !isfinite(h.mx)) {
            st = ltI_err(LT_EVALUE, 1, "range of [%g, %g] is not finite", h.mn, h.mx);
            goto done;
        }
        h.lo = h.mn;
        h.hi = h.mx;
    }
    if (h.lo == h.hi) {
        h.lo -= 1;
        h.hi += 1;
    }
    h.counts = lt_malloc(sizeof(int64_t) * (size_t)bins);
    if (!h.counts) {
        st = ltI_err(LT_ENOMEM, 0, "not enough memory");
        goto done;
    }
    memset(h.counts, 0, sizeof(int64_t) * (size_t)bins);
    const size_t es = lt_elsize(x);
    for (int64_t i = 0; i < n; i += LT_CHUNK) {
        if (i > 0 && lt_cancel_requested()) {
            st = ltI_err(LT_ECANCEL, 0, "interrupted");
            goto done;
        }
        hist_table[x->dtype]((const char *)lt_data(x) + (size_t)i * es,
                             n - i < LT_CHUNK ? n - i : LT_CHUNK, &h);
    }
    st = prepare(out, src->dtype, 1, &bins);
    for (int64_t b = 0; st == LT_OK && b < bins; b++)
        lt_setv(out, &b, lt_scalar_i(h.counts[b]));
    ltI_bump(out);
done:
    lt_free(h.counts);
    lt_tensor_release(tmp);
    return st;
}

/* --------------------------------------------------------------- repeat */
/* out (already sized) = src padded with leading 1s and tiled `reps` times.
** Each dimension d of out (size r*s) is viewed as two: the repeat index
** (stride s*o) and the position in src (stride o); src is expanded over
** the repeat indices, so one lt_copy tiles everything.  Dimensions that
** need no split are not split. */
static lt_status tile_view(lt_tensor *out, const lt_tensor *src, int n, const int64_t *reps)
{
    lt_tensor ov, sv;
    int off = n - src->ndim, k = 0;
    ltI_view_init(&ov, out);
    ltI_view_init(&sv, src);
    for (int d = 0; d < n; d++) {
        int64_t s = d >= off ? src->size[d - off] : 1;
        int64_t ss = d >= off ? src->stride[d - off] : 0;
        if (reps[d] != 1) {
            ov.size[k] = sv.size[k] = reps[d];
            ov.stride[k] = s * out->stride[d];
            sv.stride[k] = 0;
            k++;
        }
        if (s != 1) {
            ov.size[k] = sv.size[k] = s;
            ov.stride[k] = out->stride[d];
            sv.stride[k] = ss;
            k++;
        }
    }
    if (k == 0) {           /* every size 1: a single element */
        ov.size[0] = sv.size[0] = 1;
        ov.stride[0] = sv.stride[0] = 1;
        k = 1;
    }
    ov.ndim = sv.ndim = k;
    return lt_copy(&ov, &sv);
}

/* The same for more split dimensions than a view can have (> LT_MAXDIM,
** so at least 2^26 elements): contiguous src (padded to n dims) into
** contiguous out, each dimension's block written once and then doubled
** with memcpy.  ob/sb: bytes per index of each dimension. */
static void tile_copy(char *o, const char *s, int d, int n, const int64_t *ssz,
                      const int64_t *reps, const int64_t *ob, const int64_t *sb)
{
    if (d == n - 1) memcpy(o, s, (size_t)(ssz[d] * sb[d]));
    else
        for (int64_t i = 0; i < ssz[d]; i++)
            tile_copy(o + i * ob[d], s + i * sb[d], d + 1, n, ssz, reps, ob, sb);
    const size_t block = (size_t)(ssz[d] * ob[d]);
    for (int64_t done = 1; done < reps[d];) {
        int64_t len = reps[d] - done < done ? reps[d] - done : done;
        memcpy(o + (size_t)done * block, o, (size_t)len * block);
        done += len;
    }
}

static lt_status tile(lt_tensor *out, const lt_tensor *src, int n, const int64_t *reps)
{
    int nd = 0, off = n - src->ndim;
    int64_t ssz[LT_MAXDIM], ob[LT_MAXDIM], sb[LT_MAXDIM];
    for (int d = 0; d < n; d++) {
        ssz[d] = d >= off ? src->size[d - off] : 1;
        nd += (reps[d] != 1) + (ssz[d] != 1);
    }
    if (nd <= LT_MAXDIM) return tile_view(out, src, n, reps);
    lt_tensor *cs = NULL, *co = NULL;
    lt_status st = LT_OK;
    if (!lt_is_contiguous(src)) st = clone_input(&src, &cs);
    if (st == LT_OK && !lt_is_contiguous(out))
        st = lt_tensor_new_sized(out->dtype, out->ndim, out->size, &co);
    if (st == LT_OK) {
        const lt_tensor *o = co ? co : out;
        const int64_t es = (int64_t)lt_elsize(o);
        ob[n - 1] = sb[n - 1] = es;
        for (int d = n - 2; d >= 0; d--) {
            ob[d] = ob[d + 1] * o->size[d + 1];
            sb[d] = sb[d + 1] * ssz[d + 1];
        }
        tile_copy(lt_data(o), lt_data(src), 0, n, ssz, reps, ob, sb);
        if (co) st = lt_copy(out, co);
    }
    lt_tensor_release(cs);
    lt_tensor_release(co);
    return st;
}

lt_status lt_repeat(lt_tensor *out, const lt_tensor *src, int n, const int64_t *reps)
{
    lt_tensor *tmp = NULL;
    int64_t size[LT_MAXDIM];
    LT_TRY(ltI_check(src, 1));
    if (out->dtype != src->dtype)
        return ltI_err(LT_ETYPE, 0, "result tensor is a torch.%sTensor, expected a "
                       "torch.%sTensor", lt_dtypes[out->dtype].name, lt_dtypes[src->dtype].name);
    if (n < src->ndim)
        return ltI_err(LT_EARG, 2, "number of repeat dimensions (%d) can not be smaller than "
                       "the number of dimensions of the tensor (%d)", n, src->ndim);
    if (n > LT_MAXDIM)
        return ltI_err(LT_EARG, 2, "too many dimensions (%d; at most %d)", n, LT_MAXDIM);
    for (int d = 0; d < n; d++) {
        int64_t s = d >= n - src->ndim ? src->size[d - (n - src->ndim)] : 1;
        if (reps[d] < 0)
            return ltI_err(LT_EARG, 2, "repeat count %lld at dimension %d must not be negative",
                           (long long)reps[d], d + 1);
        if (ltI_mul_overflow(reps[d], s, &size[d]))
            return ltI_err(LT_EARG, 2, "size overflows");
    }
    if (ltI_same_storage(out, src) || out == src) {     /* out gets a new shape */
        LT_TRY(lt_tensor_new_sized(src->dtype, src->ndim, src->size, &tmp));
        lt_status st = lt_copy(tmp, src);
        if (st) {
            lt_tensor_release(tmp);
            ltI_set_errarg(0);
            return st;
        }
        src = tmp;
    }
    lt_status st = prepare(out, src->dtype, n, size);
    if (st == LT_OK && lt_numel(out) > 0) st = tile(out, src, n, reps);
    if (st && st != LT_ECANCEL) ltI_set_errarg(0);
    lt_tensor_release(tmp);
    return st;
}

/* ---------------------------------------------------------------- trace */
lt_status lt_trace(const lt_tensor *a, double *res, int64_t *ires)
{
    LT_TRY(want_dims(a, 2, 1, "matrix"));
    int64_t d = a->size[0] < a->size[1] ? a->size[0] : a->size[1];
    double s = 0;
    uint64_t is = 0;
    const lt_dtype_traits *tr = &lt_dtypes[a->dtype];
    for (int64_t i = 0; i < d; i++) {
        const char *p = elem(a, i * (a->stride[0] + a->stride[1]));
        if (tr->is_float) s += tr->get(p);
        else is += (uint64_t)tr->geti(p);
    }
    if (tr->is_float) {
        *res = s;
        *ires = ltI_f2i(s, INT64_MIN, INT64_MAX);
    } else {
        *ires = (int64_t)is;
        *res = (double)*ires;
    }
    return LT_OK;
}

/* ---------------------------------------------------------------- cross */
typedef struct cross_ctx {
    char *o;
    const char *a, *b;
    int64_t os, as, bs;                    /* strides along the size-3 dim */
} cross_ctx;

#define CROSS_LOOP(E, T, U, ACC, ISF)                                                \
    static void cross_##E(const cross_ctx *c, int64_t oo, int64_t ao, int64_t bo)    \
    {                                                                                \
        const T *a = (const T *)c->a + ao, *b = (const T *)c->b + bo;                \
        T *o = (T *)c->o + oo;                                                       \
        const int64_t as = c->as, bs = c->bs, os = c->os;                            \
        if (ISF) {                                                                   \
            T a0 = a[0], a1 = a[as], a2 = a[2 * as];                                 \
            T b0 = b[0], b1 = b[bs], b2 = b[2 * bs];                                 \
            o[0] = a1 * b2 - a2 * b1;                                                \
            o[os] = a2 * b0 - a0 * b2;                                               \
            o[2 * os] = a0 * b1 - a1 * b0;                                           \
        } else {                                                                     \
            uint64_t a0 = (uint64_t)a[0], a1 = (uint64_t)a[as], a2 = (uint64_t)a[2 * as]; \
            uint64_t b0 = (uint64_t)b[0], b1 = (uint64_t)b[bs], b2 = (uint64_t)b[2 * bs]; \
            o[0] = (T)(U)(a1 * b2 - a2 * b1);                                        \
            o[os] = (T)(U)(a2 * b0 - a0 * b2);                                       \
            o[2 * os] = (T)(U)(a0 * b1 - a1 * b0);                                   \
        }                                                                            \
    }
LT_FOR_ALL_DTYPES(CROSS_LOOP)
#define CROSS_ENTRY(E, T, U, ACC, ISF) cross_##E,
static void (*const cross_table[LT_NDTYPES])(const cross_ctx *, int64_t, int64_t, int64_t) = {
    LT_FOR_ALL_DTYPES(CROSS_ENTRY)
};

lt_status lt_cross(lt_tensor *out, const lt_tensor *a, const lt_tensor *b, int dim)
{
    char x[LT_SHAPE_BUF], y[LT_SHAPE_BUF];
    lt_tensor *ta = NULL, *tb = NULL;
    LT_TRY(ltI_check(a, 1));
    if (b->dtype != a->dtype)
        return ltI_err(LT_ETYPE, 2, "torch.%sTensor expected, got torch.%sTensor",
                       lt_dtypes[a->dtype].name, lt_dtypes[b->dtype].name);
    LT_TRY(ltI_check(b, 2));
    if (out->dtype != a->dtype)
        return ltI_err(LT_ETYPE, 0, "result tensor is a torch.%sTensor, expected a "
                       "torch.%sTensor", lt_dtypes[out->dtype].name, lt_dtypes[a->dtype].name);
    if (!lt_same_size(a, b))
        return ltI_err(LT_ESIZE, 2, "inconsistent tensor sizes %s and %s", ltI_shape(a, x),
                       ltI_shape(b, y));
    if (dim < 0) {                 /* Torch7: the first dimension of size 3 */
        for (int d = 0; d < a->ndim && dim < 0; d++)
            if (a->size[d] == 3) dim = d;
        if (dim < 0) return ltI_err(LT_EARG, 1, "no dimension of size 3 in %s", ltI_shape(a, x));
    }
    if (dim >= a->ndim)
        return ltI_err(LT_ERANGE, 3, "dimension %d out of range for a %dD tensor", dim + 1,
                       a->ndim);
    if (a->size[dim] != 3)
        return ltI_err(LT_EARG, 3, "dimension %d does not have size 3 (it has %lld)", dim + 1,
                       (long long)a->size[dim]);
    /* out may be a or b (each slice reads its six values before writing) but
    ** no other view of their memory */
    bool ab = ltI_same_storage(a, b) && !same_view(a, b);
    if (ltI_same_storage(out, a) && (ab || !same_view(out, a))) LT_TRY(clone_input(&a, &ta));
    if (ltI_same_storage(out, b) && (ab || !same_view(out, b))) {
        lt_status st = clone_input(&b, &tb);
        if (st) {
            lt_tensor_release(ta);
            return st;
        }
    }
    lt_status st = LT_OK;
    if (out != a && out != b) st = prepare(out, a->dtype, a->ndim, a->size);
    int64_t n = lt_numel(a) / 3, idx[LT_MAXDIM] = { 0 }, oo = 0, ao = 0, bo = 0;
    cross_ctx c = { NULL, NULL, NULL, out->stride[dim], a->stride[dim], b->stride[dim] };
    if (n > 0) {
        c.o = elem(out, 0);
        c.a = elem(a, 0);
        c.b = elem(b, 0);
    }
    for (int64_t i = 0; st == LT_OK && i < n; i++) {
        if ((i & 0xfffff) == 0xfffff && lt_cancel_requested())
            st = ltI_err(LT_ECANCEL, 0, "interrupted");
        cross_table[a->dtype](&c, oo, ao, bo);
        for (int d = a->ndim - 1; d >= 0; d--) {   /* next position, skipping dim */
            if (d == dim) continue;
            oo += out->stride[d];
            ao += a->stride[d];
            bo += b->stride[d];
            if (++idx[d] < a->size[d]) break;
            oo -= idx[d] * out->stride[d];
            ao -= idx[d] * a->stride[d];
            bo -= idx[d] * b->stride[d];
            idx[d] = 0;
        }
    }
    ltI_bump(out);
    lt_tensor_release(ta);
    lt_tensor_release(tb);
    return st;
}
