import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { finiteDiff, maxAbs, maxAbsDiff } from '../../../test/util/numeric.ts';
import { initEngine } from '../backend.ts';
import { tf } from '../tf.ts';

describe('convolution gradients on wasm equal finite differences', () => {
  before(async () => {
    await initEngine('wasm');
  });

  for (const [stride, pad] of [
    [1, 'same'],
    [2, 'valid'],
  ] as const) {
    it(`conv2d input and filter gradients equal finite differences (stride ${stride}, ${pad})`, () => {
      const x = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 7) as tf.Tensor4D;
      const w = tf.randomNormal([3, 3, 2, 3], 0, 1, 'float32', 8) as tf.Tensor4D;
      const r = tf.randomNormal(tf.conv2d(x, w, stride, pad).shape, 0, 1, 'float32', 9);
      // A loss that weighs every output differently so no gradient entry is trivially zero.
      const lossX = (xx: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv2d(xx as tf.Tensor4D, w, stride, pad), r)) as tf.Scalar;
      const lossW = (ww: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv2d(x, ww as tf.Tensor4D, stride, pad), r)) as tf.Scalar;
      const before = tf.memory().numTensors;
      const gx = tf.grad(lossX)(x);
      const gw = tf.grad(lossW)(w);
      const fdx = finiteDiff(lossX, x);
      const fdw = finiteDiff(lossW, w);
      // The loss is linear in each argument, so central differences are exact up to float32 rounding.
      assert.ok(maxAbsDiff(gx.dataSync(), fdx) <= 2e-3 * Math.max(1, maxAbs(fdx)));
      assert.ok(maxAbsDiff(gw.dataSync(), fdw) <= 2e-3 * Math.max(1, maxAbs(fdw)));
      gx.dispose();
      gw.dispose();
      assert.equal(tf.memory().numTensors, before);
      tf.dispose([x, w, r]);
    });
  }
});
