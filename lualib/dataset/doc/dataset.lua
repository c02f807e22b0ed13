-- Help for the dataset module (lualib/dataset/init.lua).
return {
   ['dataset.fashionmnist'] = {
      sig = "dataset.fashionmnist([split [, dir]])",
      text = [==[Loads the 'train' (60000 images, the default) or 'test' (10000) split of
Fashion-MNIST and returns {data = ByteTensor N x 28 x 28, labels = LongTensor N, label = (the
same), size = N, classes = {'T-shirt/top', 'Trouser', ...}}. Labels are 1-based class ids
(Torch7's convention: file label 0 is class 1), so classes[labels[i]] names image i. The files
are looked up in dir, else in $LANTERN_FASHION_MNIST, else in Debian's
/usr/share/datasets/fashion-mnist/ (package dataset-fashion-mnist), gzipped or plain. Missing
files raise an error that names the package to install.]==],
   },
   ['dataset.mnist'] = {
      sig = "dataset.mnist([split [, dir]])",
      text = [==[As dataset.fashionmnist, for the original MNIST digits (classes '0' to '9',
label id = digit + 1). The directory is dir or $LANTERN_MNIST; it holds the four IDX files
under their usual names (train-images-idx3-ubyte[.gz], ...).]==],
   },
   ['dataset.normalize'] = {
      sig = 'dataset.normalize(x [, mean, std])',
      text = [==[Returns y, mean, std where y = (x - mean) / std is a new tensor of the default
type (or of x's type when x is a Float or Double tensor; x is never changed). Without mean and
std, x's own mean and (unbiased) standard deviation over all elements are used, so a test set
is normalised with the training set's values:
  xtr, m, s = dataset.normalize(train.data); xte = dataset.normalize(test.data, m, s)]==],
   },
   ['dataset.batches'] = {
      sig = 'dataset.batches(inputs [, targets] [, {batchsize=32, shuffle=false, droplast=false}])',
      text = [==[An iterator over mini-batches along dimension 1:
  for x, y in dataset.batches(data, labels, {batchsize = 64, shuffle = true}) do ... end
Without shuffle the batches are views (narrow) of inputs and targets, in order; with shuffle
the order is torch.randperm(n) drawn when the iterator is made (so torch.manualSeed repeats
it) and the batches are copies (index). The last batch may be short unless droplast is set.
Without targets the second value is nil.]==],
   },
   ['dataset.nbatches'] = {
      sig = 'dataset.nbatches(n, batchsize [, droplast])',
      text = [==[The number of batches dataset.batches yields for n samples.]==],
   },
   ['dataset.fashionmnist_classes'] = {
      sig = 'dataset.fashionmnist_classes',
      text = [==[The ten Fashion-MNIST class names, indexed by 1-based label id.]==],
   },
   ['dataset.mnist_classes'] = {
      sig = 'dataset.mnist_classes',
      text = [==[The ten MNIST class names '0' to '9', indexed by 1-based label id.]==],
   },
}
