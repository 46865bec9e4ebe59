/**
 * Geometry shared by the convolution gradient kernels: the padding and the zero-insertion
 * that turn a transposed (gradient) convolution into a forward one.
 */
import type { backend_util, TensorInfo } from '@tensorflow/tfjs';
import type { KernelScope } from './util.ts';

/**
 * Spreads dy [N, Ho, Wo, C] to [N, (Ho-1)*sh+1, (Wo-1)*sw+1, C] with (s-1) zeros between
 * rows and columns: the "fractionally strided" form of a strided convolution's gradient.
 */
export function insertZeros(s: KernelScope, dy: TensorInfo, sh: number, sw: number): TensorInfo {
  if (sh === 1 && sw === 1) return dy;
  const [n, ho, wo, c] = dy.shape;
  // [N, Ho, 1, Wo, 1, C] padded to [N, Ho, sh, Wo, sw, C], then cut to the spread size.
  const r = s.reshape(dy, [n, ho, 1, wo, 1, c]);
  const p = s.pad(r, [
    [0, 0],
    [0, 0],
    [0, sh - 1],
    [0, 0],
    [0, sw - 1],
    [0, 0],
  ]);
  const flat = s.reshape(p, [n, ho * sh, wo * sw, c]);
  return s.stridedSlice(flat, [0, 0, 0, 0], [n, (ho - 1) * sh + 1, (wo - 1) * sw + 1, c], [1, 1, 1, 1]);
}

/**
 * The gradient of a correlation with input length `inLen`, filter `k` (dilated by `d`) and
 * leading pad `padBefore`, as a correlation of the spread gradient of length `spreadLen`
 * with the flipped filter: returns how much to pad (negative: crop) before and after.
 */
export function transposedPads(inLen: number, spreadLen: number, k: number, d: number, padBefore: number) {
  const effK = (k - 1) * d + 1;
  const before = effK - 1 - padBefore;
  const after = inLen - spreadLen - before + effK - 1;
  return { before, after };
}

/**
 * Plans a valid correlation of x [N, H, W, C] with per-side pads where negative amounts are
 * crops: returns x cut by the crops and the remaining (non-negative) explicit padding.
 */
export function padOrCropPlan(
  s: KernelScope,
  x: TensorInfo,
  top: number,
  bottom: number,
  left: number,
  right: number,
): { src: TensorInfo; pad: backend_util.ExplicitPadding } {
  const [n, h, w, c] = x.shape;
  const crop = [Math.max(0, -top), Math.max(0, -bottom), Math.max(0, -left), Math.max(0, -right)];
  const src = crop.some((v) => v > 0)
    ? s.stridedSlice(x, [0, crop[0], crop[2], 0], [n, h - crop[1], w - crop[3], c], [1, 1, 1, 1])
    : x;
  const pad: backend_util.ExplicitPadding = [
    [0, 0],
    [Math.max(0, top), Math.max(0, bottom)],
    [Math.max(0, left), Math.max(0, right)],
    [0, 0],
  ];
  return { src, pad };
}
