/** IsNaN: true where x is NaN (opset 9 on); integer inputs have none. */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('IsNaN', 9, (x) =>
  x.dtype === 'float32' ? tf.isNaN(x) : tf.zerosLike(x).cast('bool'),
);
