-- nn/SpatialZeroPadding.lua — pads (or, with negative amounts, crops) the
-- last two dims of a C x H x W or N x C x H x W input with zeros:
--   SpatialZeroPadding(pad_l, [pad_r=pad_l], [pad_t=pad_l], [pad_b=pad_l])
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local SZP, parent = torch.class('nn.SpatialZeroPadding', 'nn.Module')

function SZP:__init(pad_l, pad_r, pad_t, pad_b)
   parent.__init(self)
   self.pad_l = pad_l
   self.pad_r = pad_r or pad_l
   self.pad_t = pad_t or pad_l
   self.pad_b = pad_b or pad_l
   for _, k in ipairs({ 'pad_l', 'pad_r', 'pad_t', 'pad_b' }) do
      local v = self[k]
      if type(v) ~= 'number' or v ~= math.floor(v) then
         error(string.format('%s: %s must be an integer (got %s)', torch.type(self), k,
                             tostring(v)), 2)
      end
   end
end

-- the part of the output (and of the input) the input's pixels occupy
local function regions(self, input)
   local d = input:dim()
   if d ~= 3 and d ~= 4 then
      error(string.format('%s: input must be 3D or 4D (got %s)', torch.type(self),
                          nn.utils.shape(input)), 3)
   end
   local h, w = input:size(d - 1), input:size(d)
   local oh, ow = h + self.pad_t + self.pad_b, w + self.pad_l + self.pad_r
   if oh < 1 or ow < 1 then
      error(string.format('%s: input %s is too small for the cropping (output %dx%d)',
                          torch.type(self), nn.utils.shape(input), oh, ow), 3)
   end
   local size = input:size()
   size[d - 1], size[d] = oh, ow
   local function cut(t, dim, a, b)    -- drop a leading, b trailing (negative pads)
      return t:narrow(dim, 1 + a, t:size(dim) - a - b)
   end
   return size, function(out, inp)
      local o, i = out, inp
      o = cut(o, d - 1, math.max(self.pad_t, 0), math.max(self.pad_b, 0))
      o = cut(o, d, math.max(self.pad_l, 0), math.max(self.pad_r, 0))
      i = cut(i, d - 1, math.max(-self.pad_t, 0), math.max(-self.pad_b, 0))
      i = cut(i, d, math.max(-self.pad_l, 0), math.max(-self.pad_r, 0))
      return o, i
   end
end

function SZP:updateOutput(input)
   nn.utils.checkTensor(torch.type(self), input)
   local size, views = regions(self, input)
   self.output:resize(size):zero()
   local o, i = views(self.output, input)
   o:copy(i)
   return self.output
end

function SZP:updateGradInput(input, gradOutput)
   local _, views = regions(self, input)
   self.gradInput:resizeAs(input):zero()
   local go, gi = views(gradOutput, self.gradInput)
   gi:copy(go)
   return self.gradInput
end

function SZP:__tostring__()
   return string.format('%s(l=%d, r=%d, t=%d, b=%d)', torch.type(self), self.pad_l, self.pad_r,
                        self.pad_t, self.pad_b)
end

return SZP
