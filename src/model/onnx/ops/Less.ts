/** Less: A less than B element-wise, with broadcasting; a bool output (opset 1 on). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { binary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = binary('Less', (a, b) => tf.less(a, b), 1);
