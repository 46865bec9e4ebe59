/**
 * ONNX LSTM (opset 1+; layout since 14). Gate order in W, R, B and P is i, o, f, c:
 *   i = f(Xt Wi' + Ht-1 Ri' + Pi . Ct-1 + Wbi + Rbi)
 *   f = f(Xt Wf' + Ht-1 Rf' + Pf . Ct-1 + Wbf + Rbf)     (input_forget=1: f = 1 - i)
 *   c = g(Xt Wc' + Ht-1 Rc' + Wbc + Rbc)
 *   Ct = f . Ct-1 + i . c
 *   o = f(Xt Wo' + Ht-1 Ro' + Po . Ct + Wbo + Rbo)
 *   Ht = o . h(Ct)
 * with f, g, h = Sigmoid, Tanh, Tanh by default. Outputs Y, Y_h, Y_c.
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpContext, OpRegistration } from '../types.ts';
import { attrNum } from './nn_util.ts';
import {
  biases,
  clipped,
  initial,
  outputs,
  projectInputs,
  type RnnSetup,
  readRnn,
  recur,
  recurrentWeights,
  type State,
} from './rnn_util.ts';

function direction(
  s: RnnSetup,
  d: number,
  p: Tensor | undefined,
  inputForget: boolean,
): { y: Tensor; last: State } {
  const hsz = s.hidden;
  const [f, g, h] = s.acts[d];
  const bb = biases(s, d, 4);
  const xw = projectInputs(s, d, bb ? tf.add(bb.wb, bb.rb) : null);
  const rt = recurrentWeights(s, d);
  const batch = s.batch;
  const peep = p ? tf.split(tf.squeeze(tf.slice(p, [d, 0], [1, -1]), [0]), 3) : null;
  // Without peepholes or coupling, the gates i, o, f are contiguous: one activation call.
  const fused = !peep && !inputForget;
  const step = (xwt: Tensor, [hPrev, cPrev]: State): State => {
    const gates = tf.add(xwt, tf.matMul(hPrev, rt));
    let i: Tensor;
    let o: Tensor;
    let fg: Tensor;
    if (fused) {
      [i, o, fg] = tf.split(f(clipped(s, tf.slice(gates, [0, 0], [-1, 3 * hsz]))), 3, 1);
    } else {
      const [gi, go, gf] = tf.split(tf.slice(gates, [0, 0], [-1, 3 * hsz]), 3, 1);
      i = f(clipped(s, peep ? tf.add(gi, tf.mul(peep[0], cPrev)) : gi));
      fg = inputForget ? tf.sub(1, i) : f(clipped(s, peep ? tf.add(gf, tf.mul(peep[2], cPrev)) : gf));
      o = go; // its peephole needs Ct
    }
    const cand = g(clipped(s, tf.slice(gates, [0, 3 * hsz], [-1, hsz])));
    const c = tf.add(tf.mul(fg, cPrev), tf.mul(i, cand));
    if (!fused) o = f(clipped(s, peep ? tf.add(o, tf.mul(peep[1], c)) : o));
    return [tf.mul(o, h(c)), c];
  };
  const init = [initial(s.h0[d], batch, hsz), initial(s.c0[d], batch, hsz)];
  return recur(s, xw, s.reverse[d], init, step);
}

function run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] {
  const s = readRnn(inputs, ctx, 4, ['Sigmoid', 'Tanh', 'Tanh']);
  const p = inputs[7] !== undefined && inputs[7].size > 0 ? inputs[7] : undefined;
  const inputForget = attrNum(ctx, 'input_forget', 0) !== 0;
  const res = s.reverse.map((_, d) => direction(s, d, p, inputForget));
  return outputs(
    s,
    res.map((r) => r.y),
    res.map((r) => r.last),
    ctx,
  );
}

const impl = { run };
export const registrations: OpRegistration[] = [
  { opType: 'LSTM', domain: '', since: 1, until: 13, impl },
  { opType: 'LSTM', domain: '', since: 14, impl },
];
