return { 'gnuplot' }
