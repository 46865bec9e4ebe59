/**
 * Weighted (ridge) linear least squares, solved exactly in float64 through the normal
 * equations and a Cholesky factorisation. Sized for surrogate models with up to a few
 * hundred features (LIME, KernelSHAP): the cost is O(n p² + p³).
 */

export interface RidgeOptions {
  /** L2 penalty on the coefficients, never on the intercept (default 0: ordinary least squares) */
  alpha?: number;
  /** fit an intercept (default true); false fixes it at 0 */
  intercept?: boolean;
}

export interface RidgeFit {
  coef: Float64Array;
  intercept: number;
}

/**
 * Minimises Σᵢ wᵢ (yᵢ − b − xᵢ·β)² + α‖β‖² over β (and b when `intercept`). `X` is n×p,
 * row-major; `w` defaults to all ones. A singular system (fewer informative rows than
 * features, with α = 0) gets the smallest diagonal jitter that makes it solvable, which
 * picks a near minimum-norm solution.
 */
export function weightedRidge(
  X: ArrayLike<number>,
  y: ArrayLike<number>,
  p: number,
  w?: ArrayLike<number>,
  opts: RidgeOptions = {},
): RidgeFit {
  const n = y.length;
  if (X.length !== n * p) throw new RangeError(`weightedRidge: X has ${X.length} entries, not ${n}x${p}`);
  if (w && w.length !== n) throw new RangeError(`weightedRidge: ${w.length} weights for ${n} rows`);
  const alpha = opts.alpha ?? 0;
  const wt = (i: number) => (w ? w[i] : 1);
  // weighted means (zero when there is no intercept, so nothing is centred)
  const xm = new Float64Array(p);
  let ym = 0;
  if (opts.intercept !== false) {
    let sw = 0;
    for (let i = 0; i < n; i++) {
      const wi = wt(i);
      sw += wi;
      ym += wi * y[i];
      for (let j = 0; j < p; j++) xm[j] += wi * X[i * p + j];
    }
    if (sw > 0) {
      ym /= sw;
      for (let j = 0; j < p; j++) xm[j] /= sw;
    }
  }
  // A = Σ w (x − x̄)(x − x̄)ᵀ (upper triangle, then mirrored), r = Σ w (x − x̄)(y − ȳ)
  const A = new Float64Array(p * p);
  const r = new Float64Array(p);
  const xc = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const wi = wt(i);
    if (wi === 0) continue;
    for (let j = 0; j < p; j++) xc[j] = X[i * p + j] - xm[j];
    const yc = wi * (y[i] - ym);
    for (let j = 0; j < p; j++) {
      const a = wi * xc[j];
      if (a === 0) continue;
      r[j] += xc[j] * yc;
      for (let k = j; k < p; k++) A[j * p + k] += a * xc[k];
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) A[j * p + k] = A[k * p + j];
  const coef = solveSpd(A, r, p, alpha);
  let b = ym;
  for (let j = 0; j < p; j++) b -= xm[j] * coef[j];
  return { coef, intercept: opts.intercept === false ? 0 : b };
}

/** Solves (A + αI) β = r for symmetric positive semi-definite A, adding jitter when singular. */
export function solveSpd(A: Float64Array, r: Float64Array, p: number, alpha = 0): Float64Array {
  let scale = 0;
  for (let j = 0; j < p; j++) scale += A[j * p + j];
  scale = p > 0 && scale > 0 ? scale / p : 1;
  for (const jitter of [0, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2]) {
    const L = cholesky(A, p, alpha + jitter * scale);
    if (L) return substitute(L, r, p);
  }
  throw new RangeError('solveSpd: the system is not positive semi-definite');
}

/** Lower-triangular L with L Lᵀ = A + δI, or null when a pivot is not clearly positive. */
function cholesky(A: Float64Array, p: number, delta: number): Float64Array | null {
  const L = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    const diag = A[j * p + j] + delta;
    let d = diag;
    for (let k = 0; k < j; k++) d -= L[j * p + k] * L[j * p + k];
    // a pivot lost to cancellation means the matrix is (numerically) singular
    if (!(d > 1e-12 * Math.max(diag, Number.MIN_VALUE))) return null;
    const ljj = Math.sqrt(d);
    L[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = A[i * p + j];
      for (let k = 0; k < j; k++) s -= L[i * p + k] * L[j * p + k];
      L[i * p + j] = s / ljj;
    }
  }
  return L;
}

function substitute(L: Float64Array, r: Float64Array, p: number): Float64Array {
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = r[i];
    for (let k = 0; k < i; k++) s -= L[i * p + k] * z[k];
    z[i] = s / L[i * p + i];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= L[k * p + i] * x[k];
    x[i] = s / L[i * p + i];
  }
  return x;
}
