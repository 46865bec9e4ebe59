/** Not: logical negation of a bool tensor. */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('Not', 1, (x) => tf.logicalNot(x));
