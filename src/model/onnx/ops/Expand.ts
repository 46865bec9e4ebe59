/**
 * Expand: broadcasts the input to the shape given by the second input, bidirectionally:
 * the output shape is the numpy broadcast of both (a 1 in `shape` keeps the input's dim).
 */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { fail, need } from './util/attrs.ts';
import { broadcastShapes, intsOf } from './util/ints.ts';

export const registrations: OpRegistration[] = [
  {
    opType: 'Expand',
    domain: '',
    since: 8,
    impl: {
      run: (inputs, ctx) => {
        const x = need(inputs, 0, ctx.node);
        const shape = intsOf(inputs, ctx, 1) ?? fail(ctx.node, 'the shape input is missing');
        const out = broadcastShapes(x.shape, shape);
        if (!out) fail(ctx.node, `cannot broadcast [${x.shape}] to [${shape}]`);
        return [
          tf.tidy(() => {
            const y =
              out.length > x.rank
                ? tf.reshape(x, [...new Array(out.length - x.rank).fill(1), ...x.shape])
                : x;
            return y.shape.every((d, i) => d === out[i]) ? y.clone() : tf.broadcastTo(y, out);
          }),
        ];
      },
    },
  },
];
