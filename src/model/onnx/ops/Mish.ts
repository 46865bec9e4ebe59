/** Mish: x * tanh(softplus(x)) (opset 18 on). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('Mish', 18, (x) =>
  tf.tidy(() => tf.mul(x, tf.tanh(tf.softplus(x)))),
);
