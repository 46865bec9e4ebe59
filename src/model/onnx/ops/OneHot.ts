/**
 * OneHot (opset 9 on): indices (any rank, any numeric type; fractions truncated) ->
 * on_value at each index along a new axis `axis` (default -1: last) of size `depth`,
 * off_value elsewhere; values = [off_value, on_value]. Indices in [-depth, depth) are used,
 * negative ones counting from the back (documented from opset 11); others give an all-off row.
 */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { attrNum, fail, need } from './util/attrs.ts';
import { hostToTensor } from './util/dtypes.ts';
import { scalarOf } from './util/ints.ts';

export const registrations: OpRegistration[] = [
  {
    opType: 'OneHot',
    domain: '',
    since: 9,
    impl: {
      run: (inputs, ctx) => {
        const idx = need(inputs, 0, ctx.node);
        const depth = Math.trunc(scalarOf(inputs, ctx, 1) ?? fail(ctx.node, 'input depth is missing'));
        if (!(depth >= 1)) fail(ctx.node, `depth must be at least 1, got ${depth}`);
        const c = ctx.constant(2);
        const rank = idx.rank + 1;
        const a = attrNum(ctx.node, 'axis', -1);
        if (a < -rank || a >= rank) fail(ctx.node, `axis ${a} is out of range for rank ${rank}`);
        const axis = a < 0 ? a + rank : a;
        return [
          tf.tidy(() => {
            const values = c ? hostToTensor(c, ctx.node) : need(inputs, 2, ctx.node);
            if (values.size !== 2)
              fail(ctx.node, `values must hold [off_value, on_value], got ${values.size}`);
            let i = tf.cast(idx.dtype === 'float32' ? tf.floor(tf.abs(idx)).mul(tf.sign(idx)) : idx, 'int32');
            i = tf.where(tf.less(i, tf.scalar(0, 'int32')), tf.add(i, tf.scalar(depth, 'int32')), i);
            const hot = tf.oneHot(i, depth, 1, 0, 'int32');
            const [off, on] = tf.unstack(tf.reshape(values, [2]));
            const y = tf.where(
              tf.cast(hot, 'bool'),
              tf.broadcastTo(on, hot.shape),
              tf.broadcastTo(off, hot.shape),
            );
            if (axis === rank - 1) return y;
            const perm = [...Array(rank).keys()].filter((d) => d !== rank - 1);
            perm.splice(axis, 0, rank - 1);
            return tf.transpose(y, perm);
          }),
        ];
      },
    },
  },
];
