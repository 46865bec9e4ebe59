/** Sinh: element-wise hyperbolic sine (opset 9 on). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('Sinh', 9, (x) => tf.sinh(x));
