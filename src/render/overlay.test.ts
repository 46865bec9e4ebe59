import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { colormap } from './colormaps.ts';
import { toRgb } from './heatmap.ts';
import { attributionMap, resizeNearest } from './maps.ts';
import { attributionPicture, overlay } from './overlay.ts';
import { applySign } from './signs.ts';

const px = (data: Uint8Array, i: number) => Array.from(data.subarray(i * 3, i * 3 + 3));

describe('overlays and signs', () => {
  it('signs keep one side, the magnitude or everything', () => {
    const v = [2, -3, 0];
    assert.deepEqual(Array.from(applySign(v, 'all')), [2, -3, 0]);
    assert.deepEqual(Array.from(applySign(v, 'positive')), [2, 0, 0]);
    assert.deepEqual(Array.from(applySign(v, 'negative')), [0, 3, 0]);
    assert.deepEqual(Array.from(applySign(v, 'absolute')), [2, 3, 0]);
  });

  it('a zero attribution renders the centre colour of the diverging scale, and 0 on a sequential one', () => {
    const map = { values: new Float64Array(4), height: 2, width: 2 };
    const lut = colormap('diverging');
    const all = attributionPicture(map);
    for (let i = 0; i < 4; i++) assert.deepEqual(px(all.image.data, i), px(lut, 128));
    const abs = attributionPicture(map, { sign: 'absolute' });
    assert.equal(abs.colormap, 'magma');
    assert.deepEqual(px(abs.image.data, 0), px(colormap('magma'), 0));
  });

  it('blends with the given opacity and clips at the percentile', () => {
    const base = toRgb([0, 1, 0.5, 0], 2, 2, 1);
    // 99 of 100 values at ±1 and one outlier: the 99th percentile of |v| is 1
    const values = new Float64Array(100).map((_, i) => (i === 0 ? 50 : i % 2 ? 1 : -1));
    const big = attributionPicture({ values, height: 10, width: 10 });
    assert.ok(Math.abs(big.top - 1) < 0.5, `top ${big.top}`);
    const map = { values: Float64Array.from([1, -1, 0, 1]), height: 2, width: 2 };
    const lut = colormap('diverging');
    const o = overlay(base, map, { opacity: 0.5, clipPercentile: 100 });
    assert.deepEqual(
      px(o.image.data, 0),
      px(lut, 255).map((c) => Math.round(0.5 * c)),
    );
    assert.deepEqual(
      px(o.image.data, 1),
      px(lut, 0).map((c) => Math.round(0.5 * 255 + 0.5 * c)),
    );
    const opaque = overlay(base, map, { opacity: 1 });
    assert.deepEqual(px(opaque.image.data, 2), px(lut, 128));
    const clear = overlay(base, map, { opacity: 0 });
    assert.deepEqual(Array.from(clear.image.data), Array.from(base.data));
    assert.throws(() => overlay(base, { values: new Float64Array(1), height: 1, width: 1 }), RangeError);
  });

  it('maps sum channels in either layout and resize by nearest neighbour', () => {
    // one pixel row of 2 pixels, 2 channels: NHWC [p0c0, p0c1, p1c0, p1c1], NCHW [c0p0, c0p1, c1p0, c1p1]
    assert.deepEqual(Array.from(attributionMap([1, 2, 3, 4], [1, 2, 2], 'nhwc').values), [3, 7]);
    assert.deepEqual(Array.from(attributionMap([1, 2, 3, 4], [2, 1, 2], 'nchw').values), [4, 6]);
    assert.equal(attributionMap([1, 2, 3], [3], 'nhwc').width, 3);
    const r = resizeNearest({ values: Float64Array.from([1, 2, 3, 4]), height: 2, width: 2 }, 4, 4);
    assert.deepEqual(Array.from(r.values), [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
  });
});
