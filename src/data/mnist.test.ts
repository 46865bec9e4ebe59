import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { DataError } from './errors.ts';
import { loadMnist } from './mnist.ts';

const require = createRequire(import.meta.url);
const raw = (d: number): number[] =>
  JSON.parse(readFileSync(require.resolve(`mnist/src/digits/${d}.json`), 'utf8')).data;

test('mnist: 10,000 digits of [28,28,1] in [0,1], labelled 0..9, loaded fast and cached', (t) => {
  const t0 = performance.now();
  const ds = loadMnist();
  const ms = performance.now() - t0;
  t.diagnostic(`first load ${ms.toFixed(0)} ms`);
  assert.ok(ms < 5000, `loading took ${ms} ms`);
  const t1 = performance.now();
  assert.equal(loadMnist(), ds);
  assert.ok(performance.now() - t1 < 5);
  assert.equal(ds.size, 10000);
  assert.deepEqual(ds.shape, [28, 28, 1]);
  assert.equal(ds.numClasses, 10);
  assert.deepEqual(ds.classNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  const all = ds.batch(0, ds.size);
  assert.equal(all.x.length, 10000 * 784);
  const counts = new Array(10).fill(0);
  for (const l of all.labels!) counts[l]++;
  // the package's per-digit counts (its JSON arrays hold count * 784 values)
  assert.deepEqual(
    counts,
    counts.map((_, d) => raw(d).length / 784),
  );
  assert.ok(all.x.every((v) => v >= 0 && v <= 1));
});

test('mnist order: classes interleaved, each example equal to the package data', () => {
  const ds = loadMnist();
  assert.deepEqual(
    [...ds.batch(0, 20).labels!],
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  const seven = raw(7);
  // example 17 is the second 7 of the package
  assert.deepEqual([...ds.batch(17, 18).x], seven.slice(784, 2 * 784).map(Math.fround));
  // the last example: the 1,127th digit 1 (the digit with the most images)
  const ones = raw(1);
  const last = ds.batch(ds.size - 1, ds.size);
  assert.deepEqual([...last.labels!], [1]);
  assert.deepEqual([...last.x], ones.slice(ones.length - 784).map(Math.fround));
  assert.throws(() => ds.batch(9999, 10001), DataError);
});
