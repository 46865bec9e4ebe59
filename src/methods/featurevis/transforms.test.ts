import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { finiteDiff, maxAbs, maxAbsDiff } from '../../../test/util/numeric.ts';
import { initEngine } from '../../engine/backend.ts';
import { Rng } from '../../engine/rng.ts';
import { type Tensor4D, tf } from '../../engine/tf.ts';
import {
  compose,
  cropOrPadTo,
  jitter,
  pad,
  randomRotate,
  randomScale,
  standardTransforms,
  type Transform,
} from './transforms.ts';

function image(shape: [number, number, number, number], seed = 1): Tensor4D {
  const rng = new Rng(seed);
  return tf.tensor4d(
    Array.from({ length: shape.reduce((a, b) => a * b) }, () => rng.next()),
    shape,
  );
}

describe('featurevis transforms', () => {
  before(async () => {
    await initEngine();
  });

  it('identity settings return the input exactly', () => {
    const x = image([2, 9, 7, 3]);
    const want = x.dataSync();
    const ids: Transform[] = [
      pad(0),
      jitter(0),
      randomScale([1]),
      randomRotate([0]),
      cropOrPadTo(9, 7),
      compose(),
      compose(pad(3), cropOrPadTo(9, 7)),
    ];
    for (const t of ids) {
      const y = tf.tidy(() => t(x, new Rng(0)));
      assert.deepEqual(y.shape, x.shape);
      assert.equal(maxAbsDiff(y.dataSync(), want), 0);
      if (y !== x) y.dispose();
    }
    // a scale of 1 through crop-and-resize itself (not short-circuited) is exact too
    const boxed = tf.tidy(() =>
      tf.image.cropAndResize(
        x,
        tf.tensor2d([
          [0, 0, 1, 1],
          [0, 0, 1, 1],
        ]),
        tf.tensor1d([0, 1], 'int32'),
        [9, 7],
      ),
    );
    assert.ok(maxAbsDiff(boxed.dataSync(), want) < 1e-6);
    tf.dispose([x, boxed]);
  });

  it('pad, jitter and cropOrPadTo give the expected sizes; jitter is a shift', () => {
    const x = image([1, 8, 8, 1]);
    const rng = new Rng(3);
    tf.tidy(() => {
      assert.deepEqual(pad(2)(x, rng).shape, [1, 12, 12, 1]);
      const j = jitter(3)(x, rng);
      assert.deepEqual(j.shape, [1, 5, 5, 1]);
      assert.deepEqual(cropOrPadTo(6, 10)(x, rng).shape, [1, 6, 10, 1]);
      assert.equal(tf.sum(pad(1, 0.5)(tf.zeros([1, 2, 2, 1]) as Tensor4D, rng)).dataSync()[0], 6);
    });
    x.dispose();
  });

  for (const [name, t] of [
    ['random scale 1.3', randomScale([1.3])],
    ['random scale 0.8', randomScale([0.8], 0.2)],
    ['random rotate 30 degrees', randomRotate([30])],
  ] as [string, Transform][]) {
    it(`${name}: gradient equals finite differences`, () => {
      const x = image([1, 6, 5, 2], 7);
      const w = image([1, 6, 5, 2], 8);
      const f = (v: tf.Tensor) => tf.sum(tf.mul(tf.square(t(v as Tensor4D, new Rng(0))), w)) as tf.Scalar;
      const g = tf.grad(f)(x);
      const fd = finiteDiff(f, x, 1e-2);
      assert.ok(maxAbs(g.dataSync()) > 0.1);
      assert.ok(maxAbsDiff(g.dataSync(), fd) < 2e-3, `max diff ${maxAbsDiff(g.dataSync(), fd)}`);
      tf.dispose([x, w, g]);
    });
  }

  it('the standard set is seeded and scaled to the size', () => {
    const x = image([1, 28, 28, 1]);
    const run = (seed: number) =>
      tf.tidy(() => compose(...standardTransforms(28))(x, new Rng(seed)).dataSync());
    assert.deepEqual(run(5), run(5));
    assert.ok(maxAbsDiff(run(5), run(6)) > 0);
    const small = tf.tidy(() => compose(...standardTransforms(28))(x, new Rng(1)).shape);
    assert.deepEqual(small, [1, 29, 29, 1]); // 28 + 2*2 - 2 - 1
    const big = image([1, 224, 224, 3]);
    const bigShape = tf.tidy(() => compose(...standardTransforms(224))(big, new Rng(1)).shape);
    assert.deepEqual(bigShape, [1, 236, 236, 3]); // 224 + 24 - 8 - 4
    tf.dispose([x, big]);
  });
});
