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

export const checks: KernelCheck[] = [];
for (const kind of ['input', 'filter'] as const) {
  checks.push(convCase(kind, 2, 9, 3, 4, 3, 1, 'same'));
  checks.push(convCase(kind, 2, 9, 3, 4, 3, 2, 'same'));
  checks.push(convCase(kind, 2, 10, 3, 4, 3, 2, 'valid'));
  checks.push(convCase(kind, 1, 11, 2, 5, 5, 3, 'valid'));
  checks.push(convCase(kind, 3, 8, 4, 2, 2, 2, 'same'));
}
