/** Transpose: permutes axes by `perm` (default: reversed). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { attrInts, fail, need } from './util/attrs.ts';

export const registrations: OpRegistration[] = [
  {
    opType: 'Transpose',
    domain: '',
    since: 1,
    impl: {
      run: (inputs, ctx) => {
        const x = need(inputs, 0, ctx.node);
        const perm = attrInts(ctx.node, 'perm') ?? [...Array(x.rank).keys()].reverse();
        const sorted = [...perm].sort((a, b) => a - b);
        if (perm.length !== x.rank || sorted.some((p, i) => p !== i)) {
          fail(ctx.node, `perm [${perm}] is not a permutation of rank ${x.rank}`);
        }
        return [tf.transpose(x, perm)];
      },
    },
  },
];
