/**
 * A sweep of tf.grad over the differentiable ops Glassbox's methods use (convolutions,
 * pooling, gather, resizing, padding, scans, slicing, normalisation, activations, ...): on
 * wasm every gradient must equal central finite differences and the cpu backend's. This is
 * the probe that found the kernels and gradients in kernels/ missing or wrong; it guards
 * them when TensorFlow.js is upgraded. Gaps that remain are listed as todo tests.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { finiteDiff, maxAbs, maxAbsDiff } from '../../test/util/numeric.ts';
import { initEngine } from './backend.ts';
import { tf } from './tf.ts';

type T = tf.Tensor;
const r = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);
const X4 = () => r([2, 6, 6, 3], 1);
const X2 = () => r([4, 5], 2);

/** name -> [input, op]; the loss is sum(op(x) * w) with seeded weights w. */
const CASES: Record<string, [() => T, (x: T) => T]> = {
  conv2d: [X4, (x) => tf.conv2d(x as tf.Tensor4D, r([3, 3, 3, 4], 3) as tf.Tensor4D, 1, 'same')],
  conv2dS2: [X4, (x) => tf.conv2d(x as tf.Tensor4D, r([3, 3, 3, 4], 3) as tf.Tensor4D, 2, 'valid')],
  conv2dFilter: [
    () => r([3, 3, 3, 4], 3),
    (w) => tf.conv2d(X4() as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'),
  ],
  conv2dTranspose: [
    X4,
    (x) => tf.conv2dTranspose(x as tf.Tensor4D, r([3, 3, 5, 3], 3) as tf.Tensor4D, [2, 12, 12, 5], 2, 'same'),
  ],
  conv2dTransposeFilter: [
    () => r([3, 3, 5, 3], 3),
    (w) => tf.conv2dTranspose(X4() as tf.Tensor4D, w as tf.Tensor4D, [2, 12, 12, 5], 2, 'same'),
  ],
  depthwise: [X4, (x) => tf.depthwiseConv2d(x as tf.Tensor4D, r([3, 3, 3, 2], 3) as tf.Tensor4D, 1, 'same')],
  depthwiseFilter: [
    () => r([3, 3, 3, 2], 3),
    (w) => tf.depthwiseConv2d(X4() as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'),
  ],
  separable: [
    X4,
    (x) =>
      tf.separableConv2d(
        x as tf.Tensor4D,
        r([3, 3, 3, 2], 3) as tf.Tensor4D,
        r([1, 1, 6, 4], 4) as tf.Tensor4D,
        1,
        'same',
      ),
  ],
  fusedConv: [
    X4,
    (x) =>
      tf.fused.conv2d({
        x: x as tf.Tensor4D,
        filter: r([3, 3, 3, 4], 3) as tf.Tensor4D,
        bias: r([4], 5),
        activation: 'relu',
        strides: 1,
        pad: 'same',
      }),
  ],
  fusedDepthwise: [
    X4,
    (x) =>
      tf.fused.depthwiseConv2d({
        x: x as tf.Tensor4D,
        filter: r([3, 3, 3, 1], 3) as tf.Tensor4D,
        bias: r([3], 5),
        activation: 'relu6',
        strides: 2,
        pad: 'same',
      }),
  ],
  fusedMatMul: [
    X2,
    (x) =>
      tf.fused.matMul({
        a: x as tf.Tensor2D,
        b: r([5, 3], 3) as tf.Tensor2D,
        bias: r([3], 4),
        activation: 'elu',
      }),
  ],
  maxPool: [X4, (x) => tf.maxPool(x as tf.Tensor4D, 2, 2, 'same')],
  avgPool: [X4, (x) => tf.avgPool(x as tf.Tensor4D, 3, 1, 'same')],
  maxPool3d: [() => r([1, 4, 4, 4, 2], 1), (x) => tf.maxPool3d(x as tf.Tensor5D, 2, 2, 'valid')],
  avgPool3d: [() => r([1, 4, 4, 4, 2], 1), (x) => tf.avgPool3d(x as tf.Tensor5D, 2, 2, 'valid')],
  conv3d: [
    () => r([1, 4, 4, 4, 2], 1),
    (x) => tf.conv3d(x as tf.Tensor5D, r([2, 2, 2, 2, 3], 2) as tf.Tensor5D, 1, 'valid'),
  ],
  conv3dFilter: [
    () => r([2, 2, 2, 2, 3], 2),
    (w) => tf.conv3d(r([1, 4, 4, 4, 2], 1) as tf.Tensor5D, w as tf.Tensor5D, 1, 'valid'),
  ],
  gather: [X2, (x) => tf.gather(x, tf.tensor1d([0, 2, 2, 3], 'int32'))],
  gatherAxis1: [X2, (x) => tf.gather(x, tf.tensor1d([4, 1], 'int32'), 1)],
  gatherNd: [
    X2,
    (x) =>
      tf.gatherND(
        x,
        tf.tensor2d(
          [
            [0, 1],
            [3, 4],
          ],
          [2, 2],
          'int32',
        ),
      ),
  ],
  resizeBilinear: [X4, (x) => tf.image.resizeBilinear(x as tf.Tensor4D, [9, 9])],
  resizeBilinearAC: [X4, (x) => tf.image.resizeBilinear(x as tf.Tensor4D, [9, 9], true)],
  resizeBilinearHalf: [X4, (x) => tf.image.resizeBilinear(x as tf.Tensor4D, [9, 11], false, true)],
  resizeBilinearDown: [X4, (x) => tf.image.resizeBilinear(x as tf.Tensor4D, [4, 5], false, true)],
  resizeBilinearDownAC: [X4, (x) => tf.image.resizeBilinear(x as tf.Tensor4D, [4, 5], true, false)],
  resizeNearestHalf: [X4, (x) => tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [9, 11], false, true)],
  resizeNearestDown: [X4, (x) => tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [4, 5], true, false)],
  maxPoolSame3: [X4, (x) => tf.maxPool(x as tf.Tensor4D, 3, 2, 'same')],
  avgPoolValid: [X4, (x) => tf.avgPool(x as tf.Tensor4D, [2, 3], [2, 1], 'valid')],
  conv2dS2Same: [X4, (x) => tf.conv2d(x as tf.Tensor4D, r([5, 5, 3, 2], 3) as tf.Tensor4D, 2, 'same')],
  conv2dFilterS2: [
    () => r([3, 3, 3, 4], 3),
    (w) => tf.conv2d(X4() as tf.Tensor4D, w as tf.Tensor4D, 2, 'same'),
  ],
  depthwiseS2: [
    X4,
    (x) => tf.depthwiseConv2d(x as tf.Tensor4D, r([3, 3, 3, 2], 3) as tf.Tensor4D, 2, 'same'),
  ],
  depthwiseFilterS2: [
    () => r([3, 3, 3, 2], 3),
    (w) => tf.depthwiseConv2d(X4() as tf.Tensor4D, w as tf.Tensor4D, 2, 'valid'),
  ],
  matMulT: [X2, (x) => tf.matMul(x, r([3, 5], 3), false, true)],
  dense: [X2, (x) => tf.relu(tf.add(tf.matMul(x, r([5, 3], 3)), r([3], 4)))],
  gelu: [X2, (x) => tf.mul(x, tf.sigmoid(tf.mul(x, 1.702)))],
  sumAxes: [X4, (x) => tf.sum(x, [1, 2])],
  meanKeep: [X4, (x) => tf.sub(x, tf.mean(x, [1, 2], true))],
  variance: [X4, (x) => tf.moments(x, [1, 2], true).variance],
  l2norm: [X2, (x) => tf.div(x, tf.norm(x, 'euclidean', 1, true))],
  clipNorm: [X2, (x) => tf.clipByValue(tf.abs(x), 0.2, 1)],
  gatherAxis2: [X4, (x) => tf.gather(x, tf.tensor1d([2, 0, 2], 'int32'), 3)],
  oneHotGather: [X2, (x) => tf.sum(tf.mul(x, tf.oneHot(tf.tensor1d([1, 2, 3, 4], 'int32'), 5)), 1)],
  reshapeT: [X4, (x) => tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [2, -1])],
  squaredDiffB: [X4, (x) => tf.squaredDifference(x, r([1, 1, 1, 3], 5))],
  maximumB: [X4, (x) => tf.maximum(x, r([1, 6, 1, 1], 5))],
  resizeNearest: [X4, (x) => tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [9, 9])],
  pad: [
    X4,
    (x) =>
      tf.pad(
        x,
        [
          [0, 0],
          [1, 2],
          [2, 1],
          [0, 0],
        ],
        0.5,
      ),
  ],
  mirrorPadReflect: [
    X4,
    (x) =>
      tf.mirrorPad(
        x,
        [
          [0, 0],
          [1, 2],
          [2, 1],
          [0, 0],
        ],
        'reflect',
      ),
  ],
  mirrorPadSym: [
    X4,
    (x) =>
      tf.mirrorPad(
        x,
        [
          [0, 0],
          [1, 2],
          [2, 1],
          [0, 0],
        ],
        'symmetric',
      ),
  ],
  cumsum: [X2, (x) => tf.cumsum(x, 1)],
  cumsumRev: [X2, (x) => tf.cumsum(x, 0, true, true)],
  cumprod: [X2, (x) => tf.cumprod(x, 1)],
  prod: [X2, (x) => tf.prod(x, 1)],
  slice: [X4, (x) => tf.slice(x, [0, 1, 1, 0], [2, 3, 3, 2])],
  stridedSlice: [X4, (x) => tf.stridedSlice(x, [0, 0, 0, 0], [2, 6, 6, 3], [1, 2, 2, 1])],
  concat: [X2, (x) => tf.concat([x, tf.mul(x, 2)], 1)],
  stack: [X2, (x) => tf.stack([x, x])],
  unstack: [X2, (x) => tf.unstack(x)[1]],
  split: [X2, (x) => tf.split(x, [2, 3], 1)[1]],
  tile: [X2, (x) => tf.tile(x, [2, 3])],
  softmax: [X2, (x) => tf.softmax(x)],
  logSoftmax: [X2, (x) => tf.logSoftmax(x)],
  batchMatMul: [() => r([2, 3, 4], 1), (x) => tf.matMul(x, r([2, 4, 5], 2))],
  batchMatMulT: [() => r([2, 4, 3], 1), (x) => tf.matMul(x, r([2, 5, 4], 2), true, true)],
  matMulBcast: [() => r([2, 3, 4], 1), (x) => tf.matMul(x, r([4, 5], 2))],
  max: [X2, (x) => tf.max(x, 1)],
  min: [X2, (x) => tf.min(x, 0)],
  mean: [X2, (x) => tf.mean(x, 1)],
  logSumExp: [X2, (x) => tf.logSumExp(x, 1)],
  norm: [X2, (x) => tf.norm(x)],
  maximum: [X2, (x) => tf.maximum(x, r([4, 5], 9))],
  minimum: [X2, (x) => tf.minimum(x, r([1, 5], 9))],
  where: [X2, (x) => tf.where(tf.greater(x, 0), x, tf.mul(x, 0.1))],
  clip: [X2, (x) => tf.clipByValue(x, -0.5, 0.5)],
  relu6: [X2, (x) => tf.relu6(x)],
  elu: [X2, (x) => tf.elu(x)],
  selu: [X2, (x) => tf.selu(x)],
  leakyRelu: [X2, (x) => tf.leakyRelu(x, 0.1)],
  prelu: [X2, (x) => tf.prelu(x, tf.fill([5], 0.2))],
  sigmoid: [X2, (x) => tf.sigmoid(x)],
  tanh: [X2, (x) => tf.tanh(x)],
  softplus: [X2, (x) => tf.softplus(x)],
  exp: [X2, (x) => tf.exp(x)],
  log: [X2, (x) => tf.log(tf.abs(x))],
  sqrt: [X2, (x) => tf.sqrt(tf.abs(x))],
  rsqrt: [X2, (x) => tf.rsqrt(tf.add(tf.abs(x), 1))],
  pow: [X2, (x) => tf.pow(tf.abs(x), 1.5)],
  square: [X2, (x) => tf.square(x)],
  sqDiff: [X2, (x) => tf.squaredDifference(x, 1)],
  div: [X2, (x) => tf.div(1, tf.add(tf.abs(x), 1))],
  erf: [X2, (x) => tf.erf(x)],
  sin: [X2, (x) => tf.sin(x)],
  cos: [X2, (x) => tf.cos(x)],
  atan2: [X2, (x) => tf.atan2(x, 2)],
  abs: [X2, (x) => tf.abs(x)],
  sign: [X2, (x) => tf.sign(x)],
  floor: [X2, (x) => tf.floor(x)],
  transpose: [X4, (x) => tf.transpose(x, [0, 3, 1, 2])],
  reverse: [X4, (x) => tf.reverse(x, [1, 2])],
  expandDims: [X2, (x) => tf.expandDims(x, 1)],
  squeeze: [() => r([4, 1, 5], 3), (x) => tf.squeeze(x)],
  broadcastTo: [() => r([1, 5], 3), (x) => tf.broadcastTo(x, [4, 5])],
  oneHotMul: [X2, (x) => tf.mul(x, tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 5))],
  cast: [X2, (x) => tf.cast(x, 'float32')],
  spaceToBatch: [
    X4,
    (x) =>
      tf.spaceToBatchND(
        x,
        [2, 2],
        [
          [0, 0],
          [0, 0],
        ],
      ),
  ],
  batchToSpace: [
    () => r([8, 3, 3, 3], 1),
    (x) =>
      tf.batchToSpaceND(
        x,
        [2, 2],
        [
          [0, 0],
          [0, 0],
        ],
      ),
  ],
  depthToSpace: [() => r([1, 2, 2, 8], 1), (x) => tf.depthToSpace(x as tf.Tensor4D, 2)],
  lrn: [X4, (x) => tf.localResponseNormalization(x as tf.Tensor4D, 2)],
  dilation2d: [X4, (x) => tf.dilation2d(x as tf.Tensor4D, r([2, 2, 3], 3) as tf.Tensor3D, 1, 'same')],
  batchNorm: [X4, (x) => tf.batchNorm(x, r([3], 2), tf.abs(r([3], 3)), r([3], 4), r([3], 5))],
  batchNormNoScale: [X4, (x) => tf.batchNorm(x, r([3], 2), tf.abs(r([3], 3)))],
  moments: [X4, (x) => tf.moments(x, [0, 1, 2]).variance],
  cropAndResize: [
    X4,
    (x) =>
      tf.image.cropAndResize(
        x as tf.Tensor4D,
        tf.tensor2d([[0.1, 0.1, 0.8, 0.9]]),
        tf.tensor1d([1], 'int32'),
        [4, 4],
      ),
  ],
  rotate: [X4, (x) => tf.image.rotateWithOffset(x as tf.Tensor4D, 0.3)],
  flipLR: [X4, (x) => tf.image.flipLeftRight(x as tf.Tensor4D)],
  topk: [X2, (x) => tf.topk(x, 2).values],
  dropout: [X2, (x) => tf.dropout(x, 0.5, undefined, 3)],
  linspaceMul: [X2, (x) => tf.mul(x, tf.linspace(0, 1, 5))],
  unsortedSegmentSum: [X2, (x) => tf.unsortedSegmentSum(x, tf.tensor1d([0, 1, 0, 2], 'int32'), 3)],
  addN: [X2, (x) => tf.addN([x, x, x])],
  argmaxGather: [X2, (x) => tf.mul(x, tf.cast(tf.argMax(x, 1).expandDims(1), 'float32'))],
  step: [X2, (x) => tf.step(x)],
  isNanWhere: [X2, (x) => tf.where(tf.isNaN(x), tf.zerosLike(x), x)],
  mod: [X2, (x) => tf.mod(x, 0.7)],
  floorDiv: [X2, (x) => tf.mul(x, tf.floorDiv(x, 0.7))],
  complexAbs: [X2, (x) => tf.abs(tf.complex(x, x))],
  fft: [X2, (x) => tf.real(tf.spectral.fft(tf.complex(x, tf.zerosLike(x))))],
  rfft: [X2, (x) => tf.abs(tf.spectral.rfft(x))],
  irfft: [X2, (x) => tf.spectral.irfft(tf.complex(x, x))],
};

/** Gradients tfjs 4.22 still lacks on every backend. */
const GAPS = {
  'conv2d with dilation > 1': 'tfjs asserts dilation 1 in the Conv2D gradient',
  'tf.image.transform': 'no gradient registered for Transform',
  'tf.einsum': 'no Einsum kernel on wasm and no gradient anywhere',
};

/** d/dx of sum(f(x) * w), as a plain array, and the tensor count it left behind. */
function gradient(input: () => T, f: (x: T) => T): { g: Float32Array; leaked: number } {
  const x = input();
  const w = tf.tidy(() => r(f(x).shape, 77));
  const before = tf.memory().numTensors;
  const g = tf.grad((xx: T) => tf.sum(tf.mul(f(xx), w)) as tf.Scalar)(x);
  const values = g.dataSync().slice() as Float32Array;
  g.dispose();
  const leaked = tf.memory().numTensors - before;
  tf.dispose([x, w]);
  return { g: values, leaked };
}

describe('gradients of the ops Glassbox uses, on wasm', () => {
  const onCpu = new Map<string, Float32Array>();
  before(async () => {
    await initEngine('cpu');
    for (const [name, [input, f]] of Object.entries(CASES)) onCpu.set(name, gradient(input, f).g);
    await initEngine('wasm');
  });

  for (const [name, [input, f]] of Object.entries(CASES)) {
    it(`${name}: equals finite differences and the cpu backend, leaks nothing`, () => {
      const { g, leaked } = gradient(input, f);
      assert.equal(leaked, 0);
      const x = input();
      const w = tf.tidy(() => r(f(x).shape, 77));
      const fd = finiteDiff((xx: T) => tf.sum(tf.mul(f(xx), w)) as tf.Scalar, x, 1e-3);
      tf.dispose([x, w]);
      // float32 central differences with eps 1e-3 (small enough not to cross the kinks of
      // relu, max, floor, ... at these seeded inputs)
      assert.ok(
        maxAbsDiff(g, fd) <= 1e-2 * Math.max(1, maxAbs(fd)),
        `finite differences: ${maxAbsDiff(g, fd)}`,
      );
      const cpu = onCpu.get(name) as Float32Array;
      assert.ok(maxAbsDiff(g, cpu) <= 1e-4 * Math.max(1, maxAbs(cpu)), `cpu backend: ${maxAbsDiff(g, cpu)}`);
    });
  }

  for (const [what, why] of Object.entries(GAPS)) it(what, { todo: why });
});
