-- Help texts for the convolution, pooling, normalisation and softmax
-- layers and the criteria (area 'nnk'; the functionals torch.softmax,
-- torch.logsoftmax and torch.crossentropy are in lualib/torch/doc/nnk.lua).
return {
   ['nn.SpatialConvolution'] = {
      sig = 'nn.SpatialConvolution(nInputPlane, nOutputPlane, kW, kH, [dW=1], [dH=1], [padW=0], [padH=padW])',
      text = '2-D convolution (cross-correlation) of nInputPlane x H x W images or N x nInputPlane x H x W ' ..
         'batches; output nOutputPlane x oH x oW with oH = floor((H + 2*padH - kH)/dH) + 1. weight is ' ..
         'nOutputPlane x nInputPlane x kH x kW, bias nOutputPlane; reset() draws both uniform in ' ..
         '+-1/sqrt(kW*kH*nInputPlane). :noBias() drops the bias. Computed by im2col + GEMM over chunks of the batch.',
   },
   ['nn.SpatialConvolutionMM'] = {
      sig = 'nn.SpatialConvolutionMM(nInputPlane, nOutputPlane, kW, kH, [dW=1], [dH=1], [padW=0], [padH=padW])',
      text = 'nn.SpatialConvolution with the weight stored as the nOutputPlane x (nInputPlane*kH*kW) matrix ' ..
         'of the im2col product (Torch7\'s layout). Same arguments, output and initialisation.',
   },
   ['nn.SpatialDilatedConvolution'] = {
      sig = 'nn.SpatialDilatedConvolution(nInputPlane, nOutputPlane, kW, kH, [dW=1], [dH=1], [padW=0], [padH=0], [dilationW=1], [dilationH=1])',
      text = 'Convolution whose kernel taps are dilation apart; oH = floor((H + 2*padH - dilationH*(kH-1) - 1)/dH) + 1. ' ..
         'Otherwise as nn.SpatialConvolution.',
   },
   ['nn.SpatialFullConvolution'] = {
      sig = 'nn.SpatialFullConvolution(nInputPlane, nOutputPlane, kW, kH, [dW=1], [dH=1], [padW=0], [padH=0], [adjW=0], [adjH=0])',
      text = 'Transposed convolution (the adjoint of nn.SpatialConvolution, "deconvolution"): oH = (H-1)*dH - 2*padH + ' ..
         'kH + adjH, with adj < stride choosing among the sizes a strided convolution maps to the same size. ' ..
         'weight is nInputPlane x nOutputPlane x kH x kW.',
   },
   ['nn.SpatialMaxPooling'] = {
      sig = 'nn.SpatialMaxPooling(kW, kH, [dW=kW], [dH=kH], [padW=0], [padH=0])',
      text = 'The maximum of each kW x kH window of C x H x W or N x C x H x W input; oH = floor((H + 2*padH - kH)/dH) + 1, ' ..
         'or rounded up after :ceil() (:floor() restores). Padding counts as -inf and may be at most half the kernel. ' ..
         'self.indices (LongTensor) holds where each maximum came from. A NaN in a window is its maximum.',
   },
   ['nn.SpatialMaxPooling.ceil'] = {
      sig = 'module:ceil()',
      text = 'Round output sizes up (a last partial window is kept if it starts inside the input or its left padding); returns the module.',
   },
   ['nn.SpatialAveragePooling'] = {
      sig = 'nn.SpatialAveragePooling(kW, kH, [dW=1], [dH=1], [padW=0], [padH=0])',
      text = 'The mean of each kW x kH window. Zero padding counts in the divisor by default (Torch7); ' ..
         ':setCountExcludePad() divides by the pixels inside the image, :setCountIncludePad() restores, ' ..
         ':ceil()/:floor() as in nn.SpatialMaxPooling.',
   },
   ['nn.SpatialAveragePooling.setCountExcludePad'] = {
      sig = 'module:setCountExcludePad()',
      text = 'Average over the window\'s pixels inside the image only (not the zero padding); returns the module.',
   },
   ['nn.SpatialAdaptiveMaxPooling'] = {
      sig = 'nn.SpatialAdaptiveMaxPooling(W, H)',
      text = 'Max pooling to a fixed H x W output whatever the input size: output cell i covers input rows ' ..
         'floor((i-1)*iH/H) + 1 to ceil(i*iH/H) (and the same for columns).',
   },
   ['nn.SpatialAdaptiveAveragePooling'] = {
      sig = 'nn.SpatialAdaptiveAveragePooling(W, H)',
      text = 'Average pooling to a fixed H x W output, with the windows of nn.SpatialAdaptiveMaxPooling.',
   },
   ['nn.TemporalMaxPooling'] = {
      sig = 'nn.TemporalMaxPooling(kW, [dW=kW])',
      text = 'Max over windows of kW frames with step dW of nInputFrame x frameSize or N x nInputFrame x frameSize ' ..
         'input; nOutputFrame = floor((nInputFrame - kW)/dW) + 1.',
   },
   ['nn.TemporalConvolution'] = {
      sig = 'nn.TemporalConvolution(inputFrameSize, outputFrameSize, kW, [dW=1])',
      text = '1-D convolution over the frames of nInputFrame x inputFrameSize (or N x ... ) input; weight ' ..
         'outputFrameSize x (kW*inputFrameSize), reset uniform in +-1/sqrt(kW*inputFrameSize).',
   },
   ['nn.BatchNormalization'] = {
      sig = 'nn.BatchNormalization(nOutput, [eps=1e-5], [momentum=0.1], [affine=true])',
      text = 'Normalises each feature of N x nOutput input by the batch mean and variance in training ' ..
         '(running_mean and running_var are updated with momentum, the variance unbiased), by the running ' ..
         'statistics after :evaluate(); then scales by weight and shifts by bias (affine). reset: weight ' ..
         'uniform in [0,1], bias 0.',
   },
   ['nn.SpatialBatchNormalization'] = {
      sig = 'nn.SpatialBatchNormalization(nFeature, [eps=1e-5], [momentum=0.1], [affine=true])',
      text = 'nn.BatchNormalization for N x C x H x W input: statistics per plane over the batch and the positions.',
   },
   ['nn.LookupTable'] = {
      sig = 'nn.LookupTable(nIndex, nOutput, [paddingValue], [maxNorm], [normType=2])',
      text = 'An embedding: rows of the nIndex x nOutput weight (reset normal(0,1)) picked by 1-based indices; ' ..
         'input n or N x n gives n x nOutput or N x n x nOutput. Repeated indices accumulate gradient; rows ' ..
         'equal to paddingValue get none. With maxNorm, rows read whose normType-norm exceeds it are ' ..
         'rescaled to it in the weight first (setMaxNorm, setNormType); scaleGradByFreq() divides each ' ..
         'row\'s gradient by its index\'s count in the batch.',
   },
   ['nn.Embedding'] = {
      sig = 'nn.Embedding(n, dim, [{paddingIdx =, maxNorm =, normType = 2, scaleGradByFreq = false}])',
      text = 'nn.LookupTable with PyTorch\'s options (1-based ids): the paddingIdx row starts at zero and ' ..
         'gets no gradient; maxNorm renormalises the rows read; scaleGradByFreq scales gradients by ' ..
         'inverse frequency in the batch.',
   },
   ['nn.SpatialDropout'] = {
      sig = 'nn.SpatialDropout([p=0.5])',
      text = 'In training, zeroes whole feature maps of C x H x W or N x C x H x W input with probability p; ' ..
         'in evaluation multiplies by 1 - p (Torch7\'s convention).',
   },
   ['nn.SpatialZeroPadding'] = {
      sig = 'nn.SpatialZeroPadding(pad_l, [pad_r=pad_l], [pad_t=pad_l], [pad_b=pad_l])',
      text = 'Pads the last two dims with zeros; negative amounts crop.',
   },
   ['nn.SoftMax'] = {
      sig = 'nn.SoftMax()',
      text = 'exp(x_i)/sum_j exp(x_j) over the features: a vector\'s only dim, dim 2 of N x n, the planes at ' ..
         'each position of C x H x W (dim 1) and N x C x H x W (dim 2). Max-shifted, so large inputs do not overflow.',
   },
   ['nn.LogSoftMax'] = {
      sig = 'nn.LogSoftMax()',
      text = 'log of nn.SoftMax over the same dims, computed as (x - max) - log(sum exp(x - max)) so very ' ..
         'negative log-probabilities stay finite. Pair with nn.ClassNLLCriterion.',
   },
   ['nn.SoftMin'] = {
      sig = 'nn.SoftMin()',
      text = 'nn.SoftMax of -x.',
   },
   ['nn.Criterion'] = {
      sig = 'nn.Criterion()',
      text = 'Base class of losses. crit:forward(input, target) returns the loss (a number, also in crit.output); ' ..
         'crit:backward(input, target) returns dLoss/dinput (crit.gradInput). crit(input, target) does both and ' ..
         'returns loss, gradInput. Most criteria have sizeAverage (default true): a mean rather than a sum.',
   },
   ['nn.MSECriterion'] = {
      sig = 'nn.MSECriterion([sizeAverage=true])',
      text = 'sum((x - t)^2), divided by the number of elements when sizeAverage.',
   },
   ['nn.ClassNLLCriterion'] = {
      sig = 'nn.ClassNLLCriterion([weights], [sizeAverage=true], [ignoreIndex])',
      text = 'Negative log-likelihood of log-probabilities (n or N x n) for 1-based class targets (a number or ' ..
         'a tensor of N): -sum w[t] x[t], divided by sum w[t] when sizeAverage. Targets equal to ignoreIndex are skipped.',
   },
   ['nn.CrossEntropyCriterion'] = {
      sig = 'nn.CrossEntropyCriterion([weights], [sizeAverage=true])',
      text = 'nn.LogSoftMax followed by nn.ClassNLLCriterion on raw scores, fused into one numerically stable kernel.',
   },
   ['nn.BCECriterion'] = {
      sig = 'nn.BCECriterion([weights], [sizeAverage=true])',
      text = 'Binary cross-entropy of probabilities x against 0/1 targets: -sum w (t log x + (1-t) log(1-x)) ' ..
         '(eps 1e-12 inside the logs); weights of the input\'s size or of one batch row.',
   },
   ['nn.AbsCriterion'] = { sig = 'nn.AbsCriterion([sizeAverage=true])', text = 'sum |x - t| (mean when sizeAverage).' },
   ['nn.SmoothL1Criterion'] = {
      sig = 'nn.SmoothL1Criterion([sizeAverage=true])',
      text = 'Huber loss: 0.5 d^2 where |d| < 1, |d| - 0.5 elsewhere (d = x - t), summed or averaged.',
   },
   ['nn.DistKLDivCriterion'] = {
      sig = 'nn.DistKLDivCriterion([sizeAverage=true])',
      text = 'KL divergence of target probabilities t from log-probabilities x: sum_{t>0} t (log t - x).',
   },
   ['nn.MarginCriterion'] = {
      sig = 'nn.MarginCriterion([margin=1])',
      text = 'Hinge loss for targets +-1: sum max(0, margin - x*y), averaged when sizeAverage (a field, default true).',
   },
   ['nn.SoftMarginCriterion'] = {
      sig = 'nn.SoftMarginCriterion([sizeAverage=true])',
      text = 'Logistic loss for targets +-1: sum log(1 + exp(-x*y)), computed without overflow.',
   },
   ['nn.MultiMarginCriterion'] = {
      sig = 'nn.MultiMarginCriterion([p=1], [weights], [margin=1])',
      text = 'Multi-class hinge loss: sum_{j~=y} w[y] max(0, margin - x[y] + x[j])^p / n per sample (p 1 or 2), ' ..
         'averaged over a batch when sizeAverage.',
   },
   ['nn.MultiLabelMarginCriterion'] = {
      sig = 'nn.MultiLabelMarginCriterion([sizeAverage=true])',
      text = 'Multi-label hinge loss; the target (input\'s shape) lists the classes first, ended by 0: ' ..
         'sum_{j in Y, k not in Y} max(0, 1 - (x[j] - x[k])) / n.',
   },
   ['nn.MultiLabelSoftMarginCriterion'] = {
      sig = 'nn.MultiLabelSoftMarginCriterion([weights])',
      text = 'Independent logistic losses per class for 0/1 targets (Sigmoid + BCECriterion, computed stably), ' ..
         'averaged over all elements.',
   },
   ['nn.MarginRankingCriterion'] = {
      sig = 'nn.MarginRankingCriterion([margin=0])',
      text = 'For input {x1, x2} and y = +-1: max(0, -y (x1 - x2) + margin), averaged over a batch of pairs; ' ..
         'gradInput is {dx1, dx2}.',
   },
   ['nn.HingeEmbeddingCriterion'] = {
      sig = 'nn.HingeEmbeddingCriterion([margin=1])',
      text = 'For distances x and y = +-1: x where y = 1, max(0, margin - x) where y = -1; averaged.',
   },
   ['nn.CosineEmbeddingCriterion'] = {
      sig = 'nn.CosineEmbeddingCriterion([margin=0])',
      text = 'For input {x1, x2} (vectors or N x d) and y = +-1: 1 - cos(x1, x2) where y = 1, ' ..
         'max(0, cos - margin) where y = -1; averaged over the batch.',
   },
   ['nn.MultiCriterion'] = {
      sig = 'nn.MultiCriterion()',
      text = 'A weighted sum of criteria on the same input and target: :add(criterion, [weight=1]).',
   },
   ['nn.ParallelCriterion'] = {
      sig = 'nn.ParallelCriterion([repeatTarget=false])',
      text = 'A weighted sum of criteria, the i-th on input[i] and target[i] (or one shared target with ' ..
         'repeatTarget): :add(criterion, [weight=1]).',
   },
}
