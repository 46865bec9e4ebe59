/**
 * Pearson's product-moment correlation of two equally long samples, computed in two passes
 * (means first) in float64 for stability.
 */

/**
 * r = cov(a, b) / (sd(a) sd(b)). NaN when either sample is constant (the correlation is
 * undefined there) or shorter than 2; throws when the lengths differ.
 */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (b.length !== n) throw new RangeError(`pearson: samples of length ${n} and ${b.length}`);
  if (n < 2) return Number.NaN;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return Number.NaN;
  // rounding can push |r| a hair past 1
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
}
