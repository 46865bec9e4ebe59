/**
 * ONNX element types onto the engine's three (types.ts): floats -> 'float32', integers ->
 * 'int32', bool -> 'bool'. Strings, complex and 8-bit floats have no engine type.
 */
import type { Tensor } from '../../../../engine/tf.ts';
import { type EngineDtype, engineDtype as hostDtype, hostToTensor as hostTensor } from '../../host.ts';
import type { HostTensor, OnnxNode } from '../../types.ts';
import { fail } from './attrs.ts';

/** TensorProto.DataType numbers, as the `to` attribute of Cast gives them. */
export const ONNX_TYPE_NAMES: Record<number, string> = {
  1: 'FLOAT',
  2: 'UINT8',
  3: 'INT8',
  4: 'UINT16',
  5: 'INT16',
  6: 'INT32',
  7: 'INT64',
  8: 'STRING',
  9: 'BOOL',
  10: 'FLOAT16',
  11: 'DOUBLE',
  12: 'UINT32',
  13: 'UINT64',
  14: 'COMPLEX64',
  15: 'COMPLEX128',
  16: 'BFLOAT16',
};

/** The engine dtype of an ONNX element type; refused (naming the node) when there is none. */
export function engineDtype(onnxType: string, node: OnnxNode): EngineDtype {
  return (
    hostDtype(onnxType) ?? fail(node, `element type ${onnxType} is not supported (no engine type for it)`)
  );
}

/**
 * A host constant as a new engine tensor (host.ts). Integers outside int32 saturate
 * (INT64_MAX used as "to the end" stays the largest int32).
 */
export function hostToTensor(h: HostTensor, node: OnnxNode): Tensor {
  engineDtype(h.dataType, node);
  return hostTensor(h);
}
