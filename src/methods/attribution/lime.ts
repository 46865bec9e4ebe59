/**
 * LIME (Ribeiro, Singh & Guestrin 2016, "'Why Should I Trust You?': Explaining the
 * Predictions of Any Classifier", KDD): sample random subsets of features (each kept with
 * probability ½, the rest set to the baseline), weight each sample by its proximity to the
 * input, and fit a weighted linear surrogate of the target score on the binary "feature
 * kept" vectors; its coefficients are the attributions. As in Captum, proximity is an
 * exponential kernel exp(−d²/(2σ²)) on the cosine distance d between the flattened input
 * and the perturbed input, σ = 1 by default. The surrogate here is ridge regression with an
 * unpenalised intercept, solved exactly (Captum's default is a Lasso).
 */
import { Rng } from '../../engine/rng.ts';
import type { Tensor } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';
import { weightedRidge } from '../../stats/least_squares.ts';
import type { Attribution } from './base.ts';
import {
  coalitionMask,
  describeFeatures,
  type FeatureMask,
  type Features,
  resolveFeatures,
  spread,
} from './features.ts';
import {
  intOption,
  numberOption,
  type PerturbationOptions,
  type Perturber,
  withPerturber,
} from './perturb.ts';

export interface LimeOptions extends PerturbationOptions {
  /** how positions group into features (default: each position up to 64 of them, else a ~7×7 grid) */
  features?: FeatureMask;
  /** perturbed samples per example (default 256) */
  samples?: number;
  /** σ of the exponential kernel on cosine distance (default 1, Captum's default) */
  kernelWidth?: number;
  /** ridge penalty α of the surrogate (default 1, scikit-learn's Ridge default); 0 gives least squares */
  alpha?: number;
  /** seed of the samples; every example uses the same stream (default 0) */
  seed?: number;
}

/** LIME surrogate coefficients of each example's features, spread over their positions: values shaped like `x`. */
export async function lime(model: Model, x: Tensor, opts: LimeOptions = {}): Promise<Attribution> {
  const samples = intOption('samples', opts.samples, 256);
  const seed = intOption('seed', opts.seed, 0, 0);
  const sigma = numberOption('kernelWidth', opts.kernelWidth, 1, (v) => v > 0, 'a number > 0');
  const alpha = numberOption('alpha', opts.alpha, 1, (v) => v >= 0, 'a number >= 0');
  return withPerturber(model, x, opts, 'lime', async (p) => {
    const features = resolveFeatures(opts.features, p);
    p.total = p.n * samples;
    const out = new Float64Array(p.n * p.geo.H * p.geo.W);
    for (let i = 0; i < p.n; i++) {
      const f = features[i];
      const M = f.count;
      const rng = new Rng(seed);
      // Z: [samples, M], 1 where the feature is kept
      const Z = new Float64Array(samples * M);
      for (let k = 0; k < Z.length; k++) Z[k] = rng.next() < 0.5 ? 1 : 0;
      const y = await p.score(i, samples, (k, keep) =>
        coalitionMask(f, Z.subarray(k * M, (k + 1) * M), keep),
      );
      const w = proximity(p, i, f, Z, sigma);
      const fit = weightedRidge(Z, y, M, w, { alpha, intercept: true });
      spread(f, fit.coef, out, i);
    }
    return {
      values: p.values(out),
      meta: p.meta(
        'lime',
        { samples, kernelWidth: sigma, alpha, features: describeFeatures(opts.features, p.geo) },
        seed,
      ),
    };
  });
}

/** exp(−d²/(2σ²)) with d = 1 − cos(x, perturbed x), from per-feature sums of x·x, x·b and b·b. */
function proximity(p: Perturber, i: number, f: Features, Z: Float64Array, sigma: number): Float64Array {
  const { x, b } = p.example(i);
  const M = f.count;
  const [xx, xb, bb] = [new Float64Array(M), new Float64Array(M), new Float64Array(M)];
  const { H, W, C } = p.geo;
  for (let pos = 0; pos < H * W; pos++) {
    const j = f.labels[pos];
    for (let c = 0; c < C; c++) {
      const q = p.geo.index(pos, c);
      xx[j] += x[q] * x[q];
      xb[j] += x[q] * b[q];
      bb[j] += b[q] * b[q];
    }
  }
  const normX = Math.sqrt(xx.reduce((a, v) => a + v, 0));
  const eps = 1e-8;
  const n = Z.length / M;
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let dot = 0;
    let vv = 0;
    for (let j = 0; j < M; j++) {
      const kept = Z[k * M + j] === 1;
      dot += kept ? xx[j] : xb[j];
      vv += kept ? xx[j] : bb[j];
    }
    const d = 1 - dot / (Math.max(normX, eps) * Math.max(Math.sqrt(vv), eps));
    w[k] = Math.exp(-(d * d) / (2 * sigma * sigma));
  }
  return w;
}
