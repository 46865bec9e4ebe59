/**
 * ResizeNearestNeighborGrad for wasm and cpu, replacing the stock kernels, whose gradients
 * disagree with finite differences of their own forward kernels (found by our gradient
 * probe): the cpu one for 6x6 -> 9x9 with default corners, the wasm one whenever
 * halfPixelCenters is set (it ignores it). Nearest resizing copies one source pixel
 * per output pixel, so the gradient scatters dy back along the map that the forward kernel
 * itself produces (sample_map.ts).
 *   images [B, H, W, C], dy [B, H', W', C] -> [B, H, W, C]
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { Host } from './host.ts';
import { indexImage, scatterBySourceMap } from './sample_map.ts';
import { KernelScope } from './util.ts';

export function resizeNearestNeighborGradComposite(backendName: string): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { images, dy } = inputs as { images: TensorInfo; dy: TensorInfo };
    const { alignCorners, halfPixelCenters } = attrs as unknown as {
      alignCorners: boolean;
      halfPixelCenters: boolean;
    };
    const [batch, h, w, c] = images.shape;
    const s = new KernelScope(backend, backendName);
    try {
      // [1, H', W', 1]: the flat source pixel each output pixel copies
      const src = s.run(
        'ResizeNearestNeighbor',
        { images: indexImage(s, h, w) },
        { alignCorners, halfPixelCenters, size: [dy.shape[1], dy.shape[2]] },
      );
      const host = new Host(backend, backendName);
      const out = host.zeros([batch, h, w, c], 'float32');
      scatterBySourceMap(host, src, dy, out, h * w, c);
      return out;
    } finally {
      s.dispose();
    }
  };
}

export const resizeNearestNeighborGradKernels: (KernelConfig & { replaces: true })[] = ['wasm', 'cpu'].map(
  (backendName) => ({
    kernelName: 'ResizeNearestNeighborGrad',
    backendName,
    kernelFunc: resizeNearestNeighborGradComposite(backendName),
    replaces: true,
  }),
);
