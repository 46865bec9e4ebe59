import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../engine/rng.ts';
import { StatsError } from './errors.ts';
import { gridBudget, mic, micDetails } from './mic.ts';
import { argsort, clumps, equipartition, optimizeXAxis } from './mic_approx.ts';

const grid = (n: number) => Float64Array.from({ length: n }, (_, i) => i / (n - 1));

/** Plug-in I(P;Q) in nats of column and row labels. */
function mutualInfo(col: number[], row: number[]): number {
  const n = col.length;
  const joint = new Map<string, number>();
  const pc = new Map<number, number>();
  const pr = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    joint.set(`${col[i]},${row[i]}`, (joint.get(`${col[i]},${row[i]}`) ?? 0) + 1);
    pc.set(col[i], (pc.get(col[i]) ?? 0) + 1);
    pr.set(row[i], (pr.get(row[i]) ?? 0) + 1);
  }
  let mi = 0;
  for (const [key, c] of joint) {
    const [a, b] = key.split(',').map(Number);
    mi += (c / n) * Math.log((c * n) / (pc.get(a)! * pr.get(b)!));
  }
  return mi;
}

describe('ApproxMaxMI building blocks', () => {
  it('equipartitions rows as evenly as ties allow', () => {
    const v = [1, 2, 3, 4, 5, 6];
    assert.deepEqual(Array.from(equipartition(v, argsort(v), 3).label), [0, 0, 1, 1, 2, 2]);
    const t = [1, 1, 1, 1, 2, 3];
    const r = equipartition(t, argsort(t), 2);
    assert.deepEqual(Array.from(r.label), [0, 0, 0, 0, 1, 1]);
    const c = [5, 5, 5, 5];
    assert.equal(equipartition(c, argsort(c), 3).used, 1);
  });

  it('clumps runs of one row and isolates tie groups spanning rows', () => {
    const x = [0, 1, 2, 3, 3, 4, 5];
    const row = Int32Array.from([0, 0, 1, 0, 1, 1, 1]);
    assert.deepEqual(Array.from(clumps(x, argsort(x), row)), [2, 3, 5, 7]);
  });

  it('optimizeXAxis equals brute force over every column partition (tiny inputs)', () => {
    const rng = new Rng(31);
    for (let trial = 0; trial < 40; trial++) {
      const n = 5 + rng.int(6);
      const x = Array.from({ length: n }, () => rng.int(7));
      const y = Array.from({ length: n }, () => rng.int(5));
      const rows = 2 + rng.int(2);
      const { label, used } = equipartition(y, argsort(y), rows);
      const ox = argsort(x);
      const got = optimizeXAxis(ox, label, used, clumps(x, ox, label), 4);
      const values = [...new Set(x)].sort((a, b) => a - b);
      // every way to cut between distinct x values into at most l columns
      const m = values.length - 1;
      for (let l = 2; l <= 4; l++) {
        let best = 0;
        for (let mask = 0; mask < 1 << m; mask++) {
          let cuts = 0;
          for (let b = 0; b < m; b++) if (mask & (1 << b)) cuts++;
          if (cuts + 1 > l) continue;
          const colOf = new Map<number, number>();
          let col = 0;
          values.forEach((v, i) => {
            colOf.set(v, col);
            if (i < m && mask & (1 << i)) col++;
          });
          best = Math.max(
            best,
            mutualInfo(
              x.map((v) => colOf.get(v)!),
              Array.from(label),
            ),
          );
        }
        assert.ok(Math.abs(got[l] - best) < 1e-12, `l=${l}: ${got[l]} vs ${best}`);
      }
    }
  });
});

describe('MIC (Reshef et al. 2011)', () => {
  it('is 1 for noiseless functional relations: line, parabola, sine', () => {
    const x = grid(500);
    for (const f of [
      (v: number) => 2 * v + 1,
      (v: number) => (v - 0.5) ** 2,
      (v: number) => Math.sin(6 * v),
    ]) {
      const r = micDetails(x, x.map(f));
      assert.ok(Math.abs(r.mic - 1) < 1e-6, `${r.mic}`);
      assert.ok(Math.abs(r.mev - 1) < 1e-6);
    }
  });

  it('y = sin(10πx) + x on 1,000 points: MIC 1 and minepy’s MAS 0.726, MEV 1, MCN 4.585', (t) => {
    const x = grid(1000);
    const r = micDetails(
      x,
      x.map((v) => Math.sin(10 * Math.PI * v) + v),
    );
    t.diagnostic(
      `MIC ${r.mic} MAS ${r.mas} MEV ${r.mev} MCN ${r.mcn} MCN(general) ${r.mcnGeneral} TIC ${r.tic} B ${r.B}`,
    );
    assert.ok(Math.abs(r.mic - 1) < 1e-9);
    assert.ok(Math.abs(r.mev - 1) < 1e-9);
    assert.ok(Math.abs(r.mas - 0.726) < 5e-4, `MAS ${r.mas}`);
    assert.ok(Math.abs(r.mcn - Math.log2(24)) < 1e-9, `MCN ${r.mcn}`);
    assert.equal(r.B, 63);
  });

  it('of independent uniforms falls toward 0 as n grows', (t) => {
    const rng = new Rng(41);
    const means = [100, 400, 1600].map((n) => {
      let s = 0;
      for (let r = 0; r < 3; r++) {
        const a = Float64Array.from({ length: n }, () => rng.next());
        const b = Float64Array.from({ length: n }, () => rng.next());
        s += mic(a, b) / 3;
      }
      return s;
    });
    t.diagnostic(`mean MIC of independent uniforms at n = 100, 400, 1600: ${means.join(', ')}`);
    assert.ok(means[0] > means[1] && means[1] > means[2] && means[2] < 0.2);
  });

  it('is symmetric, in [0, 1], with MAS 0 for a monotone relation, and checks input', () => {
    const rng = new Rng(42);
    const x = Float64Array.from({ length: 300 }, () => rng.normal());
    const y = x.map((v) => v * v + 0.5 * rng.normal());
    const a = micDetails(x, y);
    const b = micDetails(y, x);
    assert.equal(a.mic, b.mic);
    assert.equal(a.mas, b.mas);
    assert.ok(Math.abs(a.tic - b.tic) < 1e-9);
    assert.ok(a.mic > 0 && a.mic <= 1 && a.mcnGeneral <= a.mcn);
    assert.ok(micDetails(x, x.map(Math.exp)).mas < 1e-9);
    assert.equal(gridBudget(1000, 0.6), 63);
    assert.equal(gridBudget(10, 0.6), 4);
    assert.equal(gridBudget(10, 9), 9);
    assert.throws(() => mic([1, 2, 3], [1, 2, 3]), StatsError);
    assert.throws(() => mic([1, 2, 3, 4], [1, 2, 3, Number.NaN]), /finite/);
    assert.throws(() => mic(x, y, { alpha: 0 }), /alpha/);
  });
});
