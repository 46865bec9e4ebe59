/**
 * Checks of the image-sampling gradients. Their kernels are ours on both backends, so the
 * references are independent of them: tfjs's own forward kernels on one-hot images (the
 * sampling is linear in the image) and, for the boxes, central differences of a float64
 * copy of the forward sampling.
 */
import { tf } from '../tf.ts';
import type { KernelCheck } from './check.ts';
import type { CropMethod } from './crop_geometry.ts';

const rn = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

const IMAGE = [2, 5, 6, 2];
/** Boxes inside, across the border, flipped (y1 > y2) and degenerate; one with box index 1. */
const BOXES = [
  [0.13, 0.21, 0.77, 0.88],
  [-0.22, 0.31, 1.13, 0.74],
  [0.52, 0.57, 0.23, 0.11],
  [0.33, 0.36, 0.33, 0.36],
];
const BOX_IND = [0, 1, 1, 0];

interface CropCase {
  method: CropMethod;
  crop: [number, number];
  extrapolation: number;
}

function cropInputs(c: CropCase) {
  const image = rn(IMAGE, 61) as tf.Tensor4D;
  const boxes = tf.tensor2d(BOXES);
  const boxInd = tf.tensor1d(BOX_IND, 'int32');
  const grads = rn([BOXES.length, ...c.crop, IMAGE[3]], 62);
  return { image, boxes, boxInd, grads };
}

function gradImage(c: CropCase): tf.Tensor {
  return tf.tidy(() => {
    const { boxes, boxInd, grads } = cropInputs(c);
    return tf
      .engine()
      .runKernel(
        'CropAndResizeGradImage',
        { grads, boxes, boxInd },
        { imageShape: IMAGE, method: c.method },
      ) as tf.Tensor;
  });
}

/** d/d image of sum(crop(image) * grads): the crop of every one-hot image, dotted with grads. */
function gradImageReference(c: CropCase): tf.Tensor {
  return tf.tidy(() => {
    const { boxes, grads } = cropInputs(c);
    const [batch, h, w, ch] = IMAGE;
    const per = h * w * ch;
    const parts: tf.Tensor[] = [];
    for (let b = 0; b < batch; b++) {
      const mine = BOX_IND.map((v, i) => (v === b ? i : -1)).filter((i) => i >= 0);
      // one-hot images [per, H, W, C]; every box of batch b cropped from each of them
      const onehots = tf.reshape(tf.cast(tf.oneHot(tf.range(0, per, 1, 'int32'), per), 'float32'), [
        per,
        h,
        w,
        ch,
      ]) as tf.Tensor4D;
      const bx = tf.tile(tf.gather(boxes, mine), [per, 1]) as tf.Tensor2D;
      const bi = tf.tensor1d(
        Array.from({ length: per * mine.length }, (_, i) => Math.floor(i / mine.length)),
        'int32',
      );
      // Extrapolated samples are constant in the image: 0 keeps them out of the dot products.
      const crops = tf.image.cropAndResize(onehots, bx, bi, c.crop, c.method, 0);
      const g = tf.tile(tf.gather(grads, mine), [per, 1, 1, 1]);
      // [per * boxes, cropH, cropW, C] -> per pixel-channel of the image: sum of crop * grads
      parts.push(tf.sum(tf.reshape(tf.mul(crops, g), [per, -1]), 1));
    }
    return tf.reshape(tf.concat(parts), IMAGE);
  });
}

function gradBoxes(c: CropCase): tf.Tensor {
  return tf.tidy(() => {
    const { image, boxes, boxInd, grads } = cropInputs(c);
    return tf
      .engine()
      .runKernel(
        'CropAndResizeGradBoxes',
        { grads, image, boxes, boxInd },
        { method: c.method },
      ) as tf.Tensor;
  });
}

/** sum(crop(image, boxes) * grads) in float64, bilinear, as the forward kernels sample. */
function cropLossF64(img: Float32Array, boxes: number[][], grads: Float32Array, c: CropCase): number {
  const [, h, w, ch] = IMAGE;
  const [cropH, cropW] = c.crop;
  const at = (lo: number, hi: number, len: number, n: number, i: number) =>
    n > 1 ? lo * (len - 1) + (i * (hi - lo) * (len - 1)) / (n - 1) : 0.5 * (lo + hi) * (len - 1);
  let loss = 0;
  boxes.forEach(([y1, x1, y2, x2], n) => {
    const b = BOX_IND[n];
    for (let y = 0; y < cropH; y++) {
      for (let x = 0; x < cropW; x++) {
        const iy = at(y1, y2, h, cropH, y);
        const ix = at(x1, x2, w, cropW, x);
        for (let k = 0; k < ch; k++) {
          const gk = grads[((n * cropH + y) * cropW + x) * ch + k];
          if (iy < 0 || iy > h - 1 || ix < 0 || ix > w - 1) {
            loss += gk * c.extrapolation;
            continue;
          }
          const v = (r: number, q: number) => img[((b * h + r) * w + q) * ch + k];
          const [t, l] = [Math.floor(iy), Math.floor(ix)];
          const [yl, xl] = [iy - t, ix - l];
          const top = v(t, l) + (v(t, Math.ceil(ix)) - v(t, l)) * xl;
          const bottom = v(Math.ceil(iy), l) + (v(Math.ceil(iy), Math.ceil(ix)) - v(Math.ceil(iy), l)) * xl;
          loss += gk * (top + (bottom - top) * yl);
        }
      }
    }
  });
  return loss;
}

function gradBoxesReference(c: CropCase): tf.Tensor {
  const { image, boxes, boxInd, grads } = cropInputs(c);
  const img = image.dataSync() as Float32Array;
  const g = grads.dataSync() as Float32Array;
  tf.dispose([image, boxes, boxInd, grads]);
  const out = new Float32Array(BOXES.length * 4);
  if (c.method === 'nearest') return tf.tensor2d(out, [BOXES.length, 4]);
  const eps = 1e-6;
  for (let i = 0; i < out.length; i++) {
    const shifted = (delta: number) =>
      BOXES.map((row, n) => row.map((v, j) => (n * 4 + j === i ? v + delta : v)));
    out[i] = (cropLossF64(img, shifted(eps), g, c) - cropLossF64(img, shifted(-eps), g, c)) / (2 * eps);
  }
  return tf.tensor2d(out, [BOXES.length, 4]);
}

const CROP_CASES: CropCase[] = [
  { method: 'bilinear', crop: [4, 5], extrapolation: 0.5 },
  { method: 'bilinear', crop: [1, 1], extrapolation: 0 },
  { method: 'nearest', crop: [4, 5], extrapolation: -2 },
  { method: 'nearest', crop: [3, 1], extrapolation: 0 },
];

const ROTATIONS: { radians: number; center: number | [number, number] }[] = [
  { radians: 0.3, center: 0.5 },
  { radians: 2.1, center: [0.2, 0.7] },
  { radians: -0.9, center: 0.4 },
];

function rotateGrad(r: (typeof ROTATIONS)[0]): tf.Tensor {
  return tf.tidy(
    () =>
      tf
        .engine()
        .runKernel(
          'RotateWithOffsetGrad',
          { dy: rn([2, 6, 7, 3], 71) },
          { radians: r.radians, center: r.center },
        ) as tf.Tensor,
  );
}

/** d/d image of sum(rotate(image) * dy): the rotation of every one-hot image, dotted with dy. */
function rotateGradReference(r: (typeof ROTATIONS)[0]): tf.Tensor {
  return tf.tidy(() => {
    const dy = rn([2, 6, 7, 3], 71);
    const per = 6 * 7 * 3;
    const onehots = tf.reshape(tf.cast(tf.oneHot(tf.range(0, per, 1, 'int32'), per), 'float32'), [
      per,
      6,
      7,
      3,
    ]) as tf.Tensor4D;
    const rotated = tf.image.rotateWithOffset(onehots, r.radians, 0, r.center);
    const parts = tf.unstack(dy).map((d) => tf.sum(tf.mul(rotated, d), [1, 2, 3]));
    return tf.reshape(tf.stack(parts), dy.shape);
  });
}

export const checks: KernelCheck[] = [
  ...CROP_CASES.flatMap((c): KernelCheck[] => {
    const name = `${c.method}, crop ${c.crop.join('x')}, extrapolation ${c.extrapolation}`;
    return [
      {
        kernel: 'CropAndResizeGradImage',
        case: name,
        run: () => gradImage(c),
        reference: () => gradImageReference(c),
      },
      {
        kernel: 'CropAndResizeGradBoxes',
        case: name,
        run: () => gradBoxes(c),
        reference: () => gradBoxesReference(c),
      },
    ];
  }),
  ...ROTATIONS.map(
    (r): KernelCheck => ({
      kernel: 'RotateWithOffsetGrad',
      case: `${r.radians} rad about ${r.center}`,
      run: () => rotateGrad(r),
      reference: () => rotateGradReference(r),
    }),
  ),
];
