/**
 * AvgPoolGrad and AvgPool3DGrad with padding: the stock wasm and cpu kernels divide every
 * window's gradient by the full window size, while the forward kernels (like TensorFlow's
 * avg_pool) average only the window's elements inside the input. So with 'same' padding
 * the border gradients were too small (a 3x3 window at a corner averages 4 values, and its
 * gradient was divided by 9). The wrapper scales dy by (window size / elements inside) per
 * output position before calling the stock kernel, which then divides by the window size.
 */
import { backend_util, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { Host } from './host.ts';
import { KernelScope } from './util.ts';

/** Per output index along one axis: how many of the window's k taps fall inside [0, len). */
function insideCounts(len: number, outLen: number, k: number, stride: number, padBefore: number): number[] {
  return Array.from({ length: outLen }, (_, o) => {
    const start = o * stride - padBefore;
    return Math.min(start + k, len) - Math.max(start, 0);
  });
}

interface PoolAttrs {
  filterSize: number | number[];
  strides: number | number[];
  pad: 'valid' | 'same' | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** [window size / inside count] per output position, one list per spatial axis. */
function axisCounts(input: TensorInfo, attrs: PoolAttrs, dims: 2 | 3): { counts: number[][]; k: number[] } {
  const { filterSize, strides, pad, dimRoundingMode } = attrs;
  if (dims === 2) {
    const i = backend_util.computePool2DInfo(
      input.shape as [number, number, number, number],
      filterSize as [number, number],
      strides as [number, number],
      1,
      pad,
      dimRoundingMode,
    );
    return {
      k: [i.filterHeight, i.filterWidth],
      counts: [
        insideCounts(i.inHeight, i.outHeight, i.filterHeight, i.strideHeight, i.padInfo.top),
        insideCounts(i.inWidth, i.outWidth, i.filterWidth, i.strideWidth, i.padInfo.left),
      ],
    };
  }
  const i = backend_util.computePool3DInfo(
    input.shape as [number, number, number, number, number],
    filterSize as [number, number, number],
    strides as [number, number, number],
    1,
    pad,
    dimRoundingMode,
  );
  return {
    k: [i.filterDepth, i.filterHeight, i.filterWidth],
    counts: [
      insideCounts(i.inDepth, i.outDepth, i.filterDepth, i.strideDepth, i.padInfo.front),
      insideCounts(i.inHeight, i.outHeight, i.filterHeight, i.strideHeight, i.padInfo.top),
      insideCounts(i.inWidth, i.outWidth, i.filterWidth, i.strideWidth, i.padInfo.left),
    ],
  };
}

export function avgPoolGradWrapper(backendName: string, dims: 2 | 3): (stock: KernelFunc) => KernelFunc {
  return (stock) => (args) => {
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
    const { counts, k } = axisCounts(input, args.attrs as unknown as PoolAttrs, dims);
    const full = counts.every((c, a) => c.every((v) => v === k[a]));
    if (full) return stock(args);
    const host = new Host(args.backend, backendName);
    // scale [1, (Do,) Ho, Wo, 1]: window size over inside count, a product over the axes
    const scale = host.zeros([1, ...counts.map((c) => c.length), 1], 'float32');
    const v = host.view(scale);
    const size = k.reduce((a, b) => a * b, 1);
    const sizes = counts.map((c) => c.length);
    for (let flat = 0; flat < v.length; flat++) {
      let rest = flat;
      let inside = 1;
      for (let a = dims - 1; a >= 0; a--) {
        inside *= counts[a][rest % sizes[a]];
        rest = Math.floor(rest / sizes[a]);
      }
      v[flat] = size / inside;
    }
    const s = new KernelScope(args.backend, backendName);
    try {
      const scaled = s.run('Multiply', { a: dy, b: scale });
      return stock({ ...args, inputs: { dy: scaled, input } });
    } finally {
      s.dispose();
      s.backend.disposeData(scale.dataId);
    }
  };
}
