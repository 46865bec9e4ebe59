/** Min: element-wise minimum of all inputs, with broadcasting (numpy-style from opset 8). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { variadic } from './util/elementwise.ts';

export const registrations: OpRegistration[] = variadic('Min', (a, b) => tf.minimum(a, b));
