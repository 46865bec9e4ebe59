import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { checkError } from '../../../test/util/kernel_check.ts';
import { finiteDiff, maxAbs, maxAbsDiff } from '../../../test/util/numeric.ts';
import { initEngine } from '../backend.ts';
import { tf } from '../tf.ts';
import { checks, GRAD_CASES } from './checks_grads.ts';

/**
 * The gradients we add or fix for stock ops (checks_grads.ts lists them: scans, indexing,
 * comparisons, mirror padding, average pooling, resizing) and the forward fixes they rely on.
 */
describe('gradients added or fixed for stock ops', () => {
  before(async () => {
    await initEngine('wasm');
  });

  for (const c of checks) {
    it(`${c.kernel} matches the reference on cpu: ${c.case}`, async () => {
      const err = await checkError(c);
      assert.ok(err <= 1e-5, `rel err ${err}`);
    });
  }

  for (const c of GRAD_CASES) {
    it(`${c.kernel} gradient equals finite differences on wasm: ${c.name}`, () => {
      const x = tf.randomNormal(c.shape, 0, 1, 'float32', 91);
      const r = tf.tidy(() => tf.randomNormal(c.f(x).shape, 0, 1, 'float32', 92));
      const loss = (xx: tf.Tensor) => tf.sum(tf.mul(c.f(xx), r)) as tf.Scalar;
      const before = tf.memory().numTensors;
      const g = tf.grad(loss)(x);
      // Small steps: the masks, top-k choices and products must not change within them.
      const fd = finiteDiff(loss, x, 1e-3);
      assert.ok(maxAbsDiff(g.dataSync(), fd) <= 1e-2 * Math.max(1, maxAbs(fd)), `${g.dataSync()} vs ${fd}`);
      g.dispose();
      assert.equal(tf.memory().numTensors, before);
      tf.dispose([x, r]);
    });
  }

  it('Cumsum and Cumprod accept negative axes (wasm read out of bounds, cpu returned nothing)', () => {
    const x = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    assert.deepEqual(tf.cumsum(x, -1).arraySync(), [
      [1, 3, 6],
      [4, 9, 15],
    ]);
    assert.deepEqual(tf.cumprod(x, -2).arraySync(), [
      [1, 2, 3],
      [4, 10, 18],
    ]);
    x.dispose();
  });
});
