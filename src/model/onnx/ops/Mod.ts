/**
 * Mod (opset 10 on): the remainder of A / B with broadcasting. fmod = 0 (integers only, by
 * the spec): the sign of the divisor, as Python's %; fmod = 1: the sign of the dividend, as
 * C's fmod. Both from tf.mod (floor remainder), the second shifted by B where the signs of
 * the remainder and A differ.
 */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { attrNum } from './util/attrs.ts';
import { binary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = binary(
  'Mod',
  (a, b, node) => {
    const r = tf.mod(a, b);
    if (attrNum(node, 'fmod', 0) === 0) return r;
    const zero = tf.scalar(0, r.dtype);
    const flip = tf.logicalAnd(tf.notEqual(r, zero), tf.notEqual(tf.less(r, zero), tf.less(a, zero)));
    return tf.where(flip, tf.sub(r, b), r);
  },
  10,
);
