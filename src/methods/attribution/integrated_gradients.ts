/**
 * Integrated gradients (Sundararajan, Taly & Yan 2017, "Axiomatic Attribution for Deep
 * Networks"): (x − x₀) ⊙ ∫₀¹ ∂F/∂x (x₀ + α (x − x₀)) dα, by a quadrature rule. Completeness
 * says the attributions sum to F(x) − F(x₀); `delta` is the gap the quadrature leaves.
 */
import { type Tensor, tf } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';
import type { AttributeOptions, Attribution, BaselineOptions } from './base.ts';
import { describeBaselines, perExampleBaselines } from './grad_baselines.ts';
import {
  checkFinite,
  checkInt,
  checkOneOf,
  classObjective,
  deltaAgainstBaselines,
  inputGradient,
  type Objective,
  resolveTargets,
  runMeta,
} from './grad_util.ts';
import { integrate, pathPoints } from './path_integral.ts';
import { IG_RULES, type IgRule, quadrature } from './quadrature.ts';

export interface PathOptions {
  /** points on the path (default 50) */
  steps?: number;
  /** quadrature rule (default 'gauss-legendre') */
  rule?: IgRule;
  /** path points per forward/backward pass (default 64): bounds memory, not the result */
  internalBatchSize?: number;
}

export interface IntegratedGradientsOptions extends AttributeOptions, BaselineOptions, PathOptions {}

export interface CheckedPath {
  steps: number;
  rule: IgRule;
  internalBatchSize: number;
}

export function checkPathOptions(method: string, opts: PathOptions): CheckedPath {
  const rule = checkOneOf(method, 'rule', opts.rule, IG_RULES, 'gauss-legendre');
  const steps = checkInt(method, 'steps', opts.steps, rule === 'riemann-trapezoid' ? 2 : 1, 50);
  const internalBatchSize = checkInt(method, 'internalBatchSize', opts.internalBatchSize, 1, 64);
  return { steps, rule, internalBatchSize };
}

/**
 * Integrated gradients of `obj` with respect to the input: values [N, ...inputShape] and
 * delta [N] = Σ values − (F(x) − F(x₀)). Shared by neuron-integrated-gradients.
 */
export function integratedGradientsOf(
  model: Model,
  x: Tensor,
  x0: Tensor,
  obj: Objective,
  path: CheckedPath,
): { values: Tensor; delta: Tensor } {
  return tf.tidy(() => {
    const q = quadrature(path.rule, path.steps);
    // Σ_k w_k ∂F/∂x at x₀ + α_k (x − x₀): [N, ...inputShape]
    const avg = integrate(x.shape[0], q, path.internalBatchSize, (examples, alphas) =>
      inputGradient(model, pathPoints(x0, x, examples, alphas), obj, examples),
    );
    const values = tf.mul(tf.sub(x, x0), avg);
    return { values, delta: deltaAgainstBaselines(model, x, x0, obj, values) };
  });
}

export async function integratedGradients(
  model: Model,
  x: Tensor,
  opts: IntegratedGradientsOptions = {},
): Promise<Attribution> {
  const method = 'integrated-gradients';
  const path = checkPathOptions(method, opts);
  const { targets, classes } = resolveTargets(model, x, opts);
  const obj = classObjective(targets, classes, opts.outputLayer);
  const x0 = perExampleBaselines(method, x, opts.baselines);
  let out: { values: Tensor; delta: Tensor };
  try {
    out = integratedGradientsOf(model, x, x0, obj, path);
  } finally {
    x0.dispose();
  }
  const { values, delta } = out;
  await checkFinite(values, 'the integrated gradients', [delta]);
  return {
    values,
    delta,
    meta: runMeta(model, method, targets, {
      ...path,
      baselines: describeBaselines(opts.baselines),
      outputLayer: opts.outputLayer ?? null,
    }),
  };
}
