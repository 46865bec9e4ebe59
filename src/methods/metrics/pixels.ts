/**
 * How the metrics see an input: as pixels (all channels of one spatial position move
 * together, as in Petsiuk et al.'s deletion of pixels) for images [H,W,C] / [C,H,W], and as
 * single features for any other shape. Plus the reference images the metrics substitute
 * in: a constant, the per-channel mean, or a Gaussian blur.
 */
import type { Layout } from '../../model/model.ts';

export interface PixelGrid {
  /** number of pixels (spatial positions), or of features for non-image inputs */
  pixels: number;
  channels: number;
  height: number;
  width: number;
  /** whether the input is an image (rank 3 without the batch) */
  image: boolean;
  /** flat index (within one example) of channel c of pixel p */
  index(p: number, c: number): number;
}

/** The pixel grid of one example of `shape` (without the batch) in `layout`. */
export function pixelGrid(shape: readonly number[], layout: Layout): PixelGrid {
  const size = shape.reduce((a, b) => a * b, 1);
  if (shape.length !== 3) {
    return { pixels: size, channels: 1, height: 1, width: size, image: false, index: (p) => p };
  }
  if (layout === 'nchw') {
    const [c, h, w] = shape;
    return { pixels: h * w, channels: c, height: h, width: w, image: true, index: (p, k) => k * h * w + p };
  }
  const [h, w, c] = shape;
  return { pixels: h * w, channels: c, height: h, width: w, image: true, index: (p, k) => p * c + k };
}

/** One value per pixel: the channels summed (signed), or their absolute values summed. */
export function pixelSums(values: ArrayLike<number>, grid: PixelGrid, abs = false): Float64Array {
  const out = new Float64Array(grid.pixels);
  for (let p = 0; p < grid.pixels; p++) {
    let s = 0;
    for (let c = 0; c < grid.channels; c++) {
      const v = values[grid.index(p, c)];
      s += abs ? Math.abs(v) : v;
    }
    out[p] = s;
  }
  return out;
}

/**
 * Pixels from most to least important: by decreasing value (default), or by decreasing
 * |value|; ties keep pixel order, so the ranking is deterministic.
 */
export function pixelOrder(importance: ArrayLike<number>, by: 'value' | 'abs' = 'value'): number[] {
  const key = by === 'abs' ? Array.from(importance, Math.abs) : Array.from(importance);
  return key.map((_, i) => i).sort((i, j) => key[j] - key[i] || i - j);
}

/** What replaces removed pixels, or where insertion starts: a constant, the per-channel mean, or a blur. */
export type Substrate = number | 'mean' | 'blur';

export interface BlurOptions {
  /** kernel side; default 11 (Petsiuk et al. 2018) */
  size?: number;
  /** default 5 (Petsiuk et al. 2018) */
  sigma?: number;
}

/**
 * Separable Gaussian blur of each channel. Near the borders the kernel is renormalised over
 * the pixels inside the image (instead of padding with zeros), so a constant image stays
 * constant.
 */
export function gaussianBlur(x: ArrayLike<number>, grid: PixelGrid, opts: BlurOptions = {}): Float32Array {
  const size = opts.size ?? 11;
  const sigma = opts.sigma ?? 5;
  const r = Math.floor(size / 2);
  const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const { height: h, width: w, channels } = grid;
  const out = new Float32Array(x.length);
  const row = new Float64Array(h * w);
  for (let c = 0; c < channels; c++) {
    // horizontal pass into `row`, vertical pass into `out`
    for (let y = 0; y < h; y++) {
      for (let xx = 0; xx < w; xx++) {
        let s = 0;
        let n = 0;
        for (let d = -r; d <= r; d++) {
          const q = xx + d;
          if (q < 0 || q >= w) continue;
          s += k[d + r] * x[grid.index(y * w + q, c)];
          n += k[d + r];
        }
        row[y * w + xx] = s / n;
      }
    }
    for (let y = 0; y < h; y++) {
      for (let xx = 0; xx < w; xx++) {
        let s = 0;
        let n = 0;
        for (let d = -r; d <= r; d++) {
          const q = y + d;
          if (q < 0 || q >= h) continue;
          s += k[d + r] * row[q * w + xx];
          n += k[d + r];
        }
        out[grid.index(y * w + xx, c)] = s / n;
      }
    }
  }
  return out;
}

/** The substrate image for one example `x` (flat, in the model's layout). */
export function substrate(
  x: ArrayLike<number>,
  grid: PixelGrid,
  kind: Substrate,
  blur?: BlurOptions,
): Float32Array {
  if (typeof kind === 'number') return new Float32Array(x.length).fill(kind);
  if (kind === 'blur') {
    // a feature vector has no neighbourhood: blur it as one row
    return gaussianBlur(x, grid, blur);
  }
  const out = new Float32Array(x.length);
  for (let c = 0; c < grid.channels; c++) {
    let s = 0;
    for (let p = 0; p < grid.pixels; p++) s += x[grid.index(p, c)];
    for (let p = 0; p < grid.pixels; p++) out[grid.index(p, c)] = s / grid.pixels;
  }
  return out;
}
