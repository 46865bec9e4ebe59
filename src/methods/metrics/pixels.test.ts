import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gaussianBlur, pixelGrid, pixelOrder, pixelSums, substrate } from './pixels.ts';

describe('metric pixels', () => {
  it('index channels of a pixel in NHWC and NCHW', () => {
    const hwc = pixelGrid([2, 3, 2], 'nhwc');
    const chw = pixelGrid([2, 2, 3], 'nchw');
    assert.equal(hwc.pixels, 6);
    assert.equal(chw.pixels, 6);
    assert.equal(hwc.index(4, 1), 9);
    assert.equal(chw.index(4, 1), 10);
    const flat = pixelGrid([5], 'nhwc');
    assert.equal(flat.image, false);
    assert.equal(flat.pixels, 5);
    // sums over channels: NCHW [2 channels of 2x3]
    assert.deepEqual(
      Array.from(pixelSums([1, 2, 3, 4, 5, 6, -1, -1, -1, -1, -1, -10], chw)),
      [0, 1, 2, 3, 4, -4],
    );
    assert.deepEqual(Array.from(pixelSums([1, -2], pixelGrid([1, 1, 2], 'nhwc'), true)), [3]);
  });

  it('order pixels by decreasing value or magnitude, ties by index', () => {
    assert.deepEqual(pixelOrder([1, 3, -5, 3]), [1, 3, 0, 2]);
    assert.deepEqual(pixelOrder([1, 3, -5, 3], 'abs'), [2, 1, 3, 0]);
  });

  it('blur an impulse into the normalised Gaussian, and keep a constant image constant', () => {
    const grid = pixelGrid([9, 9, 1], 'nhwc');
    const x = new Float32Array(81);
    x[4 * 9 + 4] = 1;
    const b = gaussianBlur(x, grid, { size: 3, sigma: 1 });
    const g = [Math.exp(-0.5), 1, Math.exp(-0.5)];
    const s = g[0] + g[1] + g[2];
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++)
        assert.ok(Math.abs(b[(4 + dy) * 9 + 4 + dx] - (g[dy + 1] * g[dx + 1]) / (s * s)) < 1e-7);
    assert.equal(b[0], 0);
    const c = gaussianBlur(new Float32Array(81).fill(0.3), grid);
    for (const v of c) assert.ok(Math.abs(v - 0.3) < 1e-6);
  });

  it('substrates: a constant, and the per-channel mean', () => {
    const grid = pixelGrid([1, 2, 2], 'nhwc');
    assert.deepEqual(Array.from(substrate([1, 10, 3, 20], grid, 0.5)), [0.5, 0.5, 0.5, 0.5]);
    assert.deepEqual(Array.from(substrate([1, 10, 3, 20], grid, 'mean')), [2, 15, 2, 15]);
  });
});
