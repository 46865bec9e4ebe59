import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { imagesFor, loadCnn, mlp } from '../../../test/util/attribution_models.ts';
import { initEngine } from '../../engine/backend.ts';
import { tf } from '../../engine/tf.ts';
import { GlassboxError } from '../../messages.ts';
import type { Model } from '../../model/model.ts';
import { LayersModelAdapter } from '../../model/tfjs.ts';
import { integratedGradients } from './integrated_gradients.ts';
import { layerConductance } from './layer_conductance.ts';
import { layerIntegratedGradients } from './layer_integrated_gradients.ts';
import { neuronIntegratedGradients } from './neuron_integrated_gradients.ts';
import { IG_RULES, quadrature } from './quadrature.ts';

const W = [
  [1, -2, 0],
  [0.5, 3, 1],
  [-1, 2, 2],
  [4, 0, -3],
  [0, 1, 0.5],
  [2, -1, 1],
];

function linear(): Model {
  const m = tf.sequential();
  m.add(
    tf.layers.dense({
      name: 'logits',
      inputShape: [6],
      units: 3,
      weights: [tf.tensor2d(W), tf.tensor1d([0.1, -0.2, 0.3])],
    }),
  );
  m.add(tf.layers.activation({ name: 'probs', activation: 'softmax' }));
  return new LayersModelAdapter(m, { name: 'linear', hash: '0' });
}

describe('quadrature', () => {
  it('weights sum to 1 and Gauss–Legendre integrates degree 2n−1 exactly', () => {
    for (const rule of IG_RULES) {
      const q = quadrature(rule, 7);
      assert.ok(Math.abs(q.weights.reduce((a, b) => a + b, 0) - 1) < 1e-12, rule);
      assert.ok(
        q.alphas.every((a) => a >= 0 && a <= 1),
        rule,
      );
    }
    const q = quadrature('gauss-legendre', 4);
    const integral = q.alphas.reduce((s, a, i) => s + q.weights[i] * a ** 7, 0);
    assert.ok(Math.abs(integral - 1 / 8) < 1e-13);
    // ∫ α² dα = 1/3: the midpoint rule with 2 steps gives (1/16 + 9/16) / 2
    const m = quadrature('riemann-middle', 2);
    assert.ok(Math.abs(m.alphas.reduce((s, a, i) => s + m.weights[i] * a * a, 0) - 5 / 16) < 1e-15);
  });
});

describe('integrated gradients', () => {
  before(() => initEngine('wasm'));
  let cnn: Model;
  before(async () => {
    cnn = await loadCnn();
  });
  after(() => cnn.dispose());

  it('on a linear model equals (x − baseline) · w exactly, for every rule', async () => {
    const model = linear();
    const x = tf.tensor2d([
      [0.3, -0.2, 0.5, 0.1, -0.4, 0.2],
      [1, 2, -1, 0.5, 0, -2],
    ]);
    const base = tf.tensor2d([
      [0.1, 0.1, 0.1, 0.1, 0.1, 0.1],
      [-1, 0, 1, 0, 2, 0],
    ]);
    const xs = x.arraySync();
    const bs = base.arraySync();
    const before = tf.memory().numTensors;
    for (const rule of IG_RULES) {
      const r = await integratedGradients(model, x, {
        target: [1, 2],
        outputLayer: 'logits',
        baselines: base,
        rule,
        steps: 3,
        internalBatchSize: 4,
      });
      const v = r.values.arraySync() as number[][];
      for (const n of [0, 1])
        for (let i = 0; i < 6; i++) {
          const want = (xs[n][i] - bs[n][i]) * W[i][n + 1];
          assert.ok(Math.abs(v[n][i] - want) < 1e-5, `${rule} ${v[n][i]} vs ${want}`);
        }
      assert.ok(Math.max(...(r.delta!.dataSync() as Float32Array).map(Math.abs)) < 1e-5);
      assert.equal(r.meta.method, 'integrated-gradients');
      assert.equal(r.meta.options.rule, rule);
      tf.dispose([r.values, r.delta!]);
    }
    assert.equal(tf.memory().numTensors, before);
  });

  it('is complete to within 1% at 256 steps on fmnist-cnn (Gauss–Legendre and trapezoid)', async () => {
    // the first two test images (fmnist-cnn: Fashion-MNIST when installed; else mnist-cnn on digits)
    const x = imagesFor(cnn, 2);
    for (const rule of ['gauss-legendre', 'riemann-trapezoid'] as const) {
      const r = await integratedGradients(cnn, x, {
        rule,
        steps: 256,
        outputLayer: 'logits',
        internalBatchSize: 128,
      });
      const sums = tf.tidy(() => tf.sum(tf.reshape(r.values, [2, -1]), 1).dataSync());
      const delta = r.delta!.dataSync();
      for (const n of [0, 1]) {
        const change = sums[n] - delta[n]; // F(x) − F(0)
        assert.ok(
          Math.abs(delta[n]) < 0.01 * Math.abs(change),
          `${rule}: delta ${delta[n]} vs change ${change}`,
        );
      }
      tf.dispose([r.values, r.delta!]);
    }
    x.dispose();
  });

  it('delta is F(x) − F(baseline) missed by the sum, checked against the model directly', async () => {
    const x = imagesFor(cnn, 1, 2);
    const r = await integratedGradients(cnn, x, { steps: 8, outputLayer: 'logits', target: 3 });
    const f = tf.tidy(() => {
      const l = cnn.run(tf.concat([x, tf.zerosLike(x)]), { taps: ['logits'] }).taps.get('logits')!;
      return l.arraySync() as number[][];
    });
    const sum = r.values.sum().arraySync() as number;
    assert.ok(Math.abs(r.delta!.dataSync()[0] - (sum - (f[0][3] - f[1][3]))) < 1e-3);
    tf.dispose([x, r.values, r.delta!]);
  });

  it('validates its options', async () => {
    const model = linear();
    const x = tf.ones([1, 6]);
    await assert.rejects(
      integratedGradients(model, x, { steps: 0 }),
      /option 'steps' is 0 but must be an integer >= 1/,
    );
    await assert.rejects(
      integratedGradients(model, x, { rule: 'simpson' as never }),
      /option 'rule'.*gauss-legendre/,
    );
    await assert.rejects(
      integratedGradients(model, x, { rule: 'riemann-trapezoid', steps: 1 }),
      /integer >= 2/,
    );
    await assert.rejects(
      integratedGradients(model, x, { baselines: tf.zeros([2, 5]) }),
      (e: Error) =>
        e instanceof GlassboxError &&
        /baselines of shape \[2,5\] do not fit the input \[1,6\]/.test(e.message),
    );
    await assert.rejects(
      integratedGradients(model, x, { target: 7 }),
      /target class 7 is out of range: the scores have 3 classes/,
    );
    x.dispose();
  });
});

describe('layer and neuron integrated gradients, conductance', () => {
  before(() => initEngine('wasm'));

  it('below a linear layer equal (a(x) − a(x₀)) ⊙ w exactly: layer IG and conductance, every rule', async () => {
    const { model, W: Ws } = mlp({ sizes: [5, 4, 3], activations: ['relu'], seed: 3 });
    const x = tf.tensor2d([[0.5, -1, 2, 0.3, 1]]);
    const base = tf.tensor2d([[0.2, 0.1, -0.3, 0, 0.4]]);
    const acts = tf.tidy(() =>
      tf.sub(
        model.run(x, { taps: ['h1'] }).taps.get('h1')!,
        model.run(base, { taps: ['h1'] }).taps.get('h1')!,
      ),
    );
    const d = acts.dataSync();
    const want = Array.from({ length: 4 }, (_, j) => d[j] * Ws[1][j][2]);
    const before = tf.memory().numTensors;
    const lig = await layerIntegratedGradients(model, x, {
      layer: 'h1',
      target: 2,
      outputLayer: 'logits',
      baselines: base,
      steps: 4,
    });
    assert.deepEqual(lig.values.shape, [1, 4]);
    assert.equal(lig.meta.shapedLike, 'layer');
    lig.values.dataSync().forEach((v, j) => {
      assert.ok(Math.abs(v - want[j]) < 1e-5, `${v} vs ${want[j]}`);
    });
    for (const rule of ['riemann-left', 'riemann-right', 'riemann-middle', 'riemann-trapezoid'] as const) {
      const c = await layerConductance(model, x, {
        layer: 'h1',
        target: 2,
        outputLayer: 'logits',
        baselines: base,
        steps: 5,
        rule,
      });
      c.values.dataSync().forEach((v, j) => {
        assert.ok(Math.abs(v - want[j]) < 1e-5, `${rule}: ${v} vs ${want[j]}`);
      });
      assert.ok(Math.abs(c.delta!.dataSync()[0]) < 1e-5);
      tf.dispose([c.values, c.delta!]);
    }
    tf.dispose([lig.values, lig.delta!]);
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([x, base, acts]);
  });

  it('are complete on the bundled CNN: layer IG and conductance at conv2, neuron IG of an fc1 unit', async () => {
    const cnn = await loadCnn();
    const x = imagesFor(cnn, 1, 5);
    const lig = await layerIntegratedGradients(cnn, x, { layer: 'conv2', outputLayer: 'logits', steps: 32 });
    const cond = await layerConductance(cnn, x, { layer: 'conv2', outputLayer: 'logits', steps: 32 });
    const total = (lig.values.sum().arraySync() as number) - lig.delta!.dataSync()[0];
    assert.deepEqual(lig.values.shape, [1, 14, 14, 64]);
    assert.ok(Math.abs(lig.delta!.dataSync()[0]) < 0.01 * Math.abs(total));
    assert.ok(
      Math.abs(cond.delta!.dataSync()[0]) < 0.04 * Math.abs(total),
      `${cond.delta!.dataSync()[0]} vs ${total}`,
    );
    // neuron IG: the unit's own change, y(x) − y(0)
    const nig = await neuronIntegratedGradients(cnn, x, { layer: 'fc1', neuron: 7, steps: 32 });
    const y = tf.tidy(
      () =>
        cnn
          .run(tf.concat([x, tf.zerosLike(x)]), { taps: ['fc1'] })
          .taps.get('fc1')!
          .arraySync() as number[][],
    );
    const sum = nig.values.sum().arraySync() as number;
    const change = y[0][7] - y[1][7];
    assert.ok(Math.abs(nig.delta!.dataSync()[0] - (sum - change)) < 1e-3);
    assert.ok(Math.abs(sum - change) < 0.05 * Math.abs(change), `${sum} vs ${change}`);
    assert.deepEqual(nig.meta.targets, []);
    tf.dispose([x, lig.values, lig.delta!, cond.values, cond.delta!, nig.values, nig.delta!]);
    cnn.dispose();
  });
});
