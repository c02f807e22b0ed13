/*
** test_random.c — the generator and the fills through the C API.
**
** References:
** - MT19937 seeded with init_genrand(5489): the first outputs 3499211612,
**   581869302, 3890346734, 3586334585, 545404204 (Matsumoto and
**   Nishimura's mt19937ar.out), and the 10000th output 4123659995 (the
**   value the C++ standard requires of std::mt19937, [rand.predef]).
** - Torch7's documentation (doc/random.md): manualSeed(123) then uniform()
**   three times gives 0.69646918727085, 0.71295532141812, 0.28613933874294.
** - The rest are derived in Python from numpy's raw words
**   (np.random.RandomState(s).randint(0, 2**32, dtype=np.uint64), which
**   is init_genrand(s) and one untransformed 32-bit word per draw; checked
**   against the 5489 outputs above) with Torch7's formulas applied in
**   double, printed with repr() (exact doubles).
*/
#include "lantern.h"
#include "lt_internal.h"
#include "testhelp.h"
#include <math.h>
#include <string.h>

static lt_tensor *mk(lt_dtype dt, int ndim, const int64_t *size)
{
    lt_tensor *t;
    if (lt_tensor_new_sized(dt, ndim, size, &t) != LT_OK) return NULL;
    return t;
}

static double at(const lt_tensor *t, int64_t i)
{
    return lt_get(t, &i);
}

static void test_mt_reference(void)
{
    lt_generator g;
    static const uint32_t first[5] = { 3499211612u, 581869302u, 3890346734u, 3586334585u,
                                       545404204u };
    lt_rng_manual_seed(&g, 5489);
    int ok = 1;
    for (int i = 0; i < 5; i++) ok &= lt_rng_random(&g) == first[i];
    test_cond("mt19937 init_genrand(5489): first outputs", ok);
    lt_rng_manual_seed(&g, 5489);
    uint32_t r = 0;
    for (int i = 0; i < 10000; i++) r = lt_rng_random(&g);
    test_cond("mt19937: the 10000th output is 4123659995", r == 4123659995u);
    test_cond("initial seed kept", lt_rng_initial_seed(&g) == 5489);

    /* only the low 32 bits of the seed reach the state (Torch7) */
    lt_generator h;
    lt_rng_manual_seed(&g, 7);
    lt_rng_manual_seed(&h, 7 + ((uint64_t)1 << 32));
    test_cond("seed taken modulo 2^32 for the state", lt_rng_random(&g) == lt_rng_random(&h));
    test_cond("but initialSeed keeps all 64 bits",
              lt_rng_initial_seed(&h) == 7 + ((uint64_t)1 << 32));

    lt_rng_manual_seed(&g, 123);
    double u1 = lt_rng_uniform(&g, 0, 1), u2 = lt_rng_uniform(&g, 0, 1),
           u3 = lt_rng_uniform(&g, 0, 1);
    test_cond("Torch7 doc: manualSeed(123) uniforms",
              fabs(u1 - 0.69646918727085) < 5e-15 && fabs(u2 - 0.71295532141812) < 5e-15 &&
              fabs(u3 - 0.28613933874294) < 5e-15);
    test_cond("uniform = word * 2^-32 exactly", u1 == 0.6964691872708499);
    lt_rng_manual_seed(&g, 123);
    test_cond("uniform(a, b) scales the same word", lt_rng_uniform(&g, -2, 6) == u1 * 8 - 2);
    lt_rng_manual_seed(&g, 1);
    uint64_t w1 = lt_rng_random(&g), w2 = lt_rng_random(&g);
    lt_rng_manual_seed(&g, 1);
    test_cond("random64 = two words, high first", lt_rng_random64(&g) == (w1 << 32 | w2));
}

static void test_normal(void)
{
    lt_generator g;
    /* seed 1: -2.9718290309304063, 1.7069510634116105, -0.430498971038916 */
    lt_rng_manual_seed(&g, 1);
    double a = lt_rng_normal(&g, 0, 1), b = lt_rng_normal(&g, 0, 1), c = lt_rng_normal(&g, 0, 1);
    test_cond("normal: Box-Muller cos then sin", a == -2.9718290309304063 &&
              b == 1.7069510634116105 && c == -0.430498971038916);
    /* seed 7, mean 2, std 3: 3.9116917847009844, 2.993933631902631 */
    lt_rng_manual_seed(&g, 7);
    a = lt_rng_normal(&g, 2, 3);
    b = lt_rng_normal(&g, 2, 3);
    test_cond("normal(mean, std)", a == 3.9116917847009844 && b == 2.993933631902631);

    /* a pair uses two words; the cache is dropped by a reseed */
    lt_rng_manual_seed(&g, 1);
    lt_rng_normal(&g, 0, 1);
    lt_rng_normal(&g, 0, 1);
    uint32_t third = lt_rng_random(&g);
    lt_rng_manual_seed(&g, 1);
    lt_rng_random(&g);
    lt_rng_random(&g);
    test_cond("one normal pair consumes two words", lt_rng_random(&g) == third);
    lt_rng_manual_seed(&g, 1);
    a = lt_rng_normal(&g, 0, 1);          /* leaves the sin value cached */
    lt_rng_manual_seed(&g, 1);
    test_cond("reseeding drops the cached normal", lt_rng_normal(&g, 0, 1) == a);
}

static void test_distributions(void)
{
    lt_generator g;
    lt_rng_manual_seed(&g, 1);
    test_cond("exponential(2)", lt_rng_exponential(&g, 2) == 0.26980291325593153);
    lt_rng_manual_seed(&g, 1);
    test_cond("cauchy(1, 2)", lt_rng_cauchy(&g, 1, 2) == 0.4664938105230463);
    lt_rng_manual_seed(&g, 1);
    test_cond("logNormal(1, 2)", lt_rng_log_normal(&g, 1, 2) == 0.01030744357626495);
    lt_rng_manual_seed(&g, 1);
    static const int64_t geo[6] = { 1, 9, 2, 4, 1, 1 };
    int ok = 1;
    for (int i = 0; i < 6; i++) ok &= lt_rng_geometric(&g, 0.5) == geo[i];
    test_cond("geometric(0.5)", ok);
    lt_rng_manual_seed(&g, 1);
    static const int bern[8] = { 0, 0, 0, 0, 1, 1, 0, 0 };
    ok = 1;
    for (int i = 0; i < 8; i++) ok &= lt_rng_bernoulli(&g, 0.3) == bern[i];
    test_cond("bernoulli(0.3)", ok);
    test_cond("bernoulli(0) and (1)", lt_rng_bernoulli(&g, 0) == 0 && lt_rng_bernoulli(&g, 1));

    /* random(a, b): word % (b + 1 - a) + a; seed 1 words 1791095845,
    ** 4282876139, 3093770124 -> -5, -2, 0 on [-5, 5] */
    lt_rng_manual_seed(&g, 1);
    test_cond("random range [-5, 5]", lt_rng_random_range(&g, -5, 5) == -5 &&
              lt_rng_random_range(&g, -5, 5) == -2 && lt_rng_random_range(&g, -5, 5) == 0);
    ok = 1;
    for (int i = 0; i < 1000; i++) {
        int64_t v = lt_rng_random_range(&g, INT64_MIN, INT64_MAX);
        (void)v;
        int64_t w = lt_rng_random_range(&g, INT64_MAX - 2, INT64_MAX);
        ok &= w >= INT64_MAX - 2;
    }
    test_cond("random range at the ends of int64", ok);
    int big = 0;
    for (int i = 0; i < 100; i++) big |= lt_rng_random_range(&g, 0, (int64_t)1 << 40) >> 33;
    test_cond("ranges wider than 2^32 reach above 2^32", big != 0);

    /* parameter checks */
    test_cond("check normal std", lt_rng_check(LT_RNG_NORMAL, 0, 0) == LT_EARG &&
              lt_errarg() == 2 &&
              strcmp(lt_errmsg(), "standard deviation must be strictly positive (got 0)") == 0);
    test_cond("check NaN std", lt_rng_check(LT_RNG_NORMAL, 0, NAN) == LT_EARG &&
              strcmp(lt_errmsg(), "standard deviation must be strictly positive (got nan)") == 0);
    test_cond("check bernoulli", lt_rng_check(LT_RNG_BERNOULLI, 1.5, 0) == LT_EARG &&
              lt_errarg() == 1);
    test_cond("check bernoulli bounds inclusive", lt_rng_check(LT_RNG_BERNOULLI, 1, 0) == LT_OK &&
              lt_rng_check(LT_RNG_BERNOULLI, 0, 0) == LT_OK);
    test_cond("check geometric", lt_rng_check(LT_RNG_GEOMETRIC, 1, 0) == LT_EARG &&
              lt_rng_check(LT_RNG_GEOMETRIC, 0, 0) == LT_EARG &&
              lt_rng_check(LT_RNG_GEOMETRIC, 0.5, 0) == LT_OK);
    test_cond("check exponential", lt_rng_check(LT_RNG_EXPONENTIAL, -1, 0) == LT_EARG);
    test_cond("check uniform", lt_rng_check(LT_RNG_UNIFORM, 1, 0) == LT_EARG &&
              lt_rng_check(LT_RNG_UNIFORM, 1, 1) == LT_OK &&
              lt_rng_check(LT_RNG_UNIFORM, 0, INFINITY) == LT_EARG);
    test_cond("check logNormal mean", lt_rng_check(LT_RNG_LOG_NORMAL, 0, 1) == LT_EARG &&
              lt_errarg() == 1);
    test_cond("check cauchy", lt_rng_check(LT_RNG_CAUCHY, 0, 0) == LT_EARG);
    /* bad parameters are no undefined behaviour (UBSan watches this) */
    test_cond("geometric with a bad p", lt_rng_geometric(&g, 2) >= INT64_MIN);
}

static void test_state(void)
{
    lt_generator g, h;
    lt_tensor *s = lt_tensor_new(LT_BYTE);
    lt_rng_manual_seed(&g, 42);
    for (int i = 0; i < 1000; i++) lt_rng_random(&g);
    lt_rng_normal(&g, 0, 1);             /* a cached normal is state too */
    test_cond("getRNGState", lt_rng_get_state(&g, s) == LT_OK && s->ndim == 1 &&
              s->size[0] == LT_RNG_STATE_BYTES && LT_RNG_STATE_BYTES == 5048);
    test_cond("state is the struct's bytes", memcmp(lt_data(s), &g, sizeof g) == 0);
    double want_n = lt_rng_normal(&g, 0, 1);
    uint32_t want = lt_rng_random(&g);
    lt_rng_manual_seed(&h, 1);
    test_cond("setRNGState", lt_rng_set_state(&h, s) == LT_OK);
    test_cond("restored stream continues", lt_rng_normal(&h, 0, 1) == want_n &&
              lt_rng_random(&h) == want);

    /* a state just after manualSeed (left = 1, next = 0) round-trips too */
    lt_rng_manual_seed(&g, 3);
    lt_rng_get_state(&g, s);
    lt_rng_manual_seed(&h, 9);
    test_cond("fresh state round trip", lt_rng_set_state(&h, s) == LT_OK &&
              lt_rng_random(&h) == lt_rng_random(&g));

    /* a non-contiguous ByteTensor view of the right size is read in order */
    int64_t two[2] = { LT_RNG_STATE_BYTES, 2 };
    lt_tensor *wide = mk(LT_BYTE, 2, two), *col = lt_tensor_new(LT_BYTE);
    lt_rng_get_state(&g, s);
    lt_select(col, wide, 1, 1);           /* a column: stride 2 */
    lt_copy(col, s);
    test_cond("state from a view", !lt_is_contiguous(col) &&
              lt_rng_set_state(&h, col) == LT_OK &&
              lt_rng_random(&h) == lt_rng_random(&g));

    /* bad states are refused and leave the generator alone */
    lt_generator *bad = lt_data(s);
    lt_rng_manual_seed(&g, 5);
    lt_rng_manual_seed(&h, 5);
    lt_rng_get_state(&g, s);
    bad->left = 0;
    test_cond("left = 0 refused", lt_rng_set_state(&h, s) == LT_EVALUE &&
              strcmp(lt_errmsg(), "invalid RNG state (not a state saved by getRNGState)") == 0);
    lt_rng_get_state(&g, s);
    bad->left = 600;
    bad->next = 600;
    test_cond("next + left past the array refused", lt_rng_set_state(&h, s) == LT_EVALUE);
    lt_rng_get_state(&g, s);
    bad->state[100] = (uint64_t)1 << 32;
    test_cond("a 33-bit word refused", lt_rng_set_state(&h, s) == LT_EVALUE);
    lt_rng_get_state(&g, s);
    bad->seeded = 0;
    test_cond("unseeded refused", lt_rng_set_state(&h, s) == LT_EVALUE);
    test_cond("refusals left the generator alone", lt_rng_random(&h) == lt_rng_random(&g));
    int64_t n10 = 10;
    lt_tensor *small = mk(LT_BYTE, 1, &n10), *fl = mk(LT_FLOAT, 1, &n10);
    test_cond("wrong size refused", lt_rng_set_state(&h, small) == LT_ESIZE &&
              strcmp(lt_errmsg(), "RNG state is wrong size: 10 (10 bytes), expected 5048 bytes")
              == 0);
    test_cond("wrong type refused", lt_rng_set_state(&h, fl) == LT_ETYPE);
    test_cond("getRNGState into a FloatTensor refused", lt_rng_get_state(&h, fl) == LT_ETYPE);
    lt_tensor_release(small);
    lt_tensor_release(fl);
    lt_tensor_release(wide);
    lt_tensor_release(col);
    lt_tensor_release(s);
}

static void test_fills(void)
{
    lt_generator g, h;
    int64_t n3 = 3, sz[2] = { 3, 4 };

    /* rand(3) with seed 1: 0.4170219984371215, 0.99718480813317, 0.720324489288032 */
    lt_tensor *d = mk(LT_DOUBLE, 1, &n3), *f = mk(LT_FLOAT, 1, &n3);
    lt_rng_manual_seed(&g, 1);
    test_cond("fill uniform", lt_fill_uniform(d, &g, 0, 1) == LT_OK &&
              at(d, 0) == 0.4170219984371215 && at(d, 1) == 0.99718480813317 &&
              at(d, 2) == 0.720324489288032);
    lt_rng_manual_seed(&g, 1);
    test_cond("float fill: the double rounded to float", lt_fill_uniform(f, &g, 0, 1) == LT_OK &&
              ((float *)lt_data(f))[0] == (float)0.4170219984371215 &&
              ((float *)lt_data(f))[1] == (float)0.99718480813317);

    /* a transposed (non-contiguous) tensor is filled in its own row-major order */
    lt_tensor *m = mk(LT_DOUBLE, 2, sz), *mt = lt_tensor_new(LT_DOUBLE);
    lt_transpose(mt, m, 0, 1);            /* 4x3, strides (1, 4) */
    lt_rng_manual_seed(&g, 11);
    lt_rng_manual_seed(&h, 11);
    lt_fill_normal(mt, &g, 0, 1);
    int ok = 1;
    for (int64_t i = 0; i < 4; i++)
        for (int64_t j = 0; j < 3; j++) {
            int64_t idx[2] = { i, j };
            ok &= lt_get(mt, idx) == lt_rng_normal(&h, 0, 1);
        }
    test_cond("non-contiguous fill in row-major order", ok);
    test_cond("generators agree after the fill", lt_rng_random(&g) == lt_rng_random(&h));

    /* the normal cache carries across fills: 3 then 3 = 6 in one stream */
    lt_rng_manual_seed(&g, 1);
    lt_fill_normal(d, &g, 0, 1);
    double third = at(d, 2);
    lt_fill_normal(d, &g, 0, 1);
    lt_rng_manual_seed(&h, 1);
    for (int i = 0; i < 3; i++) lt_rng_normal(&h, 0, 1);
    test_cond("normal fills share the Box-Muller cache",
              third == -0.430498971038916 && at(d, 0) == lt_rng_normal(&h, 0, 1));

    /* integer kinds on every dtype; real kinds only on Float and Double */
    lt_tensor *b = mk(LT_BYTE, 1, &n3), *l = mk(LT_LONG, 1, &n3);
    lt_rng_manual_seed(&g, 1);
    test_cond("random on Byte: word % 256", lt_fill_random(b, &g, 0, 0, 0) == LT_OK &&
              at(b, 0) == 37 && at(b, 1) == 235 && at(b, 2) == 140);
    lt_rng_manual_seed(&g, 1);
    test_cond("random on Long: the word", lt_fill_random(l, &g, 0, 0, 0) == LT_OK &&
              lt_geti(l, (int64_t[]){ 0 }) == 1791095845);
    lt_rng_manual_seed(&g, 1);
    test_cond("random range on Double (negative low bound)",
              lt_fill_random(d, &g, 1, -5, 5) == LT_OK && at(d, 0) == -5 && at(d, 1) == -2 &&
              at(d, 2) == 0);
    test_cond("random empty range refused", lt_fill_random(d, &g, 1, 5, 4) == LT_EARG &&
              lt_errarg() == 4);
    test_cond("uniform on Long refused", lt_fill_uniform(l, &g, 0, 1) == LT_ETYPE &&
              lt_errarg() == 1);
    test_cond("bernoulli on Long", lt_fill_bernoulli(l, &g, 1) == LT_OK &&
              lt_geti(l, (int64_t[]){ 2 }) == 1);
    test_cond("geometric on Byte", lt_fill_geometric(b, &g, 0.5) == LT_OK && at(b, 0) >= 1);
    test_cond("fill parameter errors name operand 4",
              lt_fill_normal(d, &g, 0, -1) == LT_EARG && lt_errarg() == 4);
    test_cond("fill parameter errors name operand 3",
              lt_fill_exponential(d, &g, 0) == LT_EARG && lt_errarg() == 3);

    /* bernoulli with probabilities: same numel pairs row-major, else broadcast */
    lt_tensor *p = mk(LT_FLOAT, 1, &n3), *m2 = mk(LT_DOUBLE, 2, sz), *p4 = NULL;
    float *pp = lt_data(p);
    pp[0] = 0;
    pp[1] = 1;
    pp[2] = 0;
    test_cond("bernoulli tensor", lt_fill_bernoulli_tensor(d, &g, p) == LT_OK &&
              at(d, 0) == 0 && at(d, 1) == 1 && at(d, 2) == 0);
    int64_t n4 = 4;
    p4 = mk(LT_DOUBLE, 1, &n4);
    lt_fill(p4, lt_scalar_f(1));
    ((double *)lt_data(p4))[2] = 0;
    ok = lt_fill_bernoulli_tensor(m2, &g, p4) == LT_OK;
    for (int64_t i = 0; i < 3; i++)
        for (int64_t j = 0; j < 4; j++) {
            int64_t idx[2] = { i, j };
            ok &= lt_get(m2, idx) == (j == 2 ? 0 : 1);
        }
    test_cond("bernoulli probabilities broadcast over rows", ok);
    pp[1] = 1.5f;
    test_cond("bernoulli bad probability refused before drawing",
              lt_fill_bernoulli_tensor(d, &g, p) == LT_EARG && lt_errarg() == 3);
    test_cond("bernoulli size mismatch", lt_fill_bernoulli_tensor(m2, &g, p) == LT_ESIZE);

    /* empty tensors: nothing drawn */
    lt_tensor *e = lt_tensor_new(LT_DOUBLE);
    lt_rng_manual_seed(&g, 1);
    lt_rng_manual_seed(&h, 1);
    test_cond("empty fill draws nothing", lt_fill_uniform(e, &g, 0, 1) == LT_OK &&
              lt_rng_random(&g) == lt_rng_random(&h));

    /* cancellation reaches big fills */
    int64_t big = 4 * LT_CHUNK;
    lt_tensor *bt = mk(LT_DOUBLE, 1, &big);
    lt_cancel();
    test_cond("fill honours cancellation", lt_fill_uniform(bt, &g, 0, 1) == LT_ECANCEL);
    lt_cancel_clear();
    test_cond("and runs again after", lt_fill_uniform(bt, &g, 0, 1) == LT_OK);

    lt_tensor *tensors[] = { d, f, m, mt, b, l, p, m2, p4, e, bt };
    for (size_t i = 0; i < sizeof tensors / sizeof *tensors; i++) lt_tensor_release(tensors[i]);
}

static void test_randperm_multinomial(void)
{
    lt_generator g;
    lt_tensor *r = lt_tensor_new(LT_LONG);
    /* seed 1: 6 7 2 3 1 9 10 4 8 5 */
    static const int64_t perm[10] = { 6, 7, 2, 3, 1, 9, 10, 4, 8, 5 };
    lt_rng_manual_seed(&g, 1);
    int ok = lt_randperm(r, &g, 10) == LT_OK && r->ndim == 1 && r->size[0] == 10;
    for (int64_t i = 0; ok && i < 10; i++) ok &= lt_geti(r, &i) == perm[i];
    test_cond("randperm(10)", ok);
    test_cond("randperm(0) is empty", lt_randperm(r, &g, 0) == LT_OK && lt_numel(r) == 0);
    test_cond("randperm(-1) refused", lt_randperm(r, &g, -1) == LT_EARG && lt_errarg() == 3);
    lt_tensor *b = lt_tensor_new(LT_BYTE);
    test_cond("randperm past the type refused", lt_randperm(b, &g, 256) == LT_EARG &&
              lt_randperm(b, &g, 255) == LT_OK);
    int seen[256] = { 0 };
    ok = 1;
    for (int64_t i = 0; i < 255; i++) ok &= !seen[(int)lt_geti(b, &i)]++;
    test_cond("randperm(255) into Byte is a permutation", ok && !seen[0]);

    int64_t n4 = 4, sz[2] = { 2, 3 };
    lt_tensor *p = mk(LT_DOUBLE, 1, &n4), *p2 = mk(LT_DOUBLE, 2, sz);
    double *pp = lt_data(p);
    pp[0] = 0.1;
    pp[1] = 0.2;
    pp[2] = 0.3;
    pp[3] = 0.4;
    static const int64_t with[8] = { 3, 4, 4, 4, 1, 2, 3, 4 }, without[4] = { 3, 4, 2, 1 };
    lt_rng_manual_seed(&g, 1);
    ok = lt_multinomial(r, &g, p, 8, 1) == LT_OK && r->ndim == 1 && r->size[0] == 8;
    for (int64_t i = 0; ok && i < 8; i++) ok &= lt_geti(r, &i) == with[i];
    test_cond("multinomial with replacement", ok);
    lt_rng_manual_seed(&g, 1);
    ok = lt_multinomial(r, &g, p, 4, 0) == LT_OK;
    for (int64_t i = 0; ok && i < 4; i++) ok &= lt_geti(r, &i) == without[i];
    test_cond("multinomial without replacement", ok);

    double *q = lt_data(p2);           /* rows {1,2,3}, {3,0,1}: 2 3 / 1 3 */
    q[0] = 1, q[1] = 2, q[2] = 3, q[3] = 3, q[4] = 0, q[5] = 1;
    lt_rng_manual_seed(&g, 1);
    ok = lt_multinomial(r, &g, p2, 2, 0) == LT_OK && r->ndim == 2 && r->size[0] == 2 &&
         r->size[1] == 2;
    static const int64_t rows[4] = { 2, 3, 1, 3 };
    for (int64_t i = 0; ok && i < 4; i++) {
        int64_t idx[2] = { i / 2, i % 2 };
        ok &= lt_geti(r, idx) == rows[i];
    }
    test_cond("multinomial 2D, unnormalised rows", ok);

    /* zero probabilities are never drawn; without replacement never twice */
    q[0] = 0, q[1] = 1, q[2] = 0, q[3] = 0, q[4] = 0, q[5] = 1;
    ok = lt_multinomial(r, &g, p2, 500, 1) == LT_OK;
    for (int64_t i = 0; ok && i < 500; i++) {
        int64_t i0[2] = { 0, i }, i1[2] = { 1, i };
        ok &= lt_geti(r, i0) == 2 && lt_geti(r, i1) == 3;
    }
    test_cond("zero-probability categories never drawn", ok);
    pp[0] = 1, pp[1] = 1e-20, pp[2] = 0, pp[3] = 1e-300;
    ok = 1;
    for (int k = 0; k < 50 && ok; k++) {
        ok &= lt_multinomial(r, &g, p, 3, 0) == LT_OK;
        int hit[5] = { 0 };
        for (int64_t i = 0; i < 3; i++) hit[lt_geti(r, &i)]++;
        ok &= hit[1] == 1 && hit[2] == 1 && hit[3] == 0 && hit[4] == 1;
    }
    test_cond("without replacement survives underflowing rests", ok);

    pp[0] = 1, pp[1] = -1;
    test_cond("negative probability refused", lt_multinomial(r, &g, p, 1, 1) == LT_EVALUE &&
              lt_errarg() == 3);
    pp[1] = INFINITY;
    test_cond("infinite probability refused", lt_multinomial(r, &g, p, 1, 1) == LT_EVALUE);
    pp[0] = 0, pp[1] = 0, pp[2] = 0, pp[3] = 0;
    test_cond("zero sum refused", lt_multinomial(r, &g, p, 1, 1) == LT_EVALUE);
    pp[0] = 1;
    test_cond("too few non-zero categories refused",
              lt_multinomial(r, &g, p, 2, 0) == LT_EVALUE);
    test_cond("more samples than categories refused",
              lt_multinomial(r, &g, p, 5, 0) == LT_EARG && lt_errarg() == 4);
    test_cond("zero samples refused", lt_multinomial(r, &g, p, 0, 1) == LT_EARG);
    test_cond("non-Long result refused", lt_multinomial(b, &g, p, 1, 1) == LT_ETYPE &&
              lt_errarg() == 1);
    lt_tensor *e = lt_tensor_new(LT_DOUBLE);
    test_cond("empty probabilities refused", lt_multinomial(r, &g, e, 1, 1) == LT_EARG);
    lt_tensor_release(e);
    lt_tensor_release(p);
    lt_tensor_release(p2);
    lt_tensor_release(b);
    lt_tensor_release(r);
}

static void test_default(void)
{
    lt_generator *g = lt_default_generator();
    test_cond("default generator is seeded", g->seeded == 1 && g == lt_default_generator());
    lt_generator a, b;
    uint64_t s1 = lt_rng_seed(&a), s2 = lt_rng_seed(&b);
    test_cond("seed() reports the seed", lt_rng_initial_seed(&a) == s1 &&
              lt_rng_initial_seed(&b) == s2 && s1 != s2);
}

int main(void)
{
    test_mt_reference();
    test_normal();
    test_distributions();
    test_state();
    test_fills();
    test_randperm_multinomial();
    test_default();
    return test_report();
}
