import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { asNchw, convModel, linearModel, maxAbsDiff } from '../../../test/util/perturbation.ts';
import { initEngine } from '../../engine/backend.ts';
import { Rng } from '../../engine/rng.ts';
import { tf } from '../../engine/tf.ts';
import { rise, riseMasks } from './rise.ts';

describe('rise', () => {
  before(() => initEngine('wasm'));

  it('ranks highest the one region a model looks at', async () => {
    // class 0 scores the sum of rows 2..3, columns 5..6 of an 8×8 image; class 1 is constant
    const inRegion = (p: number) => [2, 3].includes(Math.floor(p / 8)) && [5, 6].includes(p % 8);
    const W = Array.from({ length: 64 }, (_, p) => [inRegion(p) ? 1 : 0, 0]);
    const model = linearModel(W, [0, 1], [8, 8, 1]);
    const x = tf.ones([1, 8, 8, 1]);
    const before = tf.memory().numTensors;
    const r = await rise(model, x, { masks: 400, cellSize: 2, target: 0 });
    const v = Array.from(r.values.dataSync());
    const best = v.indexOf(Math.max(...v));
    assert.ok(inRegion(best), `best position ${best}`);
    // every position of the region above every position two or more cells away from it
    const far = (p: number) => Math.floor(p / 8) < 1 || Math.floor(p / 8) > 4 || p % 8 < 4;
    const low = Math.min(...v.filter((_, p) => inRegion(p)));
    assert.ok(low > Math.max(...v.filter((_, p) => far(p))));
    r.values.dispose();
    assert.equal(tf.memory().numTensors, before);
    x.dispose();
  });

  it('draws soft masks in [0, 1] kept with probability p on average', () => {
    const draw = riseMasks(14, 14, [2, 2], 0.3, new Rng(1));
    const m = new Float32Array(196);
    let sum = 0;
    for (let k = 0; k < 300; k++) {
      draw(m);
      assert.ok(m.every((v) => v >= 0 && v <= 1));
      sum += m.reduce((a, b) => a + b, 0);
    }
    assert.ok(Math.abs(sum / (300 * 196) - 0.3) < 0.03);
  });

  it('is deterministic for a seed, independent of the batching, and works on NCHW', async () => {
    const model = asNchw(convModel([6, 5, 2]));
    const x = tf.tensor(
      Float32Array.from({ length: 60 }, (_, q) => (q % 7) / 7),
      [1, 2, 6, 5],
    );
    const run = async (seed: number, perturbationsPerEval?: number) => {
      const r = await rise(model, x, { masks: 20, seed, perturbationsPerEval });
      assert.deepEqual(r.values.shape, [1, 2, 6, 5]);
      const v = Array.from(r.values.dataSync());
      r.values.dispose();
      return v;
    };
    const a = await run(1);
    assert.deepEqual(a.slice(0, 30), a.slice(30), 'both channels share the mask');
    assert.ok(maxAbsDiff(a, await run(1, 3)) < 1e-6);
    assert.notDeepEqual(a, await run(2));
    await assert.rejects(rise(model, x, { p: 1 }), /option p must be a probability in \(0, 1\)/);
    await assert.rejects(rise(model, x, { masks: 0 }), /option masks must be an integer >= 1/);
    x.dispose();
  });
});
