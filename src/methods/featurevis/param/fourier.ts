/**
 * The Fourier parameterization (Mordvintsev et al. 2018, "Differentiable Image
 * Parameterizations", section 2; Lucid's `fft_image`): the variables are the real and
 * imaginary parts of each channel's 2-D spectrum, scaled by 1/frequency before the inverse
 * real FFT. Gradient steps then change low frequencies as much as high ones (the spectrum of
 * natural images falls off as 1/f), which decorrelates the pixels and gives far less
 * high-frequency noise than the pixel basis.
 */
import { irfft2d, rfft2dFreqs } from '../../../engine/fft.ts';
import { type Tensor4D, tf } from '../../../engine/tf.ts';
import { type ImageParam, normalArray, type ParamFactory, variableFrom } from './pixel.ts';

export interface FourierOptions {
  /** standard deviation of the initial spectrum (default 0.01) */
  sd?: number;
  /** exponent of the 1/f^decay scaling (default 1) */
  decayPower?: number;
}

/** The spectrum scale 1/max(f, 1/max(h, w))^decay, times sqrt(h w) so that pixels have unit scale: [h, w/2+1]. */
export function spectrumScale(h: number, w: number, decayPower = 1): Float32Array {
  const freqs = rfft2dFreqs(h, w);
  const floor = 1 / Math.max(h, w);
  const norm = Math.sqrt(h * w);
  return freqs.map((f) => norm / Math.max(f, floor) ** decayPower);
}

/**
 * Fourier parameterization of an image batch. The image is the inverse real FFT of the scaled
 * spectrum divided by 4, an empirical normalisation that puts the initial image near 0.
 */
export function fourierParam(opts: FourierOptions = {}): ParamFactory {
  const sd = opts.sd ?? 0.01;
  return ({ n, h, w, c }, rng): ImageParam => {
    const half = Math.floor(w / 2) + 1;
    // spectrum parts: [N, C, h, w/2+1]
    const shape = [n, c, h, half];
    const size = n * c * h * half;
    const real = variableFrom(normalArray(size, sd, rng), shape);
    const imag = variableFrom(normalArray(size, sd, rng), shape);
    const scale = tf.tensor2d(spectrumScale(h, w, opts.decayPower), [h, half]);
    return {
      variables: [real, imag],
      raw: () =>
        tf.tidy(() => {
          const img = irfft2d(tf.mul(real, scale), tf.mul(imag, scale), [h, w]);
          return tf.div(tf.transpose(img, [0, 2, 3, 1]), 4) as Tensor4D;
        }),
      dispose: () => {
        real.dispose();
        imag.dispose();
        scale.dispose();
      },
    };
  };
}
