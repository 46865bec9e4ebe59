/**
 * Writes `updates` into a copy of `data` at index tuples (ScatterND, ScatterElements):
 * reduction 'none' replaces (the last of duplicate indices is unspecified by ONNX; here
 * they add), 'add' adds. Differentiable in data and updates (the ScatterNd gradient is
 * registered by the engine, src/engine/kernels/grads_indexing.ts).
 */
import { type Tensor, tf } from '../../../../engine/tf.ts';
import type { OnnxNode } from '../../types.ts';
import { attrString } from './attrs.ts';

export const REDUCTIONS = ['none', 'add'];

/** Why the node's reduction is refused (ops' `unsupported`), or undefined. */
export function refuseReduction(node: OnnxNode): string | undefined {
  const r = attrString(node, 'reduction', 'none');
  return REDUCTIONS.includes(r)
    ? undefined
    : `reduction '${r}' is not supported (only ${REDUCTIONS.join(', ')})`;
}

/** Negative index entries wrapped by the sizes of the dims they index (`dims`: one per tuple entry). */
export function wrapTuples(indices: Tensor, dims: readonly number[]): Tensor {
  return tf.tidy(() => {
    const i = indices.dtype === 'int32' ? indices : tf.cast(indices, 'int32');
    return tf.where(tf.less(i, tf.scalar(0, 'int32')), tf.add(i, tf.tensor1d([...dims], 'int32')), i);
  });
}

/** data with updates written at `tuples` ([..., k], each naming a slice data[t0..tk-1]). */
export function scatterInto(data: Tensor, tuples: Tensor, updates: Tensor, reduction: string): Tensor {
  return tf.tidy(() => {
    const u = updates.dtype === 'float32' ? updates : tf.cast(updates, 'float32');
    const d = data.dtype === 'float32' ? data : tf.cast(data, 'float32');
    const placed = tf.scatterND(tuples, u, data.shape);
    let out: Tensor;
    if (reduction === 'add') out = tf.add(d, placed);
    else {
      const hit = tf.greater(tf.scatterND(tuples, tf.onesLike(u), data.shape), 0);
      out = tf.where(hit, placed, d);
    }
    return data.dtype === 'float32' ? out : tf.cast(out, data.dtype);
  });
}
