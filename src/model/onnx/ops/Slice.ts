/**
 * Slice: per listed axis, elements start, start+step, … up to (excluding) end. Starts and
 * ends count from the back when negative, then clamp to [0, dim] for positive steps and
 * to [0, dim-1] / [-1, dim-1] for negative steps (ONNX operator doc). Opsets 1-9 take
 * starts/ends/axes as attributes (steps 1); 10 on as inputs, with optional axes and steps.
 * Negative steps reverse the axis first, so every slice is a forward one.
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpContext, OpRegistration } from '../types.ts';
import { attrInts, fail, need, normAxis } from './util/attrs.ts';
import { intsOf } from './util/ints.ts';

export interface AxisRange {
  start: number;
  /** number of elements taken */
  count: number;
  step: number;
}

/** The resolved range of one axis of size dim (steps may be negative). */
export function axisRange(dim: number, start: number, end: number, step: number): AxisRange {
  if (start < 0) start += dim;
  if (end < 0) end += dim;
  if (step > 0) {
    start = Math.min(Math.max(start, 0), dim);
    end = Math.min(Math.max(end, 0), dim);
    return { start, count: Math.max(0, Math.ceil((end - start) / step)), step };
  }
  start = Math.min(Math.max(start, 0), dim - 1);
  end = Math.min(Math.max(end, -1), dim - 1);
  return { start, count: Math.max(0, Math.ceil((start - end) / -step)), step };
}

export function sliceTensor(x: Tensor, ranges: Map<number, AxisRange>): Tensor {
  return tf.tidy(() => {
    const reversed = [...ranges].filter(([, r]) => r.step < 0 && r.count > 0).map(([a]) => a);
    let y = x;
    if (reversed.length > 0) {
      // tf.reverse on bool reads wrong values on wasm: reverse bools as int32.
      y =
        x.dtype === 'bool'
          ? tf.cast(tf.reverse(tf.cast(x, 'int32'), reversed), 'bool')
          : tf.reverse(x, reversed);
    }
    const begin = y.shape.map(() => 0);
    const size = [...y.shape];
    for (const [a, r] of ranges) {
      // after reversing, index i of the axis is dim-1-i of the original
      begin[a] = r.step < 0 ? y.shape[a] - 1 - r.start : r.start;
      size[a] = r.count === 0 ? 0 : (r.count - 1) * Math.abs(r.step) + 1;
    }
    y = tf.slice(y, begin, size);
    // steps > 1 gather every step-th entry of the contiguous block (the wasm StridedSlice
    // kernel returns float32 garbage for int and bool tensors, so it is not used)
    for (const [a, r] of ranges) {
      const step = Math.abs(r.step);
      if (step === 1 || r.count === 0) continue;
      y = tf.gather(
        y,
        tf.tensor1d(
          Array.from({ length: r.count }, (_, j) => j * step),
          'int32',
        ),
        a,
      );
    }
    return y === x ? x.clone() : y;
  });
}

function run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] {
  const { node } = ctx;
  const x = need(inputs, 0, node);
  const old = ctx.opset < 10;
  const starts = old ? attrInts(node, 'starts') : intsOf(inputs, ctx, 1);
  const ends = old ? attrInts(node, 'ends') : intsOf(inputs, ctx, 2);
  if (!starts || !ends || starts.length !== ends.length)
    fail(node, 'starts and ends must have one value per axis');
  const axes = (old ? attrInts(node, 'axes') : intsOf(inputs, ctx, 3)) ?? starts.map((_, i) => i);
  const steps = (old ? undefined : intsOf(inputs, ctx, 4)) ?? starts.map(() => 1);
  if (axes.length !== starts.length || steps.length !== starts.length)
    fail(node, 'axes/steps lengths differ');
  const ranges = new Map<number, AxisRange>();
  axes.forEach((a, i) => {
    const axis = normAxis(a, x.rank, node);
    if (ranges.has(axis)) fail(node, `axis ${a} repeats`);
    if (steps[i] === 0) fail(node, 'a step is 0');
    ranges.set(axis, axisRange(x.shape[axis], starts[i], ends[i], steps[i]));
  });
  return [sliceTensor(x, ranges)];
}

export const registrations: OpRegistration[] = [
  { opType: 'Slice', domain: '', since: 1, until: 9, impl: { run } },
  { opType: 'Slice', domain: '', since: 10, impl: { run } },
];
