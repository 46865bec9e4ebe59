/**
 * Sign: -1, 0 or 1 per element, NaN for NaN (numpy's sign, which the ONNX reference uses),
 * opset 9 on. Floats are compared rather than sent to tf.sign: the wasm Sign kernel of
 * tfjs 4.22 returns 0 for |x| below about 1.2e-7 and for NaN.
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { unary } from './util/elementwise.ts';

export function sign(x: Tensor): Tensor {
  if (x.dtype !== 'float32') return tf.sign(x);
  return tf.tidy(() => {
    const zero = tf.scalar(0);
    const s = tf.sub(tf.cast(tf.greater(x, zero), 'float32'), tf.cast(tf.less(x, zero), 'float32'));
    return tf.where(tf.notEqual(x, x), x, s);
  });
}

export const registrations: OpRegistration[] = unary('Sign', 9, sign);
