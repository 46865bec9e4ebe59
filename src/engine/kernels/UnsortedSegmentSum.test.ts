import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { checkError } from '../../../test/util/kernel_check.ts';
import { finiteDiff, maxAbs, maxAbsDiff } from '../../../test/util/numeric.ts';
import { initEngine } from '../backend.ts';
import { tf } from '../tf.ts';
import { checks } from './checks_segment_batchnorm.ts';

describe('UnsortedSegmentSum on wasm', () => {
  before(async () => {
    await initEngine('wasm');
  });

  for (const c of checks.filter((k) => k.kernel === 'UnsortedSegmentSum')) {
    it(`matches the reference: ${c.case}`, async () => {
      const err = await checkError(c);
      assert.ok(err <= 1e-5, `rel err ${err}`);
    });
  }

  it('sums rows by id and drops ids outside [0, numSegments), in the input dtype', () => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [5, 2], 'int32');
    const out = tf.unsortedSegmentSum(x, tf.tensor1d([2, -1, 0, 2, 3], 'int32'), 3);
    assert.equal(out.dtype, 'int32');
    assert.deepEqual(out.arraySync(), [
      [5, 6],
      [0, 0],
      [8, 10],
    ]);
    tf.dispose([x, out]);
  });

  for (const axis of [0, 1]) {
    it(`the gradient of gather (axis ${axis}, repeated indices) equals finite differences`, () => {
      const x = tf.randomNormal([4, 5, 3], 0, 1, 'float32', 3);
      const idx = tf.tensor1d(axis === 0 ? [0, 2, 2, 3, 0] : [4, 1, 1], 'int32');
      const r = tf.tidy(() => tf.randomNormal(tf.gather(x, idx, axis).shape, 0, 1, 'float32', 4));
      const loss = (xx: tf.Tensor) => tf.sum(tf.mul(tf.gather(xx, idx, axis), r)) as tf.Scalar;
      const before = tf.memory().numTensors;
      const g = tf.grad(loss)(x);
      const fd = finiteDiff(loss, x);
      assert.ok(maxAbsDiff(g.dataSync(), fd) <= 2e-3 * Math.max(1, maxAbs(fd)));
      g.dispose();
      assert.equal(tf.memory().numTensors, before);
      tf.dispose([x, idx, r]);
    });
  }
});
