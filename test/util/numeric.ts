/** Numeric helpers for tests: finite differences and error measures. */
import { tf } from '../../src/engine/tf.ts';

/**
 * Central finite differences of a scalar function at x (float64 arithmetic on the host,
 * the function evaluated by the engine). Returns d f / d x with x's shape.
 */
export function finiteDiff(f: (x: tf.Tensor) => tf.Scalar, x: tf.Tensor, eps = 1e-2): Float64Array {
  const base = x.dataSync().slice();
  const g = new Float64Array(base.length);
  for (let i = 0; i < base.length; i++) {
    const eval1 = (v: number) => {
      const xs = base.slice();
      xs[i] = v;
      return tf.tidy(() => f(tf.tensor(xs, x.shape)).dataSync()[0]);
    };
    g[i] = (eval1(base[i] + eps) - eval1(base[i] - eps)) / (2 * eps);
  }
  return g;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}
