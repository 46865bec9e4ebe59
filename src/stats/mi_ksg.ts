/**
 * Mutual information by the Kraskov–Stögbauer–Grassberger k-nearest-neighbour estimator,
 * algorithm 1 (Kraskov, Stögbauer & Grassberger 2004, "Estimating mutual information",
 * Phys. Rev. E 69:066138, eq. 8):
 *   I(X;Y) = ψ(k) + ψ(N) − ⟨ψ(nₓ + 1) + ψ(n_y + 1)⟩,
 * with εᵢ the max-norm distance from point i to its k-th neighbour in the joint space and
 * nₓ(i), n_y(i) the numbers of other points strictly within εᵢ in each marginal. In nats.
 * The k-th neighbours come from a 2-D kd-tree and the marginal counts from binary search
 * in the sorted marginals: O(n log n) expected.
 *
 * Repeated points (εᵢ = 0) break the estimator's continuity assumption; Kraskov et al.
 * suggest adding noise of tiny amplitude first, which is left to the caller (stats/ holds
 * no random source).
 */
import { checkPair, StatsError } from './errors.ts';
import { kthNeighbourMaxNorm } from './knn2d.ts';
import { digamma } from './special.ts';

export interface KsgOptions {
  /** neighbours, default 3 (as sklearn's mutual_info_regression): more k, less variance, more bias */
  k?: number;
}

/** Number of entries of the sorted array `s` strictly below `v`. */
function countBelow(s: Float64Array, v: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (s[m] < v) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** Number of entries of the sorted array `s` at most `v`. */
function countAtMost(s: Float64Array, v: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (s[m] <= v) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** Others strictly within ε of v: values in (v − ε, v + ε), minus v itself. */
function within(s: Float64Array, v: number, eps: number): number {
  if (eps === 0) return 0;
  return countBelow(s, v + eps) - countAtMost(s, v - eps) - 1;
}

/**
 * KSG estimate of I(X;Y) in nats for one-dimensional x and y (default k = 3). It can be
 * slightly negative for independent samples (it is unbiased there, not clipped). Throws a
 * StatsError on bad input or when n ≤ k.
 */
export function miKsg(x: ArrayLike<number>, y: ArrayLike<number>, opts: KsgOptions = {}): number {
  const k = opts.k ?? 3;
  if (!Number.isInteger(k) || k < 1) throw new StatsError(`mi-ksg: k must be a positive integer, got ${k}`);
  const n = checkPair('mi-ksg', x, y, k + 1);
  const xs = Float64Array.from(x);
  const ys = Float64Array.from(y);
  const eps = kthNeighbourMaxNorm(xs, ys, k);
  const sx = Float64Array.from(xs).sort();
  const sy = Float64Array.from(ys).sort();
  let mean = 0;
  for (let i = 0; i < n; i++) {
    mean += digamma(within(sx, xs[i], eps[i]) + 1) + digamma(within(sy, ys[i], eps[i]) + 1);
  }
  return digamma(k) + digamma(n) - mean / n;
}
