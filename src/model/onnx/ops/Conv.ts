/**
 * ONNX Conv (opset 1+; the semantics did not change across versions): X [N, C, ...S] with
 * 1, 2 or 3 spatial dims, W [M, C/group, ...k], optional B [M]; groups, dilations, strides,
 * explicit (possibly asymmetric) pads or auto_pad. Runs channels-last (see conv_util.ts).
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpContext, OpRegistration } from '../types.ts';
import {
  type ConvPlan,
  convChannelsLast,
  isDepthwise,
  liftFilter,
  liftTo2d,
  resolvePads,
  stridesDilations,
  tfFilter,
} from './conv_util.ts';
import { attrInts, attrNum, memoized, need, opError, toChannelsFirst, toChannelsLast } from './nn_util.ts';

/** Checks the shapes of X, W (and kernel_shape, group) and returns the spatial rank. */
export function checkConvShapes(
  ctx: OpContext,
  x: Tensor,
  w: Tensor,
  groups: number,
  wChannels: number,
): number {
  const r = x.rank - 2;
  if (r < 1 || r > 3) throw opError(ctx, `input must have 1 to 3 spatial dims, got shape [${x.shape}]`);
  if (w.rank !== x.rank) throw opError(ctx, `weight rank ${w.rank} does not match input rank ${x.rank}`);
  if (w.shape.slice(2).some((k) => k < 1)) throw opError(ctx, `weight [${w.shape}] has an empty kernel`);
  const kernel = attrInts(ctx, 'kernel_shape');
  if (kernel && kernel.join() !== w.shape.slice(2).join()) {
    throw opError(ctx, `kernel_shape [${kernel}] does not match the weight's [${w.shape.slice(2)}]`);
  }
  if (groups < 1 || x.shape[1] !== wChannels * groups) {
    throw opError(
      ctx,
      `input has ${x.shape[1]} channels but the weight expects ${wChannels} x group ${groups}`,
    );
  }
  return r;
}

function run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] {
  const x = need(inputs, 0, ctx, 'X');
  const w = need(inputs, 1, ctx, 'W');
  const b = inputs[2];
  const groups = attrNum(ctx, 'group', 1);
  const r = checkConvShapes(ctx, x, w, groups, w.shape[1] as number);
  if (w.shape[0] % groups !== 0)
    throw opError(ctx, `${w.shape[0]} output channels are not divisible by group ${groups}`);
  const kernel = w.shape.slice(2);
  const { strides, dilations } = stridesDilations(ctx, r);
  const { begin, end } = resolvePads(ctx, x.shape.slice(2), kernel, strides, dilations);
  x.shape.slice(2).forEach((n, i) => {
    const span = (kernel[i] - 1) * dilations[i] + 1;
    if (n + begin[i] + end[i] < span)
      throw opError(
        ctx,
        `the kernel spans ${span} positions on axis ${i + 2}, more than its ${n} (padded: ${n + begin[i] + end[i]})`,
      );
  });
  let plan: ConvPlan = {
    kernel,
    strides,
    dilations,
    begin,
    end,
    groups,
    depthwise: isDepthwise(liftFilter(w), groups),
  };
  let xl = toChannelsLast(x);
  if (r === 1) ({ x: xl, p: plan } = liftTo2d(xl, plan));
  const f = memoized(ctx, 'filter', [1], () => tfFilter(liftFilter(w), groups));
  let y = convChannelsLast(xl, f, plan);
  // bias [M] broadcasts over the channels-last output
  if (b !== undefined) y = tf.add(y, b);
  if (r === 1) y = tf.squeeze(y, [1]);
  return [toChannelsFirst(y)];
}

export const registrations: OpRegistration[] = [{ opType: 'Conv', domain: '', since: 1, impl: { run } }];
