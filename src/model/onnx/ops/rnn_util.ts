/**
 * The machinery the ONNX recurrent ops (RNN, GRU, LSTM) share: attribute and input
 * reading, the activation functions, input projections for all time steps as one matMul,
 * the time loop (forward, reverse, per-batch sequence_lens by masking), and the outputs
 * Y [T, D, B, H], Y_h [D, B, H] (layout 0) or [B, T, D, H], [B, D, H] (layout 1).
 */
import { type Tensor, tf } from '../../../engine/tf.ts';
import type { OpContext } from '../types.ts';
import {
  attrInts,
  attrNum,
  attrString,
  attrStrings,
  hostValues,
  memoized,
  need,
  opError,
} from './nn_util.ts';

export type Act = (x: Tensor) => Tensor;

interface ActDef {
  /** default alpha and beta, for the activations that take them */
  alpha?: number;
  beta?: number;
  make: (alpha: number, beta: number) => Act;
}

const ACTS: Record<string, ActDef> = {
  relu: { make: () => (x) => tf.relu(x) },
  tanh: { make: () => (x) => tf.tanh(x) },
  sigmoid: { make: () => (x) => tf.sigmoid(x) },
  affine: { alpha: 1, beta: 0, make: (a, b) => (x) => tf.add(tf.mul(x, a), b) },
  leakyrelu: { alpha: 0.01, make: (a) => (x) => tf.leakyRelu(x, a) },
  thresholdedrelu: { alpha: 1, make: (a) => (x) => tf.mul(x, tf.cast(tf.greater(x, a), 'float32')) },
  scaledtanh: { alpha: 1, beta: 1, make: (a, b) => (x) => tf.mul(tf.tanh(tf.mul(x, b)), a) },
  hardsigmoid: {
    alpha: 0.2,
    beta: 0.5,
    make: (a, b) => (x) => tf.clipByValue(tf.add(tf.mul(x, a), b), 0, 1),
  },
  elu: {
    alpha: 1,
    make: (a) => (x) => (a === 1 ? tf.elu(x) : tf.where(tf.greater(x, 0), x, tf.mul(tf.expm1(x), a))),
  },
  softsign: { make: () => (x) => tf.div(x, tf.add(tf.abs(x), 1)) },
  softplus: { make: () => (x) => tf.softplus(x) },
};

/**
 * The activations per direction. `activations` lists them for the first direction, then the
 * second; activation_alpha/beta values are consumed in order by those that take them.
 */
function activationFns(ctx: OpContext, defaults: string[], dirs: number): Act[][] {
  const names = attrStrings(ctx, 'activations') ?? (dirs === 2 ? [...defaults, ...defaults] : defaults);
  const k = defaults.length;
  if (names.length !== k * dirs)
    throw opError(ctx, `activations needs ${k * dirs} names, got ${names.length}`);
  const alphas = attrInts(ctx, 'activation_alpha') ?? [];
  const betas = attrInts(ctx, 'activation_beta') ?? [];
  let ai = 0;
  let bi = 0;
  const fns = names.map((n) => {
    const def = ACTS[n.toLowerCase()];
    if (!def) throw opError(ctx, `unknown activation '${n}'`);
    const a = def.alpha === undefined ? 0 : ai < alphas.length ? alphas[ai++] : def.alpha;
    const b = def.beta === undefined ? 0 : bi < betas.length ? betas[bi++] : def.beta;
    return def.make(a, b);
  });
  return Array.from({ length: dirs }, (_, d) => fns.slice(d * k, (d + 1) * k));
}

export interface RnnSetup {
  ctx: OpContext;
  /** X as [T, B, I] */
  x: Tensor;
  w: Tensor;
  r: Tensor;
  /** [D, 2*G*H] or undefined */
  b?: Tensor;
  /** per direction: [B, H] initial hidden state (undefined: zeros) */
  h0: (Tensor | undefined)[];
  /** the optional input at index 6 (LSTM's initial_c), as [D, B, H] per direction */
  c0: (Tensor | undefined)[];
  reverse: boolean[];
  hidden: number;
  batch: number;
  /** per batch sequence length, or null when every sequence is full */
  lens: number[] | null;
  layout: number;
  clip: number;
  acts: Act[][];
}

/** Reads the inputs common to RNN/GRU/LSTM (gates: 1, 3, 4) and checks their shapes. */
export function readRnn(
  inputs: (Tensor | undefined)[],
  ctx: OpContext,
  gates: number,
  defaultActs: string[],
): RnnSetup {
  const layout = attrNum(ctx, 'layout', 0);
  let x = need(inputs, 0, ctx, 'X');
  if (x.rank !== 3) throw opError(ctx, `X must be 3-D, got [${x.shape}]`);
  if (layout === 1) x = tf.transpose(x, [1, 0, 2]);
  const w = need(inputs, 1, ctx, 'W');
  const r = need(inputs, 2, ctx, 'R');
  const direction = attrString(ctx, 'direction', 'forward');
  const dirs = direction === 'bidirectional' ? 2 : 1;
  if (!['forward', 'reverse', 'bidirectional'].includes(direction)) {
    throw opError(ctx, `unknown direction '${direction}'`);
  }
  const hidden = attrNum(ctx, 'hidden_size', r.shape[2] as number);
  const [t, batch, inSize] = x.shape;
  if (
    w.shape.join() !== [dirs, gates * hidden, inSize].join() ||
    r.shape.join() !== [dirs, gates * hidden, hidden].join()
  ) {
    throw opError(
      ctx,
      `W [${w.shape}] / R [${r.shape}] do not fit ${dirs} direction(s), hidden ${hidden}, input ${inSize}`,
    );
  }
  const b = inputs[3] !== undefined && inputs[3].size > 0 ? inputs[3] : undefined;
  let lens = hostValues(inputs, 4, ctx) ?? null;
  if (lens) {
    if (lens.length !== batch || lens.some((l) => l < 0 || l > t))
      throw opError(ctx, `bad sequence_lens [${lens}]`);
    if (lens.every((l) => l === t)) lens = null;
  }
  const perDir = (i: number): (Tensor | undefined)[] => {
    let s = inputs[i];
    if (s === undefined || s.size === 0) return new Array(dirs).fill(undefined);
    if (layout === 1) s = tf.transpose(s, [1, 0, 2]);
    return tf.unstack(s, 0);
  };
  const clipAttr = ctx.node.attrs.clip;
  return {
    ctx,
    x,
    w,
    r,
    b,
    h0: perDir(5),
    c0: perDir(6),
    reverse: direction === 'bidirectional' ? [false, true] : [direction === 'reverse'],
    hidden,
    batch,
    lens,
    layout,
    clip: typeof clipAttr === 'number' ? clipAttr : 0,
    acts: activationFns(ctx, defaultActs, dirs),
  };
}

/** x [T, B, I] times W[d]^T [I, G*H], plus a bias [G*H]: [T, B, G*H] for every step at once. */
export function projectInputs(s: RnnSetup, d: number, bias: Tensor | null): Tensor {
  const [t, batch, inSize] = s.x.shape;
  // W[d] transposed once per model when W is a constant: the step is a plain product
  const wt = memoized(s.ctx, `W${d}`, [1], () =>
    tf.transpose(tf.squeeze(tf.slice(s.w, [d, 0, 0], [1, -1, -1]), [0])),
  );
  let xw = tf.matMul(tf.reshape(s.x, [t * batch, inSize]), wt);
  if (bias) xw = tf.add(xw, bias);
  return tf.reshape(xw, [t, batch, -1]);
}

/** R[d] transposed: [H, G*H], so a step is matMul(h, Rt). */
export function recurrentWeights(s: RnnSetup, d: number): Tensor {
  return memoized(s.ctx, `R${d}`, [2], () =>
    tf.transpose(tf.squeeze(tf.slice(s.r, [d, 0, 0], [1, -1, -1]), [0])),
  );
}

/** The bias of direction d split in its W part and R part, each [G*H]. */
export function biases(s: RnnSetup, d: number, gates: number): { wb: Tensor; rb: Tensor } | null {
  if (!s.b) return null;
  const n = gates * s.hidden;
  const bd = tf.squeeze(tf.slice(s.b, [d, 0], [1, -1]), [0]);
  return { wb: tf.slice(bd, [0], [n]), rb: tf.slice(bd, [n], [n]) };
}

/** A recurrent state: h, plus c for LSTM. */
export type State = Tensor[];

/** Time-step index map that reverses each sequence within its own length (an involution). */
function reversePerm(lens: number[], t: number): Int32Array {
  const b = lens.length;
  const idx = new Int32Array(t * b);
  for (let s = 0; s < t; s++) {
    for (let j = 0; j < b; j++) idx[s * b + j] = (s < lens[j] ? lens[j] - 1 - s : s) * b + j;
  }
  return idx;
}

/**
 * Runs one direction. `step(xwt, state)` returns the next state, the hidden state first.
 * Returns Y for this direction [T, B, H] and the final state. With sequence_lens, the steps
 * past a sequence's end keep its state and output zeros (as onnxruntime does).
 */
export function recur(
  s: RnnSetup,
  xw: Tensor,
  reverse: boolean,
  init: State,
  step: (xwt: Tensor, st: State) => State,
): { y: Tensor; last: State } {
  const [t, batch] = xw.shape;
  const lens = s.lens;
  const perm = lens && reverse ? tf.tensor1d(reversePerm(lens, t), 'int32') : null;
  const permute = (v: Tensor) => {
    if (!perm) return v;
    const shape = v.shape;
    return tf.reshape(tf.gather(tf.reshape(v, [t * batch, -1]), perm, 0), shape);
  };
  const steps = tf.unstack(permute(xw), 0);
  const order = reverse && !lens ? steps.map((_, i) => t - 1 - i) : steps.map((_, i) => i);
  const ys: Tensor[] = new Array(t);
  let st = init;
  for (const i of order) {
    const next = step(steps[i], st);
    if (lens) {
      const m = tf.tensor2d(
        lens.map((l) => (i < l ? 1 : 0)),
        [batch, 1],
      );
      st = next.map((v, k) => tf.add(st[k], tf.mul(m, tf.sub(v, st[k]))));
      ys[i] = tf.mul(m, next[0]);
    } else {
      st = next;
      ys[i] = next[0];
    }
  }
  return { y: permute(tf.stack(ys, 0)), last: st };
}

/** Assembles Y, Y_h (and Y_c) from per-direction results, in the node's layout. */
export function outputs(s: RnnSetup, ys: Tensor[], lasts: State[], ctx: OpContext): Tensor[] {
  let y = tf.stack(ys, 1);
  const finals = lasts[0].map((_, k) =>
    tf.stack(
      lasts.map((l) => l[k]),
      0,
    ),
  );
  if (s.layout === 1) {
    y = tf.transpose(y, [2, 0, 1, 3]);
    for (let k = 0; k < finals.length; k++) finals[k] = tf.transpose(finals[k], [1, 0, 2]);
  }
  return [y, ...finals].slice(0, Math.max(1, ctx.node.outputs.length));
}

/** Initial state part, zeros when not given. */
export function initial(t: Tensor | undefined, batch: number, hidden: number): Tensor {
  return t ?? tf.zeros([batch, hidden]);
}

/** Applies the cell clip (ONNX `clip`) to an activation's input. */
export function clipped(s: RnnSetup, v: Tensor): Tensor {
  return s.clip > 0 ? tf.clipByValue(v, -s.clip, s.clip) : v;
}
