/**
 * Elu: x for x > 0, alpha * (exp(x) - 1) otherwise; alpha defaults to 1 (opset 1 on).
 * Written as relu(x) + alpha * (exp(min(x, 0)) - 1) so that no branch overflows in the gradient.
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { attrNum } from './util/attrs.ts';
import { unary } from './util/elementwise.ts';

export function elu(x: Tensor, alpha: number): Tensor {
  return tf.tidy(() => tf.add(tf.relu(x), tf.mul(alpha, tf.expm1(tf.minimum(x, 0)))));
}

export const registrations: OpRegistration[] = unary('Elu', 1, (x, node) =>
  elu(x, attrNum(node, 'alpha', 1)),
);
