/**
 * ONNX ConvTranspose (opset 1+): X [N, C, ...S], W [C, M/group, ...k], optional B [M].
 *
 * Computed as the forward convolution it is the gradient of: the input spread by the
 * strides (s-1 zeros between elements), padded by effK-1-pad_begin before and
 * effK-1-pad_end+output_padding after (negative amounts crop), convolved with the filter
 * flipped in space and regrouped to [M, C/group, ...k]. The output length per axis is
 * stride*(in-1) + output_padding + effK - pad_begin - pad_end, as ONNX defines it.
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpContext, OpRegistration } from '../types.ts';
import { checkConvShapes } from './Conv.ts';
import {
  type ConvPlan,
  convChannelsLast,
  liftFilter,
  liftTo2d,
  stridesDilations,
  tfFilter,
} from './conv_util.ts';
import {
  attrInts,
  attrNum,
  attrString,
  memoized,
  need,
  opError,
  toChannelsFirst,
  toChannelsLast,
} from './nn_util.ts';

const prod = (v: number[]) => v.reduce((a, b) => a * b, 1);

/** Spreads x [N, ...S, C] along each spatial axis by its stride: (L-1)*s+1 elements. */
function insertZeros(x: Tensor, strides: number[]): Tensor {
  let y = x;
  strides.forEach((s, i) => {
    const ax = i + 1;
    const shape = y.shape;
    const len = shape[ax];
    if (s === 1 || len <= 1) return;
    const pre = prod(shape.slice(0, ax));
    const post = prod(shape.slice(ax + 1));
    const t = tf.pad(tf.reshape(y, [pre, len, 1, post]), [
      [0, 0],
      [0, 0],
      [0, s - 1],
      [0, 0],
    ]);
    const spread = tf.slice(tf.reshape(t, [pre, len * s, post]), [0, 0, 0], [pre, (len - 1) * s + 1, post]);
    y = tf.reshape(spread, [...shape.slice(0, ax), (len - 1) * s + 1, ...shape.slice(ax + 1)]);
  });
  return y;
}

/** W [C, M/g, ...k] -> the forward filter [M, C/g, ...k], flipped in every spatial axis. */
function forwardFilter(w: Tensor, groups: number): Tensor {
  const [c, mg, ...k] = w.shape;
  const r = k.length;
  const spatial = Array.from({ length: r }, (_, i) => i + 3);
  const g = tf.transpose(tf.reshape(w, [groups, c / groups, mg, ...k]), [0, 2, 1, ...spatial]);
  return tf.reverse(
    tf.reshape(g, [groups * mg, c / groups, ...k]),
    spatial.map((a) => a - 1),
  );
}

/** Pads per axis (begin, end): explicit, from auto_pad, or from output_shape. */
function transposePads(ctx: OpContext, inLen: number[], effK: number[], strides: number[], outPad: number[]) {
  const r = inLen.length;
  const autoPad = attrString(ctx, 'auto_pad', 'NOTSET');
  let target = attrInts(ctx, 'output_shape');
  if (target && target.length === r + 2) target = target.slice(2);
  if (target && target.length !== r) throw opError(ctx, `output_shape needs ${r} spatial values`);
  if (!target && (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER'))
    target = inLen.map((l, i) => l * strides[i]);
  if (target) {
    const t = target;
    // total = stride*(in-1) + output_padding + effK - out, split as the ONNX spec says: the
    // larger half at the end for SAME_UPPER, at the beginning otherwise.
    const total = inLen.map((l, i) => strides[i] * (l - 1) + outPad[i] + effK[i] - t[i]);
    const begin = total.map((v) => (autoPad === 'SAME_UPPER' ? Math.floor(v / 2) : v - Math.floor(v / 2)));
    return { begin, end: total.map((v, i) => v - begin[i]) };
  }
  if (autoPad === 'VALID') return { begin: new Array(r).fill(0), end: new Array(r).fill(0) };
  if (autoPad !== 'NOTSET') throw opError(ctx, `unknown auto_pad '${autoPad}'`);
  const pads = attrInts(ctx, 'pads') ?? new Array(2 * r).fill(0);
  if (pads.length !== 2 * r) throw opError(ctx, `pads needs ${2 * r} values, got ${pads.length}`);
  return { begin: pads.slice(0, r), end: pads.slice(r) };
}

function run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] {
  const x = need(inputs, 0, ctx, 'X');
  const w = need(inputs, 1, ctx, 'W');
  const b = inputs[2];
  const groups = attrNum(ctx, 'group', 1);
  const r = checkConvShapes(ctx, x, w, 1, x.shape[1] as number);
  if (w.shape[0] !== x.shape[1] || x.shape[1] % groups !== 0) {
    throw opError(ctx, `weight [${w.shape}] does not fit ${x.shape[1]} input channels in ${groups} groups`);
  }
  const k = w.shape.slice(2);
  const { strides, dilations } = stridesDilations(ctx, r);
  const outPad = attrInts(ctx, 'output_padding') ?? new Array(r).fill(0);
  if (outPad.length !== r) throw opError(ctx, `output_padding needs ${r} values`);
  const effK = k.map((v, i) => (v - 1) * dilations[i] + 1);
  const { begin, end } = transposePads(ctx, x.shape.slice(2), effK, strides, outPad);
  const before = effK.map((e, i) => e - 1 - begin[i]);
  const after = effK.map((e, i) => e - 1 - end[i] + outPad[i]);
  let xl = insertZeros(toChannelsLast(x), strides);
  if (before.some((v) => v < 0) || after.some((v) => v < 0)) {
    const start = [0, ...before.map((v) => Math.max(0, -v)), 0];
    const size = xl.shape.map((s, a) =>
      a === 0 || a === r + 1 ? s : s - start[a] - Math.max(0, -after[a - 1]),
    );
    if (size.some((s) => s <= 0)) throw opError(ctx, 'pads leave an empty output');
    xl = tf.slice(xl, start, size);
  }
  let plan: ConvPlan = {
    kernel: k,
    strides: new Array(r).fill(1),
    dilations,
    begin: before.map((v) => Math.max(0, v)),
    end: after.map((v) => Math.max(0, v)),
    groups,
    // the forward filter is [M, C/group, ...k]: depthwise when C/group is 1 (2-D after lifting)
    depthwise: r <= 2 && groups > 1 && x.shape[1] === groups,
  };
  if (r === 1) ({ x: xl, p: plan } = liftTo2d(xl, plan));
  const f = memoized(ctx, 'filter', [1], () => tfFilter(liftFilter(forwardFilter(w, groups)), groups));
  let y = convChannelsLast(xl, f, plan);
  if (b !== undefined) y = tf.add(y, b);
  if (r === 1) y = tf.squeeze(y, [1]);
  return [toChannelsFirst(y)];
}

export const registrations: OpRegistration[] = [
  { opType: 'ConvTranspose', domain: '', since: 1, impl: { run } },
];
