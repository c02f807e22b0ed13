-- The fused recurrent kernels (tensor/rnn.c through torch._rnn): outputs
-- against step-by-step formulas written with tensor ops, and every gradient
-- against central finite differences in double precision.
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
local tester = torch.Tester()
local tests = torch.TestSuite()
local R = torch._rnn

local G = { rnn_tanh = 1, rnn_relu = 1, lstm = 4, gru = 3 }

local function problem(mode, T, B, I, Hd, opt)
   opt = opt or {}
   local g = G[mode]
   local p = {
      mode = mode, reverse = opt.reverse,
      x = torch.randn(T, B, I),
      w_ih = torch.randn(g * Hd, I):mul(0.5), w_hh = torch.randn(g * Hd, Hd):mul(0.5),
      b_ih = torch.randn(g * Hd):mul(0.5), b_hh = torch.randn(g * Hd):mul(0.5),
      h0 = opt.noh0 and nil or torch.randn(B, Hd):mul(0.5),
      c0 = (mode == 'lstm' and not opt.noh0) and torch.randn(B, Hd):mul(0.5) or nil,
      lengths = opt.lengths,
   }
   if mode == 'rnn_relu' then p.x:abs() p.w_ih:abs() end   -- keep away from the kink
   return p
end

-- the same layer written with tensor ops, one step at a time (PyTorch's formulas)
local function reference(p)
   local T, B = p.x:size(1), p.x:size(2)
   local Hd = p.w_hh:size(2)
   local h = p.h0 and p.h0:clone() or torch.zeros(B, Hd)
   local c = p.c0 and p.c0:clone() or torch.zeros(B, Hd)
   local y = torch.zeros(T, B, Hd)
   for s = 1, T do
      local t = p.reverse and T - s + 1 or s
      local gi = p.x[t] * p.w_ih:t() + p.b_ih:view(1, -1):expand(B, p.b_ih:size(1))
      local gh = h * p.w_hh:t() + p.b_hh:view(1, -1):expand(B, p.b_hh:size(1))
      local hn, cn
      if p.mode == 'rnn_tanh' then hn = torch.tanh(gi + gh)
      elseif p.mode == 'rnn_relu' then hn = torch.cmax(gi + gh, 0)
      elseif p.mode == 'lstm' then
         local a = gi + gh
         local i = torch.sigmoid(a:narrow(2, 1, Hd))
         local f = torch.sigmoid(a:narrow(2, Hd + 1, Hd))
         local gg = torch.tanh(a:narrow(2, 2 * Hd + 1, Hd))
         local o = torch.sigmoid(a:narrow(2, 3 * Hd + 1, Hd))
         cn = torch.cmul(f, c) + torch.cmul(i, gg)
         hn = torch.cmul(o, torch.tanh(cn))
      else
         local r = torch.sigmoid(gi:narrow(2, 1, Hd) + gh:narrow(2, 1, Hd))
         local z = torch.sigmoid(gi:narrow(2, Hd + 1, Hd) + gh:narrow(2, Hd + 1, Hd))
         local n = torch.tanh(gi:narrow(2, 2 * Hd + 1, Hd) + torch.cmul(r, gh:narrow(2, 2 * Hd + 1, Hd)))
         hn = torch.cmul(-z + 1, n) + torch.cmul(z, h)
      end
      for b = 1, B do
         if not p.lengths or t <= p.lengths[b] then
            h[b]:copy(hn[b])
            if cn then c[b]:copy(cn[b]) end
            y[t][b]:copy(hn[b])
         end
      end
   end
   return y, h, c
end

local function forward(p)
   local y, hn, cn, ws = R.forward(p)
   return y, hn, cn, ws
end

local function loss(p, wy, wh, wc)
   local y, hn, cn = forward(p)
   local l = torch.cmul(y, wy):sum() + torch.cmul(hn, wh):sum()
   if cn then l = l + torch.cmul(cn, wc):sum() end
   return l
end

local function check_grads(p, label)
   local y, hn, cn, ws = forward(p)
   local wy, wh = torch.randn(y:size()), torch.randn(hn:size())
   local wc = cn and torch.randn(cn:size()) or nil
   local q = {}
   for k, v in pairs(p) do q[k] = v end
   q.ws, q.dy, q.dhn, q.dcn = ws, wy, wh, wc
   q.dw_ih, q.dw_hh = torch.zeros(p.w_ih:size()), torch.zeros(p.w_hh:size())
   q.db_ih, q.db_hh = torch.zeros(p.b_ih:size()), torch.zeros(p.b_hh:size())
   local dx, dh0, dc0 = R.backward(q)
   local analytic = { x = dx, h0 = dh0, c0 = dc0, w_ih = q.dw_ih, w_hh = q.dw_hh,
                      b_ih = q.db_ih, b_hh = q.db_hh }
   local eps, worst = 1e-6, 0
   for name, g in pairs(analytic) do
      local t = p[name]
      if t then
         local flat, gf = t:view(-1), g:contiguous():view(-1)
         for i = 1, flat:nElement() do
            local v = flat[i]
            flat[i] = v + eps
            local lp = loss(p, wy, wh, wc)
            flat[i] = v - eps
            local lm = loss(p, wy, wh, wc)
            flat[i] = v
            local num = (lp - lm) / (2 * eps)
            local err = math.abs(num - gf[i])
            if err > worst then worst = err end
            if err > 1e-6 then
               tester:assert(false, ('%s: d%s[%d] analytic %.10g numeric %.10g'):format(
                  label, name, i, gf[i], num))
               return
            end
         end
      end
   end
   tester:assertlt(worst, 1e-6, label .. ': max gradient error ' .. worst)
end

function tests.forward_matches_step_formulas()
   torch.manualSeed(1)
   for mode in pairs(G) do
      for _, rev in ipairs({ false, true }) do
         local p = problem(mode, 4, 3, 5, 2, { reverse = rev, lengths = torch.LongTensor({ 4, 2, 0 }) })
         local y, hn, cn = forward(p)
         local ry, rh, rc = reference(p)
         local label = mode .. (rev and ' reverse' or '')
         tester:assertTensorEq(y, ry, 1e-12, label .. ': outputs')
         tester:assertTensorEq(hn, rh, 1e-12, label .. ': final hidden state')
         if mode == 'lstm' then tester:assertTensorEq(cn, rc, 1e-12, label .. ': final cell') end
         tester:eq(y:select(2, 3):abs():sum(), 0, label .. ': a row of length 0 outputs zeros')
      end
   end
end

function tests.gradients_by_finite_differences()
   torch.manualSeed(2)
   for mode in pairs(G) do
      check_grads(problem(mode, 3, 2, 3, 2), mode)
      check_grads(problem(mode, 3, 2, 3, 2, { reverse = true }), mode .. ' reverse')
      check_grads(problem(mode, 4, 3, 2, 2, { lengths = torch.LongTensor({ 2, 4, 1 }) }),
                  mode .. ' lengths')
      check_grads(problem(mode, 4, 3, 2, 2, { reverse = true, lengths = torch.LongTensor({ 3, 1, 4 }),
                                              noh0 = true }), mode .. ' reverse lengths')
   end
end

function tests.float_matches_double()
   torch.manualSeed(3)
   local p = problem('lstm', 5, 4, 6, 3)
   local y = forward(p)
   local q = {}
   for k, v in pairs(p) do q[k] = torch.isTensor(v) and v:float() or v end
   local yf = forward(q)
   tester:eq(torch.type(yf), 'torch.FloatTensor')
   tester:assertlt((yf:double() - y):abs():max(), 1e-5)
end

function tests.noncontiguous_inputs()
   torch.manualSeed(4)
   local p = problem('gru', 3, 2, 4, 3)
   local y = forward(p)
   local q = {}
   for k, v in pairs(p) do q[k] = v end
   q.x = p.x:transpose(1, 2):contiguous():transpose(1, 2)     -- same values, other strides
   q.w_hh = p.w_hh:t():contiguous():t()
   tester:assertTensorEq(forward(q), y, 1e-14)
end

function tests.errors()
   local p = problem('lstm', 2, 3, 4, 5)
   local function with(k, v)
      local q = {}
      for a, b in pairs(p) do q[a] = b end
      q[k] = v
      return q
   end
   tester:eq(errmsg(R.forward, with('w_hh', torch.randn(20, 4))),
             "LSTM: bad field 'w_hh' (hidden weight has size 20x4, expected 20x5)")
   tester:eq(errmsg(R.forward, with('x', torch.randn(2, 3))),
             "LSTM: bad field 'x' (LSTM input must be a non-empty 3D tensor (time x batch x " ..
             "features), got size 2x3)")
   tester:eq(errmsg(R.forward, with('x', torch.IntTensor(2, 3, 4))),
             "LSTM: bad field 'x' (LSTM input must be a torch.FloatTensor or torch.DoubleTensor, " ..
             "got a torch.IntTensor)")
   tester:eq(errmsg(R.forward, with('w_ih', torch.randn(19, 4))),
             "LSTM: bad field 'w_ih' (input weight has size 19x4, expected 4*hidden x 4)")
   tester:eq(errmsg(R.forward, with('h0', torch.randn(3, 4))),
             "LSTM: bad field 'h0' (initial hidden state has size 3x4, expected 3x5)")
   tester:eq(errmsg(R.forward, with('b_ih', torch.FloatTensor(20))),
             "LSTM: bad field 'b_ih' (input bias is a torch.FloatTensor, expected a torch.DoubleTensor)")
   tester:eq(errmsg(R.forward, with('lengths', torch.LongTensor({ 1, 3, 2 }))),
             "LSTM: bad field 'lengths' (length 3 of sequence 2 is out of range (0 to 2 steps))")
   tester:eq(errmsg(R.forward, with('mode', 'lstmx')),
             "torch._rnn: field 'mode' must be 'rnn_tanh', 'rnn_relu', 'lstm' or 'gru', got lstmx")
   tester:eq(errmsg(R.forward, with('x', 'abc')),
             "torch._rnn: field 'x' must be a tensor, got string")
   local q = with('mode', 'gru')
   q.w_ih, q.w_hh, q.b_ih, q.b_hh = torch.randn(15, 4), torch.randn(15, 5), nil, nil
   tester:eq(errmsg(R.forward, q), "GRU: bad field 'c0' (only an LSTM has a cell state)")
   local y, hn, cn, ws = R.forward(p)
   local b = with('ws', torch.randn(3))
   tester:eq(errmsg(R.backward, b), 'LSTM: workspace has size 3, expected ' .. ws:size(1))
   b = with('ws', ws)
   b.dw_ih = torch.zeros(20, 4):t()
   tester:eq(errmsg(R.backward, b), 'LSTM: input weight gradient has size 4x20, expected 20x4')
end

-- PyTorch 1.13's nn.LSTM / nn.GRU on the same weights (scripts/gen_rnn_fixtures.py)
function tests.matches_pytorch()
   for _, mode in ipairs({ 'lstm', 'gru' }) do
      local f = dofile('tests/fixtures/rnn/' .. mode .. '.lua')
      local p = { mode = mode }
      for _, k in ipairs({ 'x', 'h0', 'c0', 'w_ih', 'w_hh', 'b_ih', 'b_hh' }) do
         if f[k] then p[k] = torch.Tensor(f[k]) end
      end
      local y, hn, cn, ws = R.forward(p)
      tester:assertTensorEq(y, torch.Tensor(f.y), 1e-12, mode .. ' outputs vs PyTorch')
      tester:assertTensorEq(hn, torch.Tensor(f.hn), 1e-12, mode .. ' hn vs PyTorch')
      if cn then tester:assertTensorEq(cn, torch.Tensor(f.cn), 1e-12, 'cn vs PyTorch') end
      p.ws, p.dy, p.dhn = ws, torch.Tensor(f.wy), torch.Tensor(f.wh)
      if f.wc then p.dcn = torch.Tensor(f.wc) end
      p.dw_ih, p.dw_hh = torch.zeros(p.w_ih:size()), torch.zeros(p.w_hh:size())
      p.db_ih, p.db_hh = torch.zeros(p.b_ih:size()), torch.zeros(p.b_hh:size())
      local dx, dh0, dc0 = R.backward(p)
      local want = { dx = dx, dh0 = dh0, dc0 = dc0, dw_ih = p.dw_ih, dw_hh = p.dw_hh,
                     db_ih = p.db_ih, db_hh = p.db_hh }
      for k, got in pairs(want) do
         tester:assertTensorEq(got, torch.Tensor(f[k]), 1e-12, mode .. ' ' .. k .. ' vs PyTorch')
      end
   end
end

tester:add(tests)
tester:run()
