/**
 * What the perturbation methods share: option checks, the spatial grid masks live on (NHWC
 * or NCHW), and a Perturber that runs the model on batches of inputs in which some
 * positions are replaced by the baseline, returning the target class's score of each.
 */
import { type Tensor, tf } from '../../engine/tf.ts';
import { GlassboxError, msg } from '../../messages.ts';
import type { Layout, Model } from '../../model/model.ts';
import type { AttributeOptions, Attribution, BaselineOptions, Baselines, RunMeta } from './base.ts';

/** Options of every perturbation method; `baselines` (default 0) replace what is removed. */
export interface PerturbationOptions extends AttributeOptions, BaselineOptions {
  /** perturbed inputs per forward pass (default 64) */
  perturbationsPerEval?: number;
  /** called after each forward pass with the perturbed inputs scored so far and their total */
  onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_PERTURBATIONS_PER_EVAL = 64;

/** An integer option ≥ `min` (default `dflt`), or a GlassboxError naming it. */
export function intOption(name: string, value: number | undefined, dflt: number, min = 1): number {
  const v = value ?? dflt;
  if (!Number.isInteger(v) || v < min)
    throw new GlassboxError(msg.optionInvalid(name, v, `an integer >= ${min}`));
  return v;
}

/** A finite number option satisfying `ok` (default `dflt`), or a GlassboxError stating `rule`. */
export function numberOption(
  name: string,
  value: number | undefined,
  dflt: number,
  ok: (v: number) => boolean,
  rule: string,
): number {
  const v = value ?? dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) {
    throw new GlassboxError(msg.optionInvalid(name, v, rule));
  }
  return v;
}

/** A size given as n (n×n, or 1×n on a 1-D input) or [h, w], each an integer ≥ 1. */
export function sizeOption(name: string, value: number | readonly number[], geo: Geometry): [number, number] {
  const hw: number[] = typeof value === 'number' ? (geo.H === 1 ? [1, value] : [value, value]) : [...value];
  if (hw.length !== 2 || !hw.every((v) => Number.isInteger(v) && v >= 1)) {
    throw new GlassboxError(msg.optionInvalid(name, value, 'a positive integer or [height, width]'));
  }
  return [hw[0], hw[1]];
}

/**
 * The spatial grid H×W that masks are drawn on; channels (C) share each position's mask.
 * A rank-1 input [D] is 1×D, a rank-2 input is H×W, a rank-3 input is [H,W,C] (NHWC) or
 * [C,H,W] (NCHW).
 */
export interface Geometry {
  H: number;
  W: number;
  C: number;
  layout: Layout;
  /** shape that k masks [k, H, W] take to broadcast against [k, ...inputShape] */
  maskShape(k: number): number[];
  /** index, in one example's flat data, of position p (= h·W + w) in channel c */
  index(p: number, c: number): number;
}

export function geometry(model: Model, method: string): Geometry {
  const s = model.inputShape;
  const plain = (H: number, W: number): Geometry => ({
    H,
    W,
    C: 1,
    layout: model.layout,
    maskShape: (k) => [k, ...s],
    index: (p) => p,
  });
  if (s.length === 1) return plain(1, s[0]);
  if (s.length === 2) return plain(s[0], s[1]);
  if (s.length !== 3) throw new GlassboxError(msg.perturbRank(method, s));
  if (model.layout === 'nchw') {
    const [C, H, W] = s;
    return { H, W, C, layout: 'nchw', maskShape: (k) => [k, 1, H, W], index: (p, c) => c * H * W + p };
  }
  const [H, W, C] = s;
  return { H, W, C, layout: 'nhwc', maskShape: (k) => [k, H, W, 1], index: (p, c) => p * C + c };
}

/** The scores [N, classes] a target is read from: the model's output or `outputLayer`'s. */
export function scoresOf(model: Model, x: Tensor, outputLayer?: string): Tensor {
  if (!outputLayer) return model.run(x).output;
  return model.run(x, { taps: [outputLayer] }).taps.get(outputLayer)!;
}

/** Fills `keep` (zeroed, one value per position) for perturbation k: 1 keeps the input, 0 takes the baseline. */
export type MaskFill = (k: number, keep: Float32Array) => void;

/**
 * Scores perturbed copies of each example: b + (x − b)·keep, computed as x·keep + b·(1 − keep)
 * so that keep ∈ {0, 1} reproduces x and b exactly. Holds the example's tensors between calls;
 * call dispose() at the end.
 */
export class Perturber {
  readonly n: number;
  /** values per example */
  readonly size: number;
  /** the explained class per example */
  targets: number[] = [];
  /** f(x_i) and f(b_i): the target score of each example and of its baseline */
  fx = new Float64Array(0);
  fb = new Float64Array(0);
  xData = new Float32Array(0);
  bData = new Float32Array(0);
  /** perturbed inputs in all; set it before scoring for onProgress */
  total = 0;
  private done = 0;
  private current: { i: number; x: Tensor; b: Tensor } | null = null;

  private constructor(
    readonly model: Model,
    readonly geo: Geometry,
    readonly opts: PerturbationOptions,
    readonly perEval: number,
    /** the input's shape, batch included */
    readonly shape: readonly number[],
  ) {
    this.n = shape[0];
    this.size = model.inputShape.reduce((a, b) => a * b, 1);
  }

  /** Checks the input and options, resolves targets and scores x and the baselines. */
  static async open(model: Model, x: Tensor, opts: PerturbationOptions, method: string): Promise<Perturber> {
    const geo = geometry(model, method);
    const want = model.inputShape;
    if (x.shape.length !== want.length + 1 || want.some((d, i) => d !== x.shape[i + 1])) {
      throw new GlassboxError(msg.inputShapeMismatch([null, ...want], x.shape));
    }
    const perEval = intOption(
      'perturbationsPerEval',
      opts.perturbationsPerEval,
      DEFAULT_PERTURBATIONS_PER_EVAL,
    );
    const p = new Perturber(model, geo, opts, perEval, x.shape);
    const b = baselineTensor(x, want, opts.baselines);
    try {
      const s = tf.tidy(() => scoresOf(model, tf.concat([x, b]), opts.outputLayer));
      const sd = await s.data();
      const shape = s.shape;
      s.dispose();
      if (shape.length !== 2) throw new GlassboxError(msg.scoresNotClasses(shape));
      p.targets = resolveTargets(opts.target, sd, p.n, shape[1]);
      p.fx = Float64Array.from(p.targets, (t, i) => sd[i * shape[1] + t]);
      p.fb = Float64Array.from(p.targets, (t, i) => sd[(p.n + i) * shape[1] + t]);
      p.xData = Float32Array.from(await x.data());
      p.bData = Float32Array.from(await b.data());
    } finally {
      b.dispose();
    }
    return p;
  }

  /** One example's flat data: its input and its baseline. */
  example(i: number): { x: Float32Array; b: Float32Array } {
    const r = [i * this.size, (i + 1) * this.size];
    return { x: this.xData.subarray(r[0], r[1]), b: this.bData.subarray(r[0], r[1]) };
  }

  /** Target scores of `count` perturbations of example i, in order, `perEval` per forward pass. */
  async score(i: number, count: number, fill: MaskFill): Promise<Float64Array> {
    const { x, b } = this.tensors(i);
    const { H, W } = this.geo;
    const out = new Float64Array(count);
    const t = this.targets[i];
    for (let start = 0; start < count; start += this.perEval) {
      const k = Math.min(this.perEval, count - start);
      const keep = new Float32Array(k * H * W);
      for (let j = 0; j < k; j++) fill(start + j, keep.subarray(j * H * W, (j + 1) * H * W));
      const col = tf.tidy(() => {
        const m = tf.tensor(keep, this.geo.maskShape(k));
        // inputs: [k, ...inputShape]
        const inputs = tf.add(tf.mul(x, m), tf.mul(b, tf.sub(1, m)));
        return tf.slice(scoresOf(this.model, inputs, this.opts.outputLayer), [0, t], [k, 1]);
      });
      out.set(await col.data(), start);
      col.dispose();
      this.done += k;
      this.opts.onProgress?.(this.done, this.total);
    }
    return out;
  }

  /** Spreads per-position attributions [N·H·W] over the channels: a tensor shaped like the input. */
  values(perPosition: ArrayLike<number>): Tensor {
    const { H, W, C } = this.geo;
    const hw = H * W;
    const data = new Float32Array(this.n * this.size);
    for (let i = 0; i < this.n; i++) {
      const o = i * this.size;
      for (let p = 0; p < hw; p++) {
        const v = perPosition[i * hw + p];
        for (let c = 0; c < C; c++) data[o + this.geo.index(p, c)] = v;
      }
    }
    return tf.tensor(data, [...this.shape]);
  }

  meta(method: string, options: Record<string, unknown>, seed?: number): RunMeta {
    const m: RunMeta = {
      method,
      model: this.model.name,
      modelHash: this.model.hash,
      targets: this.targets,
      options: {
        ...options,
        baselines: typeof this.opts.baselines === 'object' ? 'tensor' : (this.opts.baselines ?? 0),
        perturbationsPerEval: this.perEval,
        outputLayer: this.opts.outputLayer ?? null,
      },
    };
    if (seed !== undefined) m.seed = seed;
    return m;
  }

  dispose(): void {
    if (this.current) tf.dispose([this.current.x, this.current.b]);
    this.current = null;
  }

  private tensors(i: number): { x: Tensor; b: Tensor } {
    if (this.current?.i === i) return this.current;
    this.dispose();
    const shape = [1, ...this.model.inputShape];
    const { x, b } = this.example(i);
    this.current = { i, x: tf.tensor(x, shape), b: tf.tensor(b, shape) };
    return this.current;
  }
}

/** Runs `body` with an open Perturber and disposes it, whatever happens. */
export async function withPerturber(
  model: Model,
  x: Tensor,
  opts: PerturbationOptions,
  method: string,
  body: (p: Perturber) => Promise<Attribution>,
): Promise<Attribution> {
  const p = await Perturber.open(model, x, opts, method);
  try {
    return await body(p);
  } finally {
    p.dispose();
  }
}

function baselineTensor(x: Tensor, example: readonly number[], baselines: Baselines = 0): Tensor {
  if (typeof baselines === 'number') {
    if (!Number.isFinite(baselines))
      throw new GlassboxError(msg.optionInvalid('baselines', baselines, 'finite'));
    return tf.fill(x.shape, baselines);
  }
  const s = baselines.shape;
  const same = (a: readonly number[], b: readonly number[]) =>
    a.length === b.length && a.every((d, i) => d === b[i]);
  if (same(s, x.shape)) return tf.cast(baselines, 'float32');
  if (same(s, example) || same(s, [1, ...example])) {
    return tf.tidy(() =>
      tf.tile(tf.reshape(tf.cast(baselines, 'float32'), [1, ...example]), [
        x.shape[0],
        ...example.map(() => 1),
      ]),
    );
  }
  throw new GlassboxError(msg.baselineShape(s, example));
}

function resolveTargets(
  target: AttributeOptions['target'],
  scores: ArrayLike<number>,
  n: number,
  classes: number,
): number[] {
  const t = target ?? 'predicted';
  if (t === 'predicted') {
    return Array.from({ length: n }, (_, i) => {
      let best = 0;
      for (let k = 1; k < classes; k++) if (scores[i * classes + k] > scores[i * classes + best]) best = k;
      return best;
    });
  }
  const arr = typeof t === 'number' ? new Array<number>(n).fill(t) : [...t];
  if (arr.length !== n) throw new GlassboxError(msg.targetCount(arr.length, n));
  for (const k of arr) {
    if (!Number.isInteger(k) || k < 0 || k >= classes)
      throw new GlassboxError(msg.targetOutOfRange(k, classes));
  }
  return arr;
}
