/*
** cpu.c — choose OpenBLAS's kernel core from cpuid, before OpenBLAS loads.
**
** Debian's OpenBLAS (0.3.21, DYNAMIC_ARCH) falls back to its "Prescott"
** kernels on CPUs newer than it knows (e.g. Sapphire/Emerald Rapids), and
** then runs sgemm about 5x slower.  OpenBLAS reads OPENBLAS_CORETYPE once,
** when it initialises, so blas.c loads it with dlopen only after this file
** has set the variable: from the instruction sets the CPU and the OS
** actually enable (cpuid + xgetbv), never from model numbers, so a CPU
** newer than this file is still handled.  A user's own OPENBLAS_CORETYPE
** always wins.
*/
#include "lt_internal.h"
#include <stdio.h>
#include <stdlib.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

static uint64_t xgetbv0(void)
{
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

/* Returns the OpenBLAS core name best matching the CPU, or NULL. */
static const char *best_core(char *cpu, size_t ncpu)
{
    unsigned a = 0, b = 0, c = 0, d = 0, maxleaf = 0;
    char vendor[13] = { 0 };
    if (!__get_cpuid(0, &maxleaf, &b, &c, &d)) return NULL;
    memcpy(vendor, &b, 4);
    memcpy(vendor + 4, &d, 4);
    memcpy(vendor + 8, &c, 4);
    __get_cpuid(1, &a, &b, &c, &d);
    unsigned family = (a >> 8) & 0xf, model = (a >> 4) & 0xf;
    if (family == 6 || family == 15) model += ((a >> 16) & 0xf) << 4;
    if (family == 15) family += (a >> 20) & 0xff;
    int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1, fma = (c >> 12) & 1;
    uint64_t xcr0 = osxsave ? xgetbv0() : 0;
    int ymm = (xcr0 & 0x6) == 0x6, zmm = (xcr0 & 0xe6) == 0xe6;
    int avx2 = 0, avx512f = 0, avx512bw = 0, avx512dq = 0, avx512vl = 0, bf16 = 0;
    if (maxleaf >= 7) {
        __cpuid_count(7, 0, a, b, c, d);
        avx2 = (b >> 5) & 1;
        avx512f = (b >> 16) & 1;
        avx512dq = (b >> 17) & 1;
        avx512bw = (b >> 30) & 1;
        avx512vl = (b >> 31) & 1;
        __cpuid_count(7, 1, a, b, c, d);
        bf16 = (a >> 5) & 1;
    }
    int has512 = zmm && avx512f && avx512bw && avx512dq && avx512vl;
    snprintf(cpu, ncpu, "%s family %u model %u (%s%s%s)", vendor, family, model,
             has512 ? "avx512" : (avx2 && ymm ? "avx2" : (avx && ymm ? "avx" : "sse")),
             has512 && bf16 ? "+bf16" : "", fma ? ", fma" : "");
    if (has512 && bf16) return "Cooperlake";
    if (has512) return "SkylakeX";
    if (avx2 && fma && ymm) {
        /* AMD Zen kernels are tuned for Zen; Intel/others take Haswell */
        return strcmp(vendor, "AuthenticAMD") == 0 ? "Zen" : "Haswell";
    }
    if (avx && ymm) return "Sandybridge";
    return NULL;   /* older CPUs: OpenBLAS's own detection is right */
}
#else
static const char *best_core(char *cpu, size_t ncpu)
{
    snprintf(cpu, ncpu, "non-x86 CPU");
    return NULL;
}
#endif

void ltI_cpu_select_openblas_core(char *cpu, size_t ncpu, char *choice, size_t nchoice)
{
    const char *user = getenv("OPENBLAS_CORETYPE");
    const char *core = best_core(cpu, ncpu);
    if (user && *user) {
        snprintf(choice, nchoice, "OPENBLAS_CORETYPE=%s set by the user", user);
        return;
    }
    if (!core) {
        snprintf(choice, nchoice, "OpenBLAS's own detection");
        return;
    }
    setenv("OPENBLAS_CORETYPE", core, 1);
    snprintf(choice, nchoice, "OPENBLAS_CORETYPE=%s chosen by Lantern from cpuid", core);
}
