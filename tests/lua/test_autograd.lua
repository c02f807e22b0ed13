-- Autograd's Lua API and semantics: requiresGrad / backward / x.grad /
-- zeroGrad / detach / noGrad, accumulation, graph freeing and retaining,
-- in-place rules (leaf errors, views, rebasing non-leaves, the version
-- counter), user-defined nodes (torch.autograd.record), broadcasting.
-- Values are hand-computed (exact binary fractions, compared exactly);
-- the per-op gradient checks are in test_autograd_ops.lua.
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
local tester = torch.Tester()
local tests = torch.TestSuite()
local T = torch.DoubleTensor

local function leaf(v) return T(v):requiresGrad() end

function tests.requires_grad_flag()
   local x = T { 1, 2 }
   tester:eq(x:isRequiresGrad(), false)
   tester:assert(x:requiresGrad() == x, 'requiresGrad returns the tensor')
   tester:eq(x:isRequiresGrad(), true)
   x:requiresGrad(false)
   tester:eq(x:isRequiresGrad(), false)
   x:requiresGrad(true)
   tester:eq(x:isLeaf(), true)
   local y = x * 2
   tester:eq(y:isRequiresGrad(), true)
   tester:eq(y:isLeaf(), false)
   tester:eq(torch.autograd.gradFn(y), 'mul')
   tester:eq(errmsg(function() y:requiresGrad(false) end),
             "calling 'requiresGrad' on bad self (requires_grad can only be changed on leaf " ..
             "tensors (this one was computed by 'mul'); use detach() for a tensor without history)")
   tester:eq(errmsg(function() torch.LongTensor(2):requiresGrad() end),
             "calling 'requiresGrad' on bad self (only Float and Double tensors can require " ..
             "gradients (got a Long tensor))")
   tester:eq(torch.FloatTensor(2):requiresGrad():isRequiresGrad(), true)
   -- a result of tensors that do not require grad has no history
   tester:eq((T { 1 } * 2):isRequiresGrad(), false)
end

function tests.backward_grad_accumulate_zero()
   local x = leaf { 1, 2, 3 }
   tester:eq(x.grad, nil)
   local y = (x * x):sum()                 -- d/dx = 2x
   tester:eq(torch.isTensor(y), true, 'a recorded whole-tensor sum is a one-element tensor')
   tester:eq(y:nElement(), 1)
   tester:eq(y[1], 14)
   tester:eq(y:item(), 14)
   tester:eq(math.type(torch.LongTensor { 3 }:item()), 'integer')
   tester:eq(errmsg(function() return x:item() end),
             "calling 'item' on bad self (item() needs a tensor of one element, got size 3)")
   y:backward()
   tester:eq(x.grad, T { 2, 4, 6 })
   tester:eq(x:grad(), T { 2, 4, 6 }, 'x:grad() is x.grad')
   ;(x * 3):sum():backward()               -- gradients accumulate
   tester:eq(x.grad, T { 5, 7, 9 })
   x:zeroGrad()
   tester:eq(x.grad, T { 0, 0, 0 })
   x:setGrad(nil)
   tester:eq(x.grad, nil)
   x.grad = T { 1, 1, 1 }
   tester:eq(x:grad(), T { 1, 1, 1 })
   x.grad = nil
   tester:eq(x.grad, nil)
   tester:eq(errmsg(function() x:setGrad(T { 1, 2 }) end),
             "bad argument #1 to 'setGrad' (gradient of size 2 for a tensor of size 3)")
   tester:eq(errmsg(function() x:grad() end), "attempt to call a nil value (method 'grad')")
   tester:eq(errmsg(function() local g = T { 1 }; return g(T { 1 }) end),
             "attempt to call a tensor (x:grad() needs x to have a gradient; x.grad is nil when " ..
             "it has none)")
   -- methods keep working next to the field, unknown fields are errors
   tester:eq(x:size(1), 3)
   tester:eq(errmsg(function() x.foo = 1 end), "cannot set field 'foo' of a tensor")
   tester:eq(x.foo, nil)
end

function tests.backward_arguments()
   local x = leaf { 1, 2 }
   local y = x * 2
   tester:eq(errmsg(function() y:backward() end),
             "calling 'backward' on bad self (a gradient argument is needed for a result that " ..
             "is not a single element (size 2))")
   tester:eq(errmsg(function() y:backward(T { 1, 2, 3 }) end),
             "bad argument #1 to 'backward' (gradient of size 3 for a result of size 2)")
   y:backward(T { 1, 0.5 })
   tester:eq(x.grad, T { 2, 1 })
   tester:eq(errmsg(function() T { 1 }:backward() end),
             "calling 'backward' on bad self (the tensor does not require grad (no input of " ..
             "its computation requires grad, or grad mode was off))")
   -- backward on a leaf is its own gradient
   local z = leaf { 4 }
   z:backward()
   tester:eq(z.grad, T { 1 })
end

function tests.graph_freed_unless_retained()
   local x = leaf { 1, 2 }
   local y = (x * x):sum()
   y:backward()
   tester:eq(errmsg(function() y:backward() end),
             "backward: the graph has already been freed (at 'dot'); pass retainGraph = true " ..
             "to the first backward to keep it")
   -- nodes that saved nothing (a product by a number, views) can run again
   x:setGrad(nil)
   local a = (x * 2):narrow(1, 1, 2)
   local b, c = (a + 1):sum(), (a + 2):sum()
   b:backward()
   c:backward()
   tester:eq(x.grad, T { 4, 4 })
   x:setGrad(nil)
   local z = torch.exp(x):sum()
   z:backward(nil, true)
   z:backward()
   tester:eq(x.grad, torch.exp(x:detach()) * 2)
end

function tests.shared_subexpressions_accumulate()
   local x = leaf { 1, 2, 3 }
   local y = torch.cmul(x, x) + x           -- 2x + 1
   local z = (y + y:narrow(1, 1, 3)):sum()  -- twice that
   z:backward()
   tester:eq(x.grad, T { 6, 10, 14 })
   -- a long chain: no recursion in backward or in freeing
   local a = leaf { 1 }
   local h = a
   for _ = 1, 20000 do h = h * 1 end
   h:sum():backward()
   tester:eq(a.grad, T { 1 })
   h = nil
   collectgarbage()
end

function tests.broadcast_gradients_reduce_to_input_shapes()
   local a = leaf { { 1, 2, 3 }, { 4, 5, 6 } }   -- 2x3
   local b = leaf { 10, 20, 30 }                 -- 3
   local c = leaf { { 2 }, { 3 } }               -- 2x1
   local y = torch.cmul(a + b, c)
   y:backward(torch.ones(2, 3))
   tester:eq(a.grad, T { { 2, 2, 2 }, { 3, 3, 3 } })
   tester:eq(b.grad, T { 5, 5, 5 })
   tester:eq(c.grad, T { { 66 }, { 75 } })
end

function tests.no_grad_and_switch()
   local x = leaf { 1, 2 }
   local r1, r2 = torch.noGrad(function(a, k) return a * k, 'k' end, x, 3)
   tester:eq(r1:isRequiresGrad(), false)
   tester:eq(r1, T { 3, 6 })
   tester:eq(r2, 'k')
   tester:eq(torch.isGradEnabled(), true)
   tester:eq(errmsg(torch.noGrad, function() error('inside') end), 'inside')
   tester:eq(torch.isGradEnabled(), true, 'an error restores grad mode')
   torch.setGradEnabled(false)
   tester:eq(torch.isGradEnabled(), false)
   tester:eq((x * 2):isRequiresGrad(), false)
   tester:eq(type(x:sum()), 'number', 'without recording, a sum is a number (Torch7)')
   x:narrow(1, 1, 1):fill(5)                    -- in place allowed without grad mode
   torch.setGradEnabled(true)
   tester:eq(x:detach(), T { 5, 2 })
end

function tests.detach_shares_storage()
   local x = leaf { 1, 2 }
   local d = (x * 2):detach()
   tester:eq(d:isRequiresGrad(), false)
   local e = x:detach()
   e[1] = 7
   tester:eq(x[1], 7, 'detach shares the storage')
end

function tests.in_place_rules()
   local x = leaf { 1, 2, 3 }
   tester:eq(errmsg(function() x:add(1) end),
             "calling 'add' on bad self (in-place add on a leaf tensor that requires grad (use " ..
             "torch.noGrad, or work on a clone))")
   tester:eq(errmsg(function() x:exp() end),
             "calling 'exp' on bad self (in-place exp on a leaf tensor that requires grad (use " ..
             "torch.noGrad, or work on a clone))")
   tester:eq(errmsg(function() x:zero() end),
             "calling 'zero' on bad self (in-place zero on a leaf tensor that requires grad " ..
             "(use torch.noGrad, or work on a clone))")
   tester:eq(errmsg(function() x:narrow(1, 1, 2):mul(2) end),
             "calling 'mul' on bad self (in-place mul on a view of a tensor that requires grad " ..
             "is not supported (clone the view first))")
   tester:eq(x:detach(), T { 1, 2, 3 }, 'refused before writing')
   -- Torch7: x:exp() is in place, torch.exp(x) is new; on a non-leaf the
   -- in-place form is recorded (the tensor gets a new node)
   local y = x * 1
   local e = torch.exp(y)
   tester:assert(e ~= y)
   y:exp()
   tester:eq(torch.autograd.gradFn(y), 'exp')
   tester:eq(y, e)
   y:sum():backward()
   tester:eq(x.grad, torch.exp(x:detach()))
   -- an in-place op whose backward needs the overwritten value
   x:setGrad(nil)
   local u = x * 1
   u:cmul(x)                                -- u = x^2
   u:add(x)                                 -- u = x^2 + x
   u:sum():backward()
   tester:eq(x.grad, T { 3, 5, 7 })
end

function tests.version_counter_catches_modified_saved_tensors()
   local x = leaf { 1, 2 }
   local e = torch.exp(x)                   -- exp saves its result
   torch.noGrad(function() e:add(1) end)
   tester:eq(errmsg(function() e:sum():backward() end),
             "backward: one of the tensors needed for the gradient of 'exp' has been modified " ..
             "by an in-place operation (version 2, expected 1)")
   local w = T { 3, 4 }
   local p = torch.cmul(x, w)               -- saves w
   w:fill(0)
   tester:eq(errmsg(function() p:sum():backward() end),
             "backward: one of the tensors needed for the gradient of 'cmul' has been " ..
             "modified by an in-place operation (version 1, expected 0)")
   -- ops that need no saved values do not care
   local q = x + w
   w:fill(1)
   x:setGrad(nil)
   q:sum():backward()
   tester:eq(x.grad, T { 1, 1 })
   -- in-place kernels all bump the version: each makes mm's backward refuse
   local writes = {
      function(t) t:fill(1) end, function(t) t:zero() end, function(t) t:copy(T { { 1, 2 } }) end,
      function(t) t:uniform() end, function(t) t:normal() end, function(t) t:bernoulli() end,
      function(t) t:indexFill(2, torch.LongTensor { 1 }, 0) end,
      function(t) t:maskedFill(torch.ByteTensor { { 1, 0 } }, 0) end,
      function(t) t:scatter(2, torch.LongTensor { { 1 } }, 3) end, function(t) t[1][1] = 4 end,
      function(t) t[{ 1, 2 }] = 4 end, function(t) t:cmul(t) end,
      function(t) t:addmm(t:clone(), torch.eye(2)) end,
   }
   for k, f in ipairs(writes) do
      local m = T { { 1, 2 } }
      local a = leaf { { 1 }, { 2 } }
      local r = torch.mm(a, m)
      f(m)
      tester:assert(not pcall(function() r:sum():backward() end),
                    'write ' .. k .. ' bumps the version')
   end
end

function tests.writes_autograd_cannot_follow_are_errors()
   local x = leaf { 1, 2, 3 }
   local y = x * 2
   tester:eq(errmsg(function() y:indexFill(1, torch.LongTensor { 1 }, 0) end),
             "indexFill: this in-place write is not differentiable and a tensor involved " ..
             "requires grad (use torch.noGrad, or build a new tensor)")
   tester:eq(errmsg(function() y[torch.LongTensor { 1 }] = 0 end),
             "indexing assignment: this in-place write is not differentiable and a tensor " ..
             "involved requires grad (use torch.noGrad, or build a new tensor)")
   tester:eq(errmsg(function() x[1] = 0 end),
             "newindex: in-place indexing assignment on a leaf tensor that requires grad (use " ..
             "torch.noGrad, or work on a clone)")
   tester:eq(errmsg(function() x[{ { 1, 2 } }] = 0 end),
             "newindex: in-place indexing assignment on a leaf tensor that requires grad (use " ..
             "torch.noGrad, or work on a clone)")
   tester:eq(x:detach(), T { 1, 2, 3 }, 'refused before writing')
   local h = x * 1
   tester:eq(errmsg(function() torch.cumprod(h, h, 1) end),
             "bad argument #2 to 'cumprod' (cumprod: the result overwrote the input whose value " ..
             "the gradient needs (use a new result tensor))")
   local m = leaf { { 1, 2 }, { 3, 4 } } * 1
   tester:eq(errmsg(function() m:addmm(m, torch.eye(2)) end),
             "bad argument #1 to 'addmm' (addmm: the result overwrote a factor whose value the " ..
             "gradient needs (use a new result tensor))")
   local buf = torch.zeros(5)
   tester:eq(errmsg(function() buf:narrow(1, 1, 3):copy(x) end),
             "calling 'copy' on bad self (copy: writing a result that requires grad into a view " ..
             "of another tensor is not differentiable (build it with torch.cat, or compute a " ..
             "new tensor))")
   tester:eq(errmsg(function() x:unfold(1, 2, 1):t() end),
             "calling 't' on bad self (autograd: views of a tensor whose elements overlap " ..
             "(unfold) are not supported (call :contiguous() first))")
end

function tests.record_custom_nodes()
   local x = leaf { 1, 2 }
   local w = leaf { 3, 4 }
   local calls = 0
   -- two outputs: s = x + w, p = x * w (elementwise)
   local s, p = table.unpack(torch.noGrad(function() return { x + w, torch.cmul(x, w) } end))
   local outs = torch.autograd.record({ s, p }, { x, 'not a tensor', w }, function(gs, gp)
      calls = calls + 1
      return gs + torch.cmul(gp, w:detach()), nil, gs + torch.cmul(gp, x:detach())
   end)
   tester:assert(outs[1] == s and outs[2] == p, 'record returns its outputs')
   tester:eq(s:isRequiresGrad(), true)
   tester:eq(torch.autograd.gradFn(p), 'custom')
   p:sum():backward()                       -- s's gradient is passed as zeros
   tester:eq(calls, 1)
   tester:eq(x.grad, T { 3, 4 })
   tester:eq(w.grad, T { 1, 2 }, 'gradients are matched to inputs by position')
end

function tests.record_gradients_by_position()
   local x, w = leaf { 1, 2 }, leaf { 3, 4 }
   local y = torch.noGrad(function() return torch.cmul(x, w) end)
   torch.autograd.record(y, { x, 5, w }, function(g)
      return torch.cmul(g, w:detach()), nil, torch.cmul(g, x:detach())
   end)
   y:sum():backward()
   tester:eq(x.grad, T { 3, 4 })
   tester:eq(w.grad, T { 1, 2 })
end

function tests.record_errors_propagate()
   local x = leaf { 1, 2 }
   local y = torch.noGrad(function() return x * 2 end)
   torch.autograd.record(y, { x }, function() error('my backward failed') end)
   local z = (y * 1):sum()
   tester:eq(errmsg(function() z:backward() end), 'my backward failed')
   -- the graph is kept after an error, and the session works
   tester:eq(x.grad, nil)
   local q = torch.noGrad(function() return x * 2 end)
   torch.autograd.record(q, { x }, function(g) return 'oops' end)
   tester:eq(errmsg(function() q:sum():backward() end),
             "backward: record: the backward function returned a string as gradient 1 " ..
             "(expected a tensor or nil)")
   local r = torch.noGrad(function() return x * 2 end)
   torch.autograd.record(r, { x }, function(g) return T { 1, 2, 3 } end)
   tester:eq(errmsg(function() r:sum():backward() end),
             "backward: backward of 'custom' returned a gradient of size 3 for input 1 of size 2")
   ;(x * 2):sum():backward()
   tester:eq(x.grad, T { 2, 2 })
   tester:eq(errmsg(torch.autograd.record, x, { x }, 3),
             "bad argument #3 to 'torch.autograd.record' (function expected, got number)")
   tester:eq(errmsg(torch.autograd.record, x, { x }, function() end),
             "bad argument #1 to 'torch.autograd.record' (output 1 is a leaf tensor that " ..
             "requires grad (outputs must be computed tensors))")
   -- no input requires grad: nothing is attached
   local plain = T { 1 }
   torch.autograd.record(plain, { T { 2 } }, function() end)
   tester:eq(plain:isRequiresGrad(), false)
end

-- Where an op is not differentiable, the conventions are PyTorch 1.13's
-- (values printed by torch in float64): ties of a whole-tensor max share the
-- gradient evenly, elementwise maximum splits it in half, clamp's bounds are
-- inside, abs'(0) = 0, and max along a dim sends it to the index returned.
function tests.conventions_at_ties_and_kinks()
   local x = leaf { 1, 3, 3, 2 }
   x:max():backward()
   tester:eq(x.grad, T { 0, 0.5, 0.5, 0 })
   local a, b = leaf { 1, 2, 3 }, leaf { 1, 1, 4 }
   torch.cmax(a, b):sum():backward()
   tester:eq(a.grad, T { 0.5, 1, 0 })
   tester:eq(b.grad, T { 0.5, 0, 1 })
   local c = leaf { -1, -0.5, 0, 0.5, 1 }
   torch.clamp(c, -0.5, 0.5):sum():backward()
   tester:eq(c.grad, T { 0, 1, 1, 1, 0 })
   local d = leaf { -1, 0, 2 }
   torch.abs(d):sum():backward()
   tester:eq(d.grad, T { -1, 0, 1 })
   local e = leaf { { 1, 5, 5 }, { 2, 2, 0 } }
   local v, i = e:max(2)
   v:sum():backward()
   local want = torch.zeros(2, 3)
   want[1][i[1][1]] = 1
   want[2][i[2][1]] = 1
   tester:eq(e.grad, want)
end

function tests.type_conversions_carry_gradients_back()
   local x = leaf { 1, 2 }
   local y = x:float()
   tester:eq(torch.type(y), 'torch.FloatTensor')
   tester:eq(y:isRequiresGrad(), true)
   torch.cmul(y, torch.FloatTensor { 0.5, 4 }):sum():backward()
   tester:eq(torch.type(x.grad), 'torch.DoubleTensor')
   tester:eq(x.grad, T { 0.5, 4 })
   tester:eq(x:double() == x, true, 'converting to the same type is the tensor itself')
end

function tests.functional_backward_and_grad_fn()
   local x = leaf { 2 }
   local y = torch.cmul(x, x)
   tester:eq(torch.autograd.gradFn(x), nil)
   tester:eq(torch.autograd.gradFn(y), 'cmul')
   torch.autograd.backward(y)
   tester:eq(x.grad, T { 4 })
end

function tests.integer_and_unrecorded_paths_unchanged()
   local a = torch.LongTensor { 1, 2, 3 }
   tester:eq(a:sum(), 6)
   tester:eq(math.type(a:sum()), 'integer')
   tester:eq(T { 1, 2 } * T { 3, 4 }, 11, 'dot of vectors is a number without grad')
   local x = leaf { 1, 2 }
   local d = x * T { 3, 4 }
   tester:eq(torch.isTensor(d), true, 'and a one-element tensor when recording')
   d:backward()
   tester:eq(x.grad, T { 3, 4 })
end

tester:add(tests)
tester:run()
