/*
** parallel.c — the thread knob, the parallel range loop and cancellation.
**
** One knob sets both thread pools: OpenMP (our loops) and OpenBLAS (its
** GEMMs).  Loops are cut into chunks of `grain` units; between chunks every
** thread polls the cancel flag, which a signal handler may set at any time
** (it is a lock-free atomic, so setting it is async-signal-safe).  A
** cancelled loop stops starting chunks and the op returns LT_ECANCEL.
*/
#include "lt_internal.h"
#include <stdatomic.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

static atomic_int cancel_flag;
static int num_threads;          /* 0 until first asked: then the core count */

void lt_cancel(void) { atomic_store_explicit(&cancel_flag, 1, memory_order_relaxed); }
void lt_cancel_clear(void) { atomic_store_explicit(&cancel_flag, 0, memory_order_relaxed); }
int lt_cancel_requested(void) { return atomic_load_explicit(&cancel_flag, memory_order_relaxed); }

int lt_get_num_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

int lt_get_num_threads(void)
{
    if (num_threads == 0) {
#ifdef _OPENMP
        num_threads = omp_get_max_threads();
#else
        num_threads = 1;
#endif
    }
    return num_threads;
}

void lt_set_num_threads(int n)
{
    if (n < 1) n = 1;
    num_threads = n;
#ifdef _OPENMP
    omp_set_num_threads(n);
#endif
    const ltI_blas *b = ltI_blas_get();
    if (b && b->set_num_threads) b->set_num_threads(n);
}

int ltI_in_parallel(void)
{
#ifdef _OPENMP
    return omp_in_parallel();
#else
    return 0;
#endif
}

lt_status ltI_parallel_for(int64_t n, int64_t grain, ltI_range_fn fn, void *ctx)
{
    if (n <= 0) return LT_OK;
    if (grain <= 0) grain = LT_GRAIN;
    int64_t nchunks = (n + grain - 1) / grain;
    int nt = lt_get_num_threads();
    if (nt > nchunks) nt = (int)nchunks;
    if (nt <= 1 || ltI_in_parallel()) {
        for (int64_t c = 0; c < nchunks; c++) {
            if (lt_cancel_requested()) return ltI_err(LT_ECANCEL, 0, "interrupted");
            int64_t b = c * grain, e = b + grain < n ? b + grain : n;
            if (fn(b, e, ctx)) return LT_EVALUE;
        }
        return LT_OK;
    }
    int stop = 0;   /* 1: cancelled, 2: fn failed */
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(nt)
#endif
    for (int64_t c = 0; c < nchunks; c++) {
        int s;
#ifdef _OPENMP
#pragma omp atomic read
#endif
        s = stop;
        if (s) continue;
        if (lt_cancel_requested()) {
#ifdef _OPENMP
#pragma omp atomic write
#endif
            stop = 1;
            continue;
        }
        int64_t b = c * grain, e = b + grain < n ? b + grain : n;
        if (fn(b, e, ctx)) {
#ifdef _OPENMP
#pragma omp atomic write
#endif
            stop = 2;
        }
    }
    if (stop == 1) return ltI_err(LT_ECANCEL, 0, "interrupted");
    return stop ? LT_EVALUE : LT_OK;
}
