/** ThresholdedRelu: x where x > alpha (default 1), else 0 (opset 10 on). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { attrNum } from './util/attrs.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('ThresholdedRelu', 10, (x, node) =>
  tf.mul(x, tf.cast(tf.greater(x, attrNum(node, 'alpha', 1)), x.dtype)),
);
