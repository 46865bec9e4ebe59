/** Atanh: element-wise inverse hyperbolic tangent (opset 9 on). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('Atanh', 9, (x) => tf.atanh(x));
