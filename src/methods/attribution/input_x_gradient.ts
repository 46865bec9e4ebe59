/**
 * Input × gradient: the input times the gradient of the target score, element-wise
 * (Shrikumar, Greenside, Shcherbina & Kundaje 2016, "Not Just a Black Box"; the first-order
 * Taylor term discussed by Shrikumar et al. 2017 and Ancona et al. 2018).
 */
import { type Tensor, tf } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';
import type { AttributeOptions, Attribution } from './base.ts';
import { checkFinite, classObjective, inputGradient, resolveTargets, runMeta } from './grad_util.ts';

export type InputXGradientOptions = AttributeOptions;

/** values [N, ...inputShape] = x ⊙ ∂score/∂x. */
export async function inputXGradient(
  model: Model,
  x: Tensor,
  opts: InputXGradientOptions = {},
): Promise<Attribution> {
  const { targets, classes } = resolveTargets(model, x, opts);
  const obj = classObjective(targets, classes, opts.outputLayer);
  const values = tf.tidy(() => tf.mul(x, inputGradient(model, x, obj)));
  await checkFinite(values, 'the input x gradient');
  return {
    values,
    meta: runMeta(model, 'input-x-gradient', targets, { outputLayer: opts.outputLayer ?? null }),
  };
}
