/**
 * A 2-D kd-tree (Bentley 1975, "Multidimensional binary search trees used for associative
 * searching", CACM 18(9)) for k-nearest-neighbour distances in the max-norm: built in
 * O(n log n) by median splits, queried in O(log n) expected per point.
 */

/** Rearranges idx[lo..hi) so that idx[mid] holds the median of key, smaller keys before it. */
function select(idx: Uint32Array, key: Float64Array, lo: number, hi: number, mid: number): void {
  hi -= 1;
  while (hi > lo) {
    const pivot = key[idx[(lo + hi) >> 1]];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (key[idx[i]] < pivot) i++;
      while (key[idx[j]] > pivot) j--;
      if (i <= j) {
        const t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
        i++;
        j--;
      }
    }
    if (mid <= j) hi = j;
    else if (mid >= i) lo = i;
    else return;
  }
}

/**
 * Distance to the k-th nearest other point of every point, in the max-norm
 * max(|xᵢ − xⱼ|, |yᵢ − yⱼ|). Requires n > k.
 */
export function kthNeighbourMaxNorm(x: Float64Array, y: Float64Array, k: number): Float64Array {
  const n = x.length;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const build = (lo: number, hi: number, depth: number): void => {
    if (hi - lo <= 1) return;
    const mid = (lo + hi) >> 1;
    select(idx, depth % 2 ? y : x, lo, hi, mid);
    build(lo, mid, depth + 1);
    build(mid + 1, hi, depth + 1);
  };
  build(0, n, 0);

  const out = new Float64Array(n);
  // the k best distances so far, ascending
  const best = new Float64Array(k);
  let qx = 0;
  let qy = 0;
  let q = 0;
  const offer = (d: number): void => {
    if (d >= best[k - 1]) return;
    let p = k - 1;
    while (p > 0 && best[p - 1] > d) {
      best[p] = best[p - 1];
      p--;
    }
    best[p] = d;
  };
  const search = (lo: number, hi: number, depth: number): void => {
    if (hi <= lo) return;
    const mid = (lo + hi) >> 1;
    const j = idx[mid];
    if (j !== q) offer(Math.max(Math.abs(x[j] - qx), Math.abs(y[j] - qy)));
    const diff = depth % 2 ? qy - y[j] : qx - x[j];
    const [nearLo, nearHi, farLo, farHi] = diff < 0 ? [lo, mid, mid + 1, hi] : [mid + 1, hi, lo, mid];
    search(nearLo, nearHi, depth + 1);
    if (Math.abs(diff) <= best[k - 1]) search(farLo, farHi, depth + 1);
  };
  for (q = 0; q < n; q++) {
    best.fill(Number.POSITIVE_INFINITY);
    qx = x[q];
    qy = y[q];
    search(0, n, 0);
    out[q] = best[k - 1];
  }
  return out;
}
