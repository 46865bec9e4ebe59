/**
 * BatchMatMul on wasm with transposed operands. The stock kernel's transposeA/transposeB
 * paths are 3-10x slower than its plain product (measured 64x3136 by 3136x128: A^T B 36 ms
 * against 3 ms for an explicit transpose and the plain product), and dense layers'
 * gradients use exactly those paths. This wrapper rewrites each case as a plain product,
 * choosing the cheapest set of explicit transposes by element count:
 *   A^T B   = transpose(A) B           or  (B^T A)^T
 *   A B^T   = A transpose(B)           or  (B A^T)^T
 *   A^T B^T = (B A)^T
 * The second forms matter for input gradients at small batch, where B is a large weight
 * matrix and A and the result are single rows.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { KernelScope } from './util.ts';

const size = (t: TensorInfo) => t.shape.reduce((a, b) => a * b, 1);

export function batchMatMulWrapper(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return stock(args);
    const s = new KernelScope(args.backend, 'wasm');
    const swapLast = (x: TensorInfo) => {
      const r = x.shape.length;
      const perm = [...Array(r).keys()];
      [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
      return s.transpose(x, perm);
    };
    const plain = (x: TensorInfo, y: TensorInfo) =>
      stock({
        ...args,
        inputs: { a: x, b: y },
        attrs: { ...args.attrs, transposeA: false, transposeB: false },
      }) as TensorInfo;
    const ra = a.shape.length;
    const rb = b.shape.length;
    // rows x cols of the result, for the cost of transposing it
    const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
    const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
    const batch = Math.max(
      size(a) / (a.shape[ra - 1] * a.shape[ra - 2]),
      size(b) / (b.shape[rb - 1] * b.shape[rb - 2]),
    );
    const outSize = batch * m * n;
    try {
      let out: TensorInfo;
      if (transposeA && transposeB) {
        out = s.finish(swapLast(s.keep(plain(b, a))));
      } else if (transposeA) {
        out =
          size(a) <= size(b) + outSize
            ? plain(swapLast(a), b)
            : s.finish(swapLast(s.keep(plain(swapLast(b), a))));
      } else {
        out =
          size(b) <= size(a) + outSize
            ? plain(a, swapLast(b))
            : s.finish(swapLast(s.keep(plain(b, swapLast(a)))));
      }
      s.dispose();
      return out;
    } catch (e) {
      s.dispose();
      throw e;
    }
  };
}
