import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../engine/rng.ts';
import { dcor, dcorDetails, dcorExact, dcorFast } from './dcor.ts';
import { StatsError } from './errors.ts';

/** dCor from stored n×n double-centred matrices, the textbook way. */
function bruteDcor(x: number[], y: number[]): number {
  const n = x.length;
  const centre = (v: number[]) => {
    const d = v.map((a) => v.map((b) => Math.abs(a - b)));
    const rm = d.map((r) => r.reduce((s, t) => s + t, 0) / n);
    const g = rm.reduce((s, t) => s + t, 0) / n;
    return d.map((r, i) => r.map((t, j) => t - rm[i] - rm[j] + g));
  };
  const A = centre(x);
  const B = centre(y);
  const dot = (P: number[][], Q: number[][]) =>
    P.reduce((s, r, i) => s + r.reduce((t, v, j) => t + v * Q[i][j], 0), 0) / n ** 2;
  return Math.sqrt(dot(A, B) / Math.sqrt(dot(A, A) * dot(B, B)));
}

describe('distance correlation', () => {
  it('exact and fast agree with stored matrices on random data with ties', () => {
    const rng = new Rng(5);
    for (let t = 0; t < 30; t++) {
      const n = 2 + rng.int(120);
      const x = Array.from({ length: n }, () => (t % 2 ? rng.int(5) : rng.normal()));
      const y = x.map((v) => (t % 3 ? v * v + rng.int(3) : rng.next()));
      if (new Set(x).size < 2 || new Set(y).size < 2) continue;
      const want = bruteDcor(x, y);
      const e = dcorExact(x, y);
      const f = dcorFast(x, y);
      assert.ok(Math.abs(e.dcor - want) < 1e-10, `exact ${e.dcor} vs ${want}`);
      assert.ok(Math.abs(f.dcor - want) < 1e-9, `fast ${f.dcor} vs ${want}`);
      assert.ok(Math.abs(f.dcov2 - e.dcov2) <= 1e-9 * Math.max(1, e.dcov2));
    }
  });

  it('fast equals exact at n = 3,000', () => {
    const rng = new Rng(8);
    const x = Array.from({ length: 3000 }, () => rng.normal() * 100 + 1e3);
    const y = x.map((v) => Math.sin(v / 50) + 0.5 * rng.normal());
    const e = dcorExact(x, y);
    const f = dcorFast(x, y);
    assert.ok(Math.abs(e.dcor - f.dcor) < 1e-9, `${e.dcor} vs ${f.dcor}`);
  });

  it('is 1 for y = a·x + b, near 0 for independent samples, symmetric, in [0, 1]', () => {
    const rng = new Rng(9);
    const x = Array.from({ length: 2000 }, () => rng.normal());
    assert.ok(
      Math.abs(
        dcor(
          x,
          x.map((v) => -3 * v + 2),
        ) - 1,
      ) < 1e-9,
    );
    const z = Array.from({ length: 2000 }, () => rng.normal());
    const ind = dcor(x, z);
    assert.ok(ind >= 0 && ind < 0.08, `independent: ${ind}`);
    // dependence that Pearson misses
    const sq = dcor(
      x,
      x.map((v) => v * v),
    );
    assert.ok(sq > 0.4, `y = x²: ${sq}`);
    assert.ok(Math.abs(dcor(x, z) - dcor(z, x)) < 1e-12);
    assert.ok(Number.isNaN(dcor([1, 1, 1], [1, 2, 3])));
  });

  it('handles multivariate points exactly and checks its input', () => {
    const rng = new Rng(2);
    const n = 200;
    const x = Float64Array.from({ length: 2 * n }, () => rng.normal());
    const y = Float64Array.from({ length: n }, (_, i) => x[2 * i] + x[2 * i + 1]);
    const r = dcorDetails(x, y, { dimX: 2 });
    assert.ok(r.dcor > 0.5 && r.dcor <= 1);
    assert.throws(() => dcor([1, 2, 3], [1, 2]), StatsError);
    assert.throws(() => dcor([1, Number.NaN], [1, 2]), /finite/);
    assert.throws(() => dcor(x, y, { dimX: 2, method: 'fast' }), /one-dimensional/);
  });
});
