-- torch.conv2 / torch.xcorr2: 2-D, 3-D/3-D and 3-D/4-D forms, valid and full.
-- References are PyTorch 1.13 float64 F.conv2d (cross-correlation; the
-- kernel flipped for conv2; padding kh-1, kw-1 for 'F'), exact for the
-- integer-valued cases and to 1e-12 for the fractional one.
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
local tester = torch.Tester()
local tests = torch.TestSuite()

local X = torch.range(1, 20):view(4, 5)
local K = torch.Tensor({ { 1, 2 }, { -1, 3 } })
local VALID = torch.Tensor({ { 20, 25, 30, 35 }, { 45, 50, 55, 60 }, { 70, 75, 80, 85 } })
local XCORR_F = torch.Tensor({ { 3, 5, 7, 9, 11, -5 }, { 20, 20, 25, 30, 35, -5 }, { 45, 45, 50, 55,
   60, -5 },
                               { 70, 70, 75, 80, 85, -5 }, { 32, 50, 53, 56, 59, 20 } })
local CONV_F = torch.Tensor({ { 1, 4, 7, 10, 13, 10 }, { 5, 20, 25, 30, 35, 35 }, { 5, 45, 50, 55,
   60, 60 },
                              { 5, 70, 75, 80, 85, 85 }, { -16, 31, 33, 35, 37, 60 } })

function tests.two_dimensional()
   for _, T in ipairs({ 'DoubleTensor', 'FloatTensor', 'IntTensor', 'LongTensor' }) do
      local x, k = X:type('torch.' .. T), K:type('torch.' .. T)
      tester:eq(torch.conv2(x, k), VALID:type('torch.' .. T), 'conv2 valid ' .. T)
      tester:eq(torch.xcorr2(x, k), VALID:type('torch.' .. T), 'xcorr2 valid ' .. T)
      tester:eq(torch.conv2(x, k, 'F'), CONV_F:type('torch.' .. T), 'conv2 full ' .. T)
      tester:eq(torch.xcorr2(x, k, 'F'), XCORR_F:type('torch.' .. T), 'xcorr2 full ' .. T)
      tester:eq(torch.conv2(x, k, 'V'), VALID:type('torch.' .. T), "explicit 'V' " .. T)
   end
end

function tests.fractional()
   local x = torch.Tensor({
      { 0.0, 0.361615431964962, 0.674287911628145, 0.8956986856800476, 0.99588084453764,
         0.9612752029752999 },
      { 0.7965654722360868, 0.5240443416872761, 0.18059626789423291, -0.18729466354290317,
        -0.5298361409084934, -0.8006667821758177 },
      { -0.9631309305733164, -0.9952398257691626, -0.8926476794282346, -0.669239857276262,
        -0.35525355998804264, 0.006814640074770176 },
      { 0.36796051057238466, 0.6793046521448148, 0.8987080958116269, 0.9964756147406005,
        0.9593748338928642, 0.7924271699085284 },
      { 0.5182282059209767, 0.17388948538043356, -0.19398436125389723, -0.5356033346142913,
        -0.8047309092634671, -0.9649419305071872 } })
   local k = torch.Tensor({ { 0.5, -0.25, 0.125 }, { 1.5, 0.75, -2.0 }, { 0.3, 0.2, 0.1 } })
   tester:eq(torch.conv2(x, k), torch.Tensor({
      { -0.9724990760774224, -0.9897177335443104, -0.8729827387517525, -0.6380936256163046 },
      { 0.40502771729790055, 0.7079432596729549, 0.9150420029632387, 0.9982941038085362 },
      { 0.48277822340971266, 0.1337403227134324, -0.2333987032578938, -0.5689483096660772 } }),
      'conv2 valid', 1e-12)
   local full = torch.xcorr2(x, k, 'F')
   tester:eq({ full:size(1), full:size(2) }, { 7, 8 }, 'full size')
   tester:eq(full[1], torch.Tensor({ 0.0, 0.0361615431964962, 0.13975187755580692,
             0.3329120804831224,
                                     0.4810141950782171, 0.5640132949090723, 0.49101929395635197,
                                     0.28838256089258996 }), 'xcorr2 full, row 1', 1e-12)
   tester:eq(full[4], torch.Tensor({ 2.0626285962333823, 1.276018195589184, 0.22013517103446742,
                                     -0.14722393646534893, -0.49465697482328796,
                                        -0.7751405121796648,
                                     -0.14622285068671376, -0.15238328000319507 }), 'row 4', 1e-12)
   tester:eq(full[7], torch.Tensor({ 0.06477852574012209, -0.10782086580768999, 0.19139368645864283,
                                     0.06849041617690467, -0.06368271063130918, -0.1872366813046773,
                                     -0.16112997200493676, -0.4824709652535936 }), 'row 7', 1e-12)
   tester:eq(torch.conv2(x:float(), k:float()), torch.conv2(x, k):float(), 'FloatTensor', 1e-5)
end

function tests.planes()
   -- 3-D input and 3-D kernel: plane by plane
   local x = torch.range(0, 31):view(2, 4, 4) - 10
   local k = torch.Tensor({ { { 1, 0, -1 }, { 2, 1, 0 } }, { { 0.5, 1, 1 }, { -1, -1, 2 } } })
   tester:eq(torch.conv2(x, k), torch.Tensor({ { { -23, -20 }, { -11, -8 }, { 1, 4 } },
                                               { { 24, 26.5 }, { 34, 36.5 }, { 44, 46.5 } } }),
                                                  '3D/3D')
   -- 3-D input and 4-D kernel: summed over the input planes
   local x4 = torch.range(0, 59):view(3, 4, 5)
   x4:apply(function(v) return v % 7 - 3 end)
   local k4 = torch.range(0, 47):view(4, 3, 2, 2)
   k4:apply(function(v) return v % 5 - 2 end)
   local want = torch.Tensor({
      { { -13, 12, 9, 13 }, { -7, -10, -13, 12 }, { 13, -4, -7, -10 } },
      { { 5, -8, -14, 1 }, { 10, -3, 5, -8 }, { 1, 9, 10, -3 } },
      { { 13, -8, 13, -1 }, { -8, -1, 13, -8 }, { -1, -8, -8, -1 } },
      { { -14, -8, 5, -3 }, { 9, 1, -14, -8 }, { -3, 10, 9, 1 } } })
   tester:eq(torch.conv2(x4, k4), want, '3D/4D (im2col + GEMM)')
   tester:eq(torch.conv2(x4:long(), k4:long()), want:long(), '3D/4D LongTensor (direct loops)')
   tester:eq(torch.conv2(x4:float(), k4:float()), want:float(), '3D/4D FloatTensor')
   local xf = torch.xcorr2(x4, k4, 'F')
   tester:eq({ xf:size(1), xf:size(2), xf:size(3) }, { 4, 5, 6 }, 'full 3D/4D size')
   tester:eq(xf[1][2], torch.Tensor({ 3, 29, -9, -19, -8, 5 }), 'xcorr2 full 3D/4D (PyTorch)')
   tester:eq(xf[4][5], torch.Tensor({ -3, 22, 4, 0, -4, -4 }), 'last row')
   -- two output planes: the direct loops for Double too
   tester:eq(torch.conv2(x4, k4:narrow(1, 2, 2)), want:narrow(1, 2, 2), '3D/4D, 2 output planes')
   -- a larger case: im2col (Double) against direct loops (Long)
   local xl = torch.range(1, 8 * 30 * 30):view(8, 30, 30)
   xl:apply(function(v) return v * 7 % 11 - 5 end)
   local kl = torch.range(1, 16 * 8 * 5 * 5):view(16, 8, 5, 5)
   kl:apply(function(v) return v * 3 % 7 - 3 end)
   tester:eq(torch.xcorr2(xl, kl, 'F'), torch.xcorr2(xl:long(), kl:long(), 'F'):double(),
             'im2col + GEMM equals the direct loops')
end

function tests.layouts_and_results()
   local xt = X:t():clone():t()                     -- column-major copy
   tester:eq(torch.conv2(xt, K, 'F'), CONV_F, 'column-major input')
   tester:eq(torch.conv2(X:t(), K:t(), 'F'), CONV_F:t(), 'transposed views')
   local r = torch.Tensor(3)
   tester:assert(torch.conv2(r, X, K) == r, 'torch.conv2(r, x, k) returns r')
   tester:eq(r, VALID, 'into r')
   tester:eq(X:conv2(K, 'F'), CONV_F, 'x:conv2(k) is torch.conv2(x, k)')
   local rt = torch.Tensor(4, 3):t()
   torch.xcorr2(rt, X, K)
   tester:eq(rt, VALID, 'into a transposed result')
   local x = X:clone()
   torch.conv2(x, x, K)
   tester:eq(x, VALID, 'result is the input')
   tester:eq(torch.conv2(torch.Tensor({ { 2 } }), torch.Tensor({ { 3 } })), torch.Tensor({ { 6 } }),
             '1x1')
   tester:eq(torch.conv2(torch.ByteTensor({ { 16, 1 } }), torch.ByteTensor({ { 16 } })),
             torch.ByteTensor({ { 0, 16 } }), 'ByteTensor wraps')
end

function tests.errors()
   tester:eq(errmsg(function() torch.conv2(torch.Tensor(3, 3), torch.Tensor(5, 5)) end),
             "bad argument #2 to 'conv2' (kernel of size 5x5 is larger than the input of size " ..
             "3x3 (valid mode; 'F' gives the full convolution))")
   tester:assert(pcall(torch.conv2, torch.Tensor(3, 3):zero(), torch.Tensor(5, 5):zero(), 'F'),
                 'a larger kernel is fine in full mode')
   tester:eq(errmsg(function() torch.conv2(torch.Tensor(3, 3), torch.Tensor(2, 2), 'X') end),
             "bad argument #3 to 'conv2' (mode must be 'V' (valid) or 'F' (full), got 'X')")
   tester:eq(errmsg(function() torch.xcorr2(torch.Tensor(3), torch.Tensor(2)) end),
             "bad argument #1 to 'xcorr2' (expected a 2D input and a 2D kernel, or a 3D input " ..
             "and a 3D or 4D kernel; got 3 and 2)")
   tester:eq(errmsg(function() torch.conv2(torch.Tensor(3, 3), torch.Tensor(2, 2, 2)) end),
             "bad argument #2 to 'conv2' (expected a 2D input and a 2D kernel, or a 3D input " ..
             "and a 3D or 4D kernel; got 3x3 and 2x2x2)")
   tester:eq(errmsg(function() torch.conv2(torch.Tensor(2, 3, 3), torch.Tensor(3, 2, 2)) end),
             "bad argument #2 to 'conv2' (size mismatch: a 2x3x3 input needs a kernel of 2 " ..
             "planes, got 3x2x2)")
   tester:eq(errmsg(function() torch.conv2(torch.Tensor(2, 3, 3), torch.Tensor(4, 3, 2, 2)) end),
             "bad argument #2 to 'conv2' (size mismatch: a 2x3x3 input needs a kernel of size " ..
             "q x 2 x kh x kw, got 4x3x2x2)")
   tester:eq(errmsg(function() torch.conv2(torch.Tensor(3, 3), torch.FloatTensor(2, 2)) end),
             "bad argument #2 to 'conv2' (torch.DoubleTensor expected, got torch.FloatTensor)")
   tester:eq(errmsg(function() torch.conv2(torch.Tensor(0, 3), torch.Tensor(1, 1)) end),
             "bad argument #1 to 'conv2' (input is empty (size 0x3))")
   tester:eq(errmsg(function() torch.conv2(torch.Tensor(3, 3)) end),
             "conv2: invalid arguments (torch.DoubleTensor); expected ([result,] tensor, tensor [, 'V' or " ..
             "'F'])")
end

tester:add(tests)
tester:run()
