/**
 * Celu: max(0, x) + min(0, alpha * (exp(x / alpha) - 1)), alpha defaults to 1 (opset 12 on).
 * The exponent reads min(x, 0), so no branch overflows in the gradient.
 */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { attrNum, fail } from './util/attrs.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('Celu', 12, (x, node) => {
  const alpha = attrNum(node, 'alpha', 1);
  if (alpha === 0) fail(node, 'alpha must not be 0');
  return tf.add(tf.relu(x), tf.mul(alpha, tf.expm1(tf.div(tf.minimum(x, 0), alpha))));
});
