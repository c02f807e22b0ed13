-- text/init.lua — text helpers for sequence models: a character vocabulary,
-- a word tokenizer, padding to a length, and language-model batches.
--
-- Ids are 1-based LongTensor entries, as every index in Lantern is, so they
-- go straight into nn.LookupTable and ClassNLLCriterion.  Vocabularies are
-- plain torch.class objects holding tables of strings, so torch.save writes
-- them beside a model's checkpoint.  Characters are UTF-8 sequences; a byte
-- that does not start a valid sequence counts as one character of its own,
-- so any file can be read (Debian's fortunes hold a few Latin-1 bytes).
require 'torch'
local text = {}

local function checkstring(s, fname, argn)
   if type(s) ~= 'string' then
      error(('bad argument #%d to \'%s\' (string expected, got %s)'):format(
         argn, fname, s == nil and 'no value' or torch.type(s)), 3)
   end
end

-- Splits s into characters: whole UTF-8 sequences, or single stray bytes.
local function chars(s)
   local out, i, n = {}, 1, #s
   while i <= n do
      local c = s:byte(i)
      local len = c < 0x80 and 1 or c >= 0xF0 and c <= 0xF4 and 4 or
                  c >= 0xE0 and 3 or c >= 0xC2 and c < 0xE0 and 2 or 1
      if len > 1 then
         -- all continuation bytes present?  otherwise one stray byte
         for k = i + 1, i + len - 1 do
            local b = s:byte(k)
            if not b or b < 0x80 or b > 0xBF then len = 1 break end
         end
      end
      out[#out + 1] = s:sub(i, i + len - 1)
      i = i + len
   end
   return out
end
text.chars = chars

local function ids_to_list(ids, fname)
   if torch.isTensor(ids) then
      if ids:dim() > 1 then
         error(('bad argument #1 to \'%s\' (a 1D tensor of ids expected, got size %s)'):format(
            fname, table.concat(ids:size():totable(), 'x')), 3)
      end
      return ids:dim() == 0 and {} or ids:totable()
   elseif type(ids) == 'table' then
      return ids
   end
   error(('bad argument #1 to \'%s\' (tensor or table of ids expected, got %s)'):format(
      fname, ids == nil and 'no value' or torch.type(ids)), 3)
end

-- --------------------------------------------------------- CharVocab
local CharVocab = torch.class('text.CharVocab', text)

-- text.CharVocab([{unknown = '<unk>'}]): characters get ids in sorted
-- order (so one text always gives one vocabulary); with `unknown`, one
-- extra id stands for every character fit() did not see.
function CharVocab:__init(opt)
   opt = opt or {}
   if type(opt) ~= 'table' then
      error('bad argument #1 to \'CharVocab\' (table of options expected, got ' ..
            torch.type(opt) .. ')', 2)
   end
   self.unknown = opt.unknown
   self.itos, self.stoi = {}, {}
   if self.unknown then self:_add(self.unknown) end
end

function CharVocab:_add(c)
   if not self.stoi[c] then
      self.itos[#self.itos + 1] = c
      self.stoi[c] = #self.itos
   end
end

-- fit(str or {str, ...}): adds every character not yet known; returns self.
function CharVocab:fit(s)
   local list = type(s) == 'table' and s or { s }
   local seen = {}
   for k, str in ipairs(list) do
      checkstring(str, 'fit', type(s) == 'table' and k or 1)
      for _, c in ipairs(chars(str)) do
         if not self.stoi[c] then seen[c] = true end
      end
   end
   local new = {}
   for c in pairs(seen) do new[#new + 1] = c end
   table.sort(new)
   for _, c in ipairs(new) do self:_add(c) end
   return self
end

function CharVocab:size() return #self.itos end
CharVocab.__len__ = CharVocab.size

-- encode(str) -> LongTensor of ids (size 0 for an empty string)
function CharVocab:encode(s)
   checkstring(s, 'encode', 1)
   local cs = chars(s)
   local out = torch.LongTensor(#cs)
   for i, c in ipairs(cs) do
      local id = self.stoi[c] or (self.unknown and self.stoi[self.unknown])
      if not id then
         error(('encode: character %q (position %d) is not in the vocabulary ' ..
                '(fit() it first, or create the vocabulary with {unknown = ...})'):format(c, i), 2)
      end
      out[i] = id
   end
   return out
end

-- decode(ids) -> string; ids a 1D LongTensor or a table of numbers
function CharVocab:decode(ids)
   local list, out = ids_to_list(ids, 'decode'), {}
   for i, id in ipairs(list) do
      local c = self.itos[id]
      if not c then
         error(('decode: id %s at position %d is out of range (vocabulary of size %d)'):format(
            tostring(id), i, #self.itos), 2)
      end
      out[i] = c
   end
   return table.concat(out)
end

function CharVocab:__tostring__()
   return ('text.CharVocab (%d characters)'):format(#self.itos)
end

-- ----------------------------------------------------- WordTokenizer
local WordTokenizer = torch.class('text.WordTokenizer', text)

-- text.WordTokenizer([{lower = true, minCount = 1, maxSize = nil}]):
-- words are runs of letters, digits and apostrophes; every other
-- non-space character is a token of its own.  Ids 1 and 2 are reserved
-- for '<pad>' and '<unk>'; the others go to words by decreasing count
-- (ties alphabetically), keeping at most maxSize ids in all.
function WordTokenizer:__init(opt)
   opt = opt or {}
   if type(opt) ~= 'table' then
      error('bad argument #1 to \'WordTokenizer\' (table of options expected, got ' ..
            torch.type(opt) .. ')', 2)
   end
   self.lower = opt.lower ~= false
   self.minCount = opt.minCount or 1
   self.maxSize = opt.maxSize
   if self.maxSize and (math.type(self.maxSize) ~= 'integer' or self.maxSize < 2) then
      error('WordTokenizer: maxSize must be an integer of at least 2 (the reserved ids), got ' ..
            tostring(self.maxSize), 2)
   end
   self.pad, self.unk = 1, 2
   self.itos = { '<pad>', '<unk>' }
   self.stoi = { ['<pad>'] = 1, ['<unk>'] = 2 }
end

-- tokenize(str) -> table of token strings
function WordTokenizer:tokenize(s)
   checkstring(s, 'tokenize', 1)
   if self.lower then s = s:lower() end
   local out = {}
   for word, other in s:gmatch("([%w']*)([^%w'%s]?)") do
      if word ~= '' then out[#out + 1] = word end
      if other ~= '' then out[#out + 1] = other end
   end
   return out
end

-- fit(str or {str, ...}): counts words and builds the id table; returns self.
function WordTokenizer:fit(s)
   local list = type(s) == 'table' and s or { s }
   local count = {}
   for k, str in ipairs(list) do
      checkstring(str, 'fit', type(s) == 'table' and k or 1)
      for _, w in ipairs(self:tokenize(str)) do count[w] = (count[w] or 0) + 1 end
   end
   local words = {}
   for w, c in pairs(count) do
      if c >= self.minCount and not self.stoi[w] then words[#words + 1] = w end
   end
   table.sort(words, function(a, b)
      if count[a] ~= count[b] then return count[a] > count[b] end
      return a < b
   end)
   for _, w in ipairs(words) do
      if self.maxSize and #self.itos >= self.maxSize then break end
      self.itos[#self.itos + 1] = w
      self.stoi[w] = #self.itos
   end
   return self
end

function WordTokenizer:size() return #self.itos end
WordTokenizer.__len__ = WordTokenizer.size

-- encode(str) -> LongTensor of ids; unknown words become the '<unk>' id
function WordTokenizer:encode(s)
   local toks = self:tokenize(s)
   local out = torch.LongTensor(#toks)
   for i, w in ipairs(toks) do out[i] = self.stoi[w] or self.unk end
   return out
end

-- decode(ids) -> words joined by spaces ('<pad>' ids are skipped)
function WordTokenizer:decode(ids)
   local list, out = ids_to_list(ids, 'decode'), {}
   for i, id in ipairs(list) do
      local w = self.itos[id]
      if not w then
         error(('decode: id %s at position %d is out of range (vocabulary of size %d)'):format(
            tostring(id), i, #self.itos), 2)
      end
      if id ~= self.pad then out[#out + 1] = w end
   end
   return table.concat(out, ' ')
end

function WordTokenizer:__tostring__()
   return ('text.WordTokenizer (%d ids)'):format(#self.itos)
end

-- ------------------------------------------------------------ padding
-- text.pad(seqs, length [, {value = 1, side = 'right', truncate = 'right'}])
-- seqs: a table of 1D tensors or tables of ids.  Returns a LongTensor
-- #seqs x length and a LongTensor of the lengths kept (before padding),
-- the form masking and packed recurrent layers take.
function text.pad(seqs, length, opt)
   if type(seqs) ~= 'table' then
      error('bad argument #1 to \'pad\' (table of sequences expected, got ' ..
            (seqs == nil and 'no value' or torch.type(seqs)) .. ')', 2)
   end
   if math.type(length) ~= 'integer' and not (type(length) == 'number' and length == math.floor(length)) then
      error('bad argument #2 to \'pad\' (integer length expected, got ' ..
            (length == nil and 'no value' or tostring(length)) .. ')', 2)
   end
   if length < 0 then error('bad argument #2 to \'pad\' (length must be >= 0, got ' .. length .. ')', 2) end
   opt = opt or {}
   local value = opt.value or 1
   local side, trunc = opt.side or 'right', opt.truncate or 'right'
   for _, v in ipairs({ side, trunc }) do
      if v ~= 'left' and v ~= 'right' then
         error(("pad: side and truncate must be 'left' or 'right', got %q"):format(tostring(v)), 2)
      end
   end
   local n = #seqs
   local out = torch.LongTensor(n, length):fill(value)
   local lengths = torch.LongTensor(n)
   for i = 1, n do
      local s = seqs[i]
      if torch.isTensor(s) then s = s:dim() == 0 and {} or s:view(-1):totable()
      elseif type(s) ~= 'table' then
         error(('pad: sequence %d is a %s, expected a tensor or a table of ids'):format(
            i, torch.type(s)), 2)
      end
      local m = math.min(#s, length)
      local first = trunc == 'right' and 1 or #s - m + 1
      local at = side == 'right' and 1 or length - m + 1
      for k = 0, m - 1 do out[i][at + k] = s[first + k] end
      lengths[i] = m
   end
   return out, lengths
end

-- -------------------------------------------------- language-model batches
-- text.lmBatches(ids, batch, time): cuts a long 1D id tensor into `batch`
-- contiguous streams (the tail that does not fill a stream is dropped) and
-- returns an iterator over windows (x, y) of size batch x time, y being x
-- shifted by one position, and the number of windows.  Each stream
-- continues from one window to the next, so a recurrent model may carry
-- its state across windows.
function text.lmBatches(ids, batch, time)
   if not torch.isTensor(ids) or ids:dim() ~= 1 then
      error('bad argument #1 to \'lmBatches\' (1D LongTensor of ids expected, got ' ..
            (torch.isTensor(ids) and ('a tensor of size ' .. (ids:dim() == 0 and 'empty' or
             table.concat(ids:size():totable(), 'x'))) or torch.type(ids)) .. ')', 2)
   end
   for k, v in ipairs({ batch, time }) do
      if math.type(v) ~= 'integer' or v < 1 then
         error(('bad argument #%d to \'lmBatches\' (positive integer expected, got %s)'):format(
            k + 1, tostring(v)), 2)
      end
   end
   local per = ids:size(1) // batch
   if per < 2 then
      error(('lmBatches: %d ids are too few for %d streams (each needs at least 2)'):format(
         ids:size(1), batch), 2)
   end
   local streams = ids:long():narrow(1, 1, per * batch):view(batch, per)
   local count = (per - 1 + time - 1) // time
   local i = 0
   return function()
      if i >= count then return nil end
      local start = i * time + 1
      local len = math.min(time, per - start)
      i = i + 1
      return streams:narrow(2, start, len):contiguous(),
             streams:narrow(2, start + 1, len):contiguous()
   end, count
end

-- Reads a whole file as a string, with an error naming the path.
function text.read(path)
   checkstring(path, 'read', 1)
   local f, err = io.open(path, 'rb')
   if not f then error('text.read: cannot open ' .. path .. ': ' .. tostring(err), 2) end
   local s = f:read('a')
   f:close()
   return s
end

package.loaded.text = text
return text
