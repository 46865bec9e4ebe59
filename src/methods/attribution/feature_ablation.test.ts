import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { asNchw, convModel, linearModel, maxAbsDiff, scoreOne } from '../../../test/util/perturbation.ts';
import { initEngine } from '../../engine/backend.ts';
import { Rng } from '../../engine/rng.ts';
import { tf } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';
import { featureAblation } from './feature_ablation.ts';
import { slic } from './superpixels.ts';

/** The reference: for each feature id, set its positions (all channels) to the baseline and score once. */
function bruteForce(model: Model, x: Float32Array, b: number, target: number, labels: ArrayLike<number>) {
  const nchw = model.layout === 'nchw';
  const C = nchw ? model.inputShape[0] : model.inputShape[2];
  const hw = labels.length;
  const pos = (q: number) => (nchw ? q % hw : Math.floor(q / C));
  const fx = scoreOne(model, x, target);
  const ids = [...new Set(Array.from(labels))];
  const drop = new Map<number, number>();
  for (const id of ids) {
    const v = Float32Array.from(x, (xv, q) => (labels[pos(q)] === id ? b : xv));
    drop.set(id, fx - scoreOne(model, v, target));
  }
  return Float32Array.from(x, (_, q) => drop.get(labels[pos(q)])!);
}

const data = (n: number, seed: number) => {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.next());
};

describe('feature ablation', () => {
  before(() => initEngine('wasm'));

  for (const layout of ['nhwc', 'nchw'] as const) {
    it(`equals a brute-force loop over grid cells and over a custom mask (${layout})`, async () => {
      const nhwc = convModel([6, 5, 2]);
      const model = layout === 'nhwc' ? nhwc : asNchw(nhwc);
      const xData = data(60, 7);
      const x = tf.tensor(xData, [1, ...model.inputShape]);
      const before = tf.memory().numTensors;
      // grid of 4×2 cells, cut off at the border: cell id = floor(h/4)·3 + floor(w/2)
      const grid = Array.from(
        { length: 30 },
        (_, p) => Math.floor(Math.floor(p / 5) / 4) * 3 + Math.floor((p % 5) / 2),
      );
      const custom = Array.from({ length: 30 }, (_, p) => [7, -1, 3][(p * 7) % 3]);
      for (const [features, labels] of [
        [{ grid: [4, 2] as const }, grid],
        [custom, custom],
      ] as const) {
        const r = await featureAblation(model, x, { features, baselines: 0.5, perturbationsPerEval: 2 });
        const want = bruteForce(model, xData, 0.5, r.meta.targets[0], labels);
        assert.ok(maxAbsDiff(r.values.dataSync(), want) < 1e-6);
        assert.ok(want.some((v) => Math.abs(v) > 1e-3));
        r.values.dispose();
      }
      assert.equal(tf.memory().numTensors, before);
      x.dispose();
    });
  }

  it('with superpixels ablates the SLIC segments of each image', async () => {
    const model = convModel([8, 8, 1]);
    const imgs = [data(64, 8), Float32Array.from({ length: 64 }, (_, p) => (p % 8 < 4 ? 1 : 0))];
    const x = tf.tensor([...imgs[0], ...imgs[1]], [2, 8, 8, 1]);
    const r = await featureAblation(model, x, { features: { superpixels: 4 } });
    const got = r.values.dataSync();
    for (let i = 0; i < 2; i++) {
      const { labels } = slic(imgs[i], 8, 8, 1, { segments: 4 });
      const want = bruteForce(model, imgs[i], 0, r.meta.targets[i], labels);
      assert.ok(maxAbsDiff(got.subarray(i * 64, (i + 1) * 64), want) < 1e-6);
    }
    assert.deepEqual(r.meta.options.features, { superpixels: 4 });
    tf.dispose([x, r.values]);
  });

  it('of a linear model with single-position features is (x − b)·w, and an empty change changes nothing', async () => {
    const W = [[1], [-2], [0.5], [3]];
    const model = linearModel(W);
    const x = tf.tensor2d([[0.2, 0.4, -1, 2]]);
    const r = await featureAblation(model, x, { baselines: tf.tensor1d([0.2, 0, 0, 1]), target: 0 });
    const got = r.values.dataSync();
    const want = [0, 0.4 * -2, -1 * 0.5, (2 - 1) * 3];
    assert.ok(maxAbsDiff(got, want) < 1e-6, `${got}`);
    assert.equal(r.meta.options.features, 'pixels');
    tf.dispose([x, r.values]);
  });

  it('rejects a mask of the wrong size and a grid cell larger than the image', async () => {
    const model = convModel([6, 5, 2]);
    const x = tf.zeros([1, 6, 5, 2]);
    await assert.rejects(
      featureAblation(model, x, { features: [0, 1, 2] }),
      /feature mask has 3 entries .* \[6,5\] has 30/,
    );
    await assert.rejects(featureAblation(model, x, { features: { grid: 7 } }), /grid cell \[7,7\] is larger/);
    x.dispose();
  });
});
