/**
 * Layer gradient × activation: a layer's output times the gradient of the target score
 * with respect to it (input × gradient, Shrikumar et al. 2016, applied to a layer; the
 * spatial and channel attributions of Olah et al. 2018, "The Building Blocks of
 * Interpretability").
 */
import { type Tensor, tf } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';
import type { AttributeOptions, Attribution, LayerOptions } from './base.ts';
import {
  checkFinite,
  checkLayer,
  classObjective,
  layerGradient,
  resolveTargets,
  runMeta,
} from './grad_util.ts';

export interface LayerGradientXActivationOptions extends AttributeOptions, LayerOptions {}

/** values [N, ...layerShape] = A ⊙ ∂score/∂A (meta.shapedLike 'layer'). */
export async function layerGradientXActivation(
  model: Model,
  x: Tensor,
  opts: LayerGradientXActivationOptions = { layer: '' },
): Promise<Attribution> {
  const method = 'layer-gradient-x-activation';
  const layer = checkLayer(method, opts.layer);
  const { targets, classes } = resolveTargets(model, x, opts);
  const obj = classObjective(targets, classes, opts.outputLayer);
  const values = tf.tidy(() => {
    const { acts, grads } = layerGradient(model, x, layer, obj);
    return tf.mul(acts, grads);
  });
  await checkFinite(values, 'the layer gradient x activation');
  return {
    values,
    meta: runMeta(
      model,
      method,
      targets,
      { layer, outputLayer: opts.outputLayer ?? null },
      { shapedLike: 'layer' },
    ),
  };
}
