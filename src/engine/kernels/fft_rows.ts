/**
 * Fourier transforms over the innermost axis of flat arrays, shared by the cpu and wasm
 * kernels. Complex arrays are interleaved (re, im) float pairs, the layout of complex64 on
 * wasm and of the cpu backend's readSync. Each row is transformed in float64 and rounded once.
 */
import { transform } from './fft_math.ts';

type Values = ArrayLike<number>;

/** Complex rows src [rows, n] -> dst [rows, n]; the inverse divides by n like tf.spectral.ifft. */
export function fftRows(src: Values, dst: Float32Array, rows: number, n: number, inverse: boolean): void {
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const scale = inverse ? 1 / n : 1;
  for (let r = 0; r < rows; r++) {
    const o = 2 * r * n;
    for (let k = 0; k < n; k++) {
      re[k] = src[o + 2 * k];
      im[k] = src[o + 2 * k + 1];
    }
    transform(re, im, inverse);
    for (let k = 0; k < n; k++) {
      dst[o + 2 * k] = re[k] * scale;
      dst[o + 2 * k + 1] = im[k] * scale;
    }
  }
}

/**
 * Real rows src [rows, len] -> complex dst [rows, floor(n / 2) + 1]: the non-negative
 * frequencies of the length-n DFT of each row cut or zero-padded to n (tf.spectral.rfft).
 */
export function rfftRows(src: Values, dst: Float32Array, rows: number, len: number, n: number): void {
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const half = Math.floor(n / 2) + 1;
  const used = Math.min(len, n);
  for (let r = 0; r < rows; r++) {
    re.fill(0);
    im.fill(0);
    for (let j = 0; j < used; j++) re[j] = src[r * len + j];
    transform(re, im, false);
    const o = 2 * r * half;
    for (let k = 0; k < half; k++) {
      dst[o + 2 * k] = re[k];
      dst[o + 2 * k + 1] = im[k];
    }
  }
}

/**
 * Complex rows src [rows, len] (non-negative frequencies) -> real dst [rows, n]: the inverse
 * DFT of the Hermitian spectrum whose first floor(n / 2) + 1 entries are src, cut or
 * zero-padded. As in TensorFlow, the imaginary parts of the zero and (even n) Nyquist
 * frequencies are ignored.
 */
export function irfftRows(src: Values, dst: Float32Array, rows: number, len: number, n: number): void {
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const half = Math.floor(n / 2) + 1;
  const used = Math.min(len, half);
  for (let r = 0; r < rows; r++) {
    re.fill(0);
    im.fill(0);
    const o = 2 * r * len;
    for (let k = 0; k < used; k++) {
      re[k] = src[o + 2 * k];
      im[k] = src[o + 2 * k + 1];
      if (k > 0 && n - k !== k) {
        re[n - k] = re[k];
        im[n - k] = -im[k];
      }
    }
    im[0] = 0;
    if (n % 2 === 0 && used === half) im[n / 2] = 0;
    transform(re, im, true);
    for (let j = 0; j < n; j++) dst[r * n + j] = re[j] / n;
  }
}
