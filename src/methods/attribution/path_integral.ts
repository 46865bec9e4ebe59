/**
 * Batched path integrals for integrated gradients and its layer and neuron variants:
 * Σ_k w_k · g(α_k) for every example, where the (example, node) rows are evaluated
 * `batch` at a time and summed per example with one matrix product.
 */
import { type Tensor, tf } from '../../engine/tf.ts';
import type { Quadrature } from './quadrature.ts';

/**
 * @param n examples
 * @param grad for rows (example index, alpha), the integrand [rows, ...shape]
 * @returns [n, ...shape]
 */
export function integrate(
  n: number,
  q: Quadrature,
  batch: number,
  grad: (examples: number[], alphas: number[]) => Tensor,
): Tensor {
  const k = q.alphas.length;
  const total = n * k;
  let acc: Tensor | null = null;
  for (let start = 0; start < total; start += batch) {
    const count = Math.min(batch, total - start);
    const examples = Array.from({ length: count }, (_, i) => Math.floor((start + i) / k));
    const nodes = Array.from({ length: count }, (_, i) => (start + i) % k);
    const part = tf.tidy(() => {
      const g = grad(
        examples,
        nodes.map((j) => q.alphas[j]),
      );
      // sum: [n, rows] holding each row's weight in its example's line
      const sum = new Float32Array(n * count);
      examples.forEach((ex, i) => {
        sum[ex * count + i] = q.weights[nodes[i]];
      });
      const flat = tf.reshape(g, [count, -1]);
      return tf.reshape(tf.matMul(tf.tensor2d(sum, [n, count]), flat), [n, ...g.shape.slice(1)]);
    });
    if (acc) {
      const next: Tensor = tf.add(acc, part);
      tf.dispose([acc, part]);
      acc = next;
    } else acc = part;
  }
  return acc!;
}

/** Points a + α (b − a) for the given rows: a, b [n, ...]; returns [rows, ...]. */
export function pathPoints(a: Tensor, b: Tensor, examples: number[], alphas: number[]): Tensor {
  return tf.tidy(() => {
    const idx = tf.tensor1d(examples, 'int32');
    const a0 = tf.gather(a, idx);
    const d = tf.sub(tf.gather(b, idx), a0);
    const al = tf.reshape(tf.tensor1d(alphas), [alphas.length, ...new Array(a.rank - 1).fill(1)]);
    return tf.add(a0, tf.mul(al, d));
  });
}
