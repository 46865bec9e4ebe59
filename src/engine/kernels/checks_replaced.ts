/**
 * Checks of the stock wasm kernels we replace because they compute wrong values
 * (Dilation2D.ts, Dilation2DBackpropInput.ts, Dilation2DBackpropFilter.ts,
 * Conv3DBackpropInputV2.ts, OneHot.ts), against tfjs's cpu kernels.
 */
import { tf } from '../tf.ts';
import type { KernelCheck } from './check.ts';

const rn = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

interface DilationCase {
  hw: number;
  k: number;
  s: number;
  pad: 'same' | 'valid';
  d: number;
}

function dilationCase(kernel: string, t: DilationCase): KernelCheck {
  return {
    kernel,
    case: `x 2x${t.hw}x${t.hw}x3 (values < 0 too), filter ${t.k}x${t.k}x3, stride ${t.s}, ${t.pad}, dilation ${t.d}`,
    run: () =>
      tf.tidy(() => {
        // Shifted down so whole windows are negative (where the stock kernel failed).
        const x = tf.sub(rn([2, t.hw, t.hw, 3], 101), 2) as tf.Tensor4D;
        const f = rn([t.k, t.k, 3], 102) as tf.Tensor3D;
        if (kernel === 'Dilation2D') return tf.dilation2d(x, f, t.s, t.pad, t.d);
        const dy = rn(tf.dilation2d(x, f, t.s, t.pad, t.d).shape, 103);
        const attrs = { strides: t.s, pad: t.pad, dilations: t.d };
        return tf.engine().runKernel(kernel, { x, filter: f, dy }, attrs) as tf.Tensor;
      }),
  };
}

function conv3dCase(
  hw: number,
  ci: number,
  co: number,
  k: number,
  s: number,
  pad: 'same' | 'valid',
): KernelCheck {
  return {
    kernel: 'Conv3DBackpropInputV2',
    case: `x 2x${hw}x${hw}x${hw}x${ci}, filter ${k}x${k}x${k}x${ci}x${co}, stride ${s}, ${pad}`,
    run: () =>
      tf.tidy(() => {
        const shape: [number, number, number, number, number] = [2, hw, hw, hw, ci];
        const w = rn([k, k, k, ci, co], 111) as tf.Tensor5D;
        const dy = rn(tf.conv3d(tf.zeros(shape) as tf.Tensor5D, w, s, pad).shape, 112);
        const attrs = { strides: [s, s, s], pad, inputShape: shape };
        return tf.engine().runKernel('Conv3DBackpropInputV2', { dy, filter: w }, attrs) as tf.Tensor;
      }),
  };
}

const DILATIONS: DilationCase[] = [
  { hw: 6, k: 3, s: 1, pad: 'same', d: 1 },
  { hw: 7, k: 2, s: 2, pad: 'valid', d: 1 },
  { hw: 8, k: 3, s: 1, pad: 'same', d: 2 },
];

export const checks: KernelCheck[] = [
  ...['Dilation2D', 'Dilation2DBackpropInput', 'Dilation2DBackpropFilter'].flatMap((k) =>
    DILATIONS.map((t) => dilationCase(k, t)),
  ),
  conv3dCase(4, 2, 3, 2, 1, 'valid'),
  conv3dCase(5, 1, 2, 3, 1, 'same'),
  conv3dCase(6, 2, 2, 3, 2, 'same'),
  conv3dCase(7, 2, 1, 3, 2, 'valid'),
  {
    kernel: 'OneHot',
    case: 'float32, on 0.9, off 0.025, an index out of range',
    run: () =>
      tf.tidy(() => tf.oneHot(tf.tensor2d([0, 3, 5, 2, -1, 1], [2, 3], 'int32'), 5, 0.9, 0.025, 'float32')),
  },
];
