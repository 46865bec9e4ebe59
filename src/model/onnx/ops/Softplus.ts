/** Softplus: log(exp(x) + 1), computed stably by tf.softplus (opset 1 on). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('Softplus', 1, (x) => tf.softplus(x));
