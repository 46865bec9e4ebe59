import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { mlp } from '../../../test/util/attribution_models.ts';
import { maxAbsDiff } from '../../../test/util/numeric.ts';
import { initEngine } from '../../engine/backend.ts';
import { tf } from '../../engine/tf.ts';
import { gradientShap } from './gradient_shap.ts';
import { inputXGradient } from './input_x_gradient.ts';

describe('input x gradient and gradient SHAP on a linear model', () => {
  before(() => initEngine('wasm'));
  // a linear model: logits = x W + b (no hidden layer)
  const net = () => mlp({ sizes: [4, 3], activations: [], seed: 5 });
  const x = [
    [0.5, -1, 2, 0.3],
    [1, 0.2, -0.4, 0.8],
  ];
  const column = (W: number[][], c: number) => W.map((row) => row[c]);

  it('input x gradient is x ⊙ w', async () => {
    const { model, W } = net();
    const xt = tf.tensor2d(x);
    const r = await inputXGradient(model, xt, { target: [1, 2], outputLayer: 'logits' });
    const v = r.values.arraySync() as number[][];
    assert.ok(
      maxAbsDiff(
        v[0],
        x[0].map((xi, i) => xi * column(W[0], 1)[i]),
      ) < 1e-6,
    );
    assert.ok(
      maxAbsDiff(
        v[1],
        x[1].map((xi, i) => xi * column(W[0], 2)[i]),
      ) < 1e-6,
    );
    tf.dispose([xt, r.values]);
  });

  it('gradient SHAP is (x − b) ⊙ w for one reference, and (x − E b) ⊙ w on average over a set', async () => {
    const { model, W } = net();
    const xt = tf.tensor2d(x);
    const w = column(W[0], 0);
    const b = tf.tensor1d([0.1, 0.2, 0.3, 0.4]);
    const before = tf.memory().numTensors;
    const one = await gradientShap(model, xt, { target: 0, outputLayer: 'logits', baselines: b, samples: 3 });
    const v = one.values.arraySync() as number[][];
    x.forEach((row, n) => {
      assert.ok(
        maxAbsDiff(
          v[n],
          row.map((xi, i) => (xi - [0.1, 0.2, 0.3, 0.4][i]) * w[i]),
        ) < 1e-5,
      );
    });
    assert.ok(Math.max(...Array.from(one.delta!.dataSync(), Math.abs)) < 1e-5);
    tf.dispose([one.values, one.delta!]);
    assert.equal(tf.memory().numTensors, before);
    // two references: the draws pick each about half the time
    const refs = tf.tensor2d([
      [1, 1, 1, 1],
      [-1, 0, 1, 0],
    ]);
    const set = await gradientShap(model, xt, {
      target: 0,
      outputLayer: 'logits',
      baselines: refs,
      samples: 400,
      seed: 3,
    });
    const s = set.values.arraySync() as number[][];
    x.forEach((row, n) => {
      const want = row.map((xi, i) => (xi - [0, 0.5, 1, 0.5][i]) * w[i]);
      s[n].forEach((g, i) => {
        assert.ok(Math.abs(g - want[i]) < 0.1 * Math.abs(w[i]) + 1e-6, `${g} vs ${want[i]}`);
      });
    });
    assert.equal(set.meta.seed, 3);
    const again = await gradientShap(model, xt, {
      target: 0,
      outputLayer: 'logits',
      baselines: refs,
      samples: 400,
      seed: 3,
      internalBatchSize: 7,
    });
    assert.ok(maxAbsDiff(again.values.dataSync(), set.values.dataSync()) < 1e-5);
    tf.dispose([b, refs, set.values, set.delta!, again.values, again.delta!]);
    await assert.rejects(
      gradientShap(model, xt, { baselines: tf.zeros([2, 3]) }),
      /gradient-shap: baselines must be a set of reference inputs \[B,4\], got \[2,3\]/,
    );
    xt.dispose();
  });
});
