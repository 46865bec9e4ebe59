/**
 * ONNX RNN (opset 1+; layout since 14): Ht = f(Xt Wi' + Ht-1 Ri' + Wbi + Rbi), f = Tanh by
 * default. Outputs Y, Y_h.
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpContext, OpRegistration } from '../types.ts';
import {
  biases,
  clipped,
  initial,
  outputs,
  projectInputs,
  readRnn,
  recur,
  recurrentWeights,
} from './rnn_util.ts';

function run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] {
  const s = readRnn(inputs, ctx, 1, ['Tanh']);
  const res = s.reverse.map((rev, d) => {
    const bb = biases(s, d, 1);
    const xw = projectInputs(s, d, bb ? tf.add(bb.wb, bb.rb) : null);
    const rt = recurrentWeights(s, d);
    const [f] = s.acts[d];
    return recur(s, xw, rev, [initial(s.h0[d], s.batch, s.hidden)], (xwt, [h]) => [
      f(clipped(s, tf.add(xwt, tf.matMul(h, rt)))),
    ]);
  });
  return outputs(
    s,
    res.map((r) => r.y),
    res.map((r) => r.last),
    ctx,
  );
}

const impl = { run };
export const registrations: OpRegistration[] = [
  { opType: 'RNN', domain: '', since: 1, until: 13, impl },
  { opType: 'RNN', domain: '', since: 14, impl },
];
