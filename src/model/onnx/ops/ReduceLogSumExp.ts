/**
 * ReduceLogSumExp: log(sum(exp(x))) over axes, computed stably by tf.logSumExp (axes an
 * input from opset 18; see util/reduce.ts).
 */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { keepDtype, reduceOp } from './util/reduce.ts';

export const registrations: OpRegistration[] = reduceOp('ReduceLogSumExp', 18, (x, axes, keep) =>
  keepDtype(x, (f) => tf.logSumExp(f, axes, keep)),
);
