-- nn/MM.lua — the matrix product of a table {A, B}: 2-D (A B) or 3-D
-- batches (A_i B_i); transA/transB use the transposes.
--   dA' = g B'^T,  dB' = A'^T g  (A', B' the operands after transposing)
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local MM, parent = torch.class('nn.MM', 'nn.Module')

function MM:__init(transA, transB)
   parent.__init(self)
   self.transA = transA or false
   self.transB = transB or false
   self.gradInput = { torch.Tensor(), torch.Tensor() }
end

local function operands(self, input)
   nn.utils.checkTable('nn.MM', input, 2)
   local a, b = input[1], input[2]
   if a:dim() ~= b:dim() or (a:dim() ~= 2 and a:dim() ~= 3) then
      error(string.format('nn.MM: input must be two matrices or two batches of matrices (got '
                          .. '%s and %s)', nn.utils.shape(a), nn.utils.shape(b)), 3)
   end
   local d = a:dim()
   if self.transA then a = a:transpose(d - 1, d) end
   if self.transB then b = b:transpose(d - 1, d) end
   if a:size(d) ~= b:size(d - 1) or (d == 3 and a:size(1) ~= b:size(1)) then
      error(string.format('nn.MM: size mismatch: %s times %s', nn.utils.shape(a),
                          nn.utils.shape(b)), 3)
   end
   return a, b, d
end

function MM:updateOutput(input)
   local a, b, d = operands(self, input)
   if d == 2 then
      self.output:resize(a:size(1), b:size(2))
      torch.mm(self.output, a, b)
   else
      self.output:resize(a:size(1), a:size(2), b:size(3))
      torch.bmm(self.output, a, b)
   end
   return self.output
end

function MM:updateGradInput(input, gradOutput)
   local a, b, d = operands(self, input)
   if #self.gradInput == 0 then self.gradInput = { a.new(), a.new() } end
   local mul = d == 2 and torch.mm or torch.bmm
   local ga = mul(gradOutput, b:transpose(d - 1, d))        -- d loss / d A'
   local gb = mul(a:transpose(d - 1, d), gradOutput)        -- d loss / d B'
   if self.transA then ga = ga:transpose(d - 1, d) end
   if self.transB then gb = gb:transpose(d - 1, d) end
   self.gradInput[1]:resizeAs(input[1]):copy(ga)
   self.gradInput[2]:resizeAs(input[2]):copy(gb)
   return self.gradInput
end

function MM:__tostring__()
   return torch.type(self) .. (self.transA and 'T' or '') .. (self.transB and 'T' or '')
end

return MM
