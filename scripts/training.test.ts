import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadMnist } from '../src/data/mnist.ts';
import { initEngine } from '../src/engine/backend.ts';
import { tf } from '../src/engine/tf.ts';
import { materialise, trainClassifier } from './training.ts';
import { mlp, smallCnn } from './zoo_models.ts';

async function trainFew(build: (seed: number) => tf.LayersModel, seed: number, steps: number) {
  const { x, y } = materialise(loadMnist());
  const net = build(seed);
  net.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const losses = await trainClassifier(net, x.subarray(0, 640 * 784), y.subarray(0, 640), {
    epochs: 3,
    batchSize: 32,
    shift: 2,
    seed,
    maxSteps: steps,
  });
  const weights = net.getWeights().map((w) => Array.from(w.dataSync()));
  net.optimizer.dispose();
  net.dispose();
  return { losses, weights };
}

describe('training the bundled models on wasm', () => {
  it('a CNN trains on the wasm backend: the loss falls and the run is reproducible from its seed', async () => {
    await initEngine('wasm');
    const before = tf.memory().numTensors;
    const a = await trainFew(smallCnn, 5, 45);
    const b = await trainFew(smallCnn, 5, 45);
    assert.ok(a.losses[a.losses.length - 1] < a.losses[0] * 0.8, `losses ${a.losses}`);
    assert.deepEqual(a.weights, b.weights);
    assert.equal(tf.memory().numTensors, before);
  });

  it('a different seed gives different weights', async () => {
    await initEngine('wasm');
    const a = await trainFew(mlp, 1, 5);
    const b = await trainFew(mlp, 2, 5);
    assert.notDeepEqual(a.weights, b.weights);
  });
});
