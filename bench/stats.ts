/**
 * Milliseconds per pair of every dependence measure in src/stats at n = 500, 1,000 and
 * 5,000 (medians), on y = x² + noise with x normal; dCor both exact O(n²) and fast O(n log n).
 *   npm run bench -- stats [runs]
 */
import { Rng } from '../src/engine/rng.ts';
import { dcor } from '../src/stats/dcor.ts';
import { kendall } from '../src/stats/kendall.ts';
import { miBinned } from '../src/stats/mi_binned.ts';
import { miKsg } from '../src/stats/mi_ksg.ts';
import { mic } from '../src/stats/mic.ts';
import { pearson } from '../src/stats/pearson.ts';
import { spearman } from '../src/stats/spearman.ts';
import { printTable, time } from './timing.ts';

const runs = Number(process.argv[2] ?? 7);
const sizes = [500, 1000, 5000];
const measures: [string, (x: Float64Array, y: Float64Array) => unknown][] = [
  ['pearson', pearson],
  ['spearman', spearman],
  ['kendall', kendall],
  ['dcor (fast)', (x, y) => dcor(x, y, { method: 'fast' })],
  ['dcor (exact)', (x, y) => dcor(x, y, { method: 'exact' })],
  ['mi-ksg (k=3)', miKsg],
  ['mi-binned', miBinned],
  ['mic (α=0.6, c=15)', mic],
];

const rng = new Rng(1);
const data = sizes.map((n) => {
  const x = Float64Array.from({ length: n }, () => rng.normal());
  return [x, x.map((v) => v * v + 0.5 * rng.normal())] as const;
});
const rows: (string | number)[][] = [];
for (const [name, f] of measures) {
  const row: (string | number)[] = [name];
  for (const [x, y] of data) {
    const t = await time(() => f(x, y), { warmup: 1, runs, maxMs: 10_000 });
    row.push(t.median < 10 ? t.median.toFixed(3) : t.median.toFixed(1));
  }
  rows.push(row);
}
printTable(['measure', ...sizes.map((n) => `ms n=${n}`)], rows);
