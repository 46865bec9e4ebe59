/**
 * Trilu (opset 14 on): the upper (upper = 1, the default) or lower triangle of the last two
 * dims, from diagonal k (input 1, default 0; k > 0 above the main diagonal): entry (i, j)
 * is kept where j - i >= k (upper) or j - i <= k (lower), else 0.
 */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { attrNum, fail, need } from './util/attrs.ts';
import { scalarOf } from './util/ints.ts';

export const registrations: OpRegistration[] = [
  {
    opType: 'Trilu',
    domain: '',
    since: 14,
    impl: {
      run: (inputs, ctx) => {
        const x = need(inputs, 0, ctx.node);
        if (x.rank < 2) fail(ctx.node, `input must have rank >= 2, got [${x.shape}]`);
        const k = scalarOf(inputs, ctx, 1) ?? 0;
        const upper = attrNum(ctx.node, 'upper', 1) !== 0;
        const [n, m] = x.shape.slice(-2);
        return [
          tf.tidy(() => {
            const rows = tf.reshape(tf.range(0, n, 1, 'int32'), [n, 1]);
            const cols = tf.reshape(tf.range(0, m, 1, 'int32'), [1, m]);
            const d = tf.sub(cols, rows);
            const keep = upper ? tf.greaterEqual(d, k) : tf.lessEqual(d, k);
            return tf.where(tf.broadcastTo(keep, x.shape), x, tf.zerosLike(x));
          }),
        ];
      },
    },
  },
];
