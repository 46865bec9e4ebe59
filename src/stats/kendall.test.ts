import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../engine/rng.ts';
import { StatsError } from './errors.ts';
import { kendall, kendallDetails } from './kendall.ts';

/** τ-b by counting every pair: O(n²). */
function bruteTauB(x: number[], y: number[]): number {
  let c = 0;
  let d = 0;
  let tx = 0;
  let ty = 0;
  const n = x.length;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const sx = Math.sign(x[i] - x[j]);
      const sy = Math.sign(y[i] - y[j]);
      if (sx === 0) tx++;
      if (sy === 0) ty++;
      if (sx * sy > 0) c++;
      else if (sx * sy < 0) d++;
    }
  const n0 = (n * (n - 1)) / 2;
  return (c - d) / Math.sqrt((n0 - tx) * (n0 - ty));
}

describe('kendall tau-b', () => {
  it('equals the O(n²) count on random data with ties in x, y and both', () => {
    const rng = new Rng(11);
    for (let t = 0; t < 60; t++) {
      const n = 2 + rng.int(300);
      const lx = 1 + rng.int(10);
      const ly = 1 + rng.int(10);
      const x = Array.from({ length: n }, () => (t % 3 === 0 ? rng.next() : rng.int(lx)));
      const y = Array.from({ length: n }, (_, i) => (t % 2 ? rng.int(ly) : x[i] + rng.int(ly)));
      const want = bruteTauB(x, y);
      const got = kendall(x, y);
      if (Number.isNaN(want)) assert.ok(Number.isNaN(got));
      else assert.ok(Math.abs(got - want) < 1e-12, `${got} vs ${want} (n=${n})`);
    }
  });

  it('counts C − D and the ties of a small case by hand', () => {
    // pairs: (1,1) (2,2) (2,3) (3,3): concordant 4, discordant 0, x-tie 1, y-tie 1
    const r = kendallDetails([1, 2, 2, 3], [1, 2, 3, 3]);
    assert.equal(r.s, 4);
    assert.equal(r.tiesX, 1);
    assert.equal(r.tiesY, 1);
    assert.equal(r.tiesXY, 0);
    assert.ok(Math.abs(r.tau - 4 / 5) < 1e-15);
  });

  it('is ±1 for monotone maps, symmetric, NaN for a constant, and checks its input', () => {
    const x = [0.5, -2, 3, 7, 1.5];
    assert.equal(kendall(x, x.map(Math.exp)), 1);
    assert.equal(
      kendall(
        x,
        x.map((v) => -v),
      ),
      -1,
    );
    const y = [1, 3, 2, 2, 0];
    assert.equal(kendall(x, y), kendall(y, x));
    assert.ok(Number.isNaN(kendall(x, [1, 1, 1, 1, 1])));
    assert.throws(() => kendall([1, 2], [1]), StatsError);
    assert.throws(() => kendall([1, Number.NaN], [1, 2]), /finite/);
  });

  it('handles 200,000 points quickly', () => {
    const rng = new Rng(3);
    const n = 200_000;
    const x = new Float64Array(n).map(() => rng.next());
    const y = x.map((v) => v + 0.1 * rng.normal());
    const t = performance.now();
    const tau = kendall(x, y);
    assert.ok(performance.now() - t < 2000);
    assert.ok(tau > 0.5 && tau < 1);
  });
});
