/**
 * Concat: joins the inputs along `axis` (opset 1: default 1; from 4 required; negative
 * from 11). Empty inputs are dropped before tf.concat.
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { attrNum, fail, need, normAxis } from './util/attrs.ts';

export const registrations: OpRegistration[] = [
  {
    opType: 'Concat',
    domain: '',
    since: 1,
    impl: {
      run: (inputs, ctx) => {
        const xs = inputs.filter((t): t is Tensor => t !== undefined);
        const first = xs[0] ?? need(inputs, 0, ctx.node);
        if (ctx.opset >= 4 && !('axis' in ctx.node.attrs)) fail(ctx.node, "attribute 'axis' is missing");
        const axis = normAxis(attrNum(ctx.node, 'axis', 1), first.rank, ctx.node);
        const nonEmpty = xs.filter((t) => t.size > 0);
        if (nonEmpty.length === 1) return [nonEmpty[0].clone()];
        if (nonEmpty.length === 0) {
          const shape = [...first.shape];
          shape[axis] = xs.reduce((s, t) => s + t.shape[axis], 0);
          return [tf.zeros(shape, first.dtype)];
        }
        return [tf.concat(nonEmpty, axis)];
      },
    },
  },
];
