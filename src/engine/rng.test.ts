import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from './rng.ts';

describe('Rng', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const r1 = new Rng(42);
    const r2 = new Rng(42);
    const r3 = new Rng(43);
    const s1 = Array.from({ length: 8 }, () => r1.next());
    assert.deepEqual(
      s1,
      Array.from({ length: 8 }, () => r2.next()),
    );
    assert.notDeepEqual(
      s1,
      Array.from({ length: 8 }, () => r3.next()),
    );
  });

  it('has uniform and normal moments close to theory', () => {
    const r = new Rng(7);
    const n = 200_000;
    let su = 0;
    let sn = 0;
    let sn2 = 0;
    for (let i = 0; i < n; i++) {
      su += r.next();
      const z = r.normal();
      sn += z;
      sn2 += z * z;
    }
    // standard errors: uniform mean 0.00065, normal mean 0.0022, normal variance 0.0032
    assert.ok(Math.abs(su / n - 0.5) < 0.004);
    assert.ok(Math.abs(sn / n) < 0.012);
    assert.ok(Math.abs(sn2 / n - 1) < 0.016);
  });

  it('shuffles into a permutation', () => {
    const a = Array.from({ length: 100 }, (_, i) => i);
    const s = new Rng(3).shuffle([...a]);
    assert.notDeepEqual(s, a);
    assert.deepEqual(
      [...s].sort((x, y) => x - y),
      a,
    );
  });
});
