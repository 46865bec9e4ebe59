import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { checkError } from '../../../test/util/kernel_check.ts';
import { finiteDiff, maxAbs, maxAbsDiff } from '../../../test/util/numeric.ts';
import { initEngine } from '../backend.ts';
import { tf } from '../tf.ts';
import { checks } from './checks_image.ts';

const METHODS = ['bilinear', 'nearest'] as const;

describe('CropAndResize gradient', () => {
  before(async () => {
    await initEngine('wasm');
  });

  for (const c of checks.filter((k) => k.kernel.startsWith('CropAndResize'))) {
    it(`${c.kernel} matches the reference: ${c.case}`, async () => {
      const err = await checkError(c);
      assert.ok(err <= 1e-5, `rel err ${err}`);
    });
  }

  for (const backend of ['wasm', 'cpu']) {
    for (const method of METHODS) {
      for (const crop of [
        [4, 5],
        [1, 3],
      ] as [number, number][]) {
        it(`tf.grad wrt image and boxes equals finite differences (${backend}, ${method}, crop ${crop})`, async () => {
          await initEngine(backend);
          const image = tf.randomNormal([2, 6, 7, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
          // Inside, across the border (extrapolated samples), flipped; sample positions stay
          // at least 0.05 pixel from pixel rows and columns so eps = 1e-3 crosses no kink.
          const boxes = tf.tensor2d([
            [0.13, 0.21, 0.77, 0.88],
            [-0.22, 0.31, 1.13, 0.74],
            [0.52, 0.57, 0.23, 0.11],
          ]);
          const boxInd = tf.tensor1d([0, 1, 1], 'int32');
          const r = tf.randomNormal([3, ...crop, 3], 0, 1, 'float32', 2);
          const lossImage = (im: tf.Tensor) =>
            tf.sum(
              tf.mul(tf.image.cropAndResize(im as tf.Tensor4D, boxes, boxInd, crop, method, 0.5), r),
            ) as tf.Scalar;
          const lossBoxes = (bx: tf.Tensor) =>
            tf.sum(
              tf.mul(tf.image.cropAndResize(image, bx as tf.Tensor2D, boxInd, crop, method, 0.5), r),
            ) as tf.Scalar;
          const before = tf.memory().numTensors;
          const gi = tf.grad(lossImage)(image);
          const gb = tf.grad(lossBoxes)(boxes);
          // Linear in the image: central differences are exact up to rounding.
          const fdi = finiteDiff(lossImage, image);
          assert.ok(maxAbsDiff(gi.dataSync(), fdi) <= 2e-3 * Math.max(1, maxAbs(fdi)));
          const fdb = finiteDiff(lossBoxes, boxes, 1e-3);
          assert.ok(
            maxAbsDiff(gb.dataSync(), fdb) <= 1e-2 * Math.max(1, maxAbs(fdb)),
            `boxes: ${gb.dataSync()} vs ${fdb}`,
          );
          if (method === 'bilinear') assert.ok(maxAbs(fdb) > 1, 'the boxes gradient is not trivially zero');
          tf.dispose([gi, gb]);
          assert.equal(tf.memory().numTensors, before);
          tf.dispose([image, boxes, boxInd, r]);
          await initEngine('wasm');
        });
      }
    }
  }
});
