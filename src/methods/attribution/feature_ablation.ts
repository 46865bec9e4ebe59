/**
 * Feature ablation: replace one feature (a group of positions, all channels) at a time by
 * the baseline and attribute the drop of the target score, f(x) − f(x without feature j),
 * to every position of that feature. The perturbation analysis behind occlusion (Zeiler &
 * Fergus 2014), over arbitrary feature masks: a grid, superpixels (Achanta et al. 2012) or
 * the caller's own; Captum calls it FeatureAblation.
 */
import type { Tensor } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';
import type { Attribution } from './base.ts';
import { coalitionMask, describeFeatures, type FeatureMask, resolveFeatures, spread } from './features.ts';
import { type PerturbationOptions, withPerturber } from './perturb.ts';

export interface FeatureAblationOptions extends PerturbationOptions {
  /** how positions group into features (default: each position up to 64 of them, else a ~7×7 grid) */
  features?: FeatureMask;
}

/** Feature ablation of each example: values shaped like `x`, each feature's score drop on all its positions. */
export async function featureAblation(
  model: Model,
  x: Tensor,
  opts: FeatureAblationOptions = {},
): Promise<Attribution> {
  return withPerturber(model, x, opts, 'feature-ablation', async (p) => {
    const features = resolveFeatures(opts.features, p);
    p.total = features.reduce((a, f) => a + f.count, 0);
    const out = new Float64Array(p.n * p.geo.H * p.geo.W);
    for (let i = 0; i < p.n; i++) {
      const f = features[i];
      const on = new Float32Array(f.count);
      const scores = await p.score(i, f.count, (j, keep) => {
        on.fill(1);
        on[j] = 0;
        coalitionMask(f, on, keep);
      });
      spread(
        f,
        scores.map((s) => p.fx[i] - s),
        out,
        i,
      );
    }
    return {
      values: p.values(out),
      meta: p.meta('feature-ablation', { features: describeFeatures(opts.features, p.geo) }),
    };
  });
}
