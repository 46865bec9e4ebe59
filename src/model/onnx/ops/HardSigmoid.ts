/** HardSigmoid: max(0, min(1, alpha * x + beta)), alpha 0.2 and beta 0.5 by default. */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { attrNum } from './util/attrs.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('HardSigmoid', 1, (x, node) => {
  const alpha = attrNum(node, 'alpha', 0.2);
  const beta = attrNum(node, 'beta', 0.5);
  return tf.tidy(() => tf.clipByValue(tf.add(tf.mul(x, alpha), beta), 0, 1));
});
