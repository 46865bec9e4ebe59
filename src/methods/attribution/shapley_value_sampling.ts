/**
 * Shapley value sampling (Castro, Gómez & Tejada 2009, "Polynomial calculation of the
 * Shapley value based on sampling", Computers & Operations Research 36(5)): for random
 * orderings of the features, add them one by one to the baseline and credit each with the
 * change of the target score it causes; average over orderings. Every ordering's credits sum
 * to f(x) − f(baseline) exactly, and for a model linear in the features every ordering gives
 * the exact Shapley values. Costs `samples`·(M − 1) forward passes for M features.
 */
import { Rng } from '../../engine/rng.ts';
import type { Tensor } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';
import type { Attribution } from './base.ts';
import { coalitionMask, describeFeatures, type FeatureMask, resolveFeatures, spread } from './features.ts';
import { intOption, type PerturbationOptions, withPerturber } from './perturb.ts';

export interface ShapleyValueSamplingOptions extends PerturbationOptions {
  /** how positions group into features (default: each position up to 64 of them, else a ~7×7 grid) */
  features?: FeatureMask;
  /** random orderings per example (default 25, Captum's default) */
  samples?: number;
  /** seed of the orderings; every example uses the same stream (default 0) */
  seed?: number;
}

/** Sampled Shapley values of each example's features, spread over their positions: values shaped like `x`. */
export async function shapleyValueSampling(
  model: Model,
  x: Tensor,
  opts: ShapleyValueSamplingOptions = {},
): Promise<Attribution> {
  const samples = intOption('samples', opts.samples, 25);
  const seed = intOption('seed', opts.seed, 0, 0);
  return withPerturber(model, x, opts, 'shapley-value-sampling', async (p) => {
    const features = resolveFeatures(opts.features, p);
    p.total = features.reduce((a, f) => a + samples * (f.count - 1), 0);
    const out = new Float64Array(p.n * p.geo.H * p.geo.W);
    for (let i = 0; i < p.n; i++) {
      const f = features[i];
      const M = f.count;
      const rng = new Rng(seed);
      const orders = Array.from({ length: samples }, () =>
        rng.shuffle(Array.from({ length: M }, (_, j) => j)),
      );
      const on = new Float32Array(M);
      // perturbation k = r·(M−1) + (j−1): the first j features of ordering r switched on
      const scores = await p.score(i, samples * (M - 1), (k, keep) => {
        const order = orders[Math.floor(k / (M - 1))];
        const j = (k % (M - 1)) + 1;
        on.fill(0);
        for (let t = 0; t < j; t++) on[order[t]] = 1;
        coalitionMask(f, on, keep);
      });
      const phi = new Float64Array(M);
      for (let r = 0; r < samples; r++) {
        let prev = p.fb[i];
        for (let j = 1; j <= M; j++) {
          const cur = j < M ? scores[r * (M - 1) + j - 1] : p.fx[i];
          phi[orders[r][j - 1]] += cur - prev;
          prev = cur;
        }
      }
      spread(
        f,
        phi.map((v) => v / samples),
        out,
        i,
      );
    }
    return {
      values: p.values(out),
      meta: p.meta(
        'shapley-value-sampling',
        { samples, features: describeFeatures(opts.features, p.geo) },
        seed,
      ),
    };
  });
}
