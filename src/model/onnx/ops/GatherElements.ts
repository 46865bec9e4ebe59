/**
 * GatherElements (opset 11 on): out[i0, …, ik, …] = data[i0, …, indices[i0, …, ik, …], …]
 * along `axis` (default 0); indices has data's rank, and negative indices count from the
 * back. Runs as gatherND over full coordinates (differentiable in data).
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { attrNum, fail, need, normAxis } from './util/attrs.ts';
import { hostToTensor } from './util/dtypes.ts';

/** Coordinates [...indices.shape, rank] with `axis` taken from `idx` and the others the position. */
export function elementCoords(idx: Tensor, axis: number, dim: number): Tensor {
  return tf.tidy(() => {
    const shape = idx.shape;
    let i = idx.dtype === 'int32' ? idx : tf.cast(idx, 'int32');
    i = tf.where(tf.less(i, tf.scalar(0, 'int32')), tf.add(i, tf.scalar(dim, 'int32')), i);
    const coords = shape.map((n, d) => {
      if (d === axis) return i;
      const view = shape.map((_, k) => (k === d ? n : 1));
      return tf.broadcastTo(tf.reshape(tf.range(0, n, 1, 'int32'), view), shape);
    });
    return tf.stack(coords, shape.length);
  });
}

export const registrations: OpRegistration[] = [
  {
    opType: 'GatherElements',
    domain: '',
    since: 11,
    impl: {
      run: (inputs, ctx) => {
        const data = need(inputs, 0, ctx.node);
        const c = ctx.constant(1);
        return [
          tf.tidy(() => {
            const idx = c ? hostToTensor(c, ctx.node) : need(inputs, 1, ctx.node);
            if (idx.rank !== data.rank)
              fail(ctx.node, `indices have rank ${idx.rank} but data has rank ${data.rank}`);
            const axis = normAxis(attrNum(ctx.node, 'axis', 0), data.rank, ctx.node);
            if (idx.size === 0) return tf.zeros(idx.shape, data.dtype);
            return tf.gatherND(data, elementCoords(idx, axis, data.shape[axis]));
          }),
        ];
      },
    },
  },
];
