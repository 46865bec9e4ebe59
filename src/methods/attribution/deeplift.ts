/**
 * DeepLIFT with the Rescale rule (Shrikumar, Greenside & Kundaje 2017, "Learning Important
 * Features Through Propagating Activation Differences"). Input and reference run in one
 * batch; every element-wise nonlinearity (ReLU, sigmoid, tanh, …) passes the incoming
 * multiplier times Δy/Δx (grad_overrides.ts), linear ops keep their gradient, so the
 * attributions (x − x₀) ⊙ m sum exactly to F(x) − F(x₀) (summation-to-delta) on networks
 * built from those. Max pooling keeps its gradient, which routes to the input's maximum as
 * in the paper's treatment of max operations; with it (and with softmax as the explained
 * output: use outputLayer 'logits') summation holds only approximately and `delta` reports
 * the gap. The model must keep the batch first in every activation.
 */
import { type Tensor, tf } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';
import type { AttributeOptions, Attribution, BaselineOptions } from './base.ts';
import { describeBaselines, perExampleBaselines } from './grad_baselines.ts';
import { rescaleRules, withGradients } from './grad_overrides.ts';
import {
  checkFinite,
  checkInt,
  classObjective,
  deltaAgainstBaselines,
  type Objective,
  objectiveValues,
  range,
  resolveTargets,
  runMeta,
} from './grad_util.ts';

export interface DeepLiftOptions extends AttributeOptions, BaselineOptions {
  /** input–reference pairs per forward/backward pass (default 32) */
  internalBatchSize?: number;
}

/**
 * DeepLIFT contributions averaged over references: for every example n and j < perExample,
 * the pair (x_n, refs[ref(n, j)]); returns [N, ...inputShape] = mean_j (x_n − r) ⊙ m.
 */
export function deepLiftContributions(
  method: string,
  model: Model,
  x: Tensor,
  refs: Tensor,
  perExample: number,
  ref: (n: number, j: number) => number,
  obj: Objective,
  batch: number,
): Tensor {
  const n = x.shape[0];
  const total = n * perExample;
  let acc: Tensor = tf.zeros(x.shape);
  for (let start = 0; start < total; start += batch) {
    const count = Math.min(batch, total - start);
    const examples = range(count).map((i) => Math.floor((start + i) / perExample));
    const refRows = range(count).map((i) => ref(examples[i], (start + i) % perExample));
    const part = tf.tidy(() => {
      const xs = tf.gather(x, tf.tensor1d(examples, 'int32'));
      const rs = tf.gather(refs, tf.tensor1d(refRows, 'int32'));
      // [inputs; references]: the rescale rules pair row i with row count + i
      const m = withGradients(rescaleRules(method, count), () =>
        tf.grad((both: Tensor) =>
          tf.sum(tf.slice(objectiveValues(model, both, obj, [...examples, ...examples]), 0, count)),
        )(tf.concat([xs, rs])),
      );
      const contrib = tf.mul(tf.sub(xs, rs), tf.slice(m, 0, count));
      const sum = new Float32Array(n * count);
      examples.forEach((ex, i) => {
        sum[ex * count + i] = 1 / perExample;
      });
      return tf.reshape(tf.matMul(tf.tensor2d(sum, [n, count]), tf.reshape(contrib, [count, -1])), x.shape);
    });
    const next = tf.add(acc, part);
    tf.dispose([acc, part]);
    acc = next;
  }
  return acc;
}

export async function deepLift(model: Model, x: Tensor, opts: DeepLiftOptions = {}): Promise<Attribution> {
  const method = 'deeplift';
  const batch = checkInt(method, 'internalBatchSize', opts.internalBatchSize, 1, 32);
  const { targets, classes } = resolveTargets(model, x, opts);
  const obj = classObjective(targets, classes, opts.outputLayer);
  const x0 = perExampleBaselines(method, x, opts.baselines);
  let values: Tensor;
  let delta: Tensor;
  try {
    ({ values, delta } = tf.tidy(() => {
      const v = deepLiftContributions(method, model, x, x0, 1, (i) => i, obj, batch);
      return { values: v, delta: deltaAgainstBaselines(model, x, x0, obj, v) };
    }));
  } finally {
    x0.dispose();
  }
  await checkFinite(values, 'the DeepLIFT attributions', [delta]);
  return {
    values,
    delta,
    meta: runMeta(model, method, targets, {
      rule: 'rescale',
      internalBatchSize: batch,
      baselines: describeBaselines(opts.baselines),
      outputLayer: opts.outputLayer ?? null,
    }),
  };
}
