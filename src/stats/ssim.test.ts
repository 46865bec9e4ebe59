import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../engine/rng.ts';
import { ssim } from './ssim.ts';

/** Per window: a separable Gaussian built from 1-D weights, statistics as plain weighted moments. */
function bruteSsim(a: number[], b: number[], h: number, w: number, size: number, sigma: number, L: number) {
  const g1 = Array.from({ length: size }, (_, i) =>
    Math.exp(-((i - (size - 1) / 2) ** 2) / (2 * sigma ** 2)),
  );
  const s1 = g1.reduce((s, v) => s + v, 0);
  const g = g1.map((v) => v / s1);
  const vals: number[] = [];
  for (let y = 0; y <= h - size; y++) {
    for (let x = 0; x <= w - size; x++) {
      const pts: [number, number, number][] = [];
      for (let i = 0; i < size; i++)
        for (let j = 0; j < size; j++)
          pts.push([g[i] * g[j], a[(y + i) * w + x + j], b[(y + i) * w + x + j]]);
      const mx = pts.reduce((s, [k, u]) => s + k * u, 0);
      const my = pts.reduce((s, [k, , v]) => s + k * v, 0);
      const vx = pts.reduce((s, [k, u]) => s + k * (u - mx) ** 2, 0);
      const vy = pts.reduce((s, [k, , v]) => s + k * (v - my) ** 2, 0);
      const cxy = pts.reduce((s, [k, u, v]) => s + k * (u - mx) * (v - my), 0);
      const c1 = (0.01 * L) ** 2;
      const c2 = (0.03 * L) ** 2;
      vals.push(((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2)));
    }
  }
  return vals.reduce((s, v) => s + v, 0) / vals.length;
}

describe('ssim', () => {
  const rng = new Rng(3);
  const img = (n: number) => Array.from({ length: n }, () => rng.next());

  it('SSIM(x, x) = 1 and SSIM is symmetric', () => {
    const a = img(28 * 28);
    const b = img(28 * 28);
    assert.ok(Math.abs(ssim(a, a, 28, 28) - 1) < 1e-12);
    assert.ok(Math.abs(ssim(a, b, 28, 28) - ssim(b, a, 28, 28)) < 1e-15);
    const s = ssim(a, b, 28, 28);
    assert.ok(s > -1 && s < 0.2, `independent noise: ${s}`);
  });

  it('one uniform 3x3 window: a hand-computed reversed and a shifted ramp', () => {
    const a = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    const rev = [...a].reverse();
    const opts = { window: 'uniform', dataRange: 8 } as const;
    // μ = 5 both, σ² = 60/9 = 20/3 both, σxy = −20/3; C1 = 0.08², C2 = 0.24²
    const c1 = 0.0064;
    const c2 = 0.0576;
    const want = ((50 + c1) * (-40 / 3 + c2)) / ((50 + c1) * (40 / 3 + c2));
    assert.ok(Math.abs(ssim(a, rev, 3, 3, opts) - want) < 1e-12);
    // b = a + 1: μb = 6, same (co)variances: luminance term only
    const shifted = a.map((v) => v + 1);
    assert.ok(Math.abs(ssim(a, shifted, 3, 3, opts) - (60 + c1) / (61 + c1)) < 1e-12);
  });

  it('equals a brute-force separable-Gaussian computation', () => {
    const a = img(16 * 13);
    const b = a.map((v) => 0.6 * v + 0.4 * rng.next());
    for (const size of [11, 7]) {
      const got = ssim(a, b, 16, 13, { windowSize: size, dataRange: 1 });
      assert.ok(Math.abs(got - bruteSsim(a, b, 16, 13, size, 1.5, 1)) < 1e-12);
    }
  });
});
