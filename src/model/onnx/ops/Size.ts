/** Size: the number of elements of the input, as an int64 scalar (opset 1 on). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { need } from './util/attrs.ts';

export const registrations: OpRegistration[] = [
  {
    opType: 'Size',
    domain: '',
    since: 1,
    impl: { run: (inputs, ctx) => [tf.scalar(need(inputs, 0, ctx.node).size, 'int32')] },
  },
];
