/**
 * GatherND (opset 11 on): slices of data at the index tuples in the last dim of indices
 * (negative indices count from the back); batch_dims (opset 12) leading dims shared by data
 * and indices. Differentiable in data (tf.gatherND).
 */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { attrNum, fail, need } from './util/attrs.ts';
import { hostToTensor } from './util/dtypes.ts';
import { product } from './util/ints.ts';

export const registrations: OpRegistration[] = [
  {
    opType: 'GatherND',
    domain: '',
    since: 11,
    impl: {
      run: (inputs, ctx) => {
        const data = need(inputs, 0, ctx.node);
        const c = ctx.constant(1);
        const b = attrNum(ctx.node, 'batch_dims', 0);
        return [
          tf.tidy(() => {
            const raw = c ? hostToTensor(c, ctx.node) : need(inputs, 1, ctx.node);
            const q = raw.shape[raw.rank - 1];
            const batchOk = raw.shape.slice(0, b).every((d, i) => d === data.shape[i]);
            if (
              raw.rank < 1 ||
              b < 0 ||
              b >= Math.min(raw.rank, data.rank) ||
              !(q >= 1) ||
              b + q > data.rank ||
              !batchOk
            )
              fail(ctx.node, `indices [${raw.shape}] (batch_dims ${b}) do not fit data [${data.shape}]`);
            let idx = raw.dtype === 'int32' ? raw : tf.cast(raw, 'int32');
            const dims = tf.tensor1d(data.shape.slice(b, b + q), 'int32');
            idx = tf.where(tf.less(idx, 0), tf.add(idx, dims), idx);
            if (b === 0) return tf.gatherND(data, idx);
            // batch dims: one flat batch index in front of every tuple, over data with the
            // batch dims merged
            const batch = product(data.shape.slice(0, b));
            const flatData = tf.reshape(data, [batch, ...data.shape.slice(b)]);
            const inner = raw.shape.slice(b, -1);
            const flatIdx = tf.reshape(idx, [batch, product(inner), q]);
            const ids = tf.broadcastTo(tf.reshape(tf.range(0, batch, 1, 'int32'), [batch, 1, 1]), [
              batch,
              product(inner),
              1,
            ]);
            const out = tf.gatherND(flatData, tf.concat([ids, flatIdx], 2));
            return tf.reshape(out, [...raw.shape.slice(0, -1), ...data.shape.slice(b + q)]);
          }),
        ];
      },
    },
  },
];
