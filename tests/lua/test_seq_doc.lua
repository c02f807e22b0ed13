-- Help entries of the sequence layers (lualib/nn/doc/seq.lua): the area is
-- listed, every class of issue 6 has an entry with a signature and a text.
require 'nn'
local tester = torch.Tester()
local tests = torch.TestSuite()

local CLASSES = { 'RecurrentBase', 'RNN', 'LSTM', 'GRU', 'CellBase', 'RNNCell', 'LSTMCell',
                  'GRUCell', 'LayerNorm', 'LayerNormalization', 'GELU', 'SiLU', 'Softmax',
                  'MultiHeadAttention', 'TransformerEncoderLayer', 'TransformerEncoder',
                  'PositionalEncoding', 'SequenceCrossEntropyCriterion', 'SequencerCriterion' }

function tests.entries()
   local listed = false
   for _, area in ipairs(require 'nn.doc') do listed = listed or area == 'seq' end
   tester:assert(listed, "'seq' is a help area of nn")
   local doc = require 'nn.doc.seq'
   for _, c in ipairs(CLASSES) do
      local e = doc['nn.' .. c]
      tester:assert(e ~= nil, 'nn.' .. c .. ' has a help entry')
      tester:assert(e and type(e.sig) == 'string' and e.sig:match('^nn%.') ~= nil,
                    'nn.' .. c .. ' has a signature')
      tester:assert(e and type(e.text) == 'string' and #e.text > 20, 'nn.' .. c .. ' has a text')
      -- the class exists (the criteria only once nn.Criterion does)
      if not c:match('Criterion$') or nn.Criterion then
         tester:assert(nn[c] ~= nil, 'nn.' .. c .. ' exists')
      end
   end
end

tester:add(tests)
tester:run()
