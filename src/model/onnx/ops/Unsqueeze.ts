/**
 * Unsqueeze: inserts size-1 axes at the listed positions of the output (rank + number of
 * axes; negative from opset 11). Axes are an attribute before opset 13, an input from 13.
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpContext, OpRegistration } from '../types.ts';
import { attrInts, fail, need, normAxis } from './util/attrs.ts';
import { intsOf } from './util/ints.ts';

function run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] {
  const x = need(inputs, 0, ctx.node);
  const given = ctx.opset < 13 ? attrInts(ctx.node, 'axes') : intsOf(inputs, ctx, 1);
  if (!given) fail(ctx.node, 'axes are missing');
  const rank = x.rank + given.length;
  const axes = new Set(given.map((a) => normAxis(a, rank, ctx.node)));
  if (axes.size !== given.length) fail(ctx.node, `axes [${given}] repeat an axis`);
  const shape: number[] = [];
  let j = 0;
  for (let i = 0; i < rank; i++) shape.push(axes.has(i) ? 1 : x.shape[j++]);
  return [tf.reshape(x, shape)];
}

export const registrations: OpRegistration[] = [
  { opType: 'Unsqueeze', domain: '', since: 1, until: 12, impl: { run } },
  { opType: 'Unsqueeze', domain: '', since: 13, impl: { run } },
];
