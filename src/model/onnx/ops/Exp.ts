/** Exp: element-wise exp(x) (opset 1 on; the consumed_inputs attribute of opset 1 is ignored). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('Exp', 1, (x) => tf.exp(x));
