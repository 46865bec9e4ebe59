import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { linearImageModel } from '../../../test/util/linear_model.ts';
import { initEngine } from '../../engine/backend.ts';
import { tf } from '../../engine/tf.ts';
import { deletionInsertion } from './deletion_insertion.ts';

describe('deletion and insertion', () => {
  before(() => initEngine('wasm'));

  it('of a linear model with attribution w ⊙ x match a hand computation', async () => {
    // f(x) = 4 x0 + 3 x1 + 2 x2 + 1 x3 on a 2x2 grey image of ones; attribution = w ⊙ x
    const model = linearImageModel([2, 2, 1], [[4], [3], [2], [1]]);
    const x = tf.ones([1, 2, 2, 1]);
    const attr = tf.tensor4d([4, 3, 2, 1], [1, 2, 2, 1]);
    const before = tf.memory().numTensors;
    const r = await deletionInsertion(model, x, attr, { target: 0, steps: 4, insertion: 0 });
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual(r.deletion[0].fractions, [0, 0.25, 0.5, 0.75, 1]);
    // deleting the most important pixel first: 10, 6, 3, 1, 0
    assert.deepEqual(r.deletion[0].scores, [10, 6, 3, 1, 0]);
    // 0.25 · ((10+6)/2 + (6+3)/2 + (3+1)/2 + (1+0)/2) = 0.25 · 15
    assert.ok(Math.abs(r.deletion[0].auc - 3.75) < 1e-9);
    // inserting into zeros: 0, 4, 7, 9, 10; 0.25 · (2 + 5.5 + 8 + 9.5)
    assert.deepEqual(r.insertion[0].scores, [0, 4, 7, 9, 10]);
    assert.ok(Math.abs(r.insertion[0].auc - 6.25) < 1e-9);
    tf.dispose([x, attr]);
  });

  it('a reversed ranking gives the mirror curves; 2 steps over 4 pixels; the mean substrate', async () => {
    const model = linearImageModel([2, 2, 1], [[4], [3], [2], [1]]);
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    const attr = tf.tensor4d([-4, -3, -2, -1], [1, 2, 2, 1]);
    const r = await deletionInsertion(model, x, attr, {
      target: 0,
      steps: 2,
      deletion: 'mean',
      insertion: 0,
    });
    // f(x) = 4+6+6+4 = 20; order by value: pixel 3, 2, 1, 0; mean = 2.5
    // step 1: pixels 3, 2 -> 2.5: 4+6+5+2.5 = 17.5; step 2: all 2.5: 25
    assert.deepEqual(r.deletion[0].scores, [20, 17.5, 25]);
    assert.ok(Math.abs(r.deletion[0].auc - 0.5 * ((20 + 17.5) / 2 + (17.5 + 25) / 2)) < 1e-9);
    // insertion from 0: pixels 3, 2 inserted: 6 + 4 = 10
    assert.deepEqual(r.insertion[0].scores, [0, 10, 20]);
    tf.dispose([x, attr]);
  });

  it('starts insertion from a blur that keeps a constant image constant, batch by batch', async () => {
    const model = linearImageModel(
      [4, 4, 1],
      Array.from({ length: 16 }, (_, i) => [i % 3]),
    );
    const x = tf.fill([2, 4, 4, 1], 0.5);
    const attr = tf.randomNormal([2, 4, 4, 1], 0, 1, 'float32', 2);
    const r = await deletionInsertion(model, x, attr, { target: [0, 0], steps: 5, batchSize: 2 });
    const f = 0.5 * Array.from({ length: 16 }, (_, i) => i % 3).reduce((a, b) => a + b, 0);
    for (const s of r.insertion[0].scores) assert.ok(Math.abs(s - f) < 1e-5);
    assert.equal(r.deletion.length, 2);
    assert.ok(Math.abs(r.deletion[1].scores[5]) < 1e-6);
    tf.dispose([x, attr]);
  });
});
