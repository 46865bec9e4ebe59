/**
 * Hardmax: 1 at the first maximum along the axis, 0 elsewhere. Opsets 1-12 coerce the input
 * to 2-D at `axis` (default 1) and work on the rows; 13 on work along `axis` (default -1).
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { attrNum, need, normAxis } from './util/attrs.ts';
import { alongAxis, on2d } from './util/axis.ts';

/** One-hot of the first maximum along the last axis. */
function hardmaxLast(x: Tensor): Tensor {
  const n = x.shape[x.rank - 1];
  return tf.cast(tf.oneHot(tf.argMax(x, x.rank - 1), n), x.dtype);
}

export const registrations: OpRegistration[] = [
  {
    opType: 'Hardmax',
    domain: '',
    since: 1,
    until: 12,
    impl: {
      run: (inputs, ctx) => {
        const x = need(inputs, 0, ctx.node);
        const axis = normAxis(attrNum(ctx.node, 'axis', 1), x.rank, ctx.node);
        return [tf.tidy(() => on2d(x, axis, hardmaxLast))];
      },
    },
  },
  {
    opType: 'Hardmax',
    domain: '',
    since: 13,
    impl: {
      run: (inputs, ctx) => {
        const x = need(inputs, 0, ctx.node);
        const axis = normAxis(attrNum(ctx.node, 'axis', -1), x.rank, ctx.node);
        return [tf.tidy(() => alongAxis(x, axis, hardmaxLast))];
      },
    },
  },
];
