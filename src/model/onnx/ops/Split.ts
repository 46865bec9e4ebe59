/**
 * Split: cuts the input along `axis` (default 0) into the sizes `split` lists: an attribute
 * before opset 13 (opset 1 also took it as a second input), an optional input from 13.
 * Without it, equal parts, one per output; opset 18's `num_outputs` allows a smaller
 * last part (ceil(dim / n) each).
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OnnxNode, OpContext, OpRegistration } from '../types.ts';
import { attrInts, attrNum, fail, need, normAxis } from './util/attrs.ts';
import { intsOf } from './util/ints.ts';

function equalParts(dim: number, n: number, allowSmallerLast: boolean, node: OnnxNode): number[] {
  if (dim % n === 0) return new Array<number>(n).fill(dim / n);
  const size = Math.ceil(dim / n);
  if (!allowSmallerLast || size * (n - 1) > dim) fail(node, `cannot split ${dim} into ${n} parts`);
  return [...new Array<number>(n - 1).fill(size), dim - size * (n - 1)];
}

function sizes(inputs: (Tensor | undefined)[], ctx: OpContext, dim: number): number[] {
  const { node, opset } = ctx;
  const given =
    opset >= 13
      ? intsOf(inputs, ctx, 1)
      : (attrInts(node, 'split') ?? (opset === 1 ? intsOf(inputs, ctx, 1) : undefined));
  if (given) {
    if (given.reduce((a, b) => a + b, 0) !== dim || given.some((s) => s < 0)) {
      fail(node, `split [${given}] does not add up to dimension ${dim}`);
    }
    return given;
  }
  const n = opset >= 18 ? attrNum(node, 'num_outputs', node.outputs.length) : node.outputs.length;
  return equalParts(dim, n, opset >= 18, node);
}

function run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] {
  const x = need(inputs, 0, ctx.node);
  const axis = normAxis(attrNum(ctx.node, 'axis', 0), x.rank, ctx.node);
  const parts = sizes(inputs, ctx, x.shape[axis]);
  const begin = new Array<number>(x.rank).fill(0);
  return parts.map((s) => {
    const size = [...x.shape];
    size[axis] = s;
    const piece = tf.slice(x, [...begin], size);
    begin[axis] += s;
    return piece;
  });
}

export const registrations: OpRegistration[] = [
  { opType: 'Split', domain: '', since: 1, until: 1, impl: { run } },
  { opType: 'Split', domain: '', since: 2, until: 12, impl: { run } },
  { opType: 'Split', domain: '', since: 13, until: 17, impl: { run } },
  { opType: 'Split', domain: '', since: 18, impl: { run } },
];
