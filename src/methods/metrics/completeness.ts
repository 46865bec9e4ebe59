/**
 * Completeness error of path attributions (Sundararajan, Taly & Yan 2017, "Axiomatic
 * Attribution for Deep Networks", ICML: integrated gradients satisfy completeness,
 * Σᵢ attrᵢ = f(x) − f(b)):
 *
 *   error = |Σᵢ attrᵢ − (f(x) − f(b))| / |f(x) − f(b)|,
 *
 * how far a numerical integration (or any method claiming completeness: DeepLIFT,
 * KernelSHAP, Shapley values) is from summing to the change of the score.
 */
import { type Tensor, tf } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';
import { resolveTargets, scores } from '../attribution/saliency.ts';
import { checkSameShape, checkScores } from './common.ts';

export interface CompletenessOptions {
  /** class per example, or 'predicted' (default); use the explanation's */
  target?: number | number[] | 'predicted';
  /** the layer whose output is f; default the model's output. Use the one the explanation explains. */
  outputLayer?: string;
  /** b: a number (default 0) or a tensor broadcastable to the input batch */
  baselines?: number | Tensor;
}

export interface Completeness {
  /** per example: the relative error above (NaN where f(x) = f(b)) */
  error: number[];
  /** per example: Σ attr − (f(x) − f(b)) */
  delta: number[];
  /** per example: Σ attr */
  sum: number[];
  /** per example: f(x) − f(b) */
  change: number[];
  targets: number[];
}

export async function completeness(
  model: Model,
  x: Tensor,
  attribution: Tensor,
  opts: CompletenessOptions = {},
): Promise<Completeness> {
  checkSameShape('completeness', attribution, x);
  const targets = resolveTargets(model, x, opts);
  const n = x.shape[0];
  const [sums, change] = tf.tidy((): [Tensor, Tensor] => {
    const b = tf.add(tf.zerosLike(x), opts.baselines ?? 0);
    const both = scores(model, tf.concat([x, b]), opts.outputLayer);
    for (const t of targets) checkScores(both, t);
    const mask = tf.oneHot(tf.tensor1d([...targets, ...targets], 'int32'), both.shape[1] as number);
    const picked = tf.sum(tf.mul(both, mask), 1);
    const fx = picked.slice([0], [n]);
    const fb = picked.slice([n], [n]);
    return [tf.sum(attribution.reshape([n, -1]), 1), tf.sub(fx, fb)];
  });
  const s = Array.from(await sums.data(), Number);
  const c = Array.from(await change.data(), Number);
  tf.dispose([sums, change]);
  const delta = s.map((v, i) => v - c[i]);
  return {
    error: delta.map((d, i) => (c[i] === 0 ? Number.NaN : Math.abs(d) / Math.abs(c[i]))),
    delta,
    sum: s,
    change: c,
    targets,
  };
}
