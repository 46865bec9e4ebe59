/** Every gradient path of the attribution methods against central finite differences. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { imagesFor, loadCnn } from '../../../test/util/attribution_models.ts';
import { initEngine } from '../../engine/backend.ts';
import { type Tensor, tf } from '../../engine/tf.ts';
import { loadModel } from '../../model/load.ts';
import type { Model } from '../../model/model.ts';
import { inputXGradient } from './input_x_gradient.ts';
import { integratedGradients } from './integrated_gradients.ts';
import { layerGradientXActivation } from './layer_gradient_x_activation.ts';
import { neuronGradient } from './neuron_gradient.ts';
import { saliency } from './saliency.ts';

/**
 * Differences of f at a few coordinates of x (one example), on the host: for each, the
 * central, forward and backward quotients. These networks are piecewise linear (ReLU, max
 * pooling), so where a kink lies within eps the gradient matches one side only.
 */
function fdAt(f: (x: Tensor) => number, x: Tensor, at: number[], eps: number): number[][] {
  const base = x.dataSync().slice();
  const f0 = tf.tidy(() => f(tf.tensor(base, x.shape)));
  return at.map((i) => {
    const at1 = (v: number) => {
      const xs = base.slice();
      xs[i] = v;
      return tf.tidy(() => f(tf.tensor(xs, x.shape)));
    };
    const [hi, lo] = [at1(base[i] + eps), at1(base[i] - eps)];
    return [(hi - lo) / (2 * eps), (hi - f0) / eps, (f0 - lo) / eps];
  });
}

/**
 * The 8 largest-magnitude coordinates of g and 8 spread over the rest, among those where
 * `ok` (the input is not 0: flat black regions make max-pooling ties, where the gradient
 * is one of several subgradients and differences are one-sided).
 */
function coords(g: ArrayLike<number>, ok: (i: number) => boolean): number[] {
  const idx = Array.from(g, (_, i) => i)
    .filter(ok)
    .sort((a, b) => Math.abs(g[b]) - Math.abs(g[a]));
  const step = Math.floor(idx.length / 8);
  return [...new Set([...idx.slice(0, 8), ...Array.from({ length: 8 }, (_, k) => idx[k * step + 3])])];
}

/** Each value agrees with one of its difference quotients (central, forward, backward). */
function close(got: number[], want: number[][], what: string): void {
  const scale = Math.max(...want.map((w) => Math.abs(w[0])));
  got.forEach((g, i) => {
    assert.ok(
      want[i].some((w) => Math.abs(g - w) < 0.01 * scale + 1e-4),
      `${what}[${i}]: ${g} vs ${want[i].join(', ')}`,
    );
  });
}

const cases: [string, () => Promise<Model>, string, string, number][] = [
  // model, its output layer, a layer to attribute to, a neuron of that layer
  ['fmnist-cnn', loadCnn, 'logits', 'conv2', 14 * 14 * 64 - 100],
  [
    'small_cnn.onnx',
    () => loadModel('test/fixtures/onnx/small_cnn.onnx'),
    '/head/Gemm',
    '/features/features.2/features.2.2/Relu',
    16 * 16 * 5 + 40,
  ],
];

describe('gradient paths against finite differences', () => {
  before(() => initEngine('wasm'));

  for (const [name, load, out, layer, neuron] of cases) {
    it(`on ${name}: saliency, input x gradient, integrated gradients, neuron gradient, layer gradient`, async () => {
      const model = await load();
      const x =
        name === 'fmnist-cnn'
          ? imagesFor(model, 1, 7)
          : tf.randomUniform([1, ...model.inputShape], 0, 1, 'float32', 3);
      const score = (t: number) => (xx: Tensor) =>
        (
          model
            .run(xx, { taps: [out] })
            .taps.get(out)!
            .dataSync() as Float32Array
        )[t];
      const s = await saliency(model, x, { outputLayer: out, abs: false });
      const t = s.meta.targets[0];
      const g = s.values.dataSync();
      const xs = x.dataSync();
      const at = coords(g, (i) => xs[i] !== 0);
      const fd = fdAt(score(t), x, at, 1e-3);
      close(
        at.map((i) => g[i]),
        fd,
        'saliency',
      );
      const ixg = await inputXGradient(model, x, { outputLayer: out });
      close(
        at.map((i) => ixg.values.dataSync()[i]),
        fd.map((d, k) => d.map((v) => v * xs[at[k]])),
        'input-x-gradient',
      );
      // one right-end Riemann step from a zero baseline: x ⊙ ∇F(x)
      const ig = await integratedGradients(model, x, { outputLayer: out, rule: 'riemann-right', steps: 1 });
      close(
        at.map((i) => ig.values.dataSync()[i]),
        fd.map((d, k) => d.map((v) => v * xs[at[k]])),
        'integrated-gradients',
      );
      // neuron gradient: finite differences of the neuron's value
      const ng = await neuronGradient(model, x, { layer, neuron });
      const ngv = ng.values.dataSync();
      const atN = coords(ngv, (i) => xs[i] !== 0);
      const unit = (xx: Tensor) =>
        (
          model
            .run(xx, { taps: [layer] })
            .taps.get(layer)!
            .dataSync() as Float32Array
        )[neuron];
      close(
        atN.map((i) => ngv[i]),
        fdAt(unit, x, atN, 1e-3),
        'neuron-gradient',
      );
      // layer gradient x activation: differences of the score when one unit of the layer is moved
      const lga = await layerGradientXActivation(model, x, { layer, outputLayer: out, target: t });
      const acts = tf.tidy(() => model.run(x, { taps: [layer] }).taps.get(layer)!);
      const a = acts.dataSync();
      const v = lga.values.dataSync();
      const atL = coords(v, (i) => a[i] !== 0);
      const moved = (i: number, e: number) =>
        tf.tidy(() => {
          const bump = tf.tensor(
            Float32Array.from({ length: a.length }, (_, j) => (j === i ? e : 0)),
            acts.shape,
          );
          const r = model.run(x, { taps: [out], edits: { [layer]: (o) => tf.add(o, bump) } });
          return (r.taps.get(out)!.dataSync() as Float32Array)[t];
        });
      close(
        atL.map((i) => v[i]),
        atL.map((i) => {
          const [hi, mid, lo] = [moved(i, 1e-3), moved(i, 0), moved(i, -1e-3)];
          return [(hi - lo) / 2e-3, (hi - mid) / 1e-3, (mid - lo) / 1e-3].map((d) => d * a[i]);
        }),
        'layer-gradient-x-activation',
      );
      tf.dispose([x, s.values, ixg.values, ig.values, ig.delta!, ng.values, lga.values, acts]);
      model.dispose();
    });
  }
});
