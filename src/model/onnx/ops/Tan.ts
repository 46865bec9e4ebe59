/** Tan: element-wise tangent (opset 7 on). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('Tan', 7, (x) => tf.tan(x));
