/**
 * One interface for every network Glassbox opens (TF.js now, ONNX next): methods in
 * src/methods see only this.
 */
import type { Tensor } from '../engine/tf.ts';

export type Layout = 'nhwc' | 'nchw';

export interface LayerInfo {
  /** unique name, usable in `taps` and `edits` */
  name: string;
  /** the layer's type, e.g. Conv2D, Dense, MaxPooling2D, Relu */
  kind: string;
  /** without the batch dimension; null where unknown */
  outputShape: readonly (number | null)[];
  /** number of trainable and non-trainable parameters */
  params: number;
}

/** Replaces a layer's output inside the forward pass (ablation, clamping, patching). */
export type Edit = (output: Tensor) => Tensor;

export interface RunOptions {
  /** layer names whose outputs are returned in `taps` */
  taps?: readonly string[];
  /** layer name -> function applied to that layer's output before the rest of the network */
  edits?: Readonly<Record<string, Edit>>;
}

export interface RunResult {
  output: Tensor;
  /** the (edited) output of each tapped layer */
  taps: Map<string, Tensor>;
}

export interface Model {
  readonly name: string;
  /** without the batch dimension, in the model's own layout */
  readonly inputShape: readonly number[];
  readonly layout: Layout;
  /** without the batch dimension */
  readonly outputShape: readonly (number | null)[];
  /** class names when the model is a classifier that knows them */
  readonly classNames?: readonly string[];
  /** content hash of topology and weights (sha256 hex), for result metadata */
  readonly hash: string;
  layers(): readonly LayerInfo[];
  /**
   * Forward pass of a batch x [N, ...inputShape]. Differentiable: safe inside tf.grad,
   * including through taps and edits. Throws a GlassboxError on a wrong input shape or an
   * unknown layer name.
   */
  run(x: Tensor, opts?: RunOptions): RunResult;
  dispose(): void;
}
