/**
 * Selu: gamma * (x for x > 0, alpha * (exp(x) - 1) otherwise), with the defaults of the
 * ONNX spec alpha = 1.67326319217681884765625 and gamma = 1.05070102214813232421875
 * (float32 values, written below as the shortest doubles equal to them).
 */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { elu } from './Elu.ts';
import { attrNum } from './util/attrs.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('Selu', 1, (x, node) => {
  const alpha = attrNum(node, 'alpha', 1.6732631921768188);
  const gamma = attrNum(node, 'gamma', 1.0507010221481323);
  return tf.tidy(() => tf.mul(gamma, elu(x, alpha)));
});
