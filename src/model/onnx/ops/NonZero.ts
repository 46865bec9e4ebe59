/**
 * NonZero (opset 9 on): the indices of the non-zero entries, as int64 [rank, count] in
 * row-major order. Its output's size depends on the values, so they are read on the host
 * (not differentiable, as in every framework).
 */
import { tf } from '../../../engine/tf.ts';
import type { OpRegistration } from '../types.ts';
import { need } from './util/attrs.ts';

export const registrations: OpRegistration[] = [
  {
    opType: 'NonZero',
    domain: '',
    since: 9,
    impl: {
      run: (inputs, ctx) => {
        const x = need(inputs, 0, ctx.node);
        const v = x.dataSync();
        const shape = x.shape.length ? x.shape : [1];
        const hits: number[] = [];
        for (let i = 0; i < v.length; i++) if (v[i] !== 0) hits.push(i);
        const out = new Int32Array(shape.length * hits.length);
        hits.forEach((flat, j) => {
          let rest = flat;
          for (let d = shape.length - 1; d >= 0; d--) {
            out[d * hits.length + j] = rest % shape[d];
            rest = Math.floor(rest / shape[d]);
          }
        });
        return [tf.tensor2d(out, [shape.length, hits.length], 'int32')];
      },
    },
  },
];
