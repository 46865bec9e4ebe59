/**
 * Pow: X ^ Y with broadcasting; the output has X's element type (opset 12 allows mixed
 * types). Integer results are computed in float32 and rounded back.
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { binary } from './util/elementwise.ts';

function pow(x: Tensor, y: Tensor): Tensor {
  if (x.dtype === 'float32') return tf.pow(x, y.dtype === 'float32' ? y : tf.cast(y, 'float32'));
  return tf.tidy(() => tf.cast(tf.round(tf.pow(tf.cast(x, 'float32'), tf.cast(y, 'float32'))), x.dtype));
}

export const registrations: OpRegistration[] = binary('Pow', pow);
