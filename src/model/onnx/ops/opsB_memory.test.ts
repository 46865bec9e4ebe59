/**
 * No op leaves tensors behind: under tf.tidy the tensor count is unchanged, and outside it
 * only the outputs are new. One run per op (and per opset regime where the code differs).
 */
import { before, describe, it } from 'node:test';
import { assertNoLeak, host, type RunOptions, runOp, seq } from '../../../../test/util/onnx_op.ts';
import { initEngine } from '../../../engine/backend.ts';
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import * as Abs from './Abs.ts';
import * as Add from './Add.ts';
import * as And from './And.ts';
import * as ArgMax from './ArgMax.ts';
import * as ArgMin from './ArgMin.ts';
import * as Cast from './Cast.ts';
import * as Ceil from './Ceil.ts';
import * as Clip from './Clip.ts';
import * as Concat from './Concat.ts';
import * as Constant from './Constant.ts';
import * as ConstantOfShape from './ConstantOfShape.ts';
import * as Cos from './Cos.ts';
import * as CumSum from './CumSum.ts';
import * as Div from './Div.ts';
import * as Dropout from './Dropout.ts';
import * as Einsum from './Einsum.ts';
import * as Elu from './Elu.ts';
import * as Equal from './Equal.ts';
import * as Erf from './Erf.ts';
import * as Exp from './Exp.ts';
import * as Expand from './Expand.ts';
import * as Flatten from './Flatten.ts';
import * as Floor from './Floor.ts';
import * as Gather from './Gather.ts';
import * as Gelu from './Gelu.ts';
import * as Gemm from './Gemm.ts';
import * as Greater from './Greater.ts';
import * as GreaterOrEqual from './GreaterOrEqual.ts';
import * as HardSigmoid from './HardSigmoid.ts';
import * as HardSwish from './HardSwish.ts';
import * as Identity from './Identity.ts';
import * as LeakyRelu from './LeakyRelu.ts';
import * as Less from './Less.ts';
import * as LessOrEqual from './LessOrEqual.ts';
import * as Log from './Log.ts';
import * as LogSoftmax from './LogSoftmax.ts';
import * as MatMul from './MatMul.ts';
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
import * as Range from './Range.ts';
import * as Reciprocal from './Reciprocal.ts';
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
import * as Relu from './Relu.ts';
import * as Reshape from './Reshape.ts';
import * as Round from './Round.ts';
import * as Selu from './Selu.ts';
import * as Shape from './Shape.ts';
import * as Sigmoid from './Sigmoid.ts';
import * as Sign from './Sign.ts';
import * as Sin from './Sin.ts';
import * as Slice from './Slice.ts';
import * as Softmax from './Softmax.ts';
import * as Softplus from './Softplus.ts';
import * as Split from './Split.ts';
import * as Sqrt from './Sqrt.ts';
import * as Squeeze from './Squeeze.ts';
import * as Sub from './Sub.ts';
import * as Sum from './Sum.ts';
import * as Tanh from './Tanh.ts';
import * as Tile from './Tile.ts';
import * as Transpose from './Transpose.ts';
import * as Unsqueeze from './Unsqueeze.ts';
import * as Where from './Where.ts';

type Case = [OpRegistration[], () => (Tensor | undefined)[], RunOptions?];
const x = () => tf.tensor(seq(24, 1), [2, 3, 4]);
const pos = () => tf.abs(tf.tensor(seq(24, 2), [2, 3, 4])).add(0.1);
const y = () => tf.tensor(seq(4, 3), [4]);
const b = () => tf.tensor([true, false, true, true], [4], 'bool');
const ints = (v: number[]) => tf.tensor1d(v, 'int32');
const i64 = (v: number[]) => host('INT64', [v.length], v);

const UNARY = [
  Abs,
  Ceil,
  Cos,
  Elu,
  Erf,
  Exp,
  Floor,
  Gelu,
  HardSigmoid,
  HardSwish,
  Identity,
  LeakyRelu,
  Mish,
  Neg,
];
const UNARY2 = [
  Relu,
  Round,
  Selu,
  Sigmoid,
  Sign,
  Sin,
  Softplus,
  Tanh,
  Softmax,
  LogSoftmax,
  Flatten,
  Transpose,
];
const BINARY = [
  Add,
  Sub,
  Mul,
  Div,
  Pow,
  PRelu,
  Equal,
  Greater,
  Less,
  GreaterOrEqual,
  LessOrEqual,
  Min,
  Max,
  Sum,
  Mean,
];
const REDUCE = [
  ReduceL1,
  ReduceL2,
  ReduceLogSumExp,
  ReduceMax,
  ReduceMean,
  ReduceMin,
  ReduceProd,
  ReduceSum,
  ReduceSumSquare,
];

const CASES: Case[] = [
  ...[...UNARY, ...UNARY2].map((m): Case => [m.registrations, () => [x()]]),
  [Softmax.registrations, () => [x()], { opset: 11 }],
  [Log.registrations, () => [pos()]],
  [Sqrt.registrations, () => [pos()]],
  [Reciprocal.registrations, () => [pos()]],
  ...BINARY.map((m): Case => [m.registrations, () => [pos(), y()]]),
  [Add.registrations, () => [x(), tf.ones([3])], { opset: 6, attrs: { broadcast: 1, axis: 1 } }],
  [Div.registrations, () => [ints([7, -7]), ints([2, 2])]],
  [Pow.registrations, () => [ints([2, 3]), y().slice(0, 2)]],
  [And.registrations, () => [b(), b()]],
  [Or.registrations, () => [b(), b()]],
  [Not.registrations, () => [b()]],
  [Where.registrations, () => [b(), y(), tf.scalar(0)]],
  [Where.registrations, () => [b(), b(), tf.scalar(false, 'bool')]],
  [Clip.registrations, () => [x(), tf.scalar(-1), tf.scalar(1)]],
  [Clip.registrations, () => [x()], { opset: 6, attrs: { min: -1 } }],
  [Cast.registrations, () => [x()], { attrs: { to: 10 } }],
  [Cast.registrations, () => [ints([300, -1])], { attrs: { to: 3 } }],
  [Cast.registrations, () => [x()], { attrs: { to: 9 } }],
  [Dropout.registrations, () => [x(), tf.scalar(0.5), tf.scalar(false, 'bool')], { outputs: 2 }],
  [Constant.registrations, () => [], { attrs: { value: i64([1, 2]) } }],
  [ConstantOfShape.registrations, () => [ints([2, 3])]],
  [Shape.registrations, () => [x()]],
  [Reshape.registrations, () => [x(), ints([0, -1])]],
  [Squeeze.registrations, () => [tf.zeros([1, 3, 1])]],
  [Unsqueeze.registrations, () => [x(), ints([0, -1])]],
  [Concat.registrations, () => [x(), x(), tf.zeros([2, 3, 0])], { attrs: { axis: 2 } }],
  [Split.registrations, () => [x()], { attrs: { axis: 1 }, outputs: 3 }],
  [Slice.registrations, () => [x(), ints([-1, 0]), ints([-100, 4]), ints([2, 1]), ints([-2, 2])]],
  [Slice.registrations, () => [b(), ints([3]), ints([-100]), undefined, ints([-2])]],
  [Gather.registrations, () => [x(), ints([-1, 0])], { attrs: { axis: 1 } }],
  [Expand.registrations, () => [y(), ints([3, 1])]],
  [Tile.registrations, () => [x(), ints([1, 2, 1])]],
  ...REDUCE.map((m): Case => [m.registrations, () => [pos(), ints([1])]]),
  [ReduceLogSum.registrations, () => [pos()], { opset: 13, attrs: { axes: [0, 2], keepdims: 0 } }],
  [ArgMax.registrations, () => [x()], { attrs: { axis: 1, select_last_index: 1 } }],
  [ArgMin.registrations, () => [x()], { attrs: { keepdims: 0 } }],
  [CumSum.registrations, () => [x(), tf.scalar(-1, 'int32')], { attrs: { reverse: 1 } }],
  [MatMul.registrations, () => [tf.ones([2, 1, 3, 4]), tf.ones([3, 4, 2])]],
  [MatMul.registrations, () => [y(), x().transpose([0, 2, 1])]],
  [
    Gemm.registrations,
    () => [tf.ones([3, 4]), tf.ones([5, 4]), y().slice(0, 1)],
    { attrs: { transB: 1, alpha: 2 } },
  ],
  [
    Einsum.registrations,
    () => [x(), tf.ones([4, 3]), tf.ones([3, 3])],
    { attrs: { equation: 'bij,jk,kk->bik' } },
  ],
  [Range.registrations, () => [tf.scalar(0), tf.scalar(3), tf.scalar(0.5)]],
];

before(async () => {
  await initEngine('wasm');
});

describe('op memory', () => {
  it('every op frees its intermediates', () => {
    for (const [regs, inputs, opts] of CASES) {
      const xs = inputs();
      assertNoLeak(() => runOp(regs, xs, opts), regs[0].opType);
      tf.dispose(xs.filter((t): t is Tensor => t !== undefined));
    }
  });
});
