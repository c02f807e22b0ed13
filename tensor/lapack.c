/*
** lapack.c — gesv, trtrs, gels, symeig, eig, svd, inverse, potrf, potrs,
** potri, pstrf, qr, geqrf, orgqr, ormqr, det and slogdet on LAPACK.
**
** LAPACK comes from the OpenBLAS that blasload.c opens: its routines are
** looked up by name in the same handle ("dgesv_", "sgesv_"), once, into a
** table indexed by dtype.  They have the Fortran ABI: column-major
** matrices, every argument by pointer, and (gfortran) one hidden length per
** character argument, passed as size_t after all the others.  Debian's
** OpenBLAS uses 32-bit integers (LP64), so every size is checked to fit an
** int before a call.
**
** Data flow of every function: (1) check the operands (dtype, dimensions,
** sizes) before anything is allocated or written; (2) copy each input into
** a column-major *work matrix* with lt_copy, which reads any strides; (3)
** run LAPACK on the work matrices; (4) decode `info`; (5) deliver.  A work
** matrix that becomes a result is the result tensor itself whenever the
** result shares no storage with an input or with another result (then
** nothing is copied twice); otherwise it is a temporary copied into the
** result at the end.  So inputs are never modified, results may alias
** inputs, and a failed call leaves the inputs intact.
**
** Workspace sizes come from LAPACK's own query (lwork = -1).  LAPACK does
** not poll our cancel flag: a request is honoured before the call starts;
** one factorisation of a 4000x4000 matrix takes about a second.
**
** Backward rules (autograd, not here yet) need only these forward ops,
** mm and elementwise math:
**   inverse: dA = -Y^T G Y^T with Y = A^-1 (the forward result);
**   gesv:    dB = A^-T G (gesv with A^T, or potrs/trtrs forms), dA = -dB X^T;
**   potrf:   with L = chol(A): Phi(L^T G) (lower triangle, halved diagonal),
**            then two triangular solves (trtrs) and symmetrisation;
**   symeig:  V (diag(dE) + F o (V^T dV)) V^T, F_ij = 1/(e_j - e_i), i != j
**            (needs distinct eigenvalues), symmetrised;
**   svd:     for the singular values only, dA = U diag(dS) V^T;
**   det:     dA = dDet * det * A^-T (inverse), logdet: A^-T.
*/
#include "lapack.h"
#include "lt_internal.h"
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

/* ------------------------------------------------------------ LAPACK ABI */
/* Real arrays are void *: one prototype serves the s and d routines. */
typedef void (*getrf_t)(const int *m, const int *n, void *a, const int *lda, int *ipiv, int *info);
typedef void (*getri_t)(const int *n, void *a, const int *lda, const int *ipiv, void *work,
                        const int *lwork, int *info);
typedef void (*gesv_t)(const int *n, const int *nrhs, void *a, const int *lda, int *ipiv,
                       void *b, const int *ldb, int *info);
typedef void (*trtrs_t)(const char *uplo, const char *trans, const char *diag, const int *n,
                        const int *nrhs, const void *a, const int *lda, void *b, const int *ldb,
                        int *info, size_t, size_t, size_t);
typedef void (*gels_t)(const char *trans, const int *m, const int *n, const int *nrhs, void *a,
                       const int *lda, void *b, const int *ldb, void *work, const int *lwork,
                       int *info, size_t);
typedef void (*syevd_t)(const char *jobz, const char *uplo, const int *n, void *a, const int *lda,
                        void *w, void *work, const int *lwork, int *iwork, const int *liwork,
                        int *info, size_t, size_t);
typedef void (*geev_t)(const char *jobvl, const char *jobvr, const int *n, void *a,
                       const int *lda, void *wr, void *wi, void *vl, const int *ldvl, void *vr,
                       const int *ldvr, void *work, const int *lwork, int *info, size_t, size_t);
typedef void (*gesdd_t)(const char *jobz, const int *m, const int *n, void *a, const int *lda,
                        void *s, void *u, const int *ldu, void *vt, const int *ldvt, void *work,
                        const int *lwork, int *iwork, int *info, size_t);
typedef void (*potrf_t)(const char *uplo, const int *n, void *a, const int *lda, int *info,
                        size_t);
typedef void (*potrs_t)(const char *uplo, const int *n, const int *nrhs, const void *a,
                        const int *lda, void *b, const int *ldb, int *info, size_t);
typedef void (*potri_t)(const char *uplo, const int *n, void *a, const int *lda, int *info,
                        size_t);
typedef void (*pstrf_t)(const char *uplo, const int *n, void *a, const int *lda, int *piv,
                        int *rank, const void *tol, void *work, int *info, size_t);
typedef void (*geqrf_t)(const int *m, const int *n, void *a, const int *lda, void *tau,
                        void *work, const int *lwork, int *info);
typedef void (*orgqr_t)(const int *m, const int *n, const int *k, void *a, const int *lda,
                        const void *tau, void *work, const int *lwork, int *info);
typedef void (*ormqr_t)(const char *side, const char *trans, const int *m, const int *n,
                        const int *k, const void *a, const int *lda, const void *tau, void *c,
                        const int *ldc, void *work, const int *lwork, int *info, size_t, size_t);

enum { F_GETRF, F_GETRI, F_GESV, F_TRTRS, F_GELS, F_SYEVD, F_GEEV, F_GESDD, F_POTRF, F_POTRS,
       F_POTRI, F_PSTRF, F_GEQRF, F_ORGQR, F_ORMQR, F_COUNT };
static const char *const fnames[F_COUNT] = {
    "getrf_", "getri_", "gesv_", "trtrs_", "gels_", "syevd_", "geev_", "gesdd_", "potrf_",
    "potrs_", "potri_", "pstrf_", "geqrf_", "orgqr_", "ormqr_"
};
static void *fns[2][F_COUNT];     /* [0] single, [1] double precision */
static pthread_once_t resolve_once = PTHREAD_ONCE_INIT;

static void resolve(void)
{
    const ltI_blas *b = ltI_blas_get();
    if (!b) return;
    /* the thread knob reaches OpenBLAS even if no BLAS product ran yet */
    if (b->set_num_threads) b->set_num_threads(lt_get_num_threads());
    for (int p = 0; p < 2; p++)
        for (int f = 0; f < F_COUNT; f++) {
            char name[32];
            snprintf(name, sizeof name, "%c%s", p ? 'd' : 's', fnames[f]);
            fns[p][f] = ltI_blas_sym(name);
        }
}

/* The routine f for dtype dt (Float or Double), or NULL with the error set. */
static void *routine(lt_dtype dt, int f)
{
    pthread_once(&resolve_once, resolve);
    if (!ltI_blas_get()) return NULL;
    void *p = fns[dt == LT_DOUBLE][f];
    if (!p)
        ltI_err(LT_EARG, 0, "the OpenBLAS library lacks the LAPACK routine %c%s",
                dt == LT_DOUBLE ? 'd' : 's', fnames[f]);
    return p;
}
#define ROUTINE(var, type, dt, f) \
    type var = (type)routine(dt, f); \
    if (!var) return LT_EARG

/* ------------------------------------------------ OpenBLAS's threads */
/* OpenBLAS's threaded LAPACK loses to one thread below a few hundred rows:
** on the project's 2-core machine (ms, 1 thread vs 2) symeig 64: 0.26 vs
** 0.74, 256: 5.4 vs 11.2, 768: 80 vs 81; gesv 256: 0.80 vs 1.04, 768: 11.9
** vs 10.3.  So a call on a matrix smaller than these runs OpenBLAS on one
** thread (the caller's setting is restored afterwards; nested calls leave
** it to the outermost). */
#define LU_ONE_THREAD_BELOW 512     /* LU, Cholesky, triangular solves */
#define EIG_ONE_THREAD_BELOW 768    /* eigen, singular value, QR families */
static int one_thread_depth;

static int few_threads_begin(const lt_tensor *a, int64_t limit)
{
    int64_t n = 0;
    if (a)
        for (int d = 0; d < a->ndim; d++)
            if (a->size[d] > n) n = a->size[d];
    int nt = lt_get_num_threads();
    if (one_thread_depth++ > 0 || nt < 2 || n >= limit || ltI_in_parallel()) return 0;
    const ltI_blas *b = ltI_blas_get();
    if (!b || !b->set_num_threads) return 0;
    b->set_num_threads(1);
    return nt;
}

static void few_threads_end(int nt)
{
    one_thread_depth--;
    if (nt) ltI_blas_get()->set_num_threads(nt);
}

#define FEW_THREADS(a, limit, call)                       \
    do {                                                  \
        int nt_ = few_threads_begin((a), (limit));        \
        lt_status st_ = (call);                           \
        few_threads_end(nt_);                             \
        return st_;                                       \
    } while (0)

/* ------------------------------------------------------------- checks */
static lt_status want_float(const lt_tensor *t, int arg)
{
    if (t->dtype != LT_FLOAT && t->dtype != LT_DOUBLE)
        return ltI_err(LT_ETYPE, arg, "torch.FloatTensor or torch.DoubleTensor expected, got "
                       "torch.%sTensor", lt_dtypes[t->dtype].name);
    return ltI_check(t, arg);
}

static lt_status same_type(const lt_tensor *t, lt_dtype dt, int arg)
{
    if (t->dtype != dt)
        return ltI_err(LT_ETYPE, arg, "torch.%sTensor expected, got torch.%sTensor",
                       lt_dtypes[dt].name, lt_dtypes[t->dtype].name);
    return ltI_check(t, arg);
}

static lt_status result_type(const lt_tensor *out, lt_dtype dt)
{
    if (out && out->dtype != dt)
        return ltI_err(LT_ETYPE, 0, "result tensor is a torch.%sTensor, expected a "
                       "torch.%sTensor", lt_dtypes[out->dtype].name, lt_dtypes[dt].name);
    return LT_OK;
}

static bool fits_int(int64_t v) { return v >= 0 && v <= INT_MAX; }

/* A matrix operand (square when asked), its sizes fitting LAPACK's ints. */
static lt_status want_matrix(const lt_tensor *t, int arg, bool square)
{
    char buf[LT_SHAPE_BUF];
    if (t->ndim == 0) return ltI_err(LT_EARG, arg, "matrix expected, got an empty tensor");
    if (t->ndim != 2) return ltI_err(LT_EARG, arg, "matrix expected, got a %dD tensor", t->ndim);
    if (square && t->size[0] != t->size[1])
        return ltI_err(LT_ESIZE, arg, "square matrix expected, got %s", ltI_shape(t, buf));
    if (!fits_int(t->size[0]) || !fits_int(t->size[1]) ||
        !fits_int(t->size[0] * t->size[1]))
        return ltI_err(LT_EARG, arg, "matrix too large for LAPACK (%s)", ltI_shape(t, buf));
    return LT_OK;
}

/* A right-hand side: a vector of n or a matrix of n rows (operand arg),
** against the matrix a (operand aarg). */
static lt_status want_rhs(const lt_tensor *b, int arg, const lt_tensor *a, int64_t n)
{
    char sb[LT_SHAPE_BUF], sa[LT_SHAPE_BUF];
    if (b->ndim == 0) return ltI_err(LT_EARG, arg, "vector or matrix expected, got an empty tensor");
    if (b->ndim > 2)
        return ltI_err(LT_EARG, arg, "vector or matrix expected, got a %dD tensor", b->ndim);
    if (b->size[0] != n)
        return ltI_err(LT_ESIZE, arg, "size mismatch: right-hand side %s for a %s matrix (%lld "
                       "rows expected)", ltI_shape(b, sb), ltI_shape(a, sa), (long long)n);
    int64_t k = b->ndim == 2 ? b->size[1] : 1;
    if (!fits_int(k) || !fits_int(n * k))
        return ltI_err(LT_EARG, arg, "right-hand side too large for LAPACK (%s)", ltI_shape(b, sb));
    return LT_OK;
}

static int64_t ncols(const lt_tensor *b) { return b->ndim == 2 ? b->size[1] : 1; }

static lt_status want_flag(char c, const char *allowed, const char *what)
{
    if (c && strchr(allowed, c)) return LT_OK;
    return ltI_err(LT_EARG, 0, "%s must be '%c' or '%c', got '%c'", what, allowed[0], allowed[1],
                   c ? c : '?');
}

static lt_status cancelled(void)
{
    return lt_cancel_requested() ? ltI_err(LT_ECANCEL, 0, "interrupted") : LT_OK;
}

/* ----------------------------------------------------- work matrices */
static double dummy[1];

/* Pointer LAPACK may be given even for an empty matrix. */
static void *ptr(const lt_tensor *t)
{
    void *p = t ? lt_data(t) : NULL;
    return p ? p : (void *)dummy;
}

static int ld_of(int64_t rows) { return rows > 1 ? (int)rows : 1; }

/* A new r x c matrix with strides (1, ld) (colmajor) or contiguous. */
static lt_status new_matrix(lt_dtype dt, int64_t r, int64_t c, bool colmajor, lt_tensor **out)
{
    int64_t size[2] = { r, c };
    if (!colmajor) return lt_tensor_new_sized(dt, 2, size, out);
    int64_t stride[2] = { 1, r > 1 ? r : 1 }, n = r * c;
    lt_storage *s;
    lt_tensor *t = lt_tensor_new(dt);
    if (!t) return ltI_err(LT_ENOMEM, 0, "not enough memory");
    lt_status st = lt_storage_new(dt, n > 0 ? n : 1, &s);
    if (st) {
        lt_tensor_release(t);
        return st;
    }
    st = lt_set_storage(t, s, 0, 2, size, stride);
    lt_storage_release(s);
    if (st) {
        lt_tensor_release(t);
        return st;
    }
    *out = t;
    return LT_OK;
}

/* Make out an r x c matrix laid out as asked, keeping its storage when it
** already is one (so loops that reuse results do not allocate). */
static lt_status shape_result(lt_tensor *out, int64_t r, int64_t c, bool colmajor)
{
    int64_t size[2] = { r, c };
    bool shaped = out->ndim == 2 && out->size[0] == r && out->size[1] == c &&
                  (r * c == 0 || (out->storage && lt_check_bounds(out) == LT_OK));
    if (shaped && colmajor && (r <= 1 || out->stride[0] == 1) &&
        (c <= 1 || out->stride[1] == (r > 1 ? r : 1)))
        return LT_OK;
    if (shaped && !colmajor && ltI_contig(out)) return LT_OK;
    if (!colmajor && !shaped) {
        lt_status st = lt_resize(out, 2, size);
        if (st || ltI_contig(out)) return st;
    }
    lt_tensor *t;
    LT_TRY(new_matrix(out->dtype, r, c, colmajor, &t));
    lt_set(out, t);
    lt_tensor_release(t);
    return LT_OK;
}

/* A result matrix being computed: w is what LAPACK writes (wr x c, strides
** (1, wr) or contiguous), out the result (rr x c, rr <= wr) it ends in. */
typedef struct result {
    lt_tensor *out, *w;
    int64_t rr;
    bool colmajor;
} result;

/* Set up res for out; `others` are the tensors out must not share storage
** with for w to be out itself: the inputs and the other results (not out). */
static lt_status result_begin(result *res, lt_tensor *out, lt_dtype dt, int64_t wr, int64_t rr,
                              int64_t c, bool colmajor, const lt_tensor *const *others, int n)
{
    res->out = out;
    res->w = NULL;
    res->rr = rr;
    res->colmajor = colmajor;
    bool direct = out && wr == rr;
    for (int i = 0; i < n && direct; i++)
        if (others[i] && (others[i] == out || ltI_same_storage(out, others[i]))) direct = false;
    if (direct) {
        LT_TRY(shape_result(out, rr, c, colmajor));
        lt_tensor_retain(out);
        res->w = out;
        return LT_OK;
    }
    return new_matrix(dt, wr, c, colmajor, &res->w);
}

/* Deliver (st == LT_OK) and release; returns st or the delivery's failure. */
static lt_status result_end(result *res, lt_status st)
{
    if (!res->w) return st;
    if (st == LT_OK && res->out && res->w != res->out) {
        lt_tensor v;
        ltI_view_init(&v, res->w);
        v.size[0] = res->rr;
        st = shape_result(res->out, res->rr, v.size[1], res->colmajor);
        if (st == LT_OK) st = lt_copy(res->out, &v);
    }
    if (st == LT_OK && res->out) ltI_bump(res->out);
    lt_tensor_release(res->w);
    res->w = NULL;
    return st;
}

/* Copy src (a matrix, or a vector as one column) into the top rows of w. */
static lt_status load(lt_tensor *w, const lt_tensor *src)
{
    lt_tensor v;
    ltI_view_init(&v, w);
    v.size[0] = src->size[0];
    if (src->ndim == 1) v.size[1] = 1;
    if (ltI_numel(&v) == 0) return LT_OK;
    return lt_copy(&v, src);
}

/* A vector result of n elements, written from a contiguous temporary. */
static lt_status new_vector(lt_dtype dt, int64_t n, lt_tensor **out)
{
    return lt_tensor_new_sized(dt, 1, &n, out);
}

/* Deliver the contiguous tmp into out: copied when out already is a
** contiguous tensor of that shape (its storage is kept), else out takes
** tmp's storage (no copy; an expanded or strided out is never written
** through).  Releases tmp. */
static lt_status deliver(lt_tensor *out, lt_tensor *tmp, lt_status st)
{
    if (st == LT_OK && out) {
        if (ltI_same_size(out, tmp) && ltI_contig(out) &&
            (ltI_numel(out) == 0 || (out->storage && lt_check_bounds(out) == LT_OK))) {
            if (ltI_numel(tmp) > 0) st = lt_copy(out, tmp);
        } else {
            lt_set(out, tmp);
        }
        if (st == LT_OK) ltI_bump(out);
    }
    lt_tensor_release(tmp);
    return st;
}

/* Element access in a Float or Double buffer. */
static inline double rd(const lt_tensor *t, int64_t i)
{
    const char *p = ptr(t);
    return t->dtype == LT_DOUBLE ? ((const double *)p)[i] : ((const float *)p)[i];
}
static inline void wr(lt_tensor *t, int64_t i, double v)
{
    char *p = ptr(t);
    if (t->dtype == LT_DOUBLE) ((double *)p)[i] = v;
    else ((float *)p)[i] = (float)v;
}

/* n x n column-major w (ld n): zero the triangle opposite to uplo's, or
** (mirror) copy uplo's triangle into it. */
static void other_triangle(lt_tensor *w, int64_t n, char uplo, bool mirror)
{
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < n; i++) {
            bool other = uplo == 'U' ? i > j : i < j;
            if (other) wr(w, i + j * n, mirror ? rd(w, j + i * n) : 0);
        }
}

/* Iterative routines (eigenvalues, SVD) are not defined on NaN or Inf. */
static lt_status want_finite(const lt_tensor *w, int64_t n, int arg)
{
    for (int64_t i = 0; i < n; i++)
        if (!isfinite(rd(w, i)))
            return ltI_err(LT_EVALUE, arg, "input contains NaN or infinity");
    return LT_OK;
}

/* The workspace size LAPACK suggested in q (float rounding may make it a
** little short: round up).  *lw is 1 at least. */
static int lwork_of(double q)
{
    double v = ceil(q * (1 + 1e-6)) + 1;
    return v > INT_MAX ? INT_MAX : v < 1 ? 1 : (int)v;
}

/* The answer of a workspace query (lwork = -1): one real of either precision. */
typedef union wquery { double d; float f; } wquery;
static int wq_lwork(const wquery *q, lt_dtype dt) { return lwork_of(dt == LT_DOUBLE ? q->d : q->f); }

/* A buffer of n reals (work arrays). */
static lt_status workbuf(lt_dtype dt, int64_t n, lt_tensor **out)
{
    return new_vector(dt, n > 0 ? n : 1, out);
}

static lt_status info_arg(const char *routine_name, int info)
{
    /* a negative info is a bug here (an argument LAPACK refused), not user input */
    return ltI_err(LT_EARG, 0, "LAPACK %s refused argument %d", routine_name, -info);
}

/* ---------------------------------------------------------------- gesv */
static lt_status gesv_body(lt_tensor *x, lt_tensor *lu, const lt_tensor *b, const lt_tensor *a)
{
    LT_TRY(want_float(b, 1));
    LT_TRY(same_type(a, b->dtype, 2));
    LT_TRY(want_matrix(a, 2, true));
    LT_TRY(want_rhs(b, 1, a, a->size[0]));
    lt_dtype dt = a->dtype;
    LT_TRY(result_type(x, dt));
    LT_TRY(result_type(lu, dt));
    LT_TRY(cancelled());
    ROUTINE(gesv, gesv_t, dt, F_GESV);
    int64_t n = a->size[0], k = ncols(b);
    const lt_tensor *ox[] = { a, b, lu }, *oa[] = { a, b, x };
    result rx, ra;
    LT_TRY(result_begin(&rx, x, dt, n, n, k, true, ox, 3));
    lt_status st = result_begin(&ra, lu, dt, n, n, n, true, oa, 3);
    if (st) return result_end(&rx, st);
    int *ipiv = lt_malloc(sizeof(int) * (size_t)(n > 0 ? n : 1));
    if (!ipiv) st = ltI_err(LT_ENOMEM, 0, "not enough memory");
    if (!st) st = load(ra.w, a);
    if (!st) st = load(rx.w, b);
    if (!st) {
        int in = (int)n, ik = (int)k, lda = ld_of(n), info = 0;
        gesv(&in, &ik, ptr(ra.w), &lda, ipiv, ptr(rx.w), &lda, &info);
        if (info > 0)
            st = ltI_err(LT_EVALUE, 0, "matrix is singular (U(%d,%d) is exactly zero)", info,
                         info);
        else if (info < 0)
            st = info_arg("gesv", info);
    }
    lt_free(ipiv);
    st = result_end(&rx, st);
    return result_end(&ra, st);
}

lt_status lt_gesv(lt_tensor *x, lt_tensor *lu, const lt_tensor *b, const lt_tensor *a)
{
    FEW_THREADS(a, LU_ONE_THREAD_BELOW, gesv_body(x, lu, b, a));
}

/* --------------------------------------------------------------- trtrs */
static lt_status trtrs_body(lt_tensor *x, lt_tensor *acopy, const lt_tensor *b,
                            const lt_tensor *a, char uplo, char trans, char diag)
{
    LT_TRY(want_float(b, 1));
    LT_TRY(same_type(a, b->dtype, 2));
    LT_TRY(want_matrix(a, 2, true));
    LT_TRY(want_rhs(b, 1, a, a->size[0]));
    LT_TRY(want_flag(uplo, "UL", "uplo"));
    LT_TRY(want_flag(trans, "NT", "trans"));
    LT_TRY(want_flag(diag, "NU", "diag"));
    lt_dtype dt = a->dtype;
    LT_TRY(result_type(x, dt));
    LT_TRY(result_type(acopy, dt));
    LT_TRY(cancelled());
    ROUTINE(trtrs, trtrs_t, dt, F_TRTRS);
    int64_t n = a->size[0], k = ncols(b);
    const lt_tensor *ox[] = { a, b, acopy }, *oa[] = { a, b, x };
    result rx, ra;
    LT_TRY(result_begin(&rx, x, dt, n, n, k, true, ox, 3));
    lt_status st = result_begin(&ra, acopy, dt, n, n, n, true, oa, 3);
    if (st) return result_end(&rx, st);
    if (!st) st = load(ra.w, a);
    if (!st) st = load(rx.w, b);
    if (!st) {
        int in = (int)n, ik = (int)k, lda = ld_of(n), info = 0;
        trtrs(&uplo, &trans, &diag, &in, &ik, ptr(ra.w), &lda, ptr(rx.w), &lda, &info, 1, 1, 1);
        if (info > 0)
            st = ltI_err(LT_EVALUE, 0, "matrix is singular (A(%d,%d) is exactly zero)", info,
                         info);
        else if (info < 0)
            st = info_arg("trtrs", info);
    }
    st = result_end(&rx, st);
    return result_end(&ra, st);
}

lt_status lt_trtrs(lt_tensor *x, lt_tensor *acopy, const lt_tensor *b, const lt_tensor *a,
                   char uplo, char trans, char diag)
{
    FEW_THREADS(a, LU_ONE_THREAD_BELOW, trtrs_body(x, acopy, b, a, uplo, trans, diag));
}

/* ---------------------------------------------------------------- gels */
static lt_status gels_body(lt_tensor *x, lt_tensor *qr, const lt_tensor *b, const lt_tensor *a)
{
    LT_TRY(want_float(b, 1));
    LT_TRY(same_type(a, b->dtype, 2));
    LT_TRY(want_matrix(a, 2, false));
    LT_TRY(want_rhs(b, 1, a, a->size[0]));
    lt_dtype dt = a->dtype;
    LT_TRY(result_type(x, dt));
    LT_TRY(result_type(qr, dt));
    LT_TRY(cancelled());
    ROUTINE(gels, gels_t, dt, F_GELS);
    int64_t m = a->size[0], n = a->size[1], k = ncols(b), ldb = m > n ? m : n;
    if (!fits_int(ldb * k)) return ltI_err(LT_EARG, 1, "right-hand side too large for LAPACK");
    const lt_tensor *ox[] = { a, b, qr }, *oa[] = { a, b, x };
    result rx, ra;
    /* B's work matrix has max(m, n) rows: LAPACK returns X in the top n */
    LT_TRY(result_begin(&rx, x, dt, ldb, n, k, true, ox, 3));
    lt_status st = result_begin(&ra, qr, dt, m, m, n, true, oa, 3);
    if (st) return result_end(&rx, st);
    lt_tensor *work = NULL;
    if (!st) st = load(ra.w, a);
    if (!st) st = load(rx.w, b);
    if (!st) {
        int im = (int)m, in = (int)n, ik = (int)k, lda = ld_of(m), ildb = ld_of(ldb), info = 0;
        int lwork = -1;
        wquery q;
        gels("N", &im, &in, &ik, ptr(ra.w), &lda, ptr(rx.w), &ildb, &q, &lwork, &info, 1);
        lwork = wq_lwork(&q, dt);
        st = workbuf(dt, lwork, &work);
        if (!st) {
            gels("N", &im, &in, &ik, ptr(ra.w), &lda, ptr(rx.w), &ildb, ptr(work), &lwork,
                 &info, 1);
            if (info > 0)
                st = ltI_err(LT_EVALUE, 0, "matrix does not have full rank (diagonal element %d "
                             "of its triangular factor is exactly zero)", info);
            else if (info < 0)
                st = info_arg("gels", info);
        }
    }
    if (work) lt_tensor_release(work);
    st = result_end(&rx, st);
    return result_end(&ra, st);
}

lt_status lt_gels(lt_tensor *x, lt_tensor *qr, const lt_tensor *b, const lt_tensor *a)
{
    FEW_THREADS(a, EIG_ONE_THREAD_BELOW, gels_body(x, qr, b, a));
}

/* -------------------------------------------------------------- symeig */
static lt_status symeig_body(lt_tensor *e, lt_tensor *v, const lt_tensor *a, char jobz, char uplo)
{
    LT_TRY(want_float(a, 1));
    LT_TRY(want_matrix(a, 1, true));
    LT_TRY(want_flag(jobz, "NV", "jobz"));
    LT_TRY(want_flag(uplo, "UL", "uplo"));
    lt_dtype dt = a->dtype;
    LT_TRY(result_type(e, dt));
    if (jobz == 'V') LT_TRY(result_type(v, dt));
    LT_TRY(cancelled());
    ROUTINE(syevd, syevd_t, dt, F_SYEVD);
    int64_t n = a->size[0];
    const lt_tensor *others[] = { a, e };
    result rv;
    LT_TRY(result_begin(&rv, jobz == 'V' ? v : NULL, dt, n, n, n, true, others, 2));
    lt_tensor *w = NULL, *work = NULL;
    int *iwork = NULL;
    lt_status st = new_vector(dt, n, &w);
    if (!st) st = load(rv.w, a);
    if (!st) st = want_finite(rv.w, n * n, 1);
    if (!st && n > 0) {
        int in = (int)n, lda = ld_of(n), info = 0, lwork = -1, liwork = -1, iq = 0;
        wquery q;
        syevd(&jobz, &uplo, &in, ptr(rv.w), &lda, ptr(w), &q, &lwork, &iq, &liwork, &info, 1, 1);
        lwork = wq_lwork(&q, dt);
        liwork = iq > 1 ? iq : 1;
        st = workbuf(dt, lwork, &work);
        if (!st && !(iwork = lt_malloc(sizeof(int) * (size_t)liwork)))
            st = ltI_err(LT_ENOMEM, 0, "not enough memory");
        if (!st) {
            syevd(&jobz, &uplo, &in, ptr(rv.w), &lda, ptr(w), ptr(work), &lwork, iwork, &liwork,
                  &info, 1, 1);
            if (info > 0)
                st = ltI_err(LT_EVALUE, 0, "the eigenvalue algorithm did not converge (%d "
                             "off-diagonal elements did not converge to zero)", info);
            else if (info < 0)
                st = info_arg("syevd", info);
        }
    }
    lt_free(iwork);
    if (work) lt_tensor_release(work);
    st = result_end(&rv, st);
    return w ? deliver(e, w, st) : st;
}

lt_status lt_symeig(lt_tensor *e, lt_tensor *v, const lt_tensor *a, char jobz, char uplo)
{
    FEW_THREADS(a, EIG_ONE_THREAD_BELOW, symeig_body(e, v, a, jobz, uplo));
}

/* ----------------------------------------------------------------- eig */
static lt_status eig_body(lt_tensor *e, lt_tensor *v, const lt_tensor *a, char jobvr)
{
    LT_TRY(want_float(a, 1));
    LT_TRY(want_matrix(a, 1, true));
    LT_TRY(want_flag(jobvr, "NV", "jobvr"));
    lt_dtype dt = a->dtype;
    LT_TRY(result_type(e, dt));
    if (jobvr == 'V') LT_TRY(result_type(v, dt));
    LT_TRY(cancelled());
    ROUTINE(geev, geev_t, dt, F_GEEV);
    int64_t n = a->size[0];
    const lt_tensor *others[] = { a, e };
    result rv = { 0 };
    lt_tensor *wa = NULL, *wri = NULL, *work = NULL, *ev = NULL;
    lt_status st = new_matrix(dt, n, n, true, &wa);
    if (!st) st = new_matrix(dt, n, 2, true, &wri);      /* columns: wr, wi */
    if (!st) st = new_matrix(dt, n, 2, false, &ev);
    if (!st && jobvr == 'V') st = result_begin(&rv, v, dt, n, n, n, true, others, 2);
    if (!st) st = load(wa, a);
    if (!st) st = want_finite(wa, n * n, 1);
    if (!st && n > 0) {
        int in = (int)n, lda = ld_of(n), one = 1, ldvr = jobvr == 'V' ? lda : 1, info = 0;
        int lwork = -1;
        char *wrp = ptr(wri), *wip = wrp + (size_t)n * lt_dtypes[dt].size;
        void *vr = jobvr == 'V' ? ptr(rv.w) : (void *)dummy;
        wquery q;
        geev("N", &jobvr, &in, ptr(wa), &lda, wrp, wip, dummy, &one, vr, &ldvr, &q, &lwork,
             &info, 1, 1);
        lwork = wq_lwork(&q, dt);
        st = workbuf(dt, lwork, &work);
        if (!st) {
            geev("N", &jobvr, &in, ptr(wa), &lda, wrp, wip, dummy, &one, vr, &ldvr, ptr(work),
                 &lwork, &info, 1, 1);
            if (info > 0)
                st = ltI_err(LT_EVALUE, 0, "the QR algorithm did not converge (only eigenvalues "
                             "%d to %lld were computed)", info + 1, (long long)n);
            else if (info < 0)
                st = info_arg("geev", info);
        }
        for (int64_t i = 0; i < n && !st; i++) {
            wr(ev, 2 * i, rd(wri, i));
            wr(ev, 2 * i + 1, rd(wri, n + i));
        }
    }
    if (work) lt_tensor_release(work);
    if (wa) lt_tensor_release(wa);
    if (wri) lt_tensor_release(wri);
    st = result_end(&rv, st);
    return ev ? deliver(e, ev, st) : st;
}

lt_status lt_eig(lt_tensor *e, lt_tensor *v, const lt_tensor *a, char jobvr)
{
    FEW_THREADS(a, EIG_ONE_THREAD_BELOW, eig_body(e, v, a, jobvr));
}

/* ----------------------------------------------------------------- svd */
/* n x n identity into the column-major or contiguous w (both the same). */
static void identity(lt_tensor *w, int64_t n)
{
    for (int64_t i = 0; i < n * n; i++) wr(w, i, i % (n + 1) == 0 ? 1 : 0);
}

static lt_status svd_body(lt_tensor *u, lt_tensor *s, lt_tensor *v, const lt_tensor *a, char jobu)
{
    LT_TRY(want_float(a, 1));
    LT_TRY(want_matrix(a, 1, false));
    LT_TRY(want_flag(jobu, "SA", "jobu"));
    lt_dtype dt = a->dtype;
    LT_TRY(result_type(u, dt));
    LT_TRY(result_type(s, dt));
    LT_TRY(result_type(v, dt));
    LT_TRY(cancelled());
    ROUTINE(gesdd, gesdd_t, dt, F_GESDD);
    int64_t m = a->size[0], n = a->size[1], k = m < n ? m : n;
    int64_t ucols = jobu == 'A' ? m : k, vcols = jobu == 'A' ? n : k;
    const lt_tensor *ou[] = { a, s, v }, *ov[] = { a, u, s };
    result ru, rv;
    LT_TRY(result_begin(&ru, u, dt, m, m, ucols, true, ou, 3));
    /* V^T column-major (vcols x n, ld vcols) is V contiguous (n x vcols) */
    lt_status st = result_begin(&rv, v, dt, n, n, vcols, false, ov, 3);
    if (st) return result_end(&ru, st);
    lt_tensor *wa = NULL, *ws = NULL, *work = NULL;
    int *iwork = NULL;
    st = new_matrix(dt, m, n, true, &wa);
    if (!st) st = new_vector(dt, k, &ws);
    if (!st) st = load(wa, a);
    if (!st) st = want_finite(wa, m * n, 1);
    if (!st && k == 0) {
        /* LAPACK returns at once; the 'A' factors are identities then */
        identity(ru.w, ucols == m ? m : 0);
        identity(rv.w, vcols == n ? n : 0);
    } else if (!st) {
        int im = (int)m, in = (int)n, lda = ld_of(m), ldu = ld_of(m), ldvt = ld_of(vcols);
        int info = 0, lwork = -1;
        wquery q;
        if (!(iwork = lt_malloc(sizeof(int) * 8 * (size_t)k)))
            st = ltI_err(LT_ENOMEM, 0, "not enough memory");
        if (!st) {
            gesdd(&jobu, &im, &in, ptr(wa), &lda, ptr(ws), ptr(ru.w), &ldu, ptr(rv.w), &ldvt,
                  &q, &lwork, iwork, &info, 1);
            lwork = wq_lwork(&q, dt);
            st = workbuf(dt, lwork, &work);
        }
        if (!st) {
            gesdd(&jobu, &im, &in, ptr(wa), &lda, ptr(ws), ptr(ru.w), &ldu, ptr(rv.w), &ldvt,
                  ptr(work), &lwork, iwork, &info, 1);
            if (info > 0)
                st = ltI_err(LT_EVALUE, 0, "the SVD algorithm did not converge (info %d)", info);
            else if (info < 0)
                st = info_arg("gesdd", info);
        }
    }
    lt_free(iwork);
    if (work) lt_tensor_release(work);
    if (wa) lt_tensor_release(wa);
    st = result_end(&ru, st);
    st = result_end(&rv, st);
    return ws ? deliver(s, ws, st) : st;
}

lt_status lt_svd(lt_tensor *u, lt_tensor *s, lt_tensor *v, const lt_tensor *a, char jobu)
{
    FEW_THREADS(a, EIG_ONE_THREAD_BELOW, svd_body(u, s, v, a, jobu));
}

/* ------------------------------------------------------- LU: inverse, det */
/* LU-factorise a copy of the square a (operand 1) into *lu (column-major)
** with pivots *ipiv (lt_malloc'd); *info is getrf's. */
static lt_status lu_factor(const lt_tensor *a, lt_tensor **lu, int **ipiv, int *info)
{
    LT_TRY(want_float(a, 1));
    LT_TRY(want_matrix(a, 1, true));
    LT_TRY(cancelled());
    lt_dtype dt = a->dtype;
    ROUTINE(getrf, getrf_t, dt, F_GETRF);
    int64_t n = a->size[0];
    LT_TRY(new_matrix(dt, n, n, true, lu));
    *ipiv = lt_malloc(sizeof(int) * (size_t)(n > 0 ? n : 1));
    lt_status st = *ipiv ? load(*lu, a) : ltI_err(LT_ENOMEM, 0, "not enough memory");
    if (!st) {
        int in = (int)n, lda = ld_of(n);
        *info = 0;
        if (n > 0) getrf(&in, &in, ptr(*lu), &lda, *ipiv, info);
        if (*info < 0) st = info_arg("getrf", *info);
    }
    if (st) {
        lt_free(*ipiv);
        lt_tensor_release(*lu);
        *ipiv = NULL;
        *lu = NULL;
    }
    return st;
}

static lt_status inverse_body(lt_tensor *out, const lt_tensor *a)
{
    LT_TRY(want_float(a, 1));
    LT_TRY(result_type(out, a->dtype));
    lt_dtype dt = a->dtype;
    ROUTINE(getri, getri_t, dt, F_GETRI);
    lt_tensor *lu;
    int *ipiv, info;
    LT_TRY(lu_factor(a, &lu, &ipiv, &info));
    int64_t n = a->size[0];
    lt_status st = LT_OK;
    if (info > 0)
        st = ltI_err(LT_EVALUE, 0, "matrix is singular (U(%d,%d) is exactly zero)", info, info);
    lt_tensor *work = NULL;
    if (!st && n > 0) {
        int in = (int)n, lda = ld_of(n), lwork = -1;
        wquery q;
        getri(&in, ptr(lu), &lda, ipiv, &q, &lwork, &info);
        lwork = wq_lwork(&q, dt);
        st = workbuf(dt, lwork, &work);
        if (!st) {
            getri(&in, ptr(lu), &lda, ipiv, ptr(work), &lwork, &info);
            if (info > 0)
                st = ltI_err(LT_EVALUE, 0, "matrix is singular (U(%d,%d) is exactly zero)", info,
                             info);
            else if (info < 0)
                st = info_arg("getri", info);
        }
    }
    if (work) lt_tensor_release(work);
    lt_free(ipiv);
    result r = { out, lu, n, true };     /* takes lu's reference */
    return result_end(&r, st);
}

lt_status lt_inverse(lt_tensor *out, const lt_tensor *a)
{
    FEW_THREADS(a, LU_ONE_THREAD_BELOW, inverse_body(out, a));
}

static lt_status slogdet_body(const lt_tensor *a, double *sign, double *logabsdet)
{
    lt_tensor *lu;
    int *ipiv, info;
    LT_TRY(lu_factor(a, &lu, &ipiv, &info));
    int64_t n = a->size[0];
    double sg = 1, la = 0;
    for (int64_t i = 0; i < n; i++) {
        double d = rd(lu, i + i * n);
        if (ipiv[i] != i + 1) sg = -sg;
        if (d < 0) sg = -sg;
        la += log(fabs(d));
    }
    if (info > 0) {
        sg = 0;
        la = -INFINITY;
    }
    *sign = sg;
    *logabsdet = la;
    lt_free(ipiv);
    lt_tensor_release(lu);
    return LT_OK;
}

lt_status lt_slogdet(const lt_tensor *a, double *sign, double *logabsdet)
{
    FEW_THREADS(a, LU_ONE_THREAD_BELOW, slogdet_body(a, sign, logabsdet));
}

static lt_status det_body(const lt_tensor *a, double *det)
{
    lt_tensor *lu;
    int *ipiv, info;
    LT_TRY(lu_factor(a, &lu, &ipiv, &info));
    int64_t n = a->size[0];
    /* the plain product: exact for small integer matrices, as users expect */
    double d = 1;
    for (int64_t i = 0; i < n; i++) {
        d *= rd(lu, i + i * n);
        if (ipiv[i] != i + 1) d = -d;
    }
    *det = d;
    lt_free(ipiv);
    lt_tensor_release(lu);
    return LT_OK;
}

lt_status lt_det(const lt_tensor *a, double *det)
{
    FEW_THREADS(a, LU_ONE_THREAD_BELOW, det_body(a, det));
}

/* ------------------------------------------------------------- Cholesky */
static lt_status potrf_body(lt_tensor *out, const lt_tensor *a, char uplo)
{
    LT_TRY(want_float(a, 1));
    LT_TRY(want_matrix(a, 1, true));
    LT_TRY(want_flag(uplo, "UL", "uplo"));
    lt_dtype dt = a->dtype;
    LT_TRY(result_type(out, dt));
    LT_TRY(cancelled());
    ROUTINE(potrf, potrf_t, dt, F_POTRF);
    int64_t n = a->size[0];
    const lt_tensor *others[] = { a };
    result r;
    LT_TRY(result_begin(&r, out, dt, n, n, n, true, others, 1));
    lt_status st = load(r.w, a);
    if (!st) {
        int in = (int)n, lda = ld_of(n), info = 0;
        potrf(&uplo, &in, ptr(r.w), &lda, &info, 1);
        if (info > 0)
            st = ltI_err(LT_EVALUE, 0, "matrix is not positive definite (leading minor %d)",
                         info);
        else if (info < 0)
            st = info_arg("potrf", info);
        if (!st) other_triangle(r.w, n, uplo, false);
    }
    return result_end(&r, st);
}

lt_status lt_potrf(lt_tensor *out, const lt_tensor *a, char uplo)
{
    FEW_THREADS(a, LU_ONE_THREAD_BELOW, potrf_body(out, a, uplo));
}

static lt_status potrs_body(lt_tensor *out, const lt_tensor *b, const lt_tensor *chol, char uplo)
{
    LT_TRY(want_float(b, 1));
    LT_TRY(same_type(chol, b->dtype, 2));
    LT_TRY(want_matrix(chol, 2, true));
    LT_TRY(want_rhs(b, 1, chol, chol->size[0]));
    LT_TRY(want_flag(uplo, "UL", "uplo"));
    lt_dtype dt = b->dtype;
    LT_TRY(result_type(out, dt));
    LT_TRY(cancelled());
    ROUTINE(potrs, potrs_t, dt, F_POTRS);
    int64_t n = chol->size[0], k = ncols(b);
    const lt_tensor *others[] = { b, chol };
    result r;
    lt_tensor *wc;
    LT_TRY(new_matrix(dt, n, n, true, &wc));
    lt_status st = result_begin(&r, out, dt, n, n, k, true, others, 2);
    if (!st) st = load(wc, chol);
    if (!st) st = load(r.w, b);
    if (!st) {
        int in = (int)n, ik = (int)k, lda = ld_of(n), info = 0;
        potrs(&uplo, &in, &ik, ptr(wc), &lda, ptr(r.w), &lda, &info, 1);
        if (info < 0) st = info_arg("potrs", info);
    }
    lt_tensor_release(wc);
    return result_end(&r, st);
}

lt_status lt_potrs(lt_tensor *out, const lt_tensor *b, const lt_tensor *chol, char uplo)
{
    FEW_THREADS(chol, LU_ONE_THREAD_BELOW, potrs_body(out, b, chol, uplo));
}

static lt_status potri_body(lt_tensor *out, const lt_tensor *chol, char uplo)
{
    LT_TRY(want_float(chol, 1));
    LT_TRY(want_matrix(chol, 1, true));
    LT_TRY(want_flag(uplo, "UL", "uplo"));
    lt_dtype dt = chol->dtype;
    LT_TRY(result_type(out, dt));
    LT_TRY(cancelled());
    ROUTINE(potri, potri_t, dt, F_POTRI);
    int64_t n = chol->size[0];
    const lt_tensor *others[] = { chol };
    result r;
    LT_TRY(result_begin(&r, out, dt, n, n, n, true, others, 1));
    lt_status st = load(r.w, chol);
    if (!st) {
        int in = (int)n, lda = ld_of(n), info = 0;
        potri(&uplo, &in, ptr(r.w), &lda, &info, 1);
        if (info > 0)
            st = ltI_err(LT_EVALUE, 0, "the Cholesky factor is singular (element (%d,%d) is "
                         "exactly zero)", info, info);
        else if (info < 0)
            st = info_arg("potri", info);
        if (!st) other_triangle(r.w, n, uplo, true);
    }
    return result_end(&r, st);
}

lt_status lt_potri(lt_tensor *out, const lt_tensor *chol, char uplo)
{
    FEW_THREADS(chol, LU_ONE_THREAD_BELOW, potri_body(out, chol, uplo));
}

static lt_status pstrf_body(lt_tensor *out, lt_tensor *piv, const lt_tensor *a, char uplo,
                            double tol)
{
    LT_TRY(want_float(a, 1));
    LT_TRY(want_matrix(a, 1, true));
    LT_TRY(want_flag(uplo, "UL", "uplo"));
    lt_dtype dt = a->dtype;
    LT_TRY(result_type(out, dt));
    if (piv && piv->dtype != LT_INT)
        return ltI_err(LT_ETYPE, 0, "pivot result is a torch.%sTensor, expected a "
                       "torch.IntTensor", lt_dtypes[piv->dtype].name);
    LT_TRY(cancelled());
    ROUTINE(pstrf, pstrf_t, dt, F_PSTRF);
    int64_t n = a->size[0];
    const lt_tensor *others[] = { a, piv };
    result r;
    LT_TRY(result_begin(&r, out, dt, n, n, n, true, others, 2));
    lt_tensor *p = NULL, *work = NULL;
    lt_status st = new_vector(LT_INT, n, &p);
    if (!st) st = workbuf(dt, 2 * n, &work);
    if (!st) st = load(r.w, a);
    if (!st && n > 0) {
        int in = (int)n, lda = ld_of(n), rank = 0, info = 0;
        double td = tol;
        float tf = (float)tol;
        const void *tp = dt == LT_DOUBLE ? (const void *)&td : (const void *)&tf;
        pstrf(&uplo, &in, ptr(r.w), &lda, ptr(p), &rank, tp, ptr(work), &info, 1);
        if (info > 0)
            st = ltI_err(LT_EVALUE, 0, "matrix is rank deficient or not positive semidefinite "
                         "(computed rank %d of %lld)", rank, (long long)n);
        else if (info < 0)
            st = info_arg("pstrf", info);
        if (!st) other_triangle(r.w, n, uplo, false);
    }
    if (work) lt_tensor_release(work);
    st = result_end(&r, st);
    return p ? deliver(piv, p, st) : st;
}

lt_status lt_pstrf(lt_tensor *out, lt_tensor *piv, const lt_tensor *a, char uplo, double tol)
{
    FEW_THREADS(a, EIG_ONE_THREAD_BELOW, pstrf_body(out, piv, a, uplo, tol));
}

/* ------------------------------------------------------------------ QR */
/* geqrf on the column-major w (m x n); tau: k reals. */
static lt_status geqrf_run(lt_tensor *w, lt_tensor *tau, int64_t m, int64_t n)
{
    if (m == 0 || n == 0) return LT_OK;
    lt_dtype dt = w->dtype;
    ROUTINE(geqrf, geqrf_t, dt, F_GEQRF);
    int im = (int)m, in = (int)n, lda = ld_of(m), info = 0, lwork = -1;
    lt_tensor *work;
    wquery q;
    geqrf(&im, &in, ptr(w), &lda, ptr(tau), &q, &lwork, &info);
    lwork = wq_lwork(&q, dt);
    LT_TRY(workbuf(dt, lwork, &work));
    geqrf(&im, &in, ptr(w), &lda, ptr(tau), ptr(work), &lwork, &info);
    lt_tensor_release(work);
    return info < 0 ? info_arg("geqrf", info) : LT_OK;
}

/* orgqr on the column-major w (m x ncol, ncol <= m) from k reflectors. */
static lt_status orgqr_run(lt_tensor *w, const lt_tensor *tau, int64_t m, int64_t ncol, int64_t k)
{
    if (m == 0 || ncol == 0) return LT_OK;
    lt_dtype dt = w->dtype;
    ROUTINE(orgqr, orgqr_t, dt, F_ORGQR);
    int im = (int)m, in = (int)ncol, ik = (int)k, lda = ld_of(m), info = 0, lwork = -1;
    lt_tensor *work;
    wquery q;
    orgqr(&im, &in, &ik, ptr(w), &lda, ptr(tau), &q, &lwork, &info);
    lwork = wq_lwork(&q, dt);
    LT_TRY(workbuf(dt, lwork, &work));
    orgqr(&im, &in, &ik, ptr(w), &lda, ptr(tau), ptr(work), &lwork, &info);
    lt_tensor_release(work);
    return info < 0 ? info_arg("orgqr", info) : LT_OK;
}

static lt_status qr_body(lt_tensor *q, lt_tensor *r, const lt_tensor *a)
{
    LT_TRY(want_float(a, 1));
    LT_TRY(want_matrix(a, 1, false));
    lt_dtype dt = a->dtype;
    LT_TRY(result_type(q, dt));
    LT_TRY(result_type(r, dt));
    LT_TRY(cancelled());
    int64_t m = a->size[0], n = a->size[1], k = m < n ? m : n;
    lt_tensor *w = NULL, *tau = NULL, *rr = NULL;
    lt_status st = new_matrix(dt, m, n, true, &w);
    if (!st) st = new_vector(dt, k, &tau);
    if (!st) st = new_matrix(dt, k, n, false, &rr);
    if (!st) st = load(w, a);
    if (!st) st = geqrf_run(w, tau, m, n);
    if (!st)
        for (int64_t i = 0; i < k; i++)
            for (int64_t j = 0; j < n; j++) wr(rr, i * n + j, j >= i ? rd(w, i + j * m) : 0);
    if (!st) st = orgqr_run(w, tau, m, k, k);
    if (tau) lt_tensor_release(tau);
    if (rr) st = deliver(r, rr, st);
    if (!w) return st;
    result res = { q, w, m, true };
    w->size[1] = k;      /* Q: the first k columns */
    return result_end(&res, st);
}

lt_status lt_qr(lt_tensor *q, lt_tensor *r, const lt_tensor *a)
{
    FEW_THREADS(a, EIG_ONE_THREAD_BELOW, qr_body(q, r, a));
}

static lt_status geqrf_body(lt_tensor *mres, lt_tensor *tau, const lt_tensor *a)
{
    LT_TRY(want_float(a, 1));
    LT_TRY(want_matrix(a, 1, false));
    lt_dtype dt = a->dtype;
    LT_TRY(result_type(mres, dt));
    LT_TRY(result_type(tau, dt));
    LT_TRY(cancelled());
    int64_t m = a->size[0], n = a->size[1], k = m < n ? m : n;
    const lt_tensor *others[] = { a, tau };
    result r;
    LT_TRY(result_begin(&r, mres, dt, m, m, n, true, others, 2));
    lt_tensor *t;
    lt_status st = new_vector(dt, k, &t);
    if (st) return result_end(&r, st);
    st = load(r.w, a);
    if (!st) st = geqrf_run(r.w, t, m, n);
    st = result_end(&r, st);
    return deliver(tau, t, st);
}

lt_status lt_geqrf(lt_tensor *mres, lt_tensor *tau, const lt_tensor *a)
{
    FEW_THREADS(a, EIG_ONE_THREAD_BELOW, geqrf_body(mres, tau, a));
}

/* tau as k reals (a vector), operand arg */
static lt_status want_tau(const lt_tensor *tau, lt_dtype dt, int arg, int64_t kmax)
{
    LT_TRY(same_type(tau, dt, arg));
    if (tau->ndim != 1)
        return tau->ndim == 0 ? ltI_err(LT_EARG, arg, "vector expected, got an empty tensor")
                              : ltI_err(LT_EARG, arg, "vector expected, got a %dD tensor",
                                        tau->ndim);
    if (tau->size[0] > kmax)
        return ltI_err(LT_ESIZE, arg, "size mismatch: %lld reflectors, at most %lld expected",
                       (long long)tau->size[0], (long long)kmax);
    return LT_OK;
}

static lt_status orgqr_body(lt_tensor *q, const lt_tensor *m, const lt_tensor *tau)
{
    LT_TRY(want_float(m, 1));
    LT_TRY(want_matrix(m, 1, false));
    lt_dtype dt = m->dtype;
    int64_t rows = m->size[0], cols = m->size[1] < rows ? m->size[1] : rows;
    LT_TRY(want_tau(tau, dt, 2, cols));
    LT_TRY(result_type(q, dt));
    LT_TRY(cancelled());
    const lt_tensor *others[] = { m, tau };
    result r;
    LT_TRY(result_begin(&r, q, dt, rows, rows, cols, true, others, 2));
    lt_tensor mv, *t;
    ltI_view_init(&mv, m);
    mv.size[1] = cols;
    lt_status st = new_vector(dt, tau->size[0], &t);
    if (st) return result_end(&r, st);
    st = load(r.w, &mv);
    if (!st && tau->size[0] > 0) st = lt_copy(t, tau);
    if (!st) st = orgqr_run(r.w, t, rows, cols, tau->size[0]);
    lt_tensor_release(t);
    return result_end(&r, st);
}

lt_status lt_orgqr(lt_tensor *q, const lt_tensor *m, const lt_tensor *tau)
{
    FEW_THREADS(m, EIG_ONE_THREAD_BELOW, orgqr_body(q, m, tau));
}

static lt_status ormqr_body(lt_tensor *out, const lt_tensor *m, const lt_tensor *tau,
                            const lt_tensor *c, char side, char trans)
{
    char sm[LT_SHAPE_BUF], sc[LT_SHAPE_BUF];
    LT_TRY(want_float(m, 1));
    LT_TRY(want_matrix(m, 1, false));
    lt_dtype dt = m->dtype;
    LT_TRY(same_type(c, dt, 3));
    LT_TRY(want_matrix(c, 3, false));
    LT_TRY(want_flag(side, "LR", "side"));
    LT_TRY(want_flag(trans, "NT", "trans"));
    int64_t nq = side == 'L' ? c->size[0] : c->size[1];
    if (m->size[0] != nq)
        return ltI_err(LT_ESIZE, 3, "size mismatch: reflectors %s for a %s matrix multiplied "
                       "from the %s", ltI_shape(m, sm), ltI_shape(c, sc),
                       side == 'L' ? "left" : "right");
    LT_TRY(want_tau(tau, dt, 2, m->size[1] < nq ? m->size[1] : nq));
    LT_TRY(result_type(out, dt));
    LT_TRY(cancelled());
    ROUTINE(ormqr, ormqr_t, dt, F_ORMQR);
    int64_t k = tau->size[0], rows = c->size[0], cols = c->size[1];
    const lt_tensor *others[] = { m, tau, c };
    result r;
    LT_TRY(result_begin(&r, out, dt, rows, rows, cols, true, others, 3));
    lt_tensor mv, *wm = NULL, *t = NULL, *work = NULL;
    ltI_view_init(&mv, m);
    mv.size[1] = k;
    lt_status st = new_matrix(dt, nq, k, true, &wm);
    if (!st) st = new_vector(dt, k, &t);
    if (!st) st = load(wm, &mv);
    if (!st && k > 0) st = lt_copy(t, tau);
    if (!st) st = load(r.w, c);
    if (!st && rows > 0 && cols > 0) {
        int im = (int)rows, in = (int)cols, ik = (int)k, lda = ld_of(nq), ldc = ld_of(rows);
        int info = 0, lwork = -1;
        wquery q;
        ormqr(&side, &trans, &im, &in, &ik, ptr(wm), &lda, ptr(t), ptr(r.w), &ldc, &q, &lwork,
              &info, 1, 1);
        lwork = wq_lwork(&q, dt);
        st = workbuf(dt, lwork, &work);
        if (!st) {
            ormqr(&side, &trans, &im, &in, &ik, ptr(wm), &lda, ptr(t), ptr(r.w), &ldc,
                  ptr(work), &lwork, &info, 1, 1);
            if (info < 0) st = info_arg("ormqr", info);
        }
    }
    if (work) lt_tensor_release(work);
    if (wm) lt_tensor_release(wm);
    if (t) lt_tensor_release(t);
    return result_end(&r, st);
}

lt_status lt_ormqr(lt_tensor *out, const lt_tensor *m, const lt_tensor *tau, const lt_tensor *c,
                   char side, char trans)
{
    FEW_THREADS(m, EIG_ONE_THREAD_BELOW, ormqr_body(out, m, tau, c, side, trans));
}
