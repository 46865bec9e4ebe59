/**
 * Rounding float32 values to FLOAT16 or BFLOAT16 precision (round to nearest, ties to
 * even; FLOAT16 subnormals and overflow to infinity included), so that a Cast to these
 * types gives the values a runtime with real 16-bit storage gives. The gradient passes
 * straight through (the rounding is a staircase whose derivative is taken as 1).
 */
import { type Tensor, tf } from '../../../../engine/tf.ts';
import { sign } from '../Sign.ts';

interface Format {
  /** significand bits including the implicit one */
  precision: number;
  /** the smallest normal exponent */
  minExp: number;
  /** the largest finite value */
  max: number;
}

const FORMATS: Record<'FLOAT16' | 'BFLOAT16', Format> = {
  FLOAT16: { precision: 11, minExp: -14, max: 65504 },
  BFLOAT16: { precision: 8, minExp: -126, max: 3.3895313892515355e38 },
};

function round(x: Tensor, f: Format): Tensor {
  return tf.tidy(() => {
    const a = tf.abs(x);
    // exponent of the leading bit, corrected where log2 lands one off at a power of two
    let e = tf.floor(tf.div(tf.log(a), Math.LN2));
    e = tf.maximum(e, f.minExp);
    e = tf.where(tf.greater(tf.pow(2, e), a), tf.sub(e, 1), e);
    e = tf.where(tf.lessEqual(tf.pow(2, tf.add(e, 1)), a), tf.add(e, 1), e);
    e = tf.maximum(e, f.minExp);
    const ulp = tf.pow(2, tf.sub(e, f.precision - 1));
    const r = tf.mul(tf.round(tf.div(a, ulp)), ulp);
    const finite = tf.where(tf.greater(r, f.max), tf.fill(r.shape, Number.POSITIVE_INFINITY), r);
    const signed = tf.mul(sign(x), finite);
    // NaN and +-Infinity stay as they are (a < Infinity is false for both)
    return tf.where(tf.less(a, Number.POSITIVE_INFINITY), signed, x);
  });
}

export function roundToFloatFormat(x: Tensor, name: 'FLOAT16' | 'BFLOAT16'): Tensor {
  const f = FORMATS[name];
  const op = tf.customGrad((...args: (Tensor | tf.GradSaveFunc)[]) => ({
    value: round(args[0] as Tensor, f),
    gradFunc: (dy: Tensor) => dy,
  }));
  return op(x);
}
