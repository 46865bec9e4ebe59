/**
 * The grid search behind MIC: ApproxMaxMI of Reshef et al. 2011 ("Detecting novel
 * associations in large data sets", Science 334:1518–1524, Supporting Online Material
 * §3, algorithms 2–5). For each number of rows y, the y-axis is equipartitioned
 * (EquipartitionYAxis), the points in x order are grouped into clumps that a column
 * boundary never needs to split (GetClumpsPartition), merged into at most ĉ·x superclumps
 * when there are more (GetSuperclumpsPartition), and the best partition of the clumps
 * into 2..x columns is found by dynamic programming (OptimizeXAxis).
 *
 * The dynamic programme here uses the exact additive form: with the rows Q fixed,
 * I(P;Q) = H(Q) + (1/n) Σ_columns Σ_rows c·log(c / c_column), a sum over columns, so
 * F(t, l) = max_s F(s, l−1) + g(s, t) finds the optimum over every partition of the first
 * t clumps into l columns. Natural logarithms throughout.
 */

/**
 * EquipartitionYAxis (SOM algorithm 3): labels 0..rows−1 for the points taken in `order`
 * (ascending `v`), each row as close to n/rows points as ties allow; points with equal
 * values share a row. Returns the labels indexed by point and the number of rows used.
 */
export function equipartition(
  v: ArrayLike<number>,
  order: ArrayLike<number>,
  rows: number,
): { label: Int32Array; used: number } {
  const n = order.length;
  const label = new Int32Array(n);
  let row = 0;
  let inRow = 0;
  let desired = n / rows;
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && v[order[j]] === v[order[i]]) j++;
    const s = j - i;
    // open the next row when adding this tie group overshoots more than stopping short
    if (inRow !== 0 && row < rows - 1 && Math.abs(inRow + s - desired) >= Math.abs(inRow - desired)) {
      row++;
      inRow = 0;
      desired = (n - i) / (rows - row);
    }
    for (let t = i; t < j; t++) label[order[t]] = row;
    inRow += s;
    i = j;
  }
  return { label, used: row + 1 };
}

/**
 * GetClumpsPartition (SOM algorithm 4): end positions (exclusive, in `ox` order) of the
 * maximal runs of points in the same row, where points with equal x always share a run and
 * a tie group that spans several rows is a run of its own.
 */
export function clumps(x: ArrayLike<number>, ox: Uint32Array, row: Int32Array): Int32Array {
  const n = ox.length;
  const ends: number[] = [];
  let prevRow = -2; // row of the open clump; −1 marks a mixed tie group
  let i = 0;
  while (i < n) {
    let j = i + 1;
    let r = row[ox[i]];
    while (j < n && x[ox[j]] === x[ox[i]]) {
      if (row[ox[j]] !== r) r = -1;
      j++;
    }
    if (ends.length > 0 && r !== -1 && r === prevRow) ends[ends.length - 1] = j;
    else ends.push(j);
    prevRow = r;
    i = j;
  }
  return Int32Array.from(ends);
}

/**
 * GetSuperclumpsPartition (SOM algorithm 5, first half): when there are more than `max`
 * clumps, merges them into `max` groups of nearly equal point counts by equipartitioning
 * the clump index, never splitting a clump.
 */
export function superclumps(ends: Int32Array, max: number): Int32Array {
  if (ends.length <= max) return ends;
  const n = ends[ends.length - 1];
  const clumpOf = new Int32Array(n);
  let c = 0;
  for (let p = 0; p < n; p++) {
    while (p >= ends[c]) c++;
    clumpOf[p] = c;
  }
  const order = new Uint32Array(n);
  for (let q = 0; q < n; q++) order[q] = q;
  const { label } = equipartition(clumpOf, order, max);
  const out: number[] = [];
  for (let p = 1; p <= n; p++) if (p === n || label[p] !== label[p - 1]) out.push(p);
  return Int32Array.from(out);
}

/**
 * OptimizeXAxis (SOM algorithm 2): for rows `row` (with `rows` levels) and the clump
 * boundaries `ends`, the largest I(P;Q) over partitions P of the clumps into l columns, for
 * l = 2..maxCols (entry l of the result; a column count beyond the number of clumps gets
 * the value of all clumps).
 */
export function optimizeXAxis(
  ox: Uint32Array,
  row: Int32Array,
  rows: number,
  ends: Int32Array,
  maxCols: number,
): Float64Array {
  const n = ox.length;
  const k = ends.length;
  // cum[t*rows + r]: points of row r in clumps 0..t−1
  const cum = new Float64Array((k + 1) * rows);
  let p = 0;
  for (let t = 0; t < k; t++) {
    cum.copyWithin((t + 1) * rows, t * rows, (t + 1) * rows);
    for (; p < ends[t]; p++) cum[(t + 1) * rows + row[ox[p]]] += 1;
  }
  let hq = 0;
  for (let r = 0; r < rows; r++) {
    const c = cum[k * rows + r];
    if (c > 0) hq -= (c / n) * Math.log(c / n);
  }
  // g[s*(k+1) + t] = Σ_r c log(c / c_col) of one column holding clumps s..t−1 (≤ 0)
  const K = k + 1;
  const g = new Float64Array(K * K);
  for (let s = 0; s < k; s++)
    for (let t = s + 1; t <= k; t++) {
      const tot = ends[t - 1] - (s === 0 ? 0 : ends[s - 1]);
      let v = 0;
      for (let r = 0; r < rows; r++) {
        const c = cum[t * rows + r] - cum[s * rows + r];
        if (c > 0) v += c * Math.log(c / tot);
      }
      g[s * K + t] = v;
    }
  const out = new Float64Array(maxCols + 1);
  // F[t] for the current number of columns l: best Σ over l columns of clumps 0..t−1
  let prev = new Float64Array(K).fill(Number.NEGATIVE_INFINITY);
  for (let t = 1; t <= k; t++) prev[t] = g[t];
  let last = hq + prev[k] / n;
  const top = Math.min(maxCols, k);
  for (let l = 2; l <= top; l++) {
    const cur = new Float64Array(K).fill(Number.NEGATIVE_INFINITY);
    for (let t = l; t <= k; t++) {
      let best = Number.NEGATIVE_INFINITY;
      for (let s = l - 1; s < t; s++) {
        const v = prev[s] + g[s * K + t];
        if (v > best) best = v;
      }
      cur[t] = best;
    }
    prev = cur;
    last = hq + prev[k] / n;
    out[l] = last;
  }
  for (let l = Math.max(2, top + 1); l <= maxCols; l++) out[l] = last;
  return out;
}

/** Sort order of v (indices by ascending value). */
export function argsort(v: ArrayLike<number>): Uint32Array {
  const o = new Uint32Array(v.length);
  for (let i = 0; i < o.length; i++) o[i] = i;
  return o.sort((i, j) => v[i] - v[j]);
}

/**
 * ApproxMaxMIs (SOM algorithm 5 without the transpose): I[c·(B+1) + r] for every grid of
 * c ≥ 2 columns on `cv` and r ≥ 2 rows (equipartitioned) on `rv` with c·r ≤ B.
 */
export function approxMaxMIs(cv: ArrayLike<number>, rv: ArrayLike<number>, B: number, clumpFactor: number) {
  const I = new Float64Array((B + 1) * (B + 1));
  const oc = argsort(cv);
  const or = argsort(rv);
  for (let rows = 2; rows <= Math.floor(B / 2); rows++) {
    const maxCols = Math.floor(B / rows);
    const { label, used } = equipartition(rv, or, rows);
    const ends = superclumps(clumps(cv, oc, label), clumpFactor * maxCols);
    const best = optimizeXAxis(oc, label, used, ends, maxCols);
    for (let c = 2; c <= maxCols; c++) I[c * (B + 1) + rows] = best[c];
  }
  return I;
}
