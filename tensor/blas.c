/*
** blas.c — matrix products: dot, addmv, addmm, addr, baddbmm, addbmm.
**
** Every product is out = beta*c + alpha*(m1 . m2), Torch7's convention, and
** goes through three layers:
**
**   1. the entry points check operands (dtype, dimensions, sizes) and set up
**      the result: out itself, resized to the product's shape with c copied
**      in, or a temporary when out shares memory with an operand (BLAS must
**      not write over what it reads; `x:mm(x, y)` is legal Lua);
**   2. the cores (gemm/gemv/ger) take a result already holding beta's
**      operand and choose how to run: Float and Double go to OpenBLAS, any
**      other dtype (or a shape too large for BLAS's 32-bit ints) to typed
**      loops that wrap like C unsigned arithmetic;
**   3. the BLAS calls themselves.
**
** Layout.  A matrix reaches BLAS without a copy when one of its strides is 1
** and the other is a valid leading dimension: row-major is passed as is,
** column-major as a transposed operand.  When the *result* is column-major
** the whole product is transposed (C' = B'A') so the call is still
** row-major.  Only matrices with no unit stride (or a zero stride: expand)
** are copied.
**
** Interruptibility.  A large GEMM is cut into several BLAS calls and the
** cancel flag is polled between them.  The cut is along k first: OpenBLAS
** already works through k in blocks, accumulating into C, so k-chunks cost
** nothing but the call overhead.  Only when even a short k-chunk is too long
** (m*n huge) is C cut into panels, along the larger of m and n: a row panel
** re-packs the whole of B (a column panel, A), so panels are kept at least
** LT_GEMM_PANEL wide, where the extra packing is ~1% of the work.
**
** beta == 0 means "do not read the result": BLAS's gemm (and our loops)
** guarantee that; for gemv and ger we zero the result first, because some
** OpenBLAS versions scale by 0 with a multiplication that lets NaN through.
*/
#include "lt_internal.h"
#include <limits.h>
#include <math.h>
#include <stdatomic.h>

/* CBLAS enumerations (we do not include cblas.h: OpenBLAS is dlopened) */
enum { ROWMAJOR = 101, COLMAJOR = 102 };
enum { NOTRANS = 111, TRANS = 112 };

/* Flops per BLAS call above which a product is cut (see the header). */
#define LT_GEMM_CHUNK 4.0e9
/* k-chunks are multiples of 768 = lcm(256, 384), OpenBLAS's usual k blocks,
** so a chunked product runs the same blocks as a whole one */
#define LT_GEMM_KALIGN 768
#define LT_GEMM_PANEL 2048     /* narrowest row or column panel */
/* Batched products below this many multiply-adds per matrix run in
** parallel over the batch; OpenBLAS runs each of them on one thread. */
#define LT_BATCH_SMALL 65536

/* ------------------------------------------------------------ helpers */
static atomic_int threads_synced;

/* OpenBLAS, with its thread count set from the one knob at first use. */
static const ltI_blas *get_blas(void)
{
    const ltI_blas *b = ltI_blas_get();
    if (b && !atomic_load_explicit(&threads_synced, memory_order_relaxed)) {
        atomic_store(&threads_synced, 1);
        if (b->set_num_threads) b->set_num_threads(lt_get_num_threads());
    }
    return b;
}

static bool is_zero(lt_scalar s, lt_dtype dt) { return ltI_is_float(dt) ? s.f == 0 : s.i == 0; }
static bool is_one(lt_scalar s, lt_dtype dt) { return ltI_is_float(dt) ? s.f == 1 : s.i == 1; }

static lt_status same_type(const lt_tensor *t, lt_dtype dt, int arg)
{
    if (t->dtype != dt)
        return ltI_err(LT_ETYPE, arg, "torch.%sTensor expected, got torch.%sTensor",
                       lt_dtypes[dt].name, lt_dtypes[t->dtype].name);
    return ltI_check(t, arg);
}

static lt_status want_dim(const lt_tensor *t, int nd, int arg, const char *what)
{
    if (t->ndim == nd) return LT_OK;
    if (t->ndim == 0) return ltI_err(LT_EARG, arg, "%s expected, got an empty tensor", what);
    return ltI_err(LT_EARG, arg, "%s expected, got a %dD tensor", what, t->ndim);
}

static lt_status out_type(const lt_tensor *out, lt_dtype dt)
{
    if (out->dtype != dt)
        return ltI_err(LT_ETYPE, 0, "result tensor is a torch.%sTensor, expected a torch.%sTensor",
                       lt_dtypes[out->dtype].name, lt_dtypes[dt].name);
    return LT_OK;
}

/* A view of t without dimension 0, at index i (stack views: no refcount). */
static void select0(lt_tensor *v, const lt_tensor *t, int64_t i)
{
    ltI_view_init(v, t);
    v->offset += i * t->stride[0];
    v->ndim--;
    memmove(v->size, v->size + 1, sizeof(int64_t) * (size_t)v->ndim);
    memmove(v->stride, v->stride + 1, sizeof(int64_t) * (size_t)v->ndim);
}

/* A vector as a one-column (or one-row) matrix view. */
static void as_column(lt_tensor *v, const lt_tensor *t)
{
    ltI_view_init(v, t);
    v->ndim = 2;
    v->size[1] = 1;
    v->stride[1] = 1;
}

static void as_row(lt_tensor *v, const lt_tensor *t)
{
    ltI_view_init(v, t);
    v->ndim = 2;
    v->size[0] = 1;
    v->size[1] = t->size[0];
    v->stride[0] = t->size[0] > 0 ? t->size[0] : 1;
    v->stride[1] = t->stride[0];
}

/* A new contiguous copy of t (for operands BLAS cannot read in place). */
static lt_status contiguous_copy(const lt_tensor *t, lt_tensor **out)
{
    lt_tensor *c;
    LT_TRY(lt_tensor_new_sized(t->dtype, t->ndim, t->size, &c));
    lt_status st = lt_copy(c, t);
    if (st) {
        lt_tensor_release(c);
        ltI_set_errarg(0);
        return st;
    }
    *out = c;
    return LT_OK;
}

/* C = beta*C: zeros when beta is 0 (never reading C), nothing when 1. */
static lt_status scale(lt_tensor *C, lt_scalar beta)
{
    if (lt_numel(C) == 0 || is_one(beta, C->dtype)) return LT_OK;
    if (is_zero(beta, C->dtype)) return lt_zero(C);
    return lt_map(LT_OP_MULS, C, C, beta, lt_scalar_i(0));
}

static lt_status cancelled(void) { return ltI_err(LT_ECANCEL, 0, "interrupted"); }

/* ------------------------------------------------------------- layout */
/* Can BLAS read the r x c matrix (strides s0, s1) in place?  NOTRANS:
** row-major with leading dimension *ld; TRANS: column-major.  A size-1
** dimension's stride is irrelevant, so it never prevents either. */
static bool blas_layout(int64_t r, int64_t c, int64_t s0, int64_t s1, int *trans, int64_t *ld)
{
    int64_t rr = r > 1 ? r : 1, cc = c > 1 ? c : 1;
    if ((s1 == 1 || c <= 1) && (r <= 1 || s0 >= cc)) {
        *trans = NOTRANS;
        *ld = r <= 1 ? cc : s0;
        return true;
    }
    if ((s0 == 1 || r <= 1) && (c <= 1 || s1 >= rr)) {
        *trans = TRANS;
        *ld = c <= 1 ? rr : s1;
        return true;
    }
    return false;
}

static bool tensor_layout(const lt_tensor *t, int *trans, int64_t *ld)
{
    return blas_layout(t->size[0], t->size[1], t->stride[0], t->stride[1], trans, ld);
}

/* A matrix as BLAS sees it: base pointer, shape and element strides. */
typedef struct mview { char *data; int64_t rows, cols, rs, cs; } mview;

static mview mview_of(const lt_tensor *t)
{
    mview m = { lt_data(t), t->size[0], t->size[1], t->stride[0], t->stride[1] };
    return m;
}

static mview mview_t(mview m)
{
    mview t = { m.data, m.cols, m.rows, m.cs, m.rs };
    return t;
}

static bool mview_layout(const mview *m, int *trans, int64_t *ld)
{
    return blas_layout(m->rows, m->cols, m->rs, m->cs, trans, ld);
}

static bool fits_int(int64_t v) { return v >= 0 && v <= INT_MAX; }

/* --------------------------------------------------------- typed loops */
/* C (m x n) = beta*C + alpha*A (m x k) * B (k x n) for any dtype and any
** strides of A and B; C's rows must be distinct memory.  Rows of C are
** spread over threads; each row is accumulated in a private buffer (in
** uint64 for integers, so overflow wraps as C unsigned arithmetic does
** and the result is the product modulo 2^bits, like Torch7's C loops
** without their undefined behaviour; in double for Float/Double). */
typedef struct gen_ctx {
    char *c;
    const char *a, *b;
    int64_t cs0, cs1, as0, as1, bs0, bs1;    /* element strides */
    int64_t n, k;
    lt_scalar alpha, beta;
    int beta0;
    atomic_int nomem;
} gen_ctx;

#define GEN_LOOP(E, T, U, ACCT, ISF)                                                     \
    static int gen_##E(int64_t i0, int64_t i1, void *p)                                  \
    {                                                                                    \
        gen_ctx *g = p;                                                                  \
        const int64_t n = g->n, k = g->k;                                                \
        ACCT *acc = lt_malloc(sizeof(ACCT) * (size_t)(n > 0 ? n : 1));                   \
        if (!acc) {                                                                      \
            atomic_store(&g->nomem, 1);                                                  \
            return 1;                                                                    \
        }                                                                                \
        const ACCT al = ISF ? (ACCT)g->alpha.f : (ACCT)(uint64_t)g->alpha.i;             \
        const ACCT be = ISF ? (ACCT)g->beta.f : (ACCT)(uint64_t)g->beta.i;               \
        for (int64_t i = i0; i < i1; i++) {                                              \
            for (int64_t j = 0; j < n; j++) acc[j] = 0;                                  \
            const T *ar = (const T *)g->a + i * g->as0;                                  \
            for (int64_t q = 0; q < k; q++) {                                            \
                const ACCT av = (ACCT)ar[q * g->as1];                                    \
                const T *br = (const T *)g->b + q * g->bs0;                              \
                if (g->bs1 == 1) {                                                       \
                    for (int64_t j = 0; j < n; j++) acc[j] += av * (ACCT)br[j];          \
                } else {                                                                 \
                    const int64_t s = g->bs1;                                            \
                    for (int64_t j = 0; j < n; j++) acc[j] += av * (ACCT)br[j * s];      \
                }                                                                        \
            }                                                                            \
            T *cr = (T *)g->c + i * g->cs0;                                              \
            const int64_t cs = g->cs1;                                                   \
            if (g->beta0) {                                                              \
                for (int64_t j = 0; j < n; j++) cr[j * cs] = (T)(U)(al * acc[j]);        \
            } else {                                                                     \
                for (int64_t j = 0; j < n; j++)                                          \
                    cr[j * cs] = (T)(U)(be * (ACCT)cr[j * cs] + al * acc[j]);            \
            }                                                                            \
        }                                                                                \
        lt_free(acc);                                                                    \
        return 0;                                                                        \
    }
#define GEN_ONE(E, T, U, ACC, ISF) GEN_LOOP(E, T, U, GEN_ACCT_##ISF, ISF)
#define GEN_ACCT_0 uint64_t
#define GEN_ACCT_1 double
LT_FOR_ALL_DTYPES(GEN_ONE)
#define GEN_ENTRY(E, T, U, ACC, ISF) gen_##E,
static const ltI_range_fn gen_table[LT_NDTYPES] = { LT_FOR_ALL_DTYPES(GEN_ENTRY) };

static lt_status gemm_loops(const lt_tensor *C, lt_scalar beta, lt_scalar alpha,
                            const lt_tensor *A, const lt_tensor *B)
{
    gen_ctx g = {
        .c = lt_data(C), .a = lt_data(A), .b = lt_data(B),
        .cs0 = C->stride[0], .cs1 = C->stride[1], .as0 = A->stride[0], .as1 = A->stride[1],
        .bs0 = B->stride[0], .bs1 = B->stride[1], .n = C->size[1], .k = A->size[1],
        .alpha = alpha, .beta = beta, .beta0 = is_zero(beta, C->dtype)
    };
    int64_t work = g.n * (g.k > 0 ? g.k : 1);
    int64_t grain = work >= LT_GRAIN ? 1 : LT_GRAIN / (work > 0 ? work : 1);
    lt_status st = ltI_parallel_for(C->size[0], grain, gen_table[C->dtype], &g);
    if (atomic_load(&g.nomem)) return ltI_err(LT_ENOMEM, 0, "not enough memory");
    return st;
}

/* ---------------------------------------------------------------- gemm */
static void call_gemm(const ltI_blas *bl, lt_dtype dt, int ta, int tb, int64_t m, int64_t n,
                      int64_t k, lt_scalar alpha, const void *a, int64_t lda, const void *b,
                      int64_t ldb, lt_scalar beta, void *c, int64_t ldc)
{
    if (dt == LT_FLOAT)
        bl->sgemm(ROWMAJOR, ta, tb, (int)m, (int)n, (int)k, (float)alpha.f, a, (int)lda, b,
                  (int)ldb, (float)beta.f, c, (int)ldc);
    else
        bl->dgemm(ROWMAJOR, ta, tb, (int)m, (int)n, (int)k, alpha.f, a, (int)lda, b, (int)ldb,
                  beta.f, c, (int)ldc);
}

static int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }
static int64_t round_up(int64_t a, int64_t m) { return ceil_div(a, m) * m; }

/* C = beta*C + alpha*A*B through BLAS; C has a BLAS layout.  Returns
** LT_EARG with *fallback set when the shape does not fit BLAS's ints. */
static lt_status gemm_blas(lt_tensor *C, lt_scalar beta, lt_scalar alpha, const lt_tensor *A,
                           const lt_tensor *B, bool *fallback)
{
    const ltI_blas *bl = get_blas();
    lt_tensor *ta = NULL, *tb = NULL;
    lt_status st = LT_OK;
    int t = NOTRANS;
    int64_t ld = 0;
    *fallback = false;
    if (!bl) return LT_EARG;
    if (!tensor_layout(A, &t, &ld)) LT_TRY(contiguous_copy(A, &ta));
    if (!tensor_layout(B, &t, &ld)) {
        st = contiguous_copy(B, &tb);
        if (st) {
            lt_tensor_release(ta);
            return st;
        }
    }
    mview c = mview_of(C), a = mview_of(ta ? ta : A), b = mview_of(tb ? tb : B);
    int ct = NOTRANS, at = NOTRANS, bt = NOTRANS;
    int64_t ldc = 0, lda = 0, ldb = 0;
    mview_layout(&c, &ct, &ldc);
    if (ct == TRANS) {            /* C column-major: compute C' = B'A' row-major */
        mview x = mview_t(a);
        a = mview_t(b);
        b = x;
        c = mview_t(c);
        mview_layout(&c, &ct, &ldc);
    }
    mview_layout(&a, &at, &lda);
    mview_layout(&b, &bt, &ldb);
    const int64_t m = c.rows, n = c.cols, k = a.cols;
    const size_t es = lt_elsize(C);
    if (!fits_int(lda) || !fits_int(ldb) || !fits_int(ldc)) {
        *fallback = true;
        st = LT_EARG;
        goto done;
    }
    /* chunking: k first, then panels of the larger of m and n (see the header) */
    int64_t kc = k, mc = m, nc = n;
    double work = 2.0 * (double)m * (double)n * (double)k;
    if (work > LT_GEMM_CHUNK) {
        int64_t nk = (int64_t)ceil(work / LT_GEMM_CHUNK);
        kc = round_up(ceil_div(k, nk), LT_GEMM_KALIGN);
        if (kc > k) kc = k;
        double w = 2.0 * (double)m * (double)n * (double)kc;
        if (w > 2 * LT_GEMM_CHUNK) {
            int64_t np = (int64_t)ceil(w / LT_GEMM_CHUNK), big = m >= n ? m : n;
            int64_t pc = round_up(ceil_div(big, np), 64);
            if (pc < LT_GEMM_PANEL) pc = LT_GEMM_PANEL;
            if (m >= n) mc = pc < m ? pc : m;
            else nc = pc < n ? pc : n;
        }
    }
    if (mc > INT_MAX / 2) mc = INT_MAX / 2;
    if (nc > INT_MAX / 2) nc = INT_MAX / 2;
    if (kc > INT_MAX / 2) kc = INT_MAX / 2;
    const bool split = mc < m || nc < n || kc < k;
    for (int64_t i0 = 0; i0 < m; i0 += mc) {
        int64_t mm = m - i0 < mc ? m - i0 : mc;
        for (int64_t j0 = 0; j0 < n; j0 += nc) {
            int64_t nn = n - j0 < nc ? n - j0 : nc;
            for (int64_t p0 = 0; p0 < k; p0 += kc) {
                int64_t kk = k - p0 < kc ? k - p0 : kc;
                if (split && lt_cancel_requested()) {
                    st = cancelled();
                    goto done;
                }
                call_gemm(bl, C->dtype, at, bt, mm, nn, kk, alpha,
                          a.data + (size_t)(i0 * a.rs + p0 * a.cs) * es, lda,
                          b.data + (size_t)(p0 * b.rs + j0 * b.cs) * es, ldb,
                          p0 == 0 ? beta : lt_scalar_i(1),
                          c.data + (size_t)(i0 * c.rs + j0 * c.cs) * es, ldc);
            }
        }
    }
done:
    lt_tensor_release(ta);
    lt_tensor_release(tb);
    return st;
}

/* C (m x n) = beta*C + alpha*A (m x k) * B (k x n).  C holds beta's operand
** and must not share memory with A or B; any strides. */
static lt_status gemm(lt_tensor *C, lt_scalar beta, lt_scalar alpha, const lt_tensor *A,
                      const lt_tensor *B)
{
    int t = NOTRANS;
    int64_t ld = 0;
    if (C->size[0] == 0 || C->size[1] == 0) return LT_OK;
    if (A->size[1] == 0 || is_zero(alpha, C->dtype)) return scale(C, beta);
    if (!tensor_layout(C, &t, &ld)) {
        /* a result BLAS cannot write (no unit stride, or expanded) */
        lt_tensor *tc;
        LT_TRY(lt_tensor_new_sized(C->dtype, 2, C->size, &tc));
        lt_status st = is_zero(beta, C->dtype) ? LT_OK : lt_copy(tc, C);
        if (st == LT_OK) st = gemm(tc, beta, alpha, A, B);
        if (st == LT_OK) st = lt_copy(C, tc);
        lt_tensor_release(tc);
        return st;
    }
    if (ltI_is_float(C->dtype)) {
        bool fallback;
        lt_status st = gemm_blas(C, beta, alpha, A, B, &fallback);
        if (!fallback) return st;
    }
    return gemm_loops(C, beta, alpha, A, B);
}

/* ---------------------------------------------------------------- gemv */
/* y (m) = beta*y + alpha*A (m x k) * x (k); y holds beta's operand. */
static lt_status gemv(lt_tensor *y, lt_scalar beta, lt_scalar alpha, const lt_tensor *A,
                      const lt_tensor *x)
{
    const int64_t m = A->size[0], k = A->size[1];
    const lt_dtype dt = y->dtype;
    if (m == 0) return LT_OK;
    if (k == 0 || is_zero(alpha, dt)) return scale(y, beta);
    if (m > 1 && y->stride[0] == 0) {      /* expanded result: work in a copy */
        lt_tensor *ty;
        LT_TRY(lt_tensor_new_sized(dt, 1, y->size, &ty));
        lt_status st = is_zero(beta, dt) ? LT_OK : lt_copy(ty, y);
        if (st == LT_OK) st = gemv(ty, beta, alpha, A, x);
        if (st == LT_OK) st = lt_copy(y, ty);
        lt_tensor_release(ty);
        return st;
    }
    lt_tensor yc, xc;
    as_column(&yc, y);
    as_column(&xc, x);
    if (!ltI_is_float(dt)) return gemm_loops(&yc, beta, alpha, A, &xc);
    const ltI_blas *bl = get_blas();
    if (!bl) return LT_EARG;
    lt_tensor *ta = NULL, *tx = NULL;
    lt_status st = LT_OK;
    int t = NOTRANS;
    int64_t lda = 0;
    if (!tensor_layout(A, &t, &lda)) LT_TRY(contiguous_copy(A, &ta));
    if (k > 1 && x->stride[0] == 0) {
        st = contiguous_copy(x, &tx);
        if (st) goto done;
    }
    const lt_tensor *a = ta ? ta : A, *xv = tx ? tx : x;
    tensor_layout(a, &t, &lda);
    int64_t incx = k > 1 ? xv->stride[0] : 1, incy = m > 1 ? y->stride[0] : 1;
    if (!fits_int(k) || !fits_int(lda) || !fits_int(incx) || !fits_int(incy)) {
        st = gemm_loops(&yc, beta, alpha, a, &xc);
        goto done;
    }
    if (is_zero(beta, dt)) {               /* never let NaN in y through 0*y */
        st = lt_zero(y);
        if (st) goto done;
    }
    /* row panels, so long products can be interrupted */
    int64_t mc = (int64_t)(LT_GEMM_CHUNK / (2.0 * (double)k)) + 1;
    if (mc > INT_MAX / 2) mc = INT_MAX / 2;
    const size_t es = lt_elsize(y);
    const int order = t == NOTRANS ? ROWMAJOR : COLMAJOR;
    const int64_t ars = a->size[0] > 1 ? a->stride[0] : 0;
    for (int64_t i0 = 0; i0 < m; i0 += mc) {
        int64_t mm = m - i0 < mc ? m - i0 : mc;
        if (mc < m && lt_cancel_requested()) {
            st = cancelled();
            goto done;
        }
        const char *ap = (const char *)lt_data(a) + (size_t)(i0 * ars) * es;
        char *yp = (char *)lt_data(y) + (size_t)(i0 * incy) * es;
        if (dt == LT_FLOAT)
            bl->sgemv(order, NOTRANS, (int)mm, (int)k, (float)alpha.f, (const float *)ap,
                      (int)lda, lt_data(xv), (int)incx, (float)beta.f, (float *)yp, (int)incy);
        else
            bl->dgemv(order, NOTRANS, (int)mm, (int)k, alpha.f, (const double *)ap, (int)lda,
                      lt_data(xv), (int)incx, beta.f, (double *)yp, (int)incy);
    }
done:
    lt_tensor_release(ta);
    lt_tensor_release(tx);
    return st;
}

/* ----------------------------------------------------------------- ger */
/* C (m x n) = beta*C + alpha*x (m) y (n)'; C holds beta's operand. */
static lt_status ger(lt_tensor *C, lt_scalar beta, lt_scalar alpha, const lt_tensor *x,
                     const lt_tensor *y)
{
    const int64_t m = C->size[0], n = C->size[1];
    const lt_dtype dt = C->dtype;
    int t = NOTRANS;
    int64_t ldc = 0;
    if (m == 0 || n == 0) return LT_OK;
    lt_tensor xa, yb;
    as_column(&xa, x);
    as_row(&yb, y);
    if (!ltI_is_float(dt) || !tensor_layout(C, &t, &ldc)) return gemm(C, beta, alpha, &xa, &yb);
    const ltI_blas *bl = get_blas();
    if (!bl) return LT_EARG;
    int64_t incx = m > 1 ? x->stride[0] : 1, incy = n > 1 ? y->stride[0] : 1;
    if (incx == 0 || incy == 0 || !fits_int(m) || !fits_int(n) || !fits_int(ldc) ||
        !fits_int(incx) || !fits_int(incy))
        return gemm(C, beta, alpha, &xa, &yb);
    LT_TRY(scale(C, beta));
    if (is_zero(alpha, dt)) return LT_OK;
    int64_t mc = (int64_t)(LT_GEMM_CHUNK / (2.0 * (double)n)) + 1;
    const size_t es = lt_elsize(C);
    const int order = t == NOTRANS ? ROWMAJOR : COLMAJOR;
    for (int64_t i0 = 0; i0 < m; i0 += mc) {
        int64_t mm = m - i0 < mc ? m - i0 : mc;
        if (mc < m && lt_cancel_requested()) return cancelled();
        const char *xp = (const char *)lt_data(x) + (size_t)(i0 * incx) * es;
        char *cp = (char *)lt_data(C) + (size_t)(i0 * (m > 1 ? C->stride[0] : 0)) * es;
        if (dt == LT_FLOAT)
            bl->sger(order, (int)mm, (int)n, (float)alpha.f, (const float *)xp, (int)incx,
                     lt_data(y), (int)incy, (float *)cp, (int)ldc);
        else
            bl->dger(order, (int)mm, (int)n, alpha.f, (const double *)xp, (int)incx,
                     lt_data(y), (int)incy, (double *)cp, (int)ldc);
    }
    return LT_OK;
}

/* --------------------------------------------------------- the result */
/* Where a product is computed: out itself (resized, holding c when beta
** is not 0), or a temporary when out shares memory with an operand of the
** product or partially overlaps c; result_end copies it to out. */
typedef struct result { lt_tensor *r, *out, *tmp; int nd; int64_t size[3]; } result;

static lt_status result_begin(result *R, lt_tensor *out, lt_scalar beta, const lt_tensor *c,
                              lt_dtype dt, int nd, const int64_t *size, const lt_tensor *m1,
                              const lt_tensor *m2)
{
    lt_status st;
    bool beta0 = !c || is_zero(beta, dt);
    bool alias = ltI_same_storage(out, m1) || ltI_same_storage(out, m2) ||
                 (c && out != c && ltI_same_storage(out, c) &&
                  (!lt_same_size(out, c) || ltI_may_overlap(out, c)));
    R->out = out;
    R->tmp = NULL;
    R->nd = nd;
    memcpy(R->size, size, sizeof(int64_t) * (size_t)nd);
    LT_TRY(out_type(out, dt));
    if (alias) {
        LT_TRY(lt_tensor_new_sized(dt, nd, size, &R->tmp));
        R->r = R->tmp;
        st = beta0 ? LT_OK : lt_copy(R->tmp, c);
    } else {
        R->r = out;
        st = out == c ? LT_OK : ltI_prepare_out(out, dt, nd, size);
        if (st == LT_OK && out != c && !beta0) st = lt_copy(out, c);
    }
    if (st) {
        ltI_set_errarg(0);
        lt_tensor_release(R->tmp);
        R->tmp = NULL;
    }
    ltI_bump(out);
    return st;
}

static lt_status result_end(result *R, lt_status st)
{
    if (R->tmp) {
        if (st == LT_OK) st = ltI_prepare_out(R->out, R->tmp->dtype, R->nd, R->size);
        if (st == LT_OK) st = lt_copy(R->out, R->tmp);
        if (st && st != LT_ECANCEL) ltI_set_errarg(0);
        lt_tensor_release(R->tmp);
    }
    return st;
}

/* Check operand (arg 1..3) against the first product operand's dtype. */
static lt_status check_operands(const lt_tensor *m1, const lt_tensor *m2, const lt_tensor *c)
{
    LT_TRY(ltI_check(m1, 1));
    LT_TRY(same_type(m2, m1->dtype, 2));
    if (c) LT_TRY(same_type(c, m1->dtype, 3));
    return LT_OK;
}

static lt_status check_c(const lt_tensor *c, int nd, const int64_t *size, const lt_tensor *m1,
                         const lt_tensor *m2)
{
    char a[LT_SHAPE_BUF], b[LT_SHAPE_BUF], x[LT_SHAPE_BUF], y[LT_SHAPE_BUF];
    if (!c) return LT_OK;
    if (c->ndim == nd && memcmp(c->size, size, sizeof(int64_t) * (size_t)nd) == 0)
        return LT_OK;
    ltI_shape_of(nd, size, y, sizeof y);
    return ltI_err(LT_ESIZE, 3, "size mismatch: the product of %s and %s is %s, the added "
                   "tensor is %s", ltI_shape(m1, a), ltI_shape(m2, b), y, ltI_shape(c, x));
}

static lt_status mismatch(const lt_tensor *m1, const lt_tensor *m2)
{
    char a[LT_SHAPE_BUF], b[LT_SHAPE_BUF];
    return ltI_err(LT_ESIZE, 2, "size mismatch: %s and %s", ltI_shape(m1, a), ltI_shape(m2, b));
}

/* ------------------------------------------------------------- entries */
lt_status lt_addmm(lt_tensor *out, lt_scalar beta, const lt_tensor *c, lt_scalar alpha,
                   const lt_tensor *m1, const lt_tensor *m2)
{
    result R;
    LT_TRY(want_dim(m1, 2, 1, "matrix"));
    LT_TRY(want_dim(m2, 2, 2, "matrix"));
    LT_TRY(check_operands(m1, m2, c));
    if (m1->size[1] != m2->size[0]) return mismatch(m1, m2);
    int64_t size[2] = { m1->size[0], m2->size[1] };
    LT_TRY(check_c(c, 2, size, m1, m2));
    if (!c) beta = lt_scalar_i(0);
    LT_TRY(result_begin(&R, out, beta, c, m1->dtype, 2, size, m1, m2));
    return result_end(&R, gemm(R.r, beta, alpha, m1, m2));
}

lt_status lt_addmv(lt_tensor *out, lt_scalar beta, const lt_tensor *c, lt_scalar alpha,
                   const lt_tensor *mat, const lt_tensor *vec)
{
    result R;
    LT_TRY(want_dim(mat, 2, 1, "matrix"));
    LT_TRY(want_dim(vec, 1, 2, "vector"));
    LT_TRY(check_operands(mat, vec, c));
    if (mat->size[1] != vec->size[0]) return mismatch(mat, vec);
    int64_t size[1] = { mat->size[0] };
    LT_TRY(check_c(c, 1, size, mat, vec));
    if (!c) beta = lt_scalar_i(0);
    LT_TRY(result_begin(&R, out, beta, c, mat->dtype, 1, size, mat, vec));
    return result_end(&R, gemv(R.r, beta, alpha, mat, vec));
}

lt_status lt_addr(lt_tensor *out, lt_scalar beta, const lt_tensor *c, lt_scalar alpha,
                  const lt_tensor *v1, const lt_tensor *v2)
{
    result R;
    LT_TRY(want_dim(v1, 1, 1, "vector"));
    LT_TRY(want_dim(v2, 1, 2, "vector"));
    LT_TRY(check_operands(v1, v2, c));
    int64_t size[2] = { v1->size[0], v2->size[0] };
    LT_TRY(check_c(c, 2, size, v1, v2));
    if (!c) beta = lt_scalar_i(0);
    LT_TRY(result_begin(&R, out, beta, c, v1->dtype, 2, size, v1, v2));
    return result_end(&R, ger(R.r, beta, alpha, v1, v2));
}

static lt_status check_batches(const lt_tensor *b1, const lt_tensor *b2)
{
    char a[LT_SHAPE_BUF], b[LT_SHAPE_BUF];
    LT_TRY(want_dim(b1, 3, 1, "3D tensor"));
    LT_TRY(want_dim(b2, 3, 2, "3D tensor"));
    if (b1->size[0] != b2->size[0])
        return ltI_err(LT_ESIZE, 2, "size mismatch: %s and %s have different numbers of "
                       "batches", ltI_shape(b1, a), ltI_shape(b2, b));
    if (b1->size[2] != b2->size[1])
        return ltI_err(LT_ESIZE, 2, "size mismatch: %s and %s (batches of %lldx%lld and "
                       "%lldx%lld matrices)", ltI_shape(b1, a), ltI_shape(b2, b),
                       (long long)b1->size[1], (long long)b1->size[2],
                       (long long)b2->size[1], (long long)b2->size[2]);
    return LT_OK;
}

/* Small products of a batch, in parallel: each BLAS call stays on the
** calling thread (below OpenBLAS's threading threshold). */
typedef struct batch_ctx {
    const ltI_blas *bl;
    lt_dtype dt;
    mview c, a, b;            /* matrix 0 of each; batch strides below */
    int64_t cst, ast, bst;
    int at, bt;
    int64_t lda, ldb, ldc;
    lt_scalar alpha, beta;
} batch_ctx;

static int batch_range(int64_t b0, int64_t b1, void *p)
{
    const batch_ctx *x = p;
    size_t es = lt_dtypes[x->dt].size;
    for (int64_t i = b0; i < b1; i++)
        call_gemm(x->bl, x->dt, x->at, x->bt, x->c.rows, x->c.cols, x->a.cols, x->alpha,
                  x->a.data + (size_t)(i * x->ast) * es, x->lda,
                  x->b.data + (size_t)(i * x->bst) * es, x->ldb, x->beta,
                  x->c.data + (size_t)(i * x->cst) * es, x->ldc);
    return 0;
}

/* Try the parallel path; *done says whether it applied. */
static lt_status small_batches(lt_tensor *R, lt_scalar beta, lt_scalar alpha,
                               const lt_tensor *b1, const lt_tensor *b2, bool *done)
{
    int64_t nb = b1->size[0], m = b1->size[1], k = b1->size[2], n = b2->size[2];
    lt_tensor c0, a0, bb0;
    batch_ctx x;
    int ct = NOTRANS;
    *done = false;
    if (!ltI_is_float(R->dtype) || nb < 2 || m == 0 || n == 0 || k == 0 ||
        (double)m * n * k > LT_BATCH_SMALL || lt_get_num_threads() < 2)
        return LT_OK;
    select0(&c0, R, 0);
    select0(&a0, b1, 0);
    select0(&bb0, b2, 0);
    x.c = mview_of(&c0);
    x.a = mview_of(&a0);
    x.b = mview_of(&bb0);
    if (!mview_layout(&x.c, &ct, &x.ldc)) return LT_OK;
    if (ct == TRANS) {
        mview t = mview_t(x.a);
        x.a = mview_t(x.b);
        x.b = t;
        x.c = mview_t(x.c);
        mview_layout(&x.c, &ct, &x.ldc);
    }
    if (!mview_layout(&x.a, &x.at, &x.lda) || !mview_layout(&x.b, &x.bt, &x.ldb) ||
        !fits_int(x.lda) || !fits_int(x.ldb) || !fits_int(x.ldc))
        return LT_OK;
    /* distinct result matrices: batch stride covers a whole matrix */
    if (R->stride[0] < x.c.rs * (x.c.rows - 1) + x.c.cols) return LT_OK;
    x.bl = get_blas();
    if (!x.bl) return LT_EARG;
    x.dt = R->dtype;
    x.cst = R->stride[0];
    x.ast = ct == TRANS ? b2->stride[0] : b1->stride[0];
    x.bst = ct == TRANS ? b1->stride[0] : b2->stride[0];
    x.alpha = alpha;
    x.beta = beta;
    *done = true;
    return ltI_parallel_for(nb, 1, batch_range, &x);
}

lt_status lt_baddbmm(lt_tensor *out, lt_scalar beta, const lt_tensor *c, lt_scalar alpha,
                     const lt_tensor *b1, const lt_tensor *b2)
{
    result R;
    LT_TRY(check_batches(b1, b2));
    LT_TRY(check_operands(b1, b2, c));
    int64_t size[3] = { b1->size[0], b1->size[1], b2->size[2] };
    LT_TRY(check_c(c, 3, size, b1, b2));
    if (!c) beta = lt_scalar_i(0);
    LT_TRY(result_begin(&R, out, beta, c, b1->dtype, 3, size, b1, b2));
    bool done;
    lt_status st = small_batches(R.r, beta, alpha, b1, b2, &done);
    for (int64_t i = 0; !done && st == LT_OK && i < size[0]; i++) {
        lt_tensor rv, av, bv;
        if (lt_cancel_requested()) {
            st = cancelled();
            break;
        }
        select0(&rv, R.r, i);
        select0(&av, b1, i);
        select0(&bv, b2, i);
        st = gemm(&rv, beta, alpha, &av, &bv);
    }
    return result_end(&R, st);
}

lt_status lt_addbmm(lt_tensor *out, lt_scalar beta, const lt_tensor *c, lt_scalar alpha,
                    const lt_tensor *b1, const lt_tensor *b2)
{
    result R;
    LT_TRY(check_batches(b1, b2));
    LT_TRY(check_operands(b1, b2, c));
    int64_t size[2] = { b1->size[1], b2->size[2] };
    LT_TRY(check_c(c, 2, size, b1, b2));
    if (!c) beta = lt_scalar_i(0);
    LT_TRY(result_begin(&R, out, beta, c, b1->dtype, 2, size, b1, b2));
    lt_status st = LT_OK;
    if (b1->size[0] == 0) st = scale(R.r, beta);
    for (int64_t i = 0; st == LT_OK && i < b1->size[0]; i++) {
        lt_tensor av, bv;
        if (lt_cancel_requested()) {
            st = cancelled();
            break;
        }
        select0(&av, b1, i);
        select0(&bv, b2, i);
        st = gemm(R.r, i == 0 ? beta : lt_scalar_i(1), alpha, &av, &bv);
    }
    return result_end(&R, st);
}

/* ----------------------------------------------------------------- dot */
/* Can t be walked in row-major order with one stride?  (*stride) */
static bool flat_stride(const lt_tensor *t, int64_t n, int64_t *stride)
{
    lt_tensor v;
    ltI_view_init(&v, t);
    if (lt_view(&v, t, 1, &n) != LT_OK) return false;
    *stride = n > 1 ? v.stride[0] : 1;
    return true;
}

/* Typed dot loops: integers accumulate in uint64 (wrapping, as Torch7's
** long accumulator without its overflow UB), floats in double when BLAS
** cannot take the strides. */
#define DOT_0(E, T)                                                                  \
    static void dot_##E(const void *a, int64_t sa, const void *b, int64_t sb,        \
                        int64_t n, double *fs, uint64_t *is)                         \
    {                                                                                \
        const T *x = a, *y = b;                                                      \
        uint64_t s = 0;                                                              \
        (void)fs;                                                                    \
        if (sa == 1 && sb == 1)                                                      \
            for (int64_t i = 0; i < n; i++) s += (uint64_t)x[i] * (uint64_t)y[i];    \
        else                                                                         \
            for (int64_t i = 0; i < n; i++)                                          \
                s += (uint64_t)x[i * sa] * (uint64_t)y[i * sb];                      \
        *is += s;                                                                    \
    }
#define DOT_1(E, T)                                                                  \
    static void dot_##E(const void *a, int64_t sa, const void *b, int64_t sb,        \
                        int64_t n, double *fs, uint64_t *is)                         \
    {                                                                                \
        const T *x = a, *y = b;                                                      \
        double s = 0;                                                                \
        (void)is;                                                                    \
        for (int64_t i = 0; i < n; i++) s += (double)x[i * sa] * (double)y[i * sb];  \
        *fs += s;                                                                    \
    }
#define DOT_ONE(E, T, U, ACC, ISF) DOT_##ISF(E, T)
LT_FOR_ALL_DTYPES(DOT_ONE)
#define DOT_ENTRY(E, T, U, ACC, ISF) dot_##E,
static void (*const dot_table[LT_NDTYPES])(const void *, int64_t, const void *, int64_t, int64_t,
                                           double *, uint64_t *) = {
    LT_FOR_ALL_DTYPES(DOT_ENTRY)
};

lt_status lt_dot(const lt_tensor *a, const lt_tensor *b, double *res, int64_t *ires)
{
    char x[LT_SHAPE_BUF], y[LT_SHAPE_BUF];
    LT_TRY(ltI_check(a, 1));
    LT_TRY(same_type(b, a->dtype, 2));
    int64_t n = lt_numel(a);
    *res = 0;
    *ires = 0;
    if (lt_numel(b) != n)
        return ltI_err(LT_ESIZE, 2, "size mismatch: %s and %s (%lld and %lld elements)",
                       ltI_shape(a, x), ltI_shape(b, y), (long long)n, (long long)lt_numel(b));
    if (n == 0) return LT_OK;
    /* Torch7: any shapes with equal element counts, in row-major order */
    lt_tensor *ta = NULL, *tb = NULL;
    int64_t sa, sb;
    lt_status st = LT_OK;
    if (!flat_stride(a, n, &sa)) {
        LT_TRY(contiguous_copy(a, &ta));
        sa = 1;
    }
    if (!flat_stride(b, n, &sb)) {
        st = contiguous_copy(b, &tb);
        sb = 1;
        if (st) goto done;
    }
    const char *pa = lt_data(ta ? ta : a), *pb = lt_data(tb ? tb : b);
    const size_t es = lt_elsize(a);
    const lt_dtype dt = a->dtype;
    const ltI_blas *bl = NULL;
    if (ltI_is_float(dt) && sa > 0 && sb > 0 && fits_int(sa) && fits_int(sb)) {
        bl = get_blas();
        if (!bl) {
            st = LT_EARG;   /* OpenBLAS failed to load: its message is set */
            goto done;
        }
    }
    double fs = 0;
    uint64_t is = 0;
    const int64_t chunk = 1 << 26;          /* elements between cancel polls */
    for (int64_t i = 0; i < n; i += chunk) {
        int64_t len = n - i < chunk ? n - i : chunk;
        const char *xa = pa + (size_t)(i * sa) * es, *xb = pb + (size_t)(i * sb) * es;
        if (i > 0 && lt_cancel_requested()) {
            st = cancelled();
            goto done;
        }
        if (bl && dt == LT_FLOAT)
            fs += bl->sdot((int)len, (const float *)xa, (int)sa, (const float *)xb, (int)sb);
        else if (bl)
            fs += bl->ddot((int)len, (const double *)xa, (int)sa, (const double *)xb, (int)sb);
        else
            dot_table[dt](xa, sa, xb, sb, len, &fs, &is);
    }
    if (ltI_is_float(dt)) {
        *res = fs;
        *ires = ltI_f2i(fs, INT64_MIN, INT64_MAX);
    } else {
        *ires = (int64_t)is;
        *res = (double)*ires;
    }
done:
    lt_tensor_release(ta);
    lt_tensor_release(tb);
    return st;
}
