/**
 * Layer integrated gradients: integrated gradients (Sundararajan et al. 2017) of the
 * network above a layer, along the straight path between the layer's output for the
 * baseline and for the input: (A(x) − A(x₀)) ⊙ ∫₀¹ ∂F/∂A (A(x₀) + α (A(x) − A(x₀))) dα.
 * The interpolated activation replaces the layer's output (Model edits). Completeness:
 * the values sum to F(x) − F(x₀); `delta` is the gap.
 */
import { type Tensor, tf } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';
import type { AttributeOptions, Attribution, BaselineOptions, LayerOptions } from './base.ts';
import { describeBaselines, perExampleBaselines } from './grad_baselines.ts';
import {
  checkFinite,
  checkLayer,
  classObjective,
  deltaAgainstBaselines,
  gradientAtLayer,
  resolveTargets,
  runMeta,
} from './grad_util.ts';
import { checkPathOptions, type PathOptions } from './integrated_gradients.ts';
import { integrate, pathPoints } from './path_integral.ts';
import { quadrature } from './quadrature.ts';

export interface LayerIntegratedGradientsOptions
  extends AttributeOptions,
    BaselineOptions,
    LayerOptions,
    PathOptions {}

/** values [N, ...layerShape] (meta.shapedLike 'layer'), delta [N]. */
export async function layerIntegratedGradients(
  model: Model,
  x: Tensor,
  opts: LayerIntegratedGradientsOptions = { layer: '' },
): Promise<Attribution> {
  const method = 'layer-integrated-gradients';
  const layer = checkLayer(method, opts.layer);
  const path = checkPathOptions(method, opts);
  const { targets, classes } = resolveTargets(model, x, opts);
  const obj = classObjective(targets, classes, opts.outputLayer);
  const x0 = perExampleBaselines(method, x, opts.baselines);
  let values: Tensor;
  let delta: Tensor;
  try {
    ({ values, delta } = tf.tidy(() => {
      const n = x.shape[0];
      const tap = (t: Tensor) => model.run(t, { taps: [layer] }).taps.get(layer)!;
      const a1 = tap(x);
      const a0 = tap(x0);
      const avg = integrate(
        n,
        quadrature(path.rule, path.steps),
        path.internalBatchSize,
        (examples, alphas) =>
          gradientAtLayer(
            model,
            tf.gather(x, tf.tensor1d(examples, 'int32')),
            layer,
            pathPoints(a0, a1, examples, alphas),
            obj,
            examples,
          ),
      );
      const v = tf.mul(tf.sub(a1, a0), avg);
      return { values: v, delta: deltaAgainstBaselines(model, x, x0, obj, v) };
    }));
  } finally {
    x0.dispose();
  }
  await checkFinite(values, 'the layer integrated gradients', [delta]);
  return {
    values,
    delta,
    meta: runMeta(
      model,
      method,
      targets,
      { layer, ...path, baselines: describeBaselines(opts.baselines), outputLayer: opts.outputLayer ?? null },
      { shapedLike: 'layer' },
    ),
  };
}
