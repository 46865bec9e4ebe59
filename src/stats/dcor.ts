/**
 * Distance covariance and correlation (Székely, Rizzo & Bakirov 2007, "Measuring and
 * testing dependence by correlation of distances", Ann. Statist. 35(6):2769–2794): the
 * V-statistics dCov²ₙ = (1/n²) Σᵢⱼ Aᵢⱼ Bᵢⱼ of the double-centred distance matrices, and
 * dCorₙ = dCovₙ(x, y) / √(dVarₙ(x) dVarₙ(y)). Population dCor is 0 exactly when x and y
 * are independent.
 *
 * Two algorithms: `exact` (any dimension, O(n²) time, O(n) memory: the distance matrices
 * are never stored, only their row means, and the product is summed on the fly), and
 * `fast` for one-dimensional variables in O(n log n) (Huo & Székely 2016, "Fast computing
 * for distance covariance", Technometrics 58(4):435–447): after the identity
 * Σᵢⱼ Aᵢⱼ Bᵢⱼ = Σᵢⱼ aᵢⱼbᵢⱼ − (2/n) Σᵢ aᵢ.bᵢ. + a..b../n², the row sums come from one sort
 * and the cross term Σ|xᵢ−xⱼ||yᵢ−yⱼ| from a Fenwick tree over the ranks of y.
 */
import { checkPair, StatsError } from './errors.ts';

export interface DcorResult {
  /** distance correlation dCorₙ in [0, 1]; NaN when x or y is constant */
  dcor: number;
  /** squared distance covariance dCov²ₙ (V-statistic) */
  dcov2: number;
  /** squared distance variances dVar²ₙ(x), dVar²ₙ(y) */
  dvarX2: number;
  dvarY2: number;
}

export interface DcorOptions {
  /** 'auto' (default) uses `fast` for 1-D x and y, `exact` otherwise */
  method?: 'auto' | 'exact' | 'fast';
  /** dimensions of x and y when they hold row-major n×p and n×q points (default 1) */
  dimX?: number;
  dimY?: number;
}

function finish(dcov2: number, vx: number, vy: number): DcorResult {
  // rounding can leave tiny negative V-statistics
  const c = Math.max(0, dcov2);
  const den = Math.sqrt(vx * vy);
  const dcor = den > 0 ? Math.min(1, Math.sqrt(c / den)) : Number.NaN;
  return { dcor, dcov2: c, dvarX2: vx, dvarY2: vy };
}

/** Euclidean distance between points i and j of a row-major n×p array. */
function dist(v: ArrayLike<number>, p: number, i: number, j: number): number {
  if (p === 1) return Math.abs(v[i] - v[j]);
  let s = 0;
  for (let k = 0; k < p; k++) {
    const d = v[i * p + k] - v[j * p + k];
    s += d * d;
  }
  return Math.sqrt(s);
}

/** Row means of the distance matrix and its grand mean: O(n²) time, O(n) memory. */
function rowMeans(v: ArrayLike<number>, p: number, n: number): { row: Float64Array; grand: number } {
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const d = dist(v, p, i, j);
      row[i] += d;
      row[j] += d;
    }
  let grand = 0;
  for (let i = 0; i < n; i++) {
    row[i] /= n;
    grand += row[i];
  }
  return { row, grand: grand / n };
}

/** Exact O(n²) dCov²ₙ, dVar²ₙ for points of any dimension (x: n×p, y: n×q row-major). */
export function dcorExact(x: ArrayLike<number>, y: ArrayLike<number>, p = 1, q = 1): DcorResult {
  const n = x.length / p;
  if (!Number.isInteger(n) || y.length !== n * q)
    throw new StatsError(`dcor: x holds ${x.length / p} points of dimension ${p}, y ${y.length / q} of ${q}`);
  if (n < 2) throw new StatsError(`dcor: needs at least 2 points, got ${n}`);
  for (const [name, v] of [
    ['x', x],
    ['y', y],
  ] as const)
    for (let i = 0; i < v.length; i++)
      if (!Number.isFinite(v[i]))
        throw new StatsError(`dcor: ${name}[${i}] is ${v[i]} (values must be finite)`);
  const a = rowMeans(x, p, n);
  const b = rowMeans(y, q, n);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  // A_ij = a_ij − a_i. − a_.j + a..; the diagonal (i = j) contributes too
  for (let i = 0; i < n; i++) {
    const ai = a.grand - a.row[i];
    const bi = b.grand - b.row[i];
    for (let j = i; j < n; j++) {
      const A = dist(x, p, i, j) + ai - a.row[j];
      const B = dist(y, q, i, j) + bi - b.row[j];
      const w = i === j ? 1 : 2;
      sab += w * A * B;
      saa += w * A * A;
      sbb += w * B * B;
    }
  }
  const nn = n * n;
  return finish(sab / nn, saa / nn, sbb / nn);
}

/** Sort order of v (indices by ascending value). */
function argsort(v: ArrayLike<number>): Uint32Array {
  const o = new Uint32Array(v.length);
  for (let i = 0; i < o.length; i++) o[i] = i;
  return o.sort((i, j) => v[i] - v[j]);
}

/** aᵢ. = Σⱼ |vᵢ − vⱼ| for every i, from one sort and prefix sums. */
function rowSums1d(v: ArrayLike<number>, order: Uint32Array): Float64Array {
  const n = v.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += v[i];
  const out = new Float64Array(n);
  let below = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r];
    // r values ≤ v_i before it (sum `below`), n−r−1 after it
    out[i] = v[i] * r - below + (total - below - v[i]) - v[i] * (n - r - 1);
    below += v[i];
  }
  return out;
}

/**
 * Σᵢ<ⱼ |xᵢ−xⱼ||yᵢ−yⱼ| in O(n log n). With points in x order, |xⱼ−xᵢ| = xⱼ−xᵢ, and
 * |yⱼ−yᵢ| = (yⱼ−yᵢ)(2·[yᵢ<yⱼ] − 1); the sum over pairs with yᵢ < yⱼ expands into four
 * prefix sums (count, Σx, Σy, Σxy) kept in Fenwick trees indexed by the rank of y. Ties
 * in x or y contribute 0 either way, so they need no care.
 */
function crossSum1d(x: ArrayLike<number>, y: ArrayLike<number>, ox: Uint32Array, oy: Uint32Array): number {
  const n = x.length;
  // dense ranks of y, 1-based for the Fenwick trees
  const rank = new Uint32Array(n);
  let r = 0;
  for (let k = 0; k < n; k++) {
    if (k === 0 || y[oy[k]] !== y[oy[k - 1]]) r++;
    rank[oy[k]] = r;
  }
  const m = r;
  const cnt = new Float64Array(m + 1);
  const sx = new Float64Array(m + 1);
  const sy = new Float64Array(m + 1);
  const sxy = new Float64Array(m + 1);
  let all = 0;
  let allX = 0;
  let allY = 0;
  let allXY = 0;
  let signed = 0; // Σᵢ<ⱼ (xⱼ−xᵢ)(yⱼ−yᵢ)
  let below = 0; // Σᵢ<ⱼ, yᵢ<yⱼ (xⱼ−xᵢ)(yⱼ−yᵢ)
  for (let k = 0; k < n; k++) {
    const j = ox[k];
    const xj = x[j];
    const yj = y[j];
    signed += all * xj * yj - xj * allY - yj * allX + allXY;
    // prefix over ranks strictly below rank[j]
    let c = 0;
    let px = 0;
    let py = 0;
    let pxy = 0;
    for (let t = rank[j] - 1; t > 0; t -= t & -t) {
      c += cnt[t];
      px += sx[t];
      py += sy[t];
      pxy += sxy[t];
    }
    below += c * xj * yj - xj * py - yj * px + pxy;
    for (let t = rank[j]; t <= m; t += t & -t) {
      cnt[t] += 1;
      sx[t] += xj;
      sy[t] += yj;
      sxy[t] += xj * yj;
    }
    all += 1;
    allX += xj;
    allY += yj;
    allXY += xj * yj;
  }
  return 2 * below - signed;
}

/** Σᵢⱼ (vᵢ − vⱼ)² = 2nΣv² − 2(Σv)², centred first for accuracy. */
function sumSq1d(v: ArrayLike<number>): number {
  const n = v.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += v[i];
  m /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (v[i] - m) ** 2;
  return 2 * n * s;
}

/** dCov²ₙ from Σaᵢⱼbᵢⱼ (all ordered pairs), the row sums and n. */
function vStat(sab: number, ra: Float64Array, rb: Float64Array): number {
  const n = ra.length;
  let dot = 0;
  let ta = 0;
  let tb = 0;
  for (let i = 0; i < n; i++) {
    dot += ra[i] * rb[i];
    ta += ra[i];
    tb += rb[i];
  }
  return sab / n ** 2 - (2 * dot) / n ** 3 + (ta * tb) / n ** 4;
}

/** O(n log n) dCor for one-dimensional x and y (Huo & Székely 2016); equal to `dcorExact`. */
export function dcorFast(x: ArrayLike<number>, y: ArrayLike<number>): DcorResult {
  checkPair('dcor', x, y);
  // centre both: distances are unchanged and the cross sums lose less to cancellation
  const xc = centred(x);
  const yc = centred(y);
  const ox = argsort(xc);
  const oy = argsort(yc);
  const ra = rowSums1d(xc, ox);
  const rb = rowSums1d(yc, oy);
  const sab = 2 * crossSum1d(xc, yc, ox, oy);
  return finish(vStat(sab, ra, rb), vStat(sumSq1d(xc), ra, ra), vStat(sumSq1d(yc), rb, rb));
}

function centred(v: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(v);
  let m = 0;
  for (let i = 0; i < out.length; i++) m += out[i];
  m /= out.length;
  for (let i = 0; i < out.length; i++) out[i] -= m;
  return out;
}

/** Full result (dCor, dCov², dVar²) with the algorithm chosen by `opts.method`. */
export function dcorDetails(x: ArrayLike<number>, y: ArrayLike<number>, opts: DcorOptions = {}): DcorResult {
  const p = opts.dimX ?? 1;
  const q = opts.dimY ?? 1;
  const method = opts.method ?? 'auto';
  if (method === 'fast' && (p !== 1 || q !== 1))
    throw new StatsError('dcor: the fast algorithm is for one-dimensional x and y');
  if (method === 'exact' || p !== 1 || q !== 1) return dcorExact(x, y, p, q);
  return dcorFast(x, y);
}

/** Distance correlation dCorₙ(x, y) ∈ [0, 1] (Székely et al. 2007); see {@link dcorDetails}. */
export function dcor(x: ArrayLike<number>, y: ArrayLike<number>, opts: DcorOptions = {}): number {
  return dcorDetails(x, y, opts).dcor;
}
