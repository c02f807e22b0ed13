#include "lt_internal.h"
lt_status lt_dot(const lt_tensor *a, const lt_tensor *b, double *res, int64_t *ires) { (void)a; (void)b; (void)res; (void)ires; return ltI_err(LT_EARG, 0, "todo"); }
lt_status lt_addmv(lt_tensor *out, lt_scalar beta, const lt_tensor *c, lt_scalar alpha, const lt_tensor *mat, const lt_tensor *vec) { (void)out; (void)beta; (void)c; (void)alpha; (void)mat; (void)vec; return ltI_err(LT_EARG, 0, "todo"); }
lt_status lt_addmm(lt_tensor *out, lt_scalar beta, const lt_tensor *c, lt_scalar alpha, const lt_tensor *m1, const lt_tensor *m2) { (void)out; (void)beta; (void)c; (void)alpha; (void)m1; (void)m2; return ltI_err(LT_EARG, 0, "todo"); }
