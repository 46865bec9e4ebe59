/**
 * Layer activation: the output of a layer for each input, the plainest "attribution" to a
 * layer's units (the quantity layer gradient × activation and conductance weigh).
 */
import { type Tensor, tf } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';
import type { Attribution, LayerOptions } from './base.ts';
import { checkFinite, checkLayer, runMeta, setTraits } from './grad_util.ts';

export type LayerActivationOptions = LayerOptions;

/** values [N, ...layerShape] (meta.shapedLike 'layer'); no target. */
export async function layerActivation(
  model: Model,
  x: Tensor,
  opts: LayerActivationOptions = { layer: '' },
): Promise<Attribution> {
  const method = 'layer-activation';
  const layer = checkLayer(method, opts.layer);
  const values = tf.tidy(() => model.run(x, { taps: [layer] }).taps.get(layer)!);
  await checkFinite(values, `the activations of '${layer}'`);
  return { values, meta: runMeta(model, method, [], { layer }, { shapedLike: 'layer' }) };
}

setTraits(layerActivation, { targetless: true });
