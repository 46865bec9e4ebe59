import { tf } from '../tf.ts';
import type { KernelCheck } from './check.ts';

type Pad = 'same' | 'valid';

function convCase(
  kind: 'input' | 'filter',
  n: number,
  hw: number,
  ci: number,
  co: number,
  k: number,
  s: number,
  pad: Pad,
): KernelCheck {
  const name = kind === 'input' ? 'Conv2DBackpropInput' : 'Conv2DBackpropFilter';
  return {
    kernel: name,
    case: `x ${n}x${hw}x${hw}x${ci}, filter ${k}x${k}x${ci}x${co}, stride ${s}, ${pad}`,
    run: () =>
      tf.tidy(() => {
        const x = tf.randomNormal([n, hw, hw, ci], 0, 1, 'float32', 1) as tf.Tensor4D;
        const w = tf.randomNormal([k, k, ci, co], 0, 1, 'float32', 2) as tf.Tensor4D;
        const outShape = tf.conv2d(x, w, s, pad).shape;
        const dy = tf.randomNormal(outShape, 0, 1, 'float32', 3) as tf.Tensor4D;
        if (kind === 'input') return tf.conv2dTranspose(dy, w, x.shape, s, pad);
        return tf.engine().runKernel(
          'Conv2DBackpropFilter',
          { x, dy },
          {
            strides: [s, s],
            pad,
            dataFormat: 'NHWC',
            filterShape: w.shape,
          },
        ) as tf.Tensor;
      }),
  };
}

/** Conv2DBackpropInput with explicit (asymmetric) pads and per-axis strides: the stride phases. */
function inputCase(
  hw: [number, number],
  ci: number,
  co: number,
  k: [number, number],
  s: [number, number],
  pad: [number, number, number, number],
): KernelCheck {
  const [t, b, l, r] = pad;
  return {
    kernel: 'Conv2DBackpropInput',
    case: `x 2x${hw.join('x')}x${ci}, filter ${k.join('x')}x${ci}x${co}, strides ${s.join('x')}, pads ${pad.join(',')}`,
    run: () =>
      tf.tidy(() => {
        const x = tf.zeros([2, ...hw, ci]) as tf.Tensor4D;
        const w = tf.randomNormal([...k, ci, co], 0, 1, 'float32', 4) as tf.Tensor4D;
        const explicit: [[number, number], [number, number], [number, number], [number, number]] = [
          [0, 0],
          [t, b],
          [l, r],
          [0, 0],
        ];
        const outShape = tf.conv2d(x, w, s, explicit).shape;
        const dy = tf.randomNormal(outShape, 0, 1, 'float32', 5) as tf.Tensor4D;
        return tf.conv2dTranspose(dy, w, x.shape, s, explicit);
      }),
  };
}

export const checks: KernelCheck[] = [
  // fewer than 8 input channels (one joint convolution): ResNet's stem (7x7, stride 2, pad 3),
  // 1x1 strided shortcuts (phases with no taps), per-axis strides
  inputCase([16, 15], 3, 8, [7, 7], [2, 2], [3, 3, 3, 3]),
  inputCase([9, 9], 4, 6, [1, 1], [2, 2], [0, 0, 0, 0]),
  inputCase([10, 11], 3, 5, [1, 1], [3, 3], [0, 0, 0, 0]),
  inputCase([9, 12], 3, 4, [3, 2], [2, 1], [1, 0, 0, 1]),
  inputCase([13, 10], 2, 3, [4, 3], [3, 2], [2, 1, 1, 0]),
  inputCase([8, 8], 5, 4, [2, 2], [4, 4], [0, 1, 1, 0]),
  // 8 input channels and more: one convolution per stride phase
  inputCase([11, 10], 8, 6, [3, 3], [2, 2], [1, 1, 1, 1]),
  inputCase([10, 10], 12, 16, [1, 1], [2, 2], [0, 0, 0, 0]),
  inputCase([12, 9], 9, 5, [3, 4], [3, 2], [1, 2, 0, 1]),
  inputCase([7, 7], 10, 4, [1, 1], [3, 3], [0, 0, 0, 0]),
];
for (const kind of ['input', 'filter'] as const) {
  checks.push(convCase(kind, 2, 9, 3, 4, 3, 1, 'same'));
  checks.push(convCase(kind, 2, 9, 3, 4, 3, 2, 'same'));
  checks.push(convCase(kind, 2, 10, 3, 4, 3, 2, 'valid'));
  checks.push(convCase(kind, 1, 11, 2, 5, 5, 3, 'valid'));
  checks.push(convCase(kind, 3, 8, 4, 2, 2, 2, 'same'));
}
