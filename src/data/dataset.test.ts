import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arrayDataset, checkBatch, sizeOf, subset } from './dataset.ts';
import { DataError } from './errors.ts';

const ds = arrayDataset({
  name: 'toy',
  shape: [2, 1],
  x: Float32Array.from([0, 1, 10, 11, 20, 21]),
  labels: Int32Array.from([2, 0, 1]),
  classNames: ['a', 'b', 'c'],
});

test('arrayDataset: size, batches as copies, labels, class names', () => {
  assert.equal(ds.size, 3);
  assert.equal(ds.numClasses, 3);
  assert.deepEqual(ds.batch(1, 3), {
    x: Float32Array.from([10, 11, 20, 21]),
    labels: Int32Array.from([0, 1]),
  });
  ds.batch(0, 1).x[0] = 99;
  assert.equal(ds.batch(0, 1).x[0], 0);
  assert.deepEqual(ds.batch(2, 2).x.length, 0);
  assert.equal(sizeOf([]), 1);
  assert.equal(sizeOf([2, 3, 4]), 24);
});

test('subset picks examples in the given order', () => {
  const s = subset(ds, [2, 0]);
  assert.equal(s.size, 2);
  assert.deepEqual(s.batch(0, 2), { x: Float32Array.from([20, 21, 0, 1]), labels: Int32Array.from([1, 2]) });
});

test('batches outside the set are a DataError', () => {
  for (const [a, b] of [
    [-1, 1],
    [2, 1],
    [0, 4],
    [0.5, 1],
  ]) {
    assert.throws(
      () => ds.batch(a, b),
      (e: unknown) => e instanceof DataError && /toy: batch/.test(e.message),
    );
  }
  assert.doesNotThrow(() => checkBatch({ name: 'n', size: 0 }, 0, 0));
});
