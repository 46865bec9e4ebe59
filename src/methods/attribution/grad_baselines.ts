/**
 * Baselines of the gradient methods: one reference per example (integrated gradients,
 * DeepLIFT) or a set of references shared by every example (gradient-shap, deeplift-shap).
 */
import { type Tensor, tf } from '../../engine/tf.ts';
import { GlassboxError, msg } from '../../messages.ts';
import type { Baselines } from './base.ts';

const same = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * One baseline per example, [N, ...inputShape]: from a number (default 0), one input
 * ([...inputShape] or [1, ...inputShape]) or one per example ([N, ...inputShape]).
 */
export function perExampleBaselines(method: string, x: Tensor, baselines: Baselines | undefined): Tensor {
  const b = baselines ?? 0;
  if (typeof b === 'number') {
    if (!Number.isFinite(b))
      throw new GlassboxError(msg.attrOption(method, 'baselines', b, 'a finite number'));
    return tf.fill(x.shape, b);
  }
  const one = x.shape.slice(1);
  if (same(b.shape, x.shape)) return tf.clone(b);
  if (same(b.shape, one) || same(b.shape, [1, ...one])) {
    return tf.tidy(() => tf.broadcastTo(tf.reshape(b, [1, ...one]), x.shape));
  }
  throw new GlassboxError(msg.attrBaselines(method, b.shape, x.shape));
}

/** A set of B reference inputs [B, ...inputShape] (a number or one input gives B = 1). */
export function baselineSet(method: string, x: Tensor, baselines: Baselines | undefined): Tensor {
  const b = baselines ?? 0;
  const one = x.shape.slice(1);
  if (typeof b === 'number') {
    if (!Number.isFinite(b))
      throw new GlassboxError(msg.attrOption(method, 'baselines', b, 'a finite number'));
    return tf.fill([1, ...one], b);
  }
  if (same(b.shape, one)) return tf.reshape(b, [1, ...one]);
  if (b.rank === x.rank && b.shape[0] > 0 && same(b.shape.slice(1), one)) return tf.clone(b);
  throw new GlassboxError(msg.attrBaselineSet(method, b.shape, x.shape));
}

/** How the baselines are written into a result's metadata. */
export function describeBaselines(baselines: Baselines | undefined): number | string {
  if (baselines === undefined) return 0;
  return typeof baselines === 'number' ? baselines : `tensor [${baselines.shape.join(',')}]`;
}
