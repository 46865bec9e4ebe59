import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { colormap } from './colormaps.ts';
import { heatmap, quantile, sideBySide, toRgb } from './heatmap.ts';

describe('heatmaps', () => {
  it('quantile interpolates like numpy (linear)', () => {
    assert.equal(quantile([4, 1, 3, 2], 0.5), 2.5);
    assert.equal(quantile([1, 2, 3, 4, 5], 0.25), 2);
    assert.equal(quantile([7], 0.99), 7);
  });

  it('maps zero to the centre of the diverging scale and +/-max to its ends, saturating beyond', () => {
    const lut = colormap('diverging');
    const im = heatmap([0, 1, -1, 5], 1, 4, { clip: 1 / 3 }); // the 1/3 quantile of |v| = 1
    const px = (i: number) => Array.from(im.data.subarray(i * 3, i * 3 + 3));
    assert.deepEqual(px(0), Array.from(lut.subarray(128 * 3, 128 * 3 + 3)));
    assert.deepEqual(px(1), Array.from(lut.subarray(255 * 3)));
    assert.deepEqual(px(2), Array.from(lut.subarray(0, 3)));
    assert.deepEqual(px(3), px(1));
    // positive is red, negative blue
    assert.ok(px(1)[0] > px(1)[2] && px(2)[2] > px(2)[0]);
  });

  it('composes images side by side, scaled', () => {
    const a = toRgb([0, 1], 1, 2, 1);
    const b = toRgb([1, 0, 0], 1, 1, 3);
    const s = sideBySide([a, b], 2, 1, 9);
    assert.equal(s.width, 2 * 2 + 1 + 2);
    assert.equal(s.height, 2);
    const px = (x: number, y: number) =>
      Array.from(s.data.subarray((y * s.width + x) * 3, (y * s.width + x) * 3 + 3));
    assert.deepEqual(px(0, 1), [0, 0, 0]);
    assert.deepEqual(px(3, 0), [255, 255, 255]);
    assert.deepEqual(px(4, 0), [9, 9, 9]);
    assert.deepEqual(px(6, 1), [255, 0, 0]);
  });
});
