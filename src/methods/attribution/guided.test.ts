import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { imagesFor, loadCnn, type Mlp, mlp, weights } from '../../../test/util/attribution_models.ts';
import { maxAbs, maxAbsDiff } from '../../../test/util/numeric.ts';
import { initEngine } from '../../engine/backend.ts';
import { type Tensor, tf } from '../../engine/tf.ts';
import { loadModel } from '../../model/load.ts';
import type { Model } from '../../model/model.ts';
import { LayersModelAdapter } from '../../model/tfjs.ts';
import { deconvolution } from './deconvolution.ts';
import { gradCam } from './grad_cam.ts';
import { guidedBackprop } from './guided_backprop.ts';
import { guidedGradCam } from './guided_grad_cam.ts';
import { saliency } from './saliency.ts';

/** Backward pass through a ReLU MLP by hand (float64): `rule` replaces relu'(z)·g. */
function mlpBackward(net: Mlp, x: number[], c: number, rule: (z: number, g: number) => number): number[] {
  const zs: number[][] = [];
  let a = x;
  for (let l = 0; l + 1 < net.W.length; l++) {
    const z = net.b[l].map((bj, j) => bj + a.reduce((s, ai, i) => s + ai * net.W[l][i][j], 0));
    zs.push(z);
    a = z.map((v) => Math.max(0, v));
  }
  let g = net.W[net.W.length - 1].map((row) => row[c]);
  for (let l = net.W.length - 2; l >= 0; l--) {
    const h = g.map((gj, j) => rule(zs[l][j], gj));
    g = net.W[l].map((row) => row.reduce((s, w, j) => s + w * h[j], 0));
  }
  return g;
}

/**
 * Guided backpropagation by hand on any model: the engine's ordinary gradients of the
 * segments between the outputs of consecutive ReLUs (`relus`, in order), with the guided
 * rule g·[a > 0]·[g > 0] applied in between. a > 0 exactly where the ReLU's input is.
 */
function guidedBySegments(
  model: Model,
  x: Tensor,
  relus: string[],
  out: string,
  targets: number[],
): Float32Array {
  return tf.tidy(() => {
    const tap =
      (name: string, edits = {}) =>
      (xx: Tensor) =>
        model.run(xx, { taps: [name], edits }).taps.get(name)!;
    const mask = tf.oneHot(tf.tensor1d(targets, 'int32'), 10, 1, 0, 'float32');
    const guide = (g: Tensor, a: Tensor) => tf.mul(tf.mul(g, tf.step(a)), tf.step(g));
    const last = relus[relus.length - 1];
    let a = tap(last)(x);
    let g = tf.grad((v: Tensor) => tf.sum(tf.mul(tap(out, { [last]: () => v })(x), mask)))(a);
    let h = guide(g, a);
    for (let i = relus.length - 2; i >= 0; i--) {
      a = tap(relus[i])(x);
      const hh = h;
      g = tf.grad((v: Tensor) => tf.sum(tf.mul(tap(relus[i + 1], { [relus[i]]: () => v })(x), hh)))(a);
      h = guide(g, a);
    }
    const h0 = h;
    return tf
      .grad((xx: Tensor) => tf.sum(tf.mul(tap(relus[0])(xx), h0)))(x)
      .dataSync() as Float32Array;
  });
}

describe('guided backpropagation and deconvolution', () => {
  before(() => initEngine('wasm'));

  it('equal hand-written backward passes on a ReLU MLP', async () => {
    const net = mlp({ sizes: [6, 5, 4, 3], activations: ['relu', 'relu'], seed: 7 });
    const x = [
      [0.5, -1, 2, 0.3, 1, -0.2],
      [-0.7, 0.2, 0.1, 1.5, -0.4, 0.9],
    ];
    const xt = tf.tensor2d(x);
    const before = tf.memory().numTensors;
    const gb = await guidedBackprop(net.model, xt, { target: [0, 2], outputLayer: 'logits' });
    const dc = await deconvolution(net.model, xt, { target: [0, 2], outputLayer: 'logits' });
    const g = gb.values.arraySync() as number[][];
    const d = dc.values.arraySync() as number[][];
    for (const [n, c] of [
      [0, 0],
      [1, 2],
    ]) {
      const wantG = mlpBackward(net, x[n], c, (z, gj) => (z > 0 && gj > 0 ? gj : 0));
      const wantD = mlpBackward(net, x[n], c, (_, gj) => Math.max(gj, 0));
      assert.ok(maxAbsDiff(g[n], wantG) < 1e-5, `guided ${g[n]} vs ${wantG}`);
      assert.ok(maxAbsDiff(d[n], wantD) < 1e-5, `deconv ${d[n]} vs ${wantD}`);
    }
    assert.equal(gb.meta.method, 'guided-backprop');
    assert.equal(dc.meta.method, 'deconvolution');
    tf.dispose([gb.values, dc.values]);
    assert.equal(tf.memory().numTensors, before);
    xt.dispose();
    net.model.dispose();
  });

  it('equals guided backprop by segments on fmnist-cnn (ReLUs fused into Conv2D and Dense)', async () => {
    const cnn = await loadCnn();
    const x = imagesFor(cnn, 2);
    const r = await guidedBackprop(cnn, x, { outputLayer: 'logits' });
    const want = guidedBySegments(cnn, x, ['conv1', 'conv2', 'fc1'], 'logits', r.meta.targets);
    const got = r.values.dataSync();
    assert.ok(maxAbsDiff(got, want) < 1e-4 * maxAbs(want), `${maxAbsDiff(got, want)} vs ${maxAbs(want)}`);
    // and it is not the plain gradient
    const s = await saliency(cnn, x, { outputLayer: 'logits', abs: false });
    assert.ok(maxAbsDiff(s.values.dataSync(), got) > 0.1 * maxAbs(got));
    tf.dispose([x, r.values, s.values]);
    cnn.dispose();
  });

  it('equals guided backprop by segments on an ONNX model (Relu nodes)', async () => {
    const model = await loadModel('test/fixtures/onnx/small_cnn.onnx');
    const x = tf.randomUniform([2, 3, 32, 32], 0, 1, 'float32', 9);
    const out = '/head/Gemm';
    const relus = ['/features/features.0/features.0.2/Relu', '/features/features.2/features.2.2/Relu'];
    const r = await guidedBackprop(model, x, { outputLayer: out, target: [3, 8] });
    const want = guidedBySegments(model, x, relus, out, [3, 8]);
    const got = r.values.dataSync();
    assert.deepEqual(r.values.shape, [2, 3, 32, 32]);
    assert.ok(maxAbsDiff(got, want) < 1e-4 * maxAbs(want), `${maxAbsDiff(got, want)} vs ${maxAbs(want)}`);
    const s = await saliency(model, x, { outputLayer: out, target: [3, 8], abs: false });
    assert.ok(maxAbsDiff(s.values.dataSync(), got) > 0.1 * maxAbs(got));
    tf.dispose([x, r.values, s.values]);
    model.dispose();
  });

  it('gives the same map whether a ReLU is fused into the convolution or a layer of its own', async () => {
    const kernel = weights([3, 3, 1, 4], 3, 0.5);
    const dense = weights([8 * 8 * 4, 3], 4, 0.2);
    const build = (fused: boolean) => {
      const m = tf.sequential();
      m.add(
        tf.layers.conv2d({
          name: 'conv',
          inputShape: [8, 8, 1],
          filters: 4,
          kernelSize: 3,
          padding: 'same',
          activation: fused ? 'relu' : 'linear',
          weights: [tf.tensor4d(kernel, [3, 3, 1, 4]), tf.tensor1d([0.1, -0.1, 0.05, 0])],
        }),
      );
      if (!fused) m.add(tf.layers.activation({ name: 'relu', activation: 'relu' }));
      m.add(tf.layers.flatten({ name: 'flat' }));
      m.add(
        tf.layers.dense({ name: 'logits', units: 3, weights: [tf.tensor2d(dense, [256, 3]), tf.zeros([3])] }),
      );
      return new LayersModelAdapter(m, { name: fused ? 'fused' : 'separate', hash: '0' });
    };
    const x = tf.randomNormal([1, 8, 8, 1], 0, 1, 'float32', 2);
    const a = await guidedBackprop(build(true), x, { target: 1 });
    const b = await guidedBackprop(build(false), x, { target: 1 });
    assert.ok(maxAbsDiff(a.values.dataSync(), b.values.dataSync()) < 1e-6);
    const s = await saliency(build(true), x, { target: 1, abs: false });
    assert.ok(maxAbsDiff(a.values.dataSync(), s.values.dataSync()) > 1e-3);
    tf.dispose([x, a.values, b.values, s.values]);
  });

  it('guided Grad-CAM is guided backprop times the upsampled Grad-CAM map', async () => {
    const cnn = await loadCnn();
    const x = imagesFor(cnn, 2, 3);
    const before = tf.memory().numTensors;
    const ggc = await guidedGradCam(cnn, x, { layer: 'conv2' });
    const gb = await guidedBackprop(cnn, x, { target: ggc.meta.targets });
    const gc = await gradCam(cnn, x, { layer: 'conv2', target: ggc.meta.targets });
    const want = tf.tidy(() => tf.mul(gb.values, gc.values).dataSync());
    assert.ok(maxAbsDiff(ggc.values.dataSync(), want) < 1e-6 * Math.max(1, maxAbs(want)));
    assert.equal(ggc.meta.shapedLike, 'input');
    tf.dispose([ggc.values, gb.values, gc.values]);
    assert.equal(tf.memory().numTensors, before);
    x.dispose();
    cnn.dispose();
  });
});
