/**
 * Shared machinery of the gradient, layer and neuron attribution methods: what is
 * explained (an Objective: a class score or one neuron), gradients of it with respect to
 * the input or to a layer's output, and the checks and metadata every method repeats.
 */
import { type Tensor, tf } from '../../engine/tf.ts';
import { GlassboxError, msg } from '../../messages.ts';
import type { Model, RunOptions, RunResult } from '../../model/model.ts';
import type { AttributeOptions, Attribution, Baselines, RunMeta } from './base.ts';

/**
 * A scalar per row of a forward pass: the class score of the row's example, or a neuron.
 * `read` gets the pass run with `taps` and the example index of each row.
 */
export interface Objective {
  taps: readonly string[];
  /** [rows] */
  read(r: RunResult, rows: readonly number[]): Tensor;
  /** what the score is read from, for messages */
  source: string;
}

/** The score tensor [rows, classes] read from the output or from `outputLayer`. */
function scoreMatrix(r: RunResult, outputLayer?: string): Tensor {
  const s = outputLayer ? r.taps.get(outputLayer)! : r.output;
  if (s.rank !== 2) throw new GlassboxError(msg.attrScoresShape(outputLayer ?? 'the output', s.shape));
  return s;
}

/** The class score of each row's target (targets[example]). */
export function classObjective(targets: readonly number[], classes: number, outputLayer?: string): Objective {
  return {
    taps: outputLayer ? [outputLayer] : [],
    source: outputLayer ?? 'the output',
    read: (r, rows) => {
      const mask = new Float32Array(rows.length * classes);
      rows.forEach((ex, i) => {
        mask[i * classes + targets[ex]] = 1;
      });
      return tf.sum(tf.mul(scoreMatrix(r, outputLayer), tf.tensor2d(mask, [rows.length, classes])), 1);
    },
  };
}

/** Unit `flat` (a flat index into the layer's output without the batch) of `layer`. */
export function neuronObjective(layer: string, flat: number): Objective {
  return {
    taps: [layer],
    source: layer,
    read: (r) => {
      const t = r.taps.get(layer)!;
      return tf.reshape(tf.slice(tf.reshape(t, [t.shape[0], -1]), [0, flat], [-1, 1]), [t.shape[0]]);
    },
  };
}

export interface ResolvedTargets {
  targets: number[];
  classes: number;
}

const classCache = new WeakMap<Model, Map<string, number>>();

/** Number of classes of the scores read from `outputLayer` (one zero-row pass, cached). */
function classCount(model: Model, outputLayer?: string): number {
  let m = classCache.get(model);
  if (!m) {
    m = new Map();
    classCache.set(model, m);
  }
  const key = outputLayer ?? '';
  let c = m.get(key);
  if (c === undefined) {
    c = tf.tidy(() => {
      const r = model.run(tf.zeros([1, ...model.inputShape]), { taps: outputLayer ? [outputLayer] : [] });
      return scoreMatrix(r, outputLayer).shape[1] as number;
    });
    m.set(key, c);
  }
  return c;
}

/** The explained class per example ('predicted' by default), checked against the scores. */
export function resolveTargets(model: Model, x: Tensor, opts: AttributeOptions): ResolvedTargets {
  const n = x.shape[0];
  const t = opts.target ?? 'predicted';
  if (t === 'predicted') {
    return tf.tidy(() => {
      const s = scoreMatrix(
        model.run(x, { taps: opts.outputLayer ? [opts.outputLayer] : [] }),
        opts.outputLayer,
      );
      return { targets: Array.from(tf.argMax(s, 1).dataSync()), classes: s.shape[1] as number };
    });
  }
  const classes = classCount(model, opts.outputLayer);
  const targets = typeof t === 'number' ? new Array<number>(n).fill(t) : [...t];
  if (targets.length !== n) throw new GlassboxError(msg.attrTargetCount(targets.length, n));
  for (const c of targets) {
    if (!Number.isInteger(c) || c < 0 || c >= classes) throw new GlassboxError(msg.attrTarget(c, classes));
  }
  return { targets, classes };
}

/** Runs the objective on x (rows = examples 0..N-1 unless given): [rows]. */
export function objectiveValues(
  model: Model,
  x: Tensor,
  obj: Objective,
  rows: readonly number[] = range(x.shape[0]),
  edits?: RunOptions['edits'],
): Tensor {
  return obj.read(model.run(x, { taps: obj.taps, edits }), rows);
}

function rethrowUnconnected(e: unknown, what: string, obj: Objective): never {
  if (e instanceof Error && /Cannot compute gradient/.test(e.message)) {
    throw new GlassboxError(msg.attrLayerUnused(what, obj.source));
  }
  throw e;
}

/** d objective / d x, shaped like x (each row's score depends on its own row only). */
export function inputGradient(
  model: Model,
  x: Tensor,
  obj: Objective,
  rows: readonly number[] = range(x.shape[0]),
): Tensor {
  try {
    return tf.grad((xx: Tensor) => tf.sum(objectiveValues(model, xx, obj, rows)))(x);
  } catch (e) {
    return rethrowUnconnected(e, 'the input', obj);
  }
}

const shapeCache = new WeakMap<Model, Map<string, number[]>>();

/** The output shape of `layer` without the batch (one forward pass of one zero row, cached). */
export function layerShape(model: Model, layer: string): number[] {
  let m = shapeCache.get(model);
  if (!m) {
    m = new Map();
    shapeCache.set(model, m);
  }
  let s = m.get(layer);
  if (!s) {
    s = tf.tidy(
      () => model.run(tf.zeros([1, ...model.inputShape]), { taps: [layer] }).taps.get(layer)!.shape,
    );
    s = s.slice(1);
    m.set(layer, s);
  }
  return s;
}

export interface LayerGradient {
  /** the layer's output [rows, ...layerShape] */
  acts: Tensor;
  /** d objective / d acts, same shape */
  grads: Tensor;
  /** the objective [rows] */
  score: Tensor;
}

/**
 * Activations of `layer` and the gradient of the objective with respect to them, in one
 * forward and one backward pass: the layer's output is edited to output + z with z = 0,
 * and the gradient is taken with respect to z.
 */
export function layerGradient(
  model: Model,
  x: Tensor,
  layer: string,
  obj: Objective,
  rows: readonly number[] = range(x.shape[0]),
): LayerGradient {
  const shape = layerShape(model, layer);
  const kept: Tensor[] = [];
  try {
    return tf.tidy(() => {
      const z = tf.zeros([x.shape[0], ...shape]);
      const grads = tf.grad((zz: Tensor) => {
        const r = model.run(x, {
          taps: [...new Set([...obj.taps, layer])],
          edits: { [layer]: (t) => tf.add(t, zz) },
        });
        const s = obj.read(r, rows);
        kept.push(tf.keep(r.taps.get(layer)!), tf.keep(s));
        return tf.sum(s);
      })(z);
      // clones belong to this tidy's caller; the kept originals are disposed below
      return { acts: tf.clone(kept[0]), grads, score: tf.clone(kept[1]) };
    });
  } catch (e) {
    return rethrowUnconnected(e, `layer '${layer}'`, obj);
  } finally {
    tf.dispose(kept);
  }
}

/**
 * d objective / d value where `value` [rows, ...layerShape] replaces the output of `layer`
 * in a forward pass of `feed` (whose own activations there are discarded).
 */
export function gradientAtLayer(
  model: Model,
  feed: Tensor,
  layer: string,
  value: Tensor,
  obj: Objective,
  rows: readonly number[],
): Tensor {
  try {
    return tf.grad((v: Tensor) => tf.sum(objectiveValues(model, feed, obj, rows, { [layer]: () => v })))(
      value,
    );
  } catch (e) {
    return rethrowUnconnected(e, `layer '${layer}'`, obj);
  }
}

/**
 * Checks `neuron` against the layer's shape and returns its flat index (row-major, without
 * the batch).
 */
export function flatNeuron(model: Model, layer: string, neuron: number | readonly number[]): number {
  const shape = layerShape(model, layer);
  const size = shape.reduce((a, b) => a * b, 1);
  const bad = () => new GlassboxError(msg.attrNeuron(layer, neuron, shape));
  if (typeof neuron === 'number') {
    if (!Number.isInteger(neuron) || neuron < 0 || neuron >= size) throw bad();
    return neuron;
  }
  if (!Array.isArray(neuron) || neuron.length !== shape.length) throw bad();
  let flat = 0;
  neuron.forEach((i, d) => {
    if (!Number.isInteger(i) || i < 0 || i >= shape[d]) throw bad();
    flat = flat * shape[d] + i;
  });
  return flat;
}

/** [N]: the sum of each example's attributions. */
export function sumPerExample(values: Tensor): Tensor {
  return tf.sum(tf.reshape(values, [values.shape[0], -1]), 1);
}

/** Throws a GlassboxError (and frees the tensors) when `values` holds NaN or Infinity. */
export async function checkFinite(values: Tensor, what: string, also: Tensor[] = []): Promise<void> {
  const finite = tf.tidy(() => tf.all(tf.isFinite(values)));
  const ok = (await finite.data())[0];
  finite.dispose();
  if (!ok) {
    tf.dispose([values, ...also]);
    throw new GlassboxError(msg.nonFinite(what));
  }
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Metadata of a result. */
export function runMeta(
  model: Model,
  method: string,
  targets: number[],
  options: Record<string, unknown>,
  extra: Partial<Pick<RunMeta, 'seed' | 'shapedLike'>> = {},
): RunMeta {
  return { method, model: model.name, modelHash: model.hash, targets, options, ...extra };
}

// ---- option checks (messages from messages.ts) ----

export function checkInt(method: string, name: string, v: unknown, min: number, dflt: number): number {
  const x = v ?? dflt;
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min) {
    throw new GlassboxError(msg.attrOption(method, name, v, `an integer >= ${min}`));
  }
  return x;
}

export function checkNonNegative(method: string, name: string, v: unknown, dflt: number): number {
  const x = v ?? dflt;
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) {
    throw new GlassboxError(msg.attrOption(method, name, v, 'a finite number >= 0'));
  }
  return x;
}

export function checkOneOf<T extends string>(
  method: string,
  name: string,
  v: unknown,
  allowed: readonly T[],
  dflt: T,
): T {
  const x = v ?? dflt;
  if (!allowed.includes(x as T)) {
    throw new GlassboxError(msg.attrOption(method, name, v, `one of ${allowed.join(', ')}`));
  }
  return x as T;
}

export function checkSeed(method: string, v: unknown): number {
  const x = v ?? 0;
  if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > 0xffffffff) {
    throw new GlassboxError(msg.attrOption(method, 'seed', v, 'an integer in [0, 2^32)'));
  }
  return x;
}

export function checkLayer(method: string, layer: unknown): string {
  if (typeof layer !== 'string' || layer === '') {
    throw new GlassboxError(
      msg.attrOption(method, 'layer', layer, 'the name of a layer (see model.layers())'),
    );
  }
  return layer;
}

// ---- method traits, for wrappers (noise tunnel) and the registry ----

/**
 * The options of every gradient, layer and neuron method together: what a caller that
 * picks a method by name (the CLI, the noise tunnel) may pass. Each method reads its own.
 */
export interface GradientMethodOptions extends AttributeOptions {
  baselines?: Baselines;
  layer?: string;
  neuron?: number | readonly number[];
  steps?: number;
  rule?: string;
  internalBatchSize?: number;
  samples?: number;
  stdev?: number;
  seed?: number;
  abs?: boolean;
  relu?: boolean;
}

/** Any attribution method, whatever its own options type (a bivariant method signature). */
export type AnyAttributionMethod = {
  method(model: Model, input: Tensor, opts?: GradientMethodOptions): Promise<Attribution>;
}['method'];

export interface MethodTraits {
  /** `baselines` is a set of references shared by every example, not one per example */
  baselineSet?: boolean;
  /** explains a neuron or a layer's output, not a class: no target */
  targetless?: boolean;
}

const traits = new WeakMap<object, MethodTraits>();

export function setTraits(fn: object, t: MethodTraits): void {
  traits.set(fn, t);
}

export function traitsOf(fn: object): MethodTraits {
  return traits.get(fn) ?? {};
}

/**
 * The completeness gap of attributions against one baseline per example:
 * sum(values[n]) - (F(x[n]) - F(x0[n])), both ends scored in one forward pass.
 */
export function deltaAgainstBaselines(
  model: Model,
  x: Tensor,
  x0: Tensor,
  obj: Objective,
  values: Tensor,
): Tensor {
  const n = x.shape[0];
  const [fx, fx0] = tf.split(objectiveValues(model, tf.concat([x, x0]), obj, [...range(n), ...range(n)]), 2);
  return tf.sub(sumPerExample(values), tf.sub(fx, fx0));
}

/**
 * The completeness gap of attributions against a reference set (SHAP-style methods):
 * sum(values[n]) - (F(x[n]) - mean_j F(refs[j])), per example. refs: [B, ...input].
 */
export function deltaAgainstReferences(
  model: Model,
  x: Tensor,
  refs: Tensor,
  obj: Objective,
  values: Tensor,
): Tensor {
  const n = x.shape[0];
  const b = refs.shape[0];
  const fx = objectiveValues(model, x, obj);
  // F_n(ref_j) for every pair (n, j): row r holds reference r % b scored for example r / b
  const pairs = range(n * b);
  const refRows = tf.gather(
    refs,
    tf.tensor1d(
      pairs.map((r) => r % b),
      'int32',
    ),
  );
  const fRefs = objectiveValues(
    model,
    refRows,
    obj,
    pairs.map((r) => Math.floor(r / b)),
  );
  const expected = tf.mean(tf.reshape(fRefs, [n, b]), 1);
  return tf.sub(sumPerExample(values), tf.sub(fx, expected));
}
