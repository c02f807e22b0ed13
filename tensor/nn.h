/*
** nn.h — the C kernels behind Lantern's neural-network layers: convolution
** (im2col + GEMM), pooling, softmax / log-softmax, the fused negative
** log-likelihood and cross-entropy losses, and batch normalisation.
**
** Shapes and conventions
** ----------------------
** Image kernels take a batch (N,C,H,W) or one image (C,H,W); the result
** has the same number of dimensions.  Float and Double tensors only; any
** layout is accepted (non-contiguous operands are copied first) and
** results are resized and written contiguous.  Gradients of parameters are
** *accumulated* (gw += scale * dL/dw), as Torch7's accGradParameters does;
** gradients of inputs are overwritten.  Class targets are 1-based (Torch7).
** Every function returns an lt_status; the message names the operand and
** the shapes (lt_errarg: the 1-based position of the failing tensor among
** the function's tensor arguments, counting outputs).  Long loops poll
** lt_cancel between chunks and return LT_ECANCEL.
*/
#ifndef LANTERN_NN_H
#define LANTERN_NN_H

#include "lantern.h"

/* --------------------------------------------------------- convolution */
/* Geometry of a 2-D convolution: kernel, stride, zero padding, dilation,
** and for transposed convolution the extra output size adj (< stride). */
typedef struct lt_conv2d {
    int kW, kH, dW, dH, padW, padH, dilW, dilH, adjW, adjH;
} lt_conv2d;

/* Cross-correlation (Torch7's SpatialConvolution):
**   in (N,C,H,W), w (O,C,kH,kW) or (O, C*kH*kW), b (O) or NULL
**   -> out (N,O,oH,oW), oH = (H + 2padH - dilH*(kH-1) - 1)/dH + 1.
** Operands: out 1, in 2, w 3, b 4. */
lt_status lt_nn_conv2d(lt_tensor *out, const lt_tensor *in, const lt_tensor *w,
                       const lt_tensor *b, const lt_conv2d *p);
/* gin (in's shape) = dL/din from gout (N,O,oH,oW).  Operands: gin 1, in 2, gout 3, w 4. */
lt_status lt_nn_conv2d_backward_input(lt_tensor *gin, const lt_tensor *in,
                                      const lt_tensor *gout, const lt_tensor *w,
                                      const lt_conv2d *p);
/* gw (w's shape) += scale*dL/dw, gb (O) += scale*dL/db (gb may be NULL).
** Operands: gw 1, gb 2, in 3, gout 4. */
lt_status lt_nn_conv2d_backward_params(lt_tensor *gw, lt_tensor *gb, const lt_tensor *in,
                                       const lt_tensor *gout, double scale,
                                       const lt_conv2d *p);

/* Transposed ("full") convolution (Torch7's SpatialFullConvolution):
**   in (N,C,H,W), w (C,O,kH,kW), b (O) or NULL
**   -> out (N,O,oH,oW), oH = (H-1)*dH - 2padH + dilH*(kH-1) + 1 + adjH.
** The same operand numbering as the convolution above. */
lt_status lt_nn_convT2d(lt_tensor *out, const lt_tensor *in, const lt_tensor *w,
                        const lt_tensor *b, const lt_conv2d *p);
lt_status lt_nn_convT2d_backward_input(lt_tensor *gin, const lt_tensor *in,
                                       const lt_tensor *gout, const lt_tensor *w,
                                       const lt_conv2d *p);
lt_status lt_nn_convT2d_backward_params(lt_tensor *gw, lt_tensor *gb, const lt_tensor *in,
                                        const lt_tensor *gout, double scale,
                                        const lt_conv2d *p);

/* ------------------------------------------------------------- pooling */
/* Max pooling over kH x kW windows with stride and implicit -inf padding
** (pad <= k/2), floor or ceil output sizes (ceil: a last window must start
** inside the input or the left padding, as Torch7/PyTorch).  idx (Long,
** out's shape) holds the 1-based flat position of the maximum in its
** H*W input plane; backward scatters gout through it.
** Operands: out 1, idx 2, in 3 / gin 1, in 2, gout 3, idx 4. */
typedef struct lt_pool2d {
    int kW, kH, dW, dH, padW, padH, ceil_mode, count_include_pad;
} lt_pool2d;
lt_status lt_nn_maxpool2d(lt_tensor *out, lt_tensor *idx, const lt_tensor *in,
                          const lt_pool2d *p);
lt_status lt_nn_maxpool2d_backward(lt_tensor *gin, const lt_tensor *in, const lt_tensor *gout,
                                   const lt_tensor *idx);
/* Average pooling; count_include_pad divides by the window clipped to the
** padded input (Torch7's default), otherwise by the elements inside the
** input.  Operands: out 1, in 2 / gin 1, in 2, gout 3. */
lt_status lt_nn_avgpool2d(lt_tensor *out, const lt_tensor *in, const lt_pool2d *p);
lt_status lt_nn_avgpool2d_backward(lt_tensor *gin, const lt_tensor *in, const lt_tensor *gout,
                                   const lt_pool2d *p);
/* Adaptive pooling to oH x oW: output cell i covers input rows
** [floor(i*H/oH), ceil((i+1)*H/oH)).  Max keeps idx as above. */
lt_status lt_nn_adaptive_maxpool2d(lt_tensor *out, lt_tensor *idx, const lt_tensor *in,
                                   int64_t oW, int64_t oH);
lt_status lt_nn_adaptive_avgpool2d(lt_tensor *out, const lt_tensor *in, int64_t oW, int64_t oH);
lt_status lt_nn_adaptive_avgpool2d_backward(lt_tensor *gin, const lt_tensor *in,
                                            const lt_tensor *gout);
/* Temporal max pooling: in (T,F) or (N,T,F) -> (oT,F), oT = (T-kW)/dW + 1;
** idx holds 1-based frame positions; the backward scatters gout through them. */
lt_status lt_nn_temporal_maxpool(lt_tensor *out, lt_tensor *idx, const lt_tensor *in,
                                 int kW, int dW);
lt_status lt_nn_temporal_maxpool_backward(lt_tensor *gin, const lt_tensor *in,
                                          const lt_tensor *gout, const lt_tensor *idx);

/* ------------------------------------------------- softmax and losses */
/* Softmax (logsm == 0) or log-softmax (logsm == 1) along dim (0-based),
** max-subtracted for stability.  Backward from the forward's output:
** softmax: gin = y*(g - sum(g*y)); log-softmax: gin = g - exp(y)*sum(g).
** Operands: out 1, in 2 / gin 1, out 2, gout 3. */
lt_status lt_nn_softmax(lt_tensor *out, const lt_tensor *in, int dim, int logsm);
lt_status lt_nn_softmax_backward(lt_tensor *gin, const lt_tensor *out, const lt_tensor *gout,
                                 int dim, int logsm);
/* Negative log-likelihood of log-probabilities lp (C) or (N,C) with
** 1-based targets (a Long or other tensor of N class numbers; an index
** equal to ignore_index (if > 0) is skipped), class weights w (C) or
** NULL.  loss = -sum_i w[t_i] lp[i, t_i] / (size_average ? sum_i w[t_i] : 1).
** *total_weight receives the divisor's sum.  Operands: lp 1, target 2, w 3. */
lt_status lt_nn_nll(double *loss, double *total_weight, const lt_tensor *lp,
                    const lt_tensor *target, const lt_tensor *w, int size_average,
                    int64_t ignore_index);
/* gin (lp's shape) = scale * dloss/dlp.  Operands: gin 1, lp 2, target 3, w 4. */
lt_status lt_nn_nll_backward(lt_tensor *gin, const lt_tensor *lp, const lt_tensor *target,
                             const lt_tensor *w, int size_average, int64_t ignore_index,
                             double total_weight, double scale);
/* Cross-entropy of logits x (C) or (N,C): log-softmax and NLL fused, so
** the loss is computed from max-shifted logits in one pass (no exp of a
** large logit overflows, no log of an underflowed probability) and the
** gradient is the closed form w[t]*(softmax(x) - onehot(t))/total.  The
** log-softmax is kept in lsm (x's shape) for the backward.
** Operands: lsm 1, x 2, target 3, w 4 / gin 1, lsm 2, target 3, w 4. */
lt_status lt_nn_cross_entropy(double *loss, double *total_weight, lt_tensor *lsm,
                              const lt_tensor *x, const lt_tensor *target, const lt_tensor *w,
                              int size_average, int64_t ignore_index);
lt_status lt_nn_cross_entropy_backward(lt_tensor *gin, const lt_tensor *lsm,
                                       const lt_tensor *target, const lt_tensor *w,
                                       int size_average, int64_t ignore_index,
                                       double total_weight, double scale);

/* ------------------------------------------------- batch normalisation */
/* in (N,C) or (N,C,d1,...): statistics per channel (dim 1) over every
** other dim.  Training: normalise with the batch mean and biased variance,
** save mean and 1/sqrt(var+eps) in save_mean/save_invstd (C), and update
** running stats (if given) as r = (1-momentum)*r + momentum*stat with the
** unbiased variance.  Evaluation: use running_mean/running_var.
** weight/bias (C) may be NULL (affine off).
** Operands: out 1, in 2, weight 3, bias 4, running_mean 5, running_var 6,
** save_mean 7, save_invstd 8. */
lt_status lt_nn_batchnorm(lt_tensor *out, const lt_tensor *in, const lt_tensor *weight,
                          const lt_tensor *bias, lt_tensor *running_mean,
                          lt_tensor *running_var, lt_tensor *save_mean, lt_tensor *save_invstd,
                          int train, double momentum, double eps);
/* gin (may be NULL) = dL/din; gw, gb (may be NULL) += scale * dL/dweight, dL/dbias.
** In evaluation mode the statistics are constants (running_*).
** Operands: gin 1, gw 2, gb 3, in 4, gout 5, weight 6, save_mean/running_mean 7,
** save_invstd/running_var 8. */
lt_status lt_nn_batchnorm_backward(lt_tensor *gin, lt_tensor *gw, lt_tensor *gb,
                                   const lt_tensor *in, const lt_tensor *gout,
                                   const lt_tensor *weight, const lt_tensor *mean,
                                   const lt_tensor *invstd_or_var, int train, double eps,
                                   double scale);

/* ------------------------------------------- shared by the nn_*.c files */
/* A contiguous Float/Double version of src (a view when it already is;
** else a copy): *dst is a new reference the caller releases. */
lt_status ltI_nn_contig(const lt_tensor *src, lt_tensor **dst);
/* src must be Float or Double with ndim in [lo, hi] and the given dtype
** (dt < 0: any float dtype).  `what` names it in the message. */
lt_status ltI_nn_check(const lt_tensor *src, int arg, const char *what, int lo, int hi,
                       int dt);
/* Row-major GEMM on the loaded BLAS: C = alpha*op(A)*op(B) + beta*C. */
lt_status ltI_nn_gemm(lt_dtype dt, int ta, int tb, int64_t m, int64_t n, int64_t k,
                      double alpha, const void *a, int64_t lda, const void *b, int64_t ldb,
                      double beta, void *c, int64_t ldc);

/* Runs fn over [0, n) units of `per` elements each: in parallel (ltI_parallel_for,
** which polls the cancel flag between chunks) only when the whole job is at least
** LT_NN_PAR_MIN elements, else in one serial call.  Why: every parallel region
** is a fork-join whose join waits for the slowest thread; on a loaded machine
** a woken worker can wait a scheduler tick (milliseconds) for a core, and a
** training step of a small network runs a dozen such regions, so regions
** over small work cost far more than they save. */
#define LT_NN_PAR_MIN ((int64_t)1 << 21)
#ifdef LT_INTERNAL_H        /* ltI_range_fn: inside tensor/ only */
lt_status ltI_nn_parallel(int64_t n, int64_t per, ltI_range_fn fn, void *ctx);
#endif
/* Results: out gets (ndim, size) and dtype dt; *work is out itself when it
** is contiguous (retained), else a contiguous temporary (holding out's
** values when keep) that out_end copies back.  out_end releases *work and
** returns st (or the copy's failure). */
lt_status ltI_nn_out_begin(lt_tensor *out, int arg, lt_dtype dt, int ndim, const int64_t *size,
                           int keep, lt_tensor **work);
lt_status ltI_nn_out_end(lt_tensor *out, lt_tensor *work, lt_status st);
/* float/double element access for the typed loops */
#define LT_NN_F(t) ((float *)ltI_data(t))
#define LT_NN_D(t) ((double *)ltI_data(t))

#endif
