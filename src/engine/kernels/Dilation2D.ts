/**
 * Dilation2D (grayscale morphological dilation) for wasm, replacing the stock kernel, which
 * starts each window's maximum at FLT_MIN (the smallest positive float, 1.2e-38) instead of
 * -infinity: a window whose values are all negative comes out as 1.2e-38 (found by our
 * gradient probe; the cpu kernel is right). TensorFlow's definition (nn.dilation2d):
 *   out[b, y, x, c] = max_{i, j} x[b, y*sh + i*dh - top, x*sw + j*dw - left, c] + f[i, j, c]
 * over the taps that fall inside the image. The scan below also yields the first maximising
 * tap (strictly greater wins, as TensorFlow's and tfjs's kernels choose), which the two
 * gradient kernels (Dilation2DBackpropInput.ts, Dilation2DBackpropFilter.ts) route dy to.
 */
import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { Host, type HostArray } from './host.ts';

export interface DilationAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number;
  dilations: number | [number, number];
}

export function dilationInfo(x: TensorInfo, filter: TensorInfo, attrs: unknown) {
  const { strides, pad, dilations } = attrs as DilationAttrs;
  return backend_util.computeDilation2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number],
    strides,
    pad,
    'NHWC',
    dilations,
  );
}

/**
 * Calls `visit(outIndex, max, inIndex, tapIndex)` for every output element with the window's
 * maximum and where it was found (flat indices into x and into the filter).
 */
export function scanWindows(
  info: backend_util.Conv2DInfo,
  xs: HostArray,
  fs: HostArray,
  visit: (out: number, max: number, at: number, tap: number) => void,
): void {
  const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth, padInfo } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, filterHeight, filterWidth } = info;
  let out = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let yo = 0; yo < outHeight; yo++) {
      const y0 = yo * strideHeight - padInfo.top;
      for (let xo = 0; xo < outWidth; xo++) {
        const x0 = xo * strideWidth - padInfo.left;
        for (let d = 0; d < c; d++, out++) {
          let max = Number.NEGATIVE_INFINITY;
          // Before any tap is seen: the window's first in-image pixel and tap 0, as tfjs's cpu kernel.
          let at = ((b * inHeight + Math.max(y0, 0)) * inWidth + Math.max(x0, 0)) * c + d;
          let tap = d;
          for (let i = 0; i < filterHeight; i++) {
            const yi = y0 + i * dilationHeight;
            if (yi < 0 || yi >= inHeight) continue;
            for (let j = 0; j < filterWidth; j++) {
              const xi = x0 + j * dilationWidth;
              if (xi < 0 || xi >= inWidth) continue;
              const xIndex = ((b * inHeight + yi) * inWidth + xi) * c + d;
              const fIndex = (i * filterWidth + j) * c + d;
              const v = xs[xIndex] + fs[fIndex];
              if (v > max) {
                max = v;
                at = xIndex;
                tap = fIndex;
              }
            }
          }
          visit(out, max, at, tap);
        }
      }
    }
  }
}

export function dilation2DHost(backendName: string): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo };
    if (x.dtype !== 'float32' && x.dtype !== 'int32')
      throw new Error(`Dilation2D: unsupported dtype ${x.dtype}`);
    const info = dilationInfo(x, filter, attrs);
    const host = new Host(backend, backendName);
    const out = host.zeros(info.outShape, x.dtype);
    const o = host.view(out);
    scanWindows(info, host.view(x), host.view(filter), (i, max) => {
      o[i] = max;
    });
    return out;
  };
}

export const dilation2DWasm: KernelConfig = {
  kernelName: 'Dilation2D',
  backendName: 'wasm',
  kernelFunc: dilation2DHost('wasm'),
};
