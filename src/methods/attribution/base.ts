/** What every attribution method takes and returns (DESIGN.md: one uniform entry per family). */
import type { Tensor } from '../../engine/tf.ts';

export interface AttributeOptions {
  /** class index per example, or 'predicted' (default) */
  target?: number | number[] | 'predicted';
  /**
   * the layer whose output is the score to explain; default: the model's output. For
   * classifiers ending in softmax, 'logits' avoids saturated gradients.
   */
  outputLayer?: string;
}

export interface RunMeta {
  method: string;
  model: string;
  modelHash: string;
  /** the class explained, per example */
  targets: number[];
  options: Record<string, unknown>;
  seed?: number;
}

export interface Attribution {
  /** shaped exactly like the input, batch included */
  values: Tensor;
  meta: RunMeta;
}
