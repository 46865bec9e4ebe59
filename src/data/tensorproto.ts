/**
 * ONNX `TensorProto` messages (the `.pb` files of the ONNX test data, the initializers of
 * an ONNX model), decoded with @bufbuild/protobuf from our own minimal schema
 * (proto/onnx_tensor.proto).
 */
import { fromBinary } from '@bufbuild/protobuf';
import type { NdArray } from './arrays.ts';
import { sizeOf } from './dataset.ts';
import { DataError } from './errors.ts';
import { readFileChecked } from './files.ts';
import { bfloat16ToFloat, halfToFloat } from './half.ts';
import * as msg from './messages.ts';
import {
  type TensorProto,
  TensorProto_DataLocation,
  TensorProto_DataType,
  TensorProtoSchema,
} from './proto/onnx_tensor_pb.ts';

export interface TensorData extends NdArray {
  name: string;
  /** the ONNX element type, e.g. 'FLOAT', 'INT64' */
  dataType: string;
  /** the values without rounding to float32, for DOUBLE, INT32, UINT32, INT64 and UINT64 */
  exact?: Float64Array | BigInt64Array | BigUint64Array;
}

type Num = number | bigint;
interface Codec {
  bytes: number;
  raw: (v: DataView, off: number) => Num;
  field: (t: TensorProto) => readonly Num[];
  decode?: (bits: number) => number;
  exact?: (n: number) => Float64Array | BigInt64Array | BigUint64Array;
}

const T = TensorProto_DataType;
const f64 = (n: number) => new Float64Array(n);
const CODECS: Partial<Record<TensorProto_DataType, Codec>> = {
  [T.FLOAT]: { bytes: 4, raw: (v, o) => v.getFloat32(o, true), field: (t) => t.floatData },
  [T.UINT8]: { bytes: 1, raw: (v, o) => v.getUint8(o), field: (t) => t.int32Data },
  [T.INT8]: { bytes: 1, raw: (v, o) => v.getInt8(o), field: (t) => t.int32Data },
  [T.BOOL]: { bytes: 1, raw: (v, o) => v.getUint8(o), field: (t) => t.int32Data },
  [T.UINT16]: { bytes: 2, raw: (v, o) => v.getUint16(o, true), field: (t) => t.int32Data },
  [T.INT16]: { bytes: 2, raw: (v, o) => v.getInt16(o, true), field: (t) => t.int32Data },
  [T.INT32]: { bytes: 4, raw: (v, o) => v.getInt32(o, true), field: (t) => t.int32Data, exact: f64 },
  [T.UINT32]: { bytes: 4, raw: (v, o) => v.getUint32(o, true), field: (t) => t.uint64Data, exact: f64 },
  [T.INT64]: {
    bytes: 8,
    raw: (v, o) => v.getBigInt64(o, true),
    field: (t) => t.int64Data,
    exact: (n) => new BigInt64Array(n),
  },
  [T.UINT64]: {
    bytes: 8,
    raw: (v, o) => v.getBigUint64(o, true),
    field: (t) => t.uint64Data,
    exact: (n) => new BigUint64Array(n),
  },
  [T.DOUBLE]: { bytes: 8, raw: (v, o) => v.getFloat64(o, true), field: (t) => t.doubleData, exact: f64 },
  [T.FLOAT16]: {
    bytes: 2,
    raw: (v, o) => v.getUint16(o, true),
    field: (t) => t.int32Data,
    decode: halfToFloat,
  },
  [T.BFLOAT16]: {
    bytes: 2,
    raw: (v, o) => v.getUint16(o, true),
    field: (t) => t.int32Data,
    decode: bfloat16ToFloat,
  },
};

/** Decode the bytes of one TensorProto; `path` only names it in errors. */
export function decodeTensorProto(bytes: Uint8Array, path = '<buffer>'): TensorData {
  let t: TensorProto;
  try {
    t = fromBinary(TensorProtoSchema, bytes);
  } catch (err) {
    throw new DataError(msg.pbInvalid(path, err instanceof Error ? err.message : String(err)));
  }
  return tensorFromProto(t, path);
}

/**
 * The values of an already parsed TensorProto (an initializer, an attribute's tensor).
 * `external` holds the bytes of a tensor whose data lives in an external file (the
 * caller reads them: only it knows where the model is); without them such a tensor is an
 * error. `path` only names the tensor in errors. With `alias`, float32 values whose bytes
 * are 4-byte aligned are returned as a view of them (no copy; the caller promises that the
 * bytes do not change while the values are used).
 */
export function tensorFromProto(
  t: TensorProto,
  path = '<tensor>',
  external?: Uint8Array,
  alias = false,
): TensorData {
  const dataType = T[t.dataType] ?? String(t.dataType);
  const raw = t.dataLocation === TensorProto_DataLocation.EXTERNAL ? external : t.rawData;
  if (!raw) throw new DataError(msg.pbExternal(path));
  const codec = CODECS[t.dataType as TensorProto_DataType];
  if (!codec) throw new DataError(msg.pbType(path, dataType));
  const shape = t.dims.map(Number);
  const count = sizeOf(shape);
  const source = rawOrField(t, raw, codec);
  if (raw.length > 0 && raw.length !== count * codec.bytes) {
    throw new DataError(msg.pbRawBytes(path, shape, codec.bytes, raw.length));
  }
  if (source.length !== count) throw new DataError(msg.pbCount(path, shape, source.length));
  // float32 little-endian bytes are the values already: one copy (new Uint8Array copies
  // even a Node Buffer, whose slice() would not) instead of a loop
  if (t.dataType === T.FLOAT && raw.length > 0) {
    const values =
      alias && raw.byteOffset % 4 === 0
        ? new Float32Array(raw.buffer, raw.byteOffset, count)
        : new Float32Array(new Uint8Array(raw).buffer);
    return { name: t.name, dataType, shape, values };
  }
  const values = new Float32Array(count);
  const exact = codec.exact?.(count);
  for (let i = 0; i < count; i++) {
    const v = source.get(i);
    values[i] = codec.decode ? codec.decode(Number(v)) : Number(v);
    if (exact instanceof Float64Array) exact[i] = Number(v);
    else if (exact) exact[i] = BigInt(v);
  }
  return { name: t.name, dataType, shape, values, ...(exact ? { exact } : {}) };
}

function rawOrField(
  t: TensorProto,
  raw: Uint8Array,
  codec: Codec,
): { length: number; get: (i: number) => Num } {
  if (raw.length > 0) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    return { length: raw.length / codec.bytes, get: (i) => codec.raw(view, i * codec.bytes) };
  }
  const field = codec.field(t);
  return { length: field.length, get: (i) => field[i] };
}

/** Read a `.pb` file holding one TensorProto. */
export function readTensorProto(path: string): TensorData {
  return decodeTensorProto(readFileChecked(path), path);
}
