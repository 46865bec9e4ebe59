/** And: logical and of two bool tensors, with broadcasting. */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { binary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = binary('And', (a, b) => tf.logicalAnd(a, b));
