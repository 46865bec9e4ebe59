/**
 * Quadrature rules on [0, 1] for path integrals (integrated gradients and its layer and
 * neuron variants): nodes (the path positions alpha) and weights summing to 1.
 */

export const IG_RULES = [
  'gauss-legendre',
  'riemann-left',
  'riemann-right',
  'riemann-middle',
  'riemann-trapezoid',
] as const;
export type IgRule = (typeof IG_RULES)[number];

export interface Quadrature {
  alphas: number[];
  weights: number[];
}

/**
 * `steps` nodes of the rule. Riemann sums use equal weights 1/steps at the left ends,
 * right ends or midpoints of steps equal intervals; the trapezoid rule puts `steps` nodes
 * on both ends and between (steps >= 2); Gauss–Legendre is exact for polynomials of degree
 * 2·steps − 1.
 */
export function quadrature(rule: IgRule, steps: number): Quadrature {
  const idx = Array.from({ length: steps }, (_, k) => k);
  switch (rule) {
    case 'riemann-left':
      return { alphas: idx.map((k) => k / steps), weights: idx.map(() => 1 / steps) };
    case 'riemann-right':
      return { alphas: idx.map((k) => (k + 1) / steps), weights: idx.map(() => 1 / steps) };
    case 'riemann-middle':
      return { alphas: idx.map((k) => (k + 0.5) / steps), weights: idx.map(() => 1 / steps) };
    case 'riemann-trapezoid': {
      const h = 1 / (steps - 1);
      return {
        alphas: idx.map((k) => k * h),
        weights: idx.map((k) => (k === 0 || k === steps - 1 ? h / 2 : h)),
      };
    }
    case 'gauss-legendre':
      return gaussLegendre(steps);
  }
}

/** Gauss–Legendre nodes by Newton's method on the Legendre polynomial P_n, mapped to [0, 1]. */
export function gaussLegendre(n: number): Quadrature {
  const alphas = new Array<number>(n);
  const weights = new Array<number>(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      // P_n(z) by the three-term recurrence; dp = P_n'(z)
      let p0 = 1;
      let p1 = 0;
      for (let j = 1; j <= n; j++) {
        const p2 = p1;
        p1 = p0;
        p0 = ((2 * j - 1) * z * p1 - (j - 1) * p2) / j;
      }
      dp = (n * (z * p0 - p1)) / (z * z - 1);
      const dz = p0 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-15) break;
    }
    const w = 2 / ((1 - z * z) * dp * dp);
    // nodes in descending z: map x in [-1, 1] to (1 + x) / 2, weight w / 2
    alphas[i] = (1 - z) / 2;
    alphas[n - 1 - i] = (1 + z) / 2;
    weights[i] = w / 2;
    weights[n - 1 - i] = w / 2;
  }
  return { alphas, weights };
}
