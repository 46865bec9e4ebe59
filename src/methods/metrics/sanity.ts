/**
 * Model-parameter randomisation test (Adebayo, Gilmer, Muelly, Goodfellow, Hardt & Kim
 * 2018, "Sanity Checks for Saliency Maps", NeurIPS): an explanation that depends on what
 * the model learned must change when the learned weights are replaced by random ones.
 * Cascading (the paper's main test): randomise the top layer, then the top two, …, down
 * to the first, re-explaining after each; independent: one layer at a time. Each step
 * compares the new map with the original by Spearman rank correlation (of the signed values
 * and of their magnitudes) and by SSIM of the magnitude maps; values near 1 mean the
 * explanation ignored the randomised weights, i.e. it fails the check.
 */
import type { Tensor } from '../../engine/tf.ts';
import { GlassboxError, msg } from '../../messages.ts';
import type { Model } from '../../model/model.ts';
import { withRandomisedLayers } from '../../model/randomise.ts';
import { spearman } from '../../stats/spearman.ts';
import { ssim } from '../../stats/ssim.ts';
import { exampleValues } from './common.ts';
import { pixelGrid, pixelSums } from './pixels.ts';
import type { Explainer } from './sensitivity.ts';

export interface SanityOptions {
  /** layers to randomise, top (output side) first; default every layer with weights, from the top */
  layers?: readonly string[];
  /** default 'cascading' */
  mode?: 'cascading' | 'independent';
  /** default 0 */
  seed?: number;
}

export interface SanityStep {
  /** the layer randomised at this step */
  layer: string;
  /** every layer holding random weights at this step */
  randomised: string[];
  /** per example: Spearman ρ between the original and the new attributions */
  spearman: number[];
  /** per example: Spearman ρ between their absolute values */
  spearmanAbs: number[];
  /** per example: SSIM of the per-pixel |attribution| maps, each scaled to [0, 1] (NaN for non-image inputs) */
  ssim: number[];
}

export interface Sanity {
  mode: 'cascading' | 'independent';
  seed: number;
  steps: SanityStep[];
}

/** Layers with weights, from the output back to the input. */
export function topDownLayers(model: Model): string[] {
  return model
    .layers()
    .filter((l) => l.params > 0)
    .map((l) => l.name)
    .reverse();
}

function magnitudeMap(values: ArrayLike<number>, shape: readonly number[], model: Model) {
  const grid = pixelGrid(shape, model.layout);
  const m = pixelSums(values, grid, true);
  let top = 0;
  for (const v of m) top = Math.max(top, v);
  if (top > 0) for (let i = 0; i < m.length; i++) m[i] /= top;
  return { m, grid };
}

/** Compares two attributions of one batch, example by example. */
export function compareMaps(
  model: Model,
  a: Float32Array,
  b: Float32Array,
  shape: readonly number[],
  n: number,
) {
  const size = a.length / n;
  const out = { spearman: [] as number[], spearmanAbs: [] as number[], ssim: [] as number[] };
  for (let i = 0; i < n; i++) {
    const ai = exampleValues(a, i, size);
    const bi = exampleValues(b, i, size);
    out.spearman.push(spearman(ai, bi));
    out.spearmanAbs.push(spearman(Array.from(ai, Math.abs), Array.from(bi, Math.abs)));
    const ma = magnitudeMap(ai, shape, model);
    const mb = magnitudeMap(bi, shape, model);
    out.ssim.push(
      ma.grid.image ? ssim(ma.m, mb.m, ma.grid.height, ma.grid.width, { dataRange: 1 }) : Number.NaN,
    );
  }
  return out;
}

/**
 * Runs the randomisation test for the explanation `explain` at `x`, whose original
 * attributions (for `targets`) are `attribution`. Needs a model whose weights can be
 * randomised (TF.js layers models; see withRandomisedLayers).
 */
export async function modelRandomisation(
  model: Model,
  x: Tensor,
  attribution: Tensor,
  targets: number[],
  explain: Explainer,
  opts: SanityOptions = {},
): Promise<Sanity> {
  const mode = opts.mode ?? 'cascading';
  const seed = opts.seed ?? 0;
  const layers = [...(opts.layers ?? topDownLayers(model))];
  if (layers.length === 0) throw new GlassboxError(msg.noParamLayers(model.name));
  const original = (await attribution.data()) as Float32Array;
  const shape = attribution.shape.slice(1);
  const steps: SanityStep[] = [];
  for (let k = 0; k < layers.length; k++) {
    const randomised = mode === 'cascading' ? layers.slice(0, k + 1) : [layers[k]];
    const values = await withRandomisedLayers(model, randomised, seed, async () => {
      const t = await explain(x, targets);
      const v = (await t.data()) as Float32Array;
      t.dispose();
      return v;
    });
    steps.push({
      layer: layers[k],
      randomised,
      ...compareMaps(model, original, values, shape, x.shape[0]),
    });
  }
  return { mode, seed, steps };
}
