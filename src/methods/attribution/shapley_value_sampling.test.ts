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
import { tf } from '../../engine/tf.ts';
import { shapleyValueSampling } from './shapley_value_sampling.ts';

describe('shapley value sampling', () => {
  before(() => initEngine('wasm'));
  const W = [
    [1, -2],
    [0.5, 3],
    [-1, 2],
    [4, 0],
    [0, 1],
    [2, -1],
  ];
  const xv = [0.3, -0.2, 0.5, 0.1, -0.4, 0.2];
  const bv = [0.1, 0, -0.5, 0, 0.2, 0.2];

  it('of a linear model is exactly (x − b)·w, for any single ordering', async () => {
    const model = linearModel(W, [0.3, -0.1]);
    const x = tf.tensor2d([xv, xv]);
    const b = tf.tensor1d(bv);
    const before = tf.memory().numTensors;
    for (const seed of [0, 7]) {
      const r = await shapleyValueSampling(model, x, { baselines: b, samples: 1, seed, target: [0, 1] });
      const got = r.values.arraySync() as number[][];
      for (const t of [0, 1]) {
        const want = xv.map((v, i) => (v - bv[i]) * W[i][t]);
        assert.ok(maxAbsDiff(got[t], want) < 1e-5, `${got[t]} vs ${want}`);
      }
      assert.equal(r.meta.seed, seed);
      r.values.dispose();
    }
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([x, b]);
  });

  it('converges to the exact Shapley values of a nonlinear model, each ordering summing to f(x) − f(b)', async () => {
    const model = mlpModel(5);
    const xd = Float32Array.from([0.9, -0.7, 0.4, 1.2, -0.3]);
    const x = tf.tensor(xd, [1, 5]);
    const r = await shapleyValueSampling(model, x, { samples: 600, target: 2, outputLayer: 'logits' });
    const got = Array.from(r.values.dataSync());
    const want = exactShapley(model, xd, new Float32Array(5), [0, 1, 2, 3, 4], 5, 2, 'logits');
    const scale = Math.max(...want.map(Math.abs));
    assert.ok(maxAbsDiff(got, want) < 0.05 * scale, `${got} vs ${want}`);
    const sum = got.reduce((a, v) => a + v, 0);
    const delta = scoreOne(model, xd, 2, 'logits') - scoreOne(model, new Float32Array(5), 2, 'logits');
    assert.ok(Math.abs(sum - delta) < 1e-5);
    // a few orderings are rougher than many
    const few = await shapleyValueSampling(model, x, { samples: 2, target: 2, outputLayer: 'logits' });
    assert.ok(maxAbsDiff(few.values.dataSync(), want) > maxAbsDiff(got, want));
    tf.dispose([x, r.values, few.values]);
  });

  it('is deterministic for a seed and differs across seeds; rejects samples < 1', async () => {
    const model = mlpModel(5);
    const x = tf.tensor2d([[0.9, -0.7, 0.4, 1.2, -0.3]]);
    const run = async (seed: number) => {
      const r = await shapleyValueSampling(model, x, { samples: 2, seed, outputLayer: 'logits' });
      const v = Array.from(r.values.dataSync());
      r.values.dispose();
      return v;
    };
    assert.deepEqual(await run(3), await run(3));
    assert.notDeepEqual(await run(3), await run(4));
    await assert.rejects(
      shapleyValueSampling(model, x, { samples: 0 }),
      /option samples must be an integer >= 1 \(got 0\)/,
    );
    x.dispose();
  });
});
