/**
 * Range: start, start + delta, … while before limit; length max(ceil((limit - start) /
 * delta), 0). The element type follows the inputs (opset 11 on). Values are computed on
 * the host as start + i * delta (not by accumulation); Range has no gradient.
 */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { fail, need } from './util/attrs.ts';
import { scalarOf } from './util/ints.ts';

export const registrations: OpRegistration[] = [
  {
    opType: 'Range',
    domain: '',
    since: 11,
    impl: {
      run: (inputs, ctx) => {
        const [start, limit, delta] = [0, 1, 2].map(
          (i) => scalarOf(inputs, ctx, i) ?? fail(ctx.node, `input ${i} is missing`),
        );
        if (delta === 0) fail(ctx.node, 'delta is 0');
        const c = ctx.constant(0);
        const int = c
          ? !['FLOAT', 'DOUBLE', 'FLOAT16', 'BFLOAT16'].includes(c.dataType)
          : need(inputs, 0, ctx.node).dtype === 'int32';
        const n = Math.max(Math.ceil((limit - start) / delta), 0);
        const values = Array.from({ length: n }, (_, i) => start + i * delta);
        return [tf.tensor1d(values, int ? 'int32' : 'float32')];
      },
    },
  },
];
