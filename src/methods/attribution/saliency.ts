/**
 * Saliency: the gradient of the target class score with respect to the input
 * (Simonyan, Vedaldi & Zisserman 2014, "Deep Inside Convolutional Networks"), signed or
 * absolute.
 */
import { type Tensor, tf } from '../../engine/tf.ts';
import { GlassboxError } from '../../messages.ts';
import type { Model } from '../../model/model.ts';
import type { AttributeOptions, Attribution } from './base.ts';
import { resolveTargets as checkedTargets, checkFinite, classObjective, inputGradient } from './grad_util.ts';

export interface SaliencyOptions extends AttributeOptions {
  /** |gradient| as in the paper (default true); false keeps the sign */
  abs?: boolean;
}

/** The score tensor [N, classes] the target is read from. */
export function scores(model: Model, x: Tensor, outputLayer?: string): Tensor {
  if (!outputLayer) return model.run(x).output;
  return model.run(x, { taps: [outputLayer] }).taps.get(outputLayer)!;
}

export function resolveTargets(model: Model, x: Tensor, opts: AttributeOptions): number[] {
  const n = x.shape[0];
  const t = opts.target ?? 'predicted';
  if (t === 'predicted') {
    return tf.tidy(() => Array.from(tf.argMax(scores(model, x, opts.outputLayer), 1).dataSync()));
  }
  const arr = typeof t === 'number' ? new Array(n).fill(t) : t;
  if (arr.length !== n) throw new GlassboxError(`${arr.length} targets for ${n} inputs`);
  return arr;
}

export async function saliency(model: Model, x: Tensor, opts: SaliencyOptions = {}): Promise<Attribution> {
  // checked targets; explicit ones cost no forward pass (the class count is cached)
  const { targets, classes } = checkedTargets(model, x, opts);
  const values = tf.tidy(() => {
    const g = inputGradient(model, x, classObjective(targets, classes, opts.outputLayer));
    return opts.abs === false ? g : tf.abs(g);
  });
  await checkFinite(values, 'the saliency gradient');
  return {
    values,
    meta: {
      method: 'saliency',
      model: model.name,
      modelHash: model.hash,
      targets,
      options: { abs: opts.abs !== false, outputLayer: opts.outputLayer ?? null },
    },
  };
}
