/**
 * Gather: takes entries of `data` along `axis` (default 0) at `indices` (any rank; the
 * output is data.shape[:axis] + indices.shape + data.shape[axis+1:]). Negative indices
 * count from the back (documented from opset 11; accepted in every opset here).
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { attrNum, need, normAxis } from './util/attrs.ts';
import { hostToTensor } from './util/dtypes.ts';

function wrapNegative(indices: Tensor, dim: number): Tensor {
  return tf.tidy(() => {
    const i = indices.dtype === 'int32' ? indices : tf.cast(indices, 'int32');
    return tf.where(tf.less(i, tf.scalar(0, 'int32')), tf.add(i, tf.scalar(dim, 'int32')), i);
  });
}

export const registrations: OpRegistration[] = [
  {
    opType: 'Gather',
    domain: '',
    since: 1,
    impl: {
      run: (inputs, ctx) => {
        const x = need(inputs, 0, ctx.node);
        const axis = normAxis(attrNum(ctx.node, 'axis', 0), x.rank, ctx.node);
        const c = ctx.constant(1);
        return [
          tf.tidy(() => {
            const raw = c ? hostToTensor(c, ctx.node) : need(inputs, 1, ctx.node);
            return tf.gather(x, wrapNegative(raw, x.shape[axis]), axis);
          }),
        ];
      },
    },
  },
];
