/**
 * The gradient of RotateWithOffset (tfjs 4.22 registers none) with respect to the image, and
 * the kernel RotateWithOffsetGrad that computes it on wasm and cpu.
 *
 * The rotation copies, for each output pixel, the channels of one source pixel (the nearest
 * to the rotated position) or the fill value when that falls outside the image. So the
 * image gradient scatters dy back: dx[b, src(p), c] += dy[b, p, c] over output pixels p
 * that sampled the image, with the map src read off the backend's own forward kernel
 * (sample_map.ts), so rounding and the rotation's sign convention match the forward pass.
 *
 * The angle and the centre are attributes, not tensors, so they get no gradient; it would
 * be zero almost everywhere anyway (nearest sampling is piecewise constant in the angle).
 *   dy [B, H, W, C] -> dx [B, H, W, C]
 */
import type {
  GradConfig,
  KernelConfig,
  KernelFunc,
  NamedAttrMap,
  Tensor,
  TensorInfo,
} from '@tensorflow/tfjs';
import { tf } from '../tf.ts';
import { Host } from './host.ts';
import { indexImage, scatterBySourceMap } from './sample_map.ts';
import { KernelScope } from './util.ts';

export function rotateWithOffsetGradComposite(backendName: string): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy } = inputs as { dy: TensorInfo };
    const { radians, center } = attrs as unknown as { radians: number; center: number | [number, number] };
    const [batch, h, w, c] = dy.shape;
    const pixels = h * w;
    const s = new KernelScope(backend, backendName);
    try {
      // src [1, H, W, 1]: the flat source pixel each output pixel copies; `pixels` if none.
      // (A negative fill would not do: the wasm kernel reads fill values as unsigned.)
      const src = s.run(
        'RotateWithOffset',
        { image: indexImage(s, h, w) },
        { radians, fillValue: pixels, center },
      );
      const host = new Host(backend, backendName);
      const out = host.zeros([batch, h, w, c], 'float32');
      scatterBySourceMap(host, src, dy, out, pixels, c);
      return out;
    } finally {
      s.dispose();
    }
  };
}

export const rotateWithOffsetGradKernels: KernelConfig[] = ['wasm', 'cpu'].map((backendName) => ({
  kernelName: 'RotateWithOffsetGrad',
  backendName,
  kernelFunc: rotateWithOffsetGradComposite(backendName),
}));

export const rotateWithOffsetGrad: GradConfig = {
  kernelName: 'RotateWithOffset',
  gradFunc: (dy: Tensor | Tensor[], _saved: Tensor[], attrs: NamedAttrMap) => ({
    image: () =>
      tf
        .engine()
        .runKernel(
          'RotateWithOffsetGrad',
          { dy: dy as Tensor },
          { radians: attrs.radians, center: attrs.center },
        ) as Tensor,
  }),
};
