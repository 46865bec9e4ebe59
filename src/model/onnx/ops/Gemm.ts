/**
 * Gemm: Y = alpha * A' B' + beta * C, where A' is A transposed when transA=1 (likewise B)
 * and C broadcasts (unidirectionally) to [M, N]. alpha and beta default to 1; C is
 * optional from opset 11. The legacy `broadcast` attribute (before 7) needs no handling
 * beyond numpy broadcasting.
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpContext, OpRegistration } from '../types.ts';
import { attrNum, fail, need } from './util/attrs.ts';

function run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] {
  const { node } = ctx;
  const a = need(inputs, 0, node);
  const b = need(inputs, 1, node);
  if (a.rank !== 2 || b.rank !== 2) fail(node, `A and B must be 2-D (got [${a.shape}] and [${b.shape}])`);
  const alpha = attrNum(node, 'alpha', 1);
  const beta = attrNum(node, 'beta', 1);
  const transA = attrNum(node, 'transA', 0) === 1;
  const transB = attrNum(node, 'transB', 0) === 1;
  const c = inputs[2];
  if (!c && ctx.opset < 11) need(inputs, 2, node);
  return [
    tf.tidy(() => {
      let y = tf.matMul(a, b, transA, transB);
      if (alpha !== 1) y = tf.mul(y, alpha);
      if (!c || beta === 0) return y;
      return tf.add(y, beta === 1 ? c : tf.mul(c, beta));
    }),
  ];
}

export const registrations: OpRegistration[] = [
  { opType: 'Gemm', domain: '', since: 1, until: 10, impl: { run } },
  { opType: 'Gemm', domain: '', since: 11, impl: { run } },
];
