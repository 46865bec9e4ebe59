import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { digits, type Mlp, mlp } from '../../../test/util/attribution_models.ts';
import { initEngine } from '../../engine/backend.ts';
import { tf } from '../../engine/tf.ts';
import { loadModel } from '../../model/load.ts';
import type { Model } from '../../model/model.ts';
import type { Attribution } from './base.ts';
import { deepLift } from './deeplift.ts';
import { deepLiftShap } from './deeplift_shap.ts';

type Act = 'relu' | 'sigmoid' | 'tanh';
const f: Record<Act, (z: number) => number> = {
  relu: (z) => Math.max(0, z),
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: Math.tanh,
};
const df: Record<Act, (z: number) => number> = {
  relu: (z) => (z > 0 ? 1 : 0),
  sigmoid: (z) => f.sigmoid(z) * (1 - f.sigmoid(z)),
  tanh: (z) => 1 - Math.tanh(z) ** 2,
};

/** The Rescale rule by hand, in float64: forward both points, then multipliers backwards. */
function rescaleByHand(net: Mlp, acts: Act[], x: number[], x0: number[], c: number): number[] {
  const pre: number[][][] = []; // per hidden layer: [z(x), z(x0)]
  let a = [x, x0];
  for (let l = 0; l < net.W.length; l++) {
    const z = a.map((v) => net.b[l].map((bj, j) => bj + v.reduce((s, vi, i) => s + vi * net.W[l][i][j], 0)));
    if (l === net.W.length - 1) break;
    pre.push(z);
    a = z.map((zz) => zz.map(f[acts[l]]));
  }
  // multiplier of the logit c with respect to each layer's output, from the top
  let m = net.W[net.W.length - 1].map((row) => row[c]);
  for (let l = net.W.length - 2; l >= 0; l--) {
    const [z, z0] = pre[l];
    const act = acts[l];
    const unit = z.map((zj, j) =>
      Math.abs(zj - z0[j]) > 1e-6 ? (f[act](zj) - f[act](z0[j])) / (zj - z0[j]) : df[act](zj),
    );
    const g = m.map((mj, j) => mj * unit[j]);
    m = net.W[l].map((row) => row.reduce((s, w, j) => s + w * g[j], 0));
  }
  return x.map((xi, i) => (xi - x0[i]) * m[i]);
}

function logitsOf(model: Model, x: tf.Tensor | (() => tf.Tensor)): number[][] {
  return tf.tidy(() => {
    const input = typeof x === 'function' ? x() : x;
    return model
      .run(input, { taps: ['logits'] })
      .taps.get('logits')!
      .arraySync() as number[][];
  });
}

describe('deeplift (rescale)', () => {
  before(() => initEngine('wasm'));

  it('equals the Rescale rule worked by hand on small ReLU, sigmoid and tanh MLPs, and sums to the change exactly', async () => {
    for (const acts of [['relu'], ['relu', 'relu'], ['sigmoid', 'tanh'], ['tanh', 'relu']] as Act[][]) {
      const sizes = [5, ...acts.map(() => 6), 3];
      const net = mlp({ sizes, activations: acts, seed: 11 + acts.length });
      const x = [
        [0.5, -1, 2, 0.3, 1],
        [-0.7, 0.2, 0.1, 1.5, -0.4],
      ];
      const x0 = [
        [0.1, 0.2, -0.3, 0, 0.4],
        [0, 0, 0, 0, 0],
      ];
      const before = tf.memory().numTensors;
      const xt = tf.tensor2d(x);
      const bt = tf.tensor2d(x0);
      const r = await deepLift(net.model, xt, { target: [2, 0], outputLayer: 'logits', baselines: bt });
      const v = r.values.arraySync() as number[][];
      for (const n of [0, 1]) {
        const want = rescaleByHand(net, acts, x[n], x0[n], n === 0 ? 2 : 0);
        v[n].forEach((g, i) => {
          assert.ok(Math.abs(g - want[i]) < 1e-5, `${acts} ${g} vs ${want[i]}`);
        });
      }
      const l = logitsOf(net.model, () => tf.concat([xt, bt]));
      const sums = v.map((row) => row.reduce((a, b) => a + b, 0));
      assert.ok(Math.abs(sums[0] - (l[0][2] - l[2][2])) < 1e-5);
      assert.ok(Math.abs(sums[1] - (l[1][0] - l[3][0])) < 1e-5);
      assert.ok(Math.max(...Array.from(r.delta!.dataSync(), Math.abs)) < 1e-5);
      tf.dispose([xt, bt, r.values, r.delta!]);
      assert.equal(tf.memory().numTensors, before);
      net.model.dispose();
    }
  });

  it('satisfies summation-to-delta on mnist-mlp to float precision (zero and digit baselines)', async () => {
    const model = await loadModel('mnist-mlp');
    const x = digits(3);
    const ref = digits(3, 8100);
    for (const baselines of [0, ref]) {
      const r = await deepLift(model, x, { outputLayer: 'logits', baselines, internalBatchSize: 2 });
      const l = logitsOf(model, x);
      const l0 = logitsOf(model, typeof baselines === 'number' ? () => tf.zerosLike(x) : baselines);
      const sums = tf.tidy(() => tf.sum(tf.reshape(r.values, [3, -1]), 1).dataSync());
      r.meta.targets.forEach((t, n) => {
        const change = l[n][t] - l0[n][t];
        assert.ok(
          Math.abs(sums[n] - change) < 1e-4 * Math.max(1, Math.abs(change)),
          `${sums[n]} vs ${change}`,
        );
      });
      assert.ok(Math.max(...Array.from(r.delta!.dataSync(), Math.abs)) < 1e-3);
      tf.dispose([r.values, r.delta!]);
    }
    tf.dispose([x, ref]);
    model.dispose();
  });

  it('deeplift-shap is the mean of deeplift over the reference set and sums to F(x) − mean F(b)', async () => {
    const model = await loadModel('mnist-mlp');
    const x = digits(2);
    const refs = digits(3, 8200);
    const before = tf.memory().numTensors;
    const shap = await deepLiftShap(model, x, {
      outputLayer: 'logits',
      baselines: refs,
      internalBatchSize: 4,
    });
    const each: Attribution[] = [];
    for (let j = 0; j < 3; j++) {
      const b = tf.slice(refs, j, 1);
      each.push(await deepLift(model, x, { outputLayer: 'logits', baselines: b, target: shap.meta.targets }));
      b.dispose();
    }
    const mean = tf.tidy(() => tf.div(tf.addN(each.map((e) => e.values)), 3));
    assert.ok(tf.tidy(() => tf.max(tf.abs(tf.sub(mean, shap.values))).dataSync()[0]) < 1e-5);
    assert.ok(Math.max(...Array.from(shap.delta!.dataSync(), Math.abs)) < 1e-3);
    assert.equal(shap.meta.options.references, 3);
    tf.dispose([mean, shap.values, shap.delta!, ...each.flatMap((e) => [e.values, e.delta!])]);
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([x, refs]);
    model.dispose();
  });

  it('runs on ONNX Relu nodes and on max pooling, where delta reports the gap exactly', async () => {
    for (const [ref, out] of [
      ['test/fixtures/onnx/small_cnn.onnx', '/head/Gemm'],
      ['mnist-cnn', 'logits'],
    ]) {
      const model = await loadModel(ref);
      const x = tf.randomUniform([2, ...model.inputShape], 0, 1, 'float32', 5);
      const r = await deepLift(model, x, { outputLayer: out });
      const l = tf.tidy(
        () =>
          model
            .run(tf.concat([x, tf.zerosLike(x)]), { taps: [out] })
            .taps.get(out)!
            .arraySync() as number[][],
      );
      const sums = tf.tidy(() => tf.sum(tf.reshape(r.values, [2, -1]), 1).dataSync());
      const d = r.delta!.dataSync();
      r.meta.targets.forEach((t, n) => {
        const change = l[n][t] - l[n + 2][t];
        assert.ok(Math.abs(d[n] - (sums[n] - change)) < 1e-4, `${ref}`);
        // max pooling keeps its gradient: close to, not exactly, the change
        assert.ok(Math.abs(d[n]) < 0.1 * Math.abs(change), `${ref}: delta ${d[n]} vs ${change}`);
      });
      tf.dispose([x, r.values, r.delta!]);
      model.dispose();
    }
  });

  it("restores the engine's gradients, also when the call fails", async () => {
    const relu = tf.getGradient('Relu');
    const sigmoid = tf.getGradient('Sigmoid');
    const net = mlp({ sizes: [3, 4, 2], activations: ['relu'], seed: 1 });
    const x = tf.ones([1, 3]);
    const r = await deepLift(net.model, x, { outputLayer: 'logits' });
    tf.dispose([r.values, r.delta!]);
    await assert.rejects(deepLift(net.model, x, { outputLayer: 'nope' }), /no layer named 'nope'/);
    assert.equal(tf.getGradient('Relu'), relu);
    assert.equal(tf.getGradient('Sigmoid'), sigmoid);
    x.dispose();
    net.model.dispose();
  });
});
