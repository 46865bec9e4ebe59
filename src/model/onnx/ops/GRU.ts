/**
 * ONNX GRU (opset 1+; layout since 14). Gate order z, r, h:
 *   z = f(Xt Wz' + Ht-1 Rz' + Wbz + Rbz),  r = f(Xt Wr' + Ht-1 Rr' + Wbr + Rbr)
 *   h = g(Xt Wh' + (r . Ht-1) Rh' + Rbh + Wbh)          linear_before_reset = 0
 *   h = g(Xt Wh' + r . (Ht-1 Rh' + Rbh) + Wbh)          linear_before_reset != 0
 *   Ht = (1 - z) . h + z . Ht-1
 * with f, g = Sigmoid, Tanh by default. Outputs Y, Y_h.
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

function direction(s: RnnSetup, d: number, lbr: boolean): { y: Tensor; last: State } {
  const hsz = s.hidden;
  const [f, g] = s.acts[d];
  const bb = biases(s, d, 3);
  // Rbz, Rbr always add outside; Rbh only when the reset applies before the matMul.
  let bias: Tensor | null = null;
  let rbh: Tensor | null = null;
  if (bb) {
    const [rz, rr, rh] = tf.split(bb.rb, 3);
    bias = tf.add(bb.wb, tf.concat([rz, rr, lbr ? tf.zerosLike(rh) : rh]));
    rbh = lbr ? rh : null;
  }
  const xw = projectInputs(s, d, bias);
  const rt = recurrentWeights(s, d); // [H, 3H]
  const rzr = tf.slice(rt, [0, 0], [-1, 2 * hsz]);
  const rh = tf.slice(rt, [0, 2 * hsz], [-1, hsz]);
  const step = (xwt: Tensor, [hPrev]: State): State => {
    const xzr = tf.slice(xwt, [0, 0], [-1, 2 * hsz]);
    const xh = tf.slice(xwt, [0, 2 * hsz], [-1, hsz]);
    let zr: Tensor;
    let cand: Tensor;
    if (lbr) {
      const hr = tf.matMul(hPrev, rt);
      zr = f(clipped(s, tf.add(xzr, tf.slice(hr, [0, 0], [-1, 2 * hsz]))));
      let hh = tf.slice(hr, [0, 2 * hsz], [-1, hsz]);
      if (rbh) hh = tf.add(hh, rbh);
      const [, r] = tf.split(zr, 2, 1);
      cand = g(clipped(s, tf.add(xh, tf.mul(r, hh))));
    } else {
      zr = f(clipped(s, tf.add(xzr, tf.matMul(hPrev, rzr))));
      const [, r] = tf.split(zr, 2, 1);
      cand = g(clipped(s, tf.add(xh, tf.matMul(tf.mul(r, hPrev), rh))));
    }
    const z = tf.slice(zr, [0, 0], [-1, hsz]);
    // (1 - z) . cand + z . h = cand + z . (h - cand)
    return [tf.add(cand, tf.mul(z, tf.sub(hPrev, cand)))];
  };
  return recur(s, xw, s.reverse[d], [initial(s.h0[d], s.batch, hsz)], step);
}

function run(inputs: (Tensor | undefined)[], ctx: OpContext): Tensor[] {
  const s = readRnn(inputs, ctx, 3, ['Sigmoid', 'Tanh']);
  const lbr = attrNum(ctx, 'linear_before_reset', 0) !== 0;
  const res = s.reverse.map((_, d) => direction(s, d, lbr));
  return outputs(
    s,
    res.map((r) => r.y),
    res.map((r) => r.last),
    ctx,
  );
}

const impl = { run };
export const registrations: OpRegistration[] = [
  { opType: 'GRU', domain: '', since: 1, until: 13, impl },
  { opType: 'GRU', domain: '', since: 14, impl },
];
