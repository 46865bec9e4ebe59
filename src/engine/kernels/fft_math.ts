/**
 * Discrete Fourier transforms of single rows, in float64 on the host: an iterative radix-2
 * Cooley-Tukey transform for power-of-two lengths and Bluestein's chirp-z algorithm for every
 * other length (a convolution done with radix-2 transforms of length >= 2n - 1), so any length
 * costs O(n log n). Plans (twiddles, chirps, scratch rows) are cached per length.
 *
 * `transform` computes X[k] = sum_j x[j] exp(-+2 pi i j k / n) without normalisation: the
 * sign is - for the forward and + for the inverse transform; callers divide by n.
 */

interface Radix2Plan {
  n: number;
  /** bit-reversal permutation: rev[i] is where element i goes */
  rev: Uint32Array;
  /** cos and sin of 2 pi k / n for k < n / 2 */
  cos: Float64Array;
  sin: Float64Array;
}

interface BluesteinPlan {
  n: number;
  radix: Radix2Plan;
  /** chirp w[k] = exp(-i pi k^2 / n), k < n */
  wr: Float64Array;
  wi: Float64Array;
  /** forward transform of the circular filter conj(w[|j|]), length m */
  br: Float64Array;
  bi: Float64Array;
  /** scratch rows of length m */
  sr: Float64Array;
  si: Float64Array;
}

const radixPlans = new Map<number, Radix2Plan>();
const bluesteinPlans = new Map<number, BluesteinPlan>();

export function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

function radixPlan(n: number): Radix2Plan {
  let plan = radixPlans.get(n);
  if (plan != null) return plan;
  const bits = Math.round(Math.log2(n));
  const rev = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    rev[i] = r;
  }
  const half = n >> 1;
  const cos = new Float64Array(half);
  const sin = new Float64Array(half);
  for (let k = 0; k < half; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = Math.sin((2 * Math.PI * k) / n);
  }
  plan = { n, rev, cos, sin };
  radixPlans.set(n, plan);
  return plan;
}

/** In-place radix-2 transform of re/im (length plan.n); `sign` -1 forward, +1 inverse. */
function radix2(plan: Radix2Plan, re: Float64Array, im: Float64Array, sign: number): void {
  const { n, rev, cos, sin } = plan;
  for (let i = 0; i < n; i++) {
    const j = rev[i];
    if (j > i) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let j = 0; j < half; j++) {
        const wr = cos[j * step];
        const wi = sign * sin[j * step];
        const a = start + j;
        const b = a + half;
        const tr = wr * re[b] - wi * im[b];
        const ti = wr * im[b] + wi * re[b];
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
      }
    }
  }
}

function bluesteinPlan(n: number): BluesteinPlan {
  let plan = bluesteinPlans.get(n);
  if (plan != null) return plan;
  let m = 1;
  while (m < 2 * n - 1) m <<= 1;
  const radix = radixPlan(m);
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    // k^2 mod 2n keeps the angle small (exp(-i pi 2n / n) = 1), so it stays exact in float64.
    const a = (Math.PI * ((k * k) % (2 * n))) / n;
    wr[k] = Math.cos(a);
    wi[k] = -Math.sin(a);
  }
  const br = new Float64Array(m);
  const bi = new Float64Array(m);
  br[0] = wr[0];
  bi[0] = -wi[0];
  for (let k = 1; k < n; k++) {
    br[k] = br[m - k] = wr[k];
    bi[k] = bi[m - k] = -wi[k];
  }
  radix2(radix, br, bi, -1);
  plan = { n, radix, wr, wi, br, bi, sr: new Float64Array(m), si: new Float64Array(m) };
  bluesteinPlans.set(n, plan);
  return plan;
}

/**
 * Forward Bluestein transform in place: X[k] = w[k] * sum_j (x[j] w[j]) conj(w[k - j]), the
 * sum a circular convolution of length m done with three radix-2 transforms.
 */
function bluestein(plan: BluesteinPlan, re: Float64Array, im: Float64Array): void {
  const { n, radix, wr, wi, br, bi, sr, si } = plan;
  const m = radix.n;
  for (let k = 0; k < n; k++) {
    sr[k] = re[k] * wr[k] - im[k] * wi[k];
    si[k] = re[k] * wi[k] + im[k] * wr[k];
  }
  sr.fill(0, n);
  si.fill(0, n);
  radix2(radix, sr, si, -1);
  for (let k = 0; k < m; k++) {
    const r = sr[k] * br[k] - si[k] * bi[k];
    si[k] = sr[k] * bi[k] + si[k] * br[k];
    sr[k] = r;
  }
  radix2(radix, sr, si, 1);
  for (let k = 0; k < n; k++) {
    const cr = sr[k] / m;
    const ci = si[k] / m;
    re[k] = cr * wr[k] - ci * wi[k];
    im[k] = cr * wi[k] + ci * wr[k];
  }
}

/** In-place unnormalised DFT of one row (re/im of length n); `inverse` flips the sign. */
export function transform(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  if (n <= 1) return;
  if (isPowerOfTwo(n)) {
    radix2(radixPlan(n), re, im, inverse ? 1 : -1);
    return;
  }
  // The inverse is the conjugate of the forward transform of the conjugate.
  if (inverse) for (let k = 0; k < n; k++) im[k] = -im[k];
  bluestein(bluesteinPlan(n), re, im);
  if (inverse) for (let k = 0; k < n; k++) im[k] = -im[k];
}
