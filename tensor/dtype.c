/*
** dtype.c — the dtype traits table.
**
** One row per element type.  Generic code (printing, single-element access,
** Lua tables to tensors) reads and writes elements through get/set; typed
** kernels never do.  set() saturates when a double does not fit an integer
** type (C leaves that undefined); seti() wraps like a C integer cast.
*/
#include "lt_internal.h"
#include <string.h>

#define LT_TRAIT_FNS(E, T, U, ACC, ISF)                                              \
    static double get_##E(const void *p) { return (double)*(const T *)p; }           \
    static int64_t geti_##E(const void *p) { return (int64_t)*(const T *)p; }        \
    static void seti_##E(void *p, int64_t v) { *(T *)p = (T)(U)(uint64_t)v; }
LT_FOR_ALL_DTYPES(LT_TRAIT_FNS)
#undef LT_TRAIT_FNS

static void set_LT_BYTE(void *p, double v) { *(uint8_t *)p = (uint8_t)ltI_f2i(v, 0, UINT8_MAX); }
static void set_LT_CHAR(void *p, double v) { *(int8_t *)p = (int8_t)ltI_f2i(v, INT8_MIN, INT8_MAX); }
static void set_LT_SHORT(void *p, double v) { *(int16_t *)p = (int16_t)ltI_f2i(v, INT16_MIN, INT16_MAX); }
static void set_LT_INT(void *p, double v) { *(int32_t *)p = (int32_t)ltI_f2i(v, INT32_MIN, INT32_MAX); }
static void set_LT_LONG(void *p, double v) { *(int64_t *)p = ltI_f2i(v, INT64_MIN, INT64_MAX); }
static void set_LT_FLOAT(void *p, double v) { *(float *)p = (float)v; }
static void set_LT_DOUBLE(void *p, double v) { *(double *)p = v; }

#define ROW(E, name, cname, T, isf, sgn, lo, hi) \
    { name, cname, sizeof(T), isf, sgn, lo, hi, get_##E, set_##E, geti_##E, seti_##E }

const lt_dtype_traits lt_dtypes[LT_NDTYPES] = {
    ROW(LT_BYTE,   "Byte",   "unsigned char", uint8_t, 0, 0, 0, UINT8_MAX),
    ROW(LT_CHAR,   "Char",   "char",          int8_t,  0, 1, INT8_MIN, INT8_MAX),
    ROW(LT_SHORT,  "Short",  "short",         int16_t, 0, 1, INT16_MIN, INT16_MAX),
    ROW(LT_INT,    "Int",    "int",           int32_t, 0, 1, INT32_MIN, INT32_MAX),
    ROW(LT_LONG,   "Long",   "long",          int64_t, 0, 1, INT64_MIN, INT64_MAX),
    ROW(LT_FLOAT,  "Float",  "float",         float,   1, 1, 0, 0),
    ROW(LT_DOUBLE, "Double", "double",        double,  1, 1, 0, 0),
};

int lt_dtype_from_name(const char *name)
{
    for (int d = 0; d < LT_NDTYPES; d++)
        if (strcmp(lt_dtypes[d].name, name) == 0) return d;
    return -1;
}
