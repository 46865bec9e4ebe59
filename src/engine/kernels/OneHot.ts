/**
 * OneHot on wasm for non-int32 dtypes: the stock kernel writes int32 values whatever the
 * dtype, so tf.oneHot(indices, depth, 1, 0, 'float32') comes out as denormal bit patterns
 * (1 as int32 bits reads 1.4e-45 as float32; found while building ResizeBilinearGrad.ts).
 * int32 requests go to the stock kernel; others are filled here. Out-of-range indices give
 * a row of offValue, as TensorFlow's one_hot.
 *   indices [...] int32 -> [..., depth]
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { Host } from './host.ts';

export function oneHotWrapper(backendName: string): (stock: KernelFunc) => KernelFunc {
  return (stock) => (args) => {
    const { dtype, depth, onValue, offValue } = args.attrs as unknown as {
      dtype: string;
      depth: number;
      onValue: number;
      offValue: number;
    };
    if (dtype === 'int32') return stock(args);
    if (dtype !== 'float32') throw new Error(`OneHot on ${backendName}: unsupported dtype ${dtype}`);
    const { indices } = args.inputs as { indices: TensorInfo };
    const host = new Host(args.backend, backendName);
    const out = host.zeros([...indices.shape, depth], 'float32');
    const idx = host.view(indices);
    const o = host.view(out);
    o.fill(offValue);
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k];
      if (i >= 0 && i < depth) o[k * depth + i] = onValue;
    }
    return out;
  };
}
