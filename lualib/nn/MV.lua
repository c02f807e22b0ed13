-- nn/MV.lua — the matrix-vector product of a table {M, v}: M (m x n) times
-- v (n), or batches (N x m x n and N x n); trans uses M's transpose.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local MV, parent = torch.class('nn.MV', 'nn.Module')

function MV:__init(trans)
   parent.__init(self)
   self.trans = trans or false
   self.gradInput = { torch.Tensor(), torch.Tensor() }
end

local function operands(self, input)
   nn.utils.checkTable('nn.MV', input, 2)
   local M, v = input[1], input[2]
   local batch = M:dim() == 3
   if not ((M:dim() == 2 and v:dim() == 1) or (batch and v:dim() == 2)) then
      error(string.format('nn.MV: input must be a matrix and a vector, or batches of them (got '
                          .. '%s and %s)', nn.utils.shape(M), nn.utils.shape(v)), 3)
   end
   local d = M:dim()
   if self.trans then M = M:transpose(d - 1, d) end
   if M:size(d) ~= v:size(v:dim()) or (batch and M:size(1) ~= v:size(1)) then
      error(string.format('nn.MV: size mismatch: %s times %s', nn.utils.shape(M),
                          nn.utils.shape(v)), 3)
   end
   return M, v, batch
end

function MV:updateOutput(input)
   local M, v, batch = operands(self, input)
   if batch then
      local n = M:size(1)
      self.output:resize(n, M:size(2))
      torch.bmm(self.output:view(n, M:size(2), 1), M, v:view(n, v:size(2), 1))
   else
      self.output:resize(M:size(1))
      torch.mv(self.output, M, v)
   end
   return self.output
end

function MV:updateGradInput(input, gradOutput)
   local M, v, batch = operands(self, input)
   if #self.gradInput == 0 then self.gradInput = { M.new(), M.new() } end
   local gM, gv
   if batch then
      local n = M:size(1)
      gM = torch.bmm(gradOutput:contiguous():view(n, -1, 1), v:contiguous():view(n, 1, -1))
      gv = torch.bmm(M:transpose(2, 3), gradOutput:contiguous():view(n, -1, 1)):view(n, -1)
      if self.trans then gM = gM:transpose(2, 3) end
   else
      gM = torch.ger(gradOutput, v)
      gv = torch.mv(M:t(), gradOutput)
      if self.trans then gM = gM:t() end
   end
   self.gradInput[1]:resizeAs(input[1]):copy(gM)
   self.gradInput[2]:resizeAs(input[2]):copy(gv)
   return self.gradInput
end

return MV
