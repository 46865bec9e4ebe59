/** Tile: repeats the input `repeats[i]` times along axis i (opset 6 on; repeats is an input). */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { fail, need } from './util/attrs.ts';
import { intsOf } from './util/ints.ts';

export const registrations: OpRegistration[] = [
  {
    opType: 'Tile',
    domain: '',
    since: 6,
    impl: {
      run: (inputs, ctx) => {
        const x = need(inputs, 0, ctx.node);
        const reps = intsOf(inputs, ctx, 1) ?? fail(ctx.node, 'the repeats input is missing');
        if (reps.length !== x.rank || reps.some((r) => r < 0))
          fail(ctx.node, `repeats [${reps}] for rank ${x.rank}`);
        return [x.rank === 0 ? x.clone() : tf.tile(x, reps)];
      },
    },
  },
];
