/** ArgMax: index of the largest value along an axis (see util/argreduce.ts). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { argOp } from './util/argreduce.ts';

export const registrations: OpRegistration[] = argOp('ArgMax', (x, axis) => tf.argMax(x, axis));
