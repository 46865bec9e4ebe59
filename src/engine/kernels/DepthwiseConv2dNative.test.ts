import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { checkError } from '../../../test/util/kernel_check.ts';
import { finiteDiff, maxAbs, maxAbsDiff } from '../../../test/util/numeric.ts';
import { initEngine } from '../backend.ts';
import { tf } from '../tf.ts';
import { checks } from './checks_depthwise.ts';
import { stridePhases } from './DepthwiseConv2dNativeBackpropInput.ts';

describe('depthwise convolution gradient kernels on wasm', () => {
  before(async () => {
    await initEngine('wasm');
  });

  for (const c of checks) {
    it(`${c.kernel} matches the reference: ${c.case}`, async () => {
      const err = await checkError(c);
      assert.ok(err <= (c.tolerance ?? 1e-5), `rel err ${err}`);
    });
  }

  it('splits a stride-2 transposed correlation into phases with the right taps and pads', () => {
    // H = 28, k = 3, s = 2, same: Ho = 14, pad top 0. Even rows take taps 0 and 2, odd rows tap 1.
    const { count, phases } = stridePhases(28, 14, 3, 2, 0);
    assert.equal(count, 14);
    assert.deepEqual(phases, [
      { first: 0, taps: 2, before: 1, after: 0 },
      { first: 1, taps: 1, before: 0, after: 0 },
    ]);
    // k = 1 < s = 2: odd rows are never read by the forward pass.
    assert.equal(stridePhases(7, 4, 1, 2, 0).phases[1].taps, 0);
  });

  const cases = [
    { m: 1, s: 1, pad: 'same' },
    { m: 2, s: 2, pad: 'valid' },
    { m: 1, s: 2, pad: 'same' },
    { m: 3, s: 1, pad: 'valid' },
  ] as const;
  for (const { m, s, pad } of cases) {
    it(`tf.grad of depthwiseConv2d equals finite differences (multiplier ${m}, stride ${s}, ${pad})`, () => {
      const x = tf.randomNormal([2, 7, 7, 2], 0, 1, 'float32', 7) as tf.Tensor4D;
      const w = tf.randomNormal([3, 3, 2, m], 0, 1, 'float32', 8) as tf.Tensor4D;
      const r = tf.tidy(() => tf.randomNormal(tf.depthwiseConv2d(x, w, s, pad).shape, 0, 1, 'float32', 9));
      // A loss that weighs every output differently so no gradient entry is trivially zero.
      const lossX = (xx: tf.Tensor) =>
        tf.sum(tf.mul(tf.depthwiseConv2d(xx as tf.Tensor4D, w, s, pad), r)) as tf.Scalar;
      const lossW = (ww: tf.Tensor) =>
        tf.sum(tf.mul(tf.depthwiseConv2d(x, ww as tf.Tensor4D, s, pad), r)) as tf.Scalar;
      const before = tf.memory().numTensors;
      const gx = tf.grad(lossX)(x);
      const gw = tf.grad(lossW)(w);
      const fdx = finiteDiff(lossX, x);
      const fdw = finiteDiff(lossW, w);
      // The loss is linear in each argument, so central differences are exact up to float32 rounding.
      assert.ok(maxAbsDiff(gx.dataSync(), fdx) <= 2e-3 * Math.max(1, maxAbs(fdx)));
      assert.ok(maxAbsDiff(gw.dataSync(), fdw) <= 2e-3 * Math.max(1, maxAbs(fdw)));
      tf.dispose([gx, gw]);
      assert.equal(tf.memory().numTensors, before);
      tf.dispose([x, w, r]);
    });
  }

  it('separableConv2d trains through both filters on wasm', () => {
    const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 10) as tf.Tensor4D;
    const dw = tf.randomNormal([3, 3, 3, 2], 0, 1, 'float32', 11) as tf.Tensor4D;
    const pw = tf.randomNormal([1, 1, 6, 4], 0, 1, 'float32', 12) as tf.Tensor4D;
    const loss = (a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.square(tf.separableConv2d(x, a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same'))) as tf.Scalar;
    const [gd, gp] = tf.grads(loss)([dw, pw]);
    assert.deepEqual(gd.shape, dw.shape);
    assert.deepEqual(gp.shape, pw.shape);
    assert.ok(maxAbs(gd.dataSync()) > 0);
    tf.dispose([x, dw, pw, gd, gp]);
  });
});
