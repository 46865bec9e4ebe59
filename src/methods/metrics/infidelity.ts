/**
 * Explanation infidelity (Yeh, Hsieh, Suggala, Inouye & Ravikumar 2019, "On the
 * (In)fidelity and Sensitivity of Explanations", NeurIPS):
 *
 *   INFD(Φ, f, x) = E_I [ (Iᵀ Φ(x) − (f(x) − f(x − I)))² ],
 *
 * the mean squared error of the explanation as a linear predictor of how the score changes
 * under a random perturbation I, estimated by Monte Carlo with a seeded Rng. Perturbations:
 * - 'gaussian': I ~ N(0, stdev²) on every feature (the paper's noisy baseline);
 * - 'square': I = x − b on a random square of pixels (all channels) and 0 elsewhere, so
 *   x − I is x with that square set to the baseline b (the paper's square removal).
 *
 * For explanations that already carry the (x − b) factor (integrated gradients,
 * input × gradient, DeepLIFT, occlusion: Yeh et al.'s "global" explanations),
 * `multiplyByInputs` reads Φ as Φ / (x − b) per feature (0 where x = b) before the product,
 * so exact attributions (x − b)·w of a linear model have infidelity 0 under square removal.
 */

import { Rng } from '../../engine/rng.ts';
import type { Tensor } from '../../engine/tf.ts';
import { GlassboxError, msg } from '../../messages.ts';
import type { Model } from '../../model/model.ts';
import { resolveTargets } from '../attribution/saliency.ts';
import { checkSameShape, exampleValues, METRIC_BATCH, scoreMany, withDefaults } from './common.ts';
import { pixelGrid } from './pixels.ts';

export interface InfidelityOptions {
  /** class per example, or 'predicted' (default); use the target the explanation was made for */
  target?: number | number[] | 'predicted';
  /** the layer whose output is f; default the model's output. Use the one the explanation explains. */
  outputLayer?: string;
  /** default 'gaussian' */
  perturbation?: 'gaussian' | 'square';
  /** standard deviation of Gaussian perturbations; default 0.1 */
  stdev?: number;
  /** side of the removed square in pixels; default 4 */
  squareSize?: number;
  /** b: the value a removed square takes, and the reference of `multiplyByInputs`; default 0 */
  baseline?: number;
  /** Monte Carlo samples per example; default 32 */
  samples?: number;
  /** default 0 */
  seed?: number;
  /** Φ includes the (x − b) factor (see above); default false */
  multiplyByInputs?: boolean;
  /**
   * scale Φ by the β minimising the expectation first (the paper's scale-invariant
   * variant), so only the direction of the explanation counts; default false
   */
  normalize?: boolean;
  /** inputs per forward pass; default 32 */
  batchSize?: number;
}

export const INFIDELITY_DEFAULTS = {
  perturbation: 'gaussian',
  stdev: 0.1,
  squareSize: 4,
  baseline: 0,
  samples: 32,
  seed: 0,
  multiplyByInputs: false,
  normalize: false,
} as const satisfies InfidelityOptions;

export interface Infidelity {
  /** per example */
  infidelity: number[];
  /** per example: the β applied (1 unless normalize) */
  beta: number[];
  targets: number[];
  seed: number;
}

/** Infidelity of `attribution` (shaped like `x`) for every example of `x`. */
export async function infidelity(
  model: Model,
  x: Tensor,
  attribution: Tensor,
  opts: InfidelityOptions = {},
): Promise<Infidelity> {
  checkSameShape('infidelity', attribution, x);
  const o = withDefaults(INFIDELITY_DEFAULTS, opts);
  const grid = pixelGrid(model.inputShape, model.layout);
  if (o.perturbation === 'square' && !grid.image)
    throw new GlassboxError(msg.metricNeedsImage('infidelity with square removal', model.inputShape));
  const targets = resolveTargets(model, x, o);
  const size = model.inputShape.reduce((a, b) => a * b, 1);
  const xs = (await x.data()) as Float32Array;
  const attrs = (await attribution.data()) as Float32Array;
  const rng = new Rng(o.seed);
  const out: Infidelity = { infidelity: [], beta: [], targets, seed: o.seed };
  for (let i = 0; i < x.shape[0]; i++) {
    const xi = exampleValues(xs, i, size);
    const phi = Float64Array.from(exampleValues(attrs, i, size));
    if (o.multiplyByInputs) {
      for (let j = 0; j < size; j++) {
        const d = xi[j] - o.baseline;
        phi[j] = d === 0 ? 0 : phi[j] / d;
      }
    }
    // perturbations I: [samples, size]
    const I = new Float32Array(o.samples * size);
    for (let s = 0; s < o.samples; s++) {
      const row = I.subarray(s * size, (s + 1) * size);
      if (o.perturbation === 'gaussian') {
        for (let j = 0; j < size; j++) row[j] = o.stdev * rng.normal();
      } else {
        const side = Math.min(o.squareSize, grid.height, grid.width);
        const y0 = rng.int(grid.height - side + 1);
        const x0 = rng.int(grid.width - side + 1);
        for (let y = y0; y < y0 + side; y++) {
          for (let xx = x0; xx < x0 + side; xx++) {
            for (let c = 0; c < grid.channels; c++) {
              const j = grid.index(y * grid.width + xx, c);
              row[j] = xi[j] - o.baseline;
            }
          }
        }
      }
    }
    const score = (k: number, into: Float32Array) => {
      for (let j = 0; j < size; j++) into[j] = k === 0 ? xi[j] : xi[j] - I[(k - 1) * size + j];
    };
    // f(x) and f(x − I_s), one batched pass
    const f = scoreMany(model, o.samples + 1, score, targets[i], {
      outputLayer: o.outputLayer,
      batchSize: o.batchSize ?? METRIC_BATCH,
    });
    const dots = new Float64Array(o.samples);
    const diffs = new Float64Array(o.samples);
    for (let s = 0; s < o.samples; s++) {
      let d = 0;
      for (let j = 0; j < size; j++) d += I[s * size + j] * phi[j];
      dots[s] = d;
      diffs[s] = f[0] - f[s + 1];
    }
    let beta = 1;
    if (o.normalize) {
      let num = 0;
      let den = 0;
      for (let s = 0; s < o.samples; s++) {
        num += dots[s] * diffs[s];
        den += dots[s] * dots[s];
      }
      beta = den === 0 ? 1 : num / den;
    }
    let err = 0;
    for (let s = 0; s < o.samples; s++) err += (beta * dots[s] - diffs[s]) ** 2;
    out.infidelity.push(err / o.samples);
    out.beta.push(beta);
  }
  return out;
}
