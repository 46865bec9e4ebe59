/** ReduceProd: product over axes (axes an input from opset 18; see util/reduce.ts). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { reduceOp } from './util/reduce.ts';

export const registrations: OpRegistration[] = reduceOp('ReduceProd', 18, (x, axes, keep) =>
  tf.prod(x, axes, keep),
);
