-- Help entries for the sequence layers (issue 6): recurrent modules and
-- cells, normalisation and activations, attention and Transformer layers,
-- positional encodings and the sequence criteria.
local function e(sig, text) return { sig = sig, text = text } end
local RECURRENT = 'Input: x, or {x, h0} ({x, h0, c0} for LSTM), optionally with a field ' ..
   'lengths = LongTensor(B) for padded batches (row b takes part in steps 1..lengths[b] only; ' ..
   'its later outputs are 0 and its final state is the one at its own last step). x is T x B x ' ..
   'I (time first), B x T x I with batchFirst, or T x I unbatched; h0 and c0 are (numLayers * ' ..
   'numDirections) x B x H. Output: the last layer\'s sequence, T x B x (numDirections * H) in ' ..
   'x\'s layout; the final states are in module.hn and module.cn, and with returnState = true ' ..
   'the output is {y, hn[, cn]} so that the final states take gradients too. Options (a table, ' ..
   'or a number meaning numLayers): ' ..
   'numLayers (1), batchFirst (false), dropout (0, between layers, training only), ' ..
   'bidirectional (false), bias (true), returnState (false). Weights have PyTorch\'s names and ' ..
   'layout (weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, ..._reverse; gradients ' ..
   'gradWeight_ih_l0, ...) and initialisation (uniform in +-1/sqrt(H)), so PyTorch weights ' ..
   'load one to one. Each layer and direction is one fused kernel call: one GEMM for the input ' ..
   'projection of all steps, one GEMM per step for all gates.'
local CELL = 'Input x (B x I or I), or {x, h} ({x, h, c} for LSTMCell); missing states are ' ..
   'zeros. Parameters weight_ih, weight_hh, bias_ih, bias_hh as PyTorch\'s cells. One step of ' ..
   'the fused recurrent kernel: for loops written by hand, e.g. sampling one symbol at a time.'
return {
   ['nn.RecurrentBase'] = e('nn.RecurrentBase(name, mode, inputSize, hiddenSize [, opts])',
      'The shared base of nn.RNN, nn.LSTM and nn.GRU (use those). ' .. RECURRENT),
   ['nn.RNN'] = e('nn.RNN(inputSize, hiddenSize [, opts])',
      'Elman RNN over whole sequences: h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh) ' ..
      '(opts.nonlinearity = \'relu\' for relu). ' .. RECURRENT),
   ['nn.LSTM'] = e('nn.LSTM(inputSize, hiddenSize [, opts])',
      'Long short-term memory over whole sequences, PyTorch\'s gates (i, f, g, o) and ' ..
      'formulas. ' .. RECURRENT .. ' Example: nn.LSTM(28, 128, {numLayers = 2, batchFirst = ' ..
      'true}):forward(torch.randn(64, 28, 28)) gives 64 x 28 x 128.'),
   ['nn.GRU'] = e('nn.GRU(inputSize, hiddenSize [, opts])',
      'Gated recurrent unit over whole sequences, PyTorch\'s gates (r, z, n) and formulas ' ..
      '(the reset gate multiplies W_hn h + b_hn). ' .. RECURRENT),
   ['nn.CellBase'] = e('nn.CellBase(name, mode, inputSize, hiddenSize [, bias])',
      'The shared base of the single-step cells (use nn.RNNCell, nn.LSTMCell, nn.GRUCell). ' ..
      CELL),
   ['nn.RNNCell'] = e('nn.RNNCell(inputSize, hiddenSize [, bias [, nonlinearity]])',
      'One Elman RNN step, h\' = tanh(W_ih x + b_ih + W_hh h + b_hh) (nonlinearity \'relu\' ' ..
      'for relu); output h\'. ' .. CELL),
   ['nn.LSTMCell'] = e('nn.LSTMCell(inputSize, hiddenSize [, bias])',
      'One LSTM step; output {h\', c\'} and gradOutput {dh, dc}. ' .. CELL),
   ['nn.GRUCell'] = e('nn.GRUCell(inputSize, hiddenSize [, bias])',
      'One GRU step; output h\'. ' .. CELL),
   ['nn.LayerNorm'] = e('nn.LayerNorm(normalizedShape [, eps = 1e-5 [, elementwiseAffine = true]])',
      'Layer normalisation over the trailing dimensions given by normalizedShape (a number or ' ..
      'a table of sizes): y = (x - mean) / sqrt(var + eps) * weight + bias with the biased ' ..
      'variance, as PyTorch\'s nn.LayerNorm. weight starts at 1 and bias at 0; ' ..
      'elementwiseAffine = false leaves them out.'),
   ['nn.LayerNormalization'] = e('nn.LayerNormalization(nOutput [, eps])',
      'Torch7\'s name for nn.LayerNorm over the last dimension (the same class).'),
   ['nn.GELU'] = e('nn.GELU([approximate])',
      'Gaussian error linear unit, y = x Phi(x) with the normal CDF (erf), or with ' ..
      'approximate = \'tanh\' the tanh approximation 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 ' ..
      'x^3))). One fused pass forward and backward.'),
   ['nn.SiLU'] = e('nn.SiLU()', 'y = x * sigmoid(x) (swish).'),
   ['nn.Softmax'] = e('nn.Softmax([dim])',
      'Softmax along dimension dim (1-based; negative counts from the end; default the last ' ..
      'dimension), PyTorch\'s nn.Softmax(dim). Stable: the maximum along dim is subtracted ' ..
      'first. (Torch7\'s nn.SoftMax picks the dimension from the input\'s rank.)'),
   ['nn.MultiHeadAttention'] = e('nn.MultiHeadAttention(embedDim, numHeads [, opts])',
      'Multi-head attention as PyTorch\'s nn.MultiheadAttention: input x (self-attention), ' ..
      '{q, kv} or {q, k, v}, time first (T x B x E) or batch first with opts.batchFirst; the ' ..
      'table may carry keyPaddingMask = B x S tensor, non-zero where a key is padding, and ' ..
      'attnMask = T x S tensor, non-zero where key s is hidden from query t. Options: ' ..
      'dropout (on the attention weights, training only), bias (true), kdim, vdim (key and ' ..
      'value feature sizes), causal (query t sees keys 1..t), returnWeights (output {y, ' ..
      'weights}). The per-head weights B x heads x T x S are kept in module.attnWeights. ' ..
      'Parameters in_proj_weight (or q/k/v_proj_weight when kdim or vdim differ), in_proj_bias, ' ..
      'out_proj_weight, out_proj_bias. The attention is one fused kernel (scores, masks, ' ..
      'max-subtracted softmax, dropout, weighted sum) with its own backward.'),
   ['nn.TransformerEncoderLayer'] = e('nn.TransformerEncoderLayer(dModel, nhead [, opts])',
      'Self-attention and a feed-forward network, each with dropout, a residual connection ' ..
      'and layer normalisation, as PyTorch\'s layer: post-norm by default, pre-norm with ' ..
      'normFirst = true. Options: dimFeedforward (2048), dropout (0.1), activation (\'relu\' ' ..
      'or \'gelu\'), normFirst, layerNormEps (1e-5), batchFirst, causal. Input x or {x, ' ..
      'keyPaddingMask = B x T, attnMask = T x T}. A container: its children are self_attn, linear1, linear2, ' ..
      'norm1, norm2, dropout, dropout1, dropout2 and activation.'),
   ['nn.TransformerEncoder'] = e('nn.TransformerEncoder(layer, numLayers [, norm])',
      'numLayers copies of an encoder layer (the same initial weights, as PyTorch; call ' ..
      ':reset() for fresh ones), then the optional module norm (e.g. nn.LayerNorm(d), usual ' ..
      'with pre-norm layers). Input x or {x, keyPaddingMask = m, attnMask = a}, the masks ' ..
      'given to every layer.'),
   ['nn.PositionalEncoding'] = e('nn.PositionalEncoding(dModel [, maxLen = 5000 [, opts]])',
      'Adds position information: y[t] = x[t] + pe[t] for x of T x B x d (B x T x d with ' ..
      'opts.batchFirst, or T x d). Sinusoidal by default (pe[t][2i-1] = sin((t-1) / ' ..
      '10000^((2i-2)/d)), pe[t][2i] = cos of the same; no parameters); opts.learned = true ' ..
      'makes pe the parameter weight (maxLen x d, initialised normal(0, 0.02)).'),
   ['nn.SequenceCrossEntropyCriterion'] = e('nn.SequenceCrossEntropyCriterion([opts])',
      'Cross-entropy of class scores over sequences: input B x T x C (any leading ' ..
      'dimensions), target the leading dimensions with 1-based class ids. Options: ' ..
      'ignoreIndex (a target value that counts for nothing, e.g. padding), weights (per ' ..
      'class), sizeAverage (true: the mean over the counted positions\' weights, as PyTorch; ' ..
      'false: the sum). Stable log-softmax and the closed-form gradient.'),
   ['nn.SequencerCriterion'] = e('nn.SequencerCriterion(criterion [, sizeAverage = false])',
      'Applies criterion at every step: input and target are tensors whose first dimension is ' ..
      'time, or tables of steps; the loss is the sum of the steps\' losses (the mean with ' ..
      'sizeAverage) and gradInput has input\'s form.'),
}
