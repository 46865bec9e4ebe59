/**
 * ONNX LRN (opset 1+), across channels of X [N, C, ...]:
 * y = x / (bias + alpha / size * square_sum)^beta, the sum over channels
 * [c - floor((size-1)/2), c + ceil((size-1)/2)]. The windowed sum runs as an average pool
 * over the channel axis of the zero-padded squares, one pooling op for any `size`.
 */
import { type Tensor, type Tensor4D, tf } from '../../../engine/tf.ts';
import type { OpContext, OpRegistration } from '../types.ts';
import { attrNum, need, opError } from './nn_util.ts';

function run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] {
  const x = need(inputs, 0, ctx, 'X');
  const size = attrNum(ctx, 'size', 0);
  if (size < 1) throw opError(ctx, 'attribute size (>= 1) is required');
  const alpha = attrNum(ctx, 'alpha', 1e-4);
  const beta = attrNum(ctx, 'beta', 0.75);
  const bias = attrNum(ctx, 'bias', 1);
  const [n, c] = x.shape;
  const rest = x.size / (n * c);
  // [N, C, 1, rest] read as NHWC: H = channels, the spatial positions as depth
  const sq = tf.reshape(tf.square(x), [n, c, 1, rest]) as Tensor4D;
  const padded = tf.pad(sq, [
    [0, 0],
    [Math.floor((size - 1) / 2), Math.ceil((size - 1) / 2)],
    [0, 0],
    [0, 0],
  ]) as Tensor4D;
  // the window mean is square_sum / size
  const meanSq = tf.reshape(tf.avgPool(padded, [size, 1], [1, 1], 'valid'), x.shape);
  return [tf.div(x, tf.pow(tf.add(tf.mul(meanSq, alpha), bias), beta))];
}

export const registrations: OpRegistration[] = [{ opType: 'LRN', domain: '', since: 1, impl: { run } }];
