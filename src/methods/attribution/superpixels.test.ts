import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../../engine/rng.ts';
import { slic } from './superpixels.ts';

/** Every segment's positions form one 4-connected component. */
function connected(labels: Int32Array, H: number, W: number, count: number): boolean {
  const seen = new Uint8Array(H * W);
  for (let id = 0; id < count; id++) {
    const start = labels.indexOf(id);
    if (start < 0) return false;
    const stack = [start];
    seen[start] = 1;
    let size = 0;
    while (stack.length) {
      const p = stack.pop()!;
      size++;
      const [y, x] = [Math.floor(p / W), p % W];
      for (const [yy, xx] of [
        [y - 1, x],
        [y + 1, x],
        [y, x - 1],
        [y, x + 1],
      ]) {
        const q = yy * W + xx;
        if (yy >= 0 && yy < H && xx >= 0 && xx < W && !seen[q] && labels[q] === id) {
          seen[q] = 1;
          stack.push(q);
        }
      }
    }
    if (size !== labels.filter((l) => l === id).length) return false;
  }
  return true;
}

describe('slic superpixels', () => {
  it('covers the image with connected segments, about as many as asked, numbered in raster order', () => {
    const rng = new Rng(1);
    const [H, W, C] = [28, 28, 3];
    // smooth random colour fields with a little noise
    const phase = Array.from({ length: 2 * C }, () => 6 * rng.next());
    const img = Float32Array.from({ length: H * W * C }, (_, q) => {
      const [p, c] = [Math.floor(q / C), q % C];
      const [y, x] = [Math.floor(p / W), p % W];
      return Math.sin(y / 4 + phase[2 * c]) * Math.cos(x / 5 + phase[2 * c + 1]) + 0.05 * rng.next();
    });
    const f = slic(img, H, W, C, { segments: 16 });
    assert.ok(f.count >= 8 && f.count <= 32, `${f.count} segments`);
    assert.ok(f.labels.every((l) => l >= 0 && l < f.count));
    assert.ok(connected(f.labels, H, W, f.count));
    let next = 0;
    for (const l of f.labels) {
      assert.ok(l <= next);
      if (l === next) next++;
    }
    assert.deepEqual(slic(img, H, W, C, { segments: 16 }), f, 'deterministic');
  });

  it('follows a strong edge: no segment straddles a dark and a bright half', () => {
    const [H, W] = [24, 24];
    // a diagonal edge, so the regular seed grid cannot follow it by accident
    const img = Float32Array.from({ length: H * W }, (_, p) => (p % W > Math.floor(p / W) ? 1 : 0));
    const f = slic(img, H, W, 1, { segments: 9, compactness: 5 });
    for (let id = 0; id < f.count; id++) {
      const vals = new Set<number>();
      for (let p = 0; p < H * W; p++) if (f.labels[p] === id) vals.add(img[p]);
      assert.equal(vals.size, 1, `segment ${id} mixes both sides`);
    }
  });

  it('on a flat image falls back to a regular grid of compact segments', () => {
    const f = slic(new Float32Array(20 * 20), 20, 20, 1, { segments: 4 });
    assert.equal(f.count, 4);
    assert.equal(f.labels[0], f.labels[9 * 20 + 9]);
    assert.notEqual(f.labels[0], f.labels[19]);
  });
});
