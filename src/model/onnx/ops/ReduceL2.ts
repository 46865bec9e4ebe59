/** ReduceL2: sqrt(sum(x^2)) over axes (axes an input from opset 18; see util/reduce.ts). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { keepDtype, reduceOp } from './util/reduce.ts';

export const registrations: OpRegistration[] = reduceOp('ReduceL2', 18, (x, axes, keep) =>
  keepDtype(x, (f) => tf.sqrt(tf.sum(tf.square(f), axes, keep))),
);
