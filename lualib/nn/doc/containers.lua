-- Help entries for the containers and table layers (nn/Container.lua,
-- Sequential, Concat, ConcatTable, Parallel, ParallelTable, the *Table
-- layers, Identity).
local function e(sig, text) return { sig = sig, text = text } end
return {
   ['nn.Container'] = e('nn.Container()',
      'Base class of modules holding other modules in self.modules: add(m), get(i), size(); ' ..
      'parameters, zeroing, updates, training/evaluate and clearState reach every child. ' ..
      'An error inside a child is re-raised as "In <i> module of <container>: ...".'),
   ['nn.Container.add'] = e('container:add(module)', 'Appends module; returns the container.'),
   ['nn.Container.get'] = e('container:get(i)', 'The i-th child.'),
   ['nn.Container.size'] = e('container:size()', 'The number of children.'),
   ['nn.Sequential'] = e('nn.Sequential()',
      'Applies its children one after the other: the output of each is the input of the ' ..
      'next. model = nn.Sequential():add(nn.Linear(10, 5)):add(nn.Tanh()).'),
   ['nn.Sequential.insert'] = e('seq:insert(module [, index])',
      'Inserts module at position index (default: at the end).'),
   ['nn.Sequential.remove'] = e('seq:remove([index])',
      'Removes the child at position index (default: the last).'),
   ['nn.Concat'] = e('nn.Concat(dim)',
      'Every child gets the same input; their outputs are concatenated along dimension dim.'),
   ['nn.ConcatTable'] = e('nn.ConcatTable()',
      'Every child gets the same input (tensor or table); the output is the table of their ' ..
      'outputs.'),
   ['nn.Parallel'] = e('nn.Parallel(inputDim, outputDim)',
      'Child i gets input:select(inputDim, i); the outputs are concatenated along outputDim.'),
   ['nn.ParallelTable'] = e('nn.ParallelTable()',
      'Child i gets input[i]; the output is the table of their outputs.'),
   ['nn.Identity'] = e('nn.Identity()', 'Passes its input (tensor or table) through unchanged.'),
   ['nn.JoinTable'] = e('nn.JoinTable(dim [, nInputDims])',
      'Concatenates a table of tensors along dim (negative: from the end). With nInputDims, ' ..
      'inputs with one more dimension are batches and dim is counted after the batch one.'),
   ['nn.SplitTable'] = e('nn.SplitTable(dim [, nInputDims])',
      'A tensor into the table of its slices along dim (nInputDims as in JoinTable).'),
   ['nn.SelectTable'] = e('nn.SelectTable(index)',
      'Element index of the input table (negative: from the end).'),
   ['nn.NarrowTable'] = e('nn.NarrowTable(offset [, length])',
      'The sub-table of length (1) elements starting at offset; a negative length ends ' ..
      'that many elements before the end (-1: up to the last).'),
   ['nn.FlattenTable'] = e('nn.FlattenTable()',
      'A nested table of tensors into a flat list, depth first.'),
   ['nn.CAddTable'] = e('nn.CAddTable([inplace])', 'The elementwise sum of a table of tensors.'),
   ['nn.CSubTable'] = e('nn.CSubTable()', 'input[1] - input[2], elementwise.'),
   ['nn.CMulTable'] = e('nn.CMulTable()', 'The elementwise product of a table of tensors.'),
   ['nn.CDivTable'] = e('nn.CDivTable()', 'input[1] / input[2], elementwise.'),
}
