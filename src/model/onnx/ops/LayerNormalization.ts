/**
 * ONNX LayerNormalization (opset 17): normalizes over the axes [axis, rank), then
 * Y = normalized * Scale + B (Scale and B broadcast to the normalized shape). The optional
 * outputs Mean and InvStdDev have X's shape with the normalized axes set to 1. stash_type
 * only names the precision of the statistics; the engine computes in float32 either way.
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpContext, OpRegistration } from '../types.ts';
import { attrNum, need, normAxis } from './nn_util.ts';

function run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] {
  const x = need(inputs, 0, ctx, 'X');
  const scale = need(inputs, 1, ctx, 'Scale');
  const bias = inputs[2];
  const axis = normAxis(attrNum(ctx, 'axis', -1), x.rank, ctx);
  const eps = attrNum(ctx, 'epsilon', 1e-5);
  const axes = Array.from({ length: x.rank - axis }, (_, i) => i + axis);
  const { mean, variance } = tf.moments(x, axes, true);
  const inv = tf.rsqrt(tf.add(variance, eps));
  let y = tf.mul(tf.mul(tf.sub(x, mean), inv), scale);
  if (bias !== undefined) y = tf.add(y, bias);
  return [y, mean, inv].slice(0, Math.max(1, ctx.node.outputs.length));
}

export const registrations: OpRegistration[] = [
  { opType: 'LayerNormalization', domain: '', since: 17, impl: { run } },
];
