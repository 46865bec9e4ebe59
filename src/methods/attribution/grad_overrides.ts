/**
 * Modified backward rules for guided backpropagation, deconvolution and DeepLIFT, installed
 * by swapping the engine's gradient of a kernel ('Relu', 'Sigmoid', …) for the duration of
 * one synchronous call (tf.registerGradient, restored in `finally`). Every ReLU reaches
 * that kernel, however the model writes it: TF.js layers fuse the activation into Conv2D
 * and Dense, but tfjs-core runs fused ops unfused while it records gradients (so the
 * 'Relu' kernel is on the tape), and ONNX Relu nodes call tf.relu. The engine looks the
 * gradient up when an op is recorded, so the swap must cover the forward pass as well as
 * the backward pass; the call being synchronous, no other code sees it.
 */
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs';
import { tf } from '../../engine/tf.ts';
import { GlassboxError, msg } from '../../messages.ts';

/** Runs `fn` with the gradients of some kernels replaced, then restores the engine's. */
export function withGradients<T>(overrides: readonly GradConfig[], fn: () => T): T {
  const saved = overrides.map((o) => tf.getGradient(o.kernelName));
  try {
    for (const o of overrides) tf.registerGradient(o);
    return fn();
  } finally {
    overrides.forEach((o, i) => {
      const before = saved[i];
      if (before) tf.registerGradient(before);
      else tf.unregisterGradient(o.kernelName);
    });
  }
}

/**
 * Guided backpropagation (Springenberg et al. 2015): a ReLU passes the gradient only where
 * both its input and the incoming gradient are positive. Relu6 likewise inside (0, 6).
 */
export const GUIDED_RULES: readonly GradConfig[] = [
  {
    kernelName: 'Relu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => tf.mul(tf.relu(dy as Tensor), tf.step(saved[0])) }),
  },
  {
    kernelName: 'Relu6',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({
      x: () =>
        tf.mul(
          tf.relu(dy as Tensor),
          tf.cast(tf.logicalAnd(tf.greater(saved[0], 0), tf.less(saved[0], 6)), 'float32'),
        ),
    }),
  },
];

/**
 * Deconvolution (Zeiler & Fergus 2014): a ReLU passes the positive part of the incoming
 * gradient whatever its input was.
 */
export const DECONV_RULES: readonly GradConfig[] = ['Relu', 'Relu6'].map((kernelName) => ({
  kernelName,
  gradFunc: (dy: Tensor | Tensor[]) => ({ x: () => tf.relu(dy as Tensor) }),
}));

/** Element-wise nonlinearities DeepLIFT's rescale rule replaces (all unary, input 'x'). */
export const RESCALE_KERNELS = [
  'Relu',
  'Relu6',
  'LeakyRelu',
  'Elu',
  'Selu',
  'Sigmoid',
  'Tanh',
  'Softplus',
] as const;

/** Below this |Δx| a unit's multiplier is its derivative at the input instead of Δy/Δx. */
export const RESCALE_EPS = 1e-6;

/**
 * DeepLIFT's Rescale rule (Shrikumar, Greenside & Kundaje 2017) for a batch whose first
 * `rows` rows are inputs and last `rows` rows their references: each unit y = f(x) passes
 * dy · m with the multiplier m = Δy / Δx = (f(x) − f(x₀)) / (x − x₀), the same for the
 * input and its reference row, and the derivative f'(x) where |Δx| < RESCALE_EPS. Every
 * other op (linear layers, pooling, softmax) keeps its gradient.
 */
export function rescaleRules(method: string, rows: number): GradConfig[] {
  return RESCALE_KERNELS.flatMap((kernelName) => {
    const original = tf.getGradient(kernelName);
    if (!original) return [];
    const wantsInput = (original.inputsToSave ?? []).length > 0;
    const wantsOutput = (original.outputsToSave ?? [])[0] === true;
    const config: GradConfig = {
      kernelName,
      inputsToSave: ['x'],
      outputsToSave: [true],
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs?: NamedAttrMap) => {
        const [x, y] = saved;
        if (x.shape[0] !== 2 * rows) throw new GlassboxError(msg.attrBatchMajor(method, x.shape, 2 * rows));
        return {
          x: () =>
            tf.tidy(() => {
              const [xi, xr] = tf.split(x, 2, 0);
              const [yi, yr] = tf.split(y, 2, 0);
              const dx = tf.sub(xi, xr);
              const far = tf.greater(tf.abs(dx), RESCALE_EPS);
              // f'(x) at the input rows, from the engine's own gradient with dy = 1
              const origSaved = [...(wantsInput ? [xi] : []), ...(wantsOutput ? [yi] : [])];
              const deriv = original.gradFunc(tf.onesLike(xi), origSaved, attrs ?? {}).x();
              const m = tf.where(far, tf.div(tf.sub(yi, yr), tf.where(far, dx, tf.onesLike(dx))), deriv);
              return tf.mul(dy as Tensor, tf.concat([m, m], 0));
            }),
        };
      },
    };
    return [config];
  });
}
