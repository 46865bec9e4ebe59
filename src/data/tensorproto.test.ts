import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { DataError } from './errors.ts';
import { decodeTensorProto, readTensorProto } from './tensorproto.ts';

const NODE = '/usr/share/libonnx-testdata/data/node';
const pb = (t: string, f: string) => readTensorProto(`${NODE}/${t}/test_data_set_0/${f}.pb`);
const fails = (f: () => unknown, re: RegExp) =>
  assert.throws(f, (e: unknown) => e instanceof DataError && re.test(e.message) && !e.message.includes('\n'));

test('ONNX test data: test_abs, test_add (FLOAT, raw_data)', (t) => {
  if (!existsSync(`${NODE}/test_abs`)) return t.skip(`${NODE} absent: apt-get install libonnx-testdata`);
  const x = pb('test_abs', 'input_0');
  assert.equal(x.name, 'x');
  assert.equal(x.dataType, 'FLOAT');
  assert.deepEqual(x.shape, [3, 4, 5]);
  // the ONNX generator draws np.random.randn after seed 0: 1.7640524, 0.4001572, 0.9787380, ...
  assert.deepEqual([...x.values.slice(0, 3)], [1.7640524, 0.4001572, 0.978738].map(Math.fround));
  const y = pb('test_abs', 'output_0');
  assert.deepEqual(y.shape, [3, 4, 5]);
  assert.deepEqual(y.values, x.values.map(Math.abs));
  const [a, b, sum] = [pb('test_add', 'input_0'), pb('test_add', 'input_1'), pb('test_add', 'output_0')];
  assert.deepEqual(
    sum.values,
    a.values.map((v, i) => Math.fround(v + b.values[i])),
  );
});

test('ONNX test data: UINT8, INT64, UINT64, FLOAT16 and DOUBLE tensors', (t) => {
  if (!existsSync(`${NODE}/test_abs`)) return t.skip(`${NODE} absent: apt-get install libonnx-testdata`);
  const [a, b, sum] = ['input_0', 'input_1', 'output_0'].map((f) => pb('test_add_uint8', f));
  assert.equal(sum.dataType, 'UINT8');
  assert.deepEqual(
    sum.values,
    a.values.map((v, i) => (v + b.values[i]) % 256),
  );
  // ArgMax over axis 0 of [[2, 1], [3, 10]] with keepdims: [[1, 1]] as int64
  const arg = pb('test_argmax_default_axis_example', 'output_0');
  assert.equal(arg.dataType, 'INT64');
  assert.deepEqual(arg.shape, [1, 2]);
  assert.deepEqual(arg.exact, BigInt64Array.from([1n, 1n]));
  assert.deepEqual([...pb('test_argmax_default_axis_example', 'input_0').values], [2, 1, 3, 10]);
  const [x, s, shl] = ['input_0', 'input_1', 'output_0'].map((f) => pb('test_bitshift_left_uint64', f));
  assert.equal(shl.dataType, 'UINT64');
  const xs = x.exact as BigUint64Array;
  assert.deepEqual(
    shl.exact,
    xs.map((v, i) => v << (s.exact as BigUint64Array)[i]),
  );
  // a cast from FLOAT16 to FLOAT or DOUBLE is exact, so decoding half floats must agree
  const h = pb('test_cast_FLOAT16_to_FLOAT', 'input_0');
  assert.equal(h.dataType, 'FLOAT16');
  assert.deepEqual(h.values, pb('test_cast_FLOAT16_to_FLOAT', 'output_0').values);
  const d = pb('test_cast_FLOAT16_to_DOUBLE', 'output_0');
  assert.equal(d.dataType, 'DOUBLE');
  assert.deepEqual(d.exact, Float64Array.from(pb('test_cast_FLOAT16_to_DOUBLE', 'input_0').values));
  fails(
    () => pb('test_cast_FLOAT_to_STRING', 'output_0'),
    /output_0\.pb: tensor data type STRING is not supported/,
  );
});

/** A TensorProto written field by field with protobuf-es's wire writer (field numbers of the ONNX spec). */
function tensor(dims: number[], type: number, fill: (w: BinaryWriter) => void): Uint8Array {
  const w = new BinaryWriter();
  for (const d of dims) w.tag(1, WireType.Varint).int64(d);
  w.tag(2, WireType.Varint).int32(type);
  w.tag(8, WireType.LengthDelimited).string('t');
  fill(w);
  return w.finish();
}
const packed = (w: BinaryWriter, field: number, write: (w: BinaryWriter) => void) => {
  w.tag(field, WireType.LengthDelimited).fork();
  write(w);
  w.join();
};

test('typed fields instead of raw_data: float, int32, int64, double, uint64, half bit patterns', () => {
  const f = decodeTensorProto(tensor([2], 1, (w) => packed(w, 4, (p) => p.float(1.5).float(-2))));
  assert.deepEqual(f, { name: 't', dataType: 'FLOAT', shape: [2], values: Float32Array.from([1.5, -2]) });
  // unpacked repeated field (proto2 style) decodes the same
  const i8 = decodeTensorProto(
    tensor([3], 3, (w) => {
      for (const v of [-5, 0, 7]) w.tag(5, WireType.Varint).int32(v);
    }),
  );
  assert.deepEqual([...i8.values], [-5, 0, 7]);
  const i64 = decodeTensorProto(
    tensor([1, 2], 7, (w) => packed(w, 7, (p) => p.int64(-3).int64('9007199254740993'))),
  );
  assert.deepEqual(i64.exact, BigInt64Array.from([-3n, 9007199254740993n]));
  const dbl = decodeTensorProto(tensor([1], 11, (w) => packed(w, 10, (p) => p.double(0.1))));
  assert.deepEqual(dbl.exact, Float64Array.from([0.1]));
  assert.deepEqual(dbl.values, Float32Array.from([0.1]));
  const u32 = decodeTensorProto(tensor([1], 12, (w) => packed(w, 11, (p) => p.uint64(4294967295))));
  assert.deepEqual(u32.exact, Float64Array.from([4294967295]));
  const half = decodeTensorProto(
    tensor([3], 10, (w) => packed(w, 5, (p) => p.int32(0x3c00).int32(0xc000).int32(1))),
  );
  assert.deepEqual([...half.values], [1, -2, 2 ** -24]);
  const bf16 = decodeTensorProto(tensor([2], 16, (w) => packed(w, 5, (p) => p.int32(0x3f80).int32(0xc0a0))));
  assert.deepEqual([...bf16.values], [1, -5]);
  const scalar = decodeTensorProto(
    tensor([], 1, (w) => w.tag(9, WireType.LengthDelimited).bytes(new Uint8Array(4))),
  );
  assert.deepEqual(scalar.shape, []);
  assert.deepEqual([...scalar.values], [0]);
});

test('bad tensors: count mismatch, raw size, external data, garbage', () => {
  fails(
    () =>
      decodeTensorProto(
        tensor([3], 1, (w) => packed(w, 4, (p) => p.float(1))),
        'a.pb',
      ),
    /^a\.pb: dims \[3\] need 3 values but the tensor has 1$/,
  );
  fails(
    () =>
      decodeTensorProto(
        tensor([2], 1, (w) => w.tag(9, WireType.LengthDelimited).bytes(new Uint8Array(6))),
        'r.pb',
      ),
    /r\.pb: dims \[2\] need 8 bytes of raw_data but it has 6/,
  );
  fails(
    () =>
      decodeTensorProto(
        tensor([1], 1, (w) => w.tag(14, WireType.Varint).int32(1)),
        'e.pb',
      ),
    /external file/,
  );
  fails(
    () =>
      decodeTensorProto(
        tensor([1], 14, () => {}),
        'c.pb',
      ),
    /c\.pb: tensor data type COMPLEX64/,
  );
  fails(() => decodeTensorProto(new Uint8Array([0x0a, 0xff, 0xff]), 'g.pb'), /^g\.pb is not a TensorProto: /);
  fails(() => readTensorProto('/nonexistent/x.pb'), /^no such file: \/nonexistent\/x\.pb$/);
});
