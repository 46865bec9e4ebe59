/** LessOrEqual: A less than or equal to B element-wise, with broadcasting; a bool output (opset 12 on). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { binary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = binary('LessOrEqual', (a, b) => tf.lessEqual(a, b), 12);
