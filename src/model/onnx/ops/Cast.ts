/**
 * Cast to the element type `to` (a TensorProto.DataType number; opset 1 used its name).
 * On the engine: floats -> float32 (FLOAT16 and BFLOAT16 are rounded to their precision,
 * DOUBLE stays float32), integers -> int32 wrapped to the target's width (8/16-bit), floats
 * to integers truncate toward zero, bool is x != 0. STRING and complex targets are refused.
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OnnxNode, OpRegistration } from '../types.ts';
import { fail, need } from './util/attrs.ts';
import { engineDtype, ONNX_TYPE_NAMES } from './util/dtypes.ts';
import { roundToFloatFormat } from './util/float_formats.ts';

const WIDTHS: Record<string, { bits: number; signed: boolean }> = {
  UINT8: { bits: 8, signed: false },
  INT8: { bits: 8, signed: true },
  UINT16: { bits: 16, signed: false },
  INT16: { bits: 16, signed: true },
};

function targetName(node: OnnxNode): string {
  const to = node.attrs.to;
  const name =
    typeof to === 'number' ? ONNX_TYPE_NAMES[to] : typeof to === 'string' ? to.toUpperCase() : undefined;
  if (!name) return fail(node, `unknown target type ${String(to)}`);
  return name;
}

function wrapInt(x: Tensor, bits: number, signed: boolean): Tensor {
  const m = tf.scalar(2 ** bits, 'int32');
  if (!signed) return tf.mod(x, m);
  const half = tf.scalar(2 ** (bits - 1), 'int32');
  return tf.sub(tf.mod(tf.add(x, half), m), half);
}

export function castTo(x: Tensor, name: string, node: OnnxNode): Tensor {
  const dtype = engineDtype(name, node);
  return tf.tidy(() => {
    if (dtype === 'float32') {
      const f = x.dtype === 'float32' ? x.clone() : tf.cast(x, 'float32');
      return name === 'FLOAT16' || name === 'BFLOAT16' ? roundToFloatFormat(f, name) : f;
    }
    if (dtype === 'bool') return x.dtype === 'bool' ? x.clone() : tf.notEqual(x, tf.scalar(0, x.dtype));
    const i = x.dtype === 'int32' ? x.clone() : tf.cast(x, 'int32');
    const w = WIDTHS[name];
    return w ? wrapInt(i, w.bits, w.signed) : i;
  });
}

export const registrations: OpRegistration[] = [
  {
    opType: 'Cast',
    domain: '',
    since: 1,
    impl: { run: (inputs, ctx) => [castTo(need(inputs, 0, ctx.node), targetName(ctx.node), ctx.node)] },
  },
];
