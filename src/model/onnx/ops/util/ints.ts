/**
 * Shape-like integer inputs (Reshape's shape, Slice's starts, axes …): read from the
 * import-time constant when there is one, else from the int tensor's values at run time.
 * int64 values beyond 2^53 (INT64_MAX as "to the end") become large doubles, which the
 * ops clamp anyway.
 */
import type { Tensor } from '../../../../engine/tf.ts';
import type { HostTensor, OpContext } from '../../types.ts';
import { fail } from './attrs.ts';

export function hostNumbers(h: HostTensor): number[] {
  if (h.exact) return Array.from(h.exact as ArrayLike<number | bigint>, (v) => Number(v));
  return Array.from(h.values);
}

function numbersOf(inputs: (Tensor | undefined)[], ctx: OpContext, i: number): number[] | undefined {
  const c = ctx.constant(i);
  if (c) return hostNumbers(c);
  const t = inputs[i];
  if (!t) return undefined;
  return Array.from(t.dataSync() as ArrayLike<number>);
}

/**
 * The values of input i (a shape, axes, repeats …) as numbers; undefined when the input is
 * omitted. Refused unless they are integers: a float tensor given as a shape would
 * otherwise make tensors of fractional sizes.
 */
export function intsOf(inputs: (Tensor | undefined)[], ctx: OpContext, i: number): number[] | undefined {
  const v = numbersOf(inputs, ctx, i);
  const bad = v?.find((x) => !Number.isInteger(x) && Number.isFinite(x));
  if (bad !== undefined)
    fail(ctx.node, `input ${i} ('${ctx.node.inputs[i]}') must hold integers, got ${bad}`);
  return v;
}

/** The single value of a scalar (or one-element) input, integer or not. */
export function scalarOf(inputs: (Tensor | undefined)[], ctx: OpContext, i: number): number | undefined {
  const v = numbersOf(inputs, ctx, i);
  return v === undefined ? undefined : v[0];
}

export const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/** The numpy broadcast of two shapes, or undefined when they do not broadcast. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] | undefined {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return undefined;
    out.push(da === 1 ? db : da);
  }
  return out;
}
