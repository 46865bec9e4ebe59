import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { linearModel, maxAbsDiff, mlpModel } from '../../../test/util/perturbation.ts';
import { initEngine } from '../../engine/backend.ts';
import { tf } from '../../engine/tf.ts';
import { lime } from './lime.ts';

/** Positions of the values sorted ascending. */
const order = (v: ArrayLike<number>) => Array.from(v, (_, i) => i).sort((a, b) => v[a] - v[b] || a - b);

describe('lime', () => {
  before(() => initEngine('wasm'));
  const W = [[1.5], [-2], [0.25], [3], [-0.75], [0.6]];
  const xv = [0.3, -0.2, 0.5, 0.1, -0.4, 0.2];
  const bv = [0.1, 0, -0.5, 0, 0.2, -0.1];
  const want = xv.map((v, i) => (v - bv[i]) * W[i][0]);

  it('on a linear model without penalty recovers (x − b)·w exactly, whatever the kernel weights', async () => {
    const model = linearModel(W, [0.4]);
    const x = tf.tensor2d([xv]);
    const b = tf.tensor1d(bv);
    const before = tf.memory().numTensors;
    const r = await lime(model, x, { baselines: b, alpha: 0, samples: 100 });
    assert.ok(maxAbsDiff(r.values.dataSync(), want) < 1e-5, `${r.values.dataSync()} vs ${want}`);
    assert.deepEqual(r.meta.options.kernelWidth, 1);
    r.values.dispose();
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([x, b]);
  });

  it('with the default ridge keeps the signs and the ordering, nearly proportional to (x − b)·w', async () => {
    const model = linearModel(W, [0.4]);
    const x = tf.tensor2d([xv]);
    const r = await lime(model, x, { baselines: tf.tensor1d(bv), samples: 2000 });
    const got = r.values.dataSync();
    assert.deepEqual(order(got), order(want));
    for (let i = 0; i < 6; i++) assert.equal(Math.sign(got[i]), Math.sign(want[i]));
    const ratio = got.map((v, i) => v / want[i]);
    assert.ok(Math.max(...ratio) - Math.min(...ratio) < 0.05 && Math.min(...ratio) > 0.9, `${ratio}`);
    tf.dispose([x, r.values]);
  });

  it('is deterministic for a seed, differs across seeds and kernel widths; rejects bad options', async () => {
    const model = mlpModel(5);
    const x = tf.tensor2d([[0.9, -0.7, 0.4, 1.2, -0.3]]);
    const run = async (seed: number, kernelWidth?: number) => {
      const r = await lime(model, x, { samples: 30, seed, kernelWidth, outputLayer: 'logits' });
      const v = Array.from(r.values.dataSync());
      r.values.dispose();
      return v;
    };
    assert.deepEqual(await run(1), await run(1));
    assert.notDeepEqual(await run(1), await run(2));
    assert.notDeepEqual(await run(1), await run(1, 0.2));
    await assert.rejects(lime(model, x, { samples: 0 }), /option samples must be an integer >= 1/);
    await assert.rejects(lime(model, x, { kernelWidth: 0 }), /option kernelWidth must be a number > 0/);
    await assert.rejects(lime(model, x, { alpha: -1 }), /option alpha must be a number >= 0/);
    x.dispose();
  });
});
