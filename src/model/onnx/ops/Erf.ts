/** Erf: the Gauss error function (opset 9 on); tf.erf's approximation is within 1.5e-7. */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('Erf', 9, (x) => tf.erf(x));
