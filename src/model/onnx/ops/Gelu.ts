/**
 * Gelu (opset 20): approximate='none' gives 0.5 x (1 + erf(x / sqrt 2)); 'tanh' gives
 * 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))).
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { attrString, fail } from './util/attrs.ts';
import { unary } from './util/elementwise.ts';

function inner(x: Tensor, approximate: string): Tensor {
  if (approximate === 'none') return tf.erf(tf.mul(x, Math.SQRT1_2));
  const cube = tf.mul(tf.mul(tf.mul(x, x), x), 0.044715);
  return tf.tanh(tf.mul(tf.add(x, cube), Math.sqrt(2 / Math.PI)));
}

export const registrations: OpRegistration[] = unary('Gelu', 20, (x, node) => {
  const approximate = attrString(node, 'approximate', 'none');
  if (approximate !== 'none' && approximate !== 'tanh') fail(node, `unknown approximate '${approximate}'`);
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, inner(x, approximate))));
});
