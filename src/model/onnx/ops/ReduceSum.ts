/** ReduceSum: sum over axes (axes an input from opset 13; see util/reduce.ts). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { reduceOp } from './util/reduce.ts';

export const registrations: OpRegistration[] = reduceOp('ReduceSum', 13, (x, axes, keep) =>
  tf.sum(x, axes, keep),
);
