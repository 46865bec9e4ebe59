/**
 * Conv3DBackpropInputV2 for wasm, replacing the stock kernel, which accumulates into an
 * output buffer it never clears: its results carry whatever the wasm heap held there (they
 * matched the cpu backend only while that memory happened to be fresh; found by our gradient
 * probe). Composed like Conv2DBackpropInput.ts: the gradient of a correlation is a valid
 * correlation (the stock Conv3D kernel, which is right) of the zero-spread, padded dy
 * [N, D', H', W', Co] with the flipped filter, its channel axes swapped [kd, kh, kw, Co, Ci].
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import { transposedPads } from './conv_geometry.ts';
import { KernelScope } from './util.ts';

/** Inserts s-1 zeros between the entries of x along `axis`: length L -> (L-1)*s + 1. */
function spreadAxis(sc: KernelScope, x: TensorInfo, axis: number, s: number): TensorInfo {
  if (s === 1) return x;
  const len = x.shape[axis];
  const pre = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const post = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  // [pre, L, 1, post] padded to [pre, L, s, post] = [pre, L*s, post], cut to (L-1)*s + 1
  const padded = sc.pad(sc.reshape(x, [pre, len, 1, post]), [
    [0, 0],
    [0, 0],
    [0, s - 1],
    [0, 0],
  ]);
  const spreadLen = (len - 1) * s + 1;
  const cut = sc.stridedSlice(
    sc.reshape(padded, [pre, len * s, post]),
    [0, 0, 0],
    [pre, spreadLen, post],
    [1, 1, 1],
  );
  const shape = [...x.shape];
  shape[axis] = spreadLen;
  return sc.reshape(cut, shape);
}

export function conv3DBackpropInputComposite(backendName: string): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, pad, inputShape } = attrs as unknown as {
      strides: number | [number, number, number];
      pad: 'valid' | 'same';
      inputShape: [number, number, number, number, number];
    };
    const info = backend_util.computeConv3DInfo(
      inputShape,
      filter.shape as [number, number, number, number, number],
      strides,
      1,
      pad,
    );
    const s = new KernelScope(backend, backendName);
    try {
      const steps = [info.strideDepth, info.strideHeight, info.strideWidth];
      const ins = [info.inDepth, info.inHeight, info.inWidth];
      const ks = [info.filterDepth, info.filterHeight, info.filterWidth];
      const before = [info.padInfo.front, info.padInfo.top, info.padInfo.left];
      let src = dy;
      for (let a = 0; a < 3; a++) src = spreadAxis(s, src, a + 1, steps[a]);
      const pads = [0, 1, 2].map((a) => transposedPads(ins[a], src.shape[a + 1], ks[a], 1, before[a]));
      // Negative pads are crops (rows the forward pass never read), positive ones zeros.
      const lo = pads.map((p) => Math.max(0, -p.before));
      const hi = pads.map((p, a) => src.shape[a + 1] - Math.max(0, -p.after));
      if (pads.some((p) => p.before < 0 || p.after < 0)) {
        const [n, , , , c] = src.shape;
        src = s.stridedSlice(src, [0, ...lo, 0], [n, ...hi, c], [1, 1, 1, 1, 1]);
      }
      if (pads.some((p) => p.before > 0 || p.after > 0)) {
        src = s.pad(src, [
          [0, 0],
          ...pads.map((p): [number, number] => [Math.max(0, p.before), Math.max(0, p.after)]),
          [0, 0],
        ]);
      }
      // filter [kd, kh, kw, Ci, Co] -> flipped [kd, kh, kw, Co, Ci]
      const wT = s.transpose(s.run('Reverse', { x: filter }, { dims: [0, 1, 2] }), [0, 1, 2, 4, 3]);
      const out = s.run(
        'Conv3D',
        { x: src, filter: wT },
        { strides: [1, 1, 1], pad: 'valid', dilations: [1, 1, 1], dataFormat: 'NDHWC' },
      );
      return s.finish(out);
    } catch (e) {
      s.dispose();
      throw e;
    }
  };
}

export const conv3DBackpropInputV2Wasm: KernelConfig = {
  kernelName: 'Conv3DBackpropInputV2',
  backendName: 'wasm',
  kernelFunc: conv3DBackpropInputComposite('wasm'),
};
