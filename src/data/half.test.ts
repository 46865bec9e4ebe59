import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bfloat16ToFloat, halfToFloat } from './half.ts';

test('IEEE half: normal, subnormal, zero, infinities, NaN, extremes', () => {
  assert.equal(halfToFloat(0x3c00), 1);
  assert.equal(halfToFloat(0xc000), -2);
  assert.equal(halfToFloat(0x3555), 0.333251953125);
  assert.equal(halfToFloat(0x7bff), 65504);
  assert.equal(halfToFloat(0x0400), 2 ** -14);
  assert.equal(halfToFloat(0x0001), 2 ** -24);
  assert.equal(halfToFloat(0x03ff), 1023 * 2 ** -24);
  assert.ok(Object.is(halfToFloat(0x8000), -0));
  assert.equal(halfToFloat(0x7c00), Number.POSITIVE_INFINITY);
  assert.equal(halfToFloat(0xfc00), Number.NEGATIVE_INFINITY);
  assert.ok(Number.isNaN(halfToFloat(0x7e00)));
});

test('bfloat16: the high half of a float32', () => {
  assert.equal(bfloat16ToFloat(0x3f80), 1);
  assert.equal(bfloat16ToFloat(0xc0a0), -5);
  assert.equal(bfloat16ToFloat(0x4049), 3.140625);
  assert.equal(bfloat16ToFloat(0x7f80), Number.POSITIVE_INFINITY);
});
