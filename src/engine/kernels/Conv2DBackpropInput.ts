/**
 * Conv2DBackpropInput for wasm as a forward convolution on XNNPACK: the gradient of a
 * correlation is a correlation of the (zero-spread, padded) output gradient with the
 * flipped, in/out-transposed filter. The stock wasm kernel is a plain loop about 6x slower
 * than the forward convolution of the same size; this one runs at forward speed for
 * stride 1 and pays only the zero-spreading for larger strides.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import { insertZeros, padOrCropPlan, transposedPads } from './conv_geometry.ts';
import { DerivedCache, KernelScope } from './util.ts';

const flippedFilters = new DerivedCache();

export function conv2DBackpropInputComposite(backendName: string): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as {
      strides: [number, number] | number;
      pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
      dataFormat: 'NHWC' | 'NCHW';
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
      inputShape: [number, number, number, number];
    };
    const fmt = backend_util.convertConv2DDataFormat(dataFormat);
    if (fmt !== 'channelsLast') throw new Error(`Conv2DBackpropInput on ${backendName} needs NHWC data`);
    const info = backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      fmt,
    );
    const s = new KernelScope(backend, backendName);
    try {
      // dy: [N, Ho, Wo, Co] -> spread: [N, (Ho-1)*sh+1, (Wo-1)*sw+1, Co]
      const spread = insertZeros(s, dy, info.strideHeight, info.strideWidth);
      const ph = transposedPads(info.inHeight, spread.shape[1], info.filterHeight, 1, info.padInfo.top);
      const pw = transposedPads(info.inWidth, spread.shape[2], info.filterWidth, 1, info.padInfo.left);
      // Negative pads are crops of the spread gradient (rows the forward pass never read).
      const { src, pad: explicit } = padOrCropPlan(s, spread, ph.before, ph.after, pw.before, pw.after);
      // filter [kh, kw, Ci, Co] -> flipped [kh, kw, Co, Ci], kept across calls on the same weights
      const wT = flippedFilters.get(backend, filter, () => {
        const f = new KernelScope(backend, backendName);
        return f.finish(f.transpose(f.run('Reverse', { x: filter }, { dims: [0, 1] }), [0, 1, 3, 2]));
      });
      const out = s.run(
        'Conv2D',
        { x: src, filter: wT },
        { strides: [1, 1], pad: explicit, dilations: [1, 1], dataFormat: 'NHWC' },
      );
      return s.finish(out);
    } catch (e) {
      s.dispose();
      throw e;
    }
  };
}

export const conv2DBackpropInputWasm: KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInputComposite('wasm'),
};
