/**
 * Squeeze: removes the listed size-1 axes (all size-1 axes when none are given). Axes are
 * an attribute before opset 13 and an optional input from 13; negative from 11.
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpContext, OpRegistration } from '../types.ts';
import { attrInts, fail, need, normAxis } from './util/attrs.ts';
import { intsOf } from './util/ints.ts';

function run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] {
  const x = need(inputs, 0, ctx.node);
  const given = ctx.opset < 13 ? attrInts(ctx.node, 'axes') : intsOf(inputs, ctx, 1);
  const axes = new Set(
    given === undefined
      ? x.shape.flatMap((d, i) => (d === 1 ? [i] : []))
      : given.map((a) => normAxis(a, x.rank, ctx.node)),
  );
  for (const a of axes) if (x.shape[a] !== 1) fail(ctx.node, `axis ${a} of [${x.shape}] is not 1`);
  return [
    tf.reshape(
      x,
      x.shape.filter((_, i) => !axes.has(i)),
    ),
  ];
}

export const registrations: OpRegistration[] = [
  { opType: 'Squeeze', domain: '', since: 1, until: 12, impl: { run } },
  { opType: 'Squeeze', domain: '', since: 13, impl: { run } },
];
