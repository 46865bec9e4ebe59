/**
 * Noise tunnel around any attribution method: the method is run on `samples` noisy copies
 * x + ε, ε ~ N(0, stdev²), and the results are combined per example:
 * - 'smoothgrad': their mean (Smilkov, Thorat, Kim, Viégas & Wattenberg 2017, "SmoothGrad:
 *   removing noise by adding noise");
 * - 'smoothgrad-sq': the mean of their squares (Hooker, Erhan, Kindermans & Kim 2019);
 * - 'vargrad': their variance (Adebayo, Gilmer, Goodfellow & Kim 2018, "Local Explanation
 *   Methods for Deep Neural Networks Lack Sensitivity to Parameter Values").
 * The noise is drawn on the host from the seeded Rng; every copy explains the class chosen
 * for the clean input.
 */

import { Rng } from '../../engine/rng.ts';
import { type Tensor, tf } from '../../engine/tf.ts';
import { GlassboxError, msg } from '../../messages.ts';
import type { Model } from '../../model/model.ts';
import type { AttributeOptions, Attribution } from './base.ts';
import {
  type AnyAttributionMethod,
  checkFinite,
  checkInt,
  checkNonNegative,
  checkSeed,
  type GradientMethodOptions,
  range,
  resolveTargets,
  runMeta,
  traitsOf,
} from './grad_util.ts';
import { saliency } from './saliency.ts';

export const NOISE_TYPES = ['smoothgrad', 'smoothgrad-sq', 'vargrad'] as const;
export type NoiseType = (typeof NOISE_TYPES)[number];

/** Smilkov et al. found 10–20% of the input's range a good noise level. */
export const DEFAULT_NOISE_LEVEL = 0.15;

export interface NoiseTunnelOptions extends AttributeOptions {
  /** the wrapped method (default saliency) */
  method?: AnyAttributionMethod;
  /** options of the wrapped method (its target and outputLayer come from these options) */
  methodOptions?: GradientMethodOptions;
  /** how the noisy results are combined (default 'smoothgrad') */
  type?: NoiseType;
  /** noisy copies per example (default 10) */
  samples?: number;
  /**
   * standard deviation of the noise, in input units (default 0.15 × (max − min) of each
   * example); 0 gives back the wrapped method's result
   */
  stdev?: number;
  /** seed of the noise (default 0) */
  seed?: number;
  /** noisy inputs per call of the wrapped method, rounded down to whole samples (default 64) */
  internalBatchSize?: number;
}

/** Per-example noise levels: the given stdev, or DEFAULT_NOISE_LEVEL × the example's range. */
function noiseLevels(x: Tensor, stdev: number | undefined): number[] {
  if (stdev !== undefined) return new Array<number>(x.shape[0]).fill(stdev);
  const flat = tf.tidy(() => tf.reshape(x, [x.shape[0], -1]));
  const [mx, mn] = tf.tidy(() => [tf.max(flat, 1), tf.min(flat, 1)]);
  const hi = mx.dataSync();
  const lo = mn.dataSync();
  tf.dispose([flat, mx, mn]);
  return Array.from(hi as Float32Array, (h, i) => DEFAULT_NOISE_LEVEL * (h - lo[i]));
}

export async function noiseTunnel(
  model: Model,
  x: Tensor,
  opts: NoiseTunnelOptions = {},
): Promise<Attribution> {
  const type = opts.type ?? 'smoothgrad';
  if (!NOISE_TYPES.includes(type)) throw new GlassboxError(msg.attrNoiseType(String(type), NOISE_TYPES));
  const samples = checkInt(type, 'samples', opts.samples, 1, 10);
  if (opts.stdev !== undefined) checkNonNegative(type, 'stdev', opts.stdev, 0);
  const seed = checkSeed(type, opts.seed);
  const perCall = checkInt(type, 'internalBatchSize', opts.internalBatchSize, 1, 64);
  const wrapped: AnyAttributionMethod = opts.method ?? saliency;
  const traits = traitsOf(wrapped);
  const base: GradientMethodOptions = { ...(opts.methodOptions ?? {}) };
  if (opts.target !== undefined) base.target = opts.target;
  if (opts.outputLayer !== undefined) base.outputLayer = opts.outputLayer;
  const n = x.shape[0];
  const levels = noiseLevels(x, opts.stdev);
  // the clean input's classes, so every noisy copy explains the same one
  const targets = traits.targetless ? null : resolveTargets(model, x, base).targets;
  // per-example baselines follow their example into the noisy batch
  const b = base.baselines;
  const tileBaselines =
    b !== undefined &&
    typeof b !== 'number' &&
    !traits.baselineSet &&
    b.rank === x.rank &&
    b.shape[0] === n &&
    n > 1;

  const rng = new Rng(seed);
  const size = x.size / n;
  const k = Math.max(1, Math.floor(perCall / n));
  let shift: Tensor | null = null; // the first sample's result: sums of differences from it stay exact
  let sum: Tensor | null = null;
  let sumSq: Tensor | null = null;
  let deltaSum: Tensor | null = null;
  let first: Attribution | null = null;
  const add = (acc: Tensor | null, t: Tensor) => {
    if (!acc) return t;
    const next = tf.add(acc, t);
    tf.dispose([acc, t]);
    return next;
  };
  try {
    for (let s0 = 0; s0 < samples; s0 += k) {
      const count = Math.min(k, samples - s0);
      // noise rows are sample-major: row j * n + i is sample s0 + j of example i
      const noise = new Float32Array(count * n * size);
      for (let j = 0; j < count; j++)
        for (let i = 0; i < n; i++) {
          const off = (j * n + i) * size;
          for (let d = 0; d < size; d++) noise[off + d] = levels[i] * rng.normal();
        }
      const noisy = tf.tidy(() =>
        tf.add(
          tf.tile(x, [count, ...new Array(x.rank - 1).fill(1)]),
          tf.tensor(noise, [count * n, ...x.shape.slice(1)]),
        ),
      );
      // a seeded wrapped method (gradient-shap) draws afresh for each batch of samples
      const callOpts: GradientMethodOptions = { ...base, seed: (base.seed ?? 0) + s0 };
      if (targets) callOpts.target = range(count * n).map((r) => targets[r % n]);
      let tiled: Tensor | null = null;
      if (tileBaselines) {
        tiled = tf.tile(b as Tensor, [count, ...new Array(x.rank - 1).fill(1)]);
        callOpts.baselines = tiled;
      }
      let r: Attribution;
      try {
        r = await wrapped(model, noisy, callOpts);
      } finally {
        tf.dispose([noisy, ...(tiled ? [tiled] : [])]);
      }
      if (!first) first = r;
      const shape = r.values.shape.slice(1);
      const [s, q] = tf.tidy(() => {
        const v = tf.reshape(r.values, [count, n, ...shape]);
        if (!shift) shift = tf.keep(tf.gather(v, 0));
        const d = tf.sub(v, shift);
        return [tf.sum(d, 0), tf.sum(tf.square(d), 0)];
      });
      sum = add(sum, s);
      sumSq = add(sumSq, q);
      const rd = r.delta;
      if (rd)
        deltaSum = add(
          deltaSum,
          tf.tidy(() => tf.sum(tf.reshape(rd, [count, n]), 0)),
        );
      if (r !== first) tf.dispose([r.values, ...(rd ? [rd] : [])]);
    }
    const mean = tf.tidy(() => tf.add(shift!, tf.div(sum!, samples)));
    const values = tf.tidy(() => {
      if (type === 'smoothgrad') return tf.clone(mean);
      if (type === 'smoothgrad-sq') {
        // E[a²] = E[(a − s)²] + 2 s E[a − s] + s²
        const md = tf.div(sum!, samples);
        return tf.add(tf.div(sumSq!, samples), tf.add(tf.mul(2, tf.mul(shift!, md)), tf.square(shift!)));
      }
      // Var a = E[(a − s)²] − E[a − s]², never below 0 in exact arithmetic
      return tf.relu(tf.sub(tf.div(sumSq!, samples), tf.square(tf.div(sum!, samples))));
    });
    mean.dispose();
    const delta = type === 'smoothgrad' && deltaSum ? tf.div(deltaSum, samples) : undefined;
    await checkFinite(values, `the ${type} attributions`, delta ? [delta] : []);
    const inner = first!.meta;
    return {
      values,
      ...(delta ? { delta } : {}),
      meta: runMeta(
        model,
        type,
        targets ?? [],
        {
          method: inner.method,
          samples,
          stdev: opts.stdev ?? levels,
          internalBatchSize: perCall,
          methodOptions: inner.options,
        },
        { seed, ...(inner.shapedLike ? { shapedLike: inner.shapedLike } : {}) },
      ),
    };
  } finally {
    tf.dispose([
      ...(first ? [first.values, ...(first.delta ? [first.delta] : [])] : []),
      ...[shift, sum, sumSq, deltaSum].filter((t): t is Tensor => t !== null),
    ]);
  }
}
