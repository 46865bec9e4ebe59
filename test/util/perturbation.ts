/**
 * Tiny models and brute-force references for the perturbation attribution tests: models
 * with seeded weights, an NCHW view of an NHWC model, one-at-a-time scoring, and exact
 * Shapley values by enumerating every coalition.
 */
import { Rng } from '../../src/engine/rng.ts';
import { type Tensor, tf } from '../../src/engine/tf.ts';
import type { Model, RunOptions, RunResult } from '../../src/model/model.ts';
import { LayersModelAdapter } from '../../src/model/tfjs.ts';

function normal(rng: Rng, shape: number[], scale = 1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => rng.normal() * scale),
    shape,
  );
}

/**
 * logits = flatten(x) W + b on an input [D] (or `inputShape`, flattened): its Shapley
 * values are (x − b)_i W_it.
 */
export function linearModel(W: number[][], b?: number[], inputShape?: number[]): Model {
  const classes = W[0].length;
  const m = tf.sequential();
  if (inputShape) m.add(tf.layers.flatten({ inputShape }));
  m.add(
    tf.layers.dense({
      name: 'logits',
      ...(inputShape ? {} : { inputShape: [W.length] }),
      units: classes,
      weights: [tf.tensor2d(W), tf.tensor1d(b ?? new Array(classes).fill(0))],
    }),
  );
  return new LayersModelAdapter(m, { name: 'linear', hash: '0' });
}

/** dense(8, relu) → dense(3) on [D], seeded weights: a small nonlinear model. */
export function mlpModel(D: number, seed = 1): Model {
  const rng = new Rng(seed);
  const m = tf.sequential();
  m.add(
    tf.layers.dense({
      inputShape: [D],
      units: 8,
      activation: 'relu',
      weights: [normal(rng, [D, 8]), normal(rng, [8], 0.3)],
    }),
  );
  m.add(tf.layers.dense({ name: 'logits', units: 3, weights: [normal(rng, [8, 3]), normal(rng, [3], 0.1)] }));
  return new LayersModelAdapter(m, { name: 'mlp', hash: '0' });
}

/** conv 3×3 (3 filters, relu) → flatten → dense(4) → softmax on an NHWC input [H, W, C]. */
export function convModel(shape: [number, number, number], seed = 2): Model {
  const rng = new Rng(seed);
  const [H, W, C] = shape;
  const m = tf.sequential();
  m.add(
    tf.layers.conv2d({
      inputShape: shape,
      filters: 3,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      weights: [normal(rng, [3, 3, C, 3], 0.5), normal(rng, [3], 0.1)],
    }),
  );
  m.add(tf.layers.flatten());
  m.add(
    tf.layers.dense({
      name: 'logits',
      units: 4,
      weights: [normal(rng, [H * W * 3, 4], 0.3), normal(rng, [4])],
    }),
  );
  m.add(tf.layers.activation({ name: 'probs', activation: 'softmax' }));
  return new LayersModelAdapter(m, { name: 'conv', hash: '0' });
}

/** The same network seen through an NCHW input [C, H, W] (as an ONNX model would be). */
export function asNchw(inner: Model): Model {
  const [H, W, C] = inner.inputShape;
  return {
    name: `${inner.name}-nchw`,
    inputShape: [C, H, W],
    layout: 'nchw',
    outputShape: inner.outputShape,
    hash: inner.hash,
    layers: () => inner.layers(),
    run: (x: Tensor, opts?: RunOptions): RunResult => inner.run(tf.transpose(x, [0, 2, 3, 1]), opts),
    dispose: () => inner.dispose(),
  };
}

/** The target score of one example given as flat data, one forward pass per call. */
export function scoreOne(model: Model, data: Float32Array, target: number, outputLayer?: string): number {
  return tf.tidy(() => {
    const x = tf.tensor(data, [1, ...model.inputShape]);
    const r = outputLayer
      ? model.run(x, { taps: [outputLayer] }).taps.get(outputLayer)!
      : model.run(x).output;
    return r.dataSync()[target];
  });
}

/**
 * Exact Shapley values of M features (labels: feature of each flat index of one example) by
 * enumerating all 2^M coalitions: φ_i = Σ_{S∌i} |S|!(M−|S|−1)!/M! (f(S ∪ i) − f(S)).
 */
export function exactShapley(
  model: Model,
  x: Float32Array,
  b: Float32Array,
  labels: ArrayLike<number>,
  M: number,
  target: number,
  outputLayer?: string,
): number[] {
  const f: number[] = [];
  for (let s = 0; s < 2 ** M; s++) {
    const v = Float32Array.from(x, (xv, q) => ((s >> labels[q]) & 1 ? xv : b[q]));
    f.push(scoreOne(model, v, target, outputLayer));
  }
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  const phi = new Array<number>(M).fill(0);
  for (let s = 0; s < 2 ** M; s++) {
    let size = 0;
    for (let j = 0; j < M; j++) size += (s >> j) & 1;
    for (let i = 0; i < M; i++) {
      if ((s >> i) & 1) continue;
      phi[i] += ((fact(size) * fact(M - size - 1)) / fact(M)) * (f[s | (1 << i)] - f[s]);
    }
  }
  return phi;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return a.length === b.length ? m : Number.POSITIVE_INFINITY;
}
