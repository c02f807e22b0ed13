/*
** rnn_impl.h — the typed body of rnn.c, included once per real type with
** REAL (float or double), SFX (a name suffix) and GEMM (the cblas call)
** defined, and EXP and TANH (the libm functions of that type, which
** libmvec vectorises: the pointwise loops below then run 4 or 8 lanes at
** a time).  See rnn.h for shapes and conventions.
**
** Workspace layout, each block T*B rows:
**   gates (T,B,G*H)  after their nonlinearities (RNN: h itself; LSTM: i f g o;
**                    GRU: r z n)
**   hs    (T,B,H)    the hidden state after each step (carried over on
**                    inactive rows, unlike y which is 0 there)
**   extra (T,B,H)    LSTM: the cell state after each step; GRU: the hidden
**                    projection of the n gate (W_hn h + b_hn), which
**                    backward needs and cannot recompute cheaply
*/
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define FN(name) CAT(name, SFX)

static inline REAL FN(sigm)(REAL v) { return (REAL)1 / ((REAL)1 + EXP(-v)); }

/* C (M,N) = alpha * op(A) op(B) + beta * C, row-major, leading dims given */
static void FN(gemm)(const ltI_blas *bl, int ta, int tb, int64_t M, int64_t N, int64_t K,
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

static lt_status FN(forward)(const rnn_dims *d, const lt_rnn_args *a, const rnn_in *in,
                             REAL *y, REAL *hn, REAL *cn, REAL *ws)
{
    const ltI_blas *bl = ltI_blas_get();
    if (!bl) return LT_EARG;
    const int64_t T = d->T, B = d->B, I = d->I, H = d->H, GH = d->G * H;
    REAL *gates = ws, *hs = ws + T * B * GH, *extra = hs + T * B * H;
    const REAL *x = in->x, *w_ih = in->w_ih, *w_hh = in->w_hh;
    const REAL *b_ih = in->b_ih, *b_hh = in->b_hh;
    const int gru = a->mode == LT_RNN_GRU, lstm = a->mode == LT_RNN_LSTM;
    REAL *gh = NULL;
    if (gru) {
        gh = lt_malloc(sizeof(REAL) * (size_t)(B * GH));
        if (!gh) return ltI_err(LT_ENOMEM, 0, "not enough memory");
    }
    /* every step's input projection at once; biases added row by row (GRU
    ** keeps b_hh apart: r multiplies the hidden part of n only) */
    FN(gemm)(bl, 0, 1, T * B, GH, I, 1, x, I, w_ih, I, 0, gates, GH);
    for (int64_t r = 0; r < T * B; r++) {
        REAL *g = gates + r * GH;
        if (b_ih) for (int64_t j = 0; j < GH; j++) g[j] += b_ih[j];
        if (b_hh && !gru) for (int64_t j = 0; j < GH; j++) g[j] += b_hh[j];
    }
    for (int64_t s = 0; s < T; s++) {
        if (lt_cancel_requested()) {
            lt_free(gh);
            return ltI_err(LT_ECANCEL, 0, "interrupted");
        }
        const int64_t t = a->reverse ? T - 1 - s : s;
        const int64_t tp = a->reverse ? t + 1 : t - 1;          /* previous step */
        const REAL *hprev = s == 0 ? in->h0 : hs + tp * B * H;
        const REAL *cprev = s == 0 ? in->c0 : extra + tp * B * H;
        REAL *g = gates + t * B * GH, *h = hs + t * B * H, *c = extra + t * B * H;
        if (gru) {
            FN(gemm)(bl, 0, 1, B, GH, H, 1, hprev, H, w_hh, H, 0, gh, GH);
        } else {
            FN(gemm)(bl, 0, 1, B, GH, H, 1, hprev, H, w_hh, H, 1, g, GH);
        }
        for (int64_t b = 0; b < B; b++) {
            const int on = !in->len || t < in->len[b];
            REAL *gb = g + b * GH, *hb = h + b * H, *yb = y + (t * B + b) * H;
            const REAL *hp = hprev + b * H;
            if (a->mode == LT_RNN_TANH || a->mode == LT_RNN_RELU) {
                for (int64_t j = 0; j < H; j++) {
                    REAL v = a->mode == LT_RNN_TANH ? TANH(gb[j])
                                                    : (gb[j] > 0 ? gb[j] : 0);
                    gb[j] = v;
                    hb[j] = on ? v : hp[j];
                }
            } else if (lstm) {
                /* branch-free loops on active rows so that they vectorise;
                ** an inactive row only carries its state over (backward
                ** never reads its gates) */
                REAL *cb = c + b * H;
                const REAL *cp = cprev + b * H;
                if (on) {
                    /* one simple loop per function: each vectorises */
                    REAL *restrict gs = gb;
                    for (int64_t j = 0; j < 2 * H; j++) gs[j] = FN(sigm)(gs[j]);
                    for (int64_t j = 3 * H; j < 4 * H; j++) gs[j] = FN(sigm)(gs[j]);
                    for (int64_t j = 2 * H; j < 3 * H; j++) gs[j] = TANH(gs[j]);
                    const REAL *restrict gi = gb, *restrict gf = gb + H;
                    const REAL *restrict gg = gb + 2 * H, *restrict go = gb + 3 * H;
                    REAL *restrict cw = cb, *restrict hw = hb;
                    for (int64_t j = 0; j < H; j++) cw[j] = gf[j] * cp[j] + gi[j] * gg[j];
                    for (int64_t j = 0; j < H; j++) hw[j] = go[j] * TANH(cw[j]);
                } else {
                    memcpy(cb, cp, sizeof(REAL) * (size_t)H);
                    memcpy(hb, hp, sizeof(REAL) * (size_t)H);
                }
            } else {
                REAL *ghb = gh + b * GH, *nb = c + b * H;      /* extra = W_hn h + b_hn */
                if (b_hh) {
                    for (int64_t j = 0; j < H; j++) ghb[j] += b_hh[j];
                    for (int64_t j = 0; j < H; j++) ghb[H + j] += b_hh[H + j];
                    for (int64_t j = 0; j < H; j++) ghb[2 * H + j] += b_hh[2 * H + j];
                }
                if (on) {
                    REAL *restrict gs = gb, *restrict nw = nb, *restrict hw = hb;
                    const REAL *restrict hh = ghb;
                    for (int64_t j = 0; j < 2 * H; j++) gs[j] = FN(sigm)(gs[j] + hh[j]);
                    for (int64_t j = 0; j < H; j++) nw[j] = hh[2 * H + j];
                    for (int64_t j = 0; j < H; j++)
                        gs[2 * H + j] = TANH(gs[2 * H + j] + gs[j] * nw[j]);
                    for (int64_t j = 0; j < H; j++)
                        hw[j] = (1 - gs[H + j]) * gs[2 * H + j] + gs[H + j] * hp[j];
                } else {
                    memcpy(nb, ghb + 2 * H, sizeof(REAL) * (size_t)H);
                    memcpy(hb, hp, sizeof(REAL) * (size_t)H);
                }
            }
            if (on) memcpy(yb, hb, sizeof(REAL) * (size_t)H);
            else memset(yb, 0, sizeof(REAL) * (size_t)H);
        }
    }
    const int64_t tl = a->reverse ? 0 : T - 1;
    memcpy(hn, hs + tl * B * H, sizeof(REAL) * (size_t)(B * H));
    if (lstm && cn) memcpy(cn, extra + tl * B * H, sizeof(REAL) * (size_t)(B * H));
    lt_free(gh);
    return LT_OK;
}

/* One batch row of the LSTM backward step: gates g = (i, f, g, o) of
** width H, cell c and previous cell cp; dh in, dc carried (updated in
** place); dg = the four gate gradients.  tw is scratch for tanh(c), left
** zero.  Its own function with restrict arguments: inline, the four gate
** rows were offsets of one pointer and GCC gave up vectorising the loop
** (it ran scalar, 9% of an LSTM training step). */
static __attribute__((noinline)) void FN(lstm_step_back)(
    int64_t H, const REAL *restrict g, const REAL *restrict cb, const REAL *restrict cp,
    const REAL *restrict dhr, REAL *restrict dcw, REAL *restrict dg, REAL *restrict tw)
{
    for (int64_t j = 0; j < H; j++) tw[j] = TANH(cb[j]);    /* tanh(c) */
    for (int64_t j = 0; j < H; j++) {
        REAL i_ = g[j], f_ = g[H + j], g_ = g[2 * H + j], o_ = g[3 * H + j];
        REAL tc = tw[j];
        REAL dcv = dcw[j] + dhr[j] * o_ * (1 - tc * tc);
        dg[j] = dcv * g_ * i_ * (1 - i_);
        dg[H + j] = dcv * cp[j] * f_ * (1 - f_);
        dg[2 * H + j] = dcv * i_ * (1 - g_ * g_);
        dg[3 * H + j] = dhr[j] * tc * o_ * (1 - o_);
        dcw[j] = dcv * f_;
    }
    for (int64_t j = 0; j < H; j++) tw[j] = 0;
}

/* The GRU's: gates (r, z, n), previous h hp, hn = W_hn h + b_hn; dh in;
** dg the input-side and dgh the hidden-side gate gradients; carry = the
** part of dh passed straight to the previous step. */
static __attribute__((noinline)) void FN(gru_step_back)(
    int64_t H, const REAL *restrict g, const REAL *restrict hp, const REAL *restrict hnb,
    const REAL *restrict dhr, REAL *restrict dg, REAL *restrict dgh, REAL *restrict carry)
{
    for (int64_t j = 0; j < H; j++) {
        REAL r_ = g[j], z_ = g[H + j], n_ = g[2 * H + j];
        REAL dn = dhr[j] * (1 - z_), dz = dhr[j] * (hp[j] - n_);
        REAL dan = dn * (1 - n_ * n_);
        REAL dar = dan * hnb[j] * r_ * (1 - r_), daz = dz * z_ * (1 - z_);
        dg[j] = dar;
        dg[H + j] = daz;
        dg[2 * H + j] = dan;
        dgh[j] = dar;
        dgh[H + j] = daz;
        dgh[2 * H + j] = dan * r_;
        carry[j] = dhr[j] * z_;
    }
}

static lt_status FN(backward)(const rnn_dims *d, const lt_rnn_args *a, const rnn_in *in,
                              const REAL *ws, const REAL *dy, const REAL *dhn, const REAL *dcn,
                              REAL *dx, REAL *dh0, REAL *dc0, REAL *dw_ih, REAL *dw_hh,
                              REAL *db_ih, REAL *db_hh)
{
    const ltI_blas *bl = ltI_blas_get();
    if (!bl) return LT_EARG;
    const int64_t T = d->T, B = d->B, I = d->I, H = d->H, GH = d->G * H;
    const REAL *gates = ws, *hs = ws + T * B * GH, *extra = hs + T * B * H;
    const int gru = a->mode == LT_RNN_GRU, lstm = a->mode == LT_RNN_LSTM;
    /* scratch: dG (T,B,GH) for the input side, dGh (T,B,GH) for the hidden
    ** side (the same as dG except for GRU), hprev (T,B,H), dh dc carry (B,H) */
    size_t n_dg = (size_t)(T * B * GH), n_h = (size_t)(T * B * H), n_bh = (size_t)(B * H);
    size_t total = n_dg * (gru ? 2 : 1) + n_h + 3 * n_bh;
    REAL *buf = lt_malloc(sizeof(REAL) * total);
    if (!buf) return ltI_err(LT_ENOMEM, 0, "not enough memory");
    REAL *dG = buf, *dGh = gru ? dG + n_dg : dG, *hprev_all = dGh + n_dg;
    REAL *dh = hprev_all + n_h, *dc = dh + n_bh, *tmp = dc + n_bh;
    lt_status st = LT_OK;
    for (size_t k = 0; k < n_bh; k++) {
        dh[k] = dhn ? dhn[k] : 0;
        dc[k] = dcn ? dcn[k] : 0;
    }
    for (int64_t s = T - 1; s >= 0; s--) {
        if (lt_cancel_requested()) {
            st = ltI_err(LT_ECANCEL, 0, "interrupted");
            goto done;
        }
        const int64_t t = a->reverse ? T - 1 - s : s;
        const int64_t tp = a->reverse ? t + 1 : t - 1;
        const REAL *hprev = s == 0 ? in->h0 : hs + tp * B * H;
        const REAL *cprev = s == 0 ? in->c0 : extra + tp * B * H;
        memcpy(hprev_all + t * B * H, hprev, sizeof(REAL) * n_bh);
        const REAL *g = gates + t * B * GH, *h = hs + t * B * H, *c = extra + t * B * H;
        REAL *dg = dG + t * B * GH, *dgh = dGh + t * B * GH;
        for (int64_t b = 0; b < B; b++) {
            const int on = !in->len || t < in->len[b];
            REAL *dhb = dh + b * H, *dcb = dc + b * H, *tb = tmp + b * H;
            REAL *dgb = dg + b * GH, *dghb = dgh + b * GH;
            const REAL *gb = g + b * GH;
            if (!on) {             /* state carried over: gradient passes through */
                for (int64_t j = 0; j < GH; j++) dgb[j] = 0;
                if (gru) for (int64_t j = 0; j < GH; j++) dghb[j] = 0;
                for (int64_t j = 0; j < H; j++) tb[j] = dhb[j];
                continue;
            }
            if (dy) {
                const REAL *dyb = dy + (t * B + b) * H;
                for (int64_t j = 0; j < H; j++) dhb[j] += dyb[j];
            }
            if (a->mode == LT_RNN_TANH) {
                for (int64_t j = 0; j < H; j++) dgb[j] = dhb[j] * (1 - gb[j] * gb[j]);
                for (int64_t j = 0; j < H; j++) tb[j] = 0;
            } else if (a->mode == LT_RNN_RELU) {
                for (int64_t j = 0; j < H; j++) dgb[j] = gb[j] > 0 ? dhb[j] : 0;
                for (int64_t j = 0; j < H; j++) tb[j] = 0;
            } else if (lstm) {
                FN(lstm_step_back)(H, gb, c + b * H, cprev + b * H, dhb, dcb, dgb, tb);
            } else {
                FN(gru_step_back)(H, gb, hprev + b * H, c + b * H, dhb, dgb, dghb, tb);
            }
        }
        /* dh for the previous step: the carried part plus dGh W_hh */
        memcpy(dh, tmp, sizeof(REAL) * n_bh);
        FN(gemm)(bl, 0, 0, B, H, GH, 1, dgh, GH, in->w_hh, H, 1, dh, H);
        (void)h;
    }
    if (dh0) memcpy(dh0, dh, sizeof(REAL) * n_bh);
    if (dc0 && lstm) memcpy(dc0, dc, sizeof(REAL) * n_bh);
    /* the parameter gradients and dx: one GEMM each over all steps */
    if (dx) FN(gemm)(bl, 0, 0, T * B, I, GH, 1, dG, GH, in->w_ih, I, 0, dx, I);
    if (dw_ih) FN(gemm)(bl, 1, 0, GH, I, T * B, 1, dG, GH, in->x, I, 1, dw_ih, I);
    if (dw_hh) FN(gemm)(bl, 1, 0, GH, H, T * B, 1, dGh, GH, hprev_all, H, 1, dw_hh, H);
    for (int64_t r = 0; r < T * B; r++) {
        if (db_ih) for (int64_t j = 0; j < GH; j++) db_ih[j] += dG[r * GH + j];
        if (db_hh) for (int64_t j = 0; j < GH; j++) db_hh[j] += dGh[r * GH + j];
    }
done:
    lt_free(buf);
    return st;
}

#undef FN
#undef CAT
#undef CAT2
