/**
 * Every quality metric of one explanation, as `glassbox explain --metrics` reports them:
 * deletion and insertion AUC (probabilities, as Petsiuk et al.), infidelity (normalised:
 * the explanation scaled by its best β first, so methods of different scales compare) and
 * max-sensitivity (Yeh et al.) of the explained score, completeness error for methods with a
 * baseline, and the cascading randomisation sanity check (Adebayo et al.). Metrics that do
 * not apply (an attribution shaped like a layer, a model whose weights cannot be randomised)
 * are listed in `skipped` with the reason.
 */
import type { Tensor } from '../../engine/tf.ts';
import { GlassboxError } from '../../messages.ts';
import type { Model } from '../../model/model.ts';
import { canRandomise } from '../../model/randomise.ts';
import type { Attribution } from '../attribution/base.ts';
import { completeness } from './completeness.ts';
import { deletionInsertion } from './deletion_insertion.ts';
import { infidelity } from './infidelity.ts';
import { modelRandomisation } from './sanity.ts';
import { type Explainer, SENSITIVITY_DEFAULTS, sensitivityMax } from './sensitivity.ts';

export interface SuiteOptions {
  /** the output the explanation explains (for infidelity, sensitivity, completeness); default the model's */
  outputLayer?: string;
  /** the method's baseline where it has one: adds the completeness error */
  baseline?: number;
  /** attributions carry the (x − b) factor (IG, input × gradient, occlusion, …): infidelity reads them per unit change */
  multipliesInputs?: boolean;
  /** default 0 */
  seed?: number;
  /** deletion/insertion steps; default 50 */
  steps?: number;
  /** Monte Carlo samples of infidelity (default 32) and sensitivity (default 10) */
  infidelitySamples?: number;
  sensitivitySamples?: number;
  /** run the randomisation check; default true */
  sanity?: boolean;
  /** told before each metric starts */
  onStage?: (stage: string, index: number, total: number) => void;
}

export interface MetricReport {
  /** per example */
  deletionAuc?: number[];
  insertionAuc?: number[];
  deletion?: { fractions: number[]; scores: number[][] };
  insertion?: { fractions: number[]; scores: number[][] };
  /** normalised infidelity (Φ scaled by its optimal β first) */
  infidelity?: {
    values: number[];
    perturbation: 'gaussian' | 'square';
    multiplyByInputs: boolean;
    normalized: true;
  };
  sensitivityMax?: { max: number[]; relative: number[]; radius: number; samples: number };
  completeness?: { error: number[]; delta: number[] };
  sanity?: {
    mode: string;
    steps: { layer: string; spearman: number[]; spearmanAbs: number[]; ssim: number[] }[];
  };
  skipped: { metric: string; reason: string }[];
  seed: number;
}

const STAGES = ['deletion/insertion', 'infidelity', 'sensitivity', 'completeness', 'sanity'] as const;

/** Runs every metric that applies to `attr`, the attribution of `x` that `explain` reproduces. */
export async function metricSuite(
  model: Model,
  x: Tensor,
  attr: Attribution,
  explain: Explainer,
  opts: SuiteOptions = {},
): Promise<MetricReport> {
  const seed = opts.seed ?? 0;
  const report: MetricReport = { skipped: [], seed };
  const targets = attr.meta.targets;
  const v = attr.values;
  const inputShaped = v.rank === x.rank && v.shape.every((d, i) => d === x.shape[i]);
  // neuron methods explain a unit, not a class: nothing to score deletions by
  const classed = targets.length === x.shape[0];
  const notApplicable = !inputShaped
    ? 'the attribution is shaped like a layer, not the input'
    : !classed
      ? 'the method explains a neuron, not a class score'
      : undefined;
  const stage = (s: (typeof STAGES)[number]) => opts.onStage?.(s, STAGES.indexOf(s), STAGES.length);
  const skip = (metric: string, reason: string) => report.skipped.push({ metric, reason });

  stage('deletion/insertion');
  if (!notApplicable) {
    const di = await deletionInsertion(model, x, v, { target: targets, steps: opts.steps });
    report.deletionAuc = di.deletion.map((c) => c.auc);
    report.insertionAuc = di.insertion.map((c) => c.auc);
    report.deletion = { fractions: di.deletion[0].fractions, scores: di.deletion.map((c) => c.scores) };
    report.insertion = { fractions: di.insertion[0].fractions, scores: di.insertion.map((c) => c.scores) };
  } else skip('deletion/insertion', notApplicable);

  stage('infidelity');
  if (!notApplicable) {
    const global = opts.multipliesInputs ?? false;
    // one perturbation for every method, so their values compare: square removal on images
    const perturbation = x.rank === 4 ? 'square' : 'gaussian';
    const inf = await infidelity(model, x, v, {
      target: targets,
      outputLayer: opts.outputLayer,
      perturbation,
      multiplyByInputs: global,
      baseline: opts.baseline ?? 0,
      samples: opts.infidelitySamples,
      seed,
      // scale-invariant: methods differ in scale (a grouped feature's value on each of its
      // positions), and only the direction of the explanation should count here
      normalize: true,
    });
    report.infidelity = { values: inf.infidelity, perturbation, multiplyByInputs: global, normalized: true };
  } else skip('infidelity', notApplicable);

  stage('sensitivity');
  const samples = opts.sensitivitySamples ?? SENSITIVITY_DEFAULTS.samples;
  const sens = await sensitivityMax(explain, x, v, targets, { samples, seed });
  report.sensitivityMax = {
    max: sens.max,
    relative: sens.relative,
    radius: SENSITIVITY_DEFAULTS.radius,
    samples,
  };

  stage('completeness');
  if (opts.baseline !== undefined && !notApplicable) {
    const c = await completeness(model, x, v, {
      target: targets,
      outputLayer: opts.outputLayer,
      baselines: opts.baseline,
    });
    report.completeness = { error: c.error, delta: c.delta };
  } else
    skip('completeness', notApplicable ?? 'only for methods whose attributions sum to f(x) − f(baseline)');

  stage('sanity');
  if (opts.sanity === false) skip('sanity', 'not asked for');
  else if (!canRandomise(model))
    skip('sanity', `model '${model.name}': only TF.js layers models can be randomised`);
  else {
    try {
      const s = await modelRandomisation(model, x, v, targets, explain, { seed });
      report.sanity = {
        mode: s.mode,
        steps: s.steps.map(({ layer, spearman, spearmanAbs, ssim }) => ({
          layer,
          spearman,
          spearmanAbs,
          ssim,
        })),
      };
    } catch (e) {
      if (!(e instanceof GlassboxError)) throw e;
      skip('sanity', e.message);
    }
  }
  return report;
}
