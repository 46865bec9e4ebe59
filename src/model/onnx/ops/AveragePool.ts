/**
 * ONNX AveragePool (opset 1+; count_include_pad since 7, ceil_mode since 10, dilations
 * since 19). The divisor is the number of window taps inside the input, or with
 * count_include_pad inside the input and its explicit pads; taps that ceil_mode adds past
 * the end pad never count.
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpContext, OpRegistration } from '../types.ts';
import { attrNum, need, opError, toChannelsFirst, toChannelsLast } from './nn_util.ts';
import {
  axisCounts,
  factorTensor,
  fullPads,
  isDilated,
  liftGeom,
  poolDirect,
  poolGeom,
  tapReduce,
} from './pool_util.ts';

function run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] {
  const x = need(inputs, 0, ctx, 'X');
  const r = x.rank - 2;
  if (r < 1 || r > 3) throw opError(ctx, `input must have 1 to 3 spatial dims, got shape [${x.shape}]`);
  const includePad = attrNum(ctx, 'count_include_pad', 0) !== 0;
  let g = poolGeom(ctx, x.shape.slice(2));
  let inLen = x.shape.slice(2);
  let xl = toChannelsLast(x);
  if (r === 1) {
    xl = tf.expandDims(xl, 1);
    g = liftGeom(g);
    inLen = [1, ...inLen];
  }
  const hasPad = g.begin.some((v) => v > 0) || g.end.some((v) => v > 0);
  let y: Tensor;
  if (!isDilated(g)) {
    // TF.js averages over the taps inside the input, as count_include_pad=0 does.
    y = poolDirect(xl, g, 'avg');
    if (includePad && hasPad) {
      const inside = inLen.map((l, i) => axisCounts(l, g, i, false));
      const padded = inLen.map((l, i) => axisCounts(l, g, i, true));
      y = tf.mul(y, factorTensor(inside.map((a, i) => a.map((v, o) => v / padded[i][o]))));
    }
  } else {
    // dilated: the sum of the taps of the zero-padded input, divided by the count
    y = tapReduce(tf.pad(xl, fullPads(g)), g, 'sum');
    const counts = inLen.map((l, i) => axisCounts(l, g, i, includePad));
    y = tf.mul(y, factorTensor(counts.map((a) => a.map((v) => 1 / v))));
  }
  if (r === 1) y = tf.squeeze(y, [1]);
  return [toChannelsFirst(y)];
}

export const registrations: OpRegistration[] = [
  { opType: 'AveragePool', domain: '', since: 1, impl: { run } },
];
