/**
 * Maps a 2-D array of values to RGB pixels through a colormap. Signed maps (diverging) are
 * scaled symmetrically around zero by the `clip` quantile of |v|; magnitude maps from 0 (or
 * the minimum) to that quantile. Values beyond the scale saturate, never wrap.
 */
import { type ColormapName, colormap, isDiverging } from './colormaps.ts';

export interface HeatmapOptions {
  colormap?: ColormapName;
  /** quantile of |values| that maps to the end of the scale; default 0.99 (Captum uses 98.5-99) */
  clip?: number;
  /** the value at the end of the scale, overriding `clip` (e.g. one scale shared by several maps) */
  top?: number;
}

export interface RgbImage {
  width: number;
  height: number;
  /** height * width * 3 bytes */
  data: Uint8Array;
}

export function quantile(values: ArrayLike<number>, q: number): number {
  const a = Float64Array.from(values).sort();
  if (a.length === 0) return 0;
  const pos = Math.min(a.length - 1, Math.max(0, q * (a.length - 1)));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return a[lo] + (a[hi] - a[lo]) * (pos - lo);
}

/**
 * The value at the end of the colour scale: the `clip` quantile of |values|, else their
 * largest magnitude, else 1 (all zero).
 */
export function scaleTop(values: ArrayLike<number>, clip = 0.99): number {
  const abs = Array.from(values, (v) => Math.abs(v));
  let max = 0;
  for (const v of abs) if (v > max) max = v;
  return quantile(abs, clip) || max || 1;
}

export function heatmap(
  values: ArrayLike<number>,
  height: number,
  width: number,
  opts: HeatmapOptions = {},
): RgbImage {
  const name = opts.colormap ?? 'diverging';
  const lut = colormap(name);
  const top = opts.top ?? scaleTop(values, opts.clip);
  const data = new Uint8Array(height * width * 3);
  const diverging = isDiverging(name);
  for (let i = 0; i < height * width; i++) {
    const v = values[i];
    const t = diverging ? 0.5 + v / (2 * top) : Math.abs(v) / top;
    const k = Math.round(Math.min(1, Math.max(0, t)) * 255) * 3;
    data[i * 3] = lut[k];
    data[i * 3 + 1] = lut[k + 1];
    data[i * 3 + 2] = lut[k + 2];
  }
  return { width, height, data };
}

/** A grey or RGB image in [0, 1] as RGB bytes. */
export function toRgb(values: ArrayLike<number>, height: number, width: number, channels: number): RgbImage {
  const data = new Uint8Array(height * width * 3);
  for (let i = 0; i < height * width; i++) {
    for (let c = 0; c < 3; c++) {
      const v = values[i * channels + (channels === 1 ? 0 : c)];
      data[i * 3 + c] = Math.round(Math.min(1, Math.max(0, v)) * 255);
    }
  }
  return { width, height, data };
}

/** Places images side by side with a gap of background colour (nearest-neighbour scaled by `scale`). */
export function sideBySide(images: RgbImage[], scale = 1, gap = 8, background = 255): RgbImage {
  const height = Math.max(...images.map((im) => im.height)) * scale;
  const width = images.reduce((a, im) => a + im.width * scale, 0) + gap * (images.length - 1);
  const data = new Uint8Array(height * width * 3).fill(background);
  let x0 = 0;
  for (const im of images) {
    for (let y = 0; y < im.height * scale; y++) {
      for (let x = 0; x < im.width * scale; x++) {
        const s = (Math.floor(y / scale) * im.width + Math.floor(x / scale)) * 3;
        const d = (y * width + x0 + x) * 3;
        data[d] = im.data[s];
        data[d + 1] = im.data[s + 1];
        data[d + 2] = im.data[s + 2];
      }
    }
    x0 += im.width * scale + gap;
  }
  return { width, height, data };
}
