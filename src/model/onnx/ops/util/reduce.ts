/**
 * Reduce* registrations. `axes` is an attribute up to opset 12 (ReduceSum) or 17 (the
 * others) and an optional input after; with no axes every axis is reduced, unless
 * `noop_with_empty_axes=1` (input form only), which returns the input. keepdims defaults
 * to 1. Negative axes count from the back.
 */
import { type Tensor, tf } from '../../../../engine/tf.ts';
import type { OpContext, OpRegistration } from '../../types.ts';
import { attrInts, attrNum, need, normAxis } from './attrs.ts';
import { intsOf } from './ints.ts';

export type Reducer = (x: Tensor, axes: number[], keepDims: boolean) => Tensor;

function runWith(fn: Reducer, axesAsInput: boolean) {
  return (inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] => {
    const x = need(inputs, 0, ctx.node);
    const given = axesAsInput ? intsOf(inputs, ctx, 1) : attrInts(ctx.node, 'axes');
    const keep = attrNum(ctx.node, 'keepdims', 1) === 1;
    if (given === undefined || given.length === 0) {
      if (axesAsInput && attrNum(ctx.node, 'noop_with_empty_axes', 0) === 1) return [x.clone()];
      return [tf.tidy(() => fn(x, [...Array(x.rank).keys()], keep))];
    }
    const axes = [...new Set(given.map((a) => normAxis(a, x.rank, ctx.node)))].sort((a, b) => a - b);
    return [tf.tidy(() => fn(x, axes, keep))];
  };
}

/** Registrations with axes as attribute before `inputSince` and as input from it. */
export function reduceOp(opType: string, inputSince: 13 | 18, fn: Reducer): OpRegistration[] {
  return [
    { opType, domain: '', since: 1, until: inputSince - 1, impl: { run: runWith(fn, false) } },
    { opType, domain: '', since: inputSince, impl: { run: runWith(fn, true) } },
  ];
}

/**
 * Runs a float reduction on an int input and casts back, truncating as the reference
 * implementation's astype does (ONNX keeps the element type).
 */
export function keepDtype(x: Tensor, fn: (f: Tensor) => Tensor): Tensor {
  if (x.dtype === 'float32') return fn(x);
  return tf.cast(fn(tf.cast(x, 'float32')), x.dtype);
}
