import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initEngine } from '../../engine/backend.ts';
import { tf } from '../../engine/tf.ts';
import { LayersModelAdapter } from '../../model/tfjs.ts';
import { saliency } from './saliency.ts';

/** logits = x W + b on 6 inputs and 3 classes, softmax on top: saliency of a logit is its weight column. */
function linearModel(W: number[][], b: number[]) {
  const m = tf.sequential();
  m.add(
    tf.layers.dense({ name: 'logits', inputShape: [6], units: 3, weights: [tf.tensor2d(W), tf.tensor1d(b)] }),
  );
  m.add(tf.layers.activation({ name: 'probs', activation: 'softmax' }));
  return new LayersModelAdapter(m, { name: 'linear', hash: '0' });
}

describe('saliency', () => {
  before(() => initEngine('wasm'));
  const W = [
    [1, -2, 0],
    [0.5, 3, 1],
    [-1, 2, 2],
    [4, 0, -3],
    [0, 1, 0.5],
    [2, -1, 1],
  ];

  it('of a linear model is the weight column of the target, signed or absolute', async () => {
    const model = linearModel(W, [0, 0, 0]);
    const x = tf.randomNormal([2, 6], 0, 1, 'float32', 1);
    const before = tf.memory().numTensors;
    const signed = await saliency(model, x, { target: [1, 2], abs: false, outputLayer: 'logits' });
    const g = (await signed.values.array()) as number[][];
    assert.deepEqual(signed.values.shape, [2, 6]);
    for (let i = 0; i < 6; i++) {
      assert.ok(Math.abs(g[0][i] - W[i][1]) < 1e-6);
      assert.ok(Math.abs(g[1][i] - W[i][2]) < 1e-6);
    }
    const abs = await saliency(model, x, { target: 1, outputLayer: 'logits' });
    const a = (await abs.values.array()) as number[][];
    for (let i = 0; i < 6; i++) assert.ok(Math.abs(a[1][i] - Math.abs(W[i][1])) < 1e-6);
    assert.deepEqual(abs.meta.targets, [1, 1]);
    tf.dispose([signed.values, abs.values]);
    assert.equal(tf.memory().numTensors, before);
  });

  it("targets the predicted class by default, and through softmax matches p_t (e_t - p) W's chain rule", async () => {
    const model = linearModel(W, [0.1, -0.3, 0.2]);
    const x = tf.tensor2d([[0.3, -0.2, 0.5, 0.1, -0.4, 0.2]]);
    const s = await saliency(model, x, { abs: false });
    const logits = tf.tidy(() => tf.add(tf.matMul(x, tf.tensor2d(W)), tf.tensor1d([0.1, -0.3, 0.2])));
    const p = tf.softmax(logits).dataSync();
    const t = Array.from(p).indexOf(Math.max(...p));
    assert.deepEqual(s.meta.targets, [t]);
    // d p_t / d x_i = p_t * sum_k (delta_tk - p_k) W_ik
    const g = s.values.dataSync();
    for (let i = 0; i < 6; i++) {
      const want = p[t] * W[i].reduce((acc, w, k) => acc + ((k === t ? 1 : 0) - p[k]) * w, 0);
      assert.ok(Math.abs(g[i] - want) < 1e-5, `${g[i]} vs ${want}`);
    }
  });
});
