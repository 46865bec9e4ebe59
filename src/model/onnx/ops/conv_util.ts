/**
 * Convolution on channels-last tensors ([N, ...S, C], 2 or 3 spatial dims) with an ONNX
 * filter ([M, C/groups, ...k]): the core that Conv and ConvTranspose share.
 *
 * TF.js's conv kernels run channels-last (wasm needs NHWC). Groups map to one conv2d, one
 * depthwiseConv2d (groups == C, any channel multiplier) or one conv per group. TF.js has no
 * gradient for dilated convolutions, so dilation runs as space-to-batch + undilated conv +
 * batch-to-space (the "atrous" identity), which is exact and differentiable.
 */
import { type Tensor, type Tensor4D, tf } from '../../../engine/tf.ts';
import type { OpContext } from '../types.ts';
import { attrInts, attrString, opError } from './nn_util.ts';

export interface ConvPlan {
  /** the filter's spatial size */
  kernel: number[];
  strides: number[];
  dilations: number[];
  /** leading and trailing padding per spatial axis (non-negative) */
  begin: number[];
  end: number[];
  groups: number;
  /** the filter is in depthwise layout (see tfFilter) */
  depthwise: boolean;
}

const ones = (n: number) => new Array<number>(n).fill(1);
const zeros = (n: number) => new Array<number>(n).fill(0);

/** strides and dilations attributes (default 1 per spatial axis), checked against `r`. */
export function stridesDilations(ctx: OpContext, r: number): { strides: number[]; dilations: number[] } {
  const strides = attrInts(ctx, 'strides') ?? ones(r);
  const dilations = attrInts(ctx, 'dilations') ?? ones(r);
  if (strides.length !== r || dilations.length !== r) {
    throw opError(ctx, `strides/dilations need ${r} values for a ${r}-D input`);
  }
  // beyond int32 the engine's kernels would read them wrapped (a stride of 2^40 as 0)
  if ([...strides, ...dilations].some((v) => !(v >= 1 && v <= 2 ** 31 - 1)))
    throw opError(ctx, `strides [${strides}] and dilations [${dilations}] must be between 1 and 2^31 - 1`);
  return { strides, dilations };
}

/**
 * Pads per the ONNX auto_pad rule (Conv, MaxPool, AveragePool): NOTSET reads `pads`
 * ([x1_begin, x2_begin, ..., x1_end, x2_end]); SAME_UPPER/SAME_LOWER pad so that
 * out = ceil(in / stride), the odd unit at the end (UPPER) or the beginning (LOWER).
 */
export function resolvePads(
  ctx: OpContext,
  inLen: number[],
  kernel: number[],
  strides: number[],
  dilations: number[],
): { begin: number[]; end: number[] } {
  const r = inLen.length;
  const autoPad = attrString(ctx, 'auto_pad', 'NOTSET');
  if (autoPad === 'NOTSET') {
    const pads = attrInts(ctx, 'pads') ?? zeros(2 * r);
    if (pads.length !== 2 * r) throw opError(ctx, `pads needs ${2 * r} values, got ${pads.length}`);
    if (pads.some((p) => p < 0)) throw opError(ctx, 'negative pads are not supported');
    return { begin: pads.slice(0, r), end: pads.slice(r) };
  }
  if (autoPad === 'VALID') return { begin: zeros(r), end: zeros(r) };
  if (autoPad !== 'SAME_UPPER' && autoPad !== 'SAME_LOWER')
    throw opError(ctx, `unknown auto_pad '${autoPad}'`);
  const begin: number[] = [];
  const end: number[] = [];
  for (let i = 0; i < r; i++) {
    const out = Math.ceil(inLen[i] / strides[i]);
    const effK = (kernel[i] - 1) * dilations[i] + 1;
    const total = Math.max(0, (out - 1) * strides[i] + effK - inLen[i]);
    const small = Math.floor(total / 2);
    begin.push(autoPad === 'SAME_UPPER' ? small : total - small);
    end.push(total - begin[i]);
  }
  return { begin, end };
}

/** A 2-D grouped conv with one input channel per group runs as one depthwiseConv2d. */
export const isDepthwise = (w: Tensor, groups: number) => w.rank === 4 && groups > 1 && w.shape[1] === 1;

/**
 * ONNX filter [M, Cg, ...k] -> TF.js layout: [...k, Cg, M], or for depthwise
 * [kh, kw, C, M/C] (output channel o = c * mult + j reads input channel c, as ONNX groups do).
 */
export function tfFilter(w: Tensor, groups: number): Tensor {
  if (isDepthwise(w, groups)) {
    const [m, , kh, kw] = w.shape as number[];
    return tf.transpose(tf.reshape(w, [groups, m / groups, kh, kw]), [2, 3, 0, 1]);
  }
  const r = w.rank - 2;
  return tf.transpose(w, [...Array.from({ length: r }, (_, i) => i + 2), 1, 0]);
}

type Pads = [number, number][];

/** One ungrouped convolution, channels-last, filter [...k, Cg, M]. */
function convOnce(x: Tensor, f: Tensor, strides: number[], pads: Pads | null): Tensor {
  if (x.rank === 4) {
    const pad = pads === null ? 'valid' : ([[0, 0], ...pads, [0, 0]] as [number, number][]);
    return tf.conv2d(x as Tensor4D, f as Tensor4D, strides as [number, number], pad as 'valid');
  }
  // conv3d takes only 'same'/'valid': pad explicitly.
  const xp = pads === null ? x : tf.pad(x, [[0, 0], ...pads, [0, 0]]);
  return tf.conv3d(xp as tf.Tensor5D, f as tf.Tensor5D, strides as [number, number, number], 'valid');
}

/** A direct (undilated) grouped convolution with a filter in TF.js layout. */
function directConv(x: Tensor, f: Tensor, strides: number[], pads: Pads | null, p: ConvPlan): Tensor {
  const r = x.rank - 2;
  if (p.groups === 1) return convOnce(x, f, strides, pads);
  if (p.depthwise) {
    const pad = pads === null ? 'valid' : ([[0, 0], ...pads, [0, 0]] as [number, number][]);
    return tf.depthwiseConv2d(x as Tensor4D, f as Tensor4D, strides as [number, number], pad as 'valid');
  }
  const xs = tf.split(x, p.groups, r + 1);
  const fs = tf.split(f, p.groups, r + 1);
  return tf.concat(
    xs.map((xi, i) => convOnce(xi, fs[i], strides, pads)),
    r + 1,
  );
}

/**
 * Dilated convolution as space-to-batch: with the input padded to a multiple of the
 * dilation d, sub-image (a, b) holds x[a + d*i, b + d*j], and an undilated valid conv of it
 * gives the dilated conv's outputs at a + d*i. Strides apply afterwards by subsampling.
 */
function atrousConv(x: Tensor, f: Tensor, p: ConvPlan): Tensor {
  const r = x.rank - 2;
  const d = p.dilations;
  const k = p.kernel;
  const padded = x.shape.slice(1, r + 1).map((s, i) => s + p.begin[i] + p.end[i]);
  const extra = padded.map((len, i) => (d[i] - (len % d[i])) % d[i]);
  const xb = tf.spaceToBatchND(
    x,
    d,
    padded.map((_, i) => [p.begin[i], p.end[i] + extra[i]]),
  );
  const y = directConv(xb, f, ones(r), null, p);
  const full = padded.map((len, i) => d[i] * ((len + extra[i]) / d[i] - k[i] + 1));
  const stride1 = padded.map((len, i) => len - (k[i] - 1) * d[i]);
  const yd = tf.batchToSpaceND(
    y,
    d,
    full.map((f, i) => [0, f - stride1[i]]),
  );
  if (p.strides.every((s) => s === 1)) return yd;
  return tf.stridedSlice(yd, zeros(r + 2), yd.shape, [1, ...p.strides, 1]);
}

/**
 * x [N, ...S, C] (2 or 3 spatial dims), f the filter in TF.js layout (tfFilter) -> [N, ...So, M].
 */
export function convChannelsLast(x: Tensor, f: Tensor, p: ConvPlan): Tensor {
  if (p.dilations.some((d) => d > 1)) return atrousConv(x, f, p);
  const hasPad = p.begin.some((v) => v !== 0) || p.end.some((v) => v !== 0);
  const pads: Pads | null = hasPad ? p.begin.map((b, i) => [b, p.end[i]]) : null;
  return directConv(x, f, p.strides, pads, p);
}

/** Lifts a 1-D problem to 2-D: x [N, L, C] -> [N, 1, L, C], the plan gains a leading unit axis. */
export function liftTo2d(x: Tensor, p: ConvPlan): { x: Tensor; p: ConvPlan } {
  return {
    x: tf.expandDims(x, 1),
    p: {
      ...p,
      kernel: [1, ...p.kernel],
      strides: [1, ...p.strides],
      dilations: [1, ...p.dilations],
      begin: [0, ...p.begin],
      end: [0, ...p.end],
    },
  };
}

/** The ONNX filter [M, Cg, ...k] of a 1-D conv as 2-D: [M, Cg, 1, k]. */
export const liftFilter = (w: Tensor) => (w.rank === 3 ? tf.expandDims(w, 2) : w);
