/**
 * Max-sensitivity (Yeh, Hsieh, Suggala, Inouye & Ravikumar 2019, "On the (In)fidelity and
 * Sensitivity of Explanations", NeurIPS):
 *
 *   SENS_MAX(Φ, f, x, r) = max_{‖y − x‖∞ ≤ r} ‖Φ(f, y) − Φ(f, x)‖₂,
 *
 * estimated by Monte Carlo: `samples` points y drawn uniformly from the L∞ ball of radius r
 * around x (seeded Rng), the explanation re-run at each (for the same target), the largest
 * change kept. A lower bound on the true maximum that tightens with more samples.
 */

import { Rng } from '../../engine/rng.ts';
import { type Tensor, tf } from '../../engine/tf.ts';
import { GlassboxError, msg } from '../../messages.ts';
import { exampleValues, withDefaults } from './common.ts';

/** Re-runs an explanation: attributions of the batch `x` for class `targets[i]` of example i. */
export type Explainer = (x: Tensor, targets: number[]) => Promise<Tensor>;

export interface SensitivityOptions {
  /** r, the L∞ radius of the ball; default 0.02 */
  radius?: number;
  /** perturbed inputs per example; default 10 */
  samples?: number;
  /** default 0 */
  seed?: number;
  /** perturbed inputs per call of the explainer; default `samples` */
  batchSize?: number;
}

export const SENSITIVITY_DEFAULTS = { radius: 0.02, samples: 10, seed: 0 } as const;

export interface Sensitivity {
  /** per example: the largest ‖Φ(y) − Φ(x)‖₂ found */
  max: number[];
  /** per example: max / ‖Φ(x)‖₂ (NaN where Φ(x) = 0) */
  relative: number[];
  seed: number;
}

/**
 * Max-sensitivity of `explain` at every example of `x`, whose attributions `attribution`
 * (already computed, for `targets`) are the reference.
 */
export async function sensitivityMax(
  explain: Explainer,
  x: Tensor,
  attribution: Tensor,
  targets: number[],
  opts: SensitivityOptions = {},
): Promise<Sensitivity> {
  const o = withDefaults(SENSITIVITY_DEFAULTS, opts);
  const bs = Math.max(1, opts.batchSize ?? o.samples);
  const rng = new Rng(o.seed);
  const exShape = x.shape.slice(1);
  const size = exShape.reduce((a, b) => a * b, 1);
  const xs = (await x.data()) as Float32Array;
  const attrs = (await attribution.data()) as Float32Array;
  const asize = attribution.size / x.shape[0];
  const out: Sensitivity = { max: [], relative: [], seed: o.seed };
  for (let i = 0; i < x.shape[0]; i++) {
    const xi = exampleValues(xs, i, size);
    const ref = exampleValues(attrs, i, asize);
    let best = 0;
    for (let start = 0; start < o.samples; start += bs) {
      const k = Math.min(bs, o.samples - start);
      const buf = new Float32Array(k * size);
      for (let j = 0; j < k * size; j++) buf[j] = xi[j % size] + o.radius * (2 * rng.next() - 1);
      const y = tf.tensor(buf, [k, ...exShape]);
      const phi = await explain(y, new Array(k).fill(targets[i]));
      y.dispose();
      if (phi.size !== k * asize) {
        const got = phi.shape;
        phi.dispose();
        throw new GlassboxError(
          msg.metricShape('sensitivity (re-explained)', got, [k, ...attribution.shape.slice(1)]),
        );
      }
      const v = (await phi.data()) as Float32Array;
      phi.dispose();
      for (let s = 0; s < k; s++) {
        let d = 0;
        for (let j = 0; j < asize; j++) d += (v[s * asize + j] - ref[j]) ** 2;
        best = Math.max(best, Math.sqrt(d));
      }
    }
    let norm = 0;
    for (let j = 0; j < asize; j++) norm += ref[j] * ref[j];
    out.max.push(best);
    out.relative.push(norm === 0 ? Number.NaN : best / Math.sqrt(norm));
  }
  return out;
}
