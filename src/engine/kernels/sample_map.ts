/**
 * Gradients of resamplers that copy one source pixel per output pixel (nearest-neighbour
 * resizing, rotation), read off the backend's own forward kernel: applied to an image whose
 * values are the flat pixel indices, it returns which source pixel each output pixel copies
 * (or the fill value, for none). The gradient scatters dy back along that map, so rounding
 * conventions always match the forward pass. Indices are exact in float32 up to 2^24 pixels.
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import type { Host } from './host.ts';
import type { KernelScope } from './util.ts';

/** [1, H, W, 1] float32 with values 0 .. H*W-1 in row-major order. */
export function indexImage(s: KernelScope, h: number, w: number): TensorInfo {
  if (h * w > 2 ** 24) throw new Error(`${h}x${w} pixels cannot be indexed exactly in float32`);
  return s.reshape(s.run('Range', {}, { start: 0, stop: h * w, step: 1, dtype: 'float32' }), [1, h, w, 1]);
}

/**
 * out[b, map[p], c] += dy[b, p, c] for every output pixel p whose map entry names a source
 * pixel (0 <= map[p] < pixelsIn); out must be zeros [B, pixelsIn * C], dy [B, pixelsOut * C].
 * Call after every allocation: it takes views of the wasm heap.
 */
export function scatterBySourceMap(
  host: Host,
  map: TensorInfo,
  dy: TensorInfo,
  out: TensorInfo,
  pixelsIn: number,
  channels: number,
): void {
  const m = host.view(map);
  const g = host.view(dy);
  const o = host.view(out);
  const pixelsOut = m.length;
  const batch = g.length / (pixelsOut * channels);
  for (let b = 0; b < batch; b++) {
    for (let p = 0; p < pixelsOut; p++) {
      const q = m[p];
      if (!(q >= 0 && q < pixelsIn)) continue;
      const from = (b * pixelsOut + p) * channels;
      const to = (b * pixelsIn + q) * channels;
      for (let k = 0; k < channels; k++) o[to + k] += g[from + k];
    }
  }
}
