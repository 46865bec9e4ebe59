/**
 * ONNX BatchNormalization in inference mode, folded into one multiply and one add:
 * y = x * a + b with a = scale / sqrt(var + epsilon), b = B - mean * a.
 *
 * Versions: 1-8 have `spatial` (0: the statistics have shape [C, D1, ...] instead of [C]);
 * 1-6 have `is_test`; 7-13 are in training mode when more than the Y output is requested;
 * 14+ have `training_mode`. Training mode (batch statistics) is refused: in attribution the
 * batch holds perturbed copies of one input, which must not be normalized together.
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OnnxNode, OpContext, OpRegistration } from '../types.ts';
import { attrNum, need, opError } from './nn_util.ts';

/** [C] -> [1, C, 1, ...]; [C, D1, ...] (spatial=0) -> [1, C, D1, ...] */
function statShape(v: Tensor, rank: number): Tensor {
  return tf.reshape(v, [1, ...v.shape, ...new Array(Math.max(0, rank - 1 - v.rank)).fill(1)]);
}

/** Training mode: training_mode=1 (14+), or the running-statistics outputs requested (< 14). */
function unsupported(node: OnnxNode, opset: number): string | undefined {
  const extraOutputs = node.outputs.slice(1).some((o) => o !== '');
  const training =
    opset >= 14
      ? (node.attrs.training_mode ?? 0) !== 0
      : extraOutputs && (opset >= 7 || (node.attrs.is_test ?? 0) === 0);
  return training
    ? 'training mode (batch statistics) is not supported: export the model in eval mode'
    : undefined;
}

function run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] {
  const x = need(inputs, 0, ctx, 'X');
  const scale = need(inputs, 1, ctx, 'scale');
  const bias = need(inputs, 2, ctx, 'B');
  const mean = need(inputs, 3, ctx, 'input_mean');
  const variance = need(inputs, 4, ctx, 'input_var');
  const why = unsupported(ctx.node, ctx.opset);
  if (why) throw opError(ctx, why);
  const eps = attrNum(ctx, 'epsilon', 1e-5);
  const a = tf.mul(scale, tf.rsqrt(tf.add(variance, eps)));
  const b = tf.sub(bias, tf.mul(mean, a));
  return [tf.add(tf.mul(x, statShape(a, x.rank)), statShape(b, x.rank))];
}

const impl = { run, unsupported };
export const registrations: OpRegistration[] = [
  { opType: 'BatchNormalization', domain: '', since: 1, until: 8, impl },
  { opType: 'BatchNormalization', domain: '', since: 9, until: 13, impl },
  { opType: 'BatchNormalization', domain: '', since: 14, impl },
];
