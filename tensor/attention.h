/*
** attention.h — fused scaled dot-product attention, forward and backward
** (attention.c), the kernel under nn.MultiHeadAttention; and the other
** fused pieces of a Transformer block: GELU and layer normalisation.
**
** Shapes: q (N,T,d), k (N,S,d), v (N,S,dv), N = batch*heads (the heads of
** one batch entry adjacent: n = b*heads + h).  out (N,T,dv), attn (N,T,S)
** the softmax weights (saved for backward and returned to users).
**   scores = scale * q k^T; masked scores are -inf; attn = softmax over S,
**   computed with the row maximum subtracted (stable for any scale);
**   out = dropout(attn) v.
** Masks: causal (key s hidden from query t when s > t + S - T, i.e. the
** last query sees every key: PyTorch's triu(1) for T == S); key_padding a
** (batch, S) tensor of any type, non-zero = that key is padding for every
** query and head of that batch entry.  A query whose keys are all masked
** gets attention weights 0 and output 0 (PyTorch gives NaN there).
** attn_mask: a (T, S) tensor of any type, non-zero = key s hidden from query
** t (PyTorch's boolean attn_mask), for every batch entry and head.
** Dropout: with p > 0 a mask of 0 and 1/(1-p) is drawn from the generator
** (row-major over N,T,S, one draw per non-zero weight: masked keys take
** none) into `drop` (N,T,S) and applied to the weights before v; backward
** reuses it.  p == 0 leaves drop untouched.
** Backward: dout (N,T,dv) -> dq dk dv (overwritten).
** Float and Double only; operands for errors: q 1, k 2, v 3, key_padding 4,
** attn 5, drop 6, dout 7, attn_mask 8.
*/
#ifndef LT_ATTENTION_H
#define LT_ATTENTION_H

#include "lantern.h"

typedef struct lt_sdpa_args {
    const lt_tensor *q, *k, *v;
    double scale;
    int causal;
    const lt_tensor *key_padding;   /* (N/heads, S) or NULL */
    int heads;                      /* for key_padding: batch entry = n / heads */
    const lt_tensor *attn_mask;     /* (T, S) or NULL */
    double dropout;
    lt_generator *gen;              /* NULL: the default generator */
} lt_sdpa_args;

lt_status lt_sdpa_forward(const lt_sdpa_args *a, lt_tensor *out, lt_tensor *attn,
                          lt_tensor *drop);
lt_status lt_sdpa_backward(const lt_sdpa_args *a, const lt_tensor *attn, const lt_tensor *drop,
                           const lt_tensor *dout, lt_tensor *dq, lt_tensor *dk, lt_tensor *dv);

/* GELU: exact (x * Phi(x), with erf) or tanh-approximated; y may be x.
** gelu_backward: dx = dy * gelu'(x).  Float and Double. */
lt_status lt_gelu(lt_tensor *y, const lt_tensor *x, int approximate);
lt_status lt_gelu_backward(lt_tensor *dx, const lt_tensor *x, const lt_tensor *dy,
                           int approximate);

/* Layer normalisation over the last M elements of each row of x (numel a
** multiple of M): y = (x - mean) * rstd * w + b, rstd = 1/sqrt(var + eps),
** biased variance; w, b (M) or NULL.  mean and rstd (numel/M) are written
** for backward.  Backward overwrites dx (NULL: skip) and ADDS scale * the
** weight and bias gradients into dw, db (NULL: skip).  Float and Double;
** operands for errors: x 1, w 2, b 3, dy 4, mean 5, rstd 6. */
lt_status lt_layernorm(lt_tensor *y, lt_tensor *mean, lt_tensor *rstd, const lt_tensor *x,
                       const lt_tensor *w, const lt_tensor *b, int64_t M, double eps);
lt_status lt_layernorm_backward(lt_tensor *dx, lt_tensor *dw, lt_tensor *db,
                                const lt_tensor *dy, const lt_tensor *x, const lt_tensor *mean,
                                const lt_tensor *rstd, const lt_tensor *w, int64_t M,
                                double scale);

#endif
