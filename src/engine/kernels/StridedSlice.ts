/**
 * StridedSlice: a fix of the forward kernels and the gradient tfjs 4.22 lacks.
 *
 * Forward: with a shrink-axis mask the stock wasm and cpu kernels read the wrong elements
 * unless the slice is contiguous: x[1, 0:4:2, 0::-2] of a [3, 4, 5] range gives 20, 40
 * instead of 20, 30 (their strided path indexes the input with the output's rank after the
 * shrunk axes are dropped). The wrapper resolves the masks itself (slice_util.sliceInfo,
 * TensorFlow's semantics), asks the stock kernel for the dense per-axis slice, which it gets
 * right, and reshapes that to the final shape.
 *
 * Gradient (TensorFlow's StridedSliceGrad): dy goes back to the positions the slice read,
 * zeros elsewhere. Unit strides: a pad. Other strides: a scatter to the positions
 * begin + j*stride on each axis (computed on the host; one index row per element of dy).
 */
import type { GradConfig, KernelFunc, NamedAttrMap, Tensor, TensorInfo } from '@tensorflow/tfjs';
import { tf } from '../tf.ts';
import { KernelScope } from './util.ts';

interface SliceAttrs {
  begin: number[];
  end: number[];
  strides: number[];
  beginMask: number;
  endMask: number;
  ellipsisMask: number;
  newAxisMask: number;
  shrinkAxisMask: number;
}

function denseInfo(shape: number[], a: SliceAttrs) {
  return tf.slice_util.sliceInfo(
    shape,
    a.begin,
    a.end,
    a.strides,
    a.beginMask,
    a.endMask,
    a.ellipsisMask,
    a.newAxisMask,
    a.shrinkAxisMask,
  );
}

export function stridedSliceWrapper(backendName: string): (stock: KernelFunc) => KernelFunc {
  return (stock) => (args) => {
    const a = args.attrs as unknown as SliceAttrs;
    if (!a.shrinkAxisMask && !a.newAxisMask && !a.ellipsisMask) return stock(args);
    const x = args.inputs.x as TensorInfo;
    const info = denseInfo(x.shape, a);
    // A dense end of -1 (a negative stride running through index 0) would read as "last"
    // when parsed again: mark those axes in the end mask instead.
    let endMask = 0;
    const end = info.end.map((e, i) => {
      if (e >= 0) return e;
      endMask |= 1 << i;
      return 0;
    });
    const dense = stock({
      ...args,
      attrs: {
        begin: info.begin,
        end,
        strides: info.strides,
        beginMask: 0,
        endMask,
        ellipsisMask: 0,
        newAxisMask: 0,
        shrinkAxisMask: 0,
      },
    }) as TensorInfo;
    const s = new KernelScope(args.backend, backendName);
    const out = s.reshape(dense, info.finalShape);
    s.backend.disposeData(dense.dataId);
    return s.finish(out);
  };
}

export const stridedSliceGrad: GradConfig = {
  kernelName: 'StridedSlice',
  inputsToSave: ['x'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x] = saved;
    return {
      x: () => {
        const info = denseInfo(x.shape, attrs as unknown as SliceAttrs);
        // Per axis of x: how many elements were read, from where, how far apart.
        const counts = info.begin.map((b, i) => Math.max(0, Math.ceil((info.end[i] - b) / info.strides[i])));
        const g = tf.reshape(dy as Tensor, counts);
        if (info.strides.every((s) => s === 1)) {
          return tf.pad(
            g,
            counts.map((c, i): [number, number] => [info.begin[i], x.shape[i] - info.begin[i] - c]),
          );
        }
        const size = counts.reduce((p, c) => p * c, 1);
        const rank = x.rank;
        const idx = new Int32Array(size * rank);
        for (let e = 0; e < size; e++) {
          let rest = e;
          for (let i = rank - 1; i >= 0; i--) {
            const j = rest % counts[i];
            rest = (rest - j) / counts[i];
            idx[e * rank + i] = info.begin[i] + j * info.strides[i];
          }
        }
        return tf.scatterND(tf.tensor2d(idx, [size, rank], 'int32'), tf.reshape(g, [size]), x.shape);
      },
    };
  },
};
