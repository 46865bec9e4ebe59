/**
 * The plain pixel parameterization: one variable per pixel and channel (Lucid's `naive`).
 * Noisier than the Fourier one (Mordvintsev et al. 2018, "Differentiable Image
 * Parameterizations"), but the simplest baseline.
 */
import type { Rng } from '../../../engine/rng.ts';
import { type Tensor4D, tf } from '../../../engine/tf.ts';

/** Size of an image batch, NHWC. */
export interface ImageShape {
  n: number;
  h: number;
  w: number;
  c: number;
}

/**
 * A parameterized image batch: trainable variables and a differentiable map from them to an
 * unconstrained NHWC image (color.ts then maps it to the valid range).
 */
export interface ImageParam {
  readonly variables: tf.Variable[];
  /** [N, H, W, C], unconstrained (pre-sigmoid) */
  raw(): Tensor4D;
  dispose(): void;
}

export type ParamFactory = (shape: ImageShape, rng: Rng) => ImageParam;

/** Normal noise of standard deviation `sd` from the seeded Rng. */
export function normalArray(size: number, sd: number, rng: Rng): Float32Array {
  const a = new Float32Array(size);
  for (let i = 0; i < size; i++) a[i] = sd * rng.normal();
  return a;
}

/** A trainable variable holding `data` (the initial tensor freed: tf.variable would keep it counted). */
export function variableFrom(data: Float32Array, shape: number[]): tf.Variable {
  const t = tf.tensor(data, shape);
  const v = tf.variable(t);
  t.dispose();
  return v;
}

/** Pixel parameterization, initialised with normal noise of standard deviation `sd` before the sigmoid (default 0.01, as Lucid). */
export function pixelParam(sd = 0.01): ParamFactory {
  return ({ n, h, w, c }, rng) => {
    const v = variableFrom(normalArray(n * h * w * c, sd, rng), [n, h, w, c]);
    return { variables: [v], raw: () => v as unknown as Tensor4D, dispose: () => v.dispose() };
  };
}
