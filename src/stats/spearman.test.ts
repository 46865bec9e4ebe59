import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../engine/rng.ts';
import { pearson } from './pearson.ts';
import { averageRanks, spearman } from './spearman.ts';

/** Ranks by counting: 1 + #smaller + (#equal − 1) / 2; then Pearson from its textbook sums. */
function bruteSpearman(a: number[], b: number[]): number {
  const rank = (x: number[]) =>
    x.map((v) => 1 + x.filter((u) => u < v).length + (x.filter((u) => u === v).length - 1) / 2);
  const ra = rank(a);
  const rb = rank(b);
  const n = a.length;
  const sa = ra.reduce((s, v) => s + v, 0);
  const sb = rb.reduce((s, v) => s + v, 0);
  const sab = ra.reduce((s, v, i) => s + v * rb[i], 0);
  const saa = ra.reduce((s, v) => s + v * v, 0);
  const sbb = rb.reduce((s, v) => s + v * v, 0);
  return (n * sab - sa * sb) / Math.sqrt((n * saa - sa * sa) * (n * sbb - sb * sb));
}

describe('spearman', () => {
  it('averages the ranks of ties', () => {
    assert.deepEqual(Array.from(averageRanks([10, 20, 20, 5])), [2, 3.5, 3.5, 1]);
    assert.deepEqual(Array.from(averageRanks([3, 3, 3])), [2, 2, 2]);
  });

  it('matches 1 − 6Σd²/(n(n²−1)) without ties (IQ vs hours of TV: −29/165)', () => {
    const iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110];
    const tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17];
    assert.ok(Math.abs(spearman(iq, tv) - -29 / 165) < 1e-12);
  });

  it('with ties: [1,2,2,3] vs [1,2,3,4] is 3/√10', () => {
    assert.ok(Math.abs(spearman([1, 2, 2, 3], [1, 2, 3, 4]) - 3 / Math.sqrt(10)) < 1e-12);
  });

  it('equals a brute-force rank count on random samples with many ties', () => {
    const rng = new Rng(7);
    for (let t = 0; t < 20; t++) {
      const n = 5 + rng.int(40);
      const a = Array.from({ length: n }, () => rng.int(6));
      const b = Array.from({ length: n }, () => rng.int(4) + rng.next() * (t % 2));
      assert.ok(Math.abs(spearman(a, b) - bruteSpearman(a, b)) < 1e-12);
    }
  });

  it('is 1 for any increasing map, −1 for a decreasing one, symmetric, NaN for a constant', () => {
    const x = [0.3, -1, 2, 5, 0.1, 7];
    assert.ok(Math.abs(spearman(x, x.map(Math.exp)) - 1) < 1e-12);
    assert.ok(
      Math.abs(
        spearman(
          x,
          x.map((v) => -(v ** 3)),
        ) + 1,
      ) < 1e-12,
    );
    const y = [1, 5, 2, 2, 9, 0];
    assert.equal(spearman(x, y), spearman(y, x));
    assert.ok(Number.isNaN(spearman(x, [1, 1, 1, 1, 1, 1])));
    assert.throws(() => spearman([1, 2], [1, 2, 3]), RangeError);
  });

  it('pearson of a line is ±1 and of a known pair is the textbook value', () => {
    assert.ok(Math.abs(pearson([1, 2, 3], [2, 4, 6]) - 1) < 1e-12);
    assert.ok(Math.abs(pearson([1, 2, 3], [3, 2, 1]) + 1) < 1e-12);
    // x = 1..5, y = [2,4,5,4,5]: Σdxdy = 6, Σdx² = 10, Σdy² = 6, so r = 6 / √60
    assert.ok(Math.abs(pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]) - 6 / Math.sqrt(60)) < 1e-12);
  });
});
