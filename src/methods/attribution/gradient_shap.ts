/**
 * Gradient SHAP: expected gradients over a set of reference inputs (Lundberg & Lee 2017,
 * "A Unified Approach to Interpreting Model Predictions", and SHAP's GradientExplainer;
 * Erion et al. 2021, "expected gradients"). Each of `samples` draws picks a reference b from
 * the baselines, a point α ~ U(0, 1) and, optionally, Gaussian noise ε on the input; the
 * attribution averages (x + ε − b) ⊙ ∂F/∂x (b + α (x + ε − b)). It approximates SHAP values
 * when the features are independent and the model is linear between x and b.
 */

import { Rng } from '../../engine/rng.ts';
import { type Tensor, tf } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';
import type { AttributeOptions, Attribution, BaselineOptions } from './base.ts';
import { baselineSet, describeBaselines } from './grad_baselines.ts';
import {
  checkFinite,
  checkInt,
  checkNonNegative,
  checkSeed,
  classObjective,
  deltaAgainstReferences,
  inputGradient,
  range,
  resolveTargets,
  runMeta,
  setTraits,
} from './grad_util.ts';

export interface GradientShapOptions extends AttributeOptions, BaselineOptions {
  /** draws per example (default 20) */
  samples?: number;
  /** standard deviation of the Gaussian noise added to the input (default 0: none) */
  stdev?: number;
  /** seed of the draws (default 0) */
  seed?: number;
  /** draws per forward/backward pass (default 64) */
  internalBatchSize?: number;
}

export async function gradientShap(
  model: Model,
  x: Tensor,
  opts: GradientShapOptions = {},
): Promise<Attribution> {
  const method = 'gradient-shap';
  const samples = checkInt(method, 'samples', opts.samples, 1, 20);
  const stdev = checkNonNegative(method, 'stdev', opts.stdev, 0);
  const seed = checkSeed(method, opts.seed);
  const batch = checkInt(method, 'internalBatchSize', opts.internalBatchSize, 1, 64);
  const { targets, classes } = resolveTargets(model, x, opts);
  const obj = classObjective(targets, classes, opts.outputLayer);
  const refs = baselineSet(method, x, opts.baselines);
  const n = x.shape[0];
  const size = x.size / n;
  // the draws, made up front on the host so the result does not depend on batching
  const rng = new Rng(seed);
  const pick = Array.from({ length: n * samples }, () => rng.int(refs.shape[0]));
  const alpha = Array.from({ length: n * samples }, () => rng.next());
  const noise =
    stdev > 0 ? Float32Array.from({ length: n * samples * size }, () => stdev * rng.normal()) : null;
  let values: Tensor;
  let delta: Tensor;
  try {
    ({ values, delta } = tf.tidy(() => {
      const total = n * samples;
      let acc: Tensor = tf.zeros(x.shape);
      for (let start = 0; start < total; start += batch) {
        const count = Math.min(batch, total - start);
        const rows = range(count).map((i) => start + i);
        const examples = rows.map((r) => Math.floor(r / samples));
        const part = tf.tidy(() => {
          let xs = tf.gather(x, tf.tensor1d(examples, 'int32'));
          if (noise)
            xs = tf.add(xs, tf.tensor(noise.subarray(start * size, (start + count) * size), xs.shape));
          const b = tf.gather(
            refs,
            tf.tensor1d(
              rows.map((r) => pick[r]),
              'int32',
            ),
          );
          const diff = tf.sub(xs, b);
          const a = tf.reshape(tf.tensor1d(rows.map((r) => alpha[r])), [
            count,
            ...new Array(x.rank - 1).fill(1),
          ]);
          const g = inputGradient(model, tf.add(b, tf.mul(a, diff)), obj, examples);
          // sum the draws of each example: [n, count] @ [count, size]
          const sum = new Float32Array(n * count);
          examples.forEach((ex, i) => {
            sum[ex * count + i] = 1 / samples;
          });
          const flat = tf.reshape(tf.mul(diff, g), [count, -1]);
          return tf.reshape(tf.matMul(tf.tensor2d(sum, [n, count]), flat), x.shape);
        });
        const next = tf.add(acc, part);
        tf.dispose([acc, part]);
        acc = next;
      }
      // delta against the expected score over the reference set
      return { values: acc, delta: deltaAgainstReferences(model, x, refs, obj, acc) };
    }));
  } finally {
    refs.dispose();
  }
  await checkFinite(values, 'the gradient SHAP values', [delta]);
  return {
    values,
    delta,
    meta: runMeta(
      model,
      method,
      targets,
      {
        samples,
        stdev,
        internalBatchSize: batch,
        baselines: describeBaselines(opts.baselines),
        outputLayer: opts.outputLayer ?? null,
      },
      { seed },
    ),
  };
}

setTraits(gradientShap, { baselineSet: true });
