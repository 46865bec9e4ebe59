import { tf } from '../tf.ts';
import type { KernelCheck } from './check.ts';

type Pad = 'same' | 'valid';
type Kind = 'input' | 'filter';

export interface DepthwiseCase {
  n: number;
  hw: number;
  c: number;
  m: number;
  k: number;
  s: number;
  pad: Pad;
  d?: number;
}

const rn = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

function kernelName(kind: Kind): string {
  return kind === 'input' ? 'DepthwiseConv2dNativeBackpropInput' : 'DepthwiseConv2dNativeBackpropFilter';
}

/** Runs one gradient kernel directly on seeded x [n, hw, hw, c], filter [k, k, c, m] and dy. */
function runGrad(kind: Kind, t: DepthwiseCase, filterK = t.k, d = t.d ?? 1): tf.Tensor {
  return tf.tidy(() => {
    const x = rn([t.n, t.hw, t.hw, t.c], 31);
    const dyShape = tf.depthwiseConv2d(
      x as tf.Tensor4D,
      tf.zeros([t.k, t.k, t.c, t.m]),
      t.s,
      t.pad,
      'NHWC',
      t.d ?? 1,
    ).shape;
    const dy = rn(dyShape, 33);
    const attrs = { strides: [t.s, t.s], pad: t.pad, dilations: [d, d] };
    if (kind === 'input') {
      const w =
        filterK === t.k ? rn([t.k, t.k, t.c, t.m], 32) : dilate(rn([t.k, t.k, t.c, t.m], 32), t.d ?? 1);
      return tf
        .engine()
        .runKernel(kernelName(kind), { dy, filter: w }, { ...attrs, inputShape: x.shape }) as tf.Tensor;
    }
    return tf
      .engine()
      .runKernel(
        kernelName(kind),
        { x, dy },
        { ...attrs, filterShape: [filterK, filterK, t.c, t.m] },
      ) as tf.Tensor;
  });
}

/** A filter [k, k, C, M] dilated by d: [(k-1)d+1, (k-1)d+1, C, M] with zeros between taps. */
function dilate(w: tf.Tensor, d: number): tf.Tensor {
  const [k, , c, m] = w.shape;
  const e = (k - 1) * d + 1;
  // [k, 1, k, 1, C*M] padded to [k, d, k, d, C*M], then cut to the dilated extent.
  const spread = tf.pad(tf.reshape(w, [k, 1, k, 1, c * m]), [
    [0, 0],
    [0, d - 1],
    [0, 0],
    [0, d - 1],
    [0, 0],
  ]);
  return tf.slice(tf.reshape(spread, [k * d, k * d, c, m]), [0, 0, 0, 0], [e, e, c, m]);
}

/**
 * The dilated case's reference: tfjs's cpu kernels ignore dilations, so it is computed with
 * dilation 1 on the explicitly dilated filter (same padding: both see the same effective
 * size), and for the filter gradient the taps at multiples of d are kept.
 */
function dilatedReference(kind: Kind, t: DepthwiseCase): tf.Tensor {
  const d = t.d ?? 1;
  const e = (t.k - 1) * d + 1;
  if (kind === 'input') return runGrad(kind, t, e, 1);
  return tf.tidy(() => tf.stridedSlice(runGrad(kind, t, e, 1), [0, 0, 0, 0], [e, e, t.c, t.m], [d, d, 1, 1]));
}

export function depthwiseCase(kind: Kind, t: DepthwiseCase): KernelCheck {
  const dilated = (t.d ?? 1) > 1;
  return {
    kernel: kernelName(kind),
    case: `x ${t.n}x${t.hw}x${t.hw}x${t.c}, filter ${t.k}x${t.k}x${t.c}x${t.m}, stride ${t.s}, ${t.pad}${dilated ? `, dilation ${t.d}` : ''}`,
    run: () => runGrad(kind, t),
    reference: dilated ? () => dilatedReference(kind, t) : undefined,
  };
}

export const DEPTHWISE_CASES: DepthwiseCase[] = [
  { n: 2, hw: 9, c: 3, m: 1, k: 3, s: 1, pad: 'same' },
  { n: 2, hw: 9, c: 3, m: 2, k: 3, s: 2, pad: 'same' },
  { n: 2, hw: 10, c: 4, m: 3, k: 3, s: 2, pad: 'valid' },
  { n: 1, hw: 11, c: 2, m: 1, k: 5, s: 3, pad: 'valid' },
  { n: 3, hw: 8, c: 4, m: 2, k: 2, s: 2, pad: 'same' },
  { n: 2, hw: 7, c: 3, m: 1, k: 1, s: 2, pad: 'same' },
  { n: 2, hw: 9, c: 3, m: 2, k: 3, s: 1, pad: 'same', d: 2 },
  { n: 1, hw: 10, c: 2, m: 1, k: 3, s: 1, pad: 'valid', d: 3 },
];

export const checks: KernelCheck[] = [];
for (const kind of ['input', 'filter'] as const) {
  for (const t of DEPTHWISE_CASES) checks.push(depthwiseCase(kind, t));
}
