/** Reductions, arg-reductions, CumSum, Softmax family and Cast against host loops. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertClose, host, run1, runOp, seq, strides, unravel } from '../../../../test/util/onnx_op.ts';
import { initEngine } from '../../../engine/backend.ts';
import { tf } from '../../../engine/tf.ts';
import { OnnxImportError, type OpRegistration } from '../types.ts';
import * as ArgMax from './ArgMax.ts';
import * as ArgMin from './ArgMin.ts';
import * as Cast from './Cast.ts';
import * as CumSum from './CumSum.ts';
import * as LogSoftmax from './LogSoftmax.ts';
import * as ReduceL1 from './ReduceL1.ts';
import * as ReduceL2 from './ReduceL2.ts';
import * as ReduceLogSum from './ReduceLogSum.ts';
import * as ReduceLogSumExp from './ReduceLogSumExp.ts';
import * as ReduceMax from './ReduceMax.ts';
import * as ReduceMean from './ReduceMean.ts';
import * as ReduceMin from './ReduceMin.ts';
import * as ReduceProd from './ReduceProd.ts';
import * as ReduceSum from './ReduceSum.ts';
import * as ReduceSumSquare from './ReduceSumSquare.ts';
import * as Softmax from './Softmax.ts';

const SHAPE = [2, 3, 4];
const V = seq(24, 7, 1.5);
const i64 = (values: number[]) => host('INT64', [values.length], values);

/** Groups the elements of V by their index with `axes` zeroed; returns [keepdims shape, groups]. */
function groups(axes: number[]): [number[], number[][]] {
  const out = SHAPE.map((d, i) => (axes.includes(i) ? 1 : d));
  const st = strides(out);
  const g: number[][] = Array.from({ length: out.reduce((a, b) => a * b, 1) }, () => []);
  V.forEach((v, k) => {
    const idx = unravel(k, SHAPE);
    g[idx.reduce((s, j, i) => s + (axes.includes(i) ? 0 : j) * st[i], 0)].push(Math.fround(v));
  });
  return [out, g];
}

const REDUCERS: [OpRegistration[], (g: number[]) => number, number][] = [
  [ReduceSum.registrations, (g) => g.reduce((a, b) => a + b, 0), 13],
  [ReduceMean.registrations, (g) => g.reduce((a, b) => a + b, 0) / g.length, 18],
  [ReduceMax.registrations, (g) => Math.max(...g), 18],
  [ReduceMin.registrations, (g) => Math.min(...g), 18],
  [ReduceProd.registrations, (g) => g.reduce((a, b) => a * b, 1), 18],
  [ReduceL1.registrations, (g) => g.reduce((a, b) => a + Math.abs(b), 0), 18],
  [ReduceL2.registrations, (g) => Math.sqrt(g.reduce((a, b) => a + b * b, 0)), 18],
  [ReduceSumSquare.registrations, (g) => g.reduce((a, b) => a + b * b, 0), 18],
  [ReduceLogSumExp.registrations, (g) => Math.log(g.reduce((a, b) => a + Math.exp(b), 0)), 18],
  [ReduceLogSum.registrations, (g) => Math.log(g.reduce((a, b) => a + Math.abs(b), 0)), 18],
];

before(async () => {
  await initEngine('wasm');
});

describe('Reduce*', () => {
  it('match host reductions over axes, with and without keepdims, both axes forms', () => {
    for (const [regs, f, inputSince] of REDUCERS) {
      const name = regs[0].opType;
      const x = () => tf.tensor(name === 'ReduceLogSum' ? V.map(Math.abs) : V, SHAPE);
      for (const axes of [[1], [0, 2], [-1], [0, 1, 2]]) {
        const pos = axes.map((a) => (a < 0 ? a + 3 : a));
        const [keptShape, g] = groups(pos);
        const want = g.map(f);
        for (const keepdims of [0, 1]) {
          const oldForm = run1(regs, [x()], { opset: inputSince - 1, attrs: { axes, keepdims } });
          const newForm = run1(regs, [x(), undefined], {
            opset: inputSince,
            attrs: { keepdims },
            constants: { 1: i64(axes) },
          });
          const shape = keepdims ? keptShape : keptShape.filter((_, i) => !pos.includes(i));
          for (const got of [oldForm, newForm]) {
            assert.deepEqual(got.shape, shape, `${name} ${axes} ${keepdims}`);
            assertClose(got.values, want, 1e-5, `${name} ${axes}`);
          }
        }
      }
      const all = run1(regs, [x()], { opset: inputSince });
      assert.deepEqual(all.shape, [1, 1, 1], name);
      const noop = run1(regs, [x()], { opset: inputSince, attrs: { noop_with_empty_axes: 1 } });
      assert.deepEqual(noop.shape, SHAPE, name);
    }
  });
  it('keep integer types', () => {
    const got = run1(ReduceSum.registrations, [
      tf.tensor(
        [
          [1, 2],
          [3, 4],
        ],
        [2, 2],
        'int32',
      ),
      tf.tensor1d([0], 'int32'),
    ]);
    assert.deepEqual([got.dtype, got.values], ['int32', [4, 6]]);
    const m = run1(ReduceMean.registrations, [tf.tensor1d([1, 2], 'int32')], { attrs: { keepdims: 0 } });
    assert.deepEqual([m.dtype, m.values], ['int32', [1]]);
  });
});

describe('ArgMax, ArgMin', () => {
  const x = [
    [2, 5, 5, 1],
    [7, 7, 0, 0],
  ];
  const t = () => tf.tensor(x.flat(), [2, 4]);
  it('first or last index of the extreme, keepdims', () => {
    const a = (regs: OpRegistration[], attrs: Record<string, number>) => run1(regs, [t()], { attrs });
    assert.deepEqual(a(ArgMax.registrations, { axis: 1 }), { shape: [2, 1], values: [1, 0], dtype: 'int32' });
    assert.deepEqual(a(ArgMax.registrations, { axis: 1, select_last_index: 1, keepdims: 0 }).values, [2, 1]);
    assert.deepEqual(a(ArgMin.registrations, { axis: -1, keepdims: 0 }).values, [3, 2]);
    assert.deepEqual(a(ArgMin.registrations, { axis: 1, select_last_index: 1, keepdims: 0 }).values, [3, 3]);
    assert.deepEqual(a(ArgMax.registrations, {}), { shape: [1, 4], values: [1, 1, 0, 0], dtype: 'int32' });
  });
});

describe('CumSum', () => {
  it('exclusive and reverse along an axis given as input', () => {
    const v = [1, 2, 3, 4, 5, 6];
    const c = (attrs: Record<string, number>, axis: number) =>
      run1(CumSum.registrations, [tf.tensor(v, [2, 3]), tf.scalar(axis, 'int32')], { attrs }).values;
    assert.deepEqual(c({}, 1), [1, 3, 6, 4, 9, 15]);
    assert.deepEqual(c({}, 0), [1, 2, 3, 5, 7, 9]);
    assert.deepEqual(c({ exclusive: 1 }, -1), [0, 1, 3, 0, 4, 9]);
    assert.deepEqual(c({ reverse: 1 }, 1), [6, 5, 3, 15, 11, 6]);
    assert.deepEqual(c({ reverse: 1, exclusive: 1 }, 1), [5, 3, 0, 11, 6, 0]);
  });
});

describe('Softmax, LogSoftmax', () => {
  const x = () => tf.tensor(V, SHAPE);
  const softmaxOver = (axes: number[]) => {
    const [, g] = groups(axes);
    const sums = g.map((grp) => {
      const m = Math.max(...grp);
      return { m, s: grp.reduce((a, b) => a + Math.exp(b - m), 0) };
    });
    const st = strides(SHAPE.map((d, i) => (axes.includes(i) ? 1 : d)));
    return V.map((v, k) => {
      const idx = unravel(k, SHAPE);
      const { m, s } = sums[idx.reduce((acc, j, i) => acc + (axes.includes(i) ? 0 : j) * st[i], 0)];
      return Math.exp(Math.fround(v) - m) / s;
    });
  };
  it('from opset 13 normalise along one axis (default -1)', () => {
    assertClose(run1(Softmax.registrations, [x()]).values, softmaxOver([2]));
    assertClose(run1(Softmax.registrations, [x()], { attrs: { axis: 1 } }).values, softmaxOver([1]));
    const log = run1(LogSoftmax.registrations, [x()], { attrs: { axis: 0 } }).values;
    assertClose(log, softmaxOver([0]).map(Math.log));
  });
  it('before opset 13 normalise the 2-D coercion at axis (default 1)', () => {
    assertClose(run1(Softmax.registrations, [x()], { opset: 11 }).values, softmaxOver([1, 2]));
    assertClose(
      run1(Softmax.registrations, [x()], { opset: 11, attrs: { axis: 0 } }).values,
      softmaxOver([0, 1, 2]),
    );
    const log = run1(LogSoftmax.registrations, [x()], { opset: 11, attrs: { axis: -1 } }).values;
    assertClose(log, softmaxOver([2]).map(Math.log));
  });
  it('is stable for large inputs', () => {
    assertClose(run1(Softmax.registrations, [tf.tensor1d([1000, 1000, -1000])]).values, [0.5, 0.5, 0]);
  });
});

describe('Cast', () => {
  const c = (x: tf.Tensor, to: number | string, opset = 21) =>
    run1(Cast.registrations, [x], { opset, attrs: { to } });
  it('floats to integers truncate toward zero; narrow integers wrap', () => {
    assert.deepEqual(c(tf.tensor1d([1.7, -1.7, 2.5, -0.5]), 7), {
      shape: [4],
      values: [1, -1, 2, 0],
      dtype: 'int32',
    });
    assert.deepEqual(c(tf.tensor1d([300, -1, 255], 'int32'), 2).values, [44, 255, 255]);
    assert.deepEqual(c(tf.tensor1d([200, -129, 127], 'int32'), 3).values, [-56, 127, 127]);
    assert.deepEqual(c(tf.tensor1d([70000, -1], 'int32'), 4).values, [4464, 65535]);
  });
  it('to and from bool', () => {
    assert.deepEqual(c(tf.tensor1d([0, 0.1, -2]), 9), { shape: [3], values: [0, 1, 1], dtype: 'bool' });
    assert.deepEqual(c(tf.tensor([true, false], [2], 'bool'), 1), {
      shape: [2],
      values: [1, 0],
      dtype: 'float32',
    });
    assert.deepEqual(c(tf.tensor1d([3, 0], 'int32'), 'FLOAT', 1).dtype, 'float32');
  });
  it('rounds to FLOAT16 and BFLOAT16 precision, ties to even', () => {
    const x = tf.tensor1d([
      1 + 2 ** -11,
      1 + 3 * 2 ** -11,
      65519,
      65520,
      1e-7,
      -2.7,
      0,
      Number.NaN,
      -Infinity,
    ]);
    assertClose(
      c(x, 10).values,
      [
        1,
        1 + 2 ** -9,
        65504,
        Infinity,
        2 ** -24 * Math.round(1e-7 / 2 ** -24),
        -2.69921875,
        0,
        Number.NaN,
        -Infinity,
      ],
      0,
    );
    const b = tf.tensor1d([1 + 2 ** -8, 1 + 3 * 2 ** -8, 8.1, 1e-30, -1e38]);
    const bf = (v: number) => {
      const e = Math.floor(Math.log2(Math.abs(v)));
      return Math.round(v / 2 ** (e - 7)) * 2 ** (e - 7);
    };
    assertClose(c(b, 16).values, [1, 1 + 2 ** -6, bf(8.1), bf(1e-30), bf(-1e38)], 1e-7);
  });
  it('refuses STRING and complex targets', () => {
    assert.throws(() => runOp(Cast.registrations, [tf.tensor1d([1])], { attrs: { to: 8 } }), OnnxImportError);
    assert.throws(() => runOp(Cast.registrations, [tf.tensor1d([1])], { attrs: { to: 14 } }), /COMPLEX64/);
  });
});
