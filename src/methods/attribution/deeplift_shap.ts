/**
 * DeepLIFT SHAP (Lundberg & Lee 2017, "A Unified Approach to Interpreting Model
 * Predictions", section 4.2 Deep SHAP): DeepLIFT's Rescale rule against each of B reference
 * inputs, averaged. Summation gives Σ values = F(x) − mean_b F(b); `delta` is the gap
 * (zero to float precision where DeepLIFT is exact, see deeplift.ts).
 */
import { type Tensor, tf } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';
import type { AttributeOptions, Attribution, BaselineOptions } from './base.ts';
import { deepLiftContributions } from './deeplift.ts';
import { baselineSet, describeBaselines } from './grad_baselines.ts';
import {
  checkFinite,
  checkInt,
  classObjective,
  deltaAgainstReferences,
  resolveTargets,
  runMeta,
  setTraits,
} from './grad_util.ts';

export interface DeepLiftShapOptions extends AttributeOptions, BaselineOptions {
  /** input–reference pairs per forward/backward pass (default 32) */
  internalBatchSize?: number;
}

/** `baselines` is the reference set [B, ...inputShape] shared by every example (default one zero input). */
export async function deepLiftShap(
  model: Model,
  x: Tensor,
  opts: DeepLiftShapOptions = {},
): Promise<Attribution> {
  const method = 'deeplift-shap';
  const batch = checkInt(method, 'internalBatchSize', opts.internalBatchSize, 1, 32);
  const { targets, classes } = resolveTargets(model, x, opts);
  const obj = classObjective(targets, classes, opts.outputLayer);
  const refs = baselineSet(method, x, opts.baselines);
  const b = refs.shape[0];
  let values: Tensor;
  let delta: Tensor;
  try {
    ({ values, delta } = tf.tidy(() => {
      const v = deepLiftContributions(method, model, x, refs, b, (_, j) => j, obj, batch);
      return { values: v, delta: deltaAgainstReferences(model, x, refs, obj, v) };
    }));
  } finally {
    refs.dispose();
  }
  await checkFinite(values, 'the DeepLIFT SHAP attributions', [delta]);
  return {
    values,
    delta,
    meta: runMeta(model, method, targets, {
      rule: 'rescale',
      references: b,
      internalBatchSize: batch,
      baselines: describeBaselines(opts.baselines),
      outputLayer: opts.outputLayer ?? null,
    }),
  };
}

setTraits(deepLiftShap, { baselineSet: true });
