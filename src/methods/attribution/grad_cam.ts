/**
 * Grad-CAM (Selvaraju et al. 2017, "Grad-CAM: Visual Explanations from Deep Networks via
 * Gradient-based Localization"): at a convolutional layer A [h, w, K], channel weights
 * α_k = mean over positions of ∂score/∂A_k, map ReLU(Σ_k α_k A_k), upsampled bilinearly
 * (half-pixel centres, like PyTorch's align_corners=False) to the input's height and width.
 * When the layer is followed by global average pooling and a linear layer, this is CAM
 * (Zhou et al. 2016) divided by h·w.
 */
import { type Tensor, tf } from '../../engine/tf.ts';
import { GlassboxError, msg } from '../../messages.ts';
import type { Layout, Model } from '../../model/model.ts';
import type { AttributeOptions, Attribution, LayerOptions } from './base.ts';
import {
  checkFinite,
  checkLayer,
  classObjective,
  layerGradient,
  layerShape,
  resolveTargets,
  runMeta,
} from './grad_util.ts';

export interface GradCamOptions extends AttributeOptions, LayerOptions {
  /** keep only positive evidence, as the paper does (default true) */
  relu?: boolean;
}

/** Spatial and channel axes of a rank-4 activation or input in `layout`. */
function axes(layout: Layout): { spatial: [number, number]; channel: number } {
  return layout === 'nchw' ? { spatial: [2, 3], channel: 1 } : { spatial: [1, 2], channel: 3 };
}

/** Checks that both the input and the layer are image-like; returns the layer's shape. */
export function checkImageLayer(method: string, model: Model, x: Tensor, layer: string): number[] {
  if (x.rank !== 4) throw new GlassboxError(msg.attrInputNotImage(method, x.shape));
  const shape = layerShape(model, layer);
  if (shape.length !== 3)
    throw new GlassboxError(msg.attrLayerNotImage(method, layer, [x.shape[0], ...shape]));
  return shape;
}

/**
 * The Grad-CAM map of the targets, upsampled and repeated over the input's channels:
 * [N, ...inputShape] (shared with guided-grad-cam).
 */
export function gradCamMap(
  model: Model,
  x: Tensor,
  layer: string,
  targets: number[],
  classes: number,
  opts: { relu: boolean; outputLayer?: string },
): Tensor {
  return tf.tidy(() => {
    const { spatial, channel } = axes(model.layout);
    const obj = classObjective(targets, classes, opts.outputLayer);
    const { acts, grads } = layerGradient(model, x, layer, obj);
    const alpha = tf.mean(grads, spatial, true);
    // cam: [N, h, w]
    let cam = tf.sum(tf.mul(alpha, acts), channel);
    if (opts.relu) cam = tf.relu(cam);
    const [H, W] = spatial.map((a) => x.shape[a]);
    const up = tf.image.resizeBilinear(tf.expandDims(cam, 3) as tf.Tensor4D, [H, W], false, true);
    const c = x.shape[channel];
    return model.layout === 'nchw'
      ? tf.tile(tf.transpose(up, [0, 3, 1, 2]), [1, c, 1, 1])
      : tf.tile(up, [1, 1, 1, c]);
  });
}

/**
 * values [N, ...inputShape]: the upsampled map, the same in every input channel
 * (meta.options.layerShape gives the map's own resolution).
 */
export async function gradCam(
  model: Model,
  x: Tensor,
  opts: GradCamOptions = { layer: '' },
): Promise<Attribution> {
  const method = 'grad-cam';
  const layer = checkLayer(method, opts.layer);
  const relu = opts.relu ?? true;
  const shape = checkImageLayer(method, model, x, layer);
  const { targets, classes } = resolveTargets(model, x, opts);
  const values = gradCamMap(model, x, layer, targets, classes, { relu, outputLayer: opts.outputLayer });
  await checkFinite(values, 'the Grad-CAM map');
  return {
    values,
    meta: runMeta(
      model,
      method,
      targets,
      { layer, layerShape: shape, relu, upsampling: 'bilinear', outputLayer: opts.outputLayer ?? null },
      { shapedLike: 'input' },
    ),
  };
}
