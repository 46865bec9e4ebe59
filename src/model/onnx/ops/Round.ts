/** Round: to the nearest integer, halves to even (ONNX and tf.round agree), opset 11 on. */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { unary } from './util/elementwise.ts';

export const registrations: OpRegistration[] = unary('Round', 11, (x) => tf.round(x));
