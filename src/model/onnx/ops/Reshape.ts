/**
 * Reshape: the target shape comes from the `shape` attribute (opset 1-4) or the second
 * input (5 on). A 0 copies the input's dimension at that index (unless allowzero=1, opset
 * 14, where it means an empty dimension); one -1 is inferred from the element count.
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OnnxNode, OpContext, OpRegistration } from '../types.ts';
import { attrInts, attrNum, fail, need } from './util/attrs.ts';
import { intsOf, product } from './util/ints.ts';

export function resolveShape(input: readonly number[], target: number[], allowzero: boolean, node: OnnxNode) {
  const out = target.map((d, i) => {
    if (d !== 0 || allowzero) return d;
    if (i >= input.length) fail(node, `shape [${target}] copies dimension ${i} the input lacks`);
    return input[i];
  });
  const inferred = out.indexOf(-1);
  if (inferred !== out.lastIndexOf(-1)) fail(node, `shape [${target}] has more than one -1`);
  const size = product(input);
  if (inferred >= 0) {
    const known = product(out.filter((_, i) => i !== inferred));
    if (known === 0 || size % known !== 0) fail(node, `cannot reshape [${input}] to [${target}]`);
    out[inferred] = size / known;
  }
  if (out.some((d) => d < 0) || product(out) !== size) fail(node, `cannot reshape [${input}] to [${target}]`);
  return out;
}

function run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] {
  const x = need(inputs, 0, ctx.node);
  const target = ctx.opset < 5 ? attrInts(ctx.node, 'shape') : intsOf(inputs, ctx, 1);
  if (!target) fail(ctx.node, 'no target shape');
  const allowzero = ctx.opset >= 14 && attrNum(ctx.node, 'allowzero', 0) === 1;
  return [tf.reshape(x, resolveShape(x.shape, target, allowzero, ctx.node))];
}

export const registrations: OpRegistration[] = [
  { opType: 'Reshape', domain: '', since: 1, until: 4, impl: { run } },
  { opType: 'Reshape', domain: '', since: 5, until: 13, impl: { run } },
  { opType: 'Reshape', domain: '', since: 14, impl: { run } },
];
