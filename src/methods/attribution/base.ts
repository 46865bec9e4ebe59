/** What every attribution method takes and returns (DESIGN.md: one uniform entry per family). */
import type { Tensor } from '../../engine/tf.ts';
import type { Model } from '../../model/model.ts';

export interface AttributeOptions {
  /** class index per example, or 'predicted' (default) */
  target?: number | number[] | 'predicted';
  /**
   * the layer whose output is the score to explain; default: the model's output. For
   * classifiers ending in softmax, 'logits' avoids saturated gradients.
   */
  outputLayer?: string;
}

/**
 * The reference input of path and difference methods: a number (every feature, default
 * 0), or a tensor shaped like one input ([...inputShape] or [1, ...inputShape], shared by
 * every example) or like the batch ([N, ...inputShape], one per example). Distribution
 * methods (gradient-shap, deeplift-shap) read a [B, ...inputShape] tensor as B reference
 * samples shared by every example.
 */
export type Baselines = Tensor | number;

export interface BaselineOptions {
  /** default 0 */
  baselines?: Baselines;
}

export interface LayerOptions {
  /** the layer (by name, as in model.layers()) whose output is attributed or explained */
  layer: string;
}

export interface NeuronOptions {
  /** the layer holding the neuron */
  layer: string;
  /**
   * one unit of that layer's output (without the batch dimension, in the model's layout):
   * a flat index or one index per dimension
   */
  neuron: number | readonly number[];
}

export interface RunMeta {
  method: string;
  model: string;
  modelHash: string;
  /** the class explained, per example */
  targets: number[];
  options: Record<string, unknown>;
  seed?: number;
  /**
   * what `values` is shaped like: the input (default when absent) or the output of the
   * layer named in options.layer (layer methods)
   */
  shapedLike?: 'input' | 'layer';
}

export interface Attribution {
  /**
   * shaped exactly like the input, batch included; layer methods: like the layer's output
   * (meta.shapedLike says which)
   */
  values: Tensor;
  /**
   * [N] per-example convergence or completeness error where the method has one:
   * sum of the attributions minus (score(input) - score(baseline))
   */
  delta?: Tensor;
  meta: RunMeta;
}

/** The uniform entry of every attribution method. */
export type AttributionMethod<O extends AttributeOptions = AttributeOptions> = (
  model: Model,
  input: Tensor,
  opts?: O,
) => Promise<Attribution>;
