import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { checkError } from '../../../test/util/kernel_check.ts';
import { finiteDiff, maxAbs, maxAbsDiff } from '../../../test/util/numeric.ts';
import { initEngine } from '../backend.ts';
import { tf } from '../tf.ts';
import { checks } from './checks_image.ts';

describe('RotateWithOffset gradient', () => {
  before(async () => {
    await initEngine('wasm');
  });

  for (const c of checks.filter((k) => k.kernel === 'RotateWithOffsetGrad')) {
    it(`matches the reference: ${c.case}`, async () => {
      const err = await checkError(c);
      assert.ok(err <= 1e-5, `rel err ${err}`);
    });
  }

  for (const backend of ['wasm', 'cpu']) {
    for (const [radians, fill, center] of [
      [0.4, 0, 0.5],
      [2.5, [0.1, 0.2, 0.3], [0.3, 0.6]],
    ] as const) {
      it(`tf.grad wrt the image equals finite differences (${backend}, ${radians} rad)`, async () => {
        await initEngine(backend);
        const image = tf.randomNormal([2, 6, 7, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
        const r = tf.randomNormal(image.shape, 0, 1, 'float32', 2);
        const loss = (im: tf.Tensor) =>
          tf.sum(
            tf.mul(
              tf.image.rotateWithOffset(
                im as tf.Tensor4D,
                radians,
                fill as number | [number, number, number],
                center as number,
              ),
              r,
            ),
          ) as tf.Scalar;
        const before = tf.memory().numTensors;
        const g = tf.grad(loss)(image);
        const fd = finiteDiff(loss, image);
        // A copy of some pixels: linear, so central differences are exact up to rounding.
        assert.ok(maxAbsDiff(g.dataSync(), fd) <= 2e-3 * Math.max(1, maxAbs(fd)));
        assert.ok(maxAbs(fd) > 0.5);
        g.dispose();
        assert.equal(tf.memory().numTensors, before);
        tf.dispose([image, r]);
        await initEngine('wasm');
      });
    }
  }
});
