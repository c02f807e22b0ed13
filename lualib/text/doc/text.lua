-- Help texts for the text module (lualib/text).
return {
   ['text.CharVocab'] = {
      sig = 'text.CharVocab([{unknown = str}])',
      text = 'A character vocabulary: fit(str or {str...}) gives every new character an id '
         .. '(1-based, in sorted order, so one text always gives one vocabulary); encode(str) '
         .. 'returns a LongTensor of ids, decode(ids) the string; size() or #vocab counts '
         .. 'ids. Characters are UTF-8 sequences; a stray byte is a character of its own. '
         .. 'With {unknown = "?"} that id stands for characters never fitted, otherwise '
         .. 'encoding one is an error.',
   },
   ['text.WordTokenizer'] = {
      sig = 'text.WordTokenizer([{lower = true, minCount = 1, maxSize = nil}])',
      text = 'A word tokenizer: tokenize(str) splits into words (letters, digits, '
         .. 'apostrophes) and single punctuation marks; fit(str or {str...}) gives ids by '
         .. 'decreasing count, ids 1 and 2 being <pad> and <unk>; encode(str) maps unknown '
         .. 'words to <unk>; decode(ids) joins words with spaces, skipping <pad>.',
   },
   ['text.pad'] = {
      sig = 'text.pad(seqs, length [, {value = 1, side = "right", truncate = "right"}])',
      text = 'Pads or truncates a table of id sequences (1D tensors or tables) to one '
         .. 'length: returns a LongTensor #seqs x length and a LongTensor of the lengths kept. '
         .. 'side says where padding goes, truncate which end is cut.',
   },
   ['text.lmBatches'] = {
      sig = 'text.lmBatches(ids, batch, time)',
      text = 'Cuts a 1D LongTensor of ids into `batch` contiguous streams and returns an '
         .. 'iterator over (x, y) windows of size batch x time, y being x shifted by one, and '
         .. 'the number of windows. Each stream continues across windows, so a recurrent '
         .. 'model may carry its state from one window to the next.',
   },
   ['text.chars'] = {
      sig = 'text.chars(str)',
      text = 'Splits a string into a table of characters: whole UTF-8 sequences, or single '
         .. 'bytes where the text is not valid UTF-8.',
   },
   ['text.read'] = {
      sig = 'text.read(path)',
      text = 'Reads a whole file as a string; an error names the path when it cannot be opened.',
   },
}
