/**
 * Conv2DBackpropInput for wasm as forward convolutions on XNNPACK: the gradient of a
 * correlation is a correlation of the (padded) output gradient with the flipped,
 * in/out-transposed filter. The stock wasm kernel is a plain loop about 6x slower than the
 * forward convolution of the same size.
 * - Stride 1: one convolution of the padded dy with the flipped filter.
 * - Stride s > 1: rather than correlating a zero-spread dy (s*s times the work, most of it
 *   on zeros), each output phase i = s*u + p gets its own correlation of dy with the taps
 *   a0, a0 + s, ... of the filter (the sub-pixel decomposition of
 *   DepthwiseConv2dNativeBackpropInput.ts, whose `stridePhases` gives the geometry), and a
 *   host loop interleaves the s*s phase images (phase_interleave.ts). The work is that of
 *   the forward pass. With fewer than 8 input channels (an RGB stem), all phases run as one
 *   convolution with s*s*Ci outputs instead (see `joint`).
 * The flipped filters (one per phase) are kept across calls on the same weights, so neither
 * the flip nor XNNPACK's packing of them is paid again.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import { padOrCropPlan, transposedPads } from './conv_geometry.ts';
import { stridePhases } from './DepthwiseConv2dNativeBackpropInput.ts';
import { interleavePhases, type PhaseImage } from './phase_interleave.ts';
import { DerivedCache, KernelScope } from './util.ts';

/** Large enough for the convolutions of a ResNet-152 (a cyclic walk over more would always miss). */
const flippedFilters = new DerivedCache(512);
/** Strided gradients with fewer input channels than this run as one joint convolution. */
const JOINT_BELOW_CHANNELS = 8;

/** Correlation of dy [N, h, w, Co] with `w` [th, tw, Co, Ci], valid after pads (negative: crops). */
function correlate(
  s: KernelScope,
  dy: TensorInfo,
  w: TensorInfo,
  pads: [number, number, number, number],
): TensorInfo {
  const { src, pad } = padOrCropPlan(s, dy, ...pads);
  return s.run(
    'Conv2D',
    { x: src, filter: w },
    { strides: [1, 1], pad, dilations: [1, 1], dataFormat: 'NHWC' },
  );
}

/**
 * The flipped, transposed filter of every phase (row-major over phases; undefined where a
 * phase has no taps): taps a0, a0 + s, ... of filter [kh, kw, Ci, Co], as [th, tw, Co, Ci].
 */
function phaseFilters(
  backend: unknown,
  backendName: string,
  filter: TensorInfo,
  rows: ReturnType<typeof stridePhases>,
  cols: ReturnType<typeof stridePhases>,
  sh: number,
  sw: number,
): (TensorInfo | undefined)[] {
  const [kh, kw, ci, co] = filter.shape;
  const made = flippedFilters.getMany(
    backend,
    filter,
    () => {
      const f = new KernelScope(backend, backendName);
      const out: TensorInfo[] = [];
      for (const py of rows.phases) {
        for (const px of cols.phases) {
          if (py.taps === 0 || px.taps === 0) continue;
          const sub = f.stridedSlice(filter, [py.first, px.first, 0, 0], [kh, kw, ci, co], [sh, sw, 1, 1]);
          out.push(f.transpose(f.run('Reverse', { x: sub }, { dims: [0, 1] }), [0, 1, 3, 2]));
        }
      }
      return f.finishAll(out);
    },
    `phases ${sh}x${sw} from ${rows.phases.map((p) => p.first)} / ${cols.phases.map((p) => p.first)}`,
  );
  let k = 0;
  return rows.phases.flatMap((py) =>
    cols.phases.map((px) => (py.taps === 0 || px.taps === 0 ? undefined : made[k++])),
  );
}

type Phases = ReturnType<typeof stridePhases>;

/**
 * Along one axis, the span of dy that all phases read together: phase p reads
 * dy[u + off_p + j] for j < taps_p (off_p = -before_p); all read dy[u + lo + j], j < span,
 * with phase p's taps placed at off_p - lo (zeros around them).
 */
function jointSpan(ph: Phases) {
  const used = ph.phases.filter((p) => p.taps > 0);
  const lo = Math.min(...used.map((p) => -p.before));
  const span = Math.max(...used.map((p) => p.taps - p.before)) - lo;
  return { lo, span };
}

/**
 * Every phase in one convolution, for few input channels (a GEMM with Ci < 8 outputs costs
 * XNNPACK as much as one with 8): the phase filters, zero-padded to a common span and
 * stacked on the output channels in (row phase, column phase, Ci) order, give
 * [N, U, V, sh*sw*Ci].
 */
function joint(
  s: KernelScope,
  dy: TensorInfo,
  filter: TensorInfo,
  rows: Phases,
  cols: Phases,
  sh: number,
  sw: number,
): TensorInfo {
  const [kh, kw, ci, co] = filter.shape;
  const r = jointSpan(rows);
  const c = jointSpan(cols);
  const [w] = flippedFilters.getMany(
    s.backend,
    filter,
    () => {
      const f = new KernelScope(s.backend, s.backendName);
      const slabs: TensorInfo[] = [];
      for (const py of rows.phases) {
        for (const px of cols.phases) {
          if (py.taps === 0 || px.taps === 0) {
            slabs.push(f.run('Fill', {}, { shape: [r.span, c.span, co, ci], value: 0, dtype: 'float32' }));
            continue;
          }
          const sub = f.stridedSlice(filter, [py.first, px.first, 0, 0], [kh, kw, ci, co], [sh, sw, 1, 1]);
          const flipped = f.transpose(f.run('Reverse', { x: sub }, { dims: [0, 1] }), [0, 1, 3, 2]);
          const top = -py.before - r.lo;
          const left = -px.before - c.lo;
          slabs.push(
            f.pad(flipped, [
              [top, r.span - top - py.taps],
              [left, c.span - left - px.taps],
              [0, 0],
              [0, 0],
            ]),
          );
        }
      }
      return [f.finish(f.concat(slabs, 3))];
    },
    `joint ${sh}x${sw} from ${rows.phases.map((p) => p.first)} / ${cols.phases.map((p) => p.first)}`,
  );
  const pads = (ph: Phases, j: { lo: number; span: number }, outLen: number) =>
    [-j.lo, ph.count + j.span - 1 - outLen + j.lo] as const;
  return correlate(s, dy, w, [...pads(rows, r, dy.shape[1]), ...pads(cols, c, dy.shape[2])]);
}

function strided(
  s: KernelScope,
  dy: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const ci = filter.shape[2];
  const [n, ho, wo] = dy.shape;
  const { strideHeight: sh, strideWidth: sw } = info;
  const rows = stridePhases(info.inHeight, ho, info.filterHeight, sh, info.padInfo.top);
  const cols = stridePhases(info.inWidth, wo, info.filterWidth, sw, info.padInfo.left);
  const shape = { n, h: info.inHeight, w: info.inWidth, c: ci, u: rows.count, v: cols.count };
  let images: (PhaseImage | undefined)[];
  if (ci < JOINT_BELOW_CHANNELS) {
    const t = joint(s, dy, filter, rows, cols, sh, sw);
    images = Array.from({ length: sh * sw }, (_, k) => ({ t, offset: k * ci, stride: sh * sw * ci }));
  } else {
    const filters = phaseFilters(s.backend, s.backendName, filter, rows, cols, sh, sw);
    images = filters.map((w, k) => {
      if (w === undefined) return undefined;
      const [py, px] = [rows.phases[Math.floor(k / sw)], cols.phases[k % sw]];
      return { t: correlate(s, dy, w, [py.before, py.after, px.before, px.after]), offset: 0, stride: ci };
    });
  }
  return interleavePhases(s.backend, s.backendName, shape, sh, sw, images);
}

function strideOne(
  s: KernelScope,
  dy: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const ph = transposedPads(info.inHeight, dy.shape[1], info.filterHeight, 1, info.padInfo.top);
  const pw = transposedPads(info.inWidth, dy.shape[2], info.filterWidth, 1, info.padInfo.left);
  // filter [kh, kw, Ci, Co] -> flipped [kh, kw, Co, Ci], kept across calls on the same weights
  const wT = flippedFilters.get(
    s.backend,
    filter,
    () => {
      const f = new KernelScope(s.backend, s.backendName);
      return f.finish(f.transpose(f.run('Reverse', { x: filter }, { dims: [0, 1] }), [0, 1, 3, 2]));
    },
    'flipped',
  );
  return correlate(s, dy, wT, [ph.before, ph.after, pw.before, pw.after]);
}

export function conv2DBackpropInputComposite(backendName: string): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as {
      strides: [number, number] | number;
      pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
      dataFormat: 'NHWC' | 'NCHW';
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
      inputShape: [number, number, number, number];
    };
    const fmt = backend_util.convertConv2DDataFormat(dataFormat);
    if (fmt !== 'channelsLast') throw new Error(`Conv2DBackpropInput on ${backendName} needs NHWC data`);
    const info = backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      fmt,
    );
    const s = new KernelScope(backend, backendName);
    try {
      const stride1 = info.strideHeight === 1 && info.strideWidth === 1;
      return s.finish(stride1 ? strideOne(s, dy, filter, info) : strided(s, dy, filter, info));
    } catch (e) {
      s.dispose();
      throw e;
    }
  };
}

export const conv2DBackpropInputWasm: KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInputComposite('wasm'),
};
