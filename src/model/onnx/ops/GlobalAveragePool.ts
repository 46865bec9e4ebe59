/** ONNX GlobalAveragePool (opset 1+): the mean over all spatial axes, kept as size-1 dims. */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpContext, OpRegistration } from '../types.ts';
import { need } from './nn_util.ts';

function run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] {
  const x = need(inputs, 0, ctx, 'X');
  const axes = Array.from({ length: x.rank - 2 }, (_, i) => i + 2);
  return [tf.mean(x, axes, true)];
}

export const registrations: OpRegistration[] = [
  { opType: 'GlobalAveragePool', domain: '', since: 1, impl: { run } },
];
