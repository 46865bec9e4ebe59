/**
 * The last step of a strided transposed convolution done by stride phases
 * (Conv2DBackpropInput.ts): phase (py, px) holds the outputs at rows s_h*u + py and columns
 * s_w*v + px. Interleaving them is a plain copy loop on the host; as tensor ops (concat,
 * DepthToSpace, transpose) it moved blocks of C values per kernel step and took as long as
 * the convolutions themselves when C is small (about 10 ms for 224x224x3 on wasm).
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import { Host } from './host.ts';

/** One phase image: [N, U, V, stride], of which channels offset .. offset + C belong to the phase. */
export interface PhaseImage {
  t: TensorInfo;
  offset: number;
  stride: number;
}

/**
 * dx [N, H, W, C] from the sh*sw phase images (row-major over phases; undefined: a phase
 * with no taps, whose outputs are zero), each U x V with U*sh >= H and V*sw >= W.
 */
export function interleavePhases(
  backend: unknown,
  backendName: string,
  shape: { n: number; h: number; w: number; c: number; u: number; v: number },
  sh: number,
  sw: number,
  phases: readonly (PhaseImage | undefined)[],
): TensorInfo {
  const { n, h, w, c, u, v } = shape;
  const host = new Host(backend, backendName);
  // every allocation before any view: a growing wasm heap invalidates views
  const out = host.zeros([n, h, w, c], 'float32');
  const dx = host.view(out);
  phases.forEach((p, k) => {
    if (!p) return;
    const [py, px] = [Math.floor(k / sw), k % sw];
    const src = host.view(p.t);
    for (let b = 0; b < n; b++) {
      for (let uu = 0, row = py; uu < u && row < h; uu++, row += sh) {
        let i = (b * u + uu) * v * p.stride + p.offset;
        let o = ((b * h + row) * w + px) * c;
        for (let vv = 0, col = px; vv < v && col < w; vv++, col += sw) {
          for (let d = 0; d < c; d++) dx[o + d] = src[i + d];
          i += p.stride;
          o += sw * c;
        }
      }
    }
  });
  return out;
}
