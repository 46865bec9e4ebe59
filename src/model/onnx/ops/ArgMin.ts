/** ArgMin: index of the smallest value along an axis (see util/argreduce.ts). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { argOp } from './util/argreduce.ts';

export const registrations: OpRegistration[] = argOp('ArgMin', (x, axis) => tf.argMin(x, axis));
