-- optim.ConfusionMatrix: counting (add, batchAdd), Torch7's statistics
-- (updateValids) and its print format, and the errors for bad input.
-- Expected strings are Torch7's __tostring__ format worked out by hand for
-- these counts (valids are FloatTensor values, as in Torch7, hence the
-- single-precision digits in the VOC measure).
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
require 'optim'
local tester = torch.Tester()
local tests = torch.TestSuite()

local function filled()
   local c = optim.ConfusionMatrix({ 'a', 'b', 'c' })
   c:add(1, 1)                                  -- prediction, target
   c:add(2, 1)
   c:add(torch.Tensor({ 0.1, 0.9, 0 }), 2)      -- scores: argmax is class 2
   c:batchAdd(torch.Tensor({ 1, 3, 3 }), torch.Tensor({ 3, 3, 0 }))   -- target 0: skipped
   return c
end

function tests.counts_rows_are_targets()
   local c = filled()
   tester:eq(c.mat:totable(), { { 1, 1, 0 }, { 0, 1, 0 }, { 1, 0, 1 } })
   tester:eq(torch.type(c.mat), 'torch.LongTensor')
   tester:eq(c.nclasses, 3)
   tester:eq(c.classes, { 'a', 'b', 'c' })
end

function tests.update_valids()
   local c = filled()
   c:updateValids()
   tester:eq(c.valids:totable(), { 0.5, 1, 0.5 })
   tester:assertalmosteq(c.totalValid, 3 / 5, 1e-15, 'totalValid: 3 of 5 correct')
   tester:assertalmosteq(c.averageValid, 2 / 3, 1e-15, 'averageValid: mean of the rows')
   tester:assertalmosteq(c.unionvalids[1], 1 / 3, 1e-7, 'VOC measure: 1 / (2 + 2 - 1)')
   tester:assertalmosteq(c.averageUnionValid, (1 / 3 + 0.5 + 0.5) / 3, 1e-7)
end

function tests.torch7_print_format()
   tester:eq(tostring(filled()), table.concat({
      'ConfusionMatrix:',
      '[[       1       1       0]   50.000% \t[class: a]',
      ' [       0       1       0]   100.000% \t[class: b]',
      ' [       1       0       1]]  50.000% \t[class: c]',
      ' + average row correct: 66.666666666667% ',
      ' + average rowUcol correct (VOC measure): 44.444444775581% ',
      ' + global correct: 60%' }, '\n'))
   -- no class names; an empty row gives nan and is left out of the average
   local c = optim.ConfusionMatrix(2)
   c:add(1, 1)
   c:add(1, 1)
   local s = tostring(c)
   tester:eq(s:match('^[^\n]*\n([^\n]*)'), '[[       2       0]   100.000% ', 'first row')
   local row2 = s:match('\n( %[[^\n]*)\n')
   tester:assert(row2 == ' [       0       0]]  nan% ' or row2 == ' [       0       0]]  -nan% ',
                 'second row: 0/0 is nan')
   tester:assert(s:find(' + average row correct: 100% ', 1, true) ~= nil, 'average over rows')
   tester:assert(s:find(' + global correct: 100%', 1, true) ~= nil)
   -- counts wider than 8 digits widen every column
   c = optim.ConfusionMatrix(2)
   c.mat[1][1] = 1234567890
   tester:eq(tostring(c):match('^[^\n]*\n([^\n]*)'), '[[ 1234567890          0]   100.000% ')
end

function tests.batch_add_scores_and_one_hot()
   local c = optim.ConfusionMatrix(3)
   local scores = torch.Tensor({ { 0.7, 0.2, 0.1 }, { 0.1, 0.1, 0.8 }, { 0.3, 0.4, 0.3 } })
   local onehot = torch.Tensor({ { 1, 0, 0 }, { 0, 1, 0 }, { 0, 1, 0 } })
   c:batchAdd(scores, onehot)
   tester:eq(c.mat:totable(), { { 1, 0, 0 }, { 0, 1, 1 }, { 0, 0, 0 } })
   c:batchAdd(torch.Tensor({ { 2 }, { 2 } }), torch.LongTensor({ 1, 1 }))    -- N x 1 and Long
   tester:eq(c.mat[1]:totable(), { 1, 2, 0 })
   -- vector prediction and vector target in add
   c:add(torch.Tensor({ 0, 0, 1 }), torch.Tensor({ 0, 0, 1 }))
   tester:eq(c.mat[3][3], 1)
   -- zero() clears the counts and the statistics
   c:updateValids()
   c:zero()
   tester:eq(c.mat:sum(), 0)
   tester:eq(c.totalValid, 0)
   tester:eq(c.averageValid, 0)
   -- a larger batch, against a loop of add()
   torch.manualSeed(7)
   local out = torch.rand(500, 10)
   local lab = torch.LongTensor(500):random(1, 10)
   local a, b = optim.ConfusionMatrix(10), optim.ConfusionMatrix(10)
   a:batchAdd(out, lab)
   for i = 1, 500 do b:add(out[i], lab[i]) end
   tester:eq(a.mat:totable(), b.mat:totable(), 'batchAdd == add in a loop')
   tester:eq(a.mat:sum(), 500)
end

function tests.bad_input()
   local c = optim.ConfusionMatrix(3)
   tester:eq(errmsg(optim.ConfusionMatrix, 0),
             "bad argument #1 to 'ConfusionMatrix.__init' (the number of classes (an integer " ..
             ">= 1) or a table of class names expected, got 0)")
   tester:eq(errmsg(c.add, c, 4, 1),
             "bad argument #1 to 'ConfusionMatrix.add' (prediction must be a class index in " ..
             "1..3, got 4)")
   tester:eq(errmsg(c.add, c, 1, 1.5),
             "bad argument #2 to 'ConfusionMatrix.add' (target must be a class index in 1..3, " ..
             "got 1.5)")
   tester:eq(errmsg(c.add, c, torch.Tensor({ 1, 2 }), 1),
             "bad argument #1 to 'ConfusionMatrix.add' (prediction must have 3 scores (one " ..
             "per class), got 2)")
   tester:eq(errmsg(c.add, c, 'cat', 1),
             "bad argument #1 to 'ConfusionMatrix.add' (prediction must be a class index or " ..
             "a vector of scores, got string)")
   tester:eq(errmsg(c.batchAdd, c, torch.Tensor({ 1, 2 }), torch.Tensor({ 1 })),
             "bad argument #2 to 'ConfusionMatrix.batchAdd' (1 targets for 2 predictions)")
   tester:eq(errmsg(c.batchAdd, c, torch.Tensor({ 1, 5 }), torch.Tensor({ 1, 1 })),
             "bad argument #1 to 'ConfusionMatrix.batchAdd' (predictions must be class " ..
             "indices in 1..3, got 5)")
   tester:eq(errmsg(c.batchAdd, c, torch.Tensor({ 1, 2 }), torch.Tensor({ 1, 4 })),
             "bad argument #2 to 'ConfusionMatrix.batchAdd' (targets must be class indices " ..
             "in 1..3, got 4)")
   tester:eq(errmsg(c.batchAdd, c, torch.rand(2, 4), torch.Tensor({ 1, 1 })),
             "bad argument #1 to 'ConfusionMatrix.batchAdd' (predictions must have 3 columns " ..
             "(one per class), got 4)")
   tester:eq(errmsg(c.batchAdd, c, torch.Tensor({ 1.5 }), torch.Tensor({ 1 })),
             "bad argument #1 to 'ConfusionMatrix.batchAdd' (predictions must hold integer " ..
             "class indices)")
   tester:eq(errmsg(c.batchAdd, c, torch.rand(2, 3, 1), torch.Tensor({ 1, 1 })),
             "bad argument #1 to 'ConfusionMatrix.batchAdd' (predictions must be a vector of " ..
             "classes or a matrix of scores, got 3 dimensions)")
   tester:eq(c.mat:sum(), 0, 'nothing counted by the failed calls')
end

tester:add(tests)
tester:run()
