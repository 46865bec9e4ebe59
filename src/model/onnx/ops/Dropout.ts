/**
 * Dropout at inference: the output is the input, and the optional mask is all ones (bool
 * from opset 10, the input's type before). Opset 12 moved `ratio` to an input and added
 * `training_mode`; a training-mode Dropout with a non-zero ratio is random, which Glassbox
 * does not emulate: it is refused with a clear error.
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpContext, OpRegistration } from '../types.ts';
import { fail, need } from './util/attrs.ts';
import { scalarOf } from './util/ints.ts';

function run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] {
  const x = need(inputs, 0, ctx.node);
  if (ctx.opset >= 12 && inputs[2]) {
    const training = scalarOf(inputs, ctx, 2);
    const ratio = scalarOf(inputs, ctx, 1) ?? 0.5;
    if (training && ratio !== 0) fail(ctx.node, 'training-mode dropout (random) is not supported');
  }
  const out = [x.clone()];
  if (ctx.node.outputs.length > 1 && ctx.node.outputs[1] !== '') {
    out.push(ctx.opset >= 10 ? tf.ones(x.shape, 'bool') : tf.onesLike(x));
  }
  return out;
}

export const registrations: OpRegistration[] = [
  { opType: 'Dropout', domain: '', since: 1, until: 9, impl: { run } },
  { opType: 'Dropout', domain: '', since: 10, until: 11, impl: { run } },
  { opType: 'Dropout', domain: '', since: 12, impl: { run } },
];
