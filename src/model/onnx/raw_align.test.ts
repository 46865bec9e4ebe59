/**
 * Big float initializers of a model whose bytes the importer owns are views of those bytes
 * (raw_align.ts, parse.ts), with the same values as the copies made otherwise, whatever
 * their offset in the file; small ones stay copies so they do not pin the file.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromBinary } from '@bufbuild/protobuf';
import { modelBytes, node, value } from '../../../test/util/onnx_build.ts';
import { ModelProtoSchema } from '../../data/proto/onnx_model_pb.ts';
import { TensorProto_DataType as T } from '../../data/proto/onnx_tensor_pb.ts';
import { HOST_KEEP_LIMIT } from './host.ts';
import { parseOnnx } from './parse.ts';
import { alignRawInPlace } from './raw_align.ts';

const BIG = HOST_KEEP_LIMIT + 8;

function rawFloats(name: string, n: number, seed: number) {
  const f = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed));
  return { name, dims: [BigInt(n)], dataType: T.FLOAT, rawData: new Uint8Array(f.buffer) };
}

/** A model with big raw initializers whose names shift their offsets by 0..3 bytes. */
function model(): Uint8Array {
  const inits = ['a', 'b', 'cc', 'd'].map((n, i) => rawFloats(n, BIG + i, i));
  inits.push(rawFloats('small', 10, 9));
  return modelBytes({
    nodes: [node('Identity', ['x'], ['y'])],
    inputs: [value('x', ['N', 2])],
    outputs: [value('y', ['N', 2])],
    initializers: inits,
  });
}

describe('float initializers in place (raw_align.ts)', () => {
  it('big ones are views of the owned bytes at any offset, with the values a copy has', () => {
    const copy = parseOnnx(model()).graph.initializers;
    const bytes = model();
    const owned = parseOnnx(bytes, undefined, true).graph.initializers;
    const offsets = new Set<number>();
    for (const [name, h] of copy) {
      const v = owned.get(name)!;
      assert.deepEqual(v.values, h.values, name);
      assert.notEqual(h.values.buffer, bytes.buffer, `${name}: a copy without ownership`);
      if (name === 'small') assert.notEqual(v.values.buffer, bytes.buffer, 'small: copied');
      else {
        assert.equal(v.values.buffer, bytes.buffer, `${name}: a view`);
        offsets.add(v.values.byteOffset % 4);
      }
    }
    assert.deepEqual([...offsets], [0]);
    // the file did hold payloads at every offset modulo 4, so some were moved
    const m = fromBinary(ModelProtoSchema, model());
    const mods = m.graph!.initializer.slice(0, 4).map((t) => t.rawData.byteOffset % 4);
    assert.deepEqual([...mods].sort(), [0, 1, 2, 3]);
  });

  it('moves a payload only over its own raw_data header', () => {
    const buf = new Uint8Array(400);
    // a raw_data field of 300 bytes at offset 5: tag 0x4a, length 300 = varint ac 02
    buf.set([0x4a, 0xac, 0x02], 2);
    for (let i = 0; i < 300; i++) buf[5 + i] = i & 0xff;
    const raw = buf.subarray(5, 305);
    const moved = alignRawInPlace(raw, buf)!;
    assert.equal(moved.byteOffset, 4);
    assert.deepEqual(Array.from(moved.subarray(0, 4)), [0, 1, 2, 3]);
    // a header that is not raw_data's tag, or a length that disagrees: refused
    const other = new Uint8Array(400);
    other.set([0x42, 0xac, 0x02], 2);
    assert.equal(alignRawInPlace(other.subarray(5, 305), other), undefined);
    const short = new Uint8Array(400);
    short.set([0x4a, 0xab, 0x02], 2);
    assert.equal(alignRawInPlace(short.subarray(5, 305), short), undefined);
  });
});
