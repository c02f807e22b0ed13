-- Help entries for the simple layers (Linear, Bilinear, parameter layers,
-- shape layers, reductions, distances, matrix layers, Dropout, ...).
local function e(sig, text) return { sig = sig, text = text } end
return {
   ['nn.Linear'] = e('nn.Linear(inputSize, outputSize [, bias])',
      'y = W x + b, for a vector (inputSize) or a batch (N x inputSize). weight is ' ..
      'outputSize x inputSize; bias = false leaves the bias out. Initialised as Torch7: ' ..
      'weight then bias uniform in +-1/sqrt(inputSize), from the torch generator. Prints ' ..
      'as nn.Linear(10 -> 5).'),
   ['nn.Linear.noBias'] = e('linear:noBias()', 'Removes the bias; returns the module.'),
   ['nn.Bilinear'] = e('nn.Bilinear(inputSize1, inputSize2, outputSize [, bias])',
      'y_k = x1\' W_k x2 + b_k for a table {x1, x2} of batches (N x inputSize1, N x ' ..
      'inputSize2); weight is outputSize x inputSize1 x inputSize2.'),
   ['nn.CMul'] = e('nn.CMul(size...)',
      'y = x .* w, a learnt weight of the given size, broadcast over a batch dimension.'),
   ['nn.CAdd'] = e('nn.CAdd(size...)',
      'y = x + b, a learnt bias of the given size, broadcast over a batch dimension.'),
   ['nn.Mul'] = e('nn.Mul()', 'y = w x with one learnt scalar w.'),
   ['nn.Add'] = e('nn.Add(inputSize [, scalar])',
      'y = x + b with a learnt bias vector (added to each row of a batch), or one learnt ' ..
      'scalar when scalar is true.'),
   ['nn.MulConstant'] = e('nn.MulConstant(c [, inplace])', 'y = c x for a fixed number c.'),
   ['nn.AddConstant'] = e('nn.AddConstant(c [, inplace])', 'y = x + c for a fixed number c.'),
   ['nn.Reshape'] = e('nn.Reshape(size... [, batchMode])',
      'Reshapes to the given sizes; an input with more elements is a batch (first dimension ' ..
      'kept). batchMode true/false forces batch mode on/off.'),
   ['nn.View'] = e('nn.View(size...)',
      'A view with the given sizes (one may be -1, inferred). view:setNumInputDims(n) makes ' ..
      'inputs with more than n dimensions batches.'),
   ['nn.Select'] = e('nn.Select(dim, index)',
      'input:select(dim, index) (negative dim and index count from the end).'),
   ['nn.Narrow'] = e('nn.Narrow(dim, offset [, length])',
      'input:narrow(dim, offset, length); negative offset from the end, negative length ' ..
      'ends that many elements before the end.'),
   ['nn.Transpose'] = e('nn.Transpose({d1, d2}, ...)', 'Swaps the given pairs of dimensions, in order.'),
   ['nn.Squeeze'] = e('nn.Squeeze([dim [, numInputDims]])',
      'Removes dimensions of size 1 (all, or only dim).'),
   ['nn.Unsqueeze'] = e('nn.Unsqueeze(pos [, numInputDims])',
      'Inserts a dimension of size 1 at position pos.'),
   ['nn.Replicate'] = e('nn.Replicate(n [, dim [, ndim]])',
      'n copies of the input along a new dimension dim (1), as an expanded view.'),
   ['nn.Padding'] = e('nn.Padding(dim, pad [, nInputDim, value, index])',
      'Adds |pad| entries of value (0) along dim: after the input when pad > 0, before it ' ..
      'when pad < 0; index moves the insertion point.'),
   ['nn.Contiguous'] = e('nn.Contiguous()', 'The input, made contiguous when it is not.'),
   ['nn.Copy'] = e('nn.Copy(inputType, outputType [, forceCopy, dontCast])',
      'Converts the input to outputType (and the gradient back to inputType).'),
   ['nn.Sum'] = e('nn.Sum([dim [, nInputDims, sizeAverage, squeeze]])',
      'The sum over dim (1; negative from the end), the mean with sizeAverage; the reduced ' ..
      'dimension is removed unless squeeze is false.'),
   ['nn.Mean'] = e('nn.Mean([dim [, nInputDims]])', 'The mean over dim.'),
   ['nn.Max'] = e('nn.Max([dim [, nInputDims]])',
      'The maximum over dim; the gradient goes to the position of the maximum.'),
   ['nn.Min'] = e('nn.Min([dim [, nInputDims]])', 'The minimum over dim.'),
   ['nn.Normalize'] = e('nn.Normalize(p [, eps])',
      'Divides a vector, or each row of a batch, by its p-norm (p = math.huge: max norm).'),
   ['nn.Euclidean'] = e('nn.Euclidean(inputSize, outputSize)',
      'y_j = ||x - w_j||, the distances to outputSize learnt centres.'),
   ['nn.Cosine'] = e('nn.Cosine(inputSize, outputSize)',
      'y_j = cos(x, w_j), the cosine similarity with each row of the weight.'),
   ['nn.MM'] = e('nn.MM([transA, transB])',
      'The matrix product of a table {A, B} (2-D, or 3-D batches), optionally transposing.'),
   ['nn.MV'] = e('nn.MV([trans])',
      'The matrix-vector product of a table {M, v} (or batches of them).'),
   ['nn.Index'] = e('nn.Index(dim)',
      'A table {t, indices} to t:index(dim, indices) (indices a LongTensor).'),
   ['nn.GradientReversal'] = e('nn.GradientReversal([lambda])',
      'Identity forward; multiplies the gradient by -lambda (1) backward.'),
   ['nn.L1Penalty'] = e('nn.L1Penalty(l1weight [, sizeAverage, provideOutput])',
      'Identity forward that adds l1weight * ||x||_1 to the loss (kept in module.loss) and ' ..
      'its gradient backward: a sparsity penalty on activations.'),
   ['nn.Dropout'] = e('nn.Dropout([p, v1, inplace, stochasticInference])',
      'In training, zeroes each element with probability p (0.5) and scales the rest by ' ..
      '1/(1-p); the identity in evaluation (model:evaluate()). v1 = true scales by 1-p at ' ..
      'evaluation instead, as Torch7\'s first version.'),
}
