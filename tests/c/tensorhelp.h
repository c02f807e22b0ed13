/*
** tensorhelp.h — tensor helpers shared by the C unit tests.
*/
#ifndef TENSORHELP_H
#define TENSORHELP_H

#include "lantern.h"

/* a new tensor of the given sizes (NULL on failure) */
static inline lt_tensor *mk(lt_dtype dt, int ndim, const int64_t *size)
{
    lt_tensor *t;
    if (lt_tensor_new_sized(dt, ndim, size, &t) != LT_OK) return NULL;
    return t;
}

/* fill with 1, 2, 3, ... in row-major order */
static inline void iota(lt_tensor *t)
{
    int64_t idx[LT_MAXDIM] = { 0 }, n = lt_numel(t);
    for (int64_t i = 0; i < n; i++) {
        lt_setv(t, idx, lt_scalar_i(i + 1));
        for (int d = t->ndim - 1; d >= 0; d--) {
            if (++idx[d] < t->size[d]) break;
            idx[d] = 0;
        }
    }
}

/* element (i, j) of a matrix, as a double */
static inline double at2(const lt_tensor *t, int64_t i, int64_t j)
{
    int64_t idx[2] = { i, j };
    return lt_get(t, idx);
}

#endif
