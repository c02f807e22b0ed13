/*
** random.c — random numbers, bit-compatible with Torch7.
**
** The generator is the Mersenne Twister MT19937 exactly as Torch7's
** THRandom.c runs it, so a seeded Torch7 script prints the same numbers:
**
** - manualSeed(s) resets the whole struct (so the Box-Muller cache is
**   dropped too), sets state[0] = s mod 2^32 and fills the rest with Knuth's
**   recurrence (init_genrand), with left = 1 so the first draw twists.
** - A draw is one tempered 32-bit word; uniform = word * 2^-32 scaled to
**   [a, b), computed in double.
** - normal is Box-Muller on two uniforms x, y: rho = sqrt(-2 log(1 - y));
**   the first call returns rho cos(2 pi x), the next rho sin(2 pi x), with
**   (x, y, rho) cached in the generator between the two.
** - The other distributions are Torch7's formulas of one uniform each.
**
** The struct is Torch7's THGenerator field for field (a 64-bit word per
** state entry, as `unsigned long` on LP64), so getRNGState's bytes are the
** same bytes Torch7 wrote, and a state is validated before it is loaded.
**
** Tensor fills visit elements in row-major order of the tensor (as
** TH_TENSOR_APPLY did), one draw stream, so they run serially through
** ltI_iter_run_ordered, which also polls for cancellation; each (kind,
** dtype) pair has its own inner loop with a dense path.  Values are
** computed in double (integers for the integer-valued kinds) and then
** stored in the element type, as Torch7's `(real)` cast did.
**
** Where Torch7 silently misbehaved we keep its numbers on every input it
** handled correctly and fix the rest: random(a, b) with a < 0 is computed
** in signed arithmetic (Torch7 converted a wrapped unsigned value to the
** element type, giving ~1.8e19 for doubles), ranges wider than 2^32 use two
** draws (Torch7 returned only a + [0, 2^32)), and multinomial without
** replacement refuses rows with fewer non-zero categories than samples
** (Torch7 divided by zero).
*/
#include "lt_internal.h"
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

/* Bit-compatibility needs each a*b + c rounded twice, as Torch7 did: no
** fused multiply-add (GCC's -std=c11 already implies fp-contract=off). */
#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#define MT_N LT_MT_N
#define MT_M 397
#define MATRIX_A 0x9908b0dfu
#define UMASK 0x80000000u
#define LMASK 0x7fffffffu
#define MIXBITS(u, v) (((u) & UMASK) | ((v) & LMASK))
#define TWIST(u, v) ((MIXBITS(u, v) >> 1) ^ (((v) & 1u) ? MATRIX_A : 0u))

/* The byte layout getRNGState promises (Torch7's THGenerator on LP64). */
_Static_assert(sizeof(lt_generator) == 5048, "lt_generator must match Torch7's THGenerator");
_Static_assert(offsetof(lt_generator, state) == 24, "lt_generator must match Torch7's THGenerator");
_Static_assert(offsetof(lt_generator, normal_is_valid) == 5040,
               "lt_generator must match Torch7's THGenerator");

/* ------------------------------------------------------------- the twister */
void lt_rng_manual_seed(lt_generator *g, uint64_t seed)
{
    memset(g, 0, sizeof *g);   /* drops the normal cache; padding stays defined */
    g->initial_seed = seed;
    g->state[0] = seed & 0xffffffffu;
    for (int j = 1; j < MT_N; j++) {
        uint64_t prev = g->state[j - 1];
        g->state[j] = (1812433253u * (prev ^ (prev >> 30)) + (uint64_t)j) & 0xffffffffu;
    }
    g->left = 1;
    g->next = 0;
    g->seeded = 1;
    g->normal_is_valid = 0;
}

static void next_state(lt_generator *g)
{
    uint64_t *s = g->state;
    int i;
    g->left = MT_N;
    g->next = 0;
    for (i = 0; i < MT_N - MT_M; i++) s[i] = s[i + MT_M] ^ TWIST(s[i], s[i + 1]);
    for (; i < MT_N - 1; i++) s[i] = s[i + MT_M - MT_N] ^ TWIST(s[i], s[i + 1]);
    s[MT_N - 1] = s[MT_M - 1] ^ TWIST(s[MT_N - 1], s[0]);
}

/* MT19937's output transform of one state word */
static inline uint32_t temper(uint64_t word)
{
    uint32_t y = (uint32_t)word;
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

/* One tempered word.  The `next` test never fires for a state this file or
** Torch7 produced; it keeps a hand-edited struct inside the array. */
static inline uint32_t draw32(lt_generator *g)
{
    if (--g->left <= 0 || g->next >= MT_N) next_state(g);
    return temper(g->state[g->next++]);
}

/* Two words, high first (the order PyTorch's TH used for its 64-bit draw). */
static inline uint64_t draw64(lt_generator *g)
{
    uint64_t hi = draw32(g);
    return (hi << 32) | draw32(g);
}

/* a word as a double in [0, 1), Torch7's uniform draw */
static inline double word01(uint32_t w) { return (double)w * (1.0 / 4294967296.0); }

static inline double uniform01(lt_generator *g) { return word01(draw32(g)); }

/* n tempered words, the same ones n draw32 calls would give: between
** twists the words are tempered in a loop the compiler vectorises (fills
** of a million dropout masks spent most of their time in draw32's test). */
static void draw_many(lt_generator *g, uint32_t *out, int64_t n)
{
    while (n > 0) {
        if (g->left <= 1 || g->next >= MT_N) {   /* this draw twists */
            *out++ = draw32(g);
            n--;
            continue;
        }
        int64_t k = g->left - 1;                  /* draws before the next twist */
        if (k > (int64_t)(MT_N - g->next)) k = (int64_t)(MT_N - g->next);
        if (k > n) k = n;
        const uint64_t *st = g->state + g->next;
        for (int64_t i = 0; i < k; i++) out[i] = temper(st[i]);
        g->left -= (int)k;
        g->next += (int)k;
        out += k;
        n -= k;
    }
}

uint32_t lt_rng_random(lt_generator *g) { return draw32(g); }
uint64_t lt_rng_random64(lt_generator *g) { return draw64(g); }
uint64_t lt_rng_initial_seed(const lt_generator *g) { return g->initial_seed; }

/* ----------------------------------------------------------------- seeding */
static uint64_t entropy(void)
{
    uint64_t s;
    if (getrandom(&s, sizeof s, GRND_NONBLOCK) == (ssize_t)sizeof s) return s;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = read(fd, &s, sizeof s);
        close(fd);
        if (n == (ssize_t)sizeof s) return s;
    }
    /* no entropy source (a sandbox): time and pid still differ per run */
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    s = (uint64_t)ts.tv_sec * 1000000007u ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32);
    return s * 0x9e3779b97f4a7c15u;
}

uint64_t lt_rng_seed(lt_generator *g)
{
    uint64_t s = entropy();
    lt_rng_manual_seed(g, s);
    return s;
}

void lt_rng_init(lt_generator *g) { lt_rng_seed(g); }

static lt_generator default_gen;
static pthread_once_t default_once = PTHREAD_ONCE_INIT;
static void default_init(void) { lt_rng_init(&default_gen); }

lt_generator *lt_default_generator(void)
{
    pthread_once(&default_once, default_init);
    return &default_gen;
}

/* --------------------------------------------------------- distributions */
double lt_rng_uniform(lt_generator *g, double a, double b)
{
    return uniform01(g) * (b - a) + a;
}

double lt_rng_normal(lt_generator *g, double mean, double stdv)
{
    if (!g->normal_is_valid) {
        g->normal_x = uniform01(g);
        g->normal_y = uniform01(g);
        g->normal_rho = sqrt(-2. * log(1.0 - g->normal_y));
        g->normal_is_valid = 1;
        return g->normal_rho * cos(2. * M_PI * g->normal_x) * stdv + mean;
    }
    g->normal_is_valid = 0;
    return g->normal_rho * sin(2. * M_PI * g->normal_x) * stdv + mean;
}

double lt_rng_exponential(lt_generator *g, double lambda)
{
    return -1. / lambda * log(1 - uniform01(g));
}

double lt_rng_cauchy(lt_generator *g, double median, double sigma)
{
    return median + sigma * tan(M_PI * (uniform01(g) - 0.5));
}

/* Torch7's parameters are the mean and standard deviation of the
** log-normal variable itself, not of the underlying normal. */
double lt_rng_log_normal(lt_generator *g, double mean, double stdv)
{
    double zm = mean * mean, zs = stdv * stdv;
    return exp(lt_rng_normal(g, log(zm / sqrt(zs + zm)), sqrt(log(zs / zm + 1))));
}

/* Torch7's (int)(log(1-u)/log(p)) + 1, P(i) = (1-p) p^(i-1).  The quotient
** is below 23 * 2^53 for any p in (0, 1), so int64 holds it; the clamp only
** guards bad p against undefined float-to-integer conversion. */
int64_t lt_rng_geometric(lt_generator *g, double p)
{
    return ltI_f2i(log(1 - uniform01(g)) / log(p), INT64_MIN + 1, INT64_MAX - 1) + 1;
}

int lt_rng_bernoulli(lt_generator *g, double p)
{
    return uniform01(g) <= p;
}

/* Torch7's random(a, b) = word % (b + 1 - a) + a, here in wrapping unsigned
** arithmetic converted back to signed, which is what the formula meant. */
static inline int64_t range_draw(lt_generator *g, uint64_t range, int64_t lo)
{
    uint64_t r;
    if (range == 0) r = draw64(g);                     /* all of int64 */
    else if (range <= ((uint64_t)1 << 32)) r = draw32(g) % range;
    else r = draw64(g) % range;
    return (int64_t)(r + (uint64_t)lo);
}

int64_t lt_rng_random_range(lt_generator *g, int64_t lo, int64_t hi)
{
    return range_draw(g, (uint64_t)hi - (uint64_t)lo + 1, lo);
}

/* NaN as "nan" in messages (x86's 0/0 would print "-nan") */
static double msgv(double v) { return isnan(v) ? fabs(v) : v; }

lt_status lt_rng_check(lt_rng_dist d, double p1, double p2)
{
    double m1 = msgv(p1), m2 = msgv(p2);
    switch (d) {
    case LT_RNG_UNIFORM:
        if (!isfinite(p1) || !isfinite(p2))
            return ltI_err(LT_EARG, isfinite(p1) ? 2 : 1, "bounds must be finite (got %g and %g)",
                           m1, m2);
        if (p1 > p2)
            return ltI_err(LT_EARG, 2, "upper bound %g is below lower bound %g", m2, m1);
        return LT_OK;
    case LT_RNG_NORMAL:
        if (!(p2 > 0))
            return ltI_err(LT_EARG, 2, "standard deviation must be strictly positive (got %g)",
                           m2);
        return LT_OK;
    case LT_RNG_EXPONENTIAL:
        if (!(p1 > 0)) return ltI_err(LT_EARG, 1, "lambda must be strictly positive (got %g)", m1);
        return LT_OK;
    case LT_RNG_CAUCHY:
        if (!(p2 > 0)) return ltI_err(LT_EARG, 2, "sigma must be strictly positive (got %g)", m2);
        return LT_OK;
    case LT_RNG_LOG_NORMAL:
        if (!(p1 > 0))
            return ltI_err(LT_EARG, 1, "mean must be strictly positive (got %g): it is the mean "
                           "of the log-normal values", m1);
        if (!(p2 > 0))
            return ltI_err(LT_EARG, 2, "standard deviation must be strictly positive (got %g)",
                           m2);
        return LT_OK;
    case LT_RNG_GEOMETRIC:
        if (!(p1 > 0 && p1 < 1))
            return ltI_err(LT_EARG, 1, "probability must be > 0 and < 1 (got %g)", m1);
        return LT_OK;
    case LT_RNG_BERNOULLI:
        if (!(p1 >= 0 && p1 <= 1))
            return ltI_err(LT_EARG, 1, "probability must be >= 0 and <= 1 (got %g)", m1);
        return LT_OK;
    }
    return ltI_err(LT_EARG, 0, "unknown distribution");
}

/* ------------------------------------------------------------------ state */
/* A state Torch7 would accept (THGenerator_isValid) that also keeps every
** draw inside the array: the words still to be read are next .. next+left-2. */
static bool state_valid(const lt_generator *s)
{
    if (s->seeded != 1 || s->left < 1 || s->left > MT_N || s->next > MT_N) return false;
    if (s->left > 1 && s->next + (uint64_t)s->left > MT_N + 1) return false;
    if (s->normal_is_valid != 0 && s->normal_is_valid != 1) return false;
    for (int i = 0; i < MT_N; i++)
        if (s->state[i] > 0xffffffffu) return false;
    return true;
}

lt_status lt_rng_get_state(const lt_generator *g, lt_tensor *out)
{
    int64_t n = LT_RNG_STATE_BYTES;
    if (out->dtype != LT_BYTE)
        return ltI_err(LT_ETYPE, 2, "RNG state must be a torch.ByteTensor, got a torch.%sTensor",
                       lt_dtypes[out->dtype].name);
    LT_TRY(ltI_prepare_out(out, LT_BYTE, 1, &n));
    ltI_bump(out);
    const unsigned char *src = (const unsigned char *)g;
    unsigned char *dst = lt_data(out);
    for (int64_t i = 0; i < n; i++) dst[i * out->stride[0]] = src[i];
    return LT_OK;
}

typedef struct gather_ctx { unsigned char *dst; } gather_ctx;

static void gather_bytes(char **p, const int64_t *s, int64_t n, void *ctx)
{
    gather_ctx *c = ctx;
    for (int64_t i = 0; i < n; i++) *c->dst++ = (unsigned char)p[0][i * s[0]];
}

lt_status lt_rng_set_state(lt_generator *g, const lt_tensor *state)
{
    char sh[LT_SHAPE_BUF];
    lt_generator tmp;
    if (state->dtype != LT_BYTE)
        return ltI_err(LT_ETYPE, 2, "RNG state must be a torch.ByteTensor, got a torch.%sTensor",
                       lt_dtypes[state->dtype].name);
    if (lt_numel(state) != LT_RNG_STATE_BYTES)
        return ltI_err(LT_ESIZE, 2, "RNG state is wrong size: %s (%lld bytes), expected %lld "
                       "bytes", ltI_shape(state, sh), (long long)lt_numel(state),
                       (long long)LT_RNG_STATE_BYTES);
    LT_TRY(ltI_check(state, 2));
    gather_ctx c = { (unsigned char *)&tmp };
    const lt_tensor *ops[1] = { state };
    LT_TRY(ltI_iter_run_ordered(1, ops, gather_bytes, &c));
    if (!state_valid(&tmp))
        return ltI_err(LT_EVALUE, 2, "invalid RNG state (not a state saved by getRNGState)");
    *g = tmp;
    return LT_OK;
}

/* ------------------------------------------------------------------ fills */
typedef enum fill_kind {
    F_UNIFORM, F_NORMAL, F_EXPONENTIAL, F_CAUCHY, F_LOG_NORMAL,   /* real-valued */
    F_GEOMETRIC, F_BERNOULLI, F_BERNOULLI_T, F_RANDOM, F_RANGE,   /* integer-valued */
    F_NKINDS
} fill_kind;

typedef struct fill_ctx {
    lt_generator *g;
    double a, b;          /* parameters; log-normal's are already transformed */
    const double *p;      /* F_BERNOULLI_T: probabilities, consumed in order */
    uint64_t mod;         /* F_RANDOM: Torch7's per-type modulus (0: none) */
    uint64_t range;       /* F_RANGE */
    int64_t lo;
} fill_ctx;

/* One value of each of the other kinds, from the context `c`. */
#define V_NORMAL lt_rng_normal(c->g, c->a, c->b)
#define V_LOG_NORMAL exp(lt_rng_normal(c->g, c->a, c->b))
#define V_GEOMETRIC lt_rng_geometric(c->g, c->a)
#define V_RANGE range_draw(c->g, c->range, c->lo)

/* stores: real-valued into float types; integer-valued into any type,
** wrapping for integer types as Torch7's C cast did */
#define ST_REAL(T, U, v) ((T)(v))
#define ST_INT(T, U, v) ((T)(U)(uint64_t)(v))

#define FILL_LOOP(NAME, T, U, STORE, VAL)                                    \
    static void NAME(char **p, const int64_t *s, int64_t n, void *ctx)       \
    {                                                                        \
        fill_ctx *c = ctx;                                                   \
        if (s[0] == (int64_t)sizeof(T)) {                                    \
            T *o = (T *)p[0];                                                \
            for (int64_t i = 0; i < n; i++) o[i] = STORE(T, U, VAL);         \
        } else {                                                             \
            char *o = p[0];                                                  \
            for (int64_t i = 0; i < n; i++, o += s[0]) *(T *)o = STORE(T, U, VAL); \
        }                                                                    \
    }

/* The kinds that take exactly one word per value (W_<kind>, a function of
** the word w) draw their words in blocks first: same words, same order. */
#define W_UNIFORM (word01(w) * (c->b - c->a) + c->a)
#define W_EXPONENTIAL (-1. / c->a * log(1 - word01(w)))
#define W_CAUCHY (c->a + c->b * tan(M_PI * (word01(w) - 0.5)))
#define W_BERNOULLI ((int64_t)(word01(w) <= c->a))
#define W_BERNOULLI_T ((int64_t)(word01(w) <= *c->p++))
#define W_RANDOM ((int64_t)(c->mod ? w % c->mod : w))
#define WBLOCK 256

#define FILL_LOOP_W(NAME, T, U, STORE, VAL)                                  \
    static void NAME(char **p, const int64_t *s, int64_t n, void *ctx)       \
    {                                                                        \
        fill_ctx *c = ctx;                                                   \
        uint32_t words[WBLOCK];                                              \
        for (int64_t i0 = 0; i0 < n; i0 += WBLOCK) {                         \
            int64_t m = n - i0 < WBLOCK ? n - i0 : WBLOCK;                   \
            draw_many(c->g, words, m);                                       \
            if (s[0] == (int64_t)sizeof(T)) {                                \
                T *o = (T *)p[0] + i0;                                       \
                for (int64_t i = 0; i < m; i++) {                            \
                    uint32_t w = words[i];                                   \
                    o[i] = STORE(T, U, VAL);                                 \
                }                                                            \
            } else {                                                         \
                char *o = p[0] + i0 * s[0];                                  \
                for (int64_t i = 0; i < m; i++, o += s[0]) {                 \
                    uint32_t w = words[i];                                   \
                    *(T *)o = STORE(T, U, VAL);                              \
                }                                                            \
            }                                                                \
        }                                                                    \
    }

#define REAL_KINDS(X) X(UNIFORM) X(NORMAL) X(EXPONENTIAL) X(CAUCHY) X(LOG_NORMAL)
#define INT_KINDS(X) X(GEOMETRIC) X(BERNOULLI) X(BERNOULLI_T) X(RANDOM) X(RANGE)
/* which loop each kind uses: one word per value (W) or the general one (V) */
#define LOOP_UNIFORM(N, T, U, S) FILL_LOOP_W(N, T, U, S, W_UNIFORM)
#define LOOP_NORMAL(N, T, U, S) FILL_LOOP(N, T, U, S, V_NORMAL)
#define LOOP_EXPONENTIAL(N, T, U, S) FILL_LOOP_W(N, T, U, S, W_EXPONENTIAL)
#define LOOP_CAUCHY(N, T, U, S) FILL_LOOP_W(N, T, U, S, W_CAUCHY)
#define LOOP_LOG_NORMAL(N, T, U, S) FILL_LOOP(N, T, U, S, V_LOG_NORMAL)
#define LOOP_GEOMETRIC(N, T, U, S) FILL_LOOP(N, T, U, S, V_GEOMETRIC)
#define LOOP_BERNOULLI(N, T, U, S) FILL_LOOP_W(N, T, U, S, W_BERNOULLI)
#define LOOP_BERNOULLI_T(N, T, U, S) FILL_LOOP_W(N, T, U, S, W_BERNOULLI_T)
#define LOOP_RANDOM(N, T, U, S) FILL_LOOP_W(N, T, U, S, W_RANDOM)
#define LOOP_RANGE(N, T, U, S) FILL_LOOP(N, T, U, S, V_RANGE)

#define GEN_REAL(K)                                                         \
    LOOP_##K(fill_##K##_f, float, float, ST_REAL)                           \
    LOOP_##K(fill_##K##_d, double, double, ST_REAL)
#define GEN_INT(K)                                                          \
    LOOP_##K(fill_##K##_u8, uint8_t, uint8_t, ST_INT)                       \
    LOOP_##K(fill_##K##_i8, int8_t, uint8_t, ST_INT)                        \
    LOOP_##K(fill_##K##_i16, int16_t, uint16_t, ST_INT)                     \
    LOOP_##K(fill_##K##_i32, int32_t, uint32_t, ST_INT)                     \
    LOOP_##K(fill_##K##_i64, int64_t, uint64_t, ST_INT)                     \
    LOOP_##K(fill_##K##_f, float, float, ST_REAL)                           \
    LOOP_##K(fill_##K##_d, double, double, ST_REAL)
REAL_KINDS(GEN_REAL)
INT_KINDS(GEN_INT)

/* [kind][dtype], in lt_dtype order; NULL: not defined for that dtype */
static const ltI_loop_fn fill_table[F_NKINDS][LT_NDTYPES] = {
#define ROW_REAL(K) { NULL, NULL, NULL, NULL, NULL, fill_##K##_f, fill_##K##_d },
#define ROW_INT(K) { fill_##K##_u8, fill_##K##_i8, fill_##K##_i16, fill_##K##_i32, \
                     fill_##K##_i64, fill_##K##_f, fill_##K##_d },
    REAL_KINDS(ROW_REAL)
    INT_KINDS(ROW_INT)
};

static const char *const kind_names[F_NKINDS] = {
    "uniform", "normal", "exponential", "cauchy", "logNormal",
    "geometric", "bernoulli", "bernoulli", "random", "random"
};

static lt_status run_fill(lt_tensor *t, fill_kind k, fill_ctx *c)
{
    ltI_loop_fn fn = fill_table[k][t->dtype];
    if (!fn)
        return ltI_err(LT_ETYPE, 1, "%s is only defined for torch.FloatTensor and "
                       "torch.DoubleTensor, got a torch.%sTensor", kind_names[k],
                       lt_dtypes[t->dtype].name);
    LT_TRY(ltI_check(t, 1));
    if (lt_numel(t) == 0) return LT_OK;
    ltI_bump(t);
    const lt_tensor *ops[1] = { t };
    return ltI_iter_run_ordered(1, ops, fn, c);
}

/* the parameter checks report parameter i as operand i + 2 (after t, g) */
static lt_status check_params(lt_rng_dist d, double p1, double p2)
{
    lt_status st = lt_rng_check(d, p1, p2);
    if (st) ltI_set_errarg(lt_errarg() + 2);
    return st;
}

lt_status lt_fill_uniform(lt_tensor *t, lt_generator *g, double a, double b)
{
    LT_TRY(check_params(LT_RNG_UNIFORM, a, b));
    fill_ctx c = { .g = g, .a = a, .b = b };
    return run_fill(t, F_UNIFORM, &c);
}

lt_status lt_fill_normal(lt_tensor *t, lt_generator *g, double mean, double stdv)
{
    LT_TRY(check_params(LT_RNG_NORMAL, mean, stdv));
    fill_ctx c = { .g = g, .a = mean, .b = stdv };
    return run_fill(t, F_NORMAL, &c);
}

lt_status lt_fill_exponential(lt_tensor *t, lt_generator *g, double lambda)
{
    LT_TRY(check_params(LT_RNG_EXPONENTIAL, lambda, 0));
    fill_ctx c = { .g = g, .a = lambda };
    return run_fill(t, F_EXPONENTIAL, &c);
}

lt_status lt_fill_cauchy(lt_tensor *t, lt_generator *g, double median, double sigma)
{
    LT_TRY(check_params(LT_RNG_CAUCHY, median, sigma));
    fill_ctx c = { .g = g, .a = median, .b = sigma };
    return run_fill(t, F_CAUCHY, &c);
}

lt_status lt_fill_log_normal(lt_tensor *t, lt_generator *g, double mean, double stdv)
{
    LT_TRY(check_params(LT_RNG_LOG_NORMAL, mean, stdv));
    /* the underlying normal's parameters, as lt_rng_log_normal computes them */
    double zm = mean * mean, zs = stdv * stdv;
    fill_ctx c = { .g = g, .a = log(zm / sqrt(zs + zm)), .b = sqrt(log(zs / zm + 1)) };
    return run_fill(t, F_LOG_NORMAL, &c);
}

lt_status lt_fill_geometric(lt_tensor *t, lt_generator *g, double p)
{
    LT_TRY(check_params(LT_RNG_GEOMETRIC, p, 0));
    fill_ctx c = { .g = g, .a = p };
    return run_fill(t, F_GEOMETRIC, &c);
}

lt_status lt_fill_bernoulli(lt_tensor *t, lt_generator *g, double p)
{
    LT_TRY(check_params(LT_RNG_BERNOULLI, p, 0));
    fill_ctx c = { .g = g, .a = p };
    return run_fill(t, F_BERNOULLI, &c);
}

/* Probabilities from a tensor: with as many elements as t, paired in
** row-major order (Torch7); otherwise broadcast to t's shape.  They are
** copied to doubles first, so they are all checked before anything is
** drawn and t may be p itself. */
lt_status lt_fill_bernoulli_tensor(lt_tensor *t, lt_generator *g, const lt_tensor *p)
{
    char a[LT_SHAPE_BUF], b[LT_SHAPE_BUF];
    LT_TRY(ltI_check(t, 1));
    LT_TRY(ltI_check(p, 3));
    int64_t n = lt_numel(t);
    lt_tensor pv;
    ltI_view_init(&pv, p);
    if (lt_numel(p) != n) {
        int nd;
        int64_t sz[LT_MAXDIM];
        if (lt_broadcast_shape(t, p, &nd, sz) != LT_OK || nd != t->ndim ||
            memcmp(sz, t->size, sizeof(int64_t) * (size_t)nd) != 0)
            return ltI_err(LT_ESIZE, 3, "size mismatch: probabilities of size %s for a tensor "
                           "of size %s", ltI_shape(p, a), ltI_shape(t, b));
        ltI_broadcast_to(&pv, p, t->ndim, t->size);
    }
    if (n == 0) return LT_OK;
    lt_tensor *pd;
    LT_TRY(lt_tensor_new_sized(LT_DOUBLE, t->ndim, t->size, &pd));
    lt_status st = lt_copy(pd, &pv);
    if (st) {
        ltI_set_errarg(3);
        lt_tensor_release(pd);
        return st;
    }
    const double *pp = lt_data(pd);
    for (int64_t i = 0; i < n; i++) {
        if (!(pp[i] >= 0 && pp[i] <= 1)) {
            lt_tensor_release(pd);
            return ltI_err(LT_EARG, 3, "probability must be >= 0 and <= 1 (got %g at element "
                           "%lld)", msgv(pp[i]), (long long)i + 1);
        }
    }
    fill_ctx c = { .g = g, .p = pp };
    st = run_fill(t, F_BERNOULLI_T, &c);
    lt_tensor_release(pd);
    return st;
}

lt_status lt_fill_random(lt_tensor *t, lt_generator *g, int has_range, int64_t lo, int64_t hi)
{
    if (!has_range) {
        /* Torch7: word % (largest exact value of the type + 1) */
        static const uint64_t mods[LT_NDTYPES] = {
            [LT_BYTE] = 256, [LT_CHAR] = 128, [LT_SHORT] = 32768, [LT_INT] = 2147483648u,
            [LT_LONG] = 0, [LT_FLOAT] = (1u << 24) + 1, [LT_DOUBLE] = 0
        };
        fill_ctx c = { .g = g, .mod = mods[t->dtype] };
        return run_fill(t, F_RANDOM, &c);
    }
    if (hi < lo)
        return ltI_err(LT_EARG, 4, "upper bound %lld is below lower bound %lld", (long long)hi,
                       (long long)lo);
    fill_ctx c = { .g = g, .range = (uint64_t)hi - (uint64_t)lo + 1, .lo = lo };
    return run_fill(t, F_RANGE, &c);
}

/* ------------------------------------------------------------- randperm */
/* Largest integer each type holds exactly (what randperm may store). */
static int64_t exact_max(lt_dtype d)
{
    switch (d) {
    case LT_FLOAT: return (int64_t)1 << 24;
    case LT_DOUBLE: return (int64_t)1 << 53;
    default: return lt_dtypes[d].imax;
    }
}

typedef struct store_ctx { const int64_t *v; } store_ctx;

#define STORE_LOOP(E, T, U, ACC, ISF)                                             \
    static void store_##E(char **p, const int64_t *s, int64_t n, void *ctx)       \
    {                                                                             \
        store_ctx *c = ctx;                                                       \
        for (int64_t i = 0; i < n; i++) *(T *)(p[0] + i * s[0]) = (T)*c->v++;     \
    }
LT_FOR_ALL_DTYPES(STORE_LOOP)
static const ltI_loop_fn store_table[LT_NDTYPES] = {
#define STORE_ROW(E, T, U, ACC, ISF) [E] = store_##E,
    LT_FOR_ALL_DTYPES(STORE_ROW)
};

/* Write v (numel(t) int64 values) into t in row-major order. */
static lt_status store_ints(lt_tensor *t, const int64_t *v)
{
    store_ctx c = { v };
    const lt_tensor *ops[1] = { t };
    ltI_bump(t);
    return ltI_iter_run_ordered(1, ops, store_table[t->dtype], &c);
}

/* Torch7: r[i] = i, then for i < n-1 swap r[i] with r[i + word % (n-i)];
** then 1 is added (1-based values). */
lt_status lt_randperm(lt_tensor *out, lt_generator *g, int64_t n)
{
    if (n < 0) return ltI_err(LT_EARG, 3, "n must be non-negative (got %lld)", (long long)n);
    if (n > exact_max(out->dtype))
        return ltI_err(LT_EARG, 3, "n = %lld does not fit a torch.%sTensor (at most %lld)",
                       (long long)n, lt_dtypes[out->dtype].name,
                       (long long)exact_max(out->dtype));
    LT_TRY(ltI_prepare_out(out, out->dtype, 1, &n));
    if (n == 0) return LT_OK;
    if ((uint64_t)n > SIZE_MAX / sizeof(int64_t))
        return ltI_err(LT_ENOMEM, 0, "not enough memory for randperm(%lld)", (long long)n);
    int64_t *v = lt_malloc((size_t)n * sizeof *v);
    if (!v) return ltI_err(LT_ENOMEM, 0, "not enough memory for randperm(%lld)", (long long)n);
    for (int64_t i = 0; i < n; i++) v[i] = i + LT_INDEX_BASE;
    for (int64_t i = 0; i < n - 1; i++) {
        if ((i & (LT_CHUNK - 1)) == 0 && lt_cancel_requested()) {
            lt_free(v);
            return ltI_err(LT_ECANCEL, 0, "interrupted");
        }
        int64_t z = range_draw(g, (uint64_t)(n - i), 0);
        int64_t sav = v[i];
        v[i] = v[z + i];
        v[z + i] = sav;
    }
    lt_status st = store_ints(out, v);
    lt_free(v);
    return st;
}

/* ---------------------------------------------------------- multinomial */
typedef struct mn_row {
    double *cum;                 /* normalised cumulative distribution */
    const double *p;             /* the row's probabilities */
    unsigned char *drawn;        /* without replacement: categories taken */
    int64_t cats;
} mn_row;

/* Torch7's binary search: the first bucket whose cumulative value is >= u. */
static int64_t mn_search(const mn_row *r, double u)
{
    int64_t left = 0, right = r->cats;
    while (right - left > 0) {
        int64_t mid = left + (right - left) / 2;
        if (r->cum[mid] < u) left = mid + 1;
        else right = mid;
    }
    return left;
}

/* bucket m is empty, or already drawn */
static bool mn_dead(const mn_row *r, int64_t m)
{
    return r->cum[m] <= (m > 0 ? r->cum[m - 1] : 0) || (r->drawn && r->drawn[m]);
}

/* the nearest live bucket to k (k itself when live), or -1 */
static int64_t mn_live(const mn_row *r, int64_t k)
{
    for (int64_t m = k; m < r->cats; m++)
        if (!mn_dead(r, m)) return m;
    for (int64_t m = k - 1; m >= 0; m--)
        if (!mn_dead(r, m)) return m;
    return -1;
}

/* the cumulative distribution of the categories not drawn yet */
static void mn_rebuild(mn_row *r)
{
    double s = 0;
    for (int64_t m = 0; m < r->cats; m++) {
        if (!r->drawn || !r->drawn[m]) s += r->p[m];
        r->cum[m] = s;
    }
    for (int64_t m = 0; m < r->cats; m++) r->cum[m] /= s;
}

/* One sample.  Only u == 0, or a bucket left an ulp wide by the updates,
** can land on an empty or drawn bucket (Torch7 returned it); then the
** nearest live bucket is taken, rebuilding the distribution if rounding
** left none. */
static int64_t mn_draw(mn_row *r, lt_generator *g)
{
    double u = uniform01(g);
    r->cum[r->cats - 1] = 1;            /* the last bucket catches rounding */
    int64_t k = mn_search(r, u);
    if (!mn_dead(r, k)) return k;
    int64_t m = mn_live(r, k);
    if (m >= 0) return m;
    mn_rebuild(r);
    r->cum[r->cats - 1] = 1;
    return mn_live(r, mn_search(r, u));
}

/* Without replacement: remove bucket k's mass and renormalise the rest. */
static void mn_remove(mn_row *r, int64_t k)
{
    double *cum = r->cum;
    double prev = k > 0 ? cum[k - 1] : 0;
    double diff = cum[k] - prev;
    double sum = 1.0 - diff;
    r->drawn[k] = 1;
    if (!(sum > 0)) {                   /* the rest underflowed (p = {1, 1e-20}) */
        mn_rebuild(r);
        return;
    }
    for (int64_t m = 0; m < r->cats; m++) {
        double v = cum[m];
        if (m >= k) v -= diff;
        cum[m] = v / sum;
    }
}

/* Torch7's algorithm: per row, the cumulative distribution normalised by
** its sum; each sample is a binary search for the first bucket >= a
** uniform draw; without replacement the drawn bucket's mass is removed
** and the rest renormalised.  Samples are 1-based category indices. */
lt_status lt_multinomial(lt_tensor *out, lt_generator *g, const lt_tensor *probs, int64_t n,
                         int replacement)
{
    char sh[LT_SHAPE_BUF];
    if (out->dtype != LT_LONG)
        return ltI_err(LT_ETYPE, 1, "result must be a torch.LongTensor, got a torch.%sTensor",
                       lt_dtypes[out->dtype].name);
    LT_TRY(ltI_check(probs, 3));
    if (probs->ndim != 1 && probs->ndim != 2)
        return ltI_err(LT_EARG, 3, "probabilities must be a 1D or 2D tensor, got %s",
                       ltI_shape(probs, sh));
    int64_t rows = probs->ndim == 2 ? probs->size[0] : 1;
    int64_t cats = probs->size[probs->ndim - 1];
    if (cats == 0)
        return ltI_err(LT_EARG, 3, "probabilities must have at least one category, got %s",
                       ltI_shape(probs, sh));
    if (n <= 0)
        return ltI_err(LT_EARG, 4, "number of samples must be strictly positive (got %lld)",
                       (long long)n);
    if (!replacement && n > cats)
        return ltI_err(LT_EARG, 4, "cannot sample %lld samples from %lld categories without "
                       "replacement", (long long)n, (long long)cats);

    /* the probabilities as doubles, checked for every row before drawing */
    lt_tensor *pd;
    LT_TRY(lt_tensor_new_sized(LT_DOUBLE, probs->ndim, probs->size, &pd));
    lt_status st = lt_copy(pd, probs);
    if (st) {
        ltI_set_errarg(3);
        lt_tensor_release(pd);
        return st;
    }
    const double *pp = lt_data(pd);
    for (int64_t i = 0; i < rows && st == LT_OK; i++) {
        double sum = 0;
        int64_t nonzero = 0;
        for (int64_t j = 0; j < cats; j++) {
            double v = pp[i * cats + j];
            if (!(v >= 0) || !isfinite(v)) {
                if (rows > 1)
                    st = ltI_err(LT_EVALUE, 3, "invalid multinomial distribution: probability "
                                 "%g at row %lld, column %lld (must be finite and >= 0)",
                                 msgv(v), (long long)i + 1, (long long)j + 1);
                else
                    st = ltI_err(LT_EVALUE, 3, "invalid multinomial distribution: probability "
                                 "%g at index %lld (must be finite and >= 0)", msgv(v),
                                 (long long)j + 1);
                break;
            }
            sum += v;
            nonzero += v > 0;
        }
        if (st) break;
        if (!(sum > 0) || !isfinite(sum))
            st = ltI_err(LT_EVALUE, 3, "invalid multinomial distribution: the probabilities%s "
                         "sum to %g (must be > 0 and finite)", rows > 1 ? " of a row" : "",
                         msgv(sum));
        else if (!replacement && nonzero < n)
            st = ltI_err(LT_EVALUE, 3, "cannot sample %lld samples without replacement from a "
                         "distribution with %lld non-zero probabilities", (long long)n,
                         (long long)nonzero);
    }
    int64_t osz[2] = { rows, n };
    if (st == LT_OK) {
        st = probs->ndim == 2 ? ltI_prepare_out(out, LT_LONG, 2, osz)
                              : ltI_prepare_out(out, LT_LONG, 1, &n);
    }
    double *cum = NULL;
    int64_t *res = NULL;
    unsigned char *drawn = NULL;
    if (st == LT_OK) {
        cum = lt_malloc((size_t)cats * sizeof *cum);
        res = lt_malloc((size_t)(rows * n) * sizeof *res);
        drawn = replacement ? NULL : lt_malloc((size_t)cats);
        if (!cum || !res || (!replacement && !drawn))
            st = ltI_err(LT_ENOMEM, 0, "not enough memory for multinomial");
    }
    for (int64_t i = 0; i < rows && st == LT_OK; i++) {
        mn_row r = { cum, pp + i * cats, drawn, cats };
        if (drawn) memset(drawn, 0, (size_t)cats);
        mn_rebuild(&r);
        for (int64_t j = 0; j < n; j++) {
            if (lt_cancel_requested()) {
                st = ltI_err(LT_ECANCEL, 0, "interrupted");
                break;
            }
            int64_t k = mn_draw(&r, g);
            res[i * n + j] = k + LT_INDEX_BASE;
            if (!replacement && j < n - 1) mn_remove(&r, k);
        }
    }
    if (st == LT_OK) st = store_ints(out, res);
    lt_free(cum);
    lt_free(res);
    lt_free(drawn);
    lt_tensor_release(pd);
    return st;
}
