import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadCnn, weights } from '../../../test/util/attribution_models.ts';
import { maxAbs, maxAbsDiff } from '../../../test/util/numeric.ts';
import { initEngine } from '../../engine/backend.ts';
import { tf } from '../../engine/tf.ts';
import { loadModel } from '../../model/load.ts';
import type { OnnxModel } from '../../model/onnx/model.ts';
import { LayersModelAdapter } from '../../model/tfjs.ts';
import { gradCam } from './grad_cam.ts';

/** Bilinear upsampling with half-pixel centres (PyTorch align_corners=False), by hand. */
function upsample(map: number[][], H: number, W: number): number[][] {
  const h = map.length;
  const w = map[0].length;
  const coord = (o: number, n: number, out: number) => {
    const s = Math.max(0, ((o + 0.5) * n) / out - 0.5);
    const i0 = Math.floor(s);
    return { i0, i1: Math.min(i0 + 1, n - 1), f: s - i0 };
  };
  return Array.from({ length: H }, (_, y) => {
    const r = coord(y, h, H);
    return Array.from({ length: W }, (_, x) => {
      const c = coord(x, w, W);
      const top = map[r.i0][c.i0] * (1 - c.f) + map[r.i0][c.i1] * c.f;
      const bottom = map[r.i1][c.i0] * (1 - c.f) + map[r.i1][c.i1] * c.f;
      return top * (1 - r.f) + bottom * r.f;
    });
  });
}

/** CAM (Zhou et al. 2016) of class c from activations A [h][w][K] (or [K][h][w]) and weights w[k]. */
function cam(A: number[][][], w: number[], nchw: boolean, relu: boolean): number[][] {
  const K = w.length;
  const [h, wd] = nchw ? [A[0].length, A[0][0].length] : [A.length, A[0].length];
  return Array.from({ length: h }, (_, y) =>
    Array.from({ length: wd }, (_, x) => {
      let s = 0;
      for (let k = 0; k < K; k++) s += w[k] * (nchw ? A[k][y][x] : A[y][x][k]);
      s /= h * wd; // Grad-CAM's weights are the gradient's spatial mean: w_k / (h·w)
      return relu ? Math.max(0, s) : s;
    }),
  );
}

/** conv 'conv' (relu) [8,8,4] → optional max pool 'pool' [4,4,4] → global average pool → dense 'logits' (3). */
function camModel(pool: boolean) {
  const m = tf.sequential();
  m.add(
    tf.layers.conv2d({
      name: 'conv',
      inputShape: [8, 8, 2],
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      weights: [tf.tensor4d(weights([3, 3, 2, 4], 21, 0.6), [3, 3, 2, 4]), tf.tensor1d([0.1, -0.05, 0.2, 0])],
    }),
  );
  if (pool) m.add(tf.layers.maxPooling2d({ name: 'pool', poolSize: 2 }));
  m.add(tf.layers.globalAveragePooling2d({ name: 'gap' }));
  const w = weights([4, 3], 22);
  m.add(
    tf.layers.dense({
      name: 'logits',
      units: 3,
      weights: [tf.tensor2d(w, [4, 3]), tf.tensor1d([0, 0.1, -0.1])],
    }),
  );
  return { model: new LayersModelAdapter(m, { name: 'cam', hash: '0' }), w };
}

describe('grad-cam', () => {
  before(() => initEngine('wasm'));

  it('equals the CAM closed form when the conv layer is followed by global average pooling and a linear layer', async () => {
    const { model, w } = camModel(false);
    const x = tf.randomNormal([2, 8, 8, 2], 0, 1, 'float32', 4);
    const A = tf.tidy(
      () =>
        model
          .run(x, { taps: ['conv'] })
          .taps.get('conv')!
          .arraySync() as number[][][][],
    );
    const before = tf.memory().numTensors;
    for (const relu of [true, false]) {
      const r = await gradCam(model, x, { layer: 'conv', target: [0, 2], relu });
      assert.deepEqual(r.values.shape, [2, 8, 8, 2]);
      const v = r.values.arraySync() as number[][][][];
      for (const [n, c] of [
        [0, 0],
        [1, 2],
      ]) {
        const want = cam(
          A[n],
          [0, 1, 2, 3].map((k) => w[k * 3 + c]),
          false,
          relu,
        );
        for (let y = 0; y < 8; y++)
          for (let xx = 0; xx < 8; xx++)
            for (const ch of [0, 1])
              assert.ok(
                Math.abs(v[n][y][xx][ch] - want[y][xx]) < 1e-6,
                `${v[n][y][xx][ch]} vs ${want[y][xx]}`,
              );
      }
      assert.equal(r.meta.method, 'grad-cam');
      assert.deepEqual(r.meta.options.layerShape, [8, 8, 4]);
      r.values.dispose();
    }
    assert.equal(tf.memory().numTensors, before);
    x.dispose();
  });

  it('upsamples a coarser map bilinearly (half-pixel centres) to the input', async () => {
    const { model, w } = camModel(true);
    const x = tf.randomNormal([1, 8, 8, 2], 0, 1, 'float32', 6);
    const A = tf.tidy(
      () =>
        model
          .run(x, { taps: ['pool'] })
          .taps.get('pool')!
          .arraySync() as number[][][][],
    );
    const r = await gradCam(model, x, { layer: 'pool', target: 1 });
    const want = upsample(
      cam(
        A[0],
        [0, 1, 2, 3].map((k) => w[k * 3 + 1]),
        false,
        true,
      ),
      8,
      8,
    );
    const v = r.values.arraySync() as number[][][][];
    for (let y = 0; y < 8; y++)
      for (let xx = 0; xx < 8; xx++) assert.ok(Math.abs(v[0][y][xx][1] - want[y][xx]) < 1e-6);
    tf.dispose([x, r.values]);
  });

  it('equals CAM on an ONNX model (NCHW) at the max pool before its global average pool and Gemm', async () => {
    const model = (await loadModel('test/fixtures/onnx/small_cnn.onnx')) as OnnxModel;
    const layer = '/features/features.3/MaxPool';
    const x = tf.randomUniform([1, 3, 32, 32], 0, 1, 'float32', 8);
    const r = await gradCam(model, x, { layer, target: 4, outputLayer: '/head/Gemm' });
    // Gemm computes x Wᵀ + b with W [10, 16]
    const W = model.exec.constantTensor('head.weight')!.arraySync() as number[][];
    const A = tf.tidy(
      () =>
        model
          .run(x, { taps: [layer] })
          .taps.get(layer)!
          .arraySync() as number[][][][],
    );
    const want = upsample(cam(A[0], W[4], true, true), 32, 32);
    const v = r.values.arraySync() as number[][][][];
    assert.deepEqual(r.values.shape, [1, 3, 32, 32]);
    const flatWant = want.flat();
    for (const ch of [0, 1, 2]) {
      const got = v[0][ch].flat();
      assert.ok(maxAbsDiff(got, flatWant) < 1e-5 * Math.max(1, maxAbs(flatWant)), `channel ${ch}`);
    }
    tf.dispose([x, r.values]);
    model.dispose();
  });

  it('rejects layers and inputs that are not images', async () => {
    const cnn = await loadCnn();
    const x = tf.zeros([1, 28, 28, 1]);
    await assert.rejects(
      gradCam(cnn, x, { layer: 'fc1' }),
      /grad-cam: layer 'fc1' outputs \[1,128\], not a feature map/,
    );
    await assert.rejects(
      gradCam(cnn, x, { layer: '' }),
      /grad-cam: option 'layer' is "" but must be the name of a layer/,
    );
    await assert.rejects(gradCam(cnn, x, { layer: 'nope' }), /no layer named 'nope'/);
    await assert.rejects(gradCam(cnn, x, { layer: 'probs' }), /layer 'probs' outputs \[1,10\]/);
    x.dispose();
    cnn.dispose();
  });
});
