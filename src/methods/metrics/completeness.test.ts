import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { linearImageModel } from '../../../test/util/linear_model.ts';
import { initEngine } from '../../engine/backend.ts';
import { tf } from '../../engine/tf.ts';
import { completeness } from './completeness.ts';

describe('completeness', () => {
  before(() => initEngine('wasm'));
  const w = [2, -1, 0.5, 3];

  it('is 0 for the exact attributions (x − b) ⊙ w of a linear model, 1 for zero attributions', async () => {
    const model = linearImageModel(
      [2, 2, 1],
      w.map((v) => [v, 1]),
      [0.7, 0],
    );
    const xv = [0.9, 0.1, 0.4, 0.6];
    const x = tf.tensor4d(xv, [1, 2, 2, 1]);
    const exact = tf.tensor4d(
      xv.map((v, j) => (v - 0.25) * w[j]),
      [1, 2, 2, 1],
    );
    const before = tf.memory().numTensors;
    const r = await completeness(model, x, exact, { target: 0, baselines: 0.25 });
    assert.equal(tf.memory().numTensors, before);
    const change = xv.reduce((s, v, j) => s + (v - 0.25) * w[j], 0);
    assert.ok(Math.abs(r.change[0] - change) < 1e-5);
    assert.ok(r.error[0] < 1e-5);
    const zero = tf.zerosLike(x);
    const z = await completeness(model, x, zero, { target: 0, baselines: 0.25 });
    assert.ok(Math.abs(z.error[0] - 1) < 1e-6);
    assert.ok(Math.abs(z.delta[0] + change) < 1e-5);
    // a baseline tensor per example; half the attribution: error 1/2
    const bt = tf.fill([1, 2, 2, 1], 0.25);
    const half = tf.mul(exact, 0.5);
    const h = await completeness(model, x, half, { target: 0, baselines: bt });
    assert.ok(Math.abs(h.error[0] - 0.5) < 1e-5);
    tf.dispose([x, exact, zero, bt, half]);
  });

  it('rejects an attribution not shaped like the input', async () => {
    const model = linearImageModel(
      [2, 2, 1],
      w.map((v) => [v]),
    );
    const x = tf.ones([1, 2, 2, 1]);
    const a = tf.ones([1, 4]);
    await assert.rejects(completeness(model, x, a), /shaped like the input \[1,2,2,1\], got \[1,4\]/);
    tf.dispose([x, a]);
  });
});
