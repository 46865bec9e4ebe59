/**
 * The one error type of `stats/`: bad input to a statistic (lengths that differ, NaN,
 * too few points, an option out of range). `stats/` imports nothing of ours, so the CLI
 * maps this to its own one-line message.
 */
export class StatsError extends Error {
  override name = 'StatsError';
}

/**
 * Checks a pair of samples at the boundary of a statistic: equal lengths, at least
 * `minN` points, every value finite. Returns n.
 */
export function checkPair(name: string, x: ArrayLike<number>, y: ArrayLike<number>, minN = 2): number {
  const n = x.length;
  if (y.length !== n) throw new StatsError(`${name}: x has ${n} values but y has ${y.length}`);
  if (n < minN) throw new StatsError(`${name}: needs at least ${minN} points, got ${n}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i])) throw new StatsError(`${name}: x[${i}] is ${x[i]} (values must be finite)`);
    if (!Number.isFinite(y[i])) throw new StatsError(`${name}: y[${i}] is ${y[i]} (values must be finite)`);
  }
  return n;
}
