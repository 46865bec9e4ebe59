/** Cosh: element-wise hyperbolic cosine (opset 9 on). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('Cosh', 9, (x) => tf.cosh(x));
