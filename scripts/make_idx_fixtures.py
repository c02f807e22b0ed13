#!/usr/bin/env python3
"""Writes the tiny IDX files under tests/fixtures/idx/ that test_dataset.lua reads.

Each well-formed file holds known values (documented next to it here and
asserted in the test); the malformed ones each break one rule of the format.
Run from the repository root: python3 scripts/make_idx_fixtures.py
"""
import gzip, os, struct

OUT = 'tests/fixtures/idx'
os.makedirs(OUT, exist_ok=True)

def idx(code, sizes, payload):
    return bytes([0, 0, code, len(sizes)]) + b''.join(struct.pack('>I', s) for s in sizes) + payload

def write(name, data, gz=False):
    path = os.path.join(OUT, name)
    if gz:
        # mtime=0: the same bytes on every run
        with open(path, 'wb') as f:
            with gzip.GzipFile(fileobj=f, mode='wb', mtime=0, filename='') as g:
                g.write(data)
    else:
        with open(path, 'wb') as f:
            f.write(data)

# u8 2x3x4: values 0..23 (plain and gzipped: the same tensor)
u8 = idx(0x08, [2, 3, 4], bytes(range(24)))
write('u8.idx', u8)
write('u8.idx.gz', u8, gz=True)
# i8 4: -128, -1, 0, 127
write('i8.idx', idx(0x09, [4], struct.pack('>4b', -128, -1, 0, 127)))
# i16 2x2: -32768, -2, 300, 32767
write('i16.idx', idx(0x0B, [2, 2], struct.pack('>4h', -32768, -2, 300, 32767)))
# i32 3: -2147483648, 65536, 2147483647
write('i32.idx.gz', idx(0x0C, [3], struct.pack('>3i', -2147483648, 65536, 2147483647)), gz=True)
# f32 2: 1.5, -0.25
write('f32.idx', idx(0x0D, [2], struct.pack('>2f', 1.5, -0.25)))
# f64 1x2: 0.1, -1e300
write('f64.idx', idx(0x0E, [1, 2], struct.pack('>2d', 0.1, -1e300)))
# a dimension of size 0
write('empty.idx', idx(0x08, [0, 28], b''))

# malformed
write('truncated.idx', u8[:-5])                     # 5 data bytes missing
write('truncated.idx.gz', gzip.compress(u8, mtime=0)[:-12])   # gzip stream cut short
write('trailing.idx', u8 + b'\x00\x01')             # 2 bytes past the data
write('badmagic.idx', b'\x12\x34' + u8[2:])
write('badtype.idx', idx(0x0A, [2], b'\x00\x00'))
write('nodims.idx', idx(0x08, [], b''))
write('shortheader.idx', bytes([0, 0, 8, 3]) + struct.pack('>I', 2))   # 3 dims, 1 size
write('tiny.idx', b'\x00\x00')
# a header promising 2^32-1 x 2^32-1 x 2^32-1 bytes: must fail before allocating
write('overflow.idx', idx(0x0E, [0xFFFFFFFF] * 3, b''))
# a gzip file whose header promises ~4 GB from a few bytes
write('huge.idx.gz', idx(0x08, [0xFFFFFFFF], b'\x00' * 16), gz=True)

# a miniature Fashion-MNIST directory: 3 train and 2 test 28x28 images
def mini(prefix, n, labels):
    images = bytes((i * 7 + k) % 256 for i in range(n) for k in range(28 * 28))
    write(os.path.join('mini', prefix + '-images-idx3-ubyte.gz'),
          idx(0x08, [n, 28, 28], images), gz=True)
    write(os.path.join('mini', prefix + '-labels-idx1-ubyte.gz'),
          idx(0x08, [n], bytes(labels)), gz=True)
os.makedirs(os.path.join(OUT, 'mini'), exist_ok=True)
mini('train', 3, [9, 0, 3])
mini('t10k', 2, [1, 8])
# a directory whose labels disagree with its images
os.makedirs(os.path.join(OUT, 'bad'), exist_ok=True)
write('bad/train-images-idx3-ubyte', idx(0x08, [2, 28, 28], bytes(2 * 784)))
write('bad/train-labels-idx1-ubyte', idx(0x08, [3], bytes([1, 2, 3])))
write('bad/t10k-images-idx3-ubyte', idx(0x08, [1, 28, 28], bytes(784)))
write('bad/t10k-labels-idx1-ubyte', idx(0x08, [1], bytes([10])))
