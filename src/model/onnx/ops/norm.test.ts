import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertClose, checkGrad, checkNoLeak, normals, randn, runOp } from '../../../../test/util/onnx_nn.ts';
import { initEngine } from '../../../engine/backend.ts';
import { tf } from '../../../engine/tf.ts';
import { registrations as bn } from './BatchNormalization.ts';
import { registrations as inorm } from './InstanceNormalization.ts';
import { registrations as ln } from './LayerNormalization.ts';
import { registrations as lrn } from './LRN.ts';

/** mean and biased variance of values picked by `pick` */
function stats(v: ArrayLike<number>, idx: number[]): { mean: number; variance: number } {
  const mean = idx.reduce((a, i) => a + v[i], 0) / idx.length;
  const variance = idx.reduce((a, i) => a + (v[i] - mean) ** 2, 0) / idx.length;
  return { mean, variance };
}

describe('ONNX normalization ops', () => {
  before(async () => {
    await initEngine('wasm');
  });

  it('BatchNormalization equals the closed form per channel (opsets 7, 9, 15)', () => {
    const [n, c, h, w] = [2, 3, 2, 2];
    const xv = normals(n * c * h * w, 1);
    const scale = [0.5, 2, -1];
    const bias = [0.1, -0.2, 0.3];
    const mean = [0.2, -0.4, 1];
    const variance = [1.5, 0.25, 2];
    const eps = 1e-3;
    const want = Float32Array.from(xv, (v, i) => {
      const ch = Math.floor(i / (h * w)) % c;
      return ((v - mean[ch]) / Math.sqrt(variance[ch] + eps)) * scale[ch] + bias[ch];
    });
    for (const opset of [7, 9, 15]) {
      const ins = [xv, scale, bias, mean, variance].map((a, i) =>
        i === 0 ? tf.tensor(a, [n, c, h, w]) : tf.tensor(a),
      );
      const [y] = runOp(bn, ins, { epsilon: eps }, { opset });
      assertClose(y.dataSync(), want, 1e-5, `opset ${opset}`);
    }
  });

  it('BatchNormalization refuses training mode', () => {
    const ins = [tf.zeros([1, 1, 2, 2]), ...[1, 0, 0, 1].map((v) => tf.tensor([v]))];
    assert.throws(() => runOp(bn, ins, { training_mode: 1 }, { opset: 15 }), /training mode/);
    assert.throws(() => runOp(bn, ins, {}, { opset: 9, outputs: 3 }), /training mode/);
  });

  it('InstanceNormalization and LayerNormalization equal their closed forms', () => {
    const [n, c, s] = [2, 3, 4];
    const xv = normals(n * c * s, 2);
    const x = tf.tensor(xv, [n, c, s]);
    const scale = [1.5, -0.5, 2];
    const bias = [0, 1, -1];
    const [yi] = runOp(inorm, [x, tf.tensor(scale), tf.tensor(bias)], { epsilon: 1e-5 });
    const wantI = new Float32Array(xv.length);
    for (let b = 0; b < n; b++) {
      for (let ch = 0; ch < c; ch++) {
        const idx = Array.from({ length: s }, (_, k) => (b * c + ch) * s + k);
        const { mean, variance } = stats(xv, idx);
        for (const i of idx) wantI[i] = ((xv[i] - mean) / Math.sqrt(variance + 1e-5)) * scale[ch] + bias[ch];
      }
    }
    assertClose(yi.dataSync(), wantI, 1e-5, 'instance');
    // LayerNormalization over axes [1, 2] with Scale/B [c, s]
    const lsv = normals(c * s, 3);
    const lbv = normals(c * s, 4);
    const [y, mean, inv] = runOp(
      ln,
      [x, tf.tensor(lsv, [c, s]), tf.tensor(lbv, [c, s])],
      { axis: 1 },
      { outputs: 3 },
    );
    assert.deepEqual(mean.shape, [n, 1, 1]);
    const wantL = new Float32Array(xv.length);
    for (let b = 0; b < n; b++) {
      const idx = Array.from({ length: c * s }, (_, k) => b * c * s + k);
      const st = stats(xv, idx);
      assertClose(
        [mean.dataSync()[b], inv.dataSync()[b]],
        [st.mean, 1 / Math.sqrt(st.variance + 1e-5)],
        1e-5,
      );
      for (const i of idx)
        wantL[i] =
          ((xv[i] - st.mean) / Math.sqrt(st.variance + 1e-5)) * lsv[i - b * c * s] + lbv[i - b * c * s];
    }
    assertClose(y.dataSync(), wantL, 1e-5, 'layer');
  });

  it('LRN equals the closed form, odd and even sizes', () => {
    const [n, c, h] = [1, 5, 3];
    const xv = normals(n * c * h, 5);
    for (const size of [3, 4]) {
      const a = { alpha: 0.01, beta: 0.75, bias: 2, size };
      const [y] = runOp(lrn, [tf.tensor(xv, [n, c, h])], a);
      const want = Float32Array.from(xv, (v, i) => {
        const ch = Math.floor(i / h);
        const p = i % h;
        let sq = 0;
        for (let k = ch - Math.floor((size - 1) / 2); k <= ch + Math.ceil((size - 1) / 2); k++) {
          if (k >= 0 && k < c) sq += xv[k * h + p] ** 2;
        }
        return v / (a.bias + (a.alpha / size) * sq) ** a.beta;
      });
      assertClose(y.dataSync(), want, 1e-5, `size ${size}`);
    }
  });

  it('gradients equal finite differences', () => {
    const x = randn([1, 2, 3, 3], 6);
    const p = [randn([2], 7), randn([2], 8), randn([2], 9), tf.tensor([0.5, 2])];
    checkGrad((xx) => runOp(bn, [xx, ...p])[0], x);
    checkGrad((xx) => runOp(ln, [xx, randn([3], 10)], { axis: -1 })[0], x);
    checkGrad((xx) => runOp(inorm, [xx, p[0], p[1]])[0], x);
    checkGrad((xx) => runOp(lrn, [xx], { size: 3, alpha: 0.5 })[0], x);
  });

  it('leaves no tensors behind', () => {
    const x = randn([1, 2, 3, 3], 11);
    const p = [randn([2], 7), randn([2], 8), randn([2], 9), tf.tensor([0.5, 2])];
    checkNoLeak(() => runOp(bn, [x, ...p]));
    checkNoLeak(() => runOp(ln, [x, randn([3], 10)], {}, { outputs: 3 }));
    checkNoLeak(() => runOp(inorm, [x, p[0], p[1]]));
    checkNoLeak(() => runOp(lrn, [x], { size: 2 }));
  });
});
