import type { Tensor } from '../tf.ts';

/**
 * A self-check of one kernel or gradient we registered: `run` exercises it on the current
 * backend; the result is compared with `reference()` computed on the cpu backend (by
 * default `run` itself there, i.e. against TensorFlow.js's own cpu kernel). Inputs must come
 * from seeded generators so both sides see the same numbers.
 */
export interface KernelCheck {
  kernel: string;
  /** what is exercised, e.g. "stride 2, same padding" */
  case: string;
  run(): Tensor;
  reference?(): Tensor;
  /** largest relative error accepted; default 1e-5 */
  tolerance?: number;
}
