/** The element-wise ops added last (trigonometric, activations, Mod, Xor, IsNaN/IsInf …) against closed forms. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertClose, run1, seq } from '../../../../test/util/onnx_op.ts';
import { initEngine } from '../../../engine/backend.ts';
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import * as Acos from './Acos.ts';
import * as Acosh from './Acosh.ts';
import * as Asin from './Asin.ts';
import * as Asinh from './Asinh.ts';
import * as Atan from './Atan.ts';
import * as Atanh from './Atanh.ts';
import * as Celu from './Celu.ts';
import * as Cosh from './Cosh.ts';
import * as IsInf from './IsInf.ts';
import * as IsNaN from './IsNaN.ts';
import * as MeanVarianceNormalization from './MeanVarianceNormalization.ts';
import * as Mod from './Mod.ts';
import * as Shrink from './Shrink.ts';
import * as Sinh from './Sinh.ts';
import * as Softsign from './Softsign.ts';
import * as Tan from './Tan.ts';
import * as ThresholdedRelu from './ThresholdedRelu.ts';
import * as Xor from './Xor.ts';

const X = [...seq(17, 3, 2), 0, -0.5, 0.5, 1.5, -1.5];
/** inside (-1, 1), for asin, acos and atanh */
const UNIT = X.map((v) => v / 2.1);
const ABOVE_ONE = X.map((v) => 1 + Math.abs(v));

function unaryCase(regs: OpRegistration[], f: (x: number) => number, xs = X, attrs = {}, tol = 1e-5) {
  const got = run1(regs, [tf.tensor1d(xs)], { attrs });
  assert.deepEqual(got.shape, [xs.length]);
  assertClose(got.values, xs.map(f), tol, regs[0].opType);
}

before(async () => {
  await initEngine('wasm');
});

describe('trigonometric and hyperbolic ops', () => {
  it('match Math', () => {
    unaryCase(Acos.registrations, Math.acos, UNIT);
    unaryCase(Asin.registrations, Math.asin, UNIT);
    unaryCase(Atan.registrations, Math.atan);
    unaryCase(Tan.registrations, Math.tan, UNIT);
    unaryCase(Sinh.registrations, Math.sinh);
    unaryCase(Cosh.registrations, Math.cosh);
    unaryCase(Asinh.registrations, Math.asinh);
    unaryCase(Acosh.registrations, Math.acosh, ABOVE_ONE);
    unaryCase(Atanh.registrations, Math.atanh, UNIT, {}, 2e-5);
  });
});

describe('activations', () => {
  it('follow the ONNX formulas, defaults and attributes', () => {
    unaryCase(Softsign.registrations, (x) => x / (1 + Math.abs(x)));
    unaryCase(ThresholdedRelu.registrations, (x) => (x > 1 ? x : 0));
    unaryCase(ThresholdedRelu.registrations, (x) => (x > 0.25 ? x : 0), X, { alpha: 0.25 });
    const celu = (a: number) => (x: number) => Math.max(0, x) + Math.min(0, a * (Math.exp(x / a) - 1));
    unaryCase(Celu.registrations, celu(1));
    unaryCase(Celu.registrations, celu(2.5), X, { alpha: 2.5 });
    const shrink = (l: number, b: number) => (x: number) => (x < -l ? x + b : x > l ? x - b : 0);
    unaryCase(Shrink.registrations, shrink(0.5, 0));
    unaryCase(Shrink.registrations, shrink(1, 0.25), X, { lambd: 1, bias: 0.25 });
  });

  it('Celu and ThresholdedRelu have gradients that agree with their derivatives', () => {
    const x = tf.tensor1d([-1.5, -0.2, 0.3, 2]);
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.tidy(() => run(Celu.registrations, v))))(x);
    assertClose(g.dataSync(), [Math.exp(-1.5), Math.exp(-0.2), 1, 1], 1e-5);
    const h = tf.grad((v: tf.Tensor) => tf.sum(run(ThresholdedRelu.registrations, v)))(x);
    assertClose(h.dataSync(), [0, 0, 0, 1], 0);
    tf.dispose([x, g, h]);
  });
});

function run(regs: OpRegistration[], x: tf.Tensor): tf.Tensor {
  const node = { name: 'n', opType: regs[0].opType, domain: '', inputs: ['x'], outputs: ['y'], attrs: {} };
  return regs[0].impl.run([x], { node, opset: 21, constant: () => undefined })[0];
}

describe('Mod', () => {
  const a = [7, -7, 7, -7, 5, 0, 13, -13];
  const b = [3, 3, -3, -3, 5, 4, 4, -4];
  it('fmod = 0 takes the sign of the divisor (integers, as Python %)', () => {
    const got = run1(Mod.registrations, [tf.tensor1d(a, 'int32'), tf.tensor1d(b, 'int32')], { opset: 13 });
    assert.equal(got.dtype, 'int32');
    assert.deepEqual(
      got.values,
      a.map((x, i) => ((x % b[i]) + b[i]) % b[i]),
    );
  });
  it('fmod = 1 takes the sign of the dividend (as C fmod), for integers and floats', () => {
    const ints = run1(Mod.registrations, [tf.tensor1d(a, 'int32'), tf.tensor1d(b, 'int32')], {
      attrs: { fmod: 1 },
    });
    assert.deepEqual(
      ints.values,
      a.map((x, i) => x % b[i] || 0),
    );
    const fa = [5.5, -5.5, 5.5, -5.5, 0.25];
    const fb = [2, 2, -2, -2, 0.1];
    const floats = run1(Mod.registrations, [tf.tensor1d(fa), tf.tensor1d(fb)], { attrs: { fmod: 1 } });
    assertClose(
      floats.values,
      fa.map((x, i) => x % fb[i]),
      1e-6,
    );
  });
  it('broadcasts', () => {
    const got = run1(Mod.registrations, [
      tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32'),
      tf.tensor1d([4], 'int32'),
    ]);
    assert.deepEqual(got.values, [1, 2, 3, 0, 1, 2]);
  });
});

describe('logical and classification ops', () => {
  it('Xor is true where exactly one is true, with broadcasting', () => {
    const got = run1(Xor.registrations, [
      tf.tensor2d([true, false, false, true], [2, 2], 'bool'),
      tf.tensor1d([true, false], 'bool'),
    ]);
    assert.deepEqual(got.values, [0, 0, 1, 1]);
  });

  it('IsNaN and IsInf (with detect_negative / detect_positive)', () => {
    const xs = [1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 3e38];
    assert.deepEqual(run1(IsNaN.registrations, [tf.tensor1d(xs)]).values, [0, 1, 0, 0, 0, 0]);
    assert.deepEqual(run1(IsInf.registrations, [tf.tensor1d(xs)]).values, [0, 0, 1, 1, 0, 0]);
    const pos = run1(IsInf.registrations, [tf.tensor1d(xs)], { attrs: { detect_negative: 0 } });
    assert.deepEqual(pos.values, [0, 0, 1, 0, 0, 0]);
    const neg = run1(IsInf.registrations, [tf.tensor1d(xs)], { attrs: { detect_positive: 0 } });
    assert.deepEqual(neg.values, [0, 0, 0, 1, 0, 0]);
  });
});

describe('MeanVarianceNormalization', () => {
  it('normalizes over axes [0, 2, 3] by default', () => {
    const shape = [2, 2, 2, 2];
    const x = seq(16, 5, 3);
    const got = run1(MeanVarianceNormalization.registrations, [tf.tensor(x, shape)]);
    const want = new Array<number>(16);
    for (let c = 0; c < 2; c++) {
      const idx = [...Array(16).keys()].filter((k) => Math.floor(k / 4) % 2 === c);
      const mean = idx.reduce((s, k) => s + x[k], 0) / idx.length;
      const variance = idx.reduce((s, k) => s + (x[k] - mean) ** 2, 0) / idx.length;
      for (const k of idx) want[k] = (x[k] - mean) / Math.sqrt(variance + 1e-9);
    }
    assertClose(got.values, want, 1e-5);
  });
});
