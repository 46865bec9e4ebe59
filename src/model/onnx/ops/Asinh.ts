/** Asinh: element-wise inverse hyperbolic sine (opset 9 on). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('Asinh', 9, (x) => tf.asinh(x));
