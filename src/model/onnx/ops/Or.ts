/** Or: logical or of two bool tensors, with broadcasting. */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { binary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = binary('Or', (a, b) => tf.logicalOr(a, b));
