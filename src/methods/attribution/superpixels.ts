/**
 * SLIC superpixels (Achanta, Shaji, Smith, Lucchi, Fua & Süsstrunk 2012, "SLIC Superpixels
 * Compared to State-of-the-Art Superpixel Methods", IEEE TPAMI 34(11)): k-means on
 * (colour, position) with each centre searching only a 2S×2S window, then a pass that makes
 * every segment connected. Deterministic: no randomness is involved.
 *
 * Colours are the image's own channel values (no CIELAB conversion: the inputs are model
 * inputs, not necessarily RGB), rescaled so the image's value range spans [0, 100], the
 * range of CIELAB lightness for which the paper's compactness values were chosen.
 */
import type { Features } from './features.ts';

export interface SlicOptions {
  /** about how many segments (default 50) */
  segments?: number;
  /** the paper's m: larger gives squarer, more regular segments (default 10) */
  compactness?: number;
  /** k-means iterations (default 10, as in the paper) */
  iterations?: number;
}

/**
 * Segments an image given channel-last as [H·W·C]. Returns a feature id per position,
 * numbered 0..count-1 in raster order of first appearance.
 */
export function slic(img: Float32Array, H: number, W: number, C: number, opts: SlicOptions = {}): Features {
  const K = Math.max(1, Math.round(opts.segments ?? 50));
  const m = opts.compactness ?? 10;
  const iterations = opts.iterations ?? 10;
  const lab = rescale(img);
  const S = Math.max(1, Math.sqrt((H * W) / K));
  const centres = seedCentres(lab, H, W, C, S);
  const k = centres.length / (C + 2);
  const labels = new Int32Array(H * W).fill(-1);
  const dist = new Float64Array(H * W);
  const r = Math.ceil(S);
  const spatial = (m / S) ** 2;
  for (let it = 0; it < iterations; it++) {
    dist.fill(Number.POSITIVE_INFINITY);
    for (let c = 0; c < k; c++) {
      const o = c * (C + 2);
      const cy = centres[o];
      const cx = centres[o + 1];
      const y0 = Math.max(0, Math.floor(cy - r));
      const y1 = Math.min(H - 1, Math.ceil(cy + r));
      const x0 = Math.max(0, Math.floor(cx - r));
      const x1 = Math.min(W - 1, Math.ceil(cx + r));
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          const p = y * W + x;
          // D² = d_c² + (d_s / S)² m²
          let dc = 0;
          for (let ch = 0; ch < C; ch++) dc += (lab[p * C + ch] - centres[o + 2 + ch]) ** 2;
          const d = dc + ((y - cy) ** 2 + (x - cx) ** 2) * spatial;
          if (d < dist[p]) {
            dist[p] = d;
            labels[p] = c;
          }
        }
      }
    }
    updateCentres(lab, labels, centres, H, W, C);
  }
  return connect(labels, H, W, Math.max(1, Math.floor((S * S) / 4)));
}

/** Channel values mapped linearly so that the image's min..max becomes 0..100. */
function rescale(img: Float32Array): Float64Array {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of img) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const s = hi > lo ? 100 / (hi - lo) : 0;
  return Float64Array.from(img, (v) => (v - lo) * s);
}

/** Centres [y, x, colour…] on a regular grid of step ≈ S, each moved to the lowest gradient in its 3×3 neighbourhood. */
function seedCentres(lab: Float64Array, H: number, W: number, C: number, S: number): Float64Array {
  const rows = Math.max(1, Math.round(H / S));
  const cols = Math.max(1, Math.round(W / S));
  const out = new Float64Array(rows * cols * (C + 2));
  const at = (y: number, x: number, ch: number) =>
    lab[(Math.min(H - 1, Math.max(0, y)) * W + Math.min(W - 1, Math.max(0, x))) * C + ch];
  const gradient = (y: number, x: number) => {
    let g = 0;
    for (let ch = 0; ch < C; ch++) {
      g += (at(y, x + 1, ch) - at(y, x - 1, ch)) ** 2 + (at(y + 1, x, ch) - at(y - 1, x, ch)) ** 2;
    }
    return g;
  };
  let c = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let by = Math.floor(((i + 0.5) * H) / rows);
      let bx = Math.floor(((j + 0.5) * W) / cols);
      let best = gradient(by, bx);
      const [y0, x0] = [by, bx];
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const [y, x] = [y0 + dy, x0 + dx];
          if (y < 0 || y >= H || x < 0 || x >= W) continue;
          const g = gradient(y, x);
          if (g < best) [best, by, bx] = [g, y, x];
        }
      }
      const o = c++ * (C + 2);
      out[o] = by;
      out[o + 1] = bx;
      for (let ch = 0; ch < C; ch++) out[o + 2 + ch] = lab[(by * W + bx) * C + ch];
    }
  }
  return out;
}

/** Each centre moves to the mean position and colour of its pixels (a centre with none stays). */
function updateCentres(
  lab: Float64Array,
  labels: Int32Array,
  centres: Float64Array,
  H: number,
  W: number,
  C: number,
) {
  const stride = C + 2;
  const sums = new Float64Array(centres.length);
  const counts = new Float64Array(centres.length / stride);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const p = y * W + x;
      const c = labels[p];
      if (c < 0) continue;
      counts[c]++;
      sums[c * stride] += y;
      sums[c * stride + 1] += x;
      for (let ch = 0; ch < C; ch++) sums[c * stride + 2 + ch] += lab[p * C + ch];
    }
  }
  for (let c = 0; c < counts.length; c++) {
    if (counts[c] === 0) continue;
    for (let j = 0; j < stride; j++) centres[c * stride + j] = sums[c * stride + j] / counts[c];
  }
}

/**
 * Relabels 4-connected components in raster order; a component smaller than `minSize` joins
 * the segment next to its first pixel (the paper's post-processing step). Positions no
 * centre reached (label −1) form components like any other.
 */
function connect(labels: Int32Array, H: number, W: number, minSize: number): Features {
  const out = new Int32Array(H * W).fill(-1);
  const queue = new Int32Array(H * W);
  let next = 0;
  for (let start = 0; start < H * W; start++) {
    if (out[start] >= 0) continue;
    const y = Math.floor(start / W);
    const x = start % W;
    // a labelled neighbour (left or above, both already visited in raster order)
    const adjacent = x > 0 ? out[start - 1] : y > 0 ? out[start - W] : -1;
    let size = 0;
    queue[size++] = start;
    out[start] = next;
    for (let q = 0; q < size; q++) {
      const p = queue[q];
      const py = Math.floor(p / W);
      const px = p % W;
      const around = [
        py > 0 ? p - W : -1,
        py < H - 1 ? p + W : -1,
        px > 0 ? p - 1 : -1,
        px < W - 1 ? p + 1 : -1,
      ];
      for (const nb of around) {
        if (nb >= 0 && out[nb] < 0 && labels[nb] === labels[start]) {
          out[nb] = next;
          queue[size++] = nb;
        }
      }
    }
    if (size < minSize && adjacent >= 0) {
      for (let q = 0; q < size; q++) out[queue[q]] = adjacent;
    } else {
      next++;
    }
  }
  return { labels: out, count: next };
}
