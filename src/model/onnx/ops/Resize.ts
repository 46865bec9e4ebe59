/**
 * ONNX Resize. Versions: 10 (X, scales; asymmetric coordinates, nearest floors when
 * enlarging), 11-12 (X, roi, scales, sizes; coordinate_transformation_mode, nearest_mode,
 * cubic), 13-17 (roi and scales optional), 18+ (axes, keep_aspect_ratio_policy,
 * antialias — antialias is not supported), 19+ (half_pixel_symmetric). Any rank; with
 * scales the output length is floor(in * scale) and the coordinates use the scale itself.
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OnnxNode, OpContext, OpRegistration } from '../types.ts';
import { attrInts, attrNum, attrString, hostValues, need, normAxis, opError } from './nn_util.ts';
import { type ResampleOpts, resampleAxis } from './resize_util.ts';

/** Output lengths and scales for every axis. */
function plan(inputs: (Tensor | undefined)[], ctx: OpContext, shape: number[]) {
  const rank = shape.length;
  const scalesIn = hostValues(inputs, ctx.opset < 11 ? 1 : 2, ctx);
  const sizesIn = ctx.opset < 11 ? undefined : hostValues(inputs, 3, ctx);
  const axesAttr = ctx.opset >= 18 ? attrInts(ctx, 'axes') : undefined;
  const axes = axesAttr ? axesAttr.map((a) => normAxis(a, rank, ctx)) : shape.map((_, i) => i);
  const scales = shape.map(() => 1);
  const out = shape.slice();
  if (sizesIn && sizesIn.length > 0) {
    if (sizesIn.length !== axes.length) throw opError(ctx, `sizes needs ${axes.length} values`);
    if (!sizesIn.every((v) => Number.isInteger(v) && v >= 0))
      throw opError(ctx, `sizes must be non-negative integers, got [${sizesIn}]`);
    const policy = attrString(ctx, 'keep_aspect_ratio_policy', 'stretch');
    if (policy === 'stretch') {
      axes.forEach((a, i) => {
        out[a] = sizesIn[i];
        scales[a] = sizesIn[i] / shape[a];
      });
    } else {
      const ratios = axes.map((a, i) => sizesIn[i] / shape[a]);
      const s = policy === 'not_larger' ? Math.min(...ratios) : Math.max(...ratios);
      for (const a of axes) {
        scales[a] = s;
        out[a] = Math.round(s * shape[a]);
      }
    }
  } else if (scalesIn && scalesIn.length > 0) {
    if (scalesIn.length !== axes.length) throw opError(ctx, `scales needs ${axes.length} values`);
    axes.forEach((a, i) => {
      if (!(scalesIn[i] > 0)) throw opError(ctx, `scale ${scalesIn[i]} must be positive`);
      scales[a] = scalesIn[i];
      out[a] = Math.floor(shape[a] * scalesIn[i]);
    });
  } else {
    throw opError(ctx, 'one of scales or sizes is required');
  }
  return { axes, scales, out };
}

function options(ctx: OpContext): ResampleOpts {
  const mode = attrString(ctx, 'mode', 'nearest');
  if (mode !== 'nearest' && mode !== 'linear' && mode !== 'cubic')
    throw opError(ctx, `unknown mode '${mode}'`);
  if (attrNum(ctx, 'antialias', 0) !== 0) throw opError(ctx, 'antialias=1 is not supported');
  const old = ctx.opset < 11;
  const o: ResampleOpts = {
    mode,
    coord: old ? 'asymmetric' : attrString(ctx, 'coordinate_transformation_mode', 'half_pixel'),
    nearest: old ? 'simple' : attrString(ctx, 'nearest_mode', 'round_prefer_floor'),
    cubicA: attrNum(ctx, 'cubic_coeff_a', -0.75),
    excludeOutside: attrNum(ctx, 'exclude_outside', 0) !== 0,
    extrapolation: attrNum(ctx, 'extrapolation_value', 0),
  };
  const coords = ['half_pixel', 'half_pixel_symmetric', 'pytorch_half_pixel', 'align_corners', 'asymmetric'];
  if (![...coords, 'tf_half_pixel_for_nn', 'tf_crop_and_resize'].includes(o.coord)) {
    throw opError(ctx, `unknown coordinate_transformation_mode '${o.coord}'`);
  }
  const nearestModes = ['round_prefer_floor', 'round_prefer_ceil', 'floor', 'ceil', 'simple'];
  if (!nearestModes.includes(o.nearest)) throw opError(ctx, `unknown nearest_mode '${o.nearest}'`);
  return o;
}

/** Resamples every axis whose length or scale changes; ints interpolate in float and round. */
export function resampleAll(
  x: Tensor,
  out: number[],
  scales: number[],
  o: ResampleOpts,
  roi?: number[],
): Tensor {
  const rank = x.rank;
  const isInt = x.dtype !== 'float32' && o.mode !== 'nearest';
  let y = isInt ? tf.cast(x, 'float32') : x;
  for (let a = 0; a < rank; a++) {
    const crop = o.coord === 'tf_crop_and_resize';
    if (!crop && out[a] === x.shape[a] && scales[a] === 1) continue;
    const r: [number, number] = roi ? [roi[a], roi[a + rank]] : [0, 1];
    y = resampleAxis(y, a, out[a], scales[a], o, r);
  }
  if (y === x) return tf.clone(x);
  return isInt ? tf.cast(tf.round(y), x.dtype) : y;
}

function run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] {
  const x = need(inputs, 0, ctx, 'X');
  const o = options(ctx);
  const { axes, scales, out } = plan(inputs, ctx, x.shape);
  let roi: number[] | undefined;
  if (o.coord === 'tf_crop_and_resize') {
    const r = hostValues(inputs, 1, ctx);
    if (!r || r.length !== 2 * axes.length)
      throw opError(ctx, `tf_crop_and_resize needs roi of ${2 * axes.length} values`);
    // roi per listed axis -> [starts..., ends...] over all axes (0 and 1 elsewhere)
    roi = [...x.shape.map(() => 0), ...x.shape.map(() => 1)];
    axes.forEach((a, i) => {
      (roi as number[])[a] = r[i];
      (roi as number[])[a + x.rank] = r[i + axes.length];
    });
  }
  return [resampleAll(x, out, scales, o, roi)];
}

/** antialias (opset 18+) is the one Resize configuration not implemented. */
const unsupported = (node: OnnxNode) =>
  (node.attrs.antialias ?? 0) !== 0 ? 'antialias=1 is not supported' : undefined;

const impl = { run, unsupported };
export const registrations: OpRegistration[] = [
  { opType: 'Resize', domain: '', since: 10, until: 10, impl },
  { opType: 'Resize', domain: '', since: 11, until: 12, impl },
  { opType: 'Resize', domain: '', since: 13, until: 17, impl },
  { opType: 'Resize', domain: '', since: 18, impl },
];
