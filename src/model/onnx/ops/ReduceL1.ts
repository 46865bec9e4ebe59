/** ReduceL1: sum(|x|) over axes (axes an input from opset 18; see util/reduce.ts). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { reduceOp } from './util/reduce.ts';

export const registrations: OpRegistration[] = reduceOp('ReduceL1', 18, (x, axes, keep) =>
  tf.sum(tf.abs(x), axes, keep),
);
