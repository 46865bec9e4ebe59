/** Xor: logical exclusive or of two bool tensors, with broadcasting. */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { binary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = binary('Xor', (a, b) => tf.logicalXor(a, b));
