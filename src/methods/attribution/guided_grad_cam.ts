/**
 * Guided Grad-CAM (Selvaraju et al. 2017): the guided-backpropagation gradient
 * (Springenberg et al. 2015) multiplied element-wise by the upsampled Grad-CAM map of the
 * same target, for maps both high-resolution and class-discriminative.
 */
import { type Tensor, tf } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';
import type { Attribution } from './base.ts';
import { checkImageLayer, type GradCamOptions, gradCamMap } from './grad_cam.ts';
import { checkFinite, checkLayer, resolveTargets, runMeta } from './grad_util.ts';
import { guidedGradient } from './guided_backprop.ts';

export type GuidedGradCamOptions = GradCamOptions;

/** values [N, ...inputShape], signed (the guided gradient's sign). */
export async function guidedGradCam(
  model: Model,
  x: Tensor,
  opts: GuidedGradCamOptions = { layer: '' },
): Promise<Attribution> {
  const method = 'guided-grad-cam';
  const layer = checkLayer(method, opts.layer);
  const relu = opts.relu ?? true;
  const shape = checkImageLayer(method, model, x, layer);
  const { targets, classes } = resolveTargets(model, x, opts);
  const values = tf.tidy(() =>
    tf.mul(
      guidedGradient(model, x, targets, classes, opts.outputLayer),
      gradCamMap(model, x, layer, targets, classes, { relu, outputLayer: opts.outputLayer }),
    ),
  );
  await checkFinite(values, 'the guided Grad-CAM map');
  return {
    values,
    meta: runMeta(
      model,
      method,
      targets,
      { layer, layerShape: shape, relu, outputLayer: opts.outputLayer ?? null },
      { shapedLike: 'input' },
    ),
  };
}
