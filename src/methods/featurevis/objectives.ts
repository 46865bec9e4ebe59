/**
 * Feature-visualization objectives as a small algebra (Olah et al. 2017, Distill "Feature
 * Visualization"; the set of tensorflow/lucid's optvis/objectives). An objective is a scalar
 * to *maximise*, computed from the tapped activations of one forward pass, the model output and
 * the (untransformed) image. TypeScript has no operator overloading, so objectives combine
 * through functions: `sum(channel('conv2', 3), scale(-0.5, channel('conv2', 7)))`.
 *
 * `name` is the objective's canonical string form, which `parseObjective` (parse.ts) reads
 * back to the same objective.
 */
import { type Scalar, type Tensor, tf } from '../../engine/tf.ts';
import { GlassboxError, msg } from '../../messages.ts';
import type { Layout } from '../../model/model.ts';

/** What an objective sees of one forward pass of a batch of N images. */
export interface ObjectiveContext {
  /** the output of a tapped layer, [N, ...] in the model's layout */
  acts(layer: string): Tensor;
  /** the model's output [N, ...] */
  output: Tensor;
  /** the image batch before transforms, NHWC in the valid range */
  image: Tensor;
  layout: Layout;
}

export interface Objective {
  /** canonical string form, e.g. `channel(conv2,3) - 0.5*channel(conv2,7)` */
  name: string;
  /** layers to tap */
  layers: readonly string[];
  /** the value to maximise, a scalar */
  fn(ctx: ObjectiveContext): Scalar;
}

/** Restricts a per-image objective to one image of the batch (undefined: the whole batch). */
export interface BatchOption {
  batch?: number;
}

function make(name: string, layers: readonly string[], fn: (ctx: ObjectiveContext) => Tensor): Objective {
  return { name, layers: [...new Set(layers)], fn: (ctx) => fn(ctx) as Scalar };
}

const batchSuffix = (o?: BatchOption) => (o?.batch === undefined ? '' : `@${o.batch}`);

function pick(t: Tensor, o?: BatchOption): Tensor {
  if (o?.batch === undefined) return t;
  if (!Number.isInteger(o.batch) || o.batch < 0 || o.batch >= t.shape[0])
    throw new GlassboxError(msg.fvBatchIndex(o.batch, t.shape[0]));
  return tf.slice(t, o.batch, 1);
}

/** The channel axis of an activation of rank `rank` (the last one for dense layers and NHWC). */
export function channelAxis(rank: number, layout: Layout): number {
  return rank === 4 && layout === 'nchw' ? 1 : rank - 1;
}

/** Channel `c` of an activation [N, ...], the channel axis removed: [N, h, w] or [N]. */
export function channelOf(layer: string, t: Tensor, c: number, layout: Layout): Tensor {
  const axis = channelAxis(t.rank, layout);
  const n = t.shape[axis];
  if (!Number.isInteger(c) || c < 0 || c >= n) throw new GlassboxError(msg.fvChannelRange(layer, c, n));
  const begin = t.shape.map((_, i) => (i === axis ? c : 0));
  const size = t.shape.map((d, i) => (i === axis ? 1 : d));
  return tf.squeeze(tf.slice(t, begin, size), [axis]);
}

/** Mean activation of channel `c` of `layer` (Lucid's `channel`, `"layer:c"`). */
export function channel(layer: string, c: number, o?: BatchOption): Objective {
  return make(`channel(${layer},${c})${batchSuffix(o)}`, [layer], (ctx) =>
    tf.mean(channelOf(layer, pick(ctx.acts(layer), o), c, ctx.layout)),
  );
}

/**
 * One unit: channel `c` of `layer` at spatial position (x, y), default the centre
 * (Lucid's `neuron`). On a dense layer x and y are ignored.
 */
export function neuron(layer: string, c: number, x?: number, y?: number, o?: BatchOption): Objective {
  const pos = x === undefined ? '' : `,${x}${y === undefined ? '' : `,${y}`}`;
  return make(`neuron(${layer},${c}${pos})${batchSuffix(o)}`, [layer], (ctx) => {
    const ch = channelOf(layer, pick(ctx.acts(layer), o), c, ctx.layout);
    if (ch.rank === 1) return tf.mean(ch);
    const [h, w] = ch.shape.slice(1);
    const px = x ?? Math.floor(w / 2);
    const py = y ?? Math.floor(h / 2);
    if (px < 0 || px >= w || py < 0 || py >= h) throw new GlassboxError(msg.fvPosition(layer, px, py, w, h));
    return tf.mean(tf.slice(ch, [0, py, px], [ch.shape[0], 1, 1]));
  });
}

/** Mean squared activation of a whole layer (Lucid's `deepdream`; Mordvintsev et al. 2015). */
export function deepdream(layer: string, o?: BatchOption): Objective {
  return make(`deepdream(${layer})${batchSuffix(o)}`, [layer], (ctx) =>
    tf.mean(tf.square(pick(ctx.acts(layer), o))),
  );
}

/** Mean over positions of the dot product of the activation vector with `vec` (Lucid's `direction`). */
export function direction(layer: string, vec: readonly number[], o?: BatchOption): Objective {
  return make(`direction(${layer},[${vec.join(',')}])${batchSuffix(o)}`, [layer], (ctx) => {
    const t = pick(ctx.acts(layer), o);
    const axis = channelAxis(t.rank, ctx.layout);
    if (t.shape[axis] !== vec.length)
      throw new GlassboxError(msg.fvDirectionLength(layer, vec.length, t.shape[axis]));
    const shape = t.shape.map((d, i) => (i === axis ? d : 1));
    return tf.div(tf.sum(tf.mul(t, tf.tensor(vec as number[], shape))), t.size / t.shape[axis]);
  });
}

/** The score of class `c`: the model output, or the layer `layer` (e.g. pre-softmax logits). */
export function classLogit(c: number, layer?: string, o?: BatchOption): Objective {
  const args = layer === undefined ? `${c}` : `${c},${layer}`;
  return make(`class_logit(${args})${batchSuffix(o)}`, layer ? [layer] : [], (ctx) => {
    const t = pick(layer ? ctx.acts(layer) : ctx.output, o);
    if (t.rank !== 2) throw new GlassboxError(msg.fvNotScores(layer ?? 'output', t.shape));
    return tf.mean(channelOf(layer ?? 'output', t, c, ctx.layout));
  });
}

/** Mean |image - constant| (Lucid's `L1`); usually negated as a penalty. */
export function l1(constant = 0): Objective {
  return make(constant === 0 ? 'l1()' : `l1(${constant})`, [], (ctx) =>
    tf.mean(tf.abs(tf.sub(ctx.image, constant))),
  );
}

/** Root mean square of image - constant (Lucid's `L2`); usually negated as a penalty. */
export function l2(constant = 0): Objective {
  return make(constant === 0 ? 'l2()' : `l2(${constant})`, [], (ctx) =>
    tf.sqrt(tf.add(tf.mean(tf.square(tf.sub(ctx.image, constant))), 1e-12)),
  );
}

/**
 * Mean absolute difference of neighbouring pixels (anisotropic total variation, Lucid's
 * `total_variation`, Mahendran & Vedaldi 2015); usually negated as a penalty.
 */
export function totalVariation(): Objective {
  return make('total_variation()', [], (ctx) => {
    const img = ctx.image;
    const [n, h, w, c] = img.shape;
    const dy = tf.sub(
      tf.slice(img, [0, 1, 0, 0], [n, h - 1, w, c]),
      tf.slice(img, [0, 0, 0, 0], [n, h - 1, w, c]),
    );
    const dx = tf.sub(
      tf.slice(img, [0, 0, 1, 0], [n, h, w - 1, c]),
      tf.slice(img, [0, 0, 0, 0], [n, h, w - 1, c]),
    );
    return tf.add(tf.mean(tf.abs(dy)), tf.mean(tf.abs(dx)));
  });
}

/**
 * Diversity across the batch (Olah et al. 2017, section "Diversity"; Lucid's `diversity`):
 * minus the mean pairwise cosine similarity of the images' Gram matrices (channel
 * co-activations) at `layer`. Adding it with a positive weight pushes the images apart.
 */
export function diversity(layer: string): Objective {
  return make(`diversity(${layer})`, [layer], (ctx) => negMeanGramCosine(ctx.acts(layer), ctx.layout));
}

/** -mean over i != j of cos(G_i, G_j), G_i the Gram matrix of image i's activation: a scalar. */
export function negMeanGramCosine(acts: Tensor, layout: Layout): Tensor {
  const n = acts.shape[0];
  if (n < 2) return tf.scalar(0);
  const axis = channelAxis(acts.rank, layout);
  const k = acts.shape[axis];
  // flat: [N, positions, K]
  const moved = axis === acts.rank - 1 ? acts : tf.transpose(acts, [0, ...range(2, acts.rank), 1]);
  const flat = tf.reshape(moved, [n, -1, k]);
  const gram = tf.reshape(tf.matMul(flat, flat, true, false), [n, k * k]);
  const unit = tf.div(gram, tf.add(tf.norm(gram, 'euclidean', 1, true), 1e-8));
  const cos = tf.matMul(unit, unit, false, true);
  const offDiagonal = tf.sub(tf.sum(cos), tf.sum(tf.mul(cos, tf.eye(n))));
  return tf.neg(tf.div(offDiagonal, n * (n - 1)));
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, i) => a + i);
}

/** Wraps a sum or a product in parentheses where it is an operand. */
function operand(o: Objective): string {
  return /[+*]| - /.test(o.name) ? `(${o.name})` : o.name;
}

/** The sum of objectives. */
export function sum(...terms: Objective[]): Objective {
  if (terms.length === 0) throw new GlassboxError(msg.fvEmptySum());
  if (terms.length === 1) return terms[0];
  // sums are associative, so terms need no parentheses; a negative term reads as a difference
  const name = terms
    .map((t, i) => (i === 0 ? t.name : t.name.startsWith('-') ? ` - ${t.name.slice(1)}` : ` + ${t.name}`))
    .join('');
  return make(
    name,
    terms.flatMap((t) => t.layers),
    (ctx) => tf.addN(terms.map((t) => t.fn(ctx))),
  );
}

/** `k` times an objective (a scale of a scale folds into one). */
export function scale(k: number, o: Objective): Objective {
  if (!Number.isFinite(k)) throw new GlassboxError(msg.fvBadWeight(k));
  const inner = (o as ScaledObjective).scaled;
  if (inner) return scale(k * inner.k, inner.o);
  if (k === 1) return o;
  const name = k === -1 ? `-${operand(o)}` : `${k}*${operand(o)}`;
  const out: ScaledObjective = make(name, o.layers, (ctx) => tf.mul(o.fn(ctx), k));
  out.scaled = { k, o };
  return out;
}

interface ScaledObjective extends Objective {
  scaled?: { k: number; o: Objective };
}

/** Minus an objective. */
export function neg(o: Objective): Objective {
  return scale(-1, o);
}

/** The product of two objectives. */
export function mul(a: Objective, b: Objective): Objective {
  return make(`${operand(a)}*${operand(b)}`, [...a.layers, ...b.layers], (ctx) =>
    tf.mul(a.fn(ctx), b.fn(ctx)),
  );
}
