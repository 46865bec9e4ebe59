/**
 * Gradients through the ONNX ops equal central finite differences (loss: a fixed weighted
 * sum of the op's output), for every float input of a representative set of ops.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { finiteDiff, maxAbs, maxAbsDiff } from '../../../../test/util/numeric.ts';
import { host, type RunOptions, runOp, seq } from '../../../../test/util/onnx_op.ts';
import { initEngine } from '../../../engine/backend.ts';
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import * as Cast from './Cast.ts';
import * as Clip from './Clip.ts';
import * as Concat from './Concat.ts';
import * as CumSum from './CumSum.ts';
import * as Div from './Div.ts';
import * as Einsum from './Einsum.ts';
import * as Elu from './Elu.ts';
import * as Erf from './Erf.ts';
import * as Expand from './Expand.ts';
import * as Gather from './Gather.ts';
import * as Gelu from './Gelu.ts';
import * as Gemm from './Gemm.ts';
import * as HardSigmoid from './HardSigmoid.ts';
import * as HardSwish from './HardSwish.ts';
import * as LeakyRelu from './LeakyRelu.ts';
import * as LogSoftmax from './LogSoftmax.ts';
import * as MatMul from './MatMul.ts';
import * as Mish from './Mish.ts';
import * as Mul from './Mul.ts';
import * as Pow from './Pow.ts';
import * as PRelu from './PRelu.ts';
import * as ReduceL2 from './ReduceL2.ts';
import * as ReduceLogSumExp from './ReduceLogSumExp.ts';
import * as ReduceMax from './ReduceMax.ts';
import * as ReduceMean from './ReduceMean.ts';
import * as ReduceProd from './ReduceProd.ts';
import * as Selu from './Selu.ts';
import * as Slice from './Slice.ts';
import * as Softmax from './Softmax.ts';
import * as Split from './Split.ts';
import * as Tile from './Tile.ts';
import * as Transpose from './Transpose.ts';
import * as Where from './Where.ts';

interface GradCase {
  regs: OpRegistration[];
  /** the op's inputs; float ones listed in `wrt` are differentiated */
  inputs: () => (Tensor | undefined)[];
  wrt: number[];
  opts?: RunOptions;
}

const t = (shape: number[], seed: number, scale = 2) =>
  tf.tensor(
    seq(
      shape.reduce((a, b) => a * b, 1),
      seed,
      scale,
    ),
    shape,
  );
/** values bounded away from zero: 0.5..2.5 in magnitude */
const away = (shape: number[], seed: number) =>
  tf.tensor(
    seq(
      shape.reduce((a, b) => a * b, 1),
      seed,
    ).map((v) => (v >= 0 ? 0.5 + v : v - 0.5)),
    shape,
  );
const i64 = (values: number[]) => host('INT64', [values.length], values);

const CASES: Record<string, GradCase> = {
  Mul: { regs: Mul.registrations, inputs: () => [t([2, 3], 1), t([3], 2)], wrt: [0, 1] },
  Div: { regs: Div.registrations, inputs: () => [t([2, 3], 1), away([2, 1], 2)], wrt: [0, 1] },
  Pow: { regs: Pow.registrations, inputs: () => [tf.abs(away([2, 3], 3)), t([3], 4, 1)], wrt: [0, 1] },
  PRelu: { regs: PRelu.registrations, inputs: () => [away([2, 3], 5), t([3], 6, 0.5)], wrt: [0, 1] },
  Softmax: {
    regs: Softmax.registrations,
    inputs: () => [t([2, 3, 4], 7)],
    wrt: [0],
    opts: { attrs: { axis: 1 } },
  },
  SoftmaxV11: { regs: Softmax.registrations, inputs: () => [t([2, 3, 4], 7)], wrt: [0], opts: { opset: 11 } },
  LogSoftmax: { regs: LogSoftmax.registrations, inputs: () => [t([3, 4], 8)], wrt: [0] },
  Gemm: {
    regs: Gemm.registrations,
    inputs: () => [t([4, 3], 9), t([5, 4], 10), t([5], 11)],
    wrt: [0, 1, 2],
    opts: { attrs: { transA: 1, transB: 1, alpha: 0.7, beta: 1.3 } },
  },
  MatMul: { regs: MatMul.registrations, inputs: () => [t([2, 1, 3, 4], 12), t([3, 4, 2], 13)], wrt: [0, 1] },
  MatMulVec: { regs: MatMul.registrations, inputs: () => [t([4], 12), t([2, 4, 3], 13)], wrt: [0, 1] },
  Einsum: {
    regs: Einsum.registrations,
    inputs: () => [t([2, 3, 4], 14), t([4, 3], 15)],
    wrt: [0, 1],
    opts: { attrs: { equation: 'bij,ji->b' } },
  },
  EinsumDiag: {
    regs: Einsum.registrations,
    inputs: () => [t([2, 3, 3], 16)],
    wrt: [0],
    opts: { attrs: { equation: 'bii->bi' } },
  },
  Slice: {
    regs: Slice.registrations,
    inputs: () => [t([4, 5], 17), undefined, undefined, undefined, undefined],
    wrt: [0],
    opts: { constants: { 1: i64([3, 0]), 2: i64([-100, 5]), 3: i64([0, 1]), 4: i64([-2, 2]) } },
  },
  Gather: {
    regs: Gather.registrations,
    inputs: () => [
      t([4, 3], 18),
      tf.tensor(
        [
          [0, -1],
          [2, 0],
        ],
        [2, 2],
        'int32',
      ),
    ],
    wrt: [0],
    opts: { attrs: { axis: 0 } },
  },
  Concat: {
    regs: Concat.registrations,
    inputs: () => [t([2, 2], 19), t([2, 3], 20)],
    wrt: [0, 1],
    opts: { attrs: { axis: -1 } },
  },
  Split: {
    regs: Split.registrations,
    inputs: () => [t([3, 5], 21), tf.tensor1d([2, 3], 'int32')],
    wrt: [0],
    opts: { attrs: { axis: 1 }, outputs: 2 },
  },
  ReduceMean: {
    regs: ReduceMean.registrations,
    inputs: () => [t([2, 3, 4], 22)],
    wrt: [0],
    opts: { opset: 13, attrs: { axes: [0, 2] } },
  },
  ReduceMax: {
    regs: ReduceMax.registrations,
    inputs: () => [t([3, 4], 23)],
    wrt: [0],
    opts: { opset: 13, attrs: { axes: [1] } },
  },
  ReduceProd: {
    regs: ReduceProd.registrations,
    inputs: () => [away([3, 2], 24)],
    wrt: [0],
    opts: { opset: 13, attrs: { axes: [0] } },
  },
  ReduceL2: { regs: ReduceL2.registrations, inputs: () => [t([3, 4], 25)], wrt: [0], opts: { opset: 13 } },
  ReduceLogSumExp: {
    regs: ReduceLogSumExp.registrations,
    inputs: () => [t([3, 4], 26)],
    wrt: [0],
    opts: { opset: 13, attrs: { axes: [1] } },
  },
  Gelu: { regs: Gelu.registrations, inputs: () => [t([7], 27, 3)], wrt: [0] },
  GeluTanh: {
    regs: Gelu.registrations,
    inputs: () => [t([7], 27, 3)],
    wrt: [0],
    opts: { attrs: { approximate: 'tanh' } },
  },
  Erf: { regs: Erf.registrations, inputs: () => [t([7], 28)], wrt: [0] },
  Clip: {
    regs: Clip.registrations,
    inputs: () => [tf.tensor1d([-2, -0.6, -0.3, 0.2, 0.7, 1.5]), tf.scalar(-0.5), tf.scalar(0.5)],
    wrt: [0],
  },
  ClipV6: {
    regs: Clip.registrations,
    inputs: () => [tf.tensor1d([-2, -0.6, -0.3, 0.2, 0.7, 1.5])],
    wrt: [0],
    opts: { opset: 6, attrs: { min: -0.5, max: 0.5 } },
  },
  Elu: { regs: Elu.registrations, inputs: () => [away([6], 29)], wrt: [0], opts: { attrs: { alpha: 0.7 } } },
  Selu: { regs: Selu.registrations, inputs: () => [away([6], 30)], wrt: [0] },
  LeakyRelu: {
    regs: LeakyRelu.registrations,
    inputs: () => [away([6], 39)],
    wrt: [0],
    opts: { attrs: { alpha: 0.2 } },
  },
  HardSigmoid: {
    regs: HardSigmoid.registrations,
    inputs: () => [tf.tensor1d([-4, -1, 0.5, 2, 4])],
    wrt: [0],
  },
  Mish: { regs: Mish.registrations, inputs: () => [t([6], 31, 3)], wrt: [0] },
  HardSwish: { regs: HardSwish.registrations, inputs: () => [tf.tensor1d([-4, -2, 0.5, 1.7, 4])], wrt: [0] },
  Where: {
    regs: Where.registrations,
    inputs: () => [tf.tensor([true, false, true], [3], 'bool'), t([2, 3], 32), t([3], 33)],
    wrt: [1, 2],
  },
  Expand: {
    regs: Expand.registrations,
    inputs: () => [t([3, 1], 34), tf.tensor1d([2, 1, 4], 'int32')],
    wrt: [0],
  },
  Tile: { regs: Tile.registrations, inputs: () => [t([2, 3], 35), tf.tensor1d([2, 1], 'int32')], wrt: [0] },
  Transpose: {
    regs: Transpose.registrations,
    inputs: () => [t([2, 3, 4], 36)],
    wrt: [0],
    opts: { attrs: { perm: [2, 0, 1] } },
  },
  CumSum: {
    regs: CumSum.registrations,
    inputs: () => [t([3, 4], 37), tf.scalar(1, 'int32')],
    wrt: [0],
    opts: { attrs: { reverse: 1, exclusive: 1 } },
  },
};

/** sum over outputs of sum(out * w), w fixed per output */
function loss(c: GradCase, inputs: (Tensor | undefined)[]): tf.Scalar {
  const outs = runOp(c.regs, inputs, c.opts);
  return outs
    .map((y, k) => tf.sum(tf.mul(y, tf.tensor(seq(y.size, 50 + k), y.shape))))
    .reduce((a, b) => tf.add(a, b)) as tf.Scalar;
}

before(async () => {
  await initEngine('wasm');
});

describe('op gradients equal finite differences', () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(name, () => {
      const base = c.inputs();
      for (const i of c.wrt) {
        const f = (x: Tensor) =>
          loss(
            c,
            base.map((b, j) => (j === i ? x : b)),
          );
        const x = base[i]!;
        const g = tf.tidy(() => tf.grad(f)(x).dataSync().slice());
        const fd = finiteDiff(f, x, 1e-2);
        const err = maxAbsDiff(g, fd);
        assert.ok(err <= 2e-3 * (1 + maxAbs(fd)), `${name} input ${i}: gradient off by ${err}`);
      }
      tf.dispose(base);
    });
  }
});

describe('Cast to 16-bit floats', () => {
  it('passes the gradient straight through the rounding', () => {
    const x = t([5], 38);
    const w = tf.tensor1d(seq(5, 50));
    const g = tf.grad((v: Tensor) =>
      tf.sum(tf.mul(runOp(Cast.registrations, [v], { attrs: { to: 16 } })[0], w)),
    )(x);
    assert.deepEqual(Array.from(g.dataSync()), Array.from(w.dataSync()));
    tf.dispose([x, w, g]);
  });
});
