/**
 * Spearman's rank correlation ρ (Spearman 1904): Pearson's r of the ranks, with tied
 * values given the average of the ranks they span ("fractional ranking"), so that ties
 * are handled exactly rather than by the 1 − 6Σd²/(n(n²−1)) shortcut, which holds only
 * without ties.
 */
import { pearson } from './pearson.ts';

/**
 * Ranks 1..n of `x`, ties sharing the mean of their ranks: [10, 20, 20, 5] -> [2, 3.5, 3.5, 1].
 * NaN values are not allowed (throws), since they have no place in an order.
 */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < n; i++) if (Number.isNaN(x[i])) throw new RangeError(`averageRanks: NaN at ${i}`);
  order.sort((i, j) => x[i] - x[j] || i - j);
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && x[order[end]] === x[order[start]]) end++;
    // positions start..end-1 hold equal values: ranks start+1..end, mean (start+1+end)/2
    const r = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = r;
    start = end;
  }
  return ranks;
}

/**
 * Spearman's ρ in [−1, 1]: 1 for any strictly increasing relation, −1 for a decreasing one.
 * NaN when either sample is constant. Throws when the lengths differ.
 */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`spearman: samples of length ${a.length} and ${b.length}`);
  return pearson(averageRanks(a), averageRanks(b));
}
