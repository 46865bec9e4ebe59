/**
 * Div: A / B with numpy-style broadcasting. Integer division truncates toward zero, as
 * the ONNX reference runtimes do (C semantics), where tf's int division floors.
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { binary } from './util/elementwise.ts';

function div(a: Tensor, b: Tensor): Tensor {
  if (a.dtype === 'float32' || b.dtype === 'float32') return tf.div(a, b);
  return tf.tidy(() => tf.mul(tf.floorDiv(tf.abs(a), tf.abs(b)), tf.mul(tf.sign(a), tf.sign(b))));
}

export const registrations: OpRegistration[] = binary('Div', div);
