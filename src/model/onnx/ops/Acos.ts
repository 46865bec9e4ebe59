/** Acos: element-wise arccosine (opset 7 on). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('Acos', 7, (x) => tf.acos(x));
