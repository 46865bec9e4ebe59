/**
 * ResizeBilinearGrad with halfPixelCenters: the stock wasm and cpu kernels ignore the
 * attribute and back-propagate as if sample positions were (y * H/H') instead of
 * ((y + 0.5) * H/H' - 0.5), so their gradient disagrees with their own forward pass (found
 * by our gradient probe). Without halfPixelCenters the stock kernels are right and are used.
 *
 * Bilinear resizing is separable: out[y, x] = sum_{i, j} Wy[y, i] Wx[x, j] in[i, j]. The 1-D
 * weights are read off the backend's own forward kernel, resizing an identity (one channel
 * per source row, or column), so they match the forward pass exactly; then each dy entry is
 * scattered to its (at most 2 x 2) source pixels.
 *   images [B, H, W, C], dy [B, H', W', C] -> [B, H, W, C]
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { Host, type HostArray } from './host.ts';
import { KernelScope } from './util.ts';

interface ResizeAttrs {
  alignCorners: boolean;
  halfPixelCenters: boolean;
}

/** The nonzero weights [(source index, weight), ...] of each output row of w [outLen, inLen]. */
function taps(w: HostArray, outLen: number, inLen: number): [number, number][][] {
  return Array.from({ length: outLen }, (_, o) => {
    const row: [number, number][] = [];
    for (let i = 0; i < inLen; i++) if (w[o * inLen + i] !== 0) row.push([i, w[o * inLen + i]]);
    return row;
  });
}

/** The forward kernel's weights along one axis: resize of an identity [1, L, 1, L] to [1, L', 1, L]. */
function axisWeights(
  s: KernelScope,
  len: number,
  outLen: number,
  attrs: ResizeAttrs,
  rows: boolean,
): TensorInfo {
  const eye = s.run(
    'OneHot',
    { indices: s.run('Range', {}, { start: 0, stop: len, step: 1, dtype: 'int32' }) },
    {
      depth: len,
      onValue: 1,
      offValue: 0,
      dtype: 'float32',
    },
  );
  const image = s.reshape(eye, rows ? [1, len, 1, len] : [1, 1, len, len]);
  const size = rows ? [outLen, 1] : [1, outLen];
  return s.run('ResizeBilinear', { images: image }, { ...attrs, size });
}

export function resizeBilinearGradWrapper(backendName: string): (stock: KernelFunc) => KernelFunc {
  return (stock) => (args) => {
    const attrs = args.attrs as unknown as ResizeAttrs;
    if (!attrs.halfPixelCenters) return stock(args);
    const { images, dy } = args.inputs as { images: TensorInfo; dy: TensorInfo };
    const [batch, h, w, c] = images.shape;
    const [, ho, wo] = dy.shape;
    const s = new KernelScope(args.backend, backendName);
    try {
      const wy = axisWeights(s, h, ho, attrs, true); // [1, H', 1, H]
      const wx = axisWeights(s, w, wo, attrs, false); // [1, 1, W', W]
      const host = new Host(args.backend, backendName);
      const out = host.zeros([batch, h, w, c], 'float32');
      // Views only after every allocation (one may move the wasm heap).
      const ry = taps(host.view(wy), ho, h);
      const rx = taps(host.view(wx), wo, w);
      const g = host.view(dy);
      const o = host.view(out);
      for (let b = 0; b < batch; b++) {
        for (let y = 0; y < ho; y++) {
          for (let x = 0; x < wo; x++) {
            const from = ((b * ho + y) * wo + x) * c;
            for (const [i, wi] of ry[y]) {
              for (const [j, wj] of rx[x]) {
                const to = ((b * h + i) * w + j) * c;
                const k2 = wi * wj;
                for (let k = 0; k < c; k++) o[to + k] += k2 * g[from + k];
              }
            }
          }
        }
      }
      return out;
    } finally {
      s.dispose();
    }
  };
}
