import { tf } from '../tf.ts';
import type { KernelCheck } from './check.ts';

const rn = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

function matMulCase(ta: boolean, tb: boolean, batched: boolean, [m, k, n] = [5, 7, 3]): KernelCheck {
  const lead = batched ? [2] : [];
  return {
    kernel: 'BatchMatMul',
    case: `${batched ? 'batched ' : ''}${m}x${k} by ${k}x${n}, transposeA=${ta} transposeB=${tb}`,
    run: () =>
      tf.tidy(() =>
        tf.matMul(
          rn([...lead, ...(ta ? [k, m] : [m, k])], 11),
          rn([...lead, ...(tb ? [n, k] : [k, n])], 12),
          ta,
          tb,
        ),
      ),
  };
}

function maxPoolCase(hw: number, k: number, s: number, pad: 'same' | 'valid', ties: boolean): KernelCheck {
  return {
    kernel: 'MaxPoolGrad',
    case: `x 2x${hw}x${hw}x3, window ${k}, stride ${s}, ${pad}${ties ? ', with ties' : ''}`,
    run: () =>
      tf.tidy(() => {
        // Rounded inputs create ties, where the gradient must go to the first maximum only.
        const x0 = rn([2, hw, hw, 3], 21);
        const x = (ties ? tf.round(x0) : x0) as tf.Tensor4D;
        const r = rn(tf.maxPool(x, k, s, pad).shape, 22);
        return tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(xx as tf.Tensor4D, k, s, pad), r)))(x);
      }),
  };
}

export const checks: KernelCheck[] = [
  matMulCase(true, false, false),
  matMulCase(false, true, false),
  matMulCase(true, true, true),
  // Shapes where the wrapper transposes the small operand and the result instead.
  matMulCase(false, true, false, [1, 8, 50]),
  matMulCase(true, false, false, [2, 50, 1]),
  matMulCase(true, false, true, [2, 50, 1]),
  maxPoolCase(8, 2, 2, 'valid', false),
  maxPoolCase(9, 3, 2, 'same', false),
  maxPoolCase(7, 3, 1, 'same', true),
];
