/**
 * ONNX InstanceNormalization (opset 1+): per sample and channel, over the spatial axes,
 * y = scale * (x - mean) / sqrt(var + epsilon) + B (biased variance).
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpContext, OpRegistration } from '../types.ts';
import { attrNum, channelVector, need } from './nn_util.ts';

function run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] {
  const x = need(inputs, 0, ctx, 'input');
  const scale = need(inputs, 1, ctx, 'scale');
  const bias = need(inputs, 2, ctx, 'B');
  const eps = attrNum(ctx, 'epsilon', 1e-5);
  const axes = Array.from({ length: x.rank - 2 }, (_, i) => i + 2);
  const { mean, variance } = tf.moments(x, axes, true);
  const a = tf.mul(channelVector(scale, x.rank), tf.rsqrt(tf.add(variance, eps)));
  return [tf.add(tf.mul(tf.sub(x, mean), a), channelVector(bias, x.rank))];
}

export const registrations: OpRegistration[] = [
  { opType: 'InstanceNormalization', domain: '', since: 1, impl: { run } },
];
