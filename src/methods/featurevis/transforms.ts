/**
 * Random, differentiable image transforms applied before each optimisation step
 * (transformation robustness: Olah et al. 2017, "Feature Visualization", section
 * "Transformation Robustness"; Lucid's optvis/transform). Without them the optimiser finds
 * high-frequency adversarial patterns; with them only features that survive small shifts,
 * zooms and rotations remain. Each transform maps an NHWC batch [N, H, W, C] to another and
 * draws its randomness from the seeded Rng; with identity settings each returns its input.
 */
import type { Rng } from '../../engine/rng.ts';
import { type Tensor4D, tf } from '../../engine/tf.ts';

export type Transform = (img: Tensor4D, rng: Rng) => Tensor4D;

/** Pads every side by `width` pixels of the constant `value` (default 0.5, mid-grey in [0, 1]). */
export function pad(width: number, value = 0.5): Transform {
  return (img) =>
    width === 0
      ? img
      : tf.pad(
          img,
          [
            [0, 0],
            [width, width],
            [width, width],
            [0, 0],
          ],
          value,
        );
}

/** A random crop `d` pixels smaller in each direction (Lucid's `jitter`): a shift by 0..d. */
export function jitter(d: number): Transform {
  return (img, rng) => {
    if (d === 0) return img;
    const [n, h, w, c] = img.shape;
    return tf.slice(img, [0, rng.int(d + 1), rng.int(d + 1), 0], [n, h - d, w - d, c]);
  };
}

/** One of `values`, chosen uniformly. */
function choose(values: readonly number[], rng: Rng): number {
  return values[rng.int(values.length)];
}

/**
 * Zooms by a factor drawn from `scales` about the image centre, keeping the size (bilinear,
 * through crop-and-resize): s > 1 zooms in, s < 1 zooms out and fills the border with `fill`.
 */
export function randomScale(scales: readonly number[], fill = 0.5): Transform {
  return (img, rng) => {
    const s = choose(scales, rng);
    return s === 1 ? img : scaleBy(img, s, fill);
  };
}

/** `img` zoomed by `s` about its centre, same size: [N, H, W, C]. */
export function scaleBy(img: Tensor4D, s: number, fill = 0.5): Tensor4D {
  const [n, h, w] = img.shape;
  const lo = 0.5 - 0.5 / s;
  const hi = 0.5 + 0.5 / s;
  const boxes = tf.tensor2d(
    Array.from({ length: n }, () => [lo, lo, hi, hi]),
    [n, 4],
  );
  const index = tf.range(0, n, 1, 'int32') as tf.Tensor1D;
  return tf.image.cropAndResize(img, boxes, index, [h, w], 'bilinear', fill);
}

/** Rotates by an angle in degrees drawn from `degrees` about the centre (nearest neighbour), filling with `fill`. */
export function randomRotate(degrees: readonly number[], fill = 0.5): Transform {
  return (img, rng) => {
    const a = choose(degrees, rng);
    return a === 0 ? img : tf.image.rotateWithOffset(img, (a * Math.PI) / 180, fill);
  };
}

/** Centre crop or pad (with `fill`) to h x w, so fixed-size models accept the result. */
export function cropOrPadTo(h: number, w: number, fill = 0.5): Transform {
  return (img) => {
    const [n, ih, iw, c] = img.shape;
    if (ih === h && iw === w) return img;
    const padY = Math.max(0, h - ih);
    const padX = Math.max(0, w - iw);
    const padded =
      padY + padX === 0
        ? img
        : tf.pad(
            img,
            [
              [0, 0],
              [padY >> 1, padY - (padY >> 1)],
              [padX >> 1, padX - (padX >> 1)],
              [0, 0],
            ],
            fill,
          );
    const [, ph, pw] = padded.shape;
    return tf.slice(padded, [0, (ph - h) >> 1, (pw - w) >> 1, 0], [n, h, w, c]);
  };
}

/** Applies the transforms left to right. */
export function compose(...ts: Transform[]): Transform {
  return (img, rng) => ts.reduce((x, t) => t(x, rng), img);
}

/** Evenly spaced values from a to b (inclusive) in `n` steps. */
function linspace(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Number((a + ((b - a) * i) / (n - 1)).toFixed(6)));
}

/**
 * Lucid's standard robust set — pad 12, jitter 8, scale 0.9..1.1 (step 0.02), rotate
 * -10..10 degrees, jitter 4 at 224 px — with the pixel amounts scaled to `size`. Images under
 * 64 px (MNIST-like) get pad 2, jitter 2, scale 0.9..1.1, rotate ±5 degrees, jitter 1.
 */
export function standardTransforms(size: number, fill = 0.5): Transform[] {
  const scales = linspace(0.9, 1.1, 11);
  if (size < 64) {
    return [
      pad(2, fill),
      jitter(2),
      randomScale(scales, fill),
      randomRotate(linspace(-5, 5, 11), fill),
      jitter(1),
    ];
  }
  const px = (v: number) => Math.max(1, Math.round((v * size) / 224));
  const angles = [...linspace(-10, 10, 21), 0, 0, 0, 0, 0];
  return [
    pad(px(12), fill),
    jitter(px(8)),
    randomScale(scales, fill),
    randomRotate(angles, fill),
    jitter(px(4)),
  ];
}
