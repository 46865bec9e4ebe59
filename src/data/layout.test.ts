import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NdArray } from './arrays.ts';
import { DataError } from './errors.ts';
import { chwToHwc, toBatch } from './layout.ts';

const iota = (shape: number[]): NdArray => ({
  shape,
  values: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i),
});
const fails = (f: () => unknown, re: RegExp) =>
  assert.throws(f, (e: unknown) => e instanceof DataError && re.test(e.message) && !e.message.includes('\n'));

test('chwToHwc moves channels last', () => {
  // channel 0 is 0..3, channel 1 is 4..7 over a 2x2 image; two examples
  const v = Float32Array.from({ length: 16 }, (_, i) => i);
  assert.deepEqual([...chwToHwc(v, 2, 2, 2, 2)], [0, 4, 1, 5, 2, 6, 3, 7, 8, 12, 9, 13, 10, 14, 11, 15]);
});

test('inferred without an input shape: a 1 or 3 on one side decides', () => {
  const nchw = toBatch(iota([2, 3, 4, 5]), 'a');
  assert.deepEqual(nchw.shape, [2, 4, 5, 3]);
  assert.deepEqual([...nchw.values.slice(0, 4)], [0, 20, 40, 1]);
  assert.deepEqual(toBatch(iota([2, 4, 5, 3]), 'a').values, iota([2, 4, 5, 3]).values);
  assert.deepEqual(toBatch(iota([1, 28, 28]), 'a').shape, [1, 28, 28, 1]);
  assert.deepEqual(toBatch(iota([5, 7, 8, 9]), 'a').shape, [5, 7, 8, 9]);
  assert.deepEqual(toBatch(iota([2, 6]), 'a').shape, [1, 2, 6]);
  assert.deepEqual(toBatch(iota([1, 1, 1, 1]), 'a').shape, [1, 1, 1, 1]);
  fails(
    () => toBatch(iota([2, 3, 3, 3]), 'x.npy'),
    /^x\.npy has shape \[2,3,3,3\], which could be NCHW or NHWC: .*--layout nchw/,
  );
  fails(() => toBatch(iota([1, 1, 28, 1]), 'x.npy'), /could be NCHW or NHWC/);
});

test('--layout overrides; nchw needs 3 or 4 dimensions', () => {
  const a = toBatch(iota([2, 3, 3, 3]), 'a', 'nchw');
  assert.deepEqual(a.shape, [2, 3, 3, 3]);
  assert.deepEqual([...a.values.slice(0, 3)], [0, 9, 18]);
  assert.deepEqual(toBatch(iota([2, 3, 3, 3]), 'a', 'nhwc').values, iota([2, 3, 3, 3]).values);
  assert.deepEqual(toBatch(iota([3, 4, 5]), 'a', 'nhwc').shape, [1, 3, 4, 5]);
  fails(() => toBatch(iota([3, 4]), 'y.json', 'nchw'), /y\.json has shape \[3,4\]; --layout nchw needs/);
});

test('with the model input shape: batch or single example, NCHW recognised, mismatch named', () => {
  const mnist = [28, 28, 1];
  assert.deepEqual(toBatch(iota([1, 28, 28]), 'a', undefined, mnist).shape, [1, 28, 28, 1]);
  assert.deepEqual(toBatch(iota([28, 28, 1]), 'a', undefined, mnist).shape, [1, 28, 28, 1]);
  assert.deepEqual(toBatch(iota([10, 1, 28, 28]), 'a', undefined, mnist).shape, [10, 28, 28, 1]);
  assert.deepEqual(toBatch(iota([4, 784]), 'a', undefined, [784]).shape, [4, 784]);
  fails(() => toBatch(iota([2, 3, 3, 3]), 'a', undefined, [3, 3, 3]), /could be NCHW or NHWC/);
  fails(
    () => toBatch(iota([2, 32, 32, 3]), 'b.npy', undefined, mnist),
    /^model input is \[28,28,1\] but b\.npy is \[2,32,32,3\]$/,
  );
});
