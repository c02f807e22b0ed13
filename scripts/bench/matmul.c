/*
** matmul.c — lt_addmm against a direct cblas_sgemm/dgemm call.
**
** Both sides use the same OpenBLAS (through ltI_blas_get, after Lantern has
** chosen its core) and the same thread count (lt_set_num_threads), on the
** same contiguous row-major operands, C = A*B with beta 0.  What the ratio
** measures is Lantern's own cost: argument checks, layout choice and the
** cutting of large products into interruptible calls.  Each case runs 25
** rounds of one ~20 ms burst per side, back to back (alternating which goes
** first); GFLOP/s and the ratio come from each side's fastest burst, since
** time stolen by other processes can only slow a burst down.
**
** Output, one line per case (name in 34 columns, like the other benches):
**   float32 mm 1024x1024x1024  <lantern> GFLOP/s  cblas <direct> GFLOP/s  ratio <l/d>
**
** Build (scripts/bench/run.sh does this): compile with -Itensor and link
** with the objects in build/obj/tensor and -lm -ldl -lpthread -fopenmp.
** Usage: matmul [threads] [quick|full] [only cases whose name contains this]
*/
#include "lantern.h"
#include "lt_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { ROWMAJOR = 101, NOTRANS = 111 };

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef struct bcase {
    lt_dtype dt;
    int64_t m, k, n;
    lt_tensor *a, *b, *c;
    const ltI_blas *bl;
} bcase;

static void run_direct(bcase *x)
{
    int m = (int)x->m, n = (int)x->n, k = (int)x->k;
    if (x->dt == LT_FLOAT)
        x->bl->sgemm(ROWMAJOR, NOTRANS, NOTRANS, m, n, k, 1.0f, lt_data(x->a), k, lt_data(x->b),
                     n, 0.0f, lt_data(x->c), n);
    else
        x->bl->dgemm(ROWMAJOR, NOTRANS, NOTRANS, m, n, k, 1.0, lt_data(x->a), k, lt_data(x->b), n,
                     0.0, lt_data(x->c), n);
}

static void run_lantern(bcase *x)
{
    lt_status st = lt_addmm(x->c, lt_scalar_i(0), x->c, lt_scalar_i(1), x->a, x->b);
    if (st) {
        fprintf(stderr, "lt_addmm failed: %s\n", lt_errmsg());
        exit(1);
    }
}

/* seconds per call of one burst of `reps` calls */
static double burst(void (*fn)(bcase *), bcase *x, int reps)
{
    double t0 = now();
    for (int i = 0; i < reps; i++) fn(x);
    return (now() - t0) / reps;
}

/* values in [-1, 1) from a small LCG (the benchmark needs no real RNG) */
static void fill(lt_tensor *t)
{
    static uint64_t state = 42;
    int64_t n = lt_numel(t);
    for (int64_t i = 0; i < n; i++) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        double v = (double)(state >> 11) / 9007199254740992.0 * 2 - 1;
        if (t->dtype == LT_FLOAT) ((float *)lt_data(t))[i] = (float)v;
        else ((double *)lt_data(t))[i] = v;
    }
}

static const char *filter;

static void bench(const ltI_blas *bl, lt_dtype dt, int64_t m, int64_t k, int64_t n, int rounds)
{
    int64_t sa[2] = { m, k }, sb[2] = { k, n }, sc[2] = { m, n };
    bcase x = { dt, m, k, n, NULL, NULL, NULL, bl };
    char name[64];
    if (m == k && k == n)
        snprintf(name, sizeof name, "%s mm %lld^3", dt == LT_FLOAT ? "float32" : "float64",
                 (long long)m);
    else
        snprintf(name, sizeof name, "%s mm %lldx%lldx%lld", dt == LT_FLOAT ? "float32" : "float64",
                 (long long)m, (long long)k, (long long)n);
    if (filter && !strstr(name, filter)) return;
    if (lt_tensor_new_sized(dt, 2, sa, &x.a) || lt_tensor_new_sized(dt, 2, sb, &x.b) ||
        lt_tensor_new_sized(dt, 2, sc, &x.c)) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    fill(x.a);
    fill(x.b);
    lt_zero(x.c);
    /* interleaved bursts of ~20 ms; the fastest burst of each side counts,
    ** which filters out time stolen by other processes */
    run_direct(&x);
    run_lantern(&x);
    double est = burst(run_direct, &x, 1);
    int reps = est > 0.02 ? 1 : (int)(0.02 / est) + 1;
    double td = 1e30, tl = 1e30;
    for (int r = 0; r < rounds; r++) {
        /* alternate which side goes first, so neither always follows the other */
        double d, l;
        if (r & 1) {
            l = burst(run_lantern, &x, reps);
            d = burst(run_direct, &x, reps);
        } else {
            d = burst(run_direct, &x, reps);
            l = burst(run_lantern, &x, reps);
        }
        if (d < td) td = d;
        if (l < tl) tl = l;
    }
    double flops = 2.0 * m * n * k;
    printf("%-34s %10.2f GFLOP/s  cblas %10.2f GFLOP/s  ratio %5.3f\n", name, flops / tl / 1e9,
           flops / td / 1e9, td / tl);
    fflush(stdout);
    lt_tensor_release(x.a);
    lt_tensor_release(x.b);
    lt_tensor_release(x.c);
}

int main(int argc, char **argv)
{
    int threads = argc > 1 ? atoi(argv[1]) : lt_get_num_cores();
    int quick = argc > 2 && strcmp(argv[2], "quick") == 0;
    filter = argc > 3 ? argv[3] : NULL;
    const ltI_blas *bl = ltI_blas_get();
    if (!bl) {
        fprintf(stderr, "%s\n", lt_errmsg());
        return 1;
    }
    lt_set_num_threads(threads > 0 ? threads : 1);
    const lt_blas_info *info = lt_blas_info_get();
    printf("# %d thread(s); OpenBLAS core %s (%s)\n", lt_get_num_threads(), info->corename,
           info->choice);
    static const int64_t sq[] = { 64, 128, 256, 512, 1024, 2048 };
    /* the last one is cut into row panels (the 2048^3 cases into k-chunks) */
    static const int64_t rect[][3] = { { 4096, 64, 4096 }, { 256, 8192, 256 }, { 128, 1024, 8192 },
                                       { 4096, 256, 4096 } };
    int rounds = quick ? 5 : 25;
    for (int d = 0; d < 2; d++) {
        lt_dtype dt = d ? LT_DOUBLE : LT_FLOAT;
        for (size_t i = 0; i < sizeof sq / sizeof *sq; i++)
            bench(bl, dt, sq[i], sq[i], sq[i], rounds);
        for (size_t i = 0; i < sizeof rect / sizeof *rect; i++)
            bench(bl, dt, rect[i][0], rect[i][1], rect[i][2], rounds);
    }
    return 0;
}
