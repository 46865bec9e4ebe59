/** LogSoftmax: x - log(sum(exp(x))); see util/softmax.ts for the axis rules per opset. */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { softmaxLike } from './util/softmax.ts';

export const registrations: OpRegistration[] = softmaxLike('LogSoftmax', (t) => tf.logSoftmax(t));
