/** Softsign: x / (1 + |x|) (opset 1 on). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('Softsign', 1, (x) => tf.div(x, tf.add(1, tf.abs(x))));
