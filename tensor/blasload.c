/*
** blasload.c — load OpenBLAS at first use and resolve the routines we call.
**
** OpenBLAS is opened with dlopen rather than linked, so that cpu.c can set
** OPENBLAS_CORETYPE before the library's constructor picks its kernels (a
** linked library initialises before any of our code runs, in the lantern
** binary and in `require 'torch'` alike).  The path comes from pkg-config at
** build time (LT_OPENBLAS_PATH), with the soname as a fallback.  LAPACK
** routines (issue: linear algebra) are looked up in the same handle.
*/
#include "lt_internal.h"
#include <dlfcn.h>
#include <stdlib.h>
#include <pthread.h>
#include <stdio.h>

#ifndef LT_OPENBLAS_PATH
#define LT_OPENBLAS_PATH "libopenblas.so.0"
#endif

static ltI_blas blas;
static lt_blas_info info;
static char cpu[160], choice[160], libpath[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;
static char loaderr[1024];

static void *sym(const char *name)
{
    return blas.handle ? dlsym(blas.handle, name) : NULL;
}

static void load(void)
{
    const char *paths[] = { LT_OPENBLAS_PATH, "libopenblas.so.0", "libopenblas.so" };
    ltI_cpu_select_openblas_core(cpu, sizeof cpu, choice, sizeof choice);
    /* OpenBLAS's idle workers spin for 2^28 cycles (~0.1 s) after each call
    ** before they sleep; between BLAS calls the OpenMP loops then fight them
    ** for the cores (measured: an MLP epoch at 2 threads on 2 cores, 13 s
    ** against 0.4 s).  2^4 cycles: sleep almost at once.  Read once, when
    ** the library initialises, so it is set here, before dlopen; a user's
    ** own value wins. */
    setenv("OPENBLAS_THREAD_TIMEOUT", "4", 0);
    info.cpu = cpu;
    info.choice = choice;
    for (size_t i = 0; i < sizeof paths / sizeof *paths && !blas.handle; i++) {
        blas.handle = dlopen(paths[i], RTLD_NOW | RTLD_LOCAL);
        if (blas.handle) snprintf(libpath, sizeof libpath, "%s", paths[i]);
    }
    if (!blas.handle) {
        snprintf(loaderr, sizeof loaderr, "cannot load OpenBLAS (%s): install libopenblas0 "
                 "(make deps)", dlerror());
        return;
    }
    *(void **)&blas.sgemm = sym("cblas_sgemm");
    *(void **)&blas.dgemm = sym("cblas_dgemm");
    *(void **)&blas.sgemv = sym("cblas_sgemv");
    *(void **)&blas.dgemv = sym("cblas_dgemv");
    *(void **)&blas.sger = sym("cblas_sger");
    *(void **)&blas.dger = sym("cblas_dger");
    *(void **)&blas.sdot = sym("cblas_sdot");
    *(void **)&blas.ddot = sym("cblas_ddot");
    *(void **)&blas.set_num_threads = sym("openblas_set_num_threads");
    *(void **)&blas.get_num_threads = sym("openblas_get_num_threads");
    *(void **)&blas.get_config = sym("openblas_get_config");
    *(void **)&blas.get_corename = sym("openblas_get_corename");
    if (!blas.sgemm || !blas.dgemm || !blas.sgemv || !blas.dgemv || !blas.sger || !blas.dger ||
        !blas.sdot || !blas.ddot) {
        snprintf(loaderr, sizeof loaderr, "%s lacks the CBLAS routines Lantern needs", libpath);
        dlclose(blas.handle);
        blas.handle = NULL;
        return;
    }
    info.loaded = 1;
    info.library = libpath;
    info.config = blas.get_config ? blas.get_config() : "unknown";
    info.corename = blas.get_corename ? blas.get_corename() : "unknown";
}

const ltI_blas *ltI_blas_get(void)
{
    pthread_once(&once, load);
    if (!info.loaded) {
        ltI_err(LT_EARG, 0, "%s", loaderr);
        return NULL;
    }
    return &blas;
}

void *ltI_blas_sym(const char *name)
{
    return ltI_blas_get() ? sym(name) : NULL;
}

const lt_blas_info *lt_blas_info_get(void)
{
    ltI_blas_get();
    return &info;
}
