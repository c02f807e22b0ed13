-- Help for optim.Logger (lualib/optim/Logger.lua).
return {
   ['optim.Logger'] = {
      sig = 'optim.Logger([filename [, timestamp]])',
      text = [==[A training log: each add writes one row of values to filename (its directory is
made if needed; with timestamp, the date and time are appended to the name; without a name,
rows go to stdout) in Torch7's format: names, then one row per add, numbers as %11.4e, every
field followed by a tab. plot draws the numeric columns through gnuplot on one figure the
logger keeps, and keeps filename.eps up to date. logger.plotRawCmd (a string of gnuplot
commands) is sent before each plot, as in Torch7.]==],
   },
   ['optim.Logger.setNames'] = {
      sig = 'logger:setNames{name1, name2, ...}',
      text = [==[Names the columns (and writes the header); add then takes arrays of values in
this order.]==],
   },
   ['optim.Logger.add'] = {
      sig = 'logger:add{v1, v2, ...} | logger:add{name = value, ...}',
      text = [==[Writes one row and keeps the values for plot. Without setNames, the names of
the first call (sorted) become the columns. Values must be numbers or strings.]==],
   },
   ['optim.Logger.style'] = {
      sig = "logger:style{name = '-', ...} | logger:style{'-', '+'}",
      text = [==[Plot styles per column (Torch7's: '-', '+', '+-', '.', '~'), one string or a
list of them; '+' by default.]==],
   },
   ['optim.Logger.plot'] = {
      sig = 'logger:plot([name, ...])',
      text = [==[Plots the named columns (all by default) that hold at least two numbers, with
a grid and the title <Logger::filename>, on the logger's own figure (one gnuplot process for
the logger's life), and rewrites filename.eps. Without gnuplot (or when it dies) it warns once
on stderr and returns: the log itself goes on.]==],
   },
   ['optim.Logger.setlogscale'] = {
      sig = 'logger:setlogscale(state)',
      text = [==[Plots with a logarithmic y axis when state is true.]==],
   },
   ['optim.Logger.display'] = {
      sig = 'logger:display(state)',
      text = [==[With false, plot only updates the .eps file and shows nothing.]==],
   },
   ['optim.Logger.close'] = {
      sig = 'logger:close()',
      text = [==[Closes the log file and the logger's figures (the .eps file is complete
afterwards).]==],
   },
}
