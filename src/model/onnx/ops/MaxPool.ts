/**
 * ONNX MaxPool (opset 1+; ceil_mode and dilations since 10, storage_order ignored since it
 * only concerns the Indices output, which is not supported). 1-D, 2-D and 3-D, NCHW.
 * Padding never wins the max (ONNX pads MaxPool with -inf).
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OnnxNode, OpContext, OpRegistration } from '../types.ts';
import { need, opError, toChannelsFirst, toChannelsLast } from './nn_util.ts';
import { fullPads, isDilated, liftGeom, poolDirect, poolGeom, tapReduce } from './pool_util.ts';

const INDICES = 'the Indices output is not supported';

function run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] {
  const x = need(inputs, 0, ctx, 'X');
  const r = x.rank - 2;
  if (r < 1 || r > 3) throw opError(ctx, `input must have 1 to 3 spatial dims, got shape [${x.shape}]`);
  if ((ctx.node.outputs[1] ?? '') !== '') throw opError(ctx, INDICES);
  let g = poolGeom(ctx, x.shape.slice(2));
  // integer inputs (uint8, int8) pool exactly in float32
  let xl = toChannelsLast(x.dtype === 'float32' ? x : tf.cast(x, 'float32'));
  if (r === 1) {
    xl = tf.expandDims(xl, 1);
    g = liftGeom(g);
  }
  let y = isDilated(g)
    ? tapReduce(tf.pad(xl, fullPads(g), Number.NEGATIVE_INFINITY), g, 'max')
    : poolDirect(xl, g, 'max');
  if (r === 1) y = tf.squeeze(y, [1]);
  y = toChannelsFirst(y);
  return [x.dtype === 'float32' ? y : tf.cast(y, x.dtype)];
}

const unsupported = (node: OnnxNode) => ((node.outputs[1] ?? '') !== '' ? INDICES : undefined);

export const registrations: OpRegistration[] = [
  { opType: 'MaxPool', domain: '', since: 1, impl: { run, unsupported } },
];
