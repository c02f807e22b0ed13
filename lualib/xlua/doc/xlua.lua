-- Help for xlua (lualib/xlua/init.lua).
return {
   ['xlua.progress'] = {
      sig = 'xlua.progress(i, n [, {force, out, width}])',
      text = [==[Draws a progress bar for step i of n on one line, redrawn in place with '\r':
the bar, i/n, the estimated time left (ETA) and the time per step; the last call (i == n)
shows the total time and ends the line. It fits the terminal's width, redraws at most ~20
times a second, and starts a new run when i is 1 or goes back. Silent when stdout is not a
terminal, unless force is set or LANTERN_PROGRESS=1 (LANTERN_PROGRESS=0 silences it). out: a
file to write to instead of io.stdout; width: columns instead of the terminal's.]==],
   },
   ['xlua.formatTime'] = {
      sig = 'xlua.formatTime(seconds)',
      text = [==[A duration as progress prints it: '12ms', '3s120ms', '2m05s', '1h02m03s',
'1D02h03m'.]==],
   },
}
