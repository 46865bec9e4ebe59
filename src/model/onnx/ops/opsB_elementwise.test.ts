/** Element-wise ONNX ops against closed forms computed on the host in float64. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertClose, at, run1, seq, unravel } from '../../../../test/util/onnx_op.ts';
import { initEngine } from '../../../engine/backend.ts';
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import * as Abs from './Abs.ts';
import * as Add from './Add.ts';
import * as And from './And.ts';
import * as Ceil from './Ceil.ts';
import * as Clip from './Clip.ts';
import * as Cos from './Cos.ts';
import * as Div from './Div.ts';
import * as Elu from './Elu.ts';
import * as Equal from './Equal.ts';
import * as Erf from './Erf.ts';
import * as Exp from './Exp.ts';
import * as Floor from './Floor.ts';
import * as Gelu from './Gelu.ts';
import * as Greater from './Greater.ts';
import * as GreaterOrEqual from './GreaterOrEqual.ts';
import * as HardSigmoid from './HardSigmoid.ts';
import * as HardSwish from './HardSwish.ts';
import * as LeakyRelu from './LeakyRelu.ts';
import * as Less from './Less.ts';
import * as LessOrEqual from './LessOrEqual.ts';
import * as Log from './Log.ts';
import * as Max from './Max.ts';
import * as Mean from './Mean.ts';
import * as Min from './Min.ts';
import * as Mish from './Mish.ts';
import * as Mul from './Mul.ts';
import * as Neg from './Neg.ts';
import * as Not from './Not.ts';
import * as Or from './Or.ts';
import * as Pow from './Pow.ts';
import * as PRelu from './PRelu.ts';
import * as Reciprocal from './Reciprocal.ts';
import * as Relu from './Relu.ts';
import * as Round from './Round.ts';
import * as Selu from './Selu.ts';
import * as Sigmoid from './Sigmoid.ts';
import * as Sign from './Sign.ts';
import * as Sin from './Sin.ts';
import * as Softplus from './Softplus.ts';
import * as Sqrt from './Sqrt.ts';
import * as Sub from './Sub.ts';
import * as Sum from './Sum.ts';
import * as Tanh from './Tanh.ts';
import * as Where from './Where.ts';

/** erf by its Maclaurin series (converges for the |x| <= 3 used here) */
function erf(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 80; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
const softplus = (x: number) => Math.log1p(Math.exp(x));

const X = [...seq(23, 1, 3), 0, -0.5, 0.5, 1.5, 2.5, -2.5];
const POS = X.map((v) => Math.abs(v) + 0.1);

function unaryCase(regs: OpRegistration[], f: (x: number) => number, xs = X, attrs = {}, tol = 1e-5) {
  const got = run1(regs, [tf.tensor1d(xs)], { attrs });
  assert.deepEqual(got.shape, [xs.length]);
  assertClose(got.values, xs.map(f), tol, regs[0].opType);
}

before(async () => {
  await initEngine('wasm');
});

describe('unary ops', () => {
  it('match their closed forms', () => {
    unaryCase(Abs.registrations, Math.abs);
    unaryCase(Neg.registrations, (x) => -x);
    unaryCase(Exp.registrations, Math.exp);
    unaryCase(Log.registrations, Math.log, POS);
    unaryCase(Sqrt.registrations, Math.sqrt, POS);
    unaryCase(Reciprocal.registrations, (x) => 1 / x, POS);
    unaryCase(Relu.registrations, (x) => Math.max(x, 0));
    unaryCase(Sigmoid.registrations, (x) => 1 / (1 + Math.exp(-x)));
    unaryCase(Tanh.registrations, Math.tanh);
    unaryCase(Floor.registrations, Math.floor);
    unaryCase(Ceil.registrations, Math.ceil);
    unaryCase(Sin.registrations, Math.sin);
    unaryCase(Cos.registrations, Math.cos);
    unaryCase(Sign.registrations, Math.sign);
    unaryCase(Softplus.registrations, softplus);
    unaryCase(Erf.registrations, erf, X, {}, 2e-6);
  });

  it('Sign of tiny values and NaN', () => {
    const got = run1(Sign.registrations, [tf.tensor1d([1e-7, -1e-30, 0, Number.NaN, -2])]);
    assertClose(got.values, [1, -1, 0, Number.NaN, -1], 0);
    assert.deepEqual(run1(Sign.registrations, [tf.tensor1d([-3, 0, 4], 'int32')]).values, [-1, 0, 1]);
  });

  it('Round rounds halves to even', () => {
    const got = run1(Round.registrations, [tf.tensor1d([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, -2.6])]);
    assertClose(got.values, [0, 2, 2, -0, -2, 2, -3], 0);
  });

  it('activations with attributes follow the ONNX formulas', () => {
    unaryCase(LeakyRelu.registrations, (x) => (x >= 0 ? x : 0.01 * x));
    unaryCase(LeakyRelu.registrations, (x) => (x >= 0 ? x : 0.3 * x), X, { alpha: 0.3 });
    unaryCase(Elu.registrations, (x) => (x > 0 ? x : Math.expm1(x)));
    unaryCase(Elu.registrations, (x) => (x > 0 ? x : 2 * Math.expm1(x)), X, { alpha: 2 });
    // the spec's float32 defaults 1.67326319217681884765625 and 1.05070102214813232421875
    const [a, g] = [Math.fround(1.6732632423543772), Math.fround(1.0507009873554805)];
    unaryCase(Selu.registrations, (x) => g * (x > 0 ? x : a * Math.expm1(x)));
    unaryCase(Selu.registrations, (x) => 3 * (x > 0 ? x : 2 * Math.expm1(x)), X, { alpha: 2, gamma: 3 });
    unaryCase(HardSigmoid.registrations, (x) => Math.max(0, Math.min(1, 0.2 * x + 0.5)));
    unaryCase(HardSigmoid.registrations, (x) => Math.max(0, Math.min(1, 0.5 * x + 0.6)), X, {
      alpha: 0.5,
      beta: 0.6,
    });
    unaryCase(HardSwish.registrations, (x) => x * Math.max(0, Math.min(1, x / 6 + 0.5)), [...X, -4, 4]);
    unaryCase(Mish.registrations, (x) => x * Math.tanh(softplus(x)));
    unaryCase(Gelu.registrations, (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)), X, {}, 2e-6);
    const tanhGelu = (x: number) =>
      0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
    unaryCase(Gelu.registrations, tanhGelu, X, { approximate: 'tanh' });
  });

  it('PRelu broadcasts the slope', () => {
    const x = seq(2 * 3 * 2, 2);
    const slope = [0.1, 0.2, 0.3];
    const got = run1(PRelu.registrations, [tf.tensor(x, [2, 3, 2]), tf.tensor(slope, [3, 1])]);
    assertClose(
      got.values,
      x.map((v, k) => (v >= 0 ? v : v * slope[unravel(k, [2, 3, 2])[1]])),
    );
  });
});

describe('binary ops', () => {
  const A = [2, 3, 1];
  const B = [3, 4];
  const a = seq(6, 3);
  const b = seq(12, 4).map((v) => v + (v >= 0 ? 0.5 : -0.5));
  const outShape = [2, 3, 4];
  const want = (f: (x: number, y: number) => number) =>
    Array.from({ length: 24 }, (_, k) => {
      const idx = unravel(k, outShape);
      return f(at(a, A, idx), at(b, B, idx));
    });
  const cases: [OpRegistration[], (x: number, y: number) => number][] = [
    [Add.registrations, (x, y) => x + y],
    [Sub.registrations, (x, y) => x - y],
    [Mul.registrations, (x, y) => x * y],
    [Div.registrations, (x, y) => x / y],
    [Equal.registrations, (x, y) => Number(x === y)],
    [Greater.registrations, (x, y) => Number(x > y)],
    [Less.registrations, (x, y) => Number(x < y)],
    [GreaterOrEqual.registrations, (x, y) => Number(x >= y)],
    [LessOrEqual.registrations, (x, y) => Number(x <= y)],
  ];
  it('broadcast numpy-style', () => {
    for (const [regs, f] of cases) {
      const got = run1(regs, [tf.tensor(a, A), tf.tensor(b, B)]);
      assert.deepEqual(got.shape, outShape, regs[0].opType);
      assertClose(got.values, want(f), 1e-5, regs[0].opType);
    }
  });

  it('comparisons give bool and see equal elements', () => {
    const got = run1(Equal.registrations, [tf.tensor1d([1, 2, 3], 'int32'), tf.tensor1d([1, 0, 3], 'int32')]);
    assert.equal(got.dtype, 'bool');
    assert.deepEqual(got.values, [1, 0, 1]);
    const ge = run1(GreaterOrEqual.registrations, [tf.tensor1d([1, 2, 3]), tf.scalar(2)]);
    assert.deepEqual(ge.values, [0, 1, 1]);
  });

  it('legacy broadcast (opset < 7) aligns B at axis', () => {
    const x = tf.tensor(seq(24, 5), [2, 3, 4]);
    const y = tf.tensor1d([10, 20, 30]);
    const got = run1(Add.registrations, [x, y], { opset: 6, attrs: { broadcast: 1, axis: 1 } });
    const xs = x.dataSync();
    assertClose(
      got.values,
      Array.from(xs, (v, k) => v + [10, 20, 30][unravel(k, [2, 3, 4])[1]]),
    );
  });

  it('Div truncates integers toward zero', () => {
    const got = run1(Div.registrations, [
      tf.tensor1d([7, -7, 7, -7, 6], 'int32'),
      tf.tensor1d([2, 2, -2, -2, 3], 'int32'),
    ]);
    assert.equal(got.dtype, 'int32');
    assert.deepEqual(got.values, [3, -3, -3, 3, 2]);
  });

  it('Pow keeps the base type with mixed inputs', () => {
    const f = run1(Pow.registrations, [tf.tensor1d([2, 3, 0.5]), tf.tensor1d([3, 2, -1], 'int32')]);
    assert.equal(f.dtype, 'float32');
    assertClose(f.values, [8, 9, 2]);
    const i = run1(Pow.registrations, [tf.tensor1d([2, 3, 5], 'int32'), tf.tensor1d([10, 3, 2])]);
    assert.equal(i.dtype, 'int32');
    assert.deepEqual(i.values, [1024, 27, 25]);
    const p = run1(Pow.registrations, [tf.tensor1d(POS), tf.scalar(1.5)]);
    assertClose(
      p.values,
      POS.map((v) => v ** 1.5),
    );
  });

  it('logical ops and Where', () => {
    const p = tf.tensor([true, false, true, false], [2, 2], 'bool');
    const q = tf.tensor([true, false], [2], 'bool');
    assert.deepEqual(run1(And.registrations, [p, q]).values, [1, 0, 1, 0]);
    assert.deepEqual(run1(Or.registrations, [p, tf.tensor([false, true], [2], 'bool')]).values, [1, 1, 1, 1]);
    assert.deepEqual(run1(Not.registrations, [p]).values, [0, 1, 0, 1]);
    const w = run1(Where.registrations, [q, tf.tensor([1, 2, 3, 4], [2, 2]), tf.scalar(-1)]);
    assert.deepEqual(w.shape, [2, 2]);
    assert.deepEqual(w.values, [1, -1, 3, -1]);
  });
});

describe('variadic ops', () => {
  const xs = () => [tf.tensor([1, 5, 3, -2], [2, 2]), tf.tensor1d([2, 4]), tf.scalar(3)];
  it('Min, Max, Sum, Mean broadcast all inputs', () => {
    assert.deepEqual(run1(Min.registrations, xs()).values, [1, 3, 2, -2]);
    assert.deepEqual(run1(Max.registrations, xs()).values, [3, 5, 3, 4]);
    assert.deepEqual(run1(Sum.registrations, xs()).values, [6, 12, 8, 5]);
    assertClose(run1(Mean.registrations, xs()).values, [2, 4, 8 / 3, 5 / 3]);
  });
  it('one input is passed through', () => {
    assert.deepEqual(run1(Max.registrations, [tf.tensor1d([1, 2])]).values, [1, 2]);
  });
});

describe('Clip', () => {
  const x = [-3, -1, 0, 0.5, 2, 4];
  it('takes bounds as attributes before opset 11', () => {
    assert.deepEqual(
      run1(Clip.registrations, [tf.tensor1d(x)], { opset: 6, attrs: { min: -1, max: 1 } }).values,
      [-1, -1, 0, 0.5, 1, 1],
    );
    assert.deepEqual(
      run1(Clip.registrations, [tf.tensor1d(x)], { opset: 6, attrs: { max: 1 } }).values,
      [-3, -1, 0, 0.5, 1, 1],
    );
  });
  it('takes optional bound inputs from opset 11, and lo > hi gives hi', () => {
    const t = () => tf.tensor1d(x);
    assert.deepEqual(
      run1(Clip.registrations, [t(), tf.scalar(0), tf.scalar(2)]).values,
      [0, 0, 0, 0.5, 2, 2],
    );
    assert.deepEqual(run1(Clip.registrations, [t(), undefined, tf.scalar(0)]).values, [-3, -1, 0, 0, 0, 0]);
    assert.deepEqual(run1(Clip.registrations, [t()]).values, x);
    assert.deepEqual(run1(Clip.registrations, [t(), tf.scalar(3), tf.scalar(1)]).values, [1, 1, 1, 1, 1, 1]);
    const i = run1(Clip.registrations, [
      tf.tensor1d([-5, 5, 100], 'int32'),
      tf.scalar(-4, 'int32'),
      tf.scalar(10, 'int32'),
    ]);
    assert.equal(i.dtype, 'int32');
    assert.deepEqual(i.values, [-4, 5, 10]);
  });
});
