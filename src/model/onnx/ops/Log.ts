/** Log: element-wise log(x) (opset 1 on; the consumed_inputs attribute of opset 1 is ignored). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('Log', 1, (x) => tf.log(x));
