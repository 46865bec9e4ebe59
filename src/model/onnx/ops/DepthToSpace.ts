/**
 * ONNX DepthToSpace (opset 1+; `mode` since 11, default DCR), X [N, C, H, W] ->
 * [N, C/b², H*b, W*b]. DCR takes the channel as (b_h, b_w, c'), CRD as (c', b_h, b_w).
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpContext, OpRegistration } from '../types.ts';
import { attrNum, attrString, need, opError } from './nn_util.ts';

function run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] {
  const x = need(inputs, 0, ctx, 'input');
  const b = attrNum(ctx, 'blocksize', 0);
  const mode = attrString(ctx, 'mode', 'DCR');
  if (x.rank !== 4) throw opError(ctx, `input must be 4-D, got [${x.shape}]`);
  const [n, c, h, w] = x.shape;
  if (b < 1 || c % (b * b) !== 0) throw opError(ctx, `${c} channels are not divisible by blocksize² (${b}²)`);
  const c2 = c / (b * b);
  let y: Tensor;
  if (mode === 'DCR') y = tf.transpose(tf.reshape(x, [n, b, b, c2, h, w]), [0, 3, 4, 1, 5, 2]);
  else if (mode === 'CRD') y = tf.transpose(tf.reshape(x, [n, c2, b, b, h, w]), [0, 1, 4, 2, 5, 3]);
  else throw opError(ctx, `unknown mode '${mode}'`);
  return [tf.reshape(y, [n, c2, h * b, w * b])];
}

export const registrations: OpRegistration[] = [
  { opType: 'DepthToSpace', domain: '', since: 1, impl: { run } },
];
