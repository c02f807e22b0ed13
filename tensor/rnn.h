/*
** rnn.h — fused recurrent layers: RNN (tanh, relu), LSTM and GRU over a
** whole sequence, forward and backward (rnn.c).
**
** One call runs one layer in one direction over all T steps.  The input
** projection of every step is one GEMM before the loop; each step then does
** one GEMM for the hidden projection (all gates at once) and one fused
** pointwise pass.  Multi-layer, bidirectional and dropout between layers are
** composed from these calls by the Lua modules (nn.RNN, nn.LSTM, nn.GRU).
**
** Shapes (time-first, everything contiguous or copied to be):
**   x (T,B,I), h0 c0 (B,H) or NULL for zeros, w_ih (G*H,I), w_hh (G*H,H),
**   b_ih b_hh (G*H) or NULL; G = 1 (RNN), 4 (LSTM: gates i f g o), 3 (GRU:
**   r z n), in PyTorch's order and formulas, so weights move between the two.
**   y (T,B,H), hn cn (B,H).  cn and c0 are for LSTM only.
** lengths (LongTensor (B), each in 0..T) or NULL: row b takes part in steps
**   t < lengths[b] only; elsewhere its state is carried over unchanged and
**   its output is 0.  Walking backwards (reverse), a padded row therefore
**   starts at its own last step, which is what a bidirectional layer over a
**   padded batch needs.
** The forward saves what backward needs in `ws` (a 1-D tensor of x's type,
**   resized here); pass the same arguments and ws to backward.
** Backward overwrites dx (T,B,I), dh0, dc0 (either may be NULL) and ADDS the
**   parameter gradients into dw_ih, dw_hh, db_ih, db_hh (NULL to skip; each
**   must have its parameter's shape), as nn's accGradParameters does.
** Float and Double only.  Error operands: x 1, h0 2, c0 3, w_ih 4, w_hh 5,
**   b_ih 6, b_hh 7, lengths 8; in backward dy 9, dhn 10, dcn 11.
*/
#ifndef LT_RNN_H
#define LT_RNN_H

#include "lantern.h"

typedef enum lt_rnn_mode { LT_RNN_TANH, LT_RNN_RELU, LT_RNN_LSTM, LT_RNN_GRU } lt_rnn_mode;

typedef struct lt_rnn_args {
    lt_rnn_mode mode;
    int reverse;                       /* walk t = T-1 .. 0 */
    const lt_tensor *x, *h0, *c0;
    const lt_tensor *w_ih, *w_hh, *b_ih, *b_hh;
    const lt_tensor *lengths;
} lt_rnn_args;

int lt_rnn_gates(lt_rnn_mode mode);   /* G */

lt_status lt_rnn_forward(const lt_rnn_args *a, lt_tensor *y, lt_tensor *hn, lt_tensor *cn,
                         lt_tensor *ws);
lt_status lt_rnn_backward(const lt_rnn_args *a, const lt_tensor *ws, const lt_tensor *dy,
                          const lt_tensor *dhn, const lt_tensor *dcn, lt_tensor *dx,
                          lt_tensor *dh0, lt_tensor *dc0, lt_tensor *dw_ih, lt_tensor *dw_hh,
                          lt_tensor *db_ih, lt_tensor *db_hh);

#endif
