-- Help texts: storages (see torch/help.lua).
return {
['torch.Storage'] = { sig = 'torch.Storage([size] | table | storage, offset, size)',
   text = [[The default storage type (torch.DoubleStorage unless torch.setdefaulttensortype changed it); also torch.ByteStorage, CharStorage, ShortStorage, IntStorage, LongStorage and FloatStorage. A storage is a refcounted, contiguous, 1-based array of numbers that tensors view: torch.DoubleStorage(3) has 3 uninitialised elements, torch.DoubleStorage({1, 2}) copies a table, torch.DoubleStorage(s, offset, size) views part of s. s[i] reads and writes element i; #s is its size.]] },
['torch.Storage.new'] = { sig = 'torch.DoubleStorage.new([size] | table)',
   text = [[A new storage of the type, as calling the type (torch.DoubleStorage(...)).]] },
['torch.Storage.size'] = { sig = 's:size()', text = [[The number of elements of the storage (also #s).]] },
['torch.Storage.resize'] = { sig = 's:resize(size)',
   text = [[Resizes the storage in place to size elements, keeping the first ones (new elements are uninitialised), and returns it.]] },
['torch.Storage.fill'] = { sig = 's:fill(value)', text = [[Sets every element to value and returns the storage.]] },
['torch.Storage.copy'] = { sig = 's:copy(src)',
   text = [[Copies the elements of the storage (or tensor) src, of any type and the same size, into s and returns s.]] },
['torch.Storage.type'] = { sig = 's:type([typename])',
   text = [[The type name ('torch.DoubleStorage'), or with a name a copy converted to that storage type.]] },
['torch.Storage.totable'] = { sig = 's:totable()', text = [[The elements as a Lua table.]] },
['torch.Storage.string'] = { sig = 's:string([str])',
   text = [[For a ByteStorage or CharStorage: with str, sets the storage to the bytes of str (resizing it) and returns it; without, the bytes as a Lua string.]] },
}
