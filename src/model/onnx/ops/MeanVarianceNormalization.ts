/**
 * MeanVarianceNormalization (opset 9 on): (x - mean) / sqrt(var + 1e-9) with mean and
 * (biased) variance over `axes` (default [0, 2, 3]), as the ONNX function body defines it.
 */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { attrInts, normAxis } from './util/attrs.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('MeanVarianceNormalization', 9, (x, node) => {
  const axes = (attrInts(node, 'axes') ?? [0, 2, 3]).map((a) => normAxis(a, x.rank, node));
  const { mean, variance } = tf.moments(x, axes, true);
  return tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-9)));
});
