import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { asNchw, convModel, maxAbsDiff, scoreOne } from '../../../test/util/perturbation.ts';
import { initEngine } from '../../engine/backend.ts';
import { Rng } from '../../engine/rng.ts';
import { tf } from '../../engine/tf.ts';
import { GlassboxError } from '../../messages.ts';
import type { Model } from '../../model/model.ts';
import { occlusion } from './occlusion.ts';

/**
 * The reference: slide the window from 0 by `stride` until it reaches the border, blank it
 * (all channels) with the baseline, one forward pass per window, average the drops.
 */
function bruteForce(
  model: Model,
  x: Float32Array,
  b: Float32Array,
  target: number,
  win: [number, number],
  stride: [number, number],
): Float32Array {
  const nchw = model.layout === 'nchw';
  const [H, W, C] = nchw ? [model.inputShape[1], model.inputShape[2], model.inputShape[0]] : model.inputShape;
  const at = (y: number, xx: number, c: number) => (nchw ? (c * H + y) * W + xx : (y * W + xx) * C + c);
  const starts = (size: number, w: number, s: number) => {
    const out = [0];
    while (out[out.length - 1] + w < size) out.push(out[out.length - 1] + s);
    return out;
  };
  const fx = scoreOne(model, x, target);
  const sum = new Float64Array(H * W);
  const count = new Float64Array(H * W);
  for (const y0 of starts(H, win[0], stride[0])) {
    for (const x0 of starts(W, win[1], stride[1])) {
      const v = Float32Array.from(x);
      for (let y = y0; y < Math.min(H, y0 + win[0]); y++)
        for (let xx = x0; xx < Math.min(W, x0 + win[1]); xx++)
          for (let c = 0; c < C; c++) v[at(y, xx, c)] = b[at(y, xx, c)];
      const drop = fx - scoreOne(model, v, target);
      for (let y = y0; y < Math.min(H, y0 + win[0]); y++)
        for (let xx = x0; xx < Math.min(W, x0 + win[1]); xx++) {
          sum[y * W + xx] += drop;
          count[y * W + xx]++;
        }
    }
  }
  const out = new Float32Array(x.length);
  for (let y = 0; y < H; y++)
    for (let xx = 0; xx < W; xx++)
      for (let c = 0; c < C; c++) out[at(y, xx, c)] = sum[y * W + xx] / count[y * W + xx];
  return out;
}

function randomData(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.next());
}

describe('occlusion', () => {
  before(() => initEngine('wasm'));

  for (const layout of ['nhwc', 'nchw'] as const) {
    it(`equals a brute-force loop (${layout}, overlapping cut-off windows, tensor baseline)`, async () => {
      const nhwc = convModel([6, 5, 2]);
      const model = layout === 'nhwc' ? nhwc : asNchw(nhwc);
      const shape = [2, ...model.inputShape];
      const xData = randomData(2 * 60, 3);
      const bData = randomData(60, 4);
      const x = tf.tensor(xData, shape);
      const b = tf.tensor(bData, model.inputShape as number[]);
      const before = tf.memory().numTensors;
      const progress: number[][] = [];
      const r = await occlusion(model, x, {
        window: [3, 2],
        stride: [2, 1],
        baselines: b,
        target: [1, 3],
        perturbationsPerEval: 4,
        onProgress: (d, t) => progress.push([d, t]),
      });
      assert.deepEqual(r.values.shape, shape);
      assert.deepEqual(r.meta.targets, [1, 3]);
      const got = r.values.dataSync();
      assert.ok(
        got.some((v) => Math.abs(v) > 1e-3),
        'a non-trivial map',
      );
      for (let i = 0; i < 2; i++) {
        const want = bruteForce(
          model,
          xData.subarray(i * 60, (i + 1) * 60),
          bData,
          r.meta.targets[i],
          [3, 2],
          [2, 1],
        );
        assert.ok(maxAbsDiff(got.subarray(i * 60, (i + 1) * 60), want) < 1e-6);
      }
      // windows: rows start 0, 2, 4 (the last cut off), columns 0..3: 12 per example
      assert.deepEqual(progress.at(-1), [24, 24]);
      assert.ok(progress.every(([d], k) => k === 0 || d > progress[k - 1][0]));
      r.values.dispose();
      assert.equal(tf.memory().numTensors, before);
      tf.dispose([x, b]);
    });
  }

  it('does not depend on perturbationsPerEval', async () => {
    const model = convModel([6, 5, 2]);
    const x = tf.tensor(randomData(60, 5), [1, 6, 5, 2]);
    const a = await occlusion(model, x, { window: 2, stride: 1, perturbationsPerEval: 1 });
    const b = await occlusion(model, x, { window: 2, stride: 1 });
    assert.ok(maxAbsDiff(a.values.dataSync(), b.values.dataSync()) < 1e-6);
    assert.deepEqual(a.meta.options.window, [2, 2]);
    tf.dispose([x, a.values, b.values]);
  });

  it('rejects a window larger than the image, a stride past the window and bad shapes', async () => {
    const model = convModel([6, 5, 2]);
    const x = tf.zeros([1, 6, 5, 2]);
    const before = tf.memory().numTensors;
    await assert.rejects(occlusion(model, x, { window: [7, 2] }), (e: Error) => {
      assert.ok(e instanceof GlassboxError);
      assert.match(e.message, /occlusion window \[7,2\] is larger than the input's spatial size \[6,5\]/);
      return true;
    });
    await assert.rejects(
      occlusion(model, x, { window: 2, stride: 3 }),
      /option stride must be at most the window/,
    );
    await assert.rejects(occlusion(model, x, { window: 0 }), /option window must be a positive integer/);
    await assert.rejects(
      occlusion(model, x, { perturbationsPerEval: 0 }),
      /perturbationsPerEval must be an integer >= 1/,
    );
    await assert.rejects(
      occlusion(model, x, { target: 9 }),
      /target 9 is not a class index of the output \(0..3\)/,
    );
    await assert.rejects(occlusion(model, x, { baselines: tf.zeros([3]) }), /baselines are \[3\]/);
    await assert.rejects(occlusion(model, tf.zeros([1, 5, 6, 2])), /model input is \[\?,6,5,2\]/);
    assert.equal(tf.memory().numTensors, before + 2);
    x.dispose();
  });
});
