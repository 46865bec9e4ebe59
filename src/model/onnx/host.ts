/**
 * Host constants (HostTensor) to and from engine tensors. ONNX element types map onto the
 * three the engine holds: floats -> float32, integers -> int32 (int64 and uint32 values
 * beyond int32 saturate, see types.ts), bool -> bool.
 */
import { type Tensor, tf } from '../../engine/tf.ts';
import type { HostTensor } from './types.ts';

/**
 * Float constants with more values than this keep no host copy once uploaded (the executor
 * drops it; ctx.constant reads them back), so parse.ts may alias them to the file's bytes.
 */
export const HOST_KEEP_LIMIT = 1 << 16;

export type EngineDtype = 'float32' | 'int32' | 'bool';

const FLOATS = new Set(['FLOAT', 'DOUBLE', 'FLOAT16', 'BFLOAT16']);
const INTS = new Set(['INT8', 'INT16', 'INT32', 'INT64', 'UINT8', 'UINT16', 'UINT32', 'UINT64']);

/** The engine's dtype for an ONNX element type name; undefined for strings, complex … */
export function engineDtype(dataType: string): EngineDtype | undefined {
  if (FLOATS.has(dataType)) return 'float32';
  if (INTS.has(dataType)) return 'int32';
  if (dataType === 'BOOL') return 'bool';
  return undefined;
}

const I32_MIN = -2147483648;
const I32_MAX = 2147483647;
const sat = (v: number) => (v < I32_MIN ? I32_MIN : v > I32_MAX ? I32_MAX : Math.trunc(v));

/** Integer values of a host tensor, saturated to int32 (Slice's INT64_MAX "to the end" stays huge). */
export function hostInts(h: HostTensor): Int32Array {
  const src = h.exact ?? h.values;
  if (src instanceof Int32Array) return src;
  const out = new Int32Array(src.length);
  if (src instanceof BigInt64Array || src instanceof BigUint64Array) {
    for (let i = 0; i < src.length; i++) {
      const v = src[i];
      out[i] = v < -2147483648n ? I32_MIN : v > 2147483647n ? I32_MAX : Number(v);
    }
  } else {
    for (let i = 0; i < src.length; i++) out[i] = sat(src[i]);
  }
  return out;
}

/** A new engine tensor holding `h` (the caller owns it). Throws on element types the engine lacks. */
export function hostToTensor(h: HostTensor): Tensor {
  const dtype = engineDtype(h.dataType);
  if (dtype === 'int32') return tf.tensor(hostInts(h), h.shape, 'int32');
  if (dtype === 'bool')
    return tf.tensor(
      Uint8Array.from(h.values, (v) => (v ? 1 : 0)),
      h.shape,
      'bool',
    );
  if (dtype === 'float32') return tf.tensor(h.values, h.shape, 'float32');
  throw new Error(`element type ${h.dataType} cannot be held by the engine`);
}

/** The values of an engine tensor on the host (a folded constant); int32 keeps exact values. */
export function tensorToHost(t: Tensor): HostTensor {
  const data = t.dataSync();
  const shape = [...t.shape];
  if (t.dtype === 'int32') {
    const exact = Int32Array.from(data as Int32Array);
    return { dataType: 'INT32', shape, values: Float32Array.from(exact), exact };
  }
  if (t.dtype === 'bool') return { dataType: 'BOOL', shape, values: Float32Array.from(data as Uint8Array) };
  return { dataType: 'FLOAT', shape, values: Float32Array.from(data as Float32Array) };
}

export const sizeOfShape = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
