/**
 * The training loop of the bundled models: seeded shuffling and augmentation, Adam via
 * tfjs-layers' trainOnBatch, one batch of tensors alive at a time. Deterministic for a
 * seed on a given backend (the wasm backend runs single-threaded).
 */
import type { Progress } from '../cli/progress.ts';
import type { Dataset } from '../src/data/dataset.ts';
import { Rng } from '../src/engine/rng.ts';
import { tf } from '../src/engine/tf.ts';

/** Loads a whole labelled dataset into one array (the sets here are at most 60,000 x 784 floats). */
export function materialise(ds: Dataset): { x: Float32Array; y: Int32Array } {
  const b = ds.batch(0, ds.size);
  if (!b.labels) throw new Error(`${ds.name} has no labels`);
  return { x: b.x, y: b.labels };
}

/** Copies 28x28 example `src` of `from` into slot `dst` of `to`, shifted by (dy, dx) with zero fill. */
export function copyShifted(
  from: Float32Array,
  src: number,
  to: Float32Array,
  dst: number,
  dy: number,
  dx: number,
) {
  const o = src * 784;
  const t = dst * 784;
  for (let r = 0; r < 28; r++) {
    const sr = r - dy;
    for (let c = 0; c < 28; c++) {
      const sc = c - dx;
      to[t + r * 28 + c] = sr >= 0 && sr < 28 && sc >= 0 && sc < 28 ? from[o + sr * 28 + sc] : 0;
    }
  }
}

export interface FitOptions {
  epochs: number;
  batchSize: number;
  /** random shifts of up to this many pixels (data augmentation); 0 for none */
  shift: number;
  seed: number;
  /** the learning rate of each epoch (1-based), set on the compiled optimizer; default: unchanged */
  learningRate?: (epoch: number) => number;
  /** stop after this many steps in all (for tests) */
  maxSteps?: number;
  /** returns a progress bar for an epoch of `steps` steps */
  onEpoch?: (epoch: number, steps: number) => Progress;
}

/**
 * Trains a compiled classifier (loss and an accuracy metric) on 28x28x1 examples x with
 * labels y (10 classes). Returns the mean loss of each epoch.
 */
export async function trainClassifier(
  net: tf.LayersModel,
  x: Float32Array,
  y: Int32Array,
  o: FitOptions,
): Promise<number[]> {
  const rng = new Rng(o.seed);
  const n = y.length;
  const steps = Math.ceil(n / o.batchSize);
  const losses: number[] = [];
  let done = 0;
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
    if (o.learningRate) {
      // Adam in tfjs reads its public learningRate field on every step.
      (net.optimizer as unknown as { learningRate: number }).learningRate = o.learningRate(epoch);
    }
    const bar = o.onEpoch?.(epoch, steps);
    let lossSum = 0;
    let accSum = 0;
    let s = 0;
    for (; s < steps && done < (o.maxSteps ?? Number.POSITIVE_INFINITY); s++, done++) {
      const idx = order.slice(s * o.batchSize, (s + 1) * o.batchSize);
      const xb = new Float32Array(idx.length * 784);
      idx.forEach((src, j) => {
        const dy = o.shift ? rng.int(2 * o.shift + 1) - o.shift : 0;
        const dx = o.shift ? rng.int(2 * o.shift + 1) - o.shift : 0;
        copyShifted(x, src, xb, j, dy, dx);
      });
      const xs = tf.tensor4d(xb, [idx.length, 28, 28, 1]);
      const labels = Int32Array.from(idx, (i) => y[i]);
      const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10));
      const [loss, acc] = (await net.trainOnBatch(xs, ys)) as number[];
      tf.dispose([xs, ys]);
      lossSum += loss;
      accSum += acc;
      bar?.update(s + 1, { loss: (lossSum / (s + 1)).toFixed(4), acc: (accSum / (s + 1)).toFixed(4) });
    }
    bar?.stop();
    losses.push(lossSum / Math.max(1, s));
  }
  return losses;
}
