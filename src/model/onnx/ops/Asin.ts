/** Asin: element-wise arcsine (opset 7 on). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('Asin', 7, (x) => tf.asin(x));
