/**
 * Guided backpropagation (Springenberg, Dosovitskiy, Brox & Riedmiller 2015, "Striving for
 * Simplicity: The All Convolutional Net"): the gradient of the target score where every
 * ReLU passes back only positive gradients at positive inputs (grad_overrides.ts). Works on
 * TF.js models (fused or separate ReLU activations) and ONNX Relu nodes alike.
 */
import { type Tensor, tf } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';
import type { AttributeOptions, Attribution } from './base.ts';
import { GUIDED_RULES, withGradients } from './grad_overrides.ts';
import { checkFinite, classObjective, inputGradient, resolveTargets, runMeta } from './grad_util.ts';

export type GuidedBackpropOptions = AttributeOptions;

/** The guided gradient [N, ...inputShape] of the given targets (shared with guided-grad-cam). */
export function guidedGradient(
  model: Model,
  x: Tensor,
  targets: number[],
  classes: number,
  outputLayer?: string,
) {
  const obj = classObjective(targets, classes, outputLayer);
  return withGradients(GUIDED_RULES, () => tf.tidy(() => inputGradient(model, x, obj)));
}

/** values [N, ...inputShape]: the guided gradient, signed. */
export async function guidedBackprop(
  model: Model,
  x: Tensor,
  opts: GuidedBackpropOptions = {},
): Promise<Attribution> {
  const { targets, classes } = resolveTargets(model, x, opts);
  const values = guidedGradient(model, x, targets, classes, opts.outputLayer);
  await checkFinite(values, 'the guided backpropagation');
  return {
    values,
    meta: runMeta(model, 'guided-backprop', targets, { outputLayer: opts.outputLayer ?? null }),
  };
}
