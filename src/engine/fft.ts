/**
 * Real Fourier transforms for Fourier-parameterised images (Lucid's fft_image), differentiable
 * and fast on the wasm backend.
 *
 * `rfft2d`/`irfft2d` work over the two innermost axes ([..., h, w], the layout of Lucid's
 * spectrum [batch, channels, h, w/2+1]) and keep real and imaginary parts as two float32
 * tensors. They are exact DFTs written as two matrix products with precomputed cos/sin
 * matrices, one per axis: on wasm XNNPACK runs them far faster than any FFT we could write in
 * JavaScript for 28..224 px, they need no complex64 tensors (so no complex Transpose), and
 * their gradients are the stock MatMul/Transpose/Concat ones. Each product is arranged as
 * rows x constant matrix (the fast XNNPACK path; a broadcast constant on the left is ~9x slower).
 *
 * `rfft`/`irfft` are the 1-D transforms over the innermost axis with TensorFlow's
 * `fft_length`, on complex64 tensors, through the RFFT/IRFFT kernels (kernels/RFFT.ts).
 */
import type { Tensor } from '@tensorflow/tfjs';
import { tf } from './tf.ts';

/** A spectrum as separate real and imaginary parts of equal shape. */
export interface Spectrum {
  real: Tensor;
  imag: Tensor;
}

function lastDim(x: Tensor): number {
  return x.shape[x.shape.length - 1];
}

/**
 * The non-negative frequencies of the DFT over the innermost axis: x [..., L] float32 ->
 * complex64 [..., floor(n/2)+1], the input cut or zero-padded to n = `fftLength` (default L),
 * as tf.spectral.rfft.
 */
export function rfft(x: Tensor, fftLength?: number): Tensor {
  if (x.dtype !== 'float32') throw new Error(`rfft needs a float32 tensor, got ${x.dtype}`);
  const n = fftLength ?? lastDim(x);
  return tf.engine().runKernel('RFFT', { input: x }, { fftLength: n }) as Tensor;
}

/**
 * The inverse of `rfft`: z [..., K] complex64 -> float32 [..., n], n = `fftLength`, by default
 * 2 (K - 1) (1 for K = 1) as tf.spectral.irfft. The spectrum is cut or zero-padded to
 * floor(n/2)+1 entries; the imaginary parts of the zero and Nyquist frequencies are ignored.
 */
export function irfft(z: Tensor, fftLength?: number): Tensor {
  if (z.dtype !== 'complex64') throw new Error(`irfft needs a complex64 tensor, got ${z.dtype}`);
  const n = fftLength ?? Math.max(1, 2 * (lastDim(z) - 1));
  return tf.engine().runKernel('IRFFT', { input: z }, { fftLength: n }) as Tensor;
}

const matrices = new Map<string, Float32Array>();

function cached(key: string, make: () => Float32Array): Float32Array {
  let m = matrices.get(key);
  if (m == null) {
    m = make();
    matrices.set(key, m);
  }
  return m;
}

/** cos and sin of 2 pi a b / n, with a b reduced mod n so the angle stays exact. */
function angle(a: number, b: number, n: number): [number, number] {
  const t = (2 * Math.PI * ((a * b) % n)) / n;
  return [Math.cos(t), Math.sin(t)];
}

/**
 * The complex DFT over an axis of length `rows` (in) -> `n` (out) as a real matrix acting on
 * row vectors [re(0..rows) | im(0..rows)]: [2 rows, 2 n]. `sign` -1 forward, +1 inverse
 * (the inverse includes 1/n).
 */
function complexDft(rows: number, n: number, sign: 1 | -1): Float32Array {
  return cached(`c${rows},${n},${sign}`, () => {
    const m = new Float32Array(4 * rows * n);
    const scale = sign > 0 ? 1 / n : 1;
    for (let j = 0; j < rows; j++) {
      for (let k = 0; k < n; k++) {
        const [c, s] = angle(j, k, n);
        const si = sign * s;
        // (xr + i xi)(c + i si) = (c xr - si xi) + i (si xr + c xi)
        m[j * 2 * n + k] = c * scale;
        m[j * 2 * n + n + k] = si * scale;
        m[(rows + j) * 2 * n + k] = -si * scale;
        m[(rows + j) * 2 * n + n + k] = c * scale;
      }
    }
    return m;
  });
}

/** Real DFT of length w as [w, 2 half]: x row -> [re(0..half) | im(0..half)]. */
function realDft(w: number): Float32Array {
  const half = Math.floor(w / 2) + 1;
  return cached(`r${w}`, () => {
    const m = new Float32Array(w * 2 * half);
    for (let x = 0; x < w; x++) {
      for (let k = 0; k < half; k++) {
        const [c, s] = angle(x, k, w);
        m[x * 2 * half + k] = c;
        m[x * 2 * half + half + k] = -s;
      }
    }
    return m;
  });
}

/**
 * Inverse real DFT of length w from `used` <= floor(w/2)+1 frequencies, as [2 used, w]:
 * [re | im] row -> signal, with the Hermitian weights (1 for the zero and Nyquist
 * frequencies, 2 otherwise) and 1/w. sin vanishes at those two, so their imaginary parts
 * drop out as in TensorFlow.
 */
function inverseRealDft(used: number, w: number): Float32Array {
  return cached(`i${used},${w}`, () => {
    const m = new Float32Array(2 * used * w);
    for (let k = 0; k < used; k++) {
      const weight = k === 0 || 2 * k === w ? 1 : 2;
      for (let x = 0; x < w; x++) {
        const [c, s] = angle(k, x, w);
        m[k * w + x] = (weight * c) / w;
        m[(used + k) * w + x] = (-weight * s) / w;
      }
    }
    return m;
  });
}

function checkSpectrum(real: Tensor, imag: Tensor): void {
  if (real.rank < 2) throw new Error(`a 2-D spectrum needs rank >= 2, got shape [${real.shape}]`);
  if (real.shape.join() !== imag.shape.join()) {
    throw new Error(`real part [${real.shape}] and imaginary part [${imag.shape}] differ in shape`);
  }
}

/**
 * The 2-D DFT of a real signal over its two innermost axes: x [..., h, w] ->
 * {real, imag} [..., h, floor(w/2)+1], as tf.spectral.rfft along w then tf.spectral.fft along h.
 */
export function rfft2d(x: Tensor): Spectrum {
  if (x.rank < 2) throw new Error(`rfft2d needs rank >= 2, got shape [${x.shape}]`);
  const lead = x.shape.slice(0, -2);
  const [h, w] = x.shape.slice(-2);
  const half = Math.floor(w / 2) + 1;
  const b = lead.reduce((a, d) => a * d, 1);
  const [real, imag] = tf.tidy(() => {
    // along w: [b h, w] x [w, 2 half] -> [b, h, 2, half]
    const y = tf.matMul(tf.reshape(x, [b * h, w]), tf.tensor2d(realDft(w), [w, 2 * half]));
    // along h: rows (b, k) of [re(h) | im(h)]: [b half, 2h] x [2h, 2h]
    const rows = tf.reshape(tf.transpose(tf.reshape(y, [b, h, 2, half]), [0, 3, 2, 1]), [b * half, 2 * h]);
    const z = tf.matMul(rows, tf.tensor2d(complexDft(h, h, -1), [2 * h, 2 * h]));
    // [b, half, 2, h] -> [2, b, h, half]
    const parts = tf.transpose(tf.reshape(z, [b, half, 2, h]), [2, 0, 3, 1]);
    return tf.unstack(parts).map((p) => tf.reshape(p, [...lead, h, half]));
  });
  return { real, imag };
}

/**
 * The inverse of `rfft2d` for an output of `size` = [h, w]: real, imag [..., H, K] ->
 * [..., h, w], as tf.spectral.ifft along the second-innermost axis then tf.spectral.irfft along
 * the innermost one; as TensorFlow's irfft2d with fft_length [h, w], the H axis is cut or
 * zero-padded to h and the K axis to floor(w/2)+1.
 */
export function irfft2d(real: Tensor, imag: Tensor, size: readonly [number, number]): Tensor {
  checkSpectrum(real, imag);
  const [h, w] = size;
  if (!(Number.isInteger(h) && Number.isInteger(w) && h > 0 && w > 0)) {
    throw new Error(`irfft2d size must be two positive integers, got [${size}]`);
  }
  const lead = real.shape.slice(0, -2);
  const [inH, inK] = real.shape.slice(-2);
  const rowsH = Math.min(inH, h);
  const used = Math.min(inK, Math.floor(w / 2) + 1);
  const b = lead.reduce((a, d) => a * d, 1);
  return tf.tidy(() => {
    const cut = (t: Tensor) =>
      rowsH === inH && used === inK
        ? tf.reshape(t, [b, inH, inK])
        : tf.slice(tf.reshape(t, [b, inH, inK]), [0, 0, 0], [b, rowsH, used]);
    // rows (b, k) of [re(rowsH) | im(rowsH)]: [b, 2 rowsH, used] -> [b used, 2 rowsH]
    const x = tf.reshape(tf.transpose(tf.concat([cut(real), cut(imag)], 1), [0, 2, 1]), [
      b * used,
      2 * rowsH,
    ]);
    // along h: [b used, 2 rowsH] x [2 rowsH, 2h] -> [b, used, 2, h]
    const z = tf.matMul(x, tf.tensor2d(complexDft(rowsH, h, 1), [2 * rowsH, 2 * h]));
    // along w: rows (b, y) of [re(used) | im(used)]: [b h, 2 used] x [2 used, w]
    const zRows = tf.reshape(tf.transpose(tf.reshape(z, [b, used, 2, h]), [0, 3, 2, 1]), [b * h, 2 * used]);
    const out = tf.matMul(zRows, tf.tensor2d(inverseRealDft(used, w), [2 * used, w]));
    return tf.reshape(out, [...lead, h, w]);
  });
}

/**
 * |frequency| of each entry of an rfft2d spectrum of an h x w image, [h, floor(w/2)+1] row-major
 * (cycles per pixel, as numpy's fftfreq): Lucid's rfft2d_freqs, used to scale a spectrum by
 * 1 / max(f, 1 / max(h, w)) ** decay.
 */
export function rfft2dFreqs(h: number, w: number): Float32Array {
  const half = Math.floor(w / 2) + 1;
  const freq = (k: number, n: number) => (k < Math.ceil(n / 2) ? k : k - n) / n;
  const out = new Float32Array(h * half);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < half; x++) out[y * half + x] = Math.hypot(freq(y, h), x / w);
  }
  return out;
}
