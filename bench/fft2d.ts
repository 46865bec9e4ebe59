/**
 * irfft2d on wasm for Fourier-parameterised images (a batch of 8 spectra), as matrix products
 * (src/engine/fft.ts) and, for comparison, through the complex FFT kernels (ifft along h on
 * transposed parts, then the IRFFT kernel along w). Prints median milliseconds of the forward
 * pass and of the forward pass with the gradient of a weighted sum with respect to both parts.
 * The variants are timed in turn in every round so a busy machine slows them alike.
 *   npx tsx bench/fft2d.ts [rounds]
 */
import { initEngine } from '../src/engine/backend.ts';
import { irfft, irfft2d } from '../src/engine/fft.ts';
import { type Tensor, tf } from '../src/engine/tf.ts';

const CASES: { b: number; c: number; h: number; w: number }[] = [
  { b: 8, c: 3, h: 224, w: 224 },
  { b: 8, c: 1, h: 28, w: 28 },
];

/** x [..., a, b] -> [..., b, a] */
function swapLast(x: Tensor): Tensor {
  const perm = [...x.shape.keys()];
  [perm[x.rank - 2], perm[x.rank - 1]] = [perm[x.rank - 1], perm[x.rank - 2]];
  return tf.transpose(x, perm);
}

function irfft2dKernels(re: Tensor, im: Tensor, [, w]: [number, number]): Tensor {
  const z = tf.spectral.ifft(tf.complex(swapLast(re), swapLast(im)));
  return irfft(tf.complex(swapLast(tf.real(z)), swapLast(tf.imag(z))), w);
}

function timeOnce(f: () => Tensor | Tensor[]): number {
  const t0 = performance.now();
  const out = tf.tidy(f);
  for (const t of Array.isArray(out) ? out : [out]) t.dataSync();
  const ms = performance.now() - t0;
  tf.dispose(out);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 11);
  await initEngine('wasm');
  console.log(
    'spectrum -> image | matmul fwd ms | matmul fwd+grad ms | kernels fwd ms | kernels fwd+grad ms',
  );
  for (const { b, c, h, w } of CASES) {
    const k = Math.floor(w / 2) + 1;
    const re = tf.randomNormal([b, c, h, k], 0, 1, 'float32', 1);
    const im = tf.randomNormal([b, c, h, k], 0, 1, 'float32', 2);
    const r = tf.randomNormal([b, c, h, w], 0, 1, 'float32', 3);
    const variants = [irfft2d, irfft2dKernels].flatMap((f) => [
      () => f(re, im, [h, w]),
      () => tf.grads((a: Tensor, i: Tensor) => tf.sum(tf.mul(f(a, i, [h, w]), r)))([re, im]),
    ]);
    const t: number[][] = variants.map(() => []);
    for (let round = 0; round < rounds + 1; round++) {
      const times = variants.map(timeOnce);
      // the first round builds XNNPACK operators
      if (round >= 1) for (const [i, v] of times.entries()) t[i].push(v);
    }
    const cells = t.map((x) => median(x).toFixed(1));
    console.log(`${b}x${c}x${h}x${k} -> ${h}x${w} | ${cells.join(' | ')}`);
    tf.dispose([re, im, r]);
  }
}

await main();
