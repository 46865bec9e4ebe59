import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { linearImageModel } from '../../../test/util/linear_model.ts';
import { initEngine } from '../../engine/backend.ts';
import { Rng } from '../../engine/rng.ts';
import { tf } from '../../engine/tf.ts';
import { LayersModelAdapter } from '../../model/tfjs.ts';
import { infidelity } from './infidelity.ts';

describe('infidelity', () => {
  const rng = new Rng(11);
  const shape: [number, number, number] = [5, 4, 2];
  const D = 5 * 4 * 2;
  const w = Array.from({ length: D }, () => rng.normal());
  let model: LayersModelAdapter;
  before(async () => {
    await initEngine('wasm');
    model = linearImageModel(
      shape,
      w.map((v) => [v, -v]),
      [0.2, 0],
    );
  });
  const xv = Array.from({ length: 2 * D }, () => rng.next());
  const b = 0.3;

  it('is 0 for the exact attributions (x − b) ⊙ w of a linear model under square removal', async () => {
    const x = tf.tensor4d(xv, [2, ...shape]);
    const attr = tf.tensor4d(
      xv.map((v, j) => (v - b) * w[j % D]),
      [2, ...shape],
    );
    const before = tf.memory().numTensors;
    const r = await infidelity(model, x, attr, {
      target: 0,
      perturbation: 'square',
      squareSize: 2,
      baseline: b,
      multiplyByInputs: true,
      samples: 16,
      seed: 5,
    });
    assert.equal(tf.memory().numTensors, before);
    for (const v of r.infidelity) assert.ok(v < 1e-9, `infidelity ${v}`);
    // the same attributions read as local (not divided by x − b) are far from faithful
    const local = await infidelity(model, x, attr, {
      target: 0,
      perturbation: 'square',
      baseline: b,
      seed: 5,
    });
    for (const v of local.infidelity) assert.ok(v > 1e-3, `local ${v}`);
    tf.dispose([x, attr]);
  });

  it('is 0 for the gradient w under Gaussian noise; 2w is off by E[(I·w)²] unless normalised (β = 1/2)', async () => {
    const x = tf.tensor4d(xv, [2, ...shape]);
    const grad = tf.tensor4d(
      xv.map((_, j) => -w[j % D]),
      [2, ...shape],
    );
    const r = await infidelity(model, x, grad, { target: 1, stdev: 0.5, samples: 8 });
    for (const v of r.infidelity) assert.ok(v < 1e-9, `infidelity ${v}`);
    const twice = tf.mul(grad, 2);
    const off = await infidelity(model, x, twice, { target: 1, stdev: 0.5, samples: 400, seed: 1 });
    // E[(I·w)²] = stdev² ‖w‖²: the Monte Carlo mean of 400 samples lies within ~15%
    const want = 0.25 * w.reduce((s, v) => s + v * v, 0);
    for (const v of off.infidelity) assert.ok(Math.abs(v / want - 1) < 0.2, `${v} vs ${want}`);
    const norm = await infidelity(model, x, twice, { target: 1, stdev: 0.5, samples: 8, normalize: true });
    for (const [i, v] of norm.infidelity.entries()) {
      assert.ok(v < 1e-9);
      assert.ok(Math.abs(norm.beta[i] - 0.5) < 1e-5);
    }
    tf.dispose([x, grad, twice]);
  });

  it('is reproducible by seed and refuses square removal on non-image inputs', async () => {
    const x = tf.tensor4d(xv, [2, ...shape]);
    const attr = tf.onesLike(x);
    const a = await infidelity(model, x, attr, { target: 0, seed: 3, samples: 4 });
    const a2 = await infidelity(model, x, attr, { target: 0, seed: 3, samples: 4 });
    const c = await infidelity(model, x, attr, { target: 0, seed: 4, samples: 4 });
    assert.deepEqual(a.infidelity, a2.infidelity);
    assert.notDeepEqual(a.infidelity, c.infidelity);
    const m = tf.sequential();
    m.add(tf.layers.dense({ inputShape: [3], units: 2 }));
    const flat = new LayersModelAdapter(m, { name: 'flat', hash: '0' });
    const v = tf.ones([1, 3]);
    await assert.rejects(infidelity(flat, v, v, { perturbation: 'square' }), /needs image inputs/);
    tf.dispose([x, attr, v]);
  });
});
