/** Special functions needed by the estimators. */

/**
 * The digamma function ψ(x) = Γ'(x)/Γ(x) for x > 0: the recurrence ψ(x) = ψ(x+1) − 1/x up
 * to x ≥ 10, then the asymptotic series ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ) (Abramowitz & Stegun
 * 6.3.18); absolute error below 1e-13. ψ(1) = −γ, ψ(n) = −γ + Σₖ<ₙ 1/k.
 */
export function digamma(x: number): number {
  let r = 0;
  while (x < 10) {
    r -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  const series = f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132)))));
  return r + Math.log(x) - 0.5 / x - series;
}
