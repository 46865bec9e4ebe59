/**
 * KernelSHAP (Lundberg & Lee 2017, "A Unified Approach to Interpreting Model Predictions",
 * NeurIPS): the Shapley values as the solution of a weighted linear regression of the target
 * score on coalition vectors z ∈ {0,1}^M, weighted by the Shapley kernel
 * π(z) = (M − 1) / (C(M,|z|) |z| (M − |z|)), with φ₀ = f(baseline) and the efficiency
 * constraint Σφ = f(x) − f(baseline) imposed exactly (one coefficient is eliminated).
 *
 * When `samples` covers all 2^M − 2 proper coalitions they are enumerated with their kernel
 * weights and the result is the exact Shapley values; otherwise coalitions are drawn from the
 * kernel (size s with probability ∝ (M − 1)/(s (M − s)), then a uniform subset of that size)
 * and weighted equally.
 */
import { Rng } from '../../engine/rng.ts';
import type { Tensor } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';
import { weightedRidge } from '../../stats/least_squares.ts';
import type { Attribution } from './base.ts';
import { coalitionMask, describeFeatures, type FeatureMask, resolveFeatures, spread } from './features.ts';
import { intOption, type PerturbationOptions, withPerturber } from './perturb.ts';

export interface KernelShapOptions extends PerturbationOptions {
  /** how positions group into features (default: each position up to 64 of them, else a ~7×7 grid) */
  features?: FeatureMask;
  /** coalitions evaluated per example, at most 2^M − 2 of them (default 256) */
  samples?: number;
  /** seed of the sampled coalitions; every example uses the same stream (default 0) */
  seed?: number;
}

/** Coalitions [n, M] (1 = feature kept) and their regression weights. */
export function coalitions(M: number, samples: number, rng: Rng): { Z: Float64Array; w: Float64Array } {
  const all = M <= 30 ? 2 ** M - 2 : Number.POSITIVE_INFINITY;
  if (samples >= all) {
    const Z = new Float64Array(all * M);
    const w = new Float64Array(all);
    for (let s = 1; s <= all; s++) {
      let size = 0;
      for (let j = 0; j < M; j++) {
        const bit = (s >>> j) & 1;
        Z[(s - 1) * M + j] = bit;
        size += bit;
      }
      w[s - 1] = (M - 1) / (binomial(M, size) * size * (M - size));
    }
    return { Z, w };
  }
  // P(size = s) ∝ (M − 1)/(s (M − s)): the kernel's total weight on coalitions of that size
  const cdf: number[] = [];
  let total = 0;
  for (let s = 1; s < M; s++) {
    total += 1 / (s * (M - s));
    cdf.push(total);
  }
  const Z = new Float64Array(samples * M);
  const idx = Array.from({ length: M }, (_, j) => j);
  for (let k = 0; k < samples; k++) {
    const u = rng.next() * total;
    let size = 1;
    while (size < M - 1 && cdf[size - 1] <= u) size++;
    // partial Fisher–Yates: the first `size` entries of idx are a uniform subset
    for (let t = 0; t < size; t++) {
      const j = t + rng.int(M - t);
      [idx[t], idx[j]] = [idx[j], idx[t]];
      Z[k * M + idx[t]] = 1;
    }
  }
  return { Z, w: new Float64Array(samples).fill(1) };
}

/** KernelSHAP values of each example's features, spread over their positions: values shaped like `x`. */
export async function kernelShap(
  model: Model,
  x: Tensor,
  opts: KernelShapOptions = {},
): Promise<Attribution> {
  const samples = intOption('samples', opts.samples, 256);
  const seed = intOption('seed', opts.seed, 0, 0);
  return withPerturber(model, x, opts, 'kernel-shap', async (p) => {
    const features = resolveFeatures(opts.features, p);
    const plans = features.map((f) => (f.count < 2 ? null : coalitions(f.count, samples, new Rng(seed))));
    p.total = plans.reduce((a, c) => a + (c ? c.w.length : 0), 0);
    const out = new Float64Array(p.n * p.geo.H * p.geo.W);
    for (let i = 0; i < p.n; i++) {
      const f = features[i];
      const M = f.count;
      const delta = p.fx[i] - p.fb[i];
      const plan = plans[i];
      if (!plan) {
        spread(f, [delta], out, i);
        continue;
      }
      const { Z, w } = plan;
      const n = w.length;
      const y = await p.score(i, n, (k, keep) => coalitionMask(f, Z.subarray(k * M, (k + 1) * M), keep));
      // φ_M = Δ − Σ_{j<M} φ_j turns y − f(b) = z·φ into y − f(b) − z_M Δ = Σ_{j<M} (z_j − z_M) φ_j
      const X = new Float64Array(n * (M - 1));
      const r = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        const zM = Z[k * M + M - 1];
        r[k] = y[k] - p.fb[i] - zM * delta;
        for (let j = 0; j < M - 1; j++) X[k * (M - 1) + j] = Z[k * M + j] - zM;
      }
      const fit = weightedRidge(X, r, M - 1, w, { intercept: false });
      const phi = new Float64Array(M);
      phi.set(fit.coef);
      phi[M - 1] = delta - fit.coef.reduce((a, v) => a + v, 0);
      spread(f, phi, out, i);
    }
    return {
      values: p.values(out),
      meta: p.meta('kernel-shap', { samples, features: describeFeatures(opts.features, p.geo) }, seed),
    };
  });
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let j = 1; j <= k; j++) c = (c * (n - k + j)) / j;
  return c;
}
