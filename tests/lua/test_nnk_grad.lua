-- nnk: every convolution, pooling and softmax module passes nn.Jacobian in
-- double precision (max error < 1e-5, Torch7's own threshold; these are
-- typically 1e-9 here), in batch and single-sample form, with strides,
-- padding, dilation, ceil mode and output adjustment.
require 'nn'
local tester = torch.Tester()
local tests = torch.TestSuite()
local jac = nn.Jacobian
local PREC = 1e-5

local function jacobianAll(m, input, tag)
   tester:assertlt(jac.testJacobian(m, input), PREC, tag .. ': input')
   local params, grads = m:parameters()
   for i = 1, #(params or {}) do
      tester:assertlt(jac.testJacobianParameters(m, input, params[i], grads[i]), PREC,
                      tag .. ': parameter ' .. i)
      tester:assertlt(jac.testJacobianUpdateParameters(m, input, params[i]), PREC,
                      tag .. ': update of parameter ' .. i)
   end
end

function tests.convolution()
   torch.manualSeed(1)
   jacobianAll(nn.SpatialConvolution(2, 3, 3, 2, 2, 1, 1, 0), torch.randn(2, 2, 6, 5), 'conv')
   jacobianAll(nn.SpatialConvolution(2, 3, 3, 2), torch.randn(2, 6, 5), 'conv, one image')
   jacobianAll(nn.SpatialConvolution(2, 3, 3, 3):noBias(), torch.randn(2, 2, 5, 5),
               'conv without bias')
   jacobianAll(nn.SpatialConvolutionMM(2, 3, 3, 3, 1, 1, 1, 1), torch.randn(3, 2, 5, 5),
               'convMM')
   jacobianAll(nn.SpatialDilatedConvolution(2, 3, 3, 3, 1, 2, 1, 1, 2, 1),
               torch.randn(3, 2, 7, 6), 'dilated')
end

function tests.full_convolution()
   torch.manualSeed(2)
   jacobianAll(nn.SpatialFullConvolution(2, 3, 3, 3, 2, 2, 1, 1, 1, 0), torch.randn(2, 2, 4, 3),
               'full, adj')
   jacobianAll(nn.SpatialFullConvolution(2, 3, 3, 2), torch.randn(2, 4, 3), 'full, one image')
end

function tests.pooling()
   torch.manualSeed(3)
   jacobianAll(nn.SpatialMaxPooling(2, 2, 2, 2), torch.randn(2, 3, 6, 5), 'maxpool')
   jacobianAll(nn.SpatialMaxPooling(3, 3, 2, 2, 1, 1):ceil(), torch.randn(2, 3, 6, 5),
               'maxpool ceil pad')
   jacobianAll(nn.SpatialAveragePooling(3, 3, 2, 2, 1, 1):ceil(), torch.randn(2, 3, 6, 5),
               'avgpool ceil pad')
   jacobianAll(nn.SpatialAveragePooling(3, 3, 2, 2, 1, 1):setCountExcludePad(),
               torch.randn(3, 6, 5), 'avgpool exclude pad')
   jacobianAll(nn.SpatialAdaptiveMaxPooling(3, 2), torch.randn(2, 3, 7, 5), 'adaptive max')
   jacobianAll(nn.SpatialAdaptiveAveragePooling(3, 4), torch.randn(2, 3, 7, 5),
               'adaptive avg')
   jacobianAll(nn.TemporalMaxPooling(3, 2), torch.randn(2, 7, 4), 'temporal max')
   jacobianAll(nn.TemporalMaxPooling(2), torch.randn(6, 3), 'temporal max, one sequence')
end

function tests.softmax()
   torch.manualSeed(4)
   for _, shape in ipairs({ { 5 }, { 3, 5 }, { 3, 4, 4 }, { 2, 3, 4, 4 } }) do
      local tag = table.concat(shape, 'x')
      jacobianAll(nn.SoftMax(), torch.randn(table.unpack(shape)), 'softmax ' .. tag)
      jacobianAll(nn.LogSoftMax(), torch.randn(table.unpack(shape)), 'logsoftmax ' .. tag)
      jacobianAll(nn.SoftMin(), torch.randn(table.unpack(shape)), 'softmin ' .. tag)
   end
end

function tests.batch_normalization()
   torch.manualSeed(5)
   local bn = nn.BatchNormalization(4)
   jacobianAll(bn, torch.randn(6, 4), 'bn train')
   jacobianAll(nn.BatchNormalization(4, 1e-3, 0.2, false), torch.randn(5, 4), 'bn no affine')
   local sbn = nn.SpatialBatchNormalization(3)
   jacobianAll(sbn, torch.randn(2, 3, 3, 4), 'spatial bn train')
   sbn.running_mean:uniform(-1, 1)
   sbn.running_var:uniform(0.5, 2)
   sbn:evaluate()
   jacobianAll(sbn, torch.randn(2, 3, 3, 4), 'spatial bn eval')
end

function tests.temporal_lookup_padding_dropout()
   torch.manualSeed(6)
   jacobianAll(nn.TemporalConvolution(3, 4, 3, 2), torch.randn(9, 3), 'temporal conv')
   jacobianAll(nn.TemporalConvolution(3, 2, 2), torch.randn(2, 5, 3), 'temporal conv batch')
   jacobianAll(nn.SpatialZeroPadding(1, 2, -1, 0), torch.randn(2, 3, 4, 5), 'zero padding')
   jacobianAll(nn.SpatialZeroPadding(-1), torch.randn(2, 4, 5), 'cropping')
   local d = nn.SpatialDropout(0.3)
   d:evaluate()
   jacobianAll(d, torch.randn(2, 3, 4, 4), 'spatial dropout eval')
   -- LookupTable: the indices are not differentiable; its weight is
   local lt = nn.LookupTable(6, 3)
   local idx = torch.LongTensor({ { 1, 3, 3 }, { 6, 2, 1 } })
   local w0 = lt.weight:clone()
   local out = lt:forward(idx)
   tester:eq(out[1][2], w0[3], 0, 'lookup row')
   lt:zeroGradParameters()
   local g = torch.randn(2, 3, 3)
   lt:backward(idx, g, 0.5)
   tester:eq(lt.gradWeight[3], (g[1][2] + g[1][3]) * 0.5, 1e-12, 'repeated index accumulates')
   tester:eq(lt.gradWeight[4], torch.zeros(3), 0, 'unused row')
end

tester:add(tests)
tester:run()
