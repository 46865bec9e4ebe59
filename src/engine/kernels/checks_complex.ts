/**
 * Self-checks of the complex kernels and gradients: each runs on the backend under test and is
 * compared with the cpu backend, against TensorFlow.js's own kernels and ops where they exist
 * (tf.spectral.fft/ifft/rfft/irfft) and against stock-op formulas for the gradients.
 */
import type { Tensor } from '@tensorflow/tfjs';
import { irfft, rfft } from '../fft.ts';
import { tf } from '../tf.ts';
import type { KernelCheck } from './check.ts';

const normal = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);
const complexNormal = (shape: number[], seed: number) =>
  tf.complex(normal(shape, seed), normal(shape, seed + 1));

function lastDim(x: Tensor): number {
  return x.shape[x.shape.length - 1];
}

function fitLast(x: Tensor, len: number): Tensor {
  const n = lastDim(x);
  if (n >= len)
    return tf.slice(
      x,
      x.shape.map(() => 0),
      [...x.shape.slice(0, -1), len],
    );
  return tf.concat([x, tf.zeros([...x.shape.slice(0, -1), len - n])], -1);
}

/**
 * irfft of z [..., K] to length n from tfjs ops only: the Hermitian extension of the first
 * floor(n/2)+1 entries (imaginary parts of the zero and Nyquist frequencies dropped), then
 * real(tf.spectral.ifft).
 */
function irfftByOps(z: Tensor, n: number): Tensor {
  const half = Math.floor(n / 2) + 1;
  const re = fitLast(tf.real(z), half);
  const im = fitLast(tf.imag(z), half);
  const lead = re.shape.slice(0, -1);
  const keepIm = tf.concat(
    [tf.zeros([1]), tf.ones([half - 1 - (n % 2 === 0 ? 1 : 0)]), tf.zeros([n % 2 === 0 ? 1 : 0])],
    0,
  );
  const imUsed = tf.mul(im, keepIm);
  const mirrored = n - half; // entries n-1 .. half, conjugates of 1 .. n-half
  const tailRe = tf.reverse(tf.slice(re, [...lead.map(() => 0), 1], [...lead, mirrored]), -1);
  const tailIm = tf.neg(tf.reverse(tf.slice(imUsed, [...lead.map(() => 0), 1], [...lead, mirrored]), -1));
  const full = tf.complex(tf.concat([re, tailRe], -1), tf.concat([imUsed, tailIm], -1));
  return tf.real(tf.spectral.ifft(full));
}

export const checks: KernelCheck[] = [
  {
    kernel: 'Complex',
    case: '[2, 3, 5]',
    run: () => tf.tidy(() => complexNormal([2, 3, 5], 1)),
  },
  {
    kernel: 'Real',
    case: '[4, 7]',
    run: () => tf.tidy(() => tf.real(complexNormal([4, 7], 3))),
  },
  {
    kernel: 'Imag',
    case: '[4, 7]',
    run: () => tf.tidy(() => tf.imag(complexNormal([4, 7], 5))),
  },
  {
    kernel: 'ComplexAbs',
    case: '[3, 6]',
    run: () => tf.tidy(() => tf.abs(complexNormal([3, 6], 7))),
  },
];

for (const n of [1, 2, 8, 64, 5, 6, 12, 28, 100, 224]) {
  checks.push({
    kernel: 'FFT',
    case: `[2, 3, ${n}]${n & (n - 1) ? ' (Bluestein)' : ''}`,
    run: () => tf.tidy(() => tf.spectral.fft(complexNormal([2, 3, n], 11))),
  });
}
for (const n of [8, 6, 28, 224]) {
  checks.push({
    kernel: 'IFFT',
    case: `[2, 3, ${n}]`,
    run: () => tf.tidy(() => tf.spectral.ifft(complexNormal([2, 3, n], 13))),
  });
}
for (const [len, n] of [
  [8, 8],
  [9, 9],
  [12, 8],
  [6, 9],
  [28, 28],
  [224, 224],
]) {
  checks.push({
    kernel: 'RFFT',
    case: `[2, 3, ${len}], fftLength ${n}`,
    run: () => tf.tidy(() => rfft(normal([2, 3, len], 17), n)),
    reference: () => tf.tidy(() => tf.spectral.rfft(normal([2, 3, len], 17), n)),
  });
}
for (const k of [2, 3, 5, 15, 113]) {
  checks.push({
    kernel: 'IRFFT',
    case: `[2, 3, ${k}], default fftLength ${2 * (k - 1)}`,
    run: () => tf.tidy(() => irfft(complexNormal([2, 3, k], 19))),
    reference: () => tf.tidy(() => tf.spectral.irfft(complexNormal([2, 3, k], 19))),
  });
}
for (const [k, n] of [
  [5, 9],
  [5, 4],
  [3, 10],
  [113, 224],
]) {
  checks.push({
    kernel: 'IRFFT',
    case: `[3, ${k}], fftLength ${n}`,
    run: () => tf.tidy(() => irfft(complexNormal([3, k], 23), n)),
    reference: () => tf.tidy(() => irfftByOps(complexNormal([3, k], 23), n)),
  });
}

/** dL/d[a, b] of L = sum(r1 real(fft(a + ib)) + r2 imag(fft(a + ib))): [2, ...shape]. */
function fftLossGrad(shape: number[]): Tensor {
  return tf.tidy(() => {
    const [a, b, r1, r2] = [31, 32, 33, 34].map((s) => normal(shape, s));
    const loss = (x: Tensor, y: Tensor) => {
      const f = tf.spectral.fft(tf.complex(x, y));
      return tf.sum(tf.add(tf.mul(tf.real(f), r1), tf.mul(tf.imag(f), r2)));
    };
    return tf.stack(tf.grads(loss)([a, b]));
  });
}

checks.push(
  {
    kernel: 'FFT gradient',
    case: 'sum(r1 re + r2 im of fft(a + ib)), [3, 12]',
    tolerance: 1e-4,
    run: () => fftLossGrad([3, 12]),
    // n ifft(r1 + i r2) with the stock cpu IFFT
    reference: () =>
      tf.tidy(() => {
        const [r1, r2] = [33, 34].map((s) => normal([3, 12], s));
        const g = tf.spectral.ifft(tf.complex(r1, r2));
        return tf.stack([tf.mul(tf.real(g), 12), tf.mul(tf.imag(g), 12)]);
      }),
  },
  {
    kernel: 'IRFFT gradient',
    case: 'sum(r irfft(a + ib, 10)), [2, 5]',
    tolerance: 1e-4,
    run: () =>
      tf.tidy(() => {
        const [a, b] = [41, 42].map((s) => normal([2, 5], s));
        const r = normal([2, 10], 43);
        const loss = (x: Tensor, y: Tensor) => tf.sum(tf.mul(irfft(tf.complex(x, y), 10), r));
        return tf.stack(tf.grads(loss)([a, b]));
      }),
    // rfft(r) weighted 1, 2, 2, 2, 2, 1 (Hermitian pairs) / 10, with the stock cpu ops
    reference: () =>
      tf.tidy(() => {
        const f = tf.spectral.rfft(normal([2, 10], 43));
        const w = tf.tensor1d([1, 2, 2, 2, 2, 1].map((v) => v / 10)).slice(0, 5);
        return tf.stack([
          tf.mul(tf.real(f).slice([0, 0], [2, 5]), w),
          tf.mul(tf.imag(f).slice([0, 0], [2, 5]), w),
        ]);
      }),
  },
);
