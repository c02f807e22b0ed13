-- Help entries for the transfer functions (elementwise activations).
local function e(sig, text) return { sig = sig, text = text } end
return {
   ['nn.Threshold'] = e('nn.Threshold([th, v, inplace])',
      'y = x if x > th, else v (defaults 1e-6, 0).'),
   ['nn.ReLU'] = e('nn.ReLU([inplace])', 'Rectified linear unit, y = max(0, x): Threshold(0, 0). With inplace the input is overwritten.'),
   ['nn.ReLU6'] = e('nn.ReLU6([inplace])', 'y = min(max(0, x), 6).'),
   ['nn.LeakyReLU'] = e('nn.LeakyReLU([negval, inplace])', 'y = x if x > 0, else negval * x (0.01).'),
   ['nn.PReLU'] = e('nn.PReLU([nOutputPlane])',
      'y = x if x > 0, else w x with w learnt (starting at 0.25): one for all, or one per ' ..
      'channel (dimension 1 of C or CxHxW inputs, 2 of batches).'),
   ['nn.RReLU'] = e('nn.RReLU([l, u, inplace])',
      'Randomized leaky ReLU: negative inputs scaled by a slope drawn uniformly from [l, u] ' ..
      '(1/8, 1/3) in training, by (l+u)/2 in evaluation.'),
   ['nn.ELU'] = e('nn.ELU([alpha, inplace])', 'y = x if x > 0, else alpha (exp(x) - 1).'),
   ['nn.HardTanh'] = e('nn.HardTanh([min, max, inplace])', 'y = x clamped to [min, max] ([-1, 1]).'),
   ['nn.Clamp'] = e('nn.Clamp(min, max)', 'y = x clamped to [min, max].'),
   ['nn.HardShrink'] = e('nn.HardShrink([lambda])', 'y = x if |x| > lambda (0.5), else 0.'),
   ['nn.SoftShrink'] = e('nn.SoftShrink([lambda])',
      'y = x - lambda if x > lambda, x + lambda if x < -lambda, else 0.'),
   ['nn.Tanh'] = e('nn.Tanh()', 'Elementwise hyperbolic tangent; the gradient is 1 - y^2.'),
   ['nn.Sigmoid'] = e('nn.Sigmoid()', 'Elementwise logistic function y = 1 / (1 + exp(-x)); the gradient is y (1 - y).'),
   ['nn.LogSigmoid'] = e('nn.LogSigmoid()', 'y = log(sigmoid(x)), computed without overflow.'),
   ['nn.SoftPlus'] = e('nn.SoftPlus([beta, threshold])',
      'y = log(1 + exp(beta x)) / beta (beta 1); linear where beta x > threshold (20).'),
   ['nn.SoftSign'] = e('nn.SoftSign()', 'Elementwise y = x / (1 + |x|); the gradient is 1 / (1 + |x|)^2.'),
   ['nn.Abs'] = e('nn.Abs()', 'Elementwise y = |x|; the gradient is sign(x) (0 at 0).'),
   ['nn.Exp'] = e('nn.Exp()', 'Elementwise y = exp(x); the gradient is y.'),
   ['nn.Log'] = e('nn.Log()', 'Elementwise natural logarithm y = log(x) (x > 0); the gradient is 1/x.'),
   ['nn.Sqrt'] = e('nn.Sqrt([eps])', 'Elementwise y = sqrt(x + eps) (eps 0); the gradient is 1/(2y), taken as 0 where y = 0.'),
   ['nn.Square'] = e('nn.Square()', 'Elementwise y = x^2; the gradient is 2x.'),
   ['nn.Power'] = e('nn.Power(p)', 'Elementwise y = x^p for a fixed number p; the gradient is p x^(p-1).'),
   ['nn.TanhShrink'] = e('nn.TanhShrink()', 'Elementwise y = x - tanh(x); the gradient is tanh(x)^2.'),
}
