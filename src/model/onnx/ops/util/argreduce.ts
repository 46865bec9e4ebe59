/**
 * ArgMax/ArgMin: the index of the extreme along `axis` (default 0; negative from opset
 * 11), keepdims (default 1) and, from opset 12, select_last_index (ties: the last index,
 * else the first). The output is int64 in ONNX, int32 on the engine.
 */
import { type Tensor, tf } from '../../../../engine/tf.ts';
import type { OpRegistration } from '../../types.ts';
import { attrNum, need, normAxis } from './attrs.ts';

type Arg = (x: Tensor, axis: number) => Tensor;

function argReduce(x: Tensor, axis: number, keep: boolean, last: boolean, fn: Arg): Tensor {
  return tf.tidy(() => {
    const dim = x.shape[axis];
    // a reversed axis finds the last extreme first; map its index back to dim-1-i
    const src = last ? tf.reverse(x.dtype === 'bool' ? tf.cast(x, 'int32') : x, [axis]) : x;
    let i = fn(src.dtype === 'bool' ? tf.cast(src, 'int32') : src, axis);
    if (last) i = tf.sub(tf.scalar(dim - 1, 'int32'), i);
    if (!keep) return i;
    const shape = [...x.shape];
    shape[axis] = 1;
    return tf.reshape(i, shape);
  });
}

export function argOp(opType: string, fn: Arg): OpRegistration[] {
  return [
    {
      opType,
      domain: '',
      since: 1,
      impl: {
        run: (inputs, ctx) => {
          const x = need(inputs, 0, ctx.node);
          const axis = normAxis(attrNum(ctx.node, 'axis', 0), x.rank, ctx.node);
          const keep = attrNum(ctx.node, 'keepdims', 1) === 1;
          const last = attrNum(ctx.node, 'select_last_index', 0) === 1;
          return [argReduce(x, axis, keep, last, fn)];
        },
      },
    },
  ];
}
