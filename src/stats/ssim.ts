/**
 * Structural similarity (Wang, Bovik, Sheikh & Simoncelli 2004, "Image quality assessment:
 * from error visibility to structural similarity", IEEE TIP 13(4)). For each window
 *
 *   SSIM(x, y) = (2 μx μy + C1)(2 σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2)),
 *   C1 = (K1 L)², C2 = (K2 L)²,
 *
 * with weighted local means, variances and covariance (weights summing to 1, so the
 * variances are the biased, weighted ones of the paper's eqs. 14–16), and the mean over all
 * windows that lie wholly inside the image (the paper's MSSIM, eq. 17; "valid" windows).
 */

export interface SsimOptions {
  /** window side in pixels, odd; default 11 as in the paper (shrunk to the image's smaller side, kept odd) */
  windowSize?: number;
  /** 'gaussian' (default, σ = `sigma`, the paper's choice) or 'uniform' (the 8x8 block variant) */
  window?: 'gaussian' | 'uniform';
  /** standard deviation of the Gaussian window; default 1.5 */
  sigma?: number;
  /** L, the dynamic range of the values; default: max − min over both images (1 if both are constant and equal) */
  dataRange?: number;
  /** default 0.01 */
  k1?: number;
  /** default 0.03 */
  k2?: number;
}

export const SSIM_DEFAULTS = { windowSize: 11, window: 'gaussian', sigma: 1.5, k1: 0.01, k2: 0.03 } as const;

/** Normalised weights of a size x size window, row-major. */
export function ssimWindow(size: number, kind: 'gaussian' | 'uniform', sigma: number): Float64Array {
  const w = new Float64Array(size * size);
  const c = (size - 1) / 2;
  let total = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const v = kind === 'uniform' ? 1 : Math.exp(-((i - c) ** 2 + (j - c) ** 2) / (2 * sigma * sigma));
      w[i * size + j] = v;
      total += v;
    }
  }
  for (let k = 0; k < w.length; k++) w[k] /= total;
  return w;
}

function range(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const x of [a, b]) {
    for (let i = 0; i < x.length; i++) {
      if (x[i] < lo) lo = x[i];
      if (x[i] > hi) hi = x[i];
    }
  }
  return hi - lo || 1;
}

/**
 * Mean SSIM of two grey images of height x width (row-major). 1 exactly when a = b;
 * symmetric in a and b; in [−1, 1].
 */
export function ssim(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  height: number,
  width: number,
  opts: SsimOptions = {},
): number {
  if (a.length !== height * width || b.length !== height * width)
    throw new RangeError(`ssim: images of ${a.length} and ${b.length} values for ${height}x${width}`);
  let size = Math.min(opts.windowSize ?? SSIM_DEFAULTS.windowSize, height, width);
  if (size % 2 === 0) size -= 1;
  const w = ssimWindow(size, opts.window ?? SSIM_DEFAULTS.window, opts.sigma ?? SSIM_DEFAULTS.sigma);
  const L = opts.dataRange ?? range(a, b);
  const c1 = ((opts.k1 ?? SSIM_DEFAULTS.k1) * L) ** 2;
  const c2 = ((opts.k2 ?? SSIM_DEFAULTS.k2) * L) ** 2;
  let sum = 0;
  let count = 0;
  for (let y0 = 0; y0 + size <= height; y0++) {
    for (let x0 = 0; x0 + size <= width; x0++) {
      let ma = 0;
      let mb = 0;
      let saa = 0;
      let sbb = 0;
      let sab = 0;
      for (let i = 0; i < size; i++) {
        for (let j = 0; j < size; j++) {
          const p = (y0 + i) * width + x0 + j;
          const wk = w[i * size + j];
          ma += wk * a[p];
          mb += wk * b[p];
          saa += wk * a[p] * a[p];
          sbb += wk * b[p] * b[p];
          sab += wk * a[p] * b[p];
        }
      }
      const va = saa - ma * ma;
      const vb = sbb - mb * mb;
      const cov = sab - ma * mb;
      sum += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
      count++;
    }
  }
  return sum / count;
}
