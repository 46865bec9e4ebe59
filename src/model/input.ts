import type { Tensor } from '../engine/tf.ts';
import { tf } from '../engine/tf.ts';
import { GlassboxError, msg } from '../messages.ts';
import type { Model } from './model.ts';

/**
 * Turns n channels-last examples of `shape` into a batch for `model`: checks the sizes
 * agree and transposes to NCHW for models in that layout.
 */
export function toModelInput(
  model: Model,
  values: Float32Array,
  n: number,
  shape: readonly number[],
  source: string,
): Tensor {
  const per = shape.reduce((a, b) => a * b, 1);
  const want = model.inputShape.reduce((a, b) => a * b, 1);
  if (per !== want) throw new GlassboxError(msg.datasetShapeMismatch(source, shape, model.inputShape));
  return tf.tidy(() => {
    const x = tf.tensor(values, [n, ...shape]);
    if (model.layout === 'nchw' && shape.length === 3) {
      return tf.transpose(x, [0, 3, 1, 2]).reshape([n, ...model.inputShape]);
    }
    return x.reshape([n, ...model.inputShape]);
  });
}
