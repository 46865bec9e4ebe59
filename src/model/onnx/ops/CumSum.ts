/**
 * CumSum: cumulative sum along the axis given by the second input (a scalar, negative
 * counts from the back); `exclusive=1` leaves out the element itself, `reverse=1` sums
 * from the end (opset 11 on).
 */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { attrNum, fail, need, normAxis } from './util/attrs.ts';
import { scalarOf } from './util/ints.ts';

export const registrations: OpRegistration[] = [
  {
    opType: 'CumSum',
    domain: '',
    since: 11,
    impl: {
      run: (inputs, ctx) => {
        const x = need(inputs, 0, ctx.node);
        const a = scalarOf(inputs, ctx, 1) ?? fail(ctx.node, 'the axis input is missing');
        const axis = normAxis(a, x.rank, ctx.node);
        const exclusive = attrNum(ctx.node, 'exclusive', 0) === 1;
        const reverse = attrNum(ctx.node, 'reverse', 0) === 1;
        return [tf.cumsum(x, axis, exclusive, reverse)];
      },
    },
  },
];
