import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../engine/rng.ts';
import { StatsError } from './errors.ts';
import { kthNeighbourMaxNorm } from './knn2d.ts';
import { binIndex, miBinned } from './mi_binned.ts';
import { miKsg } from './mi_ksg.ts';
import { digamma } from './special.ts';

const EULER = 0.5772156649015329;

function gaussianPair(rng: Rng, n: number, rho: number): [Float64Array, Float64Array] {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.normal();
    y[i] = rho * x[i] + Math.sqrt(1 - rho * rho) * rng.normal();
  }
  return [x, y];
}

describe('digamma', () => {
  it('matches ψ(1) = −γ, ψ(n) = −γ + H(n−1), ψ(1/2) = −γ − 2 ln 2', () => {
    assert.ok(Math.abs(digamma(1) + EULER) < 1e-13);
    let h = 0;
    for (let n = 2; n < 50; n++) {
      h += 1 / (n - 1);
      assert.ok(Math.abs(digamma(n) - (h - EULER)) < 1e-12);
    }
    assert.ok(Math.abs(digamma(0.5) - (-EULER - 2 * Math.log(2))) < 1e-13);
  });
});

describe('k-nearest neighbours (kd-tree)', () => {
  it('equals brute force in the max-norm', () => {
    const rng = new Rng(4);
    const n = 500;
    const x = Float64Array.from({ length: n }, () => rng.normal());
    const y = Float64Array.from({ length: n }, () => rng.int(20) / 7);
    for (const k of [1, 3, 7]) {
      const got = kthNeighbourMaxNorm(x, y, k);
      for (let i = 0; i < n; i++) {
        const d = [];
        for (let j = 0; j < n; j++)
          if (j !== i) d.push(Math.max(Math.abs(x[i] - x[j]), Math.abs(y[i] - y[j])));
        d.sort((a, b) => a - b);
        assert.equal(got[i], d[k - 1]);
      }
    }
  });
});

describe('KSG mutual information', () => {
  it('recovers −½·log(1−ρ²) of a bivariate normal at n = 2,000', () => {
    const rng = new Rng(21);
    for (const rho of [0, 0.3, 0.6, 0.9]) {
      const truth = -0.5 * Math.log(1 - rho * rho);
      // KSG-1's bias for Gaussians is below 0.01 nats at this n (Kraskov 2004, fig. 4);
      // its standard deviation near 0.02, so the mean of three draws is held to 0.03
      let mean = 0;
      for (let r = 0; r < 3; r++) mean += miKsg(...gaussianPair(rng, 2000, rho)) / 3;
      assert.ok(Math.abs(mean - truth) < 0.03, `ρ=${rho}: ${mean} vs ${truth}`);
    }
  });

  it('is near 0 for independent samples, invariant to swapping, and checks input', () => {
    const rng = new Rng(22);
    const x = Float64Array.from({ length: 2000 }, () => rng.next());
    const y = Float64Array.from({ length: 2000 }, () => rng.next() ** 3);
    assert.ok(Math.abs(miKsg(x, y)) < 0.03);
    assert.ok(Math.abs(miKsg(x, y) - miKsg(y, x)) < 1e-12);
    assert.throws(() => miKsg([1, 2, 3], [1, 2, 3]), /at least 4/);
    assert.throws(() => miKsg([1, 2, 3, 4], [1, 2, 3]), StatsError);
    assert.throws(() => miKsg(x, y, { k: 0 }), /positive integer/);
  });
});

describe('binned mutual information', () => {
  it('is log 2 for y = x on a fair coin, 0 for independent balanced designs', () => {
    const x = [0, 1, 0, 1, 0, 1, 0, 1];
    assert.ok(Math.abs(miBinned(x, x, { bins: 2 }) - Math.log(2)) < 1e-15);
    assert.ok(Math.abs(miBinned(x, [0, 0, 1, 1, 0, 0, 1, 1], { bins: 2 })) < 1e-15);
    // x uniform on 4 values, y = x mod 2: I = H(Y) = log 2
    const x4 = [0, 1, 2, 3, 0, 1, 2, 3];
    assert.ok(
      Math.abs(
        miBinned(
          x4,
          x4.map((v) => v % 2),
          { bins: [4, 2] },
        ) - Math.log(2),
      ) < 1e-15,
    );
    assert.ok(Math.abs(miBinned(x4, x4, { bins: 4 }) - Math.log(4)) < 1e-15);
  });

  it('matches a hand-computed table: p = [[1/2, 0], [1/4, 1/4]]', () => {
    // I = Σ p log(p/(pa pb)) with pa = [1/2, 1/2], pb = [3/4, 1/4]
    const want =
      0.5 * Math.log(0.5 / (0.5 * 0.75)) + 0.25 * Math.log(0.25 / (0.5 * 0.75)) + 0.25 * Math.log(2);
    const x = [0, 0, 1, 1];
    const y = [0, 0, 0, 1];
    assert.ok(Math.abs(miBinned(x, y, { bins: 2 }) - want) < 1e-15);
    assert.ok(Math.abs(miBinned(x, y, { bins: 2, strategy: 'frequency' }) - want) < 1e-15);
  });

  it('equal-frequency bins keep ties together and balance counts', () => {
    assert.deepEqual(Array.from(binIndex([5, 1, 3, 2, 4, 6], 3, 'frequency')), [2, 0, 1, 0, 1, 2]);
    assert.deepEqual(Array.from(binIndex([1, 1, 1, 2], 2, 'frequency')), [0, 0, 0, 1]);
    assert.deepEqual(Array.from(binIndex([0, 0.5, 1], 2, 'width')), [0, 1, 1]);
    assert.throws(() => miBinned([1, 2], [1, 2], { bins: 0 }), StatsError);
  });
});
