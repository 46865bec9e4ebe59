/**
 * DepthwiseConv2dNativeBackpropFilter for wasm (missing in tfjs-backend-wasm 4.22), as one
 * forward depthwise convolution on XNNPACK. With x [N, H, W, C] padded to Xp, filter
 * [kh, kw, C, M] and dy [N, Ho, Wo, C*M]:
 *   dW[a, b, c, m] = sum_{n, y, x} Xp[n, y*sh + a*dh, x*sw + b*dw, c] * dy[n, y, x, c*M + m]
 * Folding the batch into the channels turns this into a depthwise correlation of
 * X' [1, H, W, N*C] (padded as in the forward pass) with dy' [Ho, Wo, N*C, M] used as the filter, dilated by the forward
 * stride and strided by the forward dilation; its output [1, >=kh, >=kw, N*C*M] is cut to
 * the filter size and summed over the batch. The same trick as Conv2DBackpropFilter.ts.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import type { DepthwiseAttrs } from './DepthwiseConv2dNativeBackpropInput.ts';
import { KernelScope } from './util.ts';

export function depthwiseConv2dNativeBackpropFilterComposite(backendName: string): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { strides, dilations, pad, dimRoundingMode, filterShape } = attrs as unknown as DepthwiseAttrs & {
      filterShape: [number, number, number, number];
    };
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      dilations ?? 1,
      pad,
      dimRoundingMode,
      true,
    );
    const [kh, kw, c, m] = filterShape;
    const [n, ho, wo] = dy.shape;
    const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
    const { top, bottom, left, right } = info.padInfo;
    const [, h, w] = x.shape;
    const s = new KernelScope(backend, backendName);
    try {
      // x [N, H, W, C] -> [1, H, W, N*C]; dy [N, Ho, Wo, C*M] -> [Ho, Wo, N*C, M]. The forward
      // padding is passed to the convolution (zeros around each image stay zeros after the fold).
      const xT = s.reshape(s.transpose(x, [1, 2, 0, 3]), [1, h, w, n * c]);
      const dyT = s.reshape(s.transpose(dy, [1, 2, 0, 3]), [ho, wo, n * c, m]);
      const full = s.run(
        'DepthwiseConv2dNative',
        { x: xT, filter: dyT },
        {
          strides: [dh, dw],
          pad: [
            [0, 0],
            [top, bottom],
            [left, right],
            [0, 0],
          ],
          dilations: [sh, sw],
        },
      ); // [1, >=kh, >=kw, N*C*M]
      const [, fh, fw] = full.shape;
      const taps = s.reshape(full, [fh, fw, n, c * m]);
      const cut =
        fh === kh && fw === kw ? taps : s.stridedSlice(taps, [0, 0, 0, 0], [kh, kw, n, c * m], [1, 1, 1, 1]);
      const summed = n === 1 ? cut : s.run('Sum', { x: cut }, { axis: [2], keepDims: false });
      return s.finish(s.reshape(summed, [kh, kw, c, m]));
    } catch (e) {
      s.dispose();
      throw e;
    }
  };
}

export const depthwiseConv2dNativeBackpropFilterWasm: KernelConfig = {
  kernelName: 'DepthwiseConv2dNativeBackpropFilter',
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropFilterComposite('wasm'),
};
