#!/usr/bin/python3
"""Generate the file-format fixtures under tests/fixtures/ (run from the repo root).

tests/fixtures/t7/         .t7 files built byte by byte the way Torch7's File.lua and
                           THDiskFile.c write them (no Torch7 here to produce real ones),
                           .npy files following NumPy's format spec (NEP 1), and
                           .safetensors files following the safetensors spec; the values
                           come from PyTorch 1.13 where it is installed (tests/lua/
                           test_file_formats.lua states the values each must load as).
tests/fixtures/malformed/  the corpus of broken files; MANIFEST lists, per file, the loader
                           and the exact error message it must raise.

Every file is tiny.  Usage: python3 scripts/gen_file_fixtures.py
"""
import json
import os
import struct

try:
    import torch  # reference values; the script also runs without it
except ImportError:  # pragma: no cover
    torch = None
try:
    import numpy as np  # the valid .npy files are NumPy's own when it is there
except ImportError:  # pragma: no cover
    np = None

T7 = 'tests/fixtures/t7'
BAD = 'tests/fixtures/malformed'


# ------------------------------------------------------------ .t7 writer
def I(v): return struct.pack('<i', v)
def L(v): return struct.pack('<q', v)
def D(v): return struct.pack('<d', v)
def chars(s):
    s = s.encode() if isinstance(s, str) else s
    return I(len(s)) + s


NIL = I(0)
def num(x): return I(1) + D(x)
def string(s): return I(2) + chars(s)
def boolean(b): return I(5) + I(1 if b else 0)


class W:
    """Assigns object indices in write order, as Torch7's writer does."""
    def __init__(self):
        self.n = 0

    def idx(self):
        self.n += 1
        return self.n

    # Nested objects are passed as callables, so that they take their
    # indices after their parent's, in writing order.
    def table(self, items, index=None):
        index = index or self.idx()
        body = b''.join(force(k) + force(v) for k, v in items)
        return I(3) + I(index) + I(len(items)) + body

    def torch_header(self, cls, version=b'V 1', index=None):
        index = index or self.idx()
        if version is None:
            return I(4) + I(index) + chars(cls)
        return I(4) + I(index) + chars(version) + chars(cls)

    def storage(self, cls, fmt, values):
        return self.torch_header(cls) + L(len(values)) + b''.join(
            struct.pack('<' + fmt, v) for v in values)

    def tensor(self, cls, sizes, strides, offset1, storage_bytes):
        h = self.torch_header(cls)
        return (h + I(len(sizes)) + b''.join(L(s) for s in sizes) +
                b''.join(L(s) for s in strides) + L(offset1) + force(storage_bytes))


def ref(tag, index): return I(tag) + I(index)
def force(x): return x() if callable(x) else x


def write(path, data):
    with open(path, 'wb') as f:
        f.write(data)


# ------------------------------------------------------------ reference values
def ref_values():
    if torch is not None:
        a = (torch.arange(6, dtype=torch.float64).reshape(2, 3) * 0.5 - 1)
        base = torch.arange(7, dtype=torch.float32) / 4
        view = torch.as_strided(base, (3, 2), (1, 3), 1)
        return a.flatten().tolist(), base.tolist(), view.tolist()
    a = [i * 0.5 - 1 for i in range(6)]
    base = [i / 4 for i in range(7)]
    view = [[base[1 + r + 3 * c] for c in range(2)] for r in range(3)]
    return a, base, view


def gen_t7():
    a, base, view = ref_values()
    # a table of plain values
    w = W()
    write(f'{T7}/basic.t7', w.table([
        (num(1), num(1)), (num(2), num(2.5)), (string('name'), string('lantern')),
        (string('flag'), boolean(True)),
        (string('list'), lambda: w.table([(num(1), num(10)), (num(2), num(20)), (num(3), num(30))])),
    ]))
    # a DoubleTensor 2x3
    w = W()
    write(f'{T7}/tensor_double.t7',
          w.tensor(b'torch.DoubleTensor', [2, 3], [3, 1], 1,
                   lambda: w.storage(b'torch.DoubleStorage', 'd', a)))
    # a non-contiguous FloatTensor view with an offset
    w = W()
    write(f'{T7}/tensor_float_view.t7',
          w.tensor(b'torch.FloatTensor', [3, 2], [1, 3], 2,
                   lambda: w.storage(b'torch.FloatStorage', 'f', base)))
    # shared tensor, a second view of its storage, and a cycle
    # indices: 1 the table, 2 tensor a, 3 its storage, 4 tensor c
    w = W()
    t = lambda: w.tensor(b'torch.DoubleTensor', [4], [1], 1,  # noqa: E731
                         lambda: w.storage(b'torch.DoubleStorage', 'd', [1, 2, 3, 4]))
    v = lambda: w.tensor(b'torch.DoubleTensor', [2], [1], 3, ref(4, 3))  # noqa: E731
    write(f'{T7}/shared.t7', w.table([
        (string('a'), t), (string('b'), ref(4, 2)), (string('c'), v),
        (string('self'), ref(3, 1))]))
    # every integer tensor type
    w = W()
    items = []
    for i, (name, fmt, vals) in enumerate([
            ('Byte', 'B', [0, 255]), ('Char', 'b', [-128, 127]),
            ('Short', 'h', [-32768, 32767]), ('Int', 'i', [-2**31, 2**31 - 1]),
            ('Long', 'q', [-2**63, 2**63 - 1])]):
        items.append((string(name), lambda name=name, fmt=fmt, vals=vals: w.tensor(
            b'torch.%sTensor' % name.encode(), [2], [1], 1,
            lambda: w.storage(b'torch.%sStorage' % name.encode(), fmt, vals))))
    write(f'{T7}/int_types.t7', w.table(items))
    # ascii, as Torch7's ascii mode writes it ("%.17g", "%d", "%ld", raw chars)
    asc = ('3\n1\n4\n'
           '2\n1\nx\n' '1\n3\n'
           '2\n1\ny\n' '1\n0.10000000000000001\n'
           '2\n1\ns\n' '2\n2\nhi\n'
           '2\n1\nt\n' '4\n2\n3\nV 1\n16\ntorch.LongTensor\n1\n3\n1\n1\n'
           '4\n3\n3\nV 1\n17\ntorch.LongStorage\n3\n1 2 3\n')
    write(f'{T7}/ascii.t7', asc.encode())
    # a registered class, Torch7 layout: "V 1", class name, then the fields
    w = W()
    hdr = w.torch_header(b'ftest.Module')
    write(f'{T7}/module.t7', hdr + w.table([
        (string('n'), num(3)),
        (string('weight'), lambda: w.tensor(
            b'torch.DoubleTensor', [2], [1], 1,
            lambda: w.storage(b'torch.DoubleStorage', 'd', [0.5, -0.5])))]))
    # from before Torch7 versioned classes: the class name comes first
    w = W()
    hdr = w.torch_header(b'ftest.Module', version=None)
    write(f'{T7}/legacy_class.t7', hdr + w.table([(string('n'), num(7))]))
    # a function (Lua 5.1 bytecode, as Torch7 wrote it): refused by default
    w = W()
    fn = I(8) + I(2) + chars(b'\x1bLuaQ\x00\x01\x04\x08\x04\x08\x00') + W().table([], index=3)
    write(f'{T7}/function.t7', w.table([(string('f'), fn)]))


# ------------------------------------------------------------ .npy writer
def npy(descr, shape, data, fortran=False, version=(1, 0), header=None):
    if header is None:
        tup = '(' + ', '.join(str(s) for s in shape) + (',)' if len(shape) == 1 else ')')
        header = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (
            descr, 'True' if fortran else 'False', tup)
    h = header.encode()
    pre = 10 if version[0] == 1 else 12
    total = (pre + len(h) + 1 + 63) // 64 * 64
    h = h + b' ' * (total - pre - len(h) - 1) + b'\n'
    ln = struct.pack('<H', len(h)) if version[0] == 1 else struct.pack('<I', len(h))
    return b'\x93NUMPY' + bytes(version) + ln + h + data


def gen_npy():
    vals = [i * 0.5 - 1 for i in range(6)]
    if np is not None:
        np.save(f'{T7}/f8_c.npy', np.array(vals, dtype='<f8').reshape(2, 3))
        np.save(f'{T7}/f4_fortran.npy',
                np.asfortranarray(np.arange(6, dtype='<f4').reshape(2, 3)))
        np.save(f'{T7}/i4_big.npy', np.array([1, -2, 70000], dtype='>i4'))
        np.save(f'{T7}/u1.npy', np.array([[0, 1], [254, 255]], dtype='u1'))
        np.save(f'{T7}/b1.npy', np.array([True, False, True]))
        np.save(f'{T7}/i2_i1.npy', np.array([-300, 300], dtype='<i2'))
        np.save(f'{T7}/scalar.npy', np.array(3.25))
        np.save(f'{T7}/empty.npy', np.zeros(0, dtype='<f4'))
        write(f'{T7}/i8_v2.npy', npy('<i8', (2,), struct.pack('<2q', -2**63, 2**63 - 1),
                                     version=(2, 0)))
        return
    write(f'{T7}/f8_c.npy', npy('<f8', (2, 3), struct.pack('<6d', *vals)))
    # Fortran order: column-major bytes of [[0,1,2],[3,4,5]]
    write(f'{T7}/f4_fortran.npy', npy('<f4', (2, 3), struct.pack('<6f', 0, 3, 1, 4, 2, 5),
                                      fortran=True))
    write(f'{T7}/i4_big.npy', npy('>i4', (3,), struct.pack('>3i', 1, -2, 70000)))
    write(f'{T7}/i8_v2.npy', npy('<i8', (2,), struct.pack('<2q', -2**63, 2**63 - 1),
                                 version=(2, 0)))
    write(f'{T7}/u1.npy', npy('|u1', (2, 2), bytes([0, 1, 254, 255])))
    write(f'{T7}/b1.npy', npy('|b1', (3,), bytes([1, 0, 1])))
    write(f'{T7}/i2_i1.npy', npy('<i2', (2,), struct.pack('<2h', -300, 300)))
    write(f'{T7}/scalar.npy', npy('<f8', (), struct.pack('<d', 3.25)))
    write(f'{T7}/empty.npy', npy('<f4', (0,), b''))


# ------------------------------------------------------------ safetensors
def st(header, data, raw_header=None):
    h = raw_header if raw_header is not None else json.dumps(header, separators=(',', ':'))
    h = h.encode() if isinstance(h, str) else h
    h += b' ' * ((8 - len(h) % 8) % 8) if raw_header is None else b''
    return struct.pack('<Q', len(h)) + h + data


def gen_safetensors():
    w = [[1.5, -2.0], [0.25, 8.0]]
    if torch is not None:
        w = (torch.tensor([[1.5, -2.0], [0.25, 8.0]], dtype=torch.float32)).tolist()
    data = struct.pack('<4f', *[x for r in w for x in r]) + struct.pack('<3q', 1, -2, 3) + \
        bytes([7, 9]) + bytes([1, 0]) + struct.pack('<d', 2.5)
    header = {
        '__metadata__': {'format': 'pt'},
        'weight': {'dtype': 'F32', 'shape': [2, 2], 'data_offsets': [0, 16]},
        'ids': {'dtype': 'I64', 'shape': [3], 'data_offsets': [16, 40]},
        'bytes': {'dtype': 'U8', 'shape': [2], 'data_offsets': [40, 42]},
        'mask': {'dtype': 'BOOL', 'shape': [2], 'data_offsets': [42, 44]},
        'scale': {'dtype': 'F64', 'shape': [], 'data_offsets': [44, 52]},
    }
    write(f'{T7}/model.safetensors', st(header, data))


# ------------------------------------------------------------ malformed corpus
def gen_malformed():
    m = []

    def bad(name, loader, data, msg):
        write(f'{BAD}/{name}', data)
        m.append(f'{name}\t{loader}\t{msg}')

    w = W
    dbl = lambda vals: W().storage(b'torch.DoubleStorage', 'd', vals)  # noqa: E731
    tens = b'torch.DoubleTensor'
    # --- .t7: truncation at every section
    bad('t7_empty.t7', 't7', b'', 'file truncated: type tag missing (at byte 0)')
    bad('t7_trunc_tag.t7', 't7', b'\x03\x00', 'file truncated: type tag missing (at byte 2)')
    bad('t7_trunc_number.t7', 't7', I(1) + b'\x00\x00\x00',
        'file truncated: number missing (at byte 7)')
    bad('t7_trunc_string_len.t7', 't7', I(2) + b'\x05\x00',
        'file truncated: string length missing (at byte 6)')
    bad('t7_trunc_table_size.t7', 't7', I(3) + I(1),
        'file truncated: table size missing (at byte 8)')
    bad('t7_trunc_table_entry.t7', 't7', I(3) + I(1) + I(2) + num(1) + num(2),
        'file truncated: type tag missing (at byte 36)')
    bad('t7_trunc_object_index.t7', 't7', I(4) + b'\x01',
        'file truncated: object index missing (at byte 5)')
    bad('t7_trunc_class_name.t7', 't7', I(4) + I(1) + chars(b'V 1') + I(18) + b'torch.Dou',
        'class name length 18 exceeds the 9 bytes left in the file (at byte 19)')
    bad('t7_trunc_tensor_sizes.t7', 't7', w().torch_header(tens) + I(3) + L(2),
        'file truncated: tensor sizes and strides missing (at byte 41)')
    bad('t7_trunc_tensor_offset.t7', 't7', w().torch_header(tens) + I(1) + L(2) + L(1),
        'file truncated: tensor offset missing (at byte 57)')
    bad('t7_trunc_storage_size.t7', 't7',
        w().torch_header(b'torch.DoubleStorage') + b'\x02\x00\x00',
        'file truncated: storage size missing (at byte 41)')
    bad('t7_trunc_storage_data.t7', 't7',
        w().torch_header(b'torch.DoubleStorage') + L(2) + D(1.0),
        'storage of 2 Double values needs 16 bytes, but only 8 are left in the file (at byte 46)')
    bad('t7_trunc_bool.t7', 't7', I(5) + b'\x01', 'file truncated: boolean missing (at byte 5)')
    bad('t7_trunc_int64.t7', 't7', I(9) + I(1), 'file truncated: integer missing (at byte 8)')
    # --- unknown tags
    bad('t7_unknown_tag.t7', 't7', I(42), 'unknown type tag 42 (at byte 4)')
    bad('t7_negative_tag.t7', 't7', I(-1), 'unknown type tag -1 (at byte 4)')
    bad('t7_unknown_tag_nested.t7', 't7', I(3) + I(1) + I(1) + num(1) + I(77),
        'unknown type tag 77 (at byte 28)')
    # --- lengths and sizes
    bad('t7_string_len_negative.t7', 't7', I(2) + I(-5) + b'abc',
        'string length -5 is negative (at byte 8)')
    bad('t7_string_len_past_eof.t7', 't7', I(2) + I(1000) + b'abc',
        'string length 1000 exceeds the 3 bytes left in the file (at byte 8)')
    bad('t7_string_len_huge.t7', 't7', I(2) + I(2**31 - 1) + b'abc',
        'string length 2147483647 exceeds the 3 bytes left in the file (at byte 8)')
    bad('t7_table_size_negative.t7', 't7', I(3) + I(1) + I(-4),
        'table size -4 is negative (at byte 12)')
    bad('t7_table_size_huge.t7', 't7', I(3) + I(1) + I(2**31 - 1) + num(1) + num(2),
        'table of 2147483647 entries cannot fit in the 24 bytes left in the file (at byte 12)')
    bad('t7_bool_value.t7', 't7', I(5) + I(7), 'boolean value 7 is not 0 or 1 (at byte 8)')
    bad('t7_tensor_ndim_negative.t7', 't7', w().torch_header(tens) + I(-1),
        'tensor has -1 dimensions (must be between 0 and 25) (at byte 41)')
    bad('t7_tensor_ndim_huge.t7', 't7', w().torch_header(tens) + I(1000),
        'tensor has 1000 dimensions (must be between 0 and 25) (at byte 41)')
    ww = W()
    bad('t7_tensor_size_negative.t7', 't7',
        ww.tensor(tens, [-2], [1], 1, lambda: ww.storage(b'torch.DoubleStorage', 'd', [1.0])),
        'tensor size -2 in dimension 1 is negative (at byte 119)')
    ww = W()
    bad('t7_tensor_size_overflow.t7', 't7',
        ww.tensor(tens, [2**62, 2**62], [1, 1], 1, lambda: ww.storage(b'torch.DoubleStorage', 'd', [1.0])),
        'tensor size product overflows (at byte 135)')
    ww = W()
    bad('t7_tensor_stride_negative.t7', 't7',
        ww.tensor(tens, [1], [-1], 1, lambda: ww.storage(b'torch.DoubleStorage', 'd', [1.0])),
        'tensor stride -1 in dimension 1 is negative (at byte 119)')
    ww = W()
    bad('t7_tensor_stride_overflow.t7', 't7',
        ww.tensor(tens, [3], [2**62], 1, lambda: ww.storage(b'torch.DoubleStorage', 'd', [1, 2, 3])),
        'tensor strides overflow (at byte 135)')
    ww = W()
    bad('t7_tensor_past_storage.t7', 't7',
        ww.tensor(tens, [10], [1], 1, lambda: ww.storage(b'torch.DoubleStorage', 'd', [1, 2, 3])),
        'tensor (offset 1, 10 elements) reaches past the end of its storage of 3 elements '
        '(at byte 135)')
    ww = W()
    bad('t7_tensor_offset_past_storage.t7', 't7',
        ww.tensor(tens, [2], [1], 3, lambda: ww.storage(b'torch.DoubleStorage', 'd', [1, 2, 3])),
        'tensor (offset 3, 2 elements) reaches past the end of its storage of 3 elements '
        '(at byte 135)')
    ww = W()
    bad('t7_tensor_offset_zero.t7', 't7',
        ww.tensor(tens, [2], [1], 0, lambda: ww.storage(b'torch.DoubleStorage', 'd', [1, 2, 3])),
        'tensor (offset 0, 2 elements) reaches past the end of its storage of 3 elements '
        '(at byte 135)')
    ww = W()
    bad('t7_tensor_wrong_storage.t7', 't7',
        ww.tensor(tens, [1], [1], 1, lambda: ww.storage(b'torch.FloatStorage', 'f', [1.0])),
        'torch.DoubleTensor has a storage of type torch.FloatStorage (at byte 114)')
    bad('t7_tensor_storage_number.t7', 't7',
        w().tensor(tens, [1], [1], 1, num(5)),
        'torch.DoubleTensor has a storage of type number (at byte 77)')
    bad('t7_tensor_no_storage.t7', 't7', w().tensor(tens, [3], [1], 1, NIL),
        'tensor of 3 elements has no storage (at byte 69)')
    bad('t7_storage_size_negative.t7', 't7',
        w().torch_header(b'torch.DoubleStorage') + L(-3),
        'storage size -3 is negative (at byte 46)')
    bad('t7_storage_size_huge.t7', 't7',
        w().torch_header(b'torch.DoubleStorage') + L(2**62) + D(0),
        'storage of 4611686018427387904 Double values needs more than 2^63 bytes, but only 8 '
        'are left in the file (at byte 46)')
    # --- references
    bad('t7_index_forward.t7', 't7', I(3) + I(5) + I(0),
        'object index 5 is out of order (expected 1: a reference must point back to an object '
        'already read) (at byte 8)')
    bad('t7_ref_zero.t7', 't7', I(3) + I(1) + I(1) + num(1) + ref(3, 0),
        'object index 0 is out of order (expected 2: a reference must point back to an object '
        'already read) (at byte 32)')
    bad('t7_ref_negative.t7', 't7', I(3) + I(1) + I(1) + num(1) + ref(3, -3),
        'object index -3 is out of order (expected 2: a reference must point back to an '
        'object already read) (at byte 32)')
    bad('t7_ref_forward_nested.t7', 't7', I(3) + I(1) + I(1) + num(1) + ref(3, 3),
        'object index 3 is out of order (expected 2: a reference must point back to an object '
        'already read) (at byte 32)')
    bad('t7_ref_incomplete_tensor.t7', 't7', w().tensor(tens, [1], [1], 1, ref(4, 1)),
        'reference to object 1, which is not complete yet (at byte 73)')
    bad('t7_nil_key.t7', 't7', I(3) + I(1) + I(1) + NIL + num(2),
        'table key is nil (at byte 28)')
    bad('t7_nan_key.t7', 't7', I(3) + I(1) + I(1) + num(float('nan')) + num(2),
        'table key is NaN (at byte 36)')
    # --- classes and functions
    bad('t7_unknown_class.t7', 't7', I(4) + I(1) + chars(b'V 1') + chars(b'nn.DoesNotExist'),
        'unknown Torch class <nn.DoesNotExist> (only classes registered with torch.class load; '
        'require the package defining it first) (at byte 34)')
    bad('t7_file_class.t7', 't7', I(4) + I(1) + chars(b'V 1') + chars(b'torch.DiskFile'),
        'unknown Torch class <torch.DiskFile> (only classes registered with torch.class load; '
        'require the package defining it first) (at byte 33)')
    bad('t7_bad_version.t7', 't7', I(4) + I(1) + chars(b'V x') + chars(b'torch.DoubleStorage'),
        "bad class version string 'V x' (at byte 15)")
    bad('t7_class_fields_number.t7', 't7',
        I(4) + I(1) + chars(b'V 1') + chars(b'ftest.Module') + num(3),
        '<ftest.Module> object fields must be a plain table, got number (at byte 43)')
    fnbody = chars(b'\x1bLuaT\x00') + W().table([], index=2)
    bad('t7_function.t7', 't7', I(8) + I(1) + fnbody,
        'file contains a Lua function (type tag 8); loading functions runs code from the file: '
        'pass {allowFunctions=true} to torch.load only for trusted files (at byte 8)')
    bad('t7_function_plain.t7', 't7', I(6) + fnbody,
        'file contains a Lua function (type tag 6); loading functions runs code from the file: '
        'pass {allowFunctions=true} to torch.load only for trusted files (at byte 4)')
    bad('t7_function_legacy.t7', 't7', I(7) + I(1) + fnbody,
        'file contains a Lua function (type tag 7); loading functions runs code from the file: '
        'pass {allowFunctions=true} to torch.load only for trusted files (at byte 8)')
    # --- ascii
    bad('t7a_bad_tag.t7', 't7a', b'x\n', 'type tag is not a valid number (at byte 0)')
    bad('t7a_bad_number.t7', 't7a', b'1\nabc\n', "'abc' is not a number (at byte 6)")
    bad('t7a_string_past_eof.t7', 't7a', b'2\n1000\nab\n',
        'string length 1000 exceeds the 3 bytes left in the file (at byte 7)')
    bad('t7a_storage_past_eof.t7', 't7a', b'4\n1\n3\nV 1\n19\ntorch.DoubleStorage\n50\n1 2\n',
        'storage of 50 Double values needs 50 bytes, but only 4 are left in the file '
        '(at byte 36)')
    bad('t7a_trunc_storage.t7', 't7a', b'4\n1\n3\nV 1\n19\ntorch.DoubleStorage\n3\n1 2\n',
        'file truncated: storage data missing (at byte 39)')

    # --- .npy
    bad('npy_short.npy', 'npy', b'\x93NUM', 'not a .npy file: only 4 bytes')
    bad('npy_bad_magic.npy', 'npy', b'\x93NUMPZ\x01\x00' + b'\x00' * 8,
        'not a .npy file (bad magic string)')
    bad('npy_version.npy', 'npy', b'\x93NUMPY\x09\x00' + b'\x00' * 8,
        'unsupported .npy version 9.0')
    bad('npy_header_past_eof.npy', 'npy', b'\x93NUMPY\x01\x00' + struct.pack('<H', 5000) + b'{}',
        '.npy header length 5000 exceeds the 2 bytes left in the file')
    bad('npy_v2_header_past_eof.npy', 'npy',
        b'\x93NUMPY\x02\x00' + struct.pack('<I', 2**32 - 1) + b'{}',
        '.npy header length 4294967295 exceeds the 2 bytes left in the file')
    bad('npy_object.npy', 'npy', npy('|O', (2,), b'\x00' * 16),
        "object arrays (dtype '|O') are not supported: loading them would run code")
    bad('npy_complex.npy', 'npy', npy('<c16', (1,), b'\x00' * 16),
        "unsupported .npy dtype '<c16' (supported: u1 i1 i2 i4 i8 f4 f8 b1)")
    bad('npy_structured.npy', 'npy', npy(None, None, b'', header="{'descr': [('a', '<f4')], "
                                         "'fortran_order': False, 'shape': (1,), }"),
        'structured dtypes are not supported')
    bad('npy_not_dict.npy', 'npy', npy(None, None, b'', header='[1, 2]'),
        "bad .npy header: expected '{' at offset 0")
    bad('npy_missing_shape.npy', 'npy',
        npy(None, None, b'', header="{'descr': '<f8', 'fortran_order': False, }"),
        "bad .npy header: 'shape' missing or not a tuple")
    bad('npy_negative_shape.npy', 'npy', npy(None, None, b'', header="{'descr': '<f8', "
                                             "'fortran_order': False, 'shape': (2, -3), }"),
        'bad .npy header: shape must be a tuple of integers')
    bad('npy_unknown_key.npy', 'npy', npy(None, None, b'', header="{'descr': '<f8', "
                                          "'fortran_order': False, 'shape': (1,), 'extra': 1, }"),
        "bad .npy header: unknown key 'extra'")
    bad('npy_duplicate_key.npy', 'npy', npy(None, None, b'', header="{'descr': '<f8', "
                                            "'descr': '<f4', 'fortran_order': False, "
                                            "'shape': (1,), }"),
        "bad .npy header: duplicate key 'descr'")
    bad('npy_unterminated.npy', 'npy', npy(None, None, b'', header="{'descr: '<f8"),
        "bad .npy header: expected ':' at offset 10")
    bad('npy_data_truncated.npy', 'npy', npy('<f8', (100,), b'\x00' * 16),
        '.npy data needs 800 bytes but only 16 are left in the file')
    bad('npy_shape_overflow.npy', 'npy', npy('<f8', (2**32, 2**32, 16), b''),
        '.npy shape size product overflows')
    bad('npy_fortran_string.npy', 'npy', npy(None, None, b'', header="{'descr': '<f8', "
                                             "'fortran_order': 'no', 'shape': (1,), }"),
        "bad .npy header: 'fortran_order' missing or not a boolean")

    # --- safetensors
    ent = lambda dt, shape, b, e: {'dtype': dt, 'shape': shape, 'data_offsets': [b, e]}  # noqa
    bad('st_short.safetensors', 'st', b'\x10\x00\x00\x00',
        'file too short for a safetensors header (4 bytes)')
    bad('st_header_past_eof.safetensors', 'st', struct.pack('<Q', 1000) + b'{}',
        'header length 1000 exceeds the 2 bytes left in the file')
    bad('st_header_len_huge.safetensors', 'st', struct.pack('<Q', 2**64 - 8) + b'{}',
        'header length 18446744073709551608 exceeds the 2 bytes left in the file')
    bad('st_json_truncated.safetensors', 'st', st(None, b'', raw_header='{"a":'),
        'bad JSON in header at byte 5: unexpected end of input')
    bad('st_json_trailing_comma.safetensors', 'st', st(None, b'', raw_header='{"a":{},}'),
        'bad JSON in header at byte 8: expected a string key')
    bad('st_json_bad_escape.safetensors', 'st', st(None, b'', raw_header='{"a\\q":1}'),
        'bad JSON in header at byte 3: bad escape sequence')
    bad('st_json_leading_zero.safetensors', 'st', st(None, b'', raw_header='{"a":01}'),
        'bad JSON in header at byte 5: bad number')
    bad('st_json_garbage.safetensors', 'st', st(None, b'', raw_header='{"a":1} x'),
        'bad JSON in header at byte 8: trailing characters after the JSON value')
    bad('st_duplicate_name.safetensors', 'st',
        st(None, b'\x00' * 8, raw_header='{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},'
                                        '"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}'),
        "bad JSON in header at byte 57: duplicate key 'w'")
    bad('st_not_object.safetensors', 'st', st(None, b'', raw_header='[1,2]'),
        'header must be a JSON object')
    bad('st_dtype_f16.safetensors', 'st', st({'w': ent('F16', [1], 0, 2)}, b'\x00\x00'),
        "tensor 'w': unsupported dtype 'F16' (supported: F64 F32 I64 I32 I16 I8 U8 BOOL)")
    bad('st_shape_negative.safetensors', 'st', st({'w': ent('F32', [-1], 0, 4)}, b'\x00' * 4),
        "tensor 'w': shape entries must be non-negative integers")
    bad('st_shape_overflow.safetensors', 'st',
        st({'w': ent('F32', [2**40, 2**40], 0, 4)}, b'\x00' * 4),
        "tensor 'w': shape size product overflows")
    bad('st_out_of_bounds.safetensors', 'st', st({'w': ent('F32', [4], 0, 16)}, b'\x00' * 8),
        "tensor 'w': data_offsets [0, 16] go past the end of the 8-byte data block")
    bad('st_size_mismatch.safetensors', 'st', st({'w': ent('F32', [2], 0, 4)}, b'\x00' * 4),
        "tensor 'w': data_offsets [0, 4] hold 4 bytes, but F32 of that shape needs 8")
    bad('st_offsets_reversed.safetensors', 'st', st({'w': ent('U8', [0], 8, 4)}, b'\x00' * 8),
        "tensor 'w': data_offsets [8, 4] are invalid")
    bad('st_overlap.safetensors', 'st',
        st({'a': ent('F32', [2], 0, 8), 'b': ent('F32', [1], 4, 8)}, b'\x00' * 8),
        "tensors 'a' and 'b' overlap in the data block")
    bad('st_gap.safetensors', 'st',
        st({'a': ent('F32', [1], 0, 4), 'b': ent('F32', [1], 8, 12)}, b'\x00' * 12),
        "gap in the data block before tensor 'b' (bytes 4 to 8 unused)")
    bad('st_trailing_data.safetensors', 'st', st({'a': ent('F32', [1], 0, 4)}, b'\x00' * 8),
        'the data block has 4 bytes after the last tensor')
    bad('st_unknown_field.safetensors', 'st',
        st({'w': dict(ent('F32', [1], 0, 4), foo=1)}, b'\x00' * 4),
        "tensor 'w': unknown field 'foo'")
    bad('st_metadata_number.safetensors', 'st', st({'__metadata__': {'k': 1}}, b''),
        "__metadata__ value 'k' must be a string")
    bad('st_offsets_float.safetensors', 'st',
        st(None, b'\x00' * 4, raw_header='{"w":{"dtype":"F32","shape":[1],'
                                        '"data_offsets":[0,4.0]}}'),
        "tensor 'w': data_offsets must be two integers")
    bad('st_entry_not_object.safetensors', 'st', st({'w': [1, 2]}, b''),
        "tensor 'w': entry must be an object")

    with open(f'{BAD}/MANIFEST', 'w') as f:
        f.write('# file<TAB>loader (t7 binary, t7a ascii, npy, st safetensors)<TAB>'
                'the exact error message\n')
        f.write('\n'.join(m) + '\n')
    return len(m)


def main():
    os.makedirs(T7, exist_ok=True)
    os.makedirs(BAD, exist_ok=True)
    gen_t7()
    gen_npy()
    gen_safetensors()
    n = gen_malformed()
    print(f'wrote fixtures to {T7} and {n} malformed files to {BAD}')


if __name__ == '__main__':
    main()
