/**
 * Deletion and insertion curves (Petsiuk, Das & Saenko 2018, "RISE: Randomized Input
 * Sampling for Explanation of Black-box Models", BMVC): remove the pixels from most to
 * least important and watch the class score fall (deletion: a sharp drop, low area, is
 * good), or insert them into a blurred copy and watch it rise (insertion: high area is
 * good). Each curve has `steps + 1` points at fractions 0, 1/steps, …, 1 of the pixels, all
 * evaluated in batches; the area under it is the trapezoid rule over the fractions.
 */
import type { Tensor } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';
import { resolveTargets } from '../attribution/saliency.ts';
import { checkSameShape, exampleValues, METRIC_BATCH, scoreMany, trapezoid, withDefaults } from './common.ts';
import { type BlurOptions, pixelGrid, pixelOrder, pixelSums, type Substrate, substrate } from './pixels.ts';

export interface DeletionInsertionOptions {
  /** class per example, or 'predicted' (default) */
  target?: number | number[] | 'predicted';
  /** the layer whose output is the score; default the model's output (probabilities, as in the paper) */
  outputLayer?: string;
  /** number of steps; default 50 (the curves have steps + 1 points) */
  steps?: number;
  /** what deleted pixels become: a constant (default 0, black as in the paper), 'mean' or 'blur' */
  deletion?: Substrate;
  /** the image insertion starts from: default 'blur' (the paper's), or a constant or 'mean' */
  insertion?: Substrate;
  /** Gaussian blur of the 'blur' substrate; default size 11, sigma 5 (the paper's) */
  blur?: BlurOptions;
  /** order pixels by their summed attribution ('value', default) or by its magnitude ('abs') */
  rankBy?: 'value' | 'abs';
  /** inputs per forward pass; default 32 */
  batchSize?: number;
}

export const DELETION_INSERTION_DEFAULTS = {
  steps: 50,
  deletion: 0,
  insertion: 'blur',
  rankBy: 'value',
} as const satisfies DeletionInsertionOptions;

export interface Curve {
  /** fraction of the pixels removed (deletion) or inserted (insertion), 0 to 1 */
  fractions: number[];
  /** the target's score at each fraction */
  scores: number[];
  /** trapezoid area under the curve over fractions in [0, 1] */
  auc: number;
}

export interface DeletionInsertion {
  /** the class scored, per example */
  targets: number[];
  /** per example */
  deletion: Curve[];
  /** per example */
  insertion: Curve[];
}

/**
 * Deletion and insertion curves of `attribution` (shaped like `x`) for every example of
 * `x` [N, ...inputShape]. Pixels (all channels of a position) are ranked by their summed
 * attribution; non-image inputs rank single features.
 */
export async function deletionInsertion(
  model: Model,
  x: Tensor,
  attribution: Tensor,
  opts: DeletionInsertionOptions = {},
): Promise<DeletionInsertion> {
  checkSameShape('deletion/insertion', attribution, x);
  const o = withDefaults(DELETION_INSERTION_DEFAULTS, opts);
  const targets = resolveTargets(model, x, o);
  const grid = pixelGrid(model.inputShape, model.layout);
  const size = model.inputShape.reduce((a, b) => a * b, 1);
  const steps = Math.max(1, Math.min(Math.round(o.steps), grid.pixels));
  const xs = (await x.data()) as Float32Array;
  const attrs = (await attribution.data()) as Float32Array;
  // pixels changed after step k
  const counts = Array.from({ length: steps + 1 }, (_, k) => Math.round((k * grid.pixels) / steps));
  const fractions = counts.map((c) => c / grid.pixels);
  const result: DeletionInsertion = { targets, deletion: [], insertion: [] };
  for (let i = 0; i < x.shape[0]; i++) {
    const xi = exampleValues(xs, i, size);
    const order = pixelOrder(pixelSums(exampleValues(attrs, i, size), grid), o.rankBy);
    // rank of each pixel in the order: pixel p is changed at every step with counts[k] > rank[p]
    const rank = new Int32Array(grid.pixels);
    order.forEach((p, r) => {
      rank[p] = r;
    });
    const curve = (from: Float32Array, to: Float32Array): Curve => {
      const scores = scoreMany(
        model,
        steps + 1,
        (k, into) => {
          for (let p = 0; p < grid.pixels; p++) {
            const src = rank[p] < counts[k] ? to : from;
            for (let c = 0; c < grid.channels; c++) {
              const j = grid.index(p, c);
              into[j] = src[j];
            }
          }
        },
        targets[i],
        { outputLayer: o.outputLayer, batchSize: o.batchSize ?? METRIC_BATCH },
      );
      const s = Array.from(scores);
      return { fractions, scores: s, auc: trapezoid(fractions, s) };
    };
    const deleted = substrate(xi, grid, o.deletion, o.blur);
    const start = substrate(xi, grid, o.insertion, o.blur);
    result.deletion.push(curve(xi, deleted));
    result.insertion.push(curve(start, xi));
  }
  return result;
}
