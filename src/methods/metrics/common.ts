/** Shared plumbing of the quality metrics: the explained score of many inputs, in batches. */
import { type Tensor, tf } from '../../engine/tf.ts';
import { GlassboxError, msg } from '../../messages.ts';
import type { Model } from '../../model/model.ts';
import { scores } from '../attribution/saliency.ts';

/** Default number of inputs per forward pass of the metrics. */
export const METRIC_BATCH = 32;

/** One example of `x` [N, ...] as a flat Float32Array. */
export function exampleValues(all: Float32Array, i: number, size: number): Float32Array {
  return all.subarray(i * size, (i + 1) * size);
}

/**
 * Scores of class `target` for `count` inputs produced by `make(j, into)` (which writes input
 * j, flat, into the given view), `batchSize` at a time. Returns float64 scores.
 */
export function scoreMany(
  model: Model,
  count: number,
  make: (j: number, into: Float32Array) => void,
  target: number,
  opts: { outputLayer?: string; batchSize?: number } = {},
): Float64Array {
  const shape = model.inputShape;
  const size = shape.reduce((a, b) => a * b, 1);
  const bs = Math.max(1, opts.batchSize ?? METRIC_BATCH);
  const out = new Float64Array(count);
  for (let start = 0; start < count; start += bs) {
    const k = Math.min(bs, count - start);
    const buf = new Float32Array(k * size);
    for (let j = 0; j < k; j++) make(start + j, buf.subarray(j * size, (j + 1) * size));
    const col = tf.tidy(() => {
      const s = scores(model, tf.tensor(buf, [k, ...shape]), opts.outputLayer);
      checkScores(s, target);
      return s.slice([0, target], [k, 1]).reshape([k]);
    });
    out.set(col.dataSync(), start);
    col.dispose();
  }
  return out;
}

/** Throws unless `s` is [batch, classes] with `target` among the classes. */
export function checkScores(s: Tensor, target: number): void {
  if (s.rank !== 2) throw new GlassboxError(msg.scoresNotClasses(s.shape));
  const classes = s.shape[1] as number;
  if (!Number.isInteger(target) || target < 0 || target >= classes)
    throw new GlassboxError(msg.targetOutOfRange(target, classes));
}

/** Throws unless the attribution has the input's shape (input-level metrics need one value per feature). */
export function checkSameShape(what: string, attr: Tensor, x: Tensor): void {
  if (attr.rank !== x.rank || attr.shape.some((d, i) => d !== x.shape[i]))
    throw new GlassboxError(msg.metricShape(what, attr.shape, x.shape));
}

/** Trapezoid rule ∫ y dt over the points (t_k, y_k), t increasing. */
export function trapezoid(t: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let k = 1; k < t.length; k++) s += ((y[k] + y[k - 1]) / 2) * (t[k] - t[k - 1]);
  return s;
}

/** `opts` over `defaults`, where an undefined option keeps the default (a plain spread would not). */
export function withDefaults<O extends object, D extends Partial<O>>(
  defaults: D,
  opts: O,
): Omit<O, keyof D> & { [K in keyof D & keyof O]-?: Exclude<O[K], undefined> } {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [k, v] of Object.entries(opts)) if (v !== undefined) out[k] = v;
  return out as Omit<O, keyof D> & { [K in keyof D & keyof O]-?: Exclude<O[K], undefined> };
}
