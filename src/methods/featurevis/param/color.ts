/**
 * From an unconstrained image to the model's valid input range (Lucid's `to_valid_rgb`;
 * Olah et al. 2017, "Feature Visualization", section "Preconditioning and
 * Parameterization"). For 3-channel images the channels are first decorrelated: the variables
 * live in a colour space whose axes are the principal components of natural-image colours,
 * mapped back to RGB by the square root of the colour correlation matrix. One-channel images
 * skip that step. Then a sigmoid squashes to [lo, hi].
 */
import { type Tensor4D, tf } from '../../../engine/tf.ts';

/**
 * Square root of ImageNet's RGB colour correlation matrix (from its eigen-decomposition, as
 * published with Lucid), rows = RGB output, columns = decorrelated input.
 */
export const COLOR_CORRELATION_SQRT: readonly (readonly number[])[] = [
  [0.26, 0.09, 0.02],
  [0.27, 0.0, -0.05],
  [0.27, -0.09, 0.03],
];

export interface ColorOptions {
  /** decorrelate colours (3-channel images only; default true) */
  decorrelate?: boolean;
  /** the valid input range (default [0, 1]) */
  range?: readonly [number, number];
}

/** The correlation square root normalised by its largest column norm, as a [3, 3] matrix acting on row vectors. */
function colorMatrix(): tf.Tensor2D {
  const m = COLOR_CORRELATION_SQRT;
  const maxNorm = Math.max(...[0, 1, 2].map((j) => Math.hypot(m[0][j], m[1][j], m[2][j])));
  // rgb = M x, for rows x: rgb_row = x_row M^T
  const t = [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => m[j][i] / maxNorm));
  return tf.tensor2d(t, [3, 3]);
}

/** raw [N, H, W, C] -> image in `range` [N, H, W, C]. */
export function toValidImage(raw: Tensor4D, opts: ColorOptions = {}): Tensor4D {
  const [lo, hi] = opts.range ?? [0, 1];
  return tf.tidy(() => {
    let x: tf.Tensor = raw;
    const [n, h, w, c] = raw.shape;
    if (c === 3 && (opts.decorrelate ?? true)) {
      x = tf.reshape(tf.matMul(tf.reshape(raw, [-1, 3]), colorMatrix()), [n, h, w, c]);
    }
    return tf.add(tf.mul(tf.sigmoid(x), hi - lo), lo) as Tensor4D;
  });
}
