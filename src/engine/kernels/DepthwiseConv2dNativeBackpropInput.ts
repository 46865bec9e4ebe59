/**
 * DepthwiseConv2dNativeBackpropInput for wasm (missing in tfjs-backend-wasm 4.22), as
 * forward depthwise convolutions on XNNPACK. With x [N, H, W, C], filter [kh, kw, C, M]
 * and dy [N, Ho, Wo, C*M], along each spatial axis
 *   dx[i] = sum_{o, a : o*s + a*d - pad = i} dy[o] * f[a]
 * which is a correlation of dy with the flipped filter (the transposition of
 * Conv2DBackpropInput.ts), done per channel.
 * - Stride 1 (any dilation): one depthwise convolution of the padded dy.
 * - Stride s > 1: instead of correlating a zero-spread dy (s*s times the work, most of it on
 *   zeros), each output phase i = s*u + p gets its own small correlation of dy with the taps
 *   a = a0, a0 + s, ... of the filter (sub-pixel decomposition); the s*s phase images are
 *   then interleaved by two concats (no transpose: rank-6 transposes are slow on wasm).
 * For M > 1 each of the C*M gradient channels is correlated with its own tap and the M
 * results of a channel are summed.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import { padOrCropPlan, transposedPads } from './conv_geometry.ts';
import { KernelScope } from './util.ts';

export interface DepthwiseAttrs {
  strides: [number, number] | number;
  dilations?: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** Along one axis: the taps and padding of one output phase (positions s*u + p, u < count). */
export interface Phase {
  /** first filter tap of the phase (a0); its taps are a0, a0 + s, ... < k */
  first: number;
  /** number of taps (0 when k < s leaves the phase untouched: its gradient is zero) */
  taps: number;
  /** padding of dy before and after (negative: crop) for a valid correlation of `count` outputs */
  before: number;
  after: number;
}

/**
 * The s phases of a stride-s transposed correlation along one axis of input length
 * `inLen`, output length `outLen`, filter size k and leading pad `pad`. Every phase
 * produces `count` = ceil(inLen / s) values; positions past inLen are cut afterwards.
 * Derivation: for i = s*u + p, i + pad = s*o + a, so a = a0 + s*j with
 * a0 = (p + pad) mod s and o = u + q - j with q = floor((p + pad) / s); flipping j makes it
 * the correlation sum_j' dy[u + q - (J-1) + j'] * f[a0 + s*(J-1-j')].
 */
export function stridePhases(inLen: number, outLen: number, k: number, s: number, pad: number) {
  const count = Math.ceil(inLen / s);
  const phases: Phase[] = [];
  for (let p = 0; p < s; p++) {
    const first = (p + pad) % s;
    const taps = first < k ? Math.ceil((k - first) / s) : 0;
    const before = taps - 1 - Math.floor((p + pad) / s);
    const after = count + taps - 1 - outLen - before;
    phases.push({ first, taps, before, after });
  }
  return { count, phases };
}

/** Depthwise correlation of dy [N, h, w, C*M] with taps [th, tw, C*M, 1] (valid, explicit pads). */
function correlate(
  s: KernelScope,
  dy: TensorInfo,
  taps: TensorInfo,
  pads: [number, number, number, number],
  dilations: [number, number],
): TensorInfo {
  const { src, pad } = padOrCropPlan(s, dy, ...pads);
  return s.run('DepthwiseConv2dNative', { x: src, filter: taps }, { strides: [1, 1], pad, dilations });
}

/** [.., C*M] -> [.., C]: sums the M per-tap results of each input channel. */
function sumMultiplier(s: KernelScope, t: TensorInfo, c: number, m: number): TensorInfo {
  if (m === 1) return t;
  return s.run(
    'Sum',
    { x: s.reshape(t, [...t.shape.slice(0, -1), c, m]) },
    { axis: [t.shape.length], keepDims: false },
  );
}

function strideOne(
  s: KernelScope,
  dy: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const [kh, kw, c, m] = filter.shape;
  const { dilationHeight: dh, dilationWidth: dw } = info;
  const ph = transposedPads(info.inHeight, dy.shape[1], kh, dh, info.padInfo.top);
  const pw = transposedPads(info.inWidth, dy.shape[2], kw, dw, info.padInfo.left);
  // filter [kh, kw, C, M] -> flipped [kh, kw, C*M, 1]: one tap per gradient channel
  const flipped = s.reshape(s.run('Reverse', { x: filter }, { dims: [0, 1] }), [kh, kw, c * m, 1]);
  const out = correlate(s, dy, flipped, [ph.before, ph.after, pw.before, pw.after], [dh, dw]);
  return sumMultiplier(s, out, c, m);
}

function strided(
  s: KernelScope,
  dy: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const [kh, kw, c, m] = filter.shape;
  const [n, ho, wo] = dy.shape;
  const { strideHeight: sh, strideWidth: sw } = info;
  const rows = stridePhases(info.inHeight, ho, kh, sh, info.padInfo.top);
  const cols = stridePhases(info.inWidth, wo, kw, sw, info.padInfo.left);
  const [u, v] = [rows.count, cols.count];
  // Every phase gets the same (largest) number of taps, missing ones as leading zeros: odd
  // shapes such as 1x2 or 2x3 miss XNNPACK's fast depthwise microkernels (measured 4-8x slower
  // than 2x2 on the same data).
  const jh = Math.max(...rows.phases.map((p) => p.taps));
  const jw = Math.max(...cols.phases.map((p) => p.taps));
  const rowImages: TensorInfo[] = [];
  for (const py of rows.phases) {
    const colImages: TensorInfo[] = [];
    for (const px of cols.phases) {
      if (py.taps === 0 || px.taps === 0) {
        colImages.push(s.run('Fill', {}, { shape: [n, u, v, c], value: 0, dtype: 'float32' }));
        continue;
      }
      // taps a0, a0+s, ... of the filter, flipped and led by zeros: [jh, jw, C*M, 1]
      const sub = s.stridedSlice(filter, [py.first, px.first, 0, 0], [kh, kw, c, m], [sh, sw, 1, 1]);
      const flipped = s.run('Reverse', { x: sub }, { dims: [0, 1] });
      const [zh, zw] = [jh - py.taps, jw - px.taps];
      const lead =
        zh || zw
          ? s.pad(flipped, [
              [zh, 0],
              [zw, 0],
              [0, 0],
              [0, 0],
            ])
          : flipped;
      const taps = s.reshape(lead, [jh, jw, c * m, 1]);
      const img = correlate(s, dy, taps, [py.before + zh, py.after, px.before + zw, px.after], [1, 1]);
      colImages.push(sumMultiplier(s, img, c, m)); // [N, U, V, C]
    }
    // Columns interleaved by a concat on channels: [N, U, V, sw*C] is [N, U, V*sw, C].
    rowImages.push(s.reshape(s.concat(colImages, 3), [n * u, v * sw * c]));
  }
  // Rows likewise: [N*U, sh*V*sw*C] is [N, U*sh, V*sw, C], so dx[s*u + p] = phase p at u.
  const full = s.reshape(s.concat(rowImages, 1), [n, u * sh, v * sw, c]);
  const [h, w] = [info.inHeight, info.inWidth];
  if (u * sh === h && v * sw === w) return full;
  return s.stridedSlice(full, [0, 0, 0, 0], [n, h, w, c], [1, 1, 1, 1]);
}

export function depthwiseConv2dNativeBackpropInputComposite(backendName: string): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, dilations, pad, dimRoundingMode, inputShape } = attrs as unknown as DepthwiseAttrs & {
      inputShape: [number, number, number, number];
    };
    const info = backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      dilations ?? 1,
      pad,
      dimRoundingMode,
      true,
    );
    const stride1 = info.strideHeight === 1 && info.strideWidth === 1;
    if (!stride1 && (info.dilationHeight > 1 || info.dilationWidth > 1)) {
      // As TensorFlow.js's own gradient requires (conv_util.eitherStridesOrDilationsAreOne).
      throw new Error('DepthwiseConv2dNativeBackpropInput: strides and dilations cannot both exceed 1');
    }
    const s = new KernelScope(backend, backendName);
    try {
      return s.finish(stride1 ? strideOne(s, dy, filter, info) : strided(s, dy, filter, info));
    } catch (e) {
      s.dispose();
      throw e;
    }
  };
}

export const depthwiseConv2dNativeBackpropInputWasm: KernelConfig = {
  kernelName: 'DepthwiseConv2dNativeBackpropInput',
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropInputComposite('wasm'),
};
