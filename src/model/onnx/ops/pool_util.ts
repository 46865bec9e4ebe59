/**
 * Pooling geometry and kernels shared by MaxPool and AveragePool, on channels-last tensors.
 *
 * Output length per axis (ONNX): floor or, with ceil_mode, ceil of
 * (in + pad_begin + pad_end - effK) / stride, plus one; in ceil mode a last window that
 * would start beyond the input and its leading pad is dropped. The windows the ceil adds
 * run past the end pad: they are planned as extra end padding that no window counts.
 */
import { type Tensor, type Tensor4D, tf } from '../../../engine/tf.ts';
import type { OpContext } from '../types.ts';
import { resolvePads, stridesDilations } from './conv_util.ts';
import { attrInts, attrNum, opError } from './nn_util.ts';

export interface PoolGeom {
  kernel: number[];
  strides: number[];
  dilations: number[];
  begin: number[];
  /** the pads of the node */
  end: number[];
  /** end padding that ceil_mode adds beyond `end` */
  extra: number[];
  out: number[];
}

export function poolGeom(ctx: OpContext, inLen: number[]): PoolGeom {
  const r = inLen.length;
  const kernel = attrInts(ctx, 'kernel_shape');
  if (!kernel || kernel.length !== r) throw opError(ctx, `kernel_shape needs ${r} values`);
  // checked here: the engine's pooling kernels would write out of bounds (and abort the wasm module)
  if (kernel.some((k) => !(k >= 1))) throw opError(ctx, `kernel_shape [${kernel}] must be positive`);
  const { strides, dilations } = stridesDilations(ctx, r);
  const { begin, end } = resolvePads(ctx, inLen, kernel, strides, dilations);
  const ceil = attrNum(ctx, 'ceil_mode', 0) !== 0;
  const out: number[] = [];
  const extra: number[] = [];
  for (let i = 0; i < r; i++) {
    const effK = (kernel[i] - 1) * dilations[i] + 1;
    const span = inLen[i] + begin[i] + end[i] - effK;
    if (span < 0) throw opError(ctx, `the window (${effK}) is larger than the padded input (${span + effK})`);
    let o = (ceil ? Math.ceil(span / strides[i]) : Math.floor(span / strides[i])) + 1;
    if (ceil && (o - 1) * strides[i] >= inLen[i] + begin[i]) o--;
    out.push(o);
    extra.push(Math.max(0, (o - 1) * strides[i] + effK - (inLen[i] + begin[i] + end[i])));
  }
  return { kernel, strides, dilations, begin, end, extra, out };
}

/** A 1-D geometry as 2-D with a leading unit axis. */
export function liftGeom(g: PoolGeom): PoolGeom {
  return {
    kernel: [1, ...g.kernel],
    strides: [1, ...g.strides],
    dilations: [1, ...g.dilations],
    begin: [0, ...g.begin],
    end: [0, ...g.end],
    extra: [0, ...g.extra],
    out: [1, ...g.out],
  };
}

/** [[0,0], [begin, end + extra] per axis, [0,0]] */
export function fullPads(g: PoolGeom): [number, number][] {
  return [[0, 0], ...g.begin.map((b, i) => [b, g.end[i] + g.extra[i]] as [number, number]), [0, 0]];
}

export const isDilated = (g: PoolGeom) => g.dilations.some((d) => d > 1);

/**
 * Max or sum over the window taps of an already padded xp [N, ...P, C] as strided slices,
 * one per tap: the general path (dilations, which TF.js pooling lacks).
 */
export function tapReduce(xp: Tensor, g: PoolGeom, kind: 'max' | 'sum'): Tensor {
  const r = g.kernel.length;
  const n = xp.shape[0];
  const c = xp.shape[r + 1];
  let acc: Tensor | null = null;
  const taps = g.kernel.reduce((a, b) => a * b, 1);
  for (let t = 0; t < taps; t++) {
    let rem = t;
    const off: number[] = new Array(r);
    for (let i = r - 1; i >= 0; i--) {
      off[i] = (rem % g.kernel[i]) * g.dilations[i];
      rem = Math.floor(rem / g.kernel[i]);
    }
    const stop = off.map((o, i) => o + (g.out[i] - 1) * g.strides[i] + 1);
    const s = tf.stridedSlice(xp, [0, ...off, 0], [n, ...stop, c], [1, ...g.strides, 1]);
    acc = acc === null ? s : kind === 'max' ? tf.maximum(acc, s) : tf.add(acc, s);
  }
  return acc as Tensor;
}

/** tf.maxPool / tf.avgPool with explicit padding: padding never counts (TF semantics). */
function pool2d(x: Tensor, k: number[], s: number[], pads: [number, number][], kind: 'max' | 'avg'): Tensor {
  const padded = pads.some(([a, b]) => a !== 0 || b !== 0);
  const pad = (padded ? [[0, 0], ...pads, [0, 0]] : 'valid') as 'valid';
  const kk = k as [number, number];
  const ss = s as [number, number];
  return kind === 'max' ? tf.maxPool(x as Tensor4D, kk, ss, pad) : tf.avgPool(x as Tensor4D, kk, ss, pad);
}

/**
 * Undilated max or average pooling of x [N, ...S, C] (2 or 3 spatial dims) over the taps
 * inside the input (padding and the ceil_mode extension never count). 3-D runs as two 2-D
 * pools, (H, W) then D: a box window is separable for max, and for the mean too because the
 * inside count is a product of per-axis counts. (tfjs-wasm's MaxPool3D starts its max at
 * FLT_MIN, so windows of negative values come out wrong.)
 */
export function poolDirect(x: Tensor, g: PoolGeom, kind: 'max' | 'avg'): Tensor {
  const pads = fullPads(g).slice(1, -1);
  if (g.kernel.length === 2) return pool2d(x, g.kernel, g.strides, pads, kind);
  const [n, d, h, w, c] = x.shape;
  const hw = pool2d(
    tf.reshape(x, [n * d, h, w, c]),
    g.kernel.slice(1),
    g.strides.slice(1),
    pads.slice(1),
    kind,
  );
  const [, ho, wo] = hw.shape;
  const dd = pool2d(
    tf.reshape(hw, [n, d, ho * wo, c]),
    [g.kernel[0], 1],
    [g.strides[0], 1],
    [pads[0], [0, 0]],
    kind,
  );
  return tf.reshape(dd, [n, dd.shape[1] as number, ho as number, wo as number, c]);
}

/**
 * Per output position along one axis, how many of the window's taps count: those inside
 * the input, or (count_include_pad) inside the input and its explicit pads.
 */
export function axisCounts(inLen: number, g: PoolGeom, i: number, includePad: boolean): number[] {
  const lo = includePad ? -g.begin[i] : 0;
  const hi = includePad ? inLen + g.end[i] : inLen;
  return Array.from({ length: g.out[i] }, (_, o) => {
    let n = 0;
    for (let j = 0; j < g.kernel[i]; j++) {
      const p = o * g.strides[i] - g.begin[i] + j * g.dilations[i];
      if (p >= lo && p < hi) n++;
    }
    return n;
  });
}

/** The outer product of per-axis factors as a [1, ...out, 1] tensor. */
export function factorTensor(perAxis: number[][]): Tensor {
  const out = perAxis.map((a) => a.length);
  const n = out.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n).fill(1);
  for (let f = 0; f < n; f++) {
    let rem = f;
    for (let i = perAxis.length - 1; i >= 0; i--) {
      v[f] *= perAxis[i][rem % out[i]];
      rem = Math.floor(rem / out[i]);
    }
  }
  return tf.tensor(v, [1, ...out, 1]);
}
