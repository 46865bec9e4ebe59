/**
 * MatMul: numpy.matmul semantics. 1-D operands are promoted (a: [K] -> [1, K], b: [K] ->
 * [K, 1]) and the added axis removed afterwards; batch dimensions broadcast. Integer
 * products run in float32 (exact below 2^24) and are cast back.
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OnnxNode, OpRegistration } from '../types.ts';
import { fail, need } from './util/attrs.ts';
import { broadcastShapes, product } from './util/ints.ts';

/**
 * x [..., m, k] times y [..., k, n] with numpy batch broadcasting. tf.matMul gets batches
 * that both broadcast wrong in tfjs 4.22 ([2,1,3,4] x [3,4,2] fills only 3 of the 6
 * products), so differing batches are broadcast explicitly; a plain matrix y (the common
 * weight case) is one 2-D product.
 */
function batchedMatMul(x: Tensor, y: Tensor, node: OnnxNode): Tensor {
  const [m, k] = x.shape.slice(-2);
  const n = y.shape[y.rank - 1];
  const xb = x.shape.slice(0, -2);
  const yb = y.shape.slice(0, -2);
  const batch = broadcastShapes(xb, yb);
  if (!batch || y.shape[y.rank - 2] !== k) fail(node, `cannot multiply [${x.shape}] by [${y.shape}]`);
  if (xb.length === 0 && yb.length === 0) return tf.matMul(x, y);
  if (product(yb) === 1) {
    const flat = tf.matMul(tf.reshape(x, [product(xb) * m, k]), tf.reshape(y, [k, n]));
    return tf.reshape(flat, [...batch, m, n]);
  }
  const same = (s: number[]) => s.length === batch.length && s.every((d, i) => d === batch[i]);
  const xs = same(xb) ? x : tf.broadcastTo(x, [...batch, m, k]);
  const ys = same(yb) ? y : tf.broadcastTo(y, [...batch, k, n]);
  const nb = product(batch);
  return tf.reshape(tf.matMul(tf.reshape(xs, [nb, m, k]), tf.reshape(ys, [nb, k, n])), [...batch, m, n]);
}

export function matmul(a: Tensor, b: Tensor, node: OnnxNode): Tensor {
  return tf.tidy(() => {
    const int = a.dtype !== 'float32' || b.dtype !== 'float32';
    let x = a.rank === 1 ? tf.reshape(a, [1, a.shape[0]]) : a;
    let y = b.rank === 1 ? tf.reshape(b, [b.shape[0], 1]) : b;
    if (int) {
      x = tf.cast(x, 'float32');
      y = tf.cast(y, 'float32');
    }
    let out = batchedMatMul(x, y, node);
    if (a.rank === 1 || b.rank === 1) {
      const shape = [...out.shape];
      if (b.rank === 1) shape.splice(shape.length - 1, 1);
      if (a.rank === 1) shape.splice(shape.length - (b.rank === 1 ? 1 : 2), 1);
      out = tf.reshape(out, shape);
    }
    return int ? tf.cast(tf.round(out), 'int32') : out;
  });
}

export const registrations: OpRegistration[] = [
  {
    opType: 'MatMul',
    domain: '',
    since: 1,
    impl: { run: (inputs, ctx) => [matmul(need(inputs, 0, ctx.node), need(inputs, 1, ctx.node), ctx.node)] },
  },
];
