import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { linearImageModel } from '../../../test/util/linear_model.ts';
import { initEngine } from '../../engine/backend.ts';
import { type Tensor, tf } from '../../engine/tf.ts';
import { saliency } from '../attribution/saliency.ts';
import { sensitivityMax } from './sensitivity.ts';

describe('sensitivity-max', () => {
  before(() => initEngine('wasm'));

  it('is 0 for the saliency of a linear model (its gradient is constant)', async () => {
    const model = linearImageModel(
      [3, 3, 1],
      Array.from({ length: 9 }, (_, i) => [i - 4, 1]),
    );
    const x = tf.randomUniform([2, 3, 3, 1], 0, 1, 'float32', 4);
    const base = await saliency(model, x, { target: 0, abs: false });
    const calls: number[][] = [];
    const explain = async (y: Tensor, targets: number[]) => {
      calls.push(targets);
      return (await saliency(model, y, { target: targets, abs: false })).values;
    };
    const before = tf.memory().numTensors;
    const r = await sensitivityMax(explain, x, base.values, [0, 0], { samples: 6, batchSize: 4 });
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual(r.max, [0, 0]);
    // two examples, 6 samples each in batches of 4 and 2
    assert.deepEqual(
      calls.map((t) => t.length),
      [4, 2, 4, 2],
    );
    tf.dispose([x, base.values]);
  });

  it('of the identity explanation Φ(x) = x lies between r·√(D/3)·0.7 and r·√D', async () => {
    const x = tf.randomUniform([1, 8, 8, 3], 0, 1, 'float32', 5);
    const explain = async (y: Tensor) => tf.clone(y);
    const r = await sensitivityMax(explain, x, x, [0], { radius: 0.1, samples: 20, seed: 9 });
    const D = 8 * 8 * 3;
    assert.ok(r.max[0] <= 0.1 * Math.sqrt(D) && r.max[0] > 0.7 * 0.1 * Math.sqrt(D / 3), `${r.max[0]}`);
    const norm = Math.sqrt((await tf.sum(tf.square(x)).data())[0]);
    assert.ok(Math.abs(r.relative[0] / (r.max[0] / norm) - 1) < 1e-5);
    const again = await sensitivityMax(explain, x, x, [0], { radius: 0.1, samples: 20, seed: 9 });
    assert.deepEqual(again.max, r.max);
    x.dispose();
  });
});
