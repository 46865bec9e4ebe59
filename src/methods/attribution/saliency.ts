/**
 * Saliency: the gradient of the target class score with respect to the input
 * (Simonyan, Vedaldi & Zisserman 2014, "Deep Inside Convolutional Networks"), signed or
 * absolute.
 */
import { type Tensor, tf } from '../../engine/tf.ts';
import { GlassboxError, msg } from '../../messages.ts';
import type { Model } from '../../model/model.ts';
import type { AttributeOptions, Attribution } from './base.ts';

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
  const targets = resolveTargets(model, x, opts);
  const values = tf.tidy(() => {
    const mask = tf.oneHot(
      tf.tensor1d(targets, 'int32'),
      scores(model, x, opts.outputLayer).shape[1] as number,
    );
    const g = tf.grad((xx: Tensor) => tf.sum(tf.mul(scores(model, xx, opts.outputLayer), mask)))(x);
    return opts.abs === false ? g : tf.abs(g);
  });
  const finite = tf.tidy(() => tf.all(tf.isFinite(values)));
  const ok = (await finite.data())[0];
  finite.dispose();
  if (!ok) {
    values.dispose();
    throw new GlassboxError(msg.nonFinite('the saliency gradient'));
  }
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
