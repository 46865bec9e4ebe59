/**
 * Ops TensorFlow declares not differentiable (ops.NotDifferentiable, or a gradient of None):
 * their gradient is zero.
 * - Comparisons: tfjs 4.22 registers no gradient for most, so tf.grad through a mask such as
 *   tf.where(tf.greater(x, 0), x, 0) failed with "gradient function not found for Greater"
 *   (tfjs already gives GreaterEqual a zero gradient).
 * - FloorDiv: tfjs reuses the gradient of real division, but floor(a / b) is piecewise
 *   constant; TensorFlow's _FloorDivGrad returns None for both inputs.
 */
import type { GradConfig, Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.ts';

export const notDifferentiableGrads: GradConfig[] = [
  'Greater',
  'Less',
  'LessEqual',
  'Equal',
  'NotEqual',
  'FloorDiv',
].map(
  (kernelName): GradConfig => ({
    kernelName,
    inputsToSave: ['a', 'b'],
    gradFunc: (_dy: Tensor | Tensor[], saved: Tensor[]) => {
      const [a, b] = saved;
      return { a: () => tf.zeros(a.shape), b: () => tf.zeros(b.shape) };
    },
  }),
);
