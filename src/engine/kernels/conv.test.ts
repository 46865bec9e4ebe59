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

describe('cached derived filters (Conv2DBackpropInput.ts)', () => {
  before(async () => {
    await initEngine('wasm');
  });

  it('one filter used with several strides and pads gets the gradient of each, on repeated calls', async () => {
    const w = tf.randomNormal([3, 3, 8, 4], 0, 1, 'float32', 21) as tf.Tensor4D;
    const x = tf.randomNormal([1, 9, 9, 8], 0, 1, 'float32', 22) as tf.Tensor4D;
    const cases = [
      [1, 'same'],
      [2, 'same'],
      [2, 'valid'],
      [3, 'valid'],
    ] as const;
    const grads = () =>
      cases.map(([s, pad]) =>
        tf.tidy(() => {
          const r = tf.randomNormal(tf.conv2d(x, w, s, pad).shape, 0, 1, 'float32', 23);
          const loss = (xx: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xx as tf.Tensor4D, w, s, pad), r));
          return tf.grad(loss)(x).dataSync().slice();
        }),
      );
    const wasm = grads();
    const again = grads();
    await initEngine('cpu');
    const cpu = grads();
    await initEngine('wasm');
    cases.forEach((_, i) => {
      assert.ok(maxAbsDiff(wasm[i], cpu[i]) <= 1e-4 * Math.max(1, maxAbs(cpu[i])), `case ${i}`);
      assert.deepEqual(again[i], wasm[i]);
    });
    tf.dispose([w, x]);
  });
});
