/*
** attention_impl.h — the typed body of attention.c, included once per real
** type with REAL, SFX, GEMM and EXP defined (as rnn_impl.h).  One batch-head
** slice at a time: two GEMMs forward (scores, output), four backward; the
** softmax, masks and dropout are one pass over each T x S block.
*/
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define FN(name) CAT(name, SFX)

static void FN(mm)(const ltI_blas *bl, int ta, int tb, int64_t M, int64_t N, int64_t K,
                   REAL alpha, const REAL *A, int64_t lda, const REAL *B, int64_t ldb,
                   REAL beta, REAL *C, int64_t ldc)
{
    if (M == 0 || N == 0) return;
    if (K == 0) {
        for (int64_t i = 0; i < M; i++)
            for (int64_t j = 0; j < N; j++) C[i * ldc + j] = beta == 0 ? 0 : beta * C[i * ldc + j];
        return;
    }
    GEMM(bl, 101, ta ? 112 : 111, tb ? 112 : 111, (int)M, (int)N, (int)K, alpha, A, (int)lda,
         B, (int)ldb, beta, C, (int)ldc);
}

static lt_status FN(sdpa_fwd)(const sdpa_dims *d, const lt_sdpa_args *a, const REAL *q,
                              const REAL *k, const REAL *v, const unsigned char *pad,
                              const unsigned char *am, REAL *out,
                              REAL *attn, REAL *drop, lt_generator *g)
{
    const ltI_blas *bl = ltI_blas_get();
    if (!bl) return LT_EARG;
    const int64_t N = d->N, T = d->T, S = d->S, D = d->D, DV = d->DV;
    REAL *tmp = NULL;
    if (drop) {
        tmp = lt_malloc(sizeof(REAL) * (size_t)(T * S));
        if (!tmp) return ltI_err(LT_ENOMEM, 0, "not enough memory");
    }
    const REAL inv = (REAL)(1.0 / (1.0 - a->dropout));
    const uint32_t keep32 = (uint32_t)floor((1.0 - a->dropout) * 4294967296.0);
    for (int64_t n = 0; n < N; n++) {
        if (lt_cancel_requested()) {
            lt_free(tmp);
            return ltI_err(LT_ECANCEL, 0, "interrupted");
        }
        const REAL *qn = q + n * T * D, *kn = k + n * S * D, *vn = v + n * S * DV;
        REAL *an = attn + n * T * S;
        const unsigned char *pn = pad ? pad + (n / d->heads) * S : NULL;
        FN(mm)(bl, 0, 1, T, S, D, (REAL)a->scale, qn, D, kn, D, 0, an, S);
        for (int64_t t = 0; t < T; t++) {
            REAL *row = an + t * S;
            const unsigned char *ar = am ? am + t * S : NULL;
            /* keys beyond `last` are hidden from query t (causal) */
            const int64_t last = a->causal ? t + S - T : S - 1;
            REAL mx = 0;
            int any = 0;
            for (int64_t s = 0; s < S; s++) {
                if (s > last || (pn && pn[s]) || (ar && ar[s])) continue;
                if (!any || row[s] > mx) mx = row[s];
                any = 1;
            }
            double sum = 0;
            if (!any) {
                for (int64_t s = 0; s < S; s++) row[s] = 0;
            } else if (!pn && !ar) {
                /* keys 0..last, no holes: a plain loop that vectorises */
                REAL *restrict rw = row;
                for (int64_t s = 0; s <= last; s++) rw[s] = EXP(rw[s] - mx);
                for (int64_t s = last + 1; s < S; s++) rw[s] = 0;
                REAL acc = 0;
                for (int64_t s = 0; s <= last; s++) acc += rw[s];
                sum = (double)acc;
            } else {
                for (int64_t s = 0; s < S; s++) {
                    if (s > last || (pn && pn[s]) || (ar && ar[s])) {
                        row[s] = 0;
                    } else {
                        row[s] = EXP(row[s] - mx);
                        sum += row[s];
                    }
                }
            }
            if (any) {
                const REAL r = (REAL)(1.0 / sum);
                for (int64_t s = 0; s < S; s++) row[s] *= r;
            }
        }
        const REAL *pv = an;
        if (drop) {
            REAL *dn = drop + n * T * S;
            /* bernoulli(keep) as the generator draws it (32-bit word * 2^-32 <=
            ** keep), compared as integers; weights that are 0 (masked keys,
            ** half the block when causal) need no draw */
            for (int64_t i = 0; i < T * S; i++) {
                if (an[i] == 0) {
                    dn[i] = 0;
                } else {
                    dn[i] = lt_rng_random(g) <= keep32 ? inv : 0;
                }
                tmp[i] = an[i] * dn[i];
            }
            pv = tmp;
        }
        FN(mm)(bl, 0, 0, T, DV, S, 1, pv, S, vn, DV, 0, out + n * T * DV, DV);
    }
    lt_free(tmp);
    return LT_OK;
}

static lt_status FN(sdpa_bwd)(const sdpa_dims *d, const lt_sdpa_args *a, const REAL *q,
                              const REAL *k, const REAL *v, const REAL *attn, const REAL *drop,
                              const REAL *dout, REAL *dq, REAL *dk, REAL *dv)
{
    const ltI_blas *bl = ltI_blas_get();
    if (!bl) return LT_EARG;
    const int64_t N = d->N, T = d->T, S = d->S, D = d->D, DV = d->DV;
    REAL *dp = lt_malloc(sizeof(REAL) * (size_t)(2 * T * S));
    if (!dp) return ltI_err(LT_ENOMEM, 0, "not enough memory");
    REAL *pd = dp + T * S;
    const REAL sc = (REAL)a->scale;
    for (int64_t n = 0; n < N; n++) {
        if (lt_cancel_requested()) {
            lt_free(dp);
            return ltI_err(LT_ECANCEL, 0, "interrupted");
        }
        const REAL *qn = q + n * T * D, *kn = k + n * S * D, *vn = v + n * S * DV;
        const REAL *an = attn + n * T * S, *don = dout + n * T * DV;
        const REAL *pv = an;
        if (drop) {
            const REAL *dn = drop + n * T * S;
            for (int64_t i = 0; i < T * S; i++) pd[i] = an[i] * dn[i];
            pv = pd;
        }
        /* dv = dropout(P)^T dout; dP = (dout v^T) * dropmask */
        FN(mm)(bl, 1, 0, S, DV, T, 1, pv, S, don, DV, 0, dv + n * S * DV, DV);
        FN(mm)(bl, 0, 1, T, S, DV, 1, don, DV, vn, DV, 0, dp, S);
        if (drop) {
            const REAL *dn = drop + n * T * S;
            for (int64_t i = 0; i < T * S; i++) dp[i] *= dn[i];
        }
        /* softmax backward: dS = P * (dP - sum_s P dP); masked entries have P = 0 */
        for (int64_t t = 0; t < T; t++) {
            const REAL *pr = an + t * S;
            REAL *dr = dp + t * S;
            double dot = 0;
            for (int64_t s = 0; s < S; s++) dot += (double)pr[s] * (double)dr[s];
            for (int64_t s = 0; s < S; s++) dr[s] = pr[s] * (dr[s] - (REAL)dot);
        }
        FN(mm)(bl, 0, 0, T, D, S, sc, dp, S, kn, D, 0, dq + n * T * D, D);
        FN(mm)(bl, 1, 0, S, D, T, sc, dp, S, qn, D, 0, dk + n * S * D, D);
    }
    lt_free(dp);
    return LT_OK;
}

static void FN(gelu_fwd)(REAL *y, const REAL *x, int64_t n, int approx)
{
    for (int64_t i = 0; i < n; i++) {
        const double v = (double)x[i];
        if (approx) {
            const double u = 0.7978845608028654 * (v + 0.044715 * v * v * v);
            y[i] = (REAL)(0.5 * v * (1.0 + tanh(u)));
        } else {
            y[i] = (REAL)(0.5 * v * (1.0 + erf(v * 0.7071067811865476)));
        }
    }
}

static void FN(gelu_bwd)(REAL *dx, const REAL *x, const REAL *dy, int64_t n, int approx)
{
    for (int64_t i = 0; i < n; i++) {
        const double v = (double)x[i];
        double dd;
        if (approx) {
            const double c = 0.7978845608028654;
            const double u = c * (v + 0.044715 * v * v * v);
            const double th = tanh(u);
            dd = 0.5 * (1.0 + th) + 0.5 * v * (1.0 - th * th) * c * (1.0 + 3 * 0.044715 * v * v);
        } else {
            dd = 0.5 * (1.0 + erf(v * 0.7071067811865476))
                 + v * 0.3989422804014327 * exp(-0.5 * v * v);
        }
        dx[i] = (REAL)(dd * (double)dy[i]);
    }
}

/* layer norm over rows of M: mean and 1/std per row kept for backward */
static void FN(ln_fwd)(REAL *y, REAL *mean, REAL *rstd, const REAL *x, const REAL *w,
                       const REAL *b, int64_t N, int64_t M, double eps)
{
    for (int64_t r = 0; r < N; r++) {
        const REAL *xr = x + r * M;
        REAL *yr = y + r * M;
        double sum = 0, sq = 0;
        for (int64_t j = 0; j < M; j++) sum += (double)xr[j];
        const double mu = sum / (double)M;
        for (int64_t j = 0; j < M; j++) {
            const double c = (double)xr[j] - mu;
            sq += c * c;
        }
        const double rs = 1.0 / sqrt(sq / (double)M + eps);
        mean[r] = (REAL)mu;
        rstd[r] = (REAL)rs;
        const REAL m_ = (REAL)mu, s_ = (REAL)rs;
        if (w && b) for (int64_t j = 0; j < M; j++) yr[j] = (xr[j] - m_) * s_ * w[j] + b[j];
        else if (w) for (int64_t j = 0; j < M; j++) yr[j] = (xr[j] - m_) * s_ * w[j];
        else for (int64_t j = 0; j < M; j++) yr[j] = (xr[j] - m_) * s_;
    }
}

/* dx = rstd (g - mean(g) - xhat mean(g xhat)), g = dy w; dw += scale
** sum dy xhat, db += scale sum dy (each output optional) */
static void FN(ln_bwd)(REAL *dx, REAL *dw, REAL *db, const REAL *dy, const REAL *x,
                       const REAL *mean, const REAL *rstd, const REAL *w, int64_t N, int64_t M,
                       double scale)
{
    for (int64_t r = 0; r < N; r++) {
        const REAL *xr = x + r * M, *gr = dy + r * M;
        const REAL m_ = mean[r], s_ = rstd[r];
        if (dw || db) {
            const REAL sc = (REAL)scale;
            if (dw) for (int64_t j = 0; j < M; j++) dw[j] += sc * gr[j] * (xr[j] - m_) * s_;
            if (db) for (int64_t j = 0; j < M; j++) db[j] += sc * gr[j];
        }
        if (!dx) continue;
        double m1 = 0, m2 = 0;
        for (int64_t j = 0; j < M; j++) {
            const double g = (double)gr[j] * (w ? (double)w[j] : 1.0);
            m1 += g;
            m2 += g * ((double)(xr[j] - m_) * (double)s_);
        }
        const REAL a1 = (REAL)(m1 / (double)M), a2 = (REAL)(m2 / (double)M);
        REAL *dr = dx + r * M;
        for (int64_t j = 0; j < M; j++) {
            const REAL g = gr[j] * (w ? w[j] : (REAL)1);
            dr[j] = s_ * (g - a1 - (xr[j] - m_) * s_ * a2);
        }
    }
}

#undef CAT2
#undef CAT
#undef FN
