/**
 * Deconvolution (Zeiler & Fergus 2014, "Visualizing and Understanding Convolutional
 * Networks"), as a backward pass: the gradient of the target score where every ReLU passes
 * back the positive part of the incoming signal whatever its input was
 * (grad_overrides.ts). Works on TF.js and ONNX models alike.
 */
import { type Tensor, tf } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';
import type { AttributeOptions, Attribution } from './base.ts';
import { DECONV_RULES, withGradients } from './grad_overrides.ts';
import { checkFinite, classObjective, inputGradient, resolveTargets, runMeta } from './grad_util.ts';

export type DeconvolutionOptions = AttributeOptions;

/** values [N, ...inputShape], signed. */
export async function deconvolution(
  model: Model,
  x: Tensor,
  opts: DeconvolutionOptions = {},
): Promise<Attribution> {
  const { targets, classes } = resolveTargets(model, x, opts);
  const obj = classObjective(targets, classes, opts.outputLayer);
  const values = withGradients(DECONV_RULES, () => tf.tidy(() => inputGradient(model, x, obj)));
  await checkFinite(values, 'the deconvolution');
  return {
    values,
    meta: runMeta(model, 'deconvolution', targets, { outputLayer: opts.outputLayer ?? null }),
  };
}
