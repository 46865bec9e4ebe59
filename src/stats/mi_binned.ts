/**
 * Mutual information of binned samples, the plug-in ("maximum likelihood") estimate
 * Î = Σ p̂ᵢⱼ log(p̂ᵢⱼ / (p̂ᵢ. p̂.ⱼ)) of the contingency table (Cover & Thomas 2006, "Elements
 * of Information Theory", eq. 2.28), in nats. Biased upward by about
 * (bₓ−1)(b_y−1)/(2n) (Miller 1955; Paninski 2003, "Estimation of entropy and mutual
 * information", Neural Comput. 15:1191–1253), and dependent on the choice of bins.
 */
import { checkPair, StatsError } from './errors.ts';

export interface BinnedOptions {
  /** bins per variable, or [bins of x, bins of y]; default max(2, ⌊√(n/5)⌋) (≈ 5 points per cell) */
  bins?: number | [number, number];
  /** 'width' (default): equal-width bins over [min, max]; 'frequency': equal-count bins by rank, ties kept together */
  strategy?: 'width' | 'frequency';
}

/** Bin index in [0, b) of every value. */
export function binIndex(v: ArrayLike<number>, b: number, strategy: 'width' | 'frequency'): Int32Array {
  const n = v.length;
  const out = new Int32Array(n);
  if (strategy === 'width') {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, v[i]);
      hi = Math.max(hi, v[i]);
    }
    const w = (hi - lo) / b;
    for (let i = 0; i < n; i++) out[i] = w === 0 ? 0 : Math.min(b - 1, Math.floor((v[i] - lo) / w));
    return out;
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((i, j) => v[i] - v[j]);
  // tied values take the bin of the first of them
  let bin = 0;
  for (let r = 0; r < n; r++) {
    if (r === 0 || v[order[r]] !== v[order[r - 1]]) bin = Math.floor((r * b) / n);
    out[order[r]] = bin;
  }
  return out;
}

/** Plug-in MI in nats of two integer labellings with `bx` and `by` levels. */
export function miFromLabels(a: Int32Array, b: Int32Array, bx: number, by: number): number {
  const n = a.length;
  const joint = new Float64Array(bx * by);
  const pa = new Float64Array(bx);
  const pb = new Float64Array(by);
  for (let i = 0; i < n; i++) {
    joint[a[i] * by + b[i]] += 1;
    pa[a[i]] += 1;
    pb[b[i]] += 1;
  }
  let mi = 0;
  for (let i = 0; i < bx; i++)
    for (let j = 0; j < by; j++) {
      const c = joint[i * by + j];
      if (c > 0) mi += (c / n) * Math.log((c * n) / (pa[i] * pb[j]));
    }
  return Math.max(0, mi);
}

/** Plug-in MI in nats of x and y after binning each (see {@link BinnedOptions}). */
export function miBinned(x: ArrayLike<number>, y: ArrayLike<number>, opts: BinnedOptions = {}): number {
  const n = checkPair('mi-binned', x, y);
  const def = Math.max(2, Math.floor(Math.sqrt(n / 5)));
  const [bx, by] = Array.isArray(opts.bins) ? opts.bins : [opts.bins ?? def, opts.bins ?? def];
  for (const b of [bx, by])
    if (!Number.isInteger(b) || b < 1)
      throw new StatsError(`mi-binned: bins must be positive integers, got ${b}`);
  const strategy = opts.strategy ?? 'width';
  return miFromLabels(binIndex(x, bx, strategy), binIndex(y, by, strategy), bx, by);
}
