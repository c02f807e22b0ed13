-- text helpers (lualib/text): vocabularies, tokenizer, padding, LM batches.
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
local text = require 'text'
local tester = torch.Tester()
local tests = torch.TestSuite()

function tests.char_vocab_roundtrip()
   local v = text.CharVocab():fit('hello world')
   -- sorted: ' ' d e h l o r w
   tester:eq(v:size(), 8)
   tester:eq(#v, 8)
   tester:eq(v.itos, { ' ', 'd', 'e', 'h', 'l', 'o', 'r', 'w' })
   local ids = v:encode('hold')
   tester:eq(torch.type(ids), 'torch.LongTensor')
   tester:eq(ids:totable(), { 4, 6, 5, 2 })
   tester:eq(v:decode(ids), 'hold')
   tester:eq(v:decode({ 8, 6 }), 'wo')
   tester:eq(v:encode(''):nElement(), 0)
   tester:eq(v:decode(torch.LongTensor()), '')
   tester:eq(tostring(v), 'text.CharVocab (8 characters)')
   -- fit again adds only new characters, after the old ones
   v:fit({ 'zebra', 'a' })
   tester:eq(v.itos[9], 'a')
   tester:eq(v.stoi.z, 11)
end

function tests.char_vocab_utf8_and_stray_bytes()
   local v = text.CharVocab():fit('naïve\xff')
   tester:eq(v:size(), 6, 'ï is one character, the stray byte another')
   tester:eq(v:decode(v:encode('ïn\xff')), 'ïn\xff')
   tester:eq(#text.chars('été'), 3)
   tester:eq(#text.chars('\xc3'), 1, 'a truncated sequence is one stray byte')
end

function tests.char_vocab_unknown()
   local v = text.CharVocab({ unknown = '?' }):fit('ab')
   tester:eq(v.itos, { '?', 'a', 'b' })
   tester:eq(v:encode('abc'):totable(), { 2, 3, 1 })
   local w = text.CharVocab():fit('ab')
   tester:eq(errmsg(function() w:encode('abc') end),
             'encode: character "c" (position 3) is not in the vocabulary (fit() it first, ' ..
             'or create the vocabulary with {unknown = ...})')
   tester:eq(errmsg(function() w:decode({ 1, 3 }) end),
             'decode: id 3 at position 2 is out of range (vocabulary of size 2)')
   tester:eq(errmsg(function() w:encode(5) end),
             "bad argument #1 to 'encode' (string expected, got number)")
   tester:eq(errmsg(function() w:decode(torch.LongTensor(2, 2)) end),
             "bad argument #1 to 'decode' (a 1D tensor of ids expected, got size 2x2)")
   tester:eq(errmsg(function() w:fit({ 'a', 3 }) end),
             "bad argument #2 to 'fit' (string expected, got number)")
end

function tests.word_tokenizer()
   local tok = text.WordTokenizer()
   tester:eq(tok:tokenize("Don't panic, it's OK!"), { "don't", 'panic', ',', "it's", 'ok', '!' })
   tok:fit({ 'the cat sat', 'the dog sat on the mat' })
   -- counts: the 3, sat 2, then cat dog mat on (1 each, alphabetically)
   tester:eq(tok.itos, { '<pad>', '<unk>', 'the', 'sat', 'cat', 'dog', 'mat', 'on' })
   tester:eq(tok:encode('The cat ate'):totable(), { 3, 5, 2 })
   tester:eq(tok:decode({ 3, 6, 1, 1 }), 'the dog')
   tester:eq(#tok, 8)
   local small = text.WordTokenizer({ maxSize = 4 }):fit('a a b b b c')
   tester:eq(small.itos, { '<pad>', '<unk>', 'b', 'a' })
   local rare = text.WordTokenizer({ minCount = 2, lower = false }):fit('A a a b')
   tester:eq(rare.itos, { '<pad>', '<unk>', 'a' })
   tester:eq(errmsg(function() text.WordTokenizer({ maxSize = 1 }) end),
             'WordTokenizer: maxSize must be an integer of at least 2 (the reserved ids), got 1')
end

function tests.pad()
   local out, len = text.pad({ torch.LongTensor({ 5, 6, 7 }), { 8 }, {} }, 2)
   tester:eq(out:totable(), { { 5, 6 }, { 8, 1 }, { 1, 1 } })
   tester:eq(len:totable(), { 2, 1, 0 })
   out = text.pad({ { 5, 6, 7 }, { 8 } }, 4, { value = 0, side = 'left', truncate = 'left' })
   tester:eq(out:totable(), { { 0, 5, 6, 7 }, { 0, 0, 0, 8 } })
   out = text.pad({ { 5, 6, 7 } }, 2, { truncate = 'left' })
   tester:eq(out:totable(), { { 6, 7 } })
   tester:eq(errmsg(function() text.pad({ { 1 } }, 1.5) end),
             "bad argument #2 to 'pad' (integer length expected, got 1.5)")
   tester:eq(errmsg(function() text.pad({ { 1 } }, -1) end),
             "bad argument #2 to 'pad' (length must be >= 0, got -1)")
   tester:eq(errmsg(function() text.pad({ 'abc' }, 2) end),
             'pad: sequence 1 is a string, expected a tensor or a table of ids')
   tester:eq(errmsg(function() text.pad({ { 1 } }, 2, { side = 'up' }) end),
             "pad: side and truncate must be 'left' or 'right', got \"up\"")
end

function tests.lm_batches()
   local ids = torch.range(1, 21):long()
   local it, n = text.lmBatches(ids, 2, 4)
   -- 2 streams of 10: 1..10 and 11..20 (21 dropped); 9 targets each -> 3 windows
   tester:eq(n, 3)
   local x, y = it()
   tester:eq(x:totable(), { { 1, 2, 3, 4 }, { 11, 12, 13, 14 } })
   tester:eq(y:totable(), { { 2, 3, 4, 5 }, { 12, 13, 14, 15 } })
   x, y = it()
   tester:eq(x[1]:totable(), { 5, 6, 7, 8 })
   x, y = it()
   tester:eq(x:totable(), { { 9 }, { 19 } }, 'the last window is shorter')
   tester:eq(y:totable(), { { 10 }, { 20 } })
   tester:eq(it(), nil)
   tester:eq(errmsg(function() text.lmBatches(torch.LongTensor(3), 2, 4) end),
             'lmBatches: 3 ids are too few for 2 streams (each needs at least 2)')
   tester:eq(errmsg(function() text.lmBatches(torch.LongTensor(9), 0, 4) end),
             "bad argument #2 to 'lmBatches' (positive integer expected, got 0)")
   tester:eq(errmsg(function() text.lmBatches(torch.LongTensor(3, 3), 1, 4) end),
             "bad argument #1 to 'lmBatches' (1D LongTensor of ids expected, got a tensor of size 3x3)")
end

function tests.read()
   local path = os.tmpname()
   local f = io.open(path, 'wb'); f:write('abc\n'); f:close()
   tester:eq(text.read(path), 'abc\n')
   os.remove(path)
   tester:assertErrorPattern(function() text.read('/nonexistent/x') end,
                             'text.read: cannot open /nonexistent/x')
end

tester:add(tests)
tester:run()
