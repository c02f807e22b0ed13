-- Help for the gnuplot module (lualib/gnuplot/init.lua, liveplot.lua).
local function e(sig, text) return { sig = sig, text = text } end
return {
   ['gnuplot.plot'] = e("gnuplot.plot(x) | plot(x, y [, style]) | plot('legend', x [, y] [, style]) | plot({...}, {...})", [==[
Plots lines or points on the current figure (one is made when there is none). A vector x is
plotted against 1..n; an n x 2 matrix as (x, y) pairs; an n x k matrix as column 1 against the
others. Several curves: tables {legend, x, y, style}, as arguments or in one table. Styles as
in Torch7: '-' lines, '+' points, '.' dots, '+-' lines and points, '|' boxes, '~' smoothed
(csplines), '~ 0.5' smoothed with weight (acsplines), 'v' vectors (an n x 4 matrix); any other
string is a gnuplot style ('impulses', 'steps'). The data go through the pipe with full
precision (shortest exact decimal per value).]==]),
   ['gnuplot.figure'] = e('gnuplot.figure([n [, {noraise = true}]])', [==[
Makes figure n (the lowest unused number by default) the current one, starting its own gnuplot
process if it has none, and returns n. Where it draws: the terminal chosen by gnuplot.setterm;
else a window (wxt, qt or x11) when $DISPLAY is set and gnuplot has one; else text in the
terminal (dumb, sized to the terminal).]==]),
   ['gnuplot.close'] = e('gnuplot.close([n])', [==[
Ends figure n's gnuplot (the current figure by default). A file figure's file is complete when
close returns. Closing a figure that does not exist does nothing.]==]),
   ['gnuplot.closeall'] = e('gnuplot.closeall()', [==[Closes every figure, live plots included.]==]),
   ['gnuplot.plotflush'] = e('gnuplot.plotflush([n])', [==[
Redraws figure n (the current one by default): a file figure writes its file again.]==]),
   ['gnuplot.pngfigure'] = e('gnuplot.pngfigure(filename [, n])', [==[
Makes figure n (a new one by default) draw into a 640x480 PNG file (pngcairo when gnuplot has
it) and returns its number. Every plot, and every change of title, label or axis, rewrites the
whole file, so it always holds a complete picture; close the figure to be sure the last write
has finished.]==]),
   ['gnuplot.svgfigure'] = e('gnuplot.svgfigure(filename [, n])', [==[As pngfigure, writing a 640x480 SVG file.]==]),
   ['gnuplot.pdffigure'] = e('gnuplot.pdffigure(filename [, n])', [==[As pngfigure, writing a PDF file (pdfcairo).]==]),
   ['gnuplot.epsfigure'] = e('gnuplot.epsfigure(filename [, n])', [==[As pngfigure, writing an EPS file (postscript eps, colour).]==]),
   ['gnuplot.figprint'] = e('gnuplot.figprint(filename)', [==[
Writes what the current figure shows into a file whose extension picks the format: .png
(1024x768), .svg, .pdf or .eps; the figure keeps drawing where it drew before.]==]),
   ['gnuplot.hist'] = e('gnuplot.hist(x [, bins=10 [, min, max]])', [==[
Draws the histogram of the elements of x as bars and returns {raw = counts, centers = bin
centres, min, max, binwidth, [i] = {val = centre, nb = count}}. min and max default to x's
range.]==]),
   ['gnuplot.bar'] = e('gnuplot.bar(y) | gnuplot.bar(x, y)', [==[Draws y as bars (boxes) at 1..n or at x.]==]),
   ['gnuplot.imagesc'] = e("gnuplot.imagesc(m [, palette='gray'])", [==[
Shows matrix m as an image, row 1 at the top, values mapped through a gnuplot palette ('gray',
'color', or any 'set palette' argument).]==]),
   ['gnuplot.splot'] = e("gnuplot.splot(z) | splot(x, y, z) | splot('legend', x, y, z) | splot({...}, ...)", [==[
Draws surfaces: z is a matrix of heights (over the grid of indices, or over the matrices x and
y of the same size), with contour lines at the base.]==]),
   ['gnuplot.scatter3'] = e("gnuplot.scatter3(x, y, z) | scatter3('legend', x, y, z) | scatter3({...}, ...)", [==[
Draws points in 3D from three vectors of one length.]==]),
   ['gnuplot.title'] = e('gnuplot.title(text)', [==[Sets the current figure's title and redraws it.]==]),
   ['gnuplot.xlabel'] = e('gnuplot.xlabel(text)', [==[Sets the x axis label and redraws.]==]),
   ['gnuplot.ylabel'] = e('gnuplot.ylabel(text)', [==[Sets the y axis label and redraws.]==]),
   ['gnuplot.zlabel'] = e('gnuplot.zlabel(text)', [==[Sets the z axis label and redraws.]==]),
   ['gnuplot.grid'] = e("gnuplot.grid(toggle)", [==[Turns the grid on (true or 'on') or off, and redraws.]==]),
   ['gnuplot.logscale'] = e("gnuplot.logscale(toggle [, axes])", [==[
Turns logarithmic scales on (true or 'on') or off for axes ('x', 'y', 'xy'...; all by
default), and redraws.]==]),
   ['gnuplot.axis'] = e("gnuplot.axis('auto' | 'image' | 'equal' | 'fill' | {xmin, xmax, ymin, ymax})", [==[
Sets the axes: automatic ranges, equal units on both axes ('image', 'equal'), a square box
('fill'), or explicit ranges ('' for an automatic end), and redraws.]==]),
   ['gnuplot.movelegend'] = e('gnuplot.movelegend(hloc, vloc)', [==[
Moves the legend: hloc 'left', 'right' or 'center'; vloc 'bottom', 'top' or 'middle'.]==]),
   ['gnuplot.raw'] = e('gnuplot.raw(command)', [==[Sends a gnuplot command, as it is, to the current figure.]==]),
   ['gnuplot.setterm'] = e('gnuplot.setterm(term)', [==[
Chooses the terminal of new figures (and of the current one unless it writes a file): 'wxt',
'qt', 'x11' for windows, 'dumb' for text sized to the terminal, 'sixelgd' for images inside a
sixel-capable terminal; options may follow ('sixelgd size 800,600'). File terminals are
refused: use pngfigure and friends. An error lists the terminals gnuplot has.]==]),
   ['gnuplot.setgnuplotexe'] = e('gnuplot.setgnuplotexe(path)', [==[
Uses the gnuplot program at path (4.4 or newer) for new figures. Without it, gnuplot is looked
up in $PATH when a figure is first needed; when it is missing the error names the Debian
package to install (gnuplot-nox, or gnuplot for windows).]==]),
   ['gnuplot.liveplot'] = e("gnuplot.liveplot([{title, xlabel, ylabel, style='-', file, size={640,480}, term, fps=4, maxpoints=4000, grid, logscale, inplace, dropframes=true}])", [==[
A figure for curves that grow, e.g. a training loss:
  local lp = gnuplot.liveplot{title = 'loss', xlabel = 'step'}
  for step = 1, n do ... lp:add(step, loss) end
  lp:close()
It keeps its points and its one gnuplot process; add redraws at most fps times a second (the
points in between show at the next redraw or at close). With file = 'loss.png' (or .svg, .pdf,
.eps) the file is rewritten at each redraw and complete after close; else it draws where
gnuplot.figure would: a window with a display, text in the terminal otherwise, redrawn in
place when stdout is a terminal (inplace = false scrolls instead). Series longer than maxpoints
are drawn thinned (the lowest and highest point of each of maxpoints/2 runs: the same pixels),
so redraws stay cheap at any length; plot:points() keeps every point. A redraw is skipped
while gnuplot is still drawing the previous picture, so a slow gnuplot never stalls the loop
(dropframes = false draws every frame). If gnuplot dies, a
warning is printed once and a new gnuplot is started a little later: the loop goes on.]==]),
   ['gnuplot.LivePlot.add'] = e('plot:add([x,] y [, series])', [==[
Appends the point (x, y) to a series (named by the third argument; '' by default, one curve
per name); x defaults to the series' point count + 1. Redraws when the rate limit allows.]==]),
   ['gnuplot.LivePlot.redraw'] = e('plot:redraw()', [==[Draws now, whatever the rate limit says (needs two points).]==]),
   ['gnuplot.LivePlot.close'] = e('plot:close()', [==[Draws what is pending and ends the plot's gnuplot; a file is complete afterwards.]==]),
   ['gnuplot.LivePlot.setstyle'] = e('plot:setstyle(series, style)', [==[A series' Torch7 style: '-', '+', '+-', '.' ...]==]),
   ['gnuplot.LivePlot.points'] = e('plot:points([series])', [==[The points of a series as an n x 2 tensor view (nil when it has none).]==]),
}
