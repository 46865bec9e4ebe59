/**
 * The stock wasm kernels we replace because they compute wrong values: against the cpu
 * backend, and their gradients against finite differences.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { checkError } from '../../../test/util/kernel_check.ts';
import { finiteDiff, maxAbs, maxAbsDiff } from '../../../test/util/numeric.ts';
import { initEngine } from '../backend.ts';
import { tf } from '../tf.ts';
import { checks } from './checks_replaced.ts';

describe('replaced wasm kernels (Dilation2D family, Conv3DBackpropInputV2)', () => {
  before(async () => {
    await initEngine('wasm');
  });

  for (const c of checks) {
    it(`${c.kernel} matches the cpu backend: ${c.case}`, async () => {
      const err = await checkError(c);
      assert.ok(err <= 1e-5, `rel err ${err}`);
    });
  }

  it('dilation2d of an all-negative image is not 1.2e-38 (the stock kernel started at FLT_MIN)', () => {
    const x = tf.fill([1, 3, 3, 1], -5) as tf.Tensor4D;
    const out = tf.dilation2d(x, tf.zeros([2, 2, 1]) as tf.Tensor3D, 1, 'valid');
    assert.deepEqual(Array.from(out.dataSync()), [-5, -5, -5, -5]);
    tf.dispose([x, out]);
  });

  for (const [s, pad] of [
    [1, 'same'],
    [2, 'valid'],
  ] as const) {
    it(`dilation2d gradients equal finite differences (stride ${s}, ${pad})`, () => {
      const x = tf.randomNormal([1, 5, 5, 2], 0, 1, 'float32', 1) as tf.Tensor4D;
      const f = tf.randomNormal([2, 2, 2], 0, 1, 'float32', 3) as tf.Tensor3D;
      const r = tf.tidy(() => tf.randomNormal(tf.dilation2d(x, f, s, pad).shape, 0, 1, 'float32', 4));
      const lossX = (xx: tf.Tensor) =>
        tf.sum(tf.mul(tf.dilation2d(xx as tf.Tensor4D, f, s, pad), r)) as tf.Scalar;
      const lossF = (ff: tf.Tensor) =>
        tf.sum(tf.mul(tf.dilation2d(x, ff as tf.Tensor3D, s, pad), r)) as tf.Scalar;
      const gx = tf.grad(lossX)(x);
      const gf = tf.grad(lossF)(f);
      // Small steps so no window changes its maximising tap.
      const fdx = finiteDiff(lossX, x, 1e-3);
      const fdf = finiteDiff(lossF, f, 1e-3);
      assert.ok(maxAbsDiff(gx.dataSync(), fdx) <= 1e-2 * Math.max(1, maxAbs(fdx)));
      assert.ok(maxAbsDiff(gf.dataSync(), fdf) <= 1e-2 * Math.max(1, maxAbs(fdf)));
      tf.dispose([x, f, r, gx, gf]);
    });
  }

  it('conv3d input gradient equals finite differences (stride 2, same)', () => {
    const x = tf.randomNormal([1, 4, 5, 4, 2], 0, 1, 'float32', 5) as tf.Tensor5D;
    const w = tf.randomNormal([3, 3, 3, 2, 2], 0, 1, 'float32', 6) as tf.Tensor5D;
    const r = tf.tidy(() => tf.randomNormal(tf.conv3d(x, w, 2, 'same').shape, 0, 1, 'float32', 7));
    const loss = (xx: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv3d(xx as tf.Tensor5D, w, 2, 'same'), r)) as tf.Scalar;
    const before = tf.memory().numTensors;
    const g = tf.grad(loss)(x);
    const fd = finiteDiff(loss, x);
    assert.ok(maxAbsDiff(g.dataSync(), fd) <= 2e-3 * Math.max(1, maxAbs(fd)));
    g.dispose();
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([x, w, r]);
  });
});
