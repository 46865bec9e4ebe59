/**
 * Conv2DBackpropFilter for wasm (missing in tfjs-backend-wasm 4.22), as one forward
 * convolution on XNNPACK with the batch and channel axes swapped:
 *   dW[a, b, ci, co] = sum_{n, y, x} Xpad[n, y*s + a, x*s + b, ci] * dY[n, y, x, co]
 * is a correlation of Xpad^T [Ci, Hp, Wp, N] (channels as batch, batch as channels) with
 * dY^T [Ho, Wo, N, Co] used as a filter dilated by the forward stride s. Its output
 * [Ci, >=kh, >=kw, Co] is cut to the filter size and transposed back.
 * Measured against im2col + matmul it is 5-6x faster (the strided slices dominate there).
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import { KernelScope } from './util.ts';

export function conv2DBackpropFilterComposite(backendName: string): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
      strides: [number, number] | number;
      pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
      dataFormat: 'NHWC' | 'NCHW';
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
      filterShape: [number, number, number, number];
    };
    const fmt = backend_util.convertConv2DDataFormat(dataFormat);
    if (fmt !== 'channelsLast') throw new Error(`Conv2DBackpropFilter on ${backendName} needs NHWC data`);
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      fmt,
    );
    const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
    const { top, bottom, left, right } = info.padInfo;
    const s = new KernelScope(backend, backendName);
    try {
      const xp =
        top || bottom || left || right
          ? s.pad(x, [
              [0, 0],
              [top, bottom],
              [left, right],
              [0, 0],
            ])
          : x;
      const xT = s.transpose(xp, [3, 1, 2, 0]); // [Ci, Hp, Wp, N]
      const dyT = s.transpose(dy, [1, 2, 0, 3]); // [Ho, Wo, N, Co]
      const full = s.run(
        'Conv2D',
        { x: xT, filter: dyT },
        { strides: [1, 1], pad: 'valid', dilations: [sh, sw], dataFormat: 'NHWC' },
      ); // [Ci, Hp - (Ho-1)*sh, Wp - (Wo-1)*sw, Co]
      const [ci, fh, fw, co] = full.shape;
      const cut =
        fh === kh && fw === kw ? full : s.stridedSlice(full, [0, 0, 0, 0], [ci, kh, kw, co], [1, 1, 1, 1]);
      return s.finish(s.transpose(cut, [1, 2, 0, 3]));
    } catch (e) {
      s.dispose();
      throw e;
    }
  };
}

export const conv2DBackpropFilterWasm: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilterComposite('wasm'),
};
