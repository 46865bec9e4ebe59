/**
 * Kendall's rank correlation τ-b (Kendall 1945, "The treatment of ties in ranking
 * problems"), computed in O(n log n) by Knight's algorithm (W. R. Knight 1966, "A computer
 * method for calculating Kendall's tau with ungrouped data", JASA 61:436–439): sort the
 * pairs by (x, y), count the ties in x and the joint ties, then count the discordant
 * pairs as the swaps a merge sort of the y sequence performs.
 */
import { checkPair } from './errors.ts';

/** Σ t(t−1)/2 over runs of equal values of `v` along `order` (a sort order of v). */
function tiedPairs(v: Float64Array, order: Uint32Array, from = 0): number {
  let total = 0;
  let run = 1;
  for (let i = from + 1; i <= order.length; i++) {
    if (i < order.length && v[order[i]] === v[order[i - 1]]) run++;
    else {
      total += (run * (run - 1)) / 2;
      run = 1;
    }
  }
  return total;
}

/**
 * Sorts `a` (values) in place by a bottom-up merge sort and returns the number of
 * strict inversions (pairs i < j with a[i] > a[j]), the swaps of Knight's algorithm.
 */
function mergeSortSwaps(a: Float64Array): number {
  const n = a.length;
  let src: Float64Array = a;
  let dst: Float64Array = new Float64Array(n);
  let swaps = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        // equal values are not discordant: take the left one first
        if (src[j] < src[i]) {
          dst[k++] = src[j++];
          swaps += mid - i;
        } else dst[k++] = src[i++];
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    [src, dst] = [dst, src];
  }
  if (src !== a) a.set(src);
  return swaps;
}

export interface KendallResult {
  /** τ-b in [−1, 1]; NaN when x or y is constant */
  tau: number;
  /** concordant minus discordant pairs, C − D */
  s: number;
  /** pairs tied in x (n1), in y (n2), and in both (n3) */
  tiesX: number;
  tiesY: number;
  tiesXY: number;
}

/**
 * τ-b = (C − D) / √((n0 − n1)(n0 − n2)), n0 = n(n−1)/2, with n1, n2 the pairs tied in x
 * and in y: ties in x, in y and in both are all handled exactly. Throws a StatsError when
 * the lengths differ, a value is not finite, or n < 2.
 */
export function kendallDetails(x: ArrayLike<number>, y: ArrayLike<number>): KendallResult {
  const n = checkPair('kendall', x, y);
  const xs = Float64Array.from(x);
  const ys = Float64Array.from(y);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((i, j) => xs[i] - xs[j] || ys[i] - ys[j]);
  const n0 = (n * (n - 1)) / 2;
  const n1 = tiedPairs(xs, order);
  // joint ties: runs equal in both x and y along the (x, y) order
  let n3 = 0;
  let run = 1;
  for (let i = 1; i <= n; i++) {
    if (i < n && xs[order[i]] === xs[order[i - 1]] && ys[order[i]] === ys[order[i - 1]]) run++;
    else {
      n3 += (run * (run - 1)) / 2;
      run = 1;
    }
  }
  // y in (x, y) order: within x-ties y ascends, so those pairs are never counted as swaps
  const yo = new Float64Array(n);
  for (let i = 0; i < n; i++) yo[i] = ys[order[i]];
  const swaps = mergeSortSwaps(yo);
  // yo is now sorted: ties in y are runs
  let n2 = 0;
  run = 1;
  for (let i = 1; i <= n; i++) {
    if (i < n && yo[i] === yo[i - 1]) run++;
    else {
      n2 += (run * (run - 1)) / 2;
      run = 1;
    }
  }
  const s = n0 - n1 - n2 + n3 - 2 * swaps;
  const den = Math.sqrt((n0 - n1) * (n0 - n2));
  const tau = den === 0 ? Number.NaN : Math.max(-1, Math.min(1, s / den));
  return { tau, s, tiesX: n1, tiesY: n2, tiesXY: n3 };
}

/** Kendall's τ-b of two equally long samples (see {@link kendallDetails}). */
export function kendall(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return kendallDetails(x, y).tau;
}
