/**
 * Compress (opset 9 on): the slices of the input along `axis` where the 1-D `condition` is
 * true (a shorter condition leaves the rest out); without axis, the flattened input's
 * entries. The condition is read on the host (it sets the output's size); the values
 * stay differentiable (a gather).
 */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { fail, need, normAxis } from './util/attrs.ts';
import { hostNumbers } from './util/ints.ts';

export const registrations: OpRegistration[] = [
  {
    opType: 'Compress',
    domain: '',
    since: 9,
    impl: {
      run: (inputs, ctx) => {
        const x = need(inputs, 0, ctx.node);
        const c = ctx.constant(1);
        const cond = c
          ? hostNumbers(c)
          : Array.from(need(inputs, 1, ctx.node).dataSync() as ArrayLike<number>);
        const a = ctx.node.attrs.axis;
        const axis = typeof a === 'number' ? normAxis(a, x.rank, ctx.node) : undefined;
        const len = axis === undefined ? x.size : x.shape[axis];
        if (cond.length > len) fail(ctx.node, `condition has ${cond.length} entries for ${len} slices`);
        const keep = cond.flatMap((v, i) => (v ? [i] : []));
        return [
          tf.tidy(() => {
            const src = axis === undefined ? tf.reshape(x, [-1]) : x;
            return tf.gather(src, tf.tensor1d(keep, 'int32'), axis ?? 0);
          }),
        ];
      },
    },
  },
];
