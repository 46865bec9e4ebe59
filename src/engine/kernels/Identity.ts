/**
 * Identity for wasm that shares the input's buffer (one more reference, as Reshape and the
 * cpu backend's Identity do) instead of copying it. tfjs runs Identity for every tf.clone,
 * and the gradient tape clones each input and output it saves: the stock copy cost ~30 ms
 * per ResNet-18 gradient and, worse, gave every saved conv filter a new dataId, so caches
 * keyed by dataId (the flipped filters of Conv2DBackpropInput.ts, XNNPACK's packed weights)
 * missed on every call and re-packed all filters (about 2/3 of the gradient's time).
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';

interface RefCounting {
  incRef(dataId: object): void;
}

const identity: KernelFunc = ({ inputs, backend }) => {
  const { x } = inputs as { x: TensorInfo };
  (backend as RefCounting).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
};

export const identityWasm: KernelConfig = {
  kernelName: 'Identity',
  backendName: 'wasm',
  kernelFunc: identity,
};
