/** HardSwish: x * max(0, min(1, x / 6 + 1/2)) (opset 14 on). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('HardSwish', 14, (x) =>
  tf.tidy(() => tf.mul(x, tf.clipByValue(tf.add(tf.mul(x, 1 / 6), 0.5), 0, 1))),
);
