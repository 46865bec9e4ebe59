/** ReduceSumSquare: sum(x^2) over axes (axes an input from opset 18; see util/reduce.ts). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { reduceOp } from './util/reduce.ts';

export const registrations: OpRegistration[] = reduceOp('ReduceSumSquare', 18, (x, axes, keep) =>
  tf.sum(tf.mul(x, x), axes, keep),
);
