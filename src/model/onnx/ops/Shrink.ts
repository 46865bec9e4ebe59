/**
 * Shrink: x + bias where x < -lambd, x - bias where x > lambd, else 0 (bias defaults to 0,
 * lambd to 0.5) (opset 9 on).
 */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { attrNum } from './util/attrs.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('Shrink', 9, (x, node) => {
  const bias = attrNum(node, 'bias', 0);
  const lambd = attrNum(node, 'lambd', 0.5);
  const f = x.dtype === 'float32' ? x : tf.cast(x, 'float32');
  const below = tf.cast(tf.less(f, -lambd), 'float32');
  const above = tf.cast(tf.greater(f, lambd), 'float32');
  const y = tf.add(tf.mul(below, tf.add(f, bias)), tf.mul(above, tf.sub(f, bias)));
  return x.dtype === 'float32' ? y : tf.cast(tf.round(y), x.dtype);
});
