/**
 * Shape: the input's dimensions as a 1-D int tensor (int64 in ONNX). Opset 15 adds
 * `start`/`end` (negative counts from the back, both clamped to [0, rank]).
 */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { attrNum, need } from './util/attrs.ts';

const clampDim = (i: number, rank: number) => Math.min(Math.max(i < 0 ? i + rank : i, 0), rank);

export const registrations: OpRegistration[] = [
  {
    opType: 'Shape',
    domain: '',
    since: 1,
    impl: {
      run: (inputs, ctx) => {
        const x = need(inputs, 0, ctx.node);
        const start = clampDim(attrNum(ctx.node, 'start', 0), x.rank);
        const end = clampDim(attrNum(ctx.node, 'end', x.rank), x.rank);
        return [tf.tensor1d(x.shape.slice(start, Math.max(start, end)), 'int32')];
      },
    },
  },
];
