/**
 * ONNX Upsample (opset 7-9; removed in 10 in favour of Resize): scales as an attribute (7-8)
 * or input 1 (9), mode nearest or linear, asymmetric coordinates (x_in = x_out / scale),
 * nearest taking the floor; output length floor(in * scale).
 */
import type { Tensor } from '../../../engine/tf.ts';
import type { OpContext, OpRegistration } from '../types.ts';
import { attrInts, attrString, hostValues, need, opError } from './nn_util.ts';
import { resampleAll } from './Resize.ts';

function run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] {
  const x = need(inputs, 0, ctx, 'X');
  const scales = ctx.opset < 9 ? attrInts(ctx, 'scales') : hostValues(inputs, 1, ctx);
  if (!scales || scales.length !== x.rank) throw opError(ctx, `scales needs ${x.rank} values`);
  let mode = attrString(ctx, 'mode', 'nearest');
  if (mode === 'bilinear') mode = 'linear';
  if (mode !== 'nearest' && mode !== 'linear') throw opError(ctx, `unknown mode '${mode}'`);
  const out = x.shape.map((s, i) => Math.floor(s * scales[i]));
  const o = {
    mode,
    coord: 'asymmetric',
    nearest: 'simple',
    cubicA: -0.75,
    excludeOutside: false,
    extrapolation: 0,
  } as const;
  return [resampleAll(x, out, scales, o)];
}

export const registrations: OpRegistration[] = [
  { opType: 'Upsample', domain: '', since: 7, until: 9, impl: { run } },
];
