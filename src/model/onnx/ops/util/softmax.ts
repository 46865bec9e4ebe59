/**
 * Softmax-family registrations. Before opset 13 the input is coerced to 2-D at `axis`
 * (default 1) and normalised over the flattened trailing block; from 13 on, along `axis`
 * (default -1) alone.
 */
import type { Tensor } from '../../../../engine/tf.ts';
import type { OpRegistration } from '../../types.ts';
import { attrNum, need, normAxis } from './attrs.ts';
import { alongAxis, on2d } from './axis.ts';

export function softmaxLike(opType: string, fn: (t: Tensor) => Tensor): OpRegistration[] {
  return [
    {
      opType,
      domain: '',
      since: 1,
      until: 12,
      impl: {
        run: (inputs, ctx) => {
          const x = need(inputs, 0, ctx.node);
          return [on2d(x, normAxis(attrNum(ctx.node, 'axis', 1), x.rank, ctx.node), fn)];
        },
      },
    },
    {
      opType,
      domain: '',
      since: 13,
      impl: {
        run: (inputs, ctx) => {
          const x = need(inputs, 0, ctx.node);
          return [alongAxis(x, normAxis(attrNum(ctx.node, 'axis', -1), x.rank, ctx.node), fn)];
        },
      },
    },
  ];
}
