/**
 * FusedBatchNorm with its optional inputs made present, so that tf.batchNorm without a scale
 * or an offset can be differentiated (on every backend; tfjs 4.22 bug, also
 * tensorflow/tfjs#2868).
 *
 * Cause: tf.batchNorm passes `{x, scale: undefined, offset: undefined, mean, variance}` to
 * the kernel. While recording a gradient the engine saves the inputs its GradConfig names
 * (`['x', 'mean', 'variance', 'scale']`) by cloning them, and clone(undefined) reaches the
 * Identity kernel with no tensor ("Cannot read properties of undefined (reading 'dtype')" on
 * wasm, "... 'dataId'" on cpu). Past that, the tape itself dereferences every input when it
 * looks for the path from x to y and fails on the missing offset.
 *
 * Fix: this wrapper of the stock kernel fills an absent scale with ones and an absent offset
 * with zeros shaped like `mean`, which is what they mean (TensorFlow's FusedBatchNorm op takes
 * both as required inputs; tf.nn.batch_normalization treats None as 1 and 0). It writes them
 * into the very `inputs` map the engine then saves for the gradient and records on the tape,
 * so the stock gradient applies unchanged. The filled tensors belong to the caller's scope
 * (tf.batchNorm's), which frees them; the gradient keeps its own clone of the scale.
 */
import type { KernelFunc, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { tf } from '../tf.ts';

export function fusedBatchNormWrapper(stock: KernelFunc): KernelFunc {
  return (args) => {
    const inputs = args.inputs as NamedTensorInfoMap & { mean: TensorInfo };
    if (inputs.scale == null) inputs.scale = tf.ones(inputs.mean.shape);
    if (inputs.offset == null) inputs.offset = tf.zeros(inputs.mean.shape);
    return stock(args);
  };
}
