/**
 * Clip: min(max(x, lo), hi). Opsets 1-10 take `min`/`max` attributes (defaults: no bound;
 * opset 6 documents +-FLT_MAX), 11 on take them as optional scalar inputs. With lo > hi
 * every value becomes hi, as the spec says.
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { attrNum, need } from './util/attrs.ts';

function clip(x: Tensor, lo: Tensor | number | undefined, hi: Tensor | number | undefined): Tensor {
  return tf.tidy(() => {
    let y = x;
    if (lo !== undefined && lo !== Number.NEGATIVE_INFINITY)
      y = tf.maximum(y, typeof lo === 'number' ? tf.scalar(lo, x.dtype) : lo);
    if (hi !== undefined && hi !== Number.POSITIVE_INFINITY)
      y = tf.minimum(y, typeof hi === 'number' ? tf.scalar(hi, x.dtype) : hi);
    return y === x ? x.clone() : y;
  });
}

export const registrations: OpRegistration[] = [
  {
    opType: 'Clip',
    domain: '',
    since: 1,
    until: 10,
    impl: {
      run: (inputs, ctx) => {
        const lo = attrNum(ctx.node, 'min', Number.NEGATIVE_INFINITY);
        const hi = attrNum(ctx.node, 'max', Number.POSITIVE_INFINITY);
        return [clip(need(inputs, 0, ctx.node), lo, hi)];
      },
    },
  },
  {
    opType: 'Clip',
    domain: '',
    since: 11,
    impl: { run: (inputs, ctx) => [clip(need(inputs, 0, ctx.node), inputs[1], inputs[2])] },
  },
];
