/**
 * Flatten: to 2-D [prod(dims before axis), prod(dims from axis)]; axis defaults to 1 and
 * may be negative from opset 11 (range [-rank, rank]).
 */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { attrNum, fail, need } from './util/attrs.ts';
import { product } from './util/ints.ts';

export const registrations: OpRegistration[] = [
  {
    opType: 'Flatten',
    domain: '',
    since: 1,
    impl: {
      run: (inputs, ctx) => {
        const x = need(inputs, 0, ctx.node);
        const a = attrNum(ctx.node, 'axis', 1);
        if (a < -x.rank || a > x.rank) fail(ctx.node, `axis ${a} is out of range for rank ${x.rank}`);
        const axis = a < 0 ? a + x.rank : a;
        return [tf.reshape(x, [product(x.shape.slice(0, axis)), product(x.shape.slice(axis))])];
      },
    },
  },
];
