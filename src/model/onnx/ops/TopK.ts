/**
 * TopK: the K largest (or, from opset 11 with largest = 0, smallest) values along `axis`
 * (default -1) and their int64 indices, sorted (ties keep the lower index first). K is an
 * attribute in opset 1 and input 1 from opset 10. Values are differentiable (tf.topk).
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpContext, OpRegistration } from '../types.ts';
import { attrNum, fail, need, normAxis } from './util/attrs.ts';
import { scalarOf } from './util/ints.ts';

function topK(x: Tensor, k: number, ctx: OpContext): Tensor[] {
  const axis = normAxis(attrNum(ctx.node, 'axis', -1), x.rank, ctx.node);
  const n = x.shape[axis];
  if (!(k >= 0 && k <= n)) fail(ctx.node, `K = ${k} is outside [0, ${n}] for axis ${axis}`);
  const largest = attrNum(ctx.node, 'largest', 1) !== 0;
  return tf.tidy(() => {
    const last = x.rank - 1;
    const perm = [...Array(x.rank).keys()];
    perm[axis] = last;
    perm[last] = axis;
    const moved = axis === last ? x : tf.transpose(x, perm);
    const { values, indices } = tf.topk(largest ? moved : tf.neg(moved), k, true);
    const v = largest ? values : tf.neg(values);
    const back = (t: Tensor) => (axis === last ? t : tf.transpose(t, perm));
    return [back(v), back(indices)];
  });
}

export const registrations: OpRegistration[] = [
  {
    opType: 'TopK',
    domain: '',
    since: 1,
    until: 9,
    impl: { run: (inputs, ctx) => topK(need(inputs, 0, ctx.node), attrNum(ctx.node, 'k', -1), ctx) },
  },
  {
    opType: 'TopK',
    domain: '',
    since: 10,
    impl: {
      run: (inputs, ctx) => {
        const k = scalarOf(inputs, ctx, 1) ?? fail(ctx.node, 'input K is missing');
        return topK(need(inputs, 0, ctx.node), k, ctx);
      },
    },
  },
];
