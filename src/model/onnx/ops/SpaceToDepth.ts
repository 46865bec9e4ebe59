/**
 * ONNX SpaceToDepth (opset 1+), X [N, C, H, W] -> [N, C*b², H/b, W/b], the output channel
 * ordered as (b_h, b_w, c) (the inverse of DepthToSpace in DCR mode).
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpContext, OpRegistration } from '../types.ts';
import { attrNum, need, opError } from './nn_util.ts';

function run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] {
  const x = need(inputs, 0, ctx, 'input');
  const b = attrNum(ctx, 'blocksize', 0);
  if (x.rank !== 4) throw opError(ctx, `input must be 4-D, got [${x.shape}]`);
  const [n, c, h, w] = x.shape;
  if (b < 1 || h % b !== 0 || w % b !== 0)
    throw opError(ctx, `H and W (${h}, ${w}) must be multiples of blocksize ${b}`);
  const y = tf.transpose(tf.reshape(x, [n, c, h / b, b, w / b, b]), [0, 3, 5, 1, 2, 4]);
  return [tf.reshape(y, [n, c * b * b, h / b, w / b])];
}

export const registrations: OpRegistration[] = [
  { opType: 'SpaceToDepth', domain: '', since: 1, impl: { run } },
];
