import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  exactShapley,
  linearModel,
  maxAbsDiff,
  mlpModel,
  scoreOne,
} from '../../../test/util/perturbation.ts';
import { initEngine } from '../../engine/backend.ts';
import { Rng } from '../../engine/rng.ts';
import { tf } from '../../engine/tf.ts';
import { coalitions, kernelShap } from './kernel_shap.ts';
import { shapleyValueSampling } from './shapley_value_sampling.ts';

describe('kernel shap', () => {
  before(() => initEngine('wasm'));

  it('with all coalitions equals the exact Shapley values of a nonlinear model', async () => {
    const model = mlpModel(5);
    const xd = Float32Array.from([0.9, -0.7, 0.4, 1.2, -0.3]);
    const bd = Float32Array.from([0.1, 0.1, -0.2, 0, 0.5]);
    const x = tf.tensor(xd, [1, 5]);
    const b = tf.tensor(bd, [5]);
    const before = tf.memory().numTensors;
    const r = await kernelShap(model, x, { baselines: b, samples: 30, target: 1, outputLayer: 'logits' });
    const got = Array.from(r.values.dataSync());
    const want = exactShapley(model, xd, bd, [0, 1, 2, 3, 4], 5, 1, 'logits');
    assert.ok(maxAbsDiff(got, want) < 1e-4, `${got} vs ${want}`);
    const delta = scoreOne(model, xd, 1, 'logits') - scoreOne(model, bd, 1, 'logits');
    assert.ok(Math.abs(got.reduce((a, v) => a + v, 0) - delta) < 1e-5, 'efficiency');
    r.values.dispose();
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([x, b]);
  });

  it('of a linear model is exactly (x − b)·w from a sample of the coalitions', async () => {
    const rng = new Rng(5);
    const D = 12;
    const W = Array.from({ length: D }, () => [rng.normal(), rng.normal()]);
    const xv = Array.from({ length: D }, () => rng.normal());
    const model = linearModel(W, [0.5, -1]);
    const x = tf.tensor2d([xv]);
    const r = await kernelShap(model, x, { samples: 60, target: 1, baselines: 0.25 });
    const want = xv.map((v, i) => (v - 0.25) * W[i][1]);
    assert.ok(maxAbsDiff(r.values.dataSync(), want) < 1e-4);
    assert.equal(r.meta.options.samples, 60);
    tf.dispose([x, r.values]);
  });

  it('with one feature (one shared id) gives every position f(x) − f(b), as Shapley sampling does', async () => {
    const model = mlpModel(5);
    const xd = Float32Array.from([0.9, -0.7, 0.4, 1.2, -0.3, 0.1, 0.2, 0.3, 0.4, 0.5]);
    const x = tf.tensor(xd, [2, 5]);
    for (const method of [kernelShap, shapleyValueSampling]) {
      const r = await method(model, x, { features: [3, 3, 3, 3, 3], target: 0, outputLayer: 'logits' });
      const got = r.values.dataSync();
      for (let i = 0; i < 2; i++) {
        const delta =
          scoreOne(model, xd.subarray(i * 5, i * 5 + 5), 0, 'logits') -
          scoreOne(model, new Float32Array(5), 0, 'logits');
        assert.ok(maxAbsDiff(got.subarray(i * 5, i * 5 + 5), new Array(5).fill(delta)) < 1e-5);
      }
      r.values.dispose();
    }
    x.dispose();
  });

  it('samples coalition sizes by the Shapley kernel, and is deterministic for a seed', async () => {
    const M = 16;
    const { Z, w } = coalitions(M, 20000, new Rng(1));
    assert.ok(w.length === 20000 && w.every((v) => v === 1));
    assert.equal(coalitions(4, 20000, new Rng(1)).w.length, 14, 'all 2^4 − 2 coalitions');
    const sizes = new Array<number>(M + 1).fill(0);
    for (let k = 0; k < w.length; k++) sizes[Z.subarray(k * M, (k + 1) * M).reduce((a, v) => a + v, 0)]++;
    assert.equal(sizes[0] + sizes[M], 0);
    const q = (s: number) => 1 / (s * (M - s));
    const total = Array.from({ length: M - 1 }, (_, s) => q(s + 1)).reduce((a, v) => a + v, 0);
    for (let s = 1; s < M; s++) assert.ok(Math.abs(sizes[s] / w.length - q(s) / total) < 0.012, `size ${s}`);

    const model = mlpModel(8);
    const x = tf.tensor2d([[0.9, -0.7, 0.4, 1.2, -0.3, 0.2, 0.8, -1]]);
    const run = async (seed: number) => {
      const r = await kernelShap(model, x, { samples: 40, seed, outputLayer: 'logits' });
      const v = Array.from(r.values.dataSync());
      r.values.dispose();
      return v;
    };
    assert.deepEqual(await run(2), await run(2));
    assert.notDeepEqual(await run(2), await run(3));
    await assert.rejects(kernelShap(model, x, { samples: 0.5 }), /option samples must be an integer >= 1/);
    x.dispose();
  });
});
