/**
 * Feature masks for feature ablation, Shapley value sampling, LIME and KernelSHAP: each
 * spatial position gets a feature id; a feature is switched on or off as a whole, all
 * channels together.
 */
import { GlassboxError, msg } from '../../messages.ts';
import type { Geometry, Perturber } from './perturb.ts';
import { sizeOption } from './perturb.ts';
import { slic } from './superpixels.ts';

/**
 * - `'pixels'`: every position is a feature;
 * - `{ grid }`: square (or [h, w]) cells of that many positions, the last row and column
 *   cut off at the border;
 * - `{ superpixels }`: about that many SLIC segments of each input image (see superpixels.ts);
 * - an array of H·W feature ids, shared by every example (any integers; renumbered in order).
 */
export type FeatureMask =
  | 'pixels'
  | { grid: number | readonly [number, number] }
  | { superpixels: number; compactness?: number }
  | ArrayLike<number>;

export interface Features {
  /** feature id of each position, 0..count-1: [H·W] */
  labels: Int32Array;
  count: number;
}

/** The default: every position when there are at most 64 of them, else a grid of about 7×7 cells. */
export function defaultFeatureMask(geo: Geometry): FeatureMask {
  if (geo.H * geo.W <= 64) return 'pixels';
  return { grid: [Math.ceil(geo.H / 7), Math.ceil(geo.W / 7)] };
}

/** The features of each example (superpixels differ per image; the other masks are shared). */
export function resolveFeatures(spec: FeatureMask | undefined, p: Perturber): Features[] {
  const geo = p.geo;
  spec ??= defaultFeatureMask(geo);
  const shared = (f: Features) => new Array<Features>(p.n).fill(f);
  if (spec === 'pixels') return shared(gridFeatures(geo.H, geo.W, 1, 1));
  if (typeof spec === 'string')
    throw new GlassboxError(msg.optionInvalid('features', spec, "'pixels', a grid, superpixels or a mask"));
  if ('grid' in spec) {
    const [ch, cw] = sizeOption('features.grid', spec.grid, geo);
    if (ch > geo.H || cw > geo.W)
      throw new GlassboxError(msg.windowTooLarge('grid cell', [ch, cw], [geo.H, geo.W]));
    return shared(gridFeatures(geo.H, geo.W, ch, cw));
  }
  if ('superpixels' in spec) {
    return Array.from({ length: p.n }, (_, i) =>
      slic(channelsLast(p.example(i).x, geo), geo.H, geo.W, geo.C, {
        segments: spec.superpixels,
        compactness: spec.compactness,
      }),
    );
  }
  return shared(maskFeatures(spec, geo));
}

/** A JSON-friendly description of the mask for result metadata. */
export function describeFeatures(spec: FeatureMask | undefined, geo: Geometry): unknown {
  spec ??= defaultFeatureMask(geo);
  if (typeof spec === 'string' || 'grid' in spec || 'superpixels' in spec) return spec;
  return 'custom';
}

export function gridFeatures(H: number, W: number, ch: number, cw: number): Features {
  const cols = Math.ceil(W / cw);
  const labels = new Int32Array(H * W);
  for (let h = 0; h < H; h++) {
    for (let w = 0; w < W; w++) labels[h * W + w] = Math.floor(h / ch) * cols + Math.floor(w / cw);
  }
  return { labels, count: Math.ceil(H / ch) * cols };
}

/** Writes keep[p] = on[labels[p]]: a coalition of features as a mask over positions. */
export function coalitionMask(f: Features, on: ArrayLike<number>, keep: Float32Array): void {
  for (let p = 0; p < keep.length; p++) keep[p] = on[f.labels[p]];
}

/** Writes each feature's attribution to its positions of example i in `out` [N·H·W]. */
export function spread(f: Features, phi: ArrayLike<number>, out: Float64Array, i: number): void {
  const hw = f.labels.length;
  for (let p = 0; p < hw; p++) out[i * hw + p] = phi[f.labels[p]];
}

function maskFeatures(mask: ArrayLike<number>, geo: Geometry): Features {
  if (typeof mask.length !== 'number' || mask.length !== geo.H * geo.W) {
    throw new GlassboxError(msg.featureMaskSize(mask.length, [geo.H, geo.W]));
  }
  const ids = new Map<number, number>();
  const labels = new Int32Array(mask.length);
  for (let p = 0; p < mask.length; p++) {
    const v = mask[p];
    if (!Number.isInteger(v))
      throw new GlassboxError(msg.optionInvalid('features', v, 'integer feature ids'));
    if (!ids.has(v)) ids.set(v, ids.size);
    labels[p] = ids.get(v)!;
  }
  return { labels, count: ids.size };
}

/** One example's data as [H·W·C], whatever the layout. */
function channelsLast(x: Float32Array, geo: Geometry): Float32Array {
  if (geo.C === 1 || geo.layout === 'nhwc') return x;
  const hw = geo.H * geo.W;
  const out = new Float32Array(x.length);
  for (let p = 0; p < hw; p++) for (let c = 0; c < geo.C; c++) out[p * geo.C + c] = x[geo.index(p, c)];
  return out;
}
