/**
 * BatchMatMul on wasm with transposed operands: the stock kernel's transposeA/transposeB
 * paths are 3-10x slower than an explicit Transpose followed by the plain product
 * (measured 64x3136 by 3136x128: A^T B 36 ms vs 3 ms), and dense layers' gradients use
 * exactly those paths. This wrapper transposes first and calls the stock kernel.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { KernelScope } from './util.ts';

export function batchMatMulWrapper(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return stock(args);
    const s = new KernelScope(args.backend, 'wasm');
    try {
      const swapLast = (x: TensorInfo) => {
        const r = x.shape.length;
        const perm = [...Array(r).keys()];
        [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
        return s.transpose(x, perm);
      };
      const inputs = { a: transposeA ? swapLast(a) : a, b: transposeB ? swapLast(b) : b };
      const out = stock({ ...args, inputs, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
      s.dispose();
      return out;
    } catch (e) {
      s.dispose();
      throw e;
    }
  };
}
