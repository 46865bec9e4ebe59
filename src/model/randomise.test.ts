import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initEngine } from '../engine/backend.ts';
import { tf } from '../engine/tf.ts';
import { loadModel } from './load.ts';
import type { Model } from './model.ts';
import { canRandomise, withRandomisedLayers } from './randomise.ts';

describe('withRandomisedLayers', () => {
  let model: Model;
  before(async () => {
    await initEngine('wasm');
    model = await loadModel('mnist-mlp');
  });

  it('swaps in seeded weights of the same scale and restores the originals', async () => {
    assert.ok(canRandomise(model));
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 1);
    const out = () => tf.tidy(() => model.run(x).output.dataSync().slice());
    const original = out();
    const net = (model as unknown as { net: tf.LayersModel }).net;
    const kernel = () => net.getLayer('fc1').getWeights()[0].dataSync().slice();
    const k0 = kernel();
    const sd = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, a) => s + a * a, 0) / v.length);
    const before = tf.memory().numTensors;
    const [a, ka] = await withRandomisedLayers(model, ['fc1', 'logits'], 3, async () => [out(), kernel()]);
    const [b] = await withRandomisedLayers(model, ['fc1', 'logits'], 3, async () => [out()]);
    const [c] = await withRandomisedLayers(model, ['fc1', 'logits'], 4, async () => [out()]);
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual(out(), original);
    assert.deepEqual(kernel(), k0);
    assert.notDeepEqual(a, original);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    // N(0, s²) with s the old kernel's standard deviation (its mean is near 0)
    assert.ok(Math.abs(sd(ka) / sd(k0) - 1) < 0.05);
    x.dispose();
  });

  it('restores the weights when fn throws, and rejects unknown layers', async () => {
    const k0 = (model as unknown as { net: tf.LayersModel }).net
      .getLayer('fc2')
      .getWeights()[0]
      .dataSync()[0];
    await assert.rejects(
      withRandomisedLayers(model, ['fc2'], 1, async () => {
        throw new Error('boom');
      }),
      /boom/,
    );
    const k1 = (model as unknown as { net: tf.LayersModel }).net
      .getLayer('fc2')
      .getWeights()[0]
      .dataSync()[0];
    assert.equal(k1, k0);
    await assert.rejects(
      withRandomisedLayers(model, ['nope'], 1, async () => 0),
      /no layer named 'nope'/,
    );
  });

  it('refuses ONNX models with a clear message', async () => {
    const onnx = await loadModel('test/fixtures/onnx/small_cnn.onnx');
    assert.equal(canRandomise(onnx), false);
    await assert.rejects(
      withRandomisedLayers(onnx, [], 0, async () => 0),
      /cannot randomise the weights of model .*only TF.js layers models/,
    );
    onnx.dispose();
  });
});
