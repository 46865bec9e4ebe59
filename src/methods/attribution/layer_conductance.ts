/**
 * Layer conductance (Dhamdhere, Sundararajan & Yan 2018, "How Important Is a Neuron?"): the
 * flow of integrated gradients through each unit y of a layer along the input path
 * x(α) = x₀ + α (x − x₀): ∫₀¹ ∂F/∂y (x(α)) · dy(x(α))/dα dα, computed as a Riemann sum of
 * the gradient at the layer times the activation's increment over each of `steps`
 * intervals. The values of all units sum to F(x) − F(x₀) as steps grow; `delta` is the gap.
 */
import { type Tensor, tf } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';
import type { AttributeOptions, Attribution, BaselineOptions, LayerOptions } from './base.ts';
import { describeBaselines, perExampleBaselines } from './grad_baselines.ts';
import {
  checkFinite,
  checkInt,
  checkLayer,
  checkOneOf,
  classObjective,
  layerGradient,
  type Objective,
  range,
  resolveTargets,
  runMeta,
} from './grad_util.ts';
import { pathPoints } from './path_integral.ts';

export const CONDUCTANCE_RULES = [
  'riemann-left',
  'riemann-right',
  'riemann-middle',
  'riemann-trapezoid',
] as const;
export type ConductanceRule = (typeof CONDUCTANCE_RULES)[number];

export interface LayerConductanceOptions extends AttributeOptions, BaselineOptions, LayerOptions {
  /** intervals on the path (default 50) */
  steps?: number;
  /**
   * where the gradient of each interval is taken: its left end, right end (the paper's
   * sum), midpoint, or the mean of both ends (default 'riemann-trapezoid')
   */
  rule?: ConductanceRule;
  /** path points per forward/backward pass (default 64) */
  internalBatchSize?: number;
}

/** Conductance of one example: [...layerShape] and F(x) − F(x₀) (a scalar tensor). */
function conductanceOf(
  model: Model,
  x: Tensor,
  x0: Tensor,
  n: number,
  layer: string,
  obj: Objective,
  steps: number,
  rule: ConductanceRule,
  batch: number,
): { cond: Tensor; change: Tensor } {
  return tf.tidy(() => {
    // the middle rule needs activations at the ends and gradients at the midpoints
    const points = rule === 'riemann-middle' ? 2 * steps + 1 : steps + 1;
    const alphas = range(points).map((j) => j / (points - 1));
    const acts: Tensor[] = [];
    const grads: Tensor[] = [];
    const scores: Tensor[] = [];
    for (let start = 0; start < points; start += batch) {
      const a = alphas.slice(start, start + batch);
      const rows = a.map(() => n);
      const lg = layerGradient(model, pathPoints(x0, x, rows, a), layer, obj, rows);
      acts.push(lg.acts);
      grads.push(lg.grads);
      scores.push(lg.score);
    }
    // Y, G: [points, ...layerShape]
    const Y = tf.concat(acts);
    const G = tf.concat(grads);
    const s = tf.concat(scores);
    const pick = (t: Tensor, idx: number[]) => tf.gather(t, tf.tensor1d(idx, 'int32'));
    const k = range(steps);
    const step = rule === 'riemann-middle' ? 2 : 1;
    const dY = tf.sub(
      pick(
        Y,
        k.map((i) => step * (i + 1)),
      ),
      pick(
        Y,
        k.map((i) => step * i),
      ),
    );
    let g: Tensor;
    if (rule === 'riemann-left') g = pick(G, k);
    else if (rule === 'riemann-right')
      g = pick(
        G,
        k.map((i) => i + 1),
      );
    else if (rule === 'riemann-middle')
      g = pick(
        G,
        k.map((i) => 2 * i + 1),
      );
    else
      g = tf.mul(
        0.5,
        tf.add(
          pick(G, k),
          pick(
            G,
            k.map((i) => i + 1),
          ),
        ),
      );
    const change = tf.sub(tf.slice(s, points - 1, 1), tf.slice(s, 0, 1));
    return { cond: tf.sum(tf.mul(g, dY), 0), change: tf.reshape(change, []) };
  });
}

/** values [N, ...layerShape] (meta.shapedLike 'layer'), delta [N]. */
export async function layerConductance(
  model: Model,
  x: Tensor,
  opts: LayerConductanceOptions = { layer: '' },
): Promise<Attribution> {
  const method = 'layer-conductance';
  const layer = checkLayer(method, opts.layer);
  const rule = checkOneOf(method, 'rule', opts.rule, CONDUCTANCE_RULES, 'riemann-trapezoid');
  const steps = checkInt(method, 'steps', opts.steps, 1, 50);
  const batch = checkInt(method, 'internalBatchSize', opts.internalBatchSize, 1, 64);
  const { targets, classes } = resolveTargets(model, x, opts);
  const obj = classObjective(targets, classes, opts.outputLayer);
  const x0 = perExampleBaselines(method, x, opts.baselines);
  let values: Tensor;
  let delta: Tensor;
  try {
    ({ values, delta } = tf.tidy(() => {
      const per = range(x.shape[0]).map((n) =>
        conductanceOf(model, x, x0, n, layer, obj, steps, rule, batch),
      );
      const v = tf.stack(per.map((p) => p.cond));
      const sums = tf.sum(tf.reshape(v, [v.shape[0], -1]), 1);
      return { values: v, delta: tf.sub(sums, tf.stack(per.map((p) => p.change))) };
    }));
  } finally {
    x0.dispose();
  }
  await checkFinite(values, 'the layer conductance', [delta]);
  return {
    values,
    delta,
    meta: runMeta(
      model,
      method,
      targets,
      {
        layer,
        steps,
        rule,
        internalBatchSize: batch,
        baselines: describeBaselines(opts.baselines),
        outputLayer: opts.outputLayer ?? null,
      },
      { shapedLike: 'layer' },
    ),
  };
}
