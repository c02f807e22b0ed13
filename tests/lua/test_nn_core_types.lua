-- Every module converts with :float() and computes in float: outputs and
-- gradients are FloatTensors and agree with the double module to float
-- precision (1e-4 relative to the values' scale here); integer buffers
-- (masks, indices) stay integer.
require 'nn'
local tester = torch.Tester()
local tests = torch.TestSuite()

local function cases()
   local function t(...) return torch.Tensor(...):uniform(0.2, 1.5) end
   return {
      { nn.Linear(4, 3), t(2, 4) }, { nn.Bilinear(3, 2, 2), { t(2, 3), t(2, 2) } },
      { nn.CMul(4), t(2, 4) }, { nn.CAdd(4), t(2, 4) }, { nn.Mul(), t(3) }, { nn.Add(4), t(4) },
      { nn.MulConstant(2), t(3) }, { nn.AddConstant(2), t(3) }, { nn.Reshape(4), t(2, 2) },
      { nn.View(4), t(2, 2) }, { nn.Select(1, 2), t(2, 2) }, { nn.Narrow(1, 1, 1), t(2, 2) },
      { nn.Transpose({ 1, 2 }), t(2, 3) }, { nn.Squeeze(), t(2, 1) }, { nn.Unsqueeze(1), t(2) },
      { nn.Replicate(2), t(3) }, { nn.Padding(1, 1), t(3) }, { nn.Contiguous(), t(3) },
      { nn.Sum(1), t(2, 3) }, { nn.Mean(2), t(2, 3) }, { nn.Max(2), t(2, 3) },
      { nn.Min(1), t(2, 3) }, { nn.Normalize(2), t(2, 3) }, { nn.Normalize(math.huge), t(2, 3) },
      { nn.Euclidean(3, 2), t(2, 3) }, { nn.Cosine(3, 2), t(2, 3) },
      { nn.MM(), { t(2, 3), t(3, 2) } }, { nn.MV(), { t(2, 3), t(3) } },
      { nn.GradientReversal(), t(3) }, { nn.L1Penalty(0.1), t(3) },
      { nn.ReLU(), t(3) }, { nn.ReLU6(), t(3) }, { nn.LeakyReLU(), t(3) }, { nn.PReLU(3), t(2, 3) },
      { nn.ELU(), t(3) }, { nn.HardTanh(), t(3) }, { nn.Clamp(0, 1), t(3) },
      { nn.HardShrink(), t(3) }, { nn.SoftShrink(), t(3) }, { nn.Tanh(), t(3) },
      { nn.Sigmoid(), t(3) }, { nn.LogSigmoid(), t(3) }, { nn.SoftPlus(), t(3) },
      { nn.SoftSign(), t(3) }, { nn.Abs(), t(3) }, { nn.Exp(), t(3) }, { nn.Log(), t(3) },
      { nn.Sqrt(), t(3) }, { nn.Square(), t(3) }, { nn.Power(2), t(3) }, { nn.TanhShrink(), t(3) },
      { nn.Threshold(0.5, 0), t(3) },
      { nn.Sequential():add(nn.Linear(3, 2)):add(nn.Tanh()), t(2, 3) },
      { nn.Concat(1):add(nn.Identity()):add(nn.Exp()), t(3) },
      { nn.ConcatTable():add(nn.Identity()):add(nn.Exp()), t(3) },
      { nn.ParallelTable():add(nn.Tanh()):add(nn.Exp()), { t(2), t(3) } },
      { nn.Parallel(1, 1):add(nn.Tanh()):add(nn.Exp()), t(2, 3) },
      { nn.JoinTable(1), { t(2), t(3) } }, { nn.SplitTable(1), t(2, 3) },
      { nn.SelectTable(2), { t(2), t(3) } }, { nn.NarrowTable(1, 2), { t(2), t(3), t(1) } },
      { nn.FlattenTable(), { t(2), { t(3) } } }, { nn.CAddTable(), { t(2), t(2) } },
      { nn.CSubTable(), { t(2), t(2) } }, { nn.CMulTable(), { t(2), t(2) } },
      { nn.CDivTable(), { t(2), t(2) } }, { nn.Identity(), t(3) },
   }
end

local function map(x, f)
   if torch.isTensor(x) then return f(x) end
   local r = {}
   for k, v in ipairs(x) do r[k] = map(v, f) end
   return r
end

local function each(a, b, f)
   if torch.isTensor(a) then return f(a, b) end
   for k = 1, #a do each(a[k], b[k], f) end
end

function tests.float_matches_double()
   for _, c in ipairs(cases()) do
      local m, x = c[1], c[2]
      local name = torch.type(m)
      local md = m:clone()
      local yd = md:forward(x)
      local gd = map(yd, function(v) return v.new():resizeAs(v):fill(0.5) end)
      local gid = md:backward(x, gd)
      local mf = m:clone():float()
      local xf = map(x, function(v) return v:float() end)
      local yf = mf:forward(xf)
      local gif = mf:backward(xf, map(gd, function(v) return v:float() end))
      each(yf, yd, function(a, b)
         tester:eq(torch.type(a), 'torch.FloatTensor', name .. ' output type')
         tester:assertlt((a:double() - b):abs():max(), 1e-4 * math.max(1, b:abs():max()),
                         name .. ' output')
      end)
      each(gif, gid, function(a, b)
         tester:eq(torch.type(a), 'torch.FloatTensor', name .. ' gradInput type')
         tester:assertlt((a:double() - b):abs():max(), 1e-4 * math.max(1, b:abs():max()),
                         name .. ' gradInput')
      end)
      local p, gp = mf:parameters()
      for i = 1, #(p or {}) do
         tester:eq(torch.type(gp[i]), 'torch.FloatTensor', name .. ' gradient buffer type')
      end
   end
end

function tests.integer_buffers_stay_integer()
   local m = nn.Max(1)
   m:forward(torch.randn(3))
   m:float()
   tester:eq(torch.type(m._indices), 'torch.LongTensor')
   local r = nn.ReLU()
   r:forward(torch.randn(3))
   r:float()
   tester:eq(torch.type(r._mask), 'torch.ByteTensor')
   tester:eq(torch.type(r:forward(torch.FloatTensor(3):fill(1))), 'torch.FloatTensor')
   local ix = nn.Index(1):float()
   tester:eq(torch.type(ix.gradInput[2]), 'torch.LongTensor')
end

tester:add(tests)
tester:run()
