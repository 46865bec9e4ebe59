/**
 * Checks of the gradients (and kernel fixes) we register for stock ops: tf.grad on the
 * current backend against tf.grad on the cpu backend, or where the cpu side runs our code
 * too, against the same function built from other ops. Finite-difference tests of every
 * case are in grads.test.ts.
 */
import { tf } from '../tf.ts';
import type { KernelCheck } from './check.ts';

const rn = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

export interface GradCase {
  kernel: string;
  name: string;
  shape: number[];
  f: (x: tf.Tensor) => tf.Tensor;
  /** the same function built from other ops, whose gradients do not involve ours */
  same?: (x: tf.Tensor) => tf.Tensor;
}

/** d/dx of sum(f(x) * r) for seeded x [shape] and r. */
function gradOf(f: (x: tf.Tensor) => tf.Tensor, shape: number[]): tf.Tensor {
  return tf.tidy(() => {
    const x = rn(shape, 81);
    const r = rn(f(x).shape, 82);
    return tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(f(xx), r)) as tf.Scalar)(x);
  });
}

function gradCase(c: GradCase): KernelCheck {
  const same = c.same;
  return {
    kernel: c.kernel,
    case: c.name,
    run: () => gradOf(c.f, c.shape),
    reference: same ? () => gradOf(same, c.shape) : undefined,
  };
}

/** avgPool with 'same' padding as TensorFlow defines it: zero-pad, sum the window, divide by its inside count. */
function avgPoolSame(x: tf.Tensor, k: number, s: number): tf.Tensor {
  const info = tf.backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    k,
    s,
    1,
    'same',
  );
  const { top, bottom, left, right } = info.padInfo;
  const pads: [number, number][] = [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
  const ones = tf.ones([1, ...x.shape.slice(1, 3), 1]);
  return tf.div(
    tf.avgPool(tf.pad(x, pads) as tf.Tensor4D, k, s, 'valid'),
    tf.avgPool(tf.pad(ones, pads) as tf.Tensor4D, k, s, 'valid'),
  );
}

/** mirrorPad as gathers of mirrored indices, axis by axis (numpy's reflect / symmetric). */
function mirrorPadByGather(x: tf.Tensor, pads: [number, number][], mode: 'reflect' | 'symmetric'): tf.Tensor {
  let y = x;
  pads.forEach(([b, a], axis) => {
    const n = x.shape[axis];
    const e = mode === 'reflect' ? 1 : 0;
    const idx = [
      ...Array.from({ length: b }, (_, j) => b - 1 - j + e),
      ...Array.from({ length: n }, (_, i) => i),
      ...Array.from({ length: a }, (_, j) => n - 1 - e - j),
    ];
    y = tf.gather(y, tf.tensor1d(idx, 'int32'), axis);
  });
  return y;
}

const MIRROR: [number, number][] = [
  [0, 0],
  [2, 1],
  [1, 2],
  [0, 0],
];

const slice3 =
  (begin: number[], end: number[], strides: number[], shrink = 0, endMask = 0) =>
  (x: tf.Tensor) =>
    tf.stridedSlice(x, begin, end, strides, 0, endMask, 0, 0, shrink);

export const GRAD_CASES: GradCase[] = [
  { kernel: 'Cumsum', name: 'axis 0', shape: [4, 5], f: (x) => tf.cumsum(x, 0) },
  {
    kernel: 'Cumsum',
    name: 'axis -1, exclusive, reverse',
    shape: [3, 4, 5],
    f: (x) => tf.cumsum(x, -1, true, true),
  },
  {
    kernel: 'Cumsum',
    name: 'axis 1 of 3, reverse',
    shape: [3, 4, 5],
    f: (x) => tf.cumsum(x, 1, false, true),
  },
  { kernel: 'Cumprod', name: 'axis 1', shape: [4, 5], f: (x) => tf.cumprod(x, 1) },
  { kernel: 'Cumprod', name: 'axis -2, exclusive', shape: [4, 5], f: (x) => tf.cumprod(x, -2, true) },
  {
    kernel: 'GatherNd',
    name: 'repeated index pairs',
    shape: [4, 5, 2],
    f: (x) => tf.gatherND(x, tf.tensor2d([0, 1, 3, 4, 0, 1], [3, 2], 'int32')),
  },
  {
    kernel: 'ScatterNd',
    name: 'updates [3, 2] into [4, 5, 2], one position twice',
    shape: [3, 2],
    f: (x) => tf.scatterND(tf.tensor2d([0, 1, 3, 4, 0, 1], [3, 2], 'int32'), x, [4, 5, 2]),
    // rows (0, 1), (3, 4), (0, 1) of [20, 2] are flat rows 1, 19, 1: a matmul with their one-hot
    same: (x) =>
      tf.reshape(tf.matMul(tf.oneHot(tf.tensor1d([1, 19, 1], 'int32'), 20).toFloat(), x, true), [4, 5, 2]),
  },
  { kernel: 'TopK', name: 'k 2 of rows of 5', shape: [3, 4, 5], f: (x) => tf.topk(x, 2).values },
  {
    kernel: 'FlipLeftRight',
    name: 'image 2x4x5x3',
    shape: [2, 4, 5, 3],
    f: (x) => tf.image.flipLeftRight(x as tf.Tensor4D),
  },
  {
    kernel: 'DepthToSpace',
    name: 'block 2, NHWC',
    shape: [2, 3, 2, 8],
    f: (x) => tf.depthToSpace(x as tf.Tensor4D, 2),
  },
  {
    kernel: 'StridedSlice',
    name: 'unit strides',
    shape: [4, 6, 3],
    f: slice3([1, 2, 0], [3, 6, 3], [1, 1, 1]),
  },
  {
    kernel: 'StridedSlice',
    name: 'strides 2 and -1, end mask',
    shape: [5, 6, 3],
    f: slice3([0, 5, 1], [5, 0, 0], [2, -1, 1], 0, 4),
  },
  {
    kernel: 'StridedSlice',
    name: 'shrink axis, stride 2',
    shape: [4, 6],
    f: slice3([2, 1], [3, 5], [1, 2], 1),
  },
  {
    kernel: 'Greater',
    name: 'mask where(x > 0, x, 0.1 x)',
    shape: [4, 5],
    f: (x) => tf.where(tf.greater(x, 0), x, tf.mul(x, 0.1)),
  },
  {
    kernel: 'Equal',
    name: 'mask where(x == x, x, 0)',
    shape: [4, 5],
    f: (x) => tf.where(tf.equal(x, x), x, tf.zerosLike(x)),
  },
  {
    kernel: 'FloorDiv',
    name: 'x * floorDiv(x, 0.7)',
    shape: [4, 5],
    f: (x) => tf.mul(x, tf.floorDiv(x, 0.7)),
  },
  ...(['reflect', 'symmetric'] as const).map(
    (mode): GradCase => ({
      kernel: 'MirrorPad',
      name: `${mode}, pads (2, 1) and (1, 2)`,
      shape: [2, 5, 6, 3],
      f: (x) => tf.mirrorPad(x, MIRROR, mode),
      same: (x) => mirrorPadByGather(x, MIRROR, mode),
    }),
  ),
  ...[
    [3, 1],
    [2, 2],
    [3, 2],
  ].map(
    ([k, s]): GradCase => ({
      kernel: 'AvgPoolGrad',
      name: `window ${k}, stride ${s}, same`,
      shape: [2, 5, 6, 3],
      f: (x) => tf.avgPool(x as tf.Tensor4D, k, s, 'same'),
      same: (x) => avgPoolSame(x, k, s),
    }),
  ),
  {
    kernel: 'AvgPool3DGrad',
    name: 'window 3, stride 1, same',
    shape: [1, 4, 5, 3, 2],
    f: (x) => tf.avgPool3d(x as tf.Tensor5D, 3, 1, 'same'),
  },
  ...(
    [
      [false, false],
      [true, false],
      [false, true],
    ] as const
  ).map(
    ([corners, half]): GradCase => ({
      kernel: 'ResizeNearestNeighborGrad',
      name: `6x6 -> 9x9, alignCorners ${corners}, halfPixelCenters ${half}`,
      shape: [2, 6, 6, 3],
      f: (x) => tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [9, 9], corners, half),
    }),
  ),
  ...(
    [
      [9, 11],
      [4, 5],
    ] as const
  ).map(
    (size): GradCase => ({
      kernel: 'ResizeBilinearGrad',
      name: `6x6 -> ${size.join('x')}, halfPixelCenters`,
      shape: [2, 6, 6, 3],
      f: (x) => tf.image.resizeBilinear(x as tf.Tensor4D, [...size], false, true),
    }),
  ),
];

export const checks: KernelCheck[] = GRAD_CASES.map(gradCase);
