/** LeakyRelu: x for x >= 0, alpha * x otherwise; alpha defaults to 0.01 (opset 1 on). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { attrNum } from './util/attrs.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('LeakyRelu', 1, (x, node) =>
  tf.leakyRelu(x, attrNum(node, 'alpha', 0.01)),
);
