import { tf } from '../tf.ts';
import type { KernelCheck } from './check.ts';

const rn = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

/** Segment ids in [-1, numSegments]: both ends are out of range and must be dropped. */
function ids(count: number, numSegments: number, seed: number): tf.Tensor1D {
  return tf.tidy(() =>
    tf.cast(tf.floor(tf.randomUniform([count], -1, numSegments + 1, 'float32', seed)), 'int32'),
  ) as tf.Tensor1D;
}

function segmentCase(
  xShape: number[],
  idsRank: number,
  numSegments: number,
  dtype: 'float32' | 'int32',
): KernelCheck {
  const lead = xShape.slice(0, idsRank);
  const count = lead.reduce((a, b) => a * b, 1);
  const x = () => {
    const v = rn(xShape, 41);
    return dtype === 'int32' ? tf.cast(tf.round(tf.mul(v, 10)), 'int32') : v;
  };
  return {
    kernel: 'UnsortedSegmentSum',
    case: `x [${xShape}] ${dtype}, ids [${lead}], ${numSegments} segments, ids out of range`,
    // Ids of rank > 1 are TensorFlow semantics that tfjs's op typing (Tensor1D) leaves out.
    run: () =>
      tf.tidy(() => {
        const shaped: tf.Tensor = tf.reshape(ids(count, numSegments, 42), lead);
        return tf.unsortedSegmentSum(x(), shaped as tf.Tensor1D, numSegments);
      }),
    // The cpu kernel sums over axis 0 only, so ids of rank > 1 are flattened for it (with x
    // to [count, ...rest]): the same sums, by TensorFlow's definition.
    reference: () =>
      tf.tidy(() =>
        tf.unsortedSegmentSum(
          tf.reshape(x(), [count, ...xShape.slice(idsRank)]),
          ids(count, numSegments, 42),
          numSegments,
        ),
      ),
  };
}

type BnInputs = 'none' | 'scale' | 'offset' | 'both';

/**
 * The gradient through tf.batchNorm with absent scale and/or offset (which threw before
 * FusedBatchNorm.ts), against the same with explicit ones and zeros on the cpu backend.
 */
function batchNormCase(given: BnInputs, wrt: 'x' | 'mean' | 'variance'): KernelCheck {
  const grad = (explicit: boolean) =>
    tf.tidy(() => {
      const x = rn([3, 4, 4, 5], 51);
      const mean = rn([5], 52);
      const variance = tf.add(tf.abs(rn([5], 53)), 0.5);
      const scale = given === 'scale' || given === 'both' ? rn([5], 54) : explicit ? tf.ones([5]) : undefined;
      const offset =
        given === 'offset' || given === 'both' ? rn([5], 55) : explicit ? tf.zeros([5]) : undefined;
      const r = rn(x.shape, 56);
      const f = (xx: tf.Tensor, mm: tf.Tensor, vv: tf.Tensor) =>
        tf.sum(tf.mul(tf.batchNorm(xx, mm, vv, offset, scale, 1e-3), r)) as tf.Scalar;
      const [gx, gm, gv] = tf.grads(f)([x, mean, variance]);
      return wrt === 'x' ? gx : wrt === 'mean' ? gm : gv;
    });
  return {
    kernel: 'FusedBatchNorm',
    case: `gradient wrt ${wrt} through tf.batchNorm with ${given === 'both' ? 'scale and offset' : given === 'none' ? 'neither scale nor offset' : `${given} only`}`,
    run: () => grad(false),
    reference: () => grad(true),
  };
}

export const checks: KernelCheck[] = [
  segmentCase([7], 1, 4, 'float32'),
  segmentCase([9, 3], 1, 5, 'float32'),
  segmentCase([6, 2, 3], 1, 3, 'int32'),
  segmentCase([4, 3, 2, 5], 2, 6, 'float32'),
  ...(['none', 'scale', 'offset', 'both'] as const).flatMap((g) =>
    (['x', 'mean', 'variance'] as const).map((w) => batchNormCase(g, w)),
  ),
];
