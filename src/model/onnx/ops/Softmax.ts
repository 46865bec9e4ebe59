/** Softmax: exp(x) / sum(exp(x)); see util/softmax.ts for the opset 1-12 vs 13+ axis rules. */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { softmaxLike } from './util/softmax.ts';

export const registrations: OpRegistration[] = softmaxLike('Softmax', (t) => tf.softmax(t));
