/**
 * The one TensorFlow.js namespace every module of Glassbox imports.
 *
 * `@tensorflow/tfjs` (not `tfjs-core` alone) is used because it registers the gradient
 * functions and the cpu backend; the ESM build of tfjs-core cannot be imported in Node
 * (directory imports), so we go through the package's CommonJS entry.
 */
import * as tf from '@tensorflow/tfjs';

export type { Rank, Scalar, Tensor, Tensor1D, Tensor2D, Tensor3D, Tensor4D } from '@tensorflow/tfjs';
export { tf };
