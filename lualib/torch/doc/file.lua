-- Help for files and serialization (lualib/l_file.c, torch/File.lua, torch/npy.lua,
-- torch/safetensors.lua).
local typed = [==[ Without an argument: one value, returned as a Lua number (an integer
for the integer types). With a number n: a new storage of n values. With a storage of the
same type: fills it and returns the count read. Binary data moves with one read, however
large; ascii reads whitespace-separated numbers (Byte and Char are raw bytes in both
modes). A read past the end raises "read error" unless the file is quiet; a count larger
than the bytes left is refused before anything is allocated.]==]
local write = [==[ Takes a number or a storage of the same type and returns the count
written. Binary writes the raw little-endian bytes in one write; ascii writes them as
Torch7 did ("%.17g" doubles, "%.9g" floats, integers in decimal), separated by spaces
and followed by a newline (autoSpacing).]==]

local H = {
   ['torch.DiskFile'] = {
      sig = "f = torch.DiskFile(path [, mode 'r'|'w'|'rw'] [, quiet])",
      text = [==[Opens a file on disk (Torch7's File API). New files are ascii, as in Torch7:
call f:binary() for binary. 'rw' opens an existing file for update or creates it. With
quiet, a file that cannot be opened returns nil instead of raising "cannot open".]==],
   },
   ['torch.MemoryFile'] = {
      sig = "f = torch.MemoryFile([storage | string] [, mode])",
      text = [==[A file in memory, growing as it is written (default mode 'rw'). From a
CharStorage ending with a 0 byte (Torch7's convention; the 0 is not data) or from a Lua
string, it reads those bytes. f:storage() returns the contents as a CharStorage plus the
trailing 0, as in Torch7.]==],
   },
   ['torch.PipeFile'] = {
      sig = "f = torch.PipeFile(command [, mode 'r'|'w'] [, quiet])",
      text = [==[Runs command through the shell (popen) and reads its output ('r') or writes
its input ('w'). SIGPIPE is ignored, so a command that exits early turns later writes into
"write error" Lua errors instead of killing the process. No seek or position.]==],
   },
   ['torch.File.readObject'] = {
      sig = 'obj = f:readObject()',
      text = [==[Reads one object in Torch7's .t7 format (see torch.load). Functions are
refused unless f:allowFunctions(true) was called; classes are instantiated only if
registered with torch.class (or tensor and storage types).]==],
   },
   ['torch.File.writeObject'] = {
      sig = 'f:writeObject(obj)',
      text = [==[Writes obj in Torch7's .t7 format: nil, numbers, strings, booleans, tables,
tensors, storages, torch.class objects (their write method if they define one, else their
fields) and Lua functions with their upvalues. Objects seen before on this file are written
as references, so sharing and cycles survive (unless f:referenced(false)).]==],
   },
   ['torch.File.referenced'] = {
      sig = 'f:referenced(bool)',
      text = [==[With false, every occurrence of an object is written in full and read as a
separate copy (Torch7's behaviour). Default true. f:isReferenced() tells which.]==],
   },
   ['torch.File.allowFunctions'] = {
      sig = 'f:allowFunctions(bool)',
      text = [==[Opts in to loading Lua functions (bytecode) with readObject. Bytecode runs
with full access and malformed bytecode can crash the interpreter: only for trusted
files. Default false: a file holding a function raises "file contains a Lua function".]==],
   },
   ['torch.File.readString'] = {
      sig = "s = f:readString('*a' | '*l' | n)",
      text = [==['*a' reads to the end, '*l' one line (without the newline), n exactly n
bytes (n is checked against the bytes left before anything is allocated).]==],
   },
   ['torch.File.writeString'] = {
      sig = 'n = f:writeString(s)',
      text = [==[Writes the bytes of s unchanged, in both modes; returns the count.]==],
   },
   ['torch.File.binary'] = { sig = 'f:binary()', text = [==[Binary mode (native
little-endian values). Returns f.]==] },
   ['torch.File.ascii'] = { sig = 'f:ascii()', text = [==[Ascii mode, Torch7's text layout
(the default for new files). Returns f.]==] },
   ['torch.File.seek'] = { sig = 'f:seek(position)', text = [==[Moves to a 1-based byte
position (Torch7). Past the end: "unable to seek" unless quiet. Returns f.]==] },
   ['torch.File.seekEnd'] = { sig = 'f:seekEnd()', text = [==[Moves to the end, so writes
append. Returns f.]==] },
   ['torch.File.position'] = { sig = 'p = f:position()', text = [==[The current 1-based
position.]==] },
   ['torch.File.quiet'] = { sig = 'f:quiet()', text = [==[Read and write errors no longer
raise: they set f:hasError() and reads return what they got (nil for a single value).
f:pedantic() restores raising (the default).]==] },
   ['torch.File.pedantic'] = { sig = 'f:pedantic()', text = [==[Errors raise (the default).
See quiet.]==] },
   ['torch.File.hasError'] = { sig = 'f:hasError()', text = [==[Whether a read or write
failed since the last f:clearError().]==] },
   ['torch.File.clearError'] = { sig = 'f:clearError()', text = [==[Resets hasError.]==] },
   ['torch.File.longSize'] = { sig = 'f:longSize(n)', text = [==[Torch7's size of a Long
on disk: 0 (native) or 8; Lantern reads and writes 8-byte Longs only.]==] },
   ['torch.File.noBuffer'] = { sig = 'f:noBuffer()', text = [==[Turns off stdio buffering
(disk and pipe files).]==] },
   ['torch.File.close'] = { sig = 'f:close()', text = [==[Closes the file; using it
afterwards raises "attempt to use a closed file". Files are also closed by the garbage
collector and by <close>.]==] },
   ['torch.save'] = {
      sig = "torch.save(path, obj [, 'binary'|'ascii'] [, referenced])",
      text = [==[Writes obj in Torch7's .t7 format (binary by default). Atomic: the data goes
to a temporary file in the same directory, is flushed and fsync'ed, then renamed over path,
so a crash or error at any moment leaves either the old file or the new one, complete
(the file keeps its permissions). Files without functions load in Torch7. Binary numbers
are doubles as in Torch7 (integers beyond 2^53 use a Lantern-only tag); ascii writes
integers as digits and floats with a '.' or exponent, so math.type survives.]==],
   },
   ['torch.load'] = {
      sig = "obj = torch.load(path [, 'binary'|'ascii'] [, referenced | {allowFunctions=, referenced=}])",
      text = [==[Reads a .t7 file written here or by Torch7. Safe by default: functions are
refused unless {allowFunctions=true} is passed, only registered classes are instantiated,
and every length, size and reference is checked against the file before anything is
allocated; bad files raise "torch.load: 'path': <problem> (at byte N)". In binary files,
integral numbers up to 2^53 load as Lua integers, others as floats.]==],
   },
   ['torch.serialize'] = {
      sig = "s = torch.serialize(obj [, 'binary'|'ascii'])",
      text = [==[The .t7 bytes of obj as a Lua string (torch.save to memory).]==],
   },
   ['torch.deserialize'] = {
      sig = "obj = torch.deserialize(s [, 'binary'|'ascii'] [, options])",
      text = [==[Reads an object from a string made by torch.serialize; same checks and
options as torch.load.]==],
   },
   ['torch.serializeToStorage'] = {
      sig = "s = torch.serializeToStorage(obj [, 'binary'|'ascii'])",
      text = [==[As torch.serialize, returning a CharStorage instead of a string.]==],
   },
   ['torch.deserializeFromStorage'] = {
      sig = "obj = torch.deserializeFromStorage(storage [, 'binary'|'ascii'] [, options])",
      text = [==[As torch.deserialize, from a CharStorage.]==],
   },
   ['torch.pointer'] = {
      sig = 'n = torch.pointer(obj)',
      text = [==[An integer identifying obj: for tensors and storages the C object behind
the userdata (two userdata of one storage give the same number), else the Lua object's
address.]==],
   },
   ['torch.loadnpy'] = {
      sig = 't = torch.loadnpy(path)',
      text = [==[Reads a NumPy .npy file (versions 1.0-3.0, either byte order, C or Fortran
order) into a tensor: u1 and b1 -> Byte, i1 Char, i2 Short, i4 Int, i8 Long, f4 Float,
f8 Double. Fortran-order arrays come back contiguous; a 0-d array as a 1-element vector.
Object arrays are refused (loading them would run pickled code), as are other dtypes.]==],
   },
   ['torch.savenpy'] = {
      sig = 'torch.savenpy(path, t)',
      text = [==[Writes t as a version 1.0 .npy file (2.0 if the header needs it),
little-endian, C order; numpy.load reads it. Atomic like torch.save.]==],
   },
   ['torch.loadsafetensors'] = {
      sig = 'tensors, metadata = torch.loadsafetensors(path)',
      text = [==[Reads a safetensors file (as written by PyTorch's safetensors package) into
a table name -> tensor, plus the __metadata__ table (or nil). Dtypes F64 F32 I64 I32 I16 I8
U8 and BOOL (as Byte). The JSON header is parsed strictly (duplicate names are errors) and
every entry is checked before reading: shape against data_offsets, offsets inside the data,
tensors tiling the data with no overlap or gap.]==],
   },
   ['torch.savesafetensors'] = {
      sig = 'torch.savesafetensors(path, {name = tensor, ...} [, metadata])',
      text = [==[Writes the named tensors (any layout; stored contiguous, in name order)
with an optional table of string metadata; safetensors.torch.load_file reads it. Atomic
like torch.save.]==],
   },
}

for _, T in ipairs({ 'Byte', 'Char', 'Short', 'Int', 'Long', 'Float', 'Double' }) do
   H['torch.File.read' .. T] = { sig = string.format('f:read%s([n | storage])', T),
                                 text = 'Reads ' .. T .. ' values.' .. typed }
   H['torch.File.write' .. T] = { sig = string.format('n = f:write%s(number | storage)', T),
                                  text = 'Writes ' .. T .. ' values.' .. write }
end

H['torch.File'] = {
   sig = 'torch.File',
   text = 'The abstract parent class of torch.DiskFile, torch.MemoryFile and torch.PipeFile: '
      .. 'it holds the methods they share (read/write of numbers, strings, tensors and '
      .. 'objects, binary/ascii, seek, quiet, close). Create one of the three subclasses.',
}
H['torch.saveobj'] = {
   sig = 'torch.saveobj(path, obj [, format])',
   text = 'Another name of torch.save, kept because Torch7 scripts call it.',
}
H['torch.loadobj'] = {
   sig = 'torch.loadobj(path [, format [, options]])',
   text = 'Another name of torch.load, kept because Torch7 scripts call it.',
}

return H
