import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertClose, checkGrad, checkNoLeak, normals, randn, runOp } from '../../../../test/util/onnx_nn.ts';
import { initEngine } from '../../../engine/backend.ts';
import { tf } from '../../../engine/tf.ts';
import { registrations as gru } from './GRU.ts';
import { registrations as lstm } from './LSTM.ts';
import { registrations as rnn } from './RNN.ts';

const sig = (v: number) => 1 / (1 + Math.exp(-v));
const [T, B, I, H] = [3, 2, 3, 2];

/** row r of a [rows, cols] matrix times vector v */
const dot = (m: ArrayLike<number>, r: number, cols: number, v: ArrayLike<number>) => {
  let s = 0;
  for (let k = 0; k < cols; k++) s += m[r * cols + k] * v[k];
  return s;
};
const xAt = (x: Float32Array, t: number, b: number) => x.subarray((t * B + b) * I, (t * B + b + 1) * I);

interface Weights {
  x: Float32Array;
  w: Float32Array;
  r: Float32Array;
  b: Float32Array;
  h0: Float32Array;
}

function weights(gates: number, seed: number): Weights {
  return {
    x: normals(T * B * I, seed),
    w: normals(gates * H * I, seed + 1, 0.5),
    r: normals(gates * H * H, seed + 2, 0.5),
    b: normals(2 * gates * H, seed + 3, 0.5),
    h0: normals(B * H, seed + 4),
  };
}

/** One direction of the ONNX LSTM equations, by hand: returns Y [T][B*H] and (h, c). */
function refLstm(p: Weights, c0: Float32Array, peep: Float32Array, reverse: boolean) {
  const h = Float32Array.from(p.h0);
  const c = Float32Array.from(c0);
  const ys: number[][] = new Array(T);
  for (let s = 0; s < T; s++) {
    const t = reverse ? T - 1 - s : s;
    const hPrev = Float32Array.from(h);
    for (let b = 0; b < B; b++) {
      const hb = hPrev.subarray(b * H, (b + 1) * H);
      const g = (row: number) =>
        dot(p.w, row, I, xAt(p.x, t, b)) + dot(p.r, row, H, hb) + p.b[row] + p.b[4 * H + row];
      for (let k = 0; k < H; k++) {
        const cp = c[b * H + k];
        const i = sig(g(k) + peep[k] * cp);
        const f = sig(g(2 * H + k) + peep[2 * H + k] * cp);
        const cn = f * cp + i * Math.tanh(g(3 * H + k));
        const o = sig(g(H + k) + peep[H + k] * cn);
        c[b * H + k] = cn;
        h[b * H + k] = o * Math.tanh(cn);
      }
    }
    ys[t] = Array.from(h);
  }
  return { ys, h, c };
}

/** One direction of the ONNX GRU equations, by hand. */
function refGru(p: Weights, lbr: boolean) {
  const h = Float32Array.from(p.h0);
  const ys: number[][] = [];
  for (let t = 0; t < T; t++) {
    const hPrev = Float32Array.from(h);
    for (let b = 0; b < B; b++) {
      const hb = hPrev.subarray(b * H, (b + 1) * H);
      const xw = (row: number) => dot(p.w, row, I, xAt(p.x, t, b)) + p.b[row];
      const rb = (row: number) => p.b[3 * H + row];
      const z = Array.from({ length: H }, (_, k) => sig(xw(k) + dot(p.r, k, H, hb) + rb(k)));
      const r = Array.from({ length: H }, (_, k) => sig(xw(H + k) + dot(p.r, H + k, H, hb) + rb(H + k)));
      const rh = hb.map((v, k) => r[k] * v);
      for (let k = 0; k < H; k++) {
        const row = 2 * H + k;
        const pre = lbr
          ? xw(row) + r[k] * (dot(p.r, row, H, hb) + rb(row))
          : xw(row) + dot(p.r, row, H, rh) + rb(row);
        const cand = Math.tanh(pre);
        h[b * H + k] = (1 - z[k]) * cand + z[k] * hb[k];
      }
    }
    ys.push(Array.from(h));
  }
  return { ys, h };
}

const tensors = (p: Weights, gates: number) => [
  tf.tensor(p.x, [T, B, I]),
  tf.tensor(p.w, [1, gates * H, I]),
  tf.tensor(p.r, [1, gates * H, H]),
  tf.tensor(p.b, [1, 2 * gates * H]),
  undefined,
  tf.tensor(p.h0, [1, B, H]),
];

describe('ONNX LSTM, GRU, RNN', () => {
  before(async () => {
    await initEngine('wasm');
  });

  for (const reverse of [false, true]) {
    it(`LSTM with peepholes, bias and initial state equals the hand computation (${reverse ? 'reverse' : 'forward'})`, () => {
      const p = weights(4, 1);
      const c0 = normals(B * H, 10);
      const peep = normals(3 * H, 11);
      const ref = refLstm(p, c0, peep, reverse);
      const ins = [...tensors(p, 4), tf.tensor(c0, [1, B, H]), tf.tensor(peep, [1, 3 * H])];
      const [y, yh, yc] = runOp(
        lstm,
        ins,
        { hidden_size: H, direction: reverse ? 'reverse' : 'forward' },
        { outputs: 3 },
      );
      assert.deepEqual(y.shape, [T, 1, B, H]);
      assertClose(y.dataSync(), ref.ys.flat(), 1e-5, 'Y');
      assertClose(yh.dataSync(), ref.h, 1e-5, 'Y_h');
      assertClose(yc.dataSync(), ref.c, 1e-5, 'Y_c');
    });
  }

  for (const lbr of [false, true]) {
    it(`GRU linear_before_reset=${lbr ? 1 : 0} equals the hand computation`, () => {
      const p = weights(3, 20);
      const ref = refGru(p, lbr);
      const [y, yh] = runOp(
        gru,
        tensors(p, 3),
        { hidden_size: H, linear_before_reset: lbr ? 1 : 0 },
        { outputs: 2 },
      );
      assertClose(y.dataSync(), ref.ys.flat(), 1e-5, 'Y');
      assertClose(yh.dataSync(), ref.h, 1e-5, 'Y_h');
    });
  }

  it('RNN with Relu equals the hand computation; bidirectional stacks both directions', () => {
    const p = weights(1, 30);
    const h = Float32Array.from(p.h0);
    const ys: number[][] = [];
    for (let t = 0; t < T; t++) {
      const hp = Float32Array.from(h);
      for (let b = 0; b < B; b++) {
        for (let k = 0; k < H; k++) {
          const v = dot(p.w, k, I, xAt(p.x, t, b)) + dot(p.r, k, H, hp.subarray(b * H)) + p.b[k] + p.b[H + k];
          h[b * H + k] = Math.max(0, v);
        }
      }
      ys.push(Array.from(h));
    }
    const [y] = runOp(rnn, tensors(p, 1), { activations: ['Relu'] });
    assertClose(y.dataSync(), ys.flat(), 1e-5);
    // bidirectional with the same weights twice: direction 0 is the forward run
    const two = (t: tf.Tensor) => tf.concat([t, t], 0);
    const [x, w, r, b, , h0] = tensors(p, 1) as tf.Tensor[];
    const [yb, yhb] = runOp(
      rnn,
      [x, two(w), two(r), two(b), undefined, two(h0)],
      { direction: 'bidirectional', activations: ['Relu', 'Relu'] },
      { outputs: 2 },
    );
    assert.deepEqual(yb.shape, [T, 2, B, H]);
    assertClose(tf.slice(yb, [0, 0, 0, 0], [T, 1, B, H]).dataSync(), ys.flat(), 1e-5);
    assert.deepEqual(yhb.shape, [2, B, H]);
  });

  it('sequence_lens: a short sequence equals running it alone, forward and reverse; layout 1', () => {
    const p = weights(3, 40);
    const [x, w, r, b] = tensors(p, 3) as tf.Tensor[];
    for (const direction of ['forward', 'reverse']) {
      const lens = tf.tensor([T, 2], undefined, 'int32');
      const [y, yh] = runOp(gru, [x, w, r, b, lens], { direction }, { outputs: 2 });
      // batch element 1 alone, its first 2 steps
      const x1 = tf.slice(x, [0, 1, 0], [2, 1, I]);
      const [y1, yh1] = runOp(gru, [x1, w, r, b], { direction }, { outputs: 2 });
      assertClose(tf.slice(y, [0, 0, 1, 0], [2, 1, 1, H]).dataSync(), y1.dataSync(), 1e-5, `${direction} Y`);
      assertClose(tf.slice(y, [2, 0, 1, 0], [1, 1, 1, H]).dataSync(), [0, 0], 1e-6, 'Y past the end');
      assertClose(tf.slice(yh, [0, 1, 0], [1, 1, H]).dataSync(), yh1.dataSync(), 1e-5, `${direction} Y_h`);
    }
    const [yl] = runOp(gru, [tf.transpose(x, [1, 0, 2]), w, r, b], { layout: 1 });
    const [y0] = runOp(gru, [x, w, r, b]);
    assertClose(tf.transpose(yl, [1, 2, 0, 3]).dataSync(), y0.dataSync(), 1e-6, 'layout 1');
  });

  it('memoized weights give the same results', () => {
    const p = weights(4, 70);
    const memo = new Map<string, tf.Tensor>();
    const a = { direction: 'bidirectional' };
    const two = (t: tf.Tensor | undefined) => (t ? tf.concat([t, t], 0) : undefined);
    const ins = tensors(p, 4).map((t, i) => (i === 0 ? t : two(t)));
    const plain = runOp(lstm, ins, a)[0].dataSync();
    const once = runOp(lstm, ins, a, { memo })[0].dataSync();
    const twice = runOp(lstm, ins, a, { memo })[0].dataSync();
    assert.deepEqual([...memo.keys()].sort(), ['R0', 'R1', 'W0', 'W1']);
    assert.deepEqual(Array.from(once), Array.from(plain));
    assert.deepEqual(Array.from(twice), Array.from(plain));
    tf.dispose([...memo.values()]);
  });

  it('gradients equal finite differences', () => {
    const x = randn([T, 1, 2], 50);
    const w4 = randn([1, 8, 2], 51, 0.5);
    const r4 = randn([1, 8, 2], 52, 0.5);
    const p = randn([1, 6], 53);
    checkGrad(
      (xx) => runOp(lstm, [xx, w4, r4, undefined, undefined, undefined, undefined, p])[0],
      x,
      1,
      2e-2,
      1e-3,
    );
    checkGrad((rr) => runOp(lstm, [x, w4, rr])[0], r4, 2, 2e-2, 1e-3);
    const w3 = randn([2, 6, 2], 54, 0.5);
    const r3 = randn([2, 6, 2], 55, 0.5);
    const a = { direction: 'bidirectional', linear_before_reset: 1 };
    checkGrad((xx) => runOp(gru, [xx, w3, r3], a)[0], x, 3, 2e-2, 1e-3);
    checkGrad(
      (xx) => runOp(gru, [xx, w3, r3], { direction: 'bidirectional' }, { outputs: 2 })[1],
      x,
      4,
      2e-2,
      1e-3,
    );
  });

  it('leaves no tensors behind', () => {
    const p = weights(4, 60);
    checkNoLeak(() => runOp(lstm, [...tensors(p, 4), undefined, undefined], {}, { outputs: 3 }));
    checkNoLeak(() =>
      runOp(gru, [...tensors(weights(3, 61), 3).slice(0, 4), tf.tensor([3, 1], undefined, 'int32')], {
        direction: 'reverse',
      }),
    );
  });
});
