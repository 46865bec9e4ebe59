/**
 * The maximal information coefficient and its companions (Reshef et al. 2011, "Detecting
 * novel associations in large data sets", Science 334:1518–1524, and its Supporting Online
 * Material): the characteristic matrix M(x, y) = I*(x, y) / log min(x, y) over grids of
 * x columns and y rows with xy ≤ B(n), B(n) = max(n^α, 4), where I* is approximated by
 * ApproxMaxMI on the data and on its transpose (see mic_approx.ts), and
 *   MIC = max M;  MAS = max |M(x,y) − M(y,x)| (non-monotonicity);
 *   MEV = max over x = 2 or y = 2 of M (closeness to a function);
 *   MCN(ε) = min log₂(xy) over M(x,y) ≥ (1−ε)·MIC (complexity), ε = 0 and ε = 1 − MIC;
 *   TIC = Σ M (total information coefficient, Reshef et al. 2016, JMLR 17(211)).
 * Defaults α = 0.6 and c = 15 as in minepy (Albanese et al. 2013, Bioinformatics 29:407).
 */
import { checkPair, StatsError } from './errors.ts';
import { approxMaxMIs } from './mic_approx.ts';

export interface MicOptions {
  /** grid budget exponent: B = max(n^α, 4) for α ∈ (0, 1]; α > 1 means B = ⌊α⌋ (default 0.6) */
  alpha?: number;
  /** clumps per column: the search starts from at most c·x clumps (default 15) */
  c?: number;
}

export interface MicResult {
  mic: number;
  mas: number;
  mev: number;
  /** MCN with ε = 0, in bits */
  mcn: number;
  /** MCN with ε = 1 − MIC, in bits */
  mcnGeneral: number;
  /** Σ of the characteristic matrix */
  tic: number;
  /** the grid budget used */
  B: number;
  /** characteristic matrix M(x, y) at index x·(B+1) + y; NaN outside 2 ≤ x, y and xy ≤ B */
  matrix: Float64Array;
}

/** Grid budget B(n) = max(n^α, 4) (⌊·⌋), or ⌊α⌋ when α > 1. */
export function gridBudget(n: number, alpha: number): number {
  if (!(alpha > 0)) throw new StatsError(`mic: alpha must be positive, got ${alpha}`);
  return Math.floor(alpha > 1 ? alpha : Math.max(n ** alpha, 4));
}

/** Characteristic matrix (see {@link MicResult.matrix}) with the budget B it was computed for. */
export function characteristicMatrix(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  opts: MicOptions = {},
): { matrix: Float64Array; B: number } {
  const n = checkPair('mic', x, y, 4);
  const c = opts.c ?? 15;
  if (!(c > 0)) throw new StatsError(`mic: c must be positive, got ${c}`);
  const B = gridBudget(n, opts.alpha ?? 0.6);
  if (B < 4) throw new StatsError(`mic: grid budget B = ${B} is below 4`);
  const W = B + 1;
  const I = approxMaxMIs(x, y, B, c);
  const It = approxMaxMIs(y, x, B, c);
  const matrix = new Float64Array(W * W).fill(Number.NaN);
  for (let gx = 2; gx <= B / 2; gx++)
    for (let gy = 2; gx * gy <= B; gy++) {
      // a grid of gx columns on x and gy rows on y is, transposed, gy columns on y and gx rows on x
      const mi = Math.max(I[gx * W + gy], It[gy * W + gx]);
      // I* ≤ log min(x, y); rounding alone can push the ratio a hair past 1
      matrix[gx * W + gy] = Math.min(1, mi / Math.log(Math.min(gx, gy)));
    }
  return { matrix, B };
}

/** Equality slack for MCN: M(x,y) ≥ (1−ε)·MIC − TOL, since exact ties differ by rounding. */
const TOL = 1e-9;

/** MIC, MAS, MEV, MCN (ε = 0 and ε = 1 − MIC) and TIC of two samples (at least 4 points). */
export function micDetails(x: ArrayLike<number>, y: ArrayLike<number>, opts: MicOptions = {}): MicResult {
  const { matrix, B } = characteristicMatrix(x, y, opts);
  const W = B + 1;
  let mic = 0;
  let mas = 0;
  let mev = 0;
  let tic = 0;
  for (let gx = 2; gx <= B / 2; gx++)
    for (let gy = 2; gx * gy <= B; gy++) {
      const m = matrix[gx * W + gy];
      mic = Math.max(mic, m);
      mas = Math.max(mas, Math.abs(m - matrix[gy * W + gx]));
      if (gx === 2 || gy === 2) mev = Math.max(mev, m);
      tic += m;
    }
  const mcnAt = (threshold: number) => {
    let best = Number.POSITIVE_INFINITY;
    for (let gx = 2; gx <= B / 2; gx++)
      for (let gy = 2; gx * gy <= B; gy++)
        if (matrix[gx * W + gy] >= threshold - TOL) best = Math.min(best, Math.log2(gx * gy));
    return best;
  };
  return { mic, mas, mev, mcn: mcnAt(mic), mcnGeneral: mcnAt(mic * mic), tic, B, matrix };
}

/** MIC ∈ [0, 1] of two samples (see {@link micDetails}). */
export function mic(x: ArrayLike<number>, y: ArrayLike<number>, opts: MicOptions = {}): number {
  return micDetails(x, y, opts).mic;
}
