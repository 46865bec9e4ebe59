/** ReduceLogSum: log(sum(x)) over axes (axes an input from opset 18; see util/reduce.ts). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { keepDtype, reduceOp } from './util/reduce.ts';

export const registrations: OpRegistration[] = reduceOp('ReduceLogSum', 18, (x, axes, keep) =>
  keepDtype(x, (f) => tf.log(tf.sum(f, axes, keep))),
);
