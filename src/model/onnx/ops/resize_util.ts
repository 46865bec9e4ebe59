/**
 * Separable resampling for Resize and Upsample: each resized axis becomes a few gathers
 * (one per tap: 1 nearest, 2 linear, 4 cubic) weighted by constant per-position weights
 * and summed. Indices and weights are computed on the host from the geometry only, so the
 * result is an ordinary differentiable tf expression (gather's gradient is a segment sum).
 */
import { type Tensor, tf } from '../../../engine/tf.ts';

export interface ResampleOpts {
  mode: 'nearest' | 'linear' | 'cubic';
  /** coordinate_transformation_mode */
  coord: string;
  /** nearest_mode, or 'simple' (Upsample and Resize-10: floor when enlarging, ceil when shrinking) */
  nearest: string;
  cubicA: number;
  excludeOutside: boolean;
  extrapolation: number;
}

/**
 * The resized length in the coordinate formulas: in * scale, unrounded, as the ONNX spec and
 * its reference implementation define it (onnxruntime uses the rounded output length; the
 * two agree whenever in * scale is whole, and always when sizes were given).
 */
function resizedLen(inLen: number, outLen: number, scale: number): number {
  const len = inLen * scale;
  return Math.abs(len - outLen) < 1e-6 * outLen ? outLen : len;
}

/** Maps an output coordinate to the input (ONNX coordinate_transformation_mode). */
function originalCoord(
  o: ResampleOpts,
  x: number,
  inLen: number,
  outLen: number,
  scale: number,
  roi: [number, number],
): number {
  switch (o.coord) {
    case 'half_pixel':
      return (x + 0.5) / scale - 0.5;
    case 'half_pixel_symmetric': {
      const adjust = outLen / (scale * inLen);
      const center = inLen / 2;
      return center * (1 - adjust) + (x + 0.5) / scale - 0.5;
    }
    case 'pytorch_half_pixel':
      return outLen > 1 ? (x + 0.5) / scale - 0.5 : 0;
    case 'align_corners':
      return outLen === 1 ? 0 : (x * (inLen - 1)) / (resizedLen(inLen, outLen, scale) - 1);
    case 'asymmetric':
      return x / scale;
    case 'tf_half_pixel_for_nn':
      return (x + 0.5) / scale;
    case 'tf_crop_and_resize':
      return outLen > 1
        ? roi[0] * (inLen - 1) +
            (x * (roi[1] - roi[0]) * (inLen - 1)) / (resizedLen(inLen, outLen, scale) - 1)
        : 0.5 * (roi[0] + roi[1]) * (inLen - 1);
    default:
      throw new Error(`coordinate_transformation_mode '${o.coord}'`);
  }
}

function nearestIndex(mode: string, v: number, scale: number): number {
  const f = Math.floor(v);
  switch (mode) {
    case 'round_prefer_floor':
      return v - f === 0.5 ? f : Math.round(v);
    case 'round_prefer_ceil':
      return Math.round(v);
    case 'floor':
      return f;
    case 'ceil':
      return Math.ceil(v);
    case 'simple':
      return scale < 1 ? Math.ceil(v) : f;
    default:
      throw new Error(`nearest_mode '${mode}'`);
  }
}

/** Keys' cubic convolution kernel with parameter a, at distance t. */
function cubicWeight(t: number, a: number): number {
  const u = Math.abs(t);
  if (u <= 1) return ((a + 2) * u - (a + 3)) * u * u + 1;
  if (u < 2) return ((a * u - 5 * a) * u + 8 * a) * u - 4 * a;
  return 0;
}

interface Taps {
  idx: Int32Array[];
  w: Float32Array[];
  /** 1 where the output is the extrapolation value (tf_crop_and_resize out of range) */
  outside: Float32Array | null;
}

function axisTaps(
  o: ResampleOpts,
  inLen: number,
  outLen: number,
  scale: number,
  roi: [number, number],
): Taps {
  const nt = o.mode === 'nearest' ? 1 : o.mode === 'linear' ? 2 : 4;
  const idx = Array.from({ length: nt }, () => new Int32Array(outLen));
  const w = Array.from({ length: nt }, () => new Float32Array(outLen));
  let outside: Float32Array | null = null;
  const clamp = (i: number) => Math.min(inLen - 1, Math.max(0, i));
  for (let x = 0; x < outLen; x++) {
    const v = originalCoord(o, x, inLen, outLen, scale, roi);
    if (o.coord === 'tf_crop_and_resize' && (v < 0 || v > inLen - 1)) {
      outside ??= new Float32Array(outLen);
      outside[x] = 1;
      continue;
    }
    if (o.mode === 'nearest') {
      idx[0][x] = clamp(nearestIndex(o.nearest, v, scale));
      w[0][x] = 1;
    } else if (o.mode === 'linear') {
      const c = Math.min(inLen - 1, Math.max(0, v));
      const i0 = Math.floor(c);
      idx[0][x] = i0;
      idx[1][x] = Math.min(i0 + 1, inLen - 1);
      w[1][x] = c - i0;
      w[0][x] = 1 - (c - i0);
    } else {
      const i0 = Math.floor(v);
      const s = v - i0;
      const dist = [1 + s, s, 1 - s, 2 - s];
      let sum = 0;
      for (let t = 0; t < 4; t++) {
        const p = i0 - 1 + t;
        const inside = p >= 0 && p < inLen;
        const wt = o.excludeOutside && !inside ? 0 : cubicWeight(dist[t], o.cubicA);
        idx[t][x] = clamp(p);
        w[t][x] = wt;
        sum += wt;
      }
      if (o.excludeOutside && sum !== 0) for (let t = 0; t < 4; t++) w[t][x] /= sum;
    }
  }
  return { idx, w, outside };
}

/** Resamples one axis of x to outLen. `scale` is the ONNX scale (out/in when sizes were given). */
export function resampleAxis(
  x: Tensor,
  axis: number,
  outLen: number,
  scale: number,
  o: ResampleOpts,
  roi: [number, number] = [0, 1],
): Tensor {
  const inLen = x.shape[axis];
  const taps = axisTaps(o, inLen, outLen, scale, roi);
  const wShape = x.shape.map((_, a) => (a === axis ? outLen : 1));
  let y: Tensor | null = null;
  taps.idx.forEach((idx, t) => {
    const g = tf.gather(x, tf.tensor1d(idx, 'int32'), axis);
    const wt = taps.w[t];
    const term = wt.every((v) => v === 1) ? g : tf.mul(g, tf.tensor(wt, wShape));
    y = y === null ? term : tf.add(y, term);
  });
  let out = y as unknown as Tensor;
  if (taps.outside && o.extrapolation !== 0) {
    out = tf.add(out, tf.mul(tf.tensor(taps.outside, wShape), o.extrapolation));
  }
  return out;
}
