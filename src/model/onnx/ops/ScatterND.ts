/**
 * ScatterND (opset 11 on): a copy of data with `updates` written at the index tuples in the
 * last dim of `indices` (each tuple of k entries names the slice data[t0, …, tk-1, ...]);
 * reduction (opset 16) 'none' or 'add' ('mul', 'max', 'min' are refused). Negative
 * entries count from the back.
 */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { attrString, fail, need } from './util/attrs.ts';
import { hostToTensor } from './util/dtypes.ts';
import { refuseReduction, scatterInto, wrapTuples } from './util/scatter.ts';

export const registrations: OpRegistration[] = [
  {
    opType: 'ScatterND',
    domain: '',
    since: 11,
    impl: {
      unsupported: refuseReduction,
      run: (inputs, ctx) => {
        const data = need(inputs, 0, ctx.node);
        const updates = need(inputs, 2, ctx.node);
        const c = ctx.constant(1);
        return [
          tf.tidy(() => {
            const idx = c ? hostToTensor(c, ctx.node) : need(inputs, 1, ctx.node);
            const k = idx.shape[idx.rank - 1];
            const want = [...idx.shape.slice(0, -1), ...data.shape.slice(k)];
            if (idx.rank < 1 || !(k >= 1 && k <= data.rank) || want.join() !== updates.shape.join())
              fail(
                ctx.node,
                `indices [${idx.shape}] and updates [${updates.shape}] do not fit data [${data.shape}]`,
              );
            const tuples = wrapTuples(idx, data.shape.slice(0, k));
            return scatterInto(data, tuples, updates, attrString(ctx.node, 'reduction', 'none'));
          }),
        ];
      },
    },
  },
];
