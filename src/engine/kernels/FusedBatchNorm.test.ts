import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { checkError } from '../../../test/util/kernel_check.ts';
import { finiteDiff, maxAbs, maxAbsDiff } from '../../../test/util/numeric.ts';
import { initEngine } from '../backend.ts';
import { maxRelErr } from '../doctor.ts';
import { tf } from '../tf.ts';
import { checks } from './checks_segment_batchnorm.ts';

const rn = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

describe('batch normalization gradients on wasm', () => {
  before(async () => {
    await initEngine('wasm');
  });

  for (const c of checks.filter((k) => k.kernel === 'FusedBatchNorm')) {
    it(`matches the reference: ${c.case}`, async () => {
      const err = await checkError(c);
      assert.ok(err <= 1e-5, `rel err ${err}`);
    });
  }

  for (const withAffine of [false, true]) {
    it(`every input's gradient equals finite differences (${withAffine ? 'with' : 'without'} scale and offset)`, () => {
      const x = rn([2, 3, 3, 4], 1);
      const mean = rn([4], 2);
      const variance = tf.add(tf.abs(rn([4], 3)), 0.5);
      const scale = rn([4], 4);
      const offset = rn([4], 5);
      const r = rn(x.shape, 6);
      const loss = (xx: tf.Tensor, mm: tf.Tensor, vv: tf.Tensor, ss: tf.Tensor, oo: tf.Tensor) =>
        tf.sum(
          tf.mul(tf.batchNorm(xx, mm, vv, withAffine ? oo : undefined, withAffine ? ss : undefined, 1e-3), r),
        ) as tf.Scalar;
      const args = [x, mean, variance, scale, offset];
      const before = tf.memory().numTensors;
      const grads = tf.grads(loss)(args.slice(0, withAffine ? 5 : 3));
      grads.forEach((g, i) => {
        const f = (t: tf.Tensor) =>
          loss(...(args.map((a, j) => (j === i ? t : a)) as Parameters<typeof loss>));
        const fd = finiteDiff(f, args[i], 1e-3);
        // float32 central differences with eps 1e-3: about 1e-3 relative noise on these sums.
        assert.ok(maxAbsDiff(g.dataSync(), fd) <= 1e-2 * Math.max(1, maxAbs(fd)), `input ${i}`);
      });
      tf.dispose(grads);
      assert.equal(tf.memory().numTensors, before);
      tf.dispose([...args, r]);
    });
  }

  /** Gradients of a training-mode BatchNormalization layer (batch statistics) on one backend. */
  const layerGrads = (opts: { center?: boolean; scale?: boolean }) =>
    tf.tidy(() => {
      const layer = tf.layers.batchNormalization({ ...opts, axis: -1 });
      const x = rn([4, 3, 3, 5], 7);
      const r = rn(x.shape, 8);
      layer.build(x.shape);
      const f = (xx: tf.Tensor) =>
        tf.sum(tf.mul(layer.apply(xx, { training: true }) as tf.Tensor, r)) as tf.Scalar;
      const { value, grads } = tf.variableGrads(() => f(x));
      const gx = tf.grad(f)(x);
      const out = [gx.dataSync().slice(), ...Object.values(grads).map((g) => g.dataSync().slice())];
      value.dispose();
      for (const w of layer.weights) w.dispose();
      return out;
    });

  it('a tfjs-layers BatchNormalization in training mode has the cpu backend gradients', async () => {
    const got = layerGrads({});
    await initEngine('cpu');
    const want = layerGrads({});
    await initEngine('wasm');
    assert.equal(got.length, 3); // x, gamma, beta
    for (const [i, g] of got.entries()) {
      assert.ok(maxRelErr(g, want[i]) <= 1e-5, `gradient ${i}: ${maxRelErr(g, want[i])}`);
    }
  });

  it('a training-mode BatchNormalization input gradient equals finite differences', () => {
    const layer = tf.layers.batchNormalization({ axis: -1 });
    const x = rn([4, 2, 2, 3], 9);
    const r = rn(x.shape, 10);
    layer.build(x.shape);
    const f = (xx: tf.Tensor) =>
      tf.sum(tf.mul(layer.apply(xx, { training: true }) as tf.Tensor, r)) as tf.Scalar;
    const g = tf.grad(f)(x);
    const fd = finiteDiff(f, x, 1e-2);
    // Batch statistics make the loss nonlinear in x: second-order error of eps^2 plus rounding.
    assert.ok(maxAbsDiff(g.dataSync(), fd) <= 2e-2 * Math.max(1, maxAbs(fd)));
    tf.dispose([g, x, r]);
    for (const w of layer.weights) w.dispose();
  });
});
