/** Mul: A * B with numpy-style broadcasting (legacy broadcast attributes before opset 7). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { binary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = binary('Mul', (a, b) => tf.mul(a, b));
