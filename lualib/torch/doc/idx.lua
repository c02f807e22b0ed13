-- Help for torch.readidx (l_idx.c) and the terminal queries (l_term.c).
return {
   ['torch.readidx'] = {
      sig = 'torch.readidx(path)',
      text = [==[Reads an IDX file (the format of MNIST and Fashion-MNIST), gzip-compressed or
plain, and returns its contents as a tensor of the file's element type: unsigned bytes give a
ByteTensor, signed bytes a CharTensor, int16 a ShortTensor, int32 an IntTensor, float32 a
FloatTensor, float64 a DoubleTensor, with the sizes the header lists. Truncated, oversized or
malformed files raise an error naming the file and the problem; nothing is allocated before
the header has been checked against the size of the file.]==],
   },
   ['torch.isatty'] = {
      sig = "torch.isatty([fd])",
      text = [==[True when the file descriptor (an integer, or 'stdin', 'stdout', 'stderr';
stdout by default) is a terminal. Progress bars and inline plots use it to stay quiet when
output goes to a file or a pipe.]==],
   },
   ['torch.termsize'] = {
      sig = "torch.termsize([fd])",
      text = [==[Returns the number of columns and rows of the terminal on fd (stdout by
default), asked of the terminal itself (TIOCGWINSZ); when fd is not a terminal, $COLUMNS and
$LINES if set (rows may be nil), else nil.]==],
   },
}
