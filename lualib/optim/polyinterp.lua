--[[ optim.polyinterp — the minimum of the polynomial that interpolates
function values and derivatives at a few points (Torch7's port of minFunc's
polyinterp), used by optim.lswolfe.

ARGS:
- `points`    : N triplets (x, f(x), f'(x)): an N x 3 tensor or a table of
                {x, f, g} tables
- `xminBound` : lower end of the interval searched (default: min of the x)
- `xmaxBound` : upper end of the interval searched (default: max of the x)

RETURN:
- `minPos` : position of the minimum within the bounds
- `fmin`   : the polynomial's value there (general case only)

With two points and no bounds (the common case) it is the closed-form
minimiser of the cubic, clamped to the points, or their midpoint when the
cubic has no real minimum.  Otherwise it fits the degree 2N-1 polynomial
(a small dense solve), finds the real roots of its derivative (analytically
up to degree 2, by Durand-Kerner iteration above), and returns the lowest
of the polynomial at those roots, at the bounds and at the points that lie
within the bounds, or the midpoint of the bounds when none does.  Torch7
used LAPACK (gels, eig) for the same steps on these few scalars.
]]
local torch = require 'torch'

local NAME = 'optim.polyinterp'

local function triplets(points)
   local P = {}
   if torch.isTensor(points) then
      if points:dim() ~= 2 or points:size(2) ~= 3 or points:size(1) < 1 then
         error(string.format("bad argument #1 to '%s' (points must be an N x 3 tensor of " ..
                             "(x, f, g) rows)", NAME), 3)
      end
      for i = 1, points:size(1) do
         P[i] = { points[i][1], points[i][2], points[i][3] }
      end
   elseif type(points) == 'table' and #points >= 1 then
      for i, p in ipairs(points) do
         if type(p) ~= 'table' or type(p[1]) ~= 'number' or type(p[2]) ~= 'number' or
            type(p[3]) ~= 'number' then
            error(string.format("bad argument #1 to '%s' (points[%d] must be {x, f, g})",
                                NAME, i), 3)
         end
         P[i] = { p[1], p[2], p[3] }
      end
   else
      error(string.format("bad argument #1 to '%s' (points must be an N x 3 tensor, got %s)",
                          NAME, torch.type(points)), 3)
   end
   return P
end

-- solve A c = b (n x n, Lua tables) by Gaussian elimination with partial
-- pivoting; a singular system gives NaNs, as LAPACK's would give garbage
local function solve(A, b)
   local n = #b
   for k = 1, n do
      local piv, best = k, math.abs(A[k][k])
      for i = k + 1, n do
         if math.abs(A[i][k]) > best then piv, best = i, math.abs(A[i][k]) end
      end
      A[k], A[piv] = A[piv], A[k]
      b[k], b[piv] = b[piv], b[k]
      for i = k + 1, n do
         local f = A[i][k] / A[k][k]
         for j = k, n do A[i][j] = A[i][j] - f * A[k][j] end
         b[i] = b[i] - f * b[k]
      end
   end
   local c = {}
   for i = n, 1, -1 do
      local s = b[i]
      for j = i + 1, n do s = s - A[i][j] * c[j] end
      c[i] = s / A[i][i]
   end
   return c
end

-- value of c[1] x^(n-1) + ... + c[n]
local function polyval(c, x)
   local v = 0
   for i = 1, #c do v = v * x + c[i] end
   return v
end

-- real roots of c[1] x^(n-1) + ... + c[n] (coefficients below 1e-12 in
-- magnitude count as zero, as in Torch7)
local function realroots(c)
   local cc = {}
   for i = 1, #c do cc[i] = math.abs(c[i]) < 1e-12 and 0 or c[i] end
   local first = 1
   while first <= #cc and cc[first] == 0 do first = first + 1 end
   local r = {}
   if first > #cc then return r end
   local p = {}
   for i = first, #cc do p[#p + 1] = cc[i] end
   while #p > 1 and p[#p] == 0 do            -- trailing zeros: roots at 0
      p[#p] = nil
      r[#r + 1] = 0
   end
   local deg = #p - 1
   if deg == 1 then
      r[#r + 1] = -p[2] / p[1]
   elseif deg == 2 then
      local a, b, c0 = p[1], p[2], p[3]
      local disc = b * b - 4 * a * c0
      if disc >= 0 then
         local s = math.sqrt(disc)
         r[#r + 1] = (-b + s) / (2 * a)
         r[#r + 1] = (-b - s) / (2 * a)
      end
   elseif deg > 2 then
      -- Durand-Kerner on the monic polynomial, complex numbers as {re, im}
      local q = {}
      for i = 1, #p do q[i] = p[i] / p[1] end
      local zr, zi = {}, {}
      for k = 1, deg do            -- the customary start: powers of 0.4+0.9i
         local ar, ai = 1, 0
         for _ = 1, k - 1 do ar, ai = ar * 0.4 - ai * 0.9, ar * 0.9 + ai * 0.4 end
         zr[k], zi[k] = ar, ai
      end
      for _ = 1, 500 do
         local moved = 0
         for k = 1, deg do
            local vr, vi = 1, 0   -- q(z) by Horner, complex
            vr, vi = q[1], 0
            for i = 2, #q do vr, vi = vr * zr[k] - vi * zi[k] + q[i], vr * zi[k] + vi * zr[k] end
            local dr, di = 1, 0   -- prod (z_k - z_j)
            for j = 1, deg do
               if j ~= k then
                  local er, ei = zr[k] - zr[j], zi[k] - zi[j]
                  dr, di = dr * er - di * ei, dr * ei + di * er
               end
            end
            local den = dr * dr + di * di
            local wr, wi = (vr * dr + vi * di) / den, (vi * dr - vr * di) / den
            zr[k], zi[k] = zr[k] - wr, zi[k] - wi
            moved = math.max(moved, math.abs(wr) + math.abs(wi))
         end
         if moved < 1e-14 then break end
      end
      for k = 1, deg do
         if math.abs(zi[k]) <= 1e-10 * (1 + math.abs(zr[k])) then r[#r + 1] = zr[k] end
      end
   end
   return r
end

return function(points, xminBound, xmaxBound)
   local P = triplets(points)
   for _, b in ipairs({ { xminBound, 2, 'xminBound' }, { xmaxBound, 3, 'xmaxBound' } }) do
      if b[1] ~= nil and type(b[1]) ~= 'number' then
         error(string.format("bad argument #%d to '%s' (%s must be a number, got %s)", b[2],
                             NAME, b[3], torch.type(b[1])), 2)
      end
   end
   local nPoints = #P
   local order = nPoints * 2 - 1

   -- the common case: cubic through 2 points, no bounds
   if nPoints == 2 and not xminBound and not xmaxBound then
      local lo = P[1][1] <= P[2][1] and 1 or 2   -- the point with the smaller x
      local hi = 3 - lo
      local x1, f1, g1 = P[lo][1], P[lo][2], P[lo][3]
      local x2, f2, g2 = P[hi][1], P[hi][2], P[hi][3]
      local d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
      local d2 = math.sqrt(d1 * d1 - g1 * g2)
      if d2 == d2 then    -- real
         local t = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
         return math.min(math.max(t, x1), x2)
      end
      return (x1 + x2) / 2
   end

   -- bounds of the interpolation area
   local xmin, xmax = math.huge, -math.huge
   for _, p in ipairs(P) do
      xmin, xmax = math.min(xmin, p[1]), math.max(xmax, p[1])
   end
   xminBound = xminBound or xmin
   xmaxBound = xmaxBound or xmax

   -- constraints on the values, then on the derivatives
   local A, b = {}, {}
   for i = 1, nPoints do
      local row = {}
      for j = order, 0, -1 do row[order - j + 1] = P[i][1] ^ j end
      A[i], b[i] = row, P[i][2]
   end
   for i = 1, nPoints do
      local row = {}
      for j = 1, order + 1 do
         local pw = order - j
         row[j] = pw >= 0 and (pw + 1) * P[i][1] ^ pw or 0
      end
      A[nPoints + i], b[nPoints + i] = row, P[i][3]
   end
   local params = solve(A, b)
   for i = 1, #params do
      if math.abs(params[i]) <= 1e-12 then params[i] = 0 end
   end

   -- critical points: the bounds, the points, the real roots of p'
   local dParams = {}
   for i = 1, #params - 1 do dParams[i] = params[i] * (order - i + 1) end
   local finite = true
   for _, v in ipairs(dParams) do
      if v ~= v or v == math.huge or v == -math.huge then finite = false end
   end
   local cp = { xminBound, xmaxBound }
   for _, p in ipairs(P) do cp[#cp + 1] = p[1] end
   if finite then
      for _, r in ipairs(realroots(dParams)) do cp[#cp + 1] = r end
   end

   -- the lowest valid one; bisection when none is
   local fmin = math.huge
   local minPos = (xminBound + xmaxBound) / 2
   for _, x in ipairs(cp) do
      if x >= xminBound and x <= xmaxBound then
         local fx = polyval(params, x)
         if fx < fmin then minPos, fmin = x, fx end
      end
   end
   return minPos, fmin
end
