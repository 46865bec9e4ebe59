/**
 * Gradients of the complex kernels (TensorFlow.js registers none), for every backend. They
 * follow TensorFlow (math_grad.py, spectral_grad.py): for a real loss L and z = x + iy the
 * gradient carried by a complex tensor is dL/dx + i dL/dy, so through a complex-linear map
 * z -> A z it becomes A^H g. They need complex gradients to pass the tape, which
 * admitComplexGradients (complex_tape.ts) allows.
 *
 *   Complex(re, im)  re: real(g), im: imag(g)
 *   Real(z), Imag(z) complex(g, 0), complex(0, g)
 *   ComplexAbs(z)    g z / |z| (0 where z = 0, as TensorFlow's div_no_nan)
 *   FFT, IFFT        n ifft(g), fft(g) / n                      (F^H = n F^-1)
 *   RFFT (n)         n real(ifft(g zero-padded to n)), cut or zero-padded back to the input length
 *   IRFFT (n)        rfft(g, n) * [1, 2, ..., 2, 1 if n even] / n, cut or zero-padded to the input
 */
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs';
import { rfft } from '../fft.ts';
import { tf } from '../tf.ts';
import type { FftLengthAttrs } from './RFFT.ts';

function lastDim(x: Tensor): number {
  return x.shape[x.shape.length - 1];
}

/** complex(real(z) s, imag(z) s) for a real s (a scalar or broadcastable tensor). */
function scaleComplex(z: Tensor, s: number | Tensor): Tensor {
  return tf.complex(tf.mul(tf.real(z), s), tf.mul(tf.imag(z), s));
}

/** x cut or zero-padded on its innermost axis to length `len`. */
function fitLast(x: Tensor, len: number): Tensor {
  const n = lastDim(x);
  if (n === len) return x;
  if (n > len)
    return tf.slice(
      x,
      x.shape.map(() => 0),
      [...x.shape.slice(0, -1), len],
    );
  const pads = x.shape.map((): [number, number] => [0, 0]);
  pads[pads.length - 1] = [0, len - n];
  return tf.pad(x, pads);
}

function fitLastComplex(z: Tensor, len: number): Tensor {
  if (lastDim(z) === len) return z;
  return tf.complex(fitLast(tf.real(z), len), fitLast(tf.imag(z), len));
}

const complexGrad: GradConfig = {
  kernelName: 'Complex',
  gradFunc: (dy) => {
    const g = dy as Tensor;
    // A float32 g reaches here only when the complex tensor is itself the differentiated output.
    if (g.dtype !== 'complex64') return { real: () => tf.clone(g), imag: () => tf.zerosLike(g) };
    return { real: () => tf.real(g), imag: () => tf.imag(g) };
  },
};

const realGrad: GradConfig = {
  kernelName: 'Real',
  gradFunc: (dy) => {
    const g = dy as Tensor;
    return { input: () => tf.complex(g, tf.zerosLike(g)) };
  },
};

const imagGrad: GradConfig = {
  kernelName: 'Imag',
  gradFunc: (dy) => {
    const g = dy as Tensor;
    return { input: () => tf.complex(tf.zerosLike(g), g) };
  },
};

const complexAbsGrad: GradConfig = {
  kernelName: 'ComplexAbs',
  inputsToSave: ['x'],
  outputsToSave: [true],
  gradFunc: (dy, saved) => {
    const g = dy as Tensor;
    const [z, abs] = saved;
    return {
      x: () => {
        const nonzero = tf.greater(abs, 0);
        const s = tf.where(nonzero, tf.div(g, tf.where(nonzero, abs, tf.onesLike(abs))), tf.zerosLike(g));
        return scaleComplex(z, s);
      },
    };
  },
};

const fftGrad: GradConfig = {
  kernelName: 'FFT',
  gradFunc: (dy) => {
    const g = dy as Tensor;
    return { input: () => scaleComplex(tf.spectral.ifft(g), lastDim(g)) };
  },
};

const ifftGrad: GradConfig = {
  kernelName: 'IFFT',
  gradFunc: (dy) => {
    const g = dy as Tensor;
    return { input: () => scaleComplex(tf.spectral.fft(g), 1 / lastDim(g)) };
  },
};

const rfftGrad: GradConfig = {
  kernelName: 'RFFT',
  inputsToSave: ['input'],
  gradFunc: (dy, saved, attrs?: NamedAttrMap) => {
    const g = dy as Tensor; // [..., floor(n/2)+1] complex64
    const { fftLength: n } = attrs as unknown as FftLengthAttrs;
    const [input] = saved; // [..., L] float32
    return {
      // dx[j] = Re sum_k g[k] exp(2 pi i j k / n): the truncated DFT's adjoint.
      input: () => fitLast(tf.mul(tf.real(tf.spectral.ifft(fitLastComplex(g, n))), n), lastDim(input)),
    };
  },
};

/** 1/n for the zero and (even n) Nyquist frequencies, 2/n for the others: [floor(n/2)+1]. */
function hermitianWeights(n: number): Tensor {
  const half = Math.floor(n / 2) + 1;
  const w = new Float32Array(half).fill(2 / n);
  w[0] = 1 / n;
  if (n % 2 === 0) w[half - 1] = 1 / n;
  return tf.tensor1d(w);
}

const irfftGrad: GradConfig = {
  kernelName: 'IRFFT',
  inputsToSave: ['input'],
  gradFunc: (dy, saved, attrs?: NamedAttrMap) => {
    const g = dy as Tensor; // [..., n] float32
    const { fftLength: n } = attrs as unknown as FftLengthAttrs;
    const [input] = saved; // [..., K] complex64
    return {
      input: () => fitLastComplex(scaleComplex(rfft(g, n), hermitianWeights(n)), lastDim(input)),
    };
  },
};

export const complexGradients: readonly GradConfig[] = [
  complexGrad,
  realGrad,
  imagGrad,
  complexAbsGrad,
  fftGrad,
  ifftGrad,
  rfftGrad,
  irfftGrad,
];
