/**
 * Dilation2DBackpropFilter for wasm, replacing the stock kernel (wrong like the stock
 * Dilation2D, see Dilation2D.ts): each dy[b, y, x, c] is added to the filter tap at which its
 * window reached the maximum (the first one on ties), as TensorFlow's dilation_ops.cc.
 *   x [B, H, W, C], filter [kh, kw, C], dy [B, Ho, Wo, C] -> [kh, kw, C]
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { dilationInfo, scanWindows } from './Dilation2D.ts';
import { Host } from './host.ts';

export function dilation2DBackpropFilterHost(backendName: string): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, filter, dy } = inputs as { x: TensorInfo; filter: TensorInfo; dy: TensorInfo };
    const info = dilationInfo(x, filter, attrs);
    const host = new Host(backend, backendName);
    const out = host.zeros(filter.shape, 'float32');
    const o = host.view(out);
    const g = host.view(dy);
    scanWindows(info, host.view(x), host.view(filter), (i, _max, _at, tap) => {
      o[tap] += g[i];
    });
    return out;
  };
}

export const dilation2DBackpropFilterWasm: KernelConfig = {
  kernelName: 'Dilation2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: dilation2DBackpropFilterHost('wasm'),
};
