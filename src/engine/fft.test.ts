import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { finiteDiff, maxAbs, maxAbsDiff } from '../../test/util/numeric.ts';
import { type BackendName, initEngine } from './backend.ts';
import { maxRelErr } from './doctor.ts';
import { irfft2d, rfft2d, rfft2dFreqs } from './fft.ts';
import { type Tensor, tf } from './tf.ts';

const normal = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

function footprint(): [number, number] {
  return [tf.memory().numTensors, tf.engine().backend.numDataIds()];
}

/** x [..., a, b] -> [..., b, a] */
function swapLast(x: Tensor): Tensor {
  const perm = [...x.shape.keys()];
  [perm[x.rank - 2], perm[x.rank - 1]] = [perm[x.rank - 1], perm[x.rank - 2]];
  return tf.transpose(x, perm);
}

/** tf.spectral.fft or ifft along the second-innermost axis, on real and imaginary parts. */
function alongH(re: Tensor, im: Tensor, inverse: boolean): [Tensor, Tensor] {
  const f = inverse ? tf.spectral.ifft : tf.spectral.fft;
  const z = f(tf.complex(swapLast(re), swapLast(im)));
  return [swapLast(tf.real(z)), swapLast(tf.imag(z))];
}

/** The 2-D spectrum by TensorFlow.js's own 1-D ops: rfft along w, then fft along h. */
function rfft2dByOps(x: Tensor): Tensor {
  const s = tf.spectral.rfft(x);
  return tf.stack(alongH(tf.real(s), tf.imag(s), false));
}

/** ifft along h, then tf.spectral.irfft along w (even w = 2 (K - 1)). */
function irfft2dByOps(re: Tensor, im: Tensor): Tensor {
  const [zr, zi] = alongH(re, im, true);
  const out = tf.spectral.irfft(tf.complex(zr, zi));
  // tfjs's irfft flattens the leading axes of inputs of rank > 3
  return tf.reshape(out, [...re.shape.slice(0, -1), 2 * (re.shape[re.rank - 1] - 1)]);
}

/** `f` on wasm against `reference` on the cpu backend (stock tfjs spectral ops). */
async function compare(f: () => Tensor, reference: () => Tensor, tol = 1e-5): Promise<void> {
  await initEngine('wasm');
  const before = footprint();
  const got = tf.tidy(f);
  const g = got.dataSync().slice();
  got.dispose();
  assert.deepEqual(footprint(), before);
  await initEngine('cpu');
  const want = tf.tidy(reference);
  const w = want.dataSync().slice();
  want.dispose();
  await initEngine('wasm');
  const err = maxRelErr(g, w);
  assert.ok(err <= tol, `rel err ${err}`);
}

describe('rfft2d and irfft2d on wasm match tfjs spectral ops on cpu', () => {
  for (const shape of [
    [2, 3, 8, 8],
    [1, 28, 28],
    [2, 9, 7],
    [1, 224, 224],
  ]) {
    it(`rfft2d of [${shape}]`, async () => {
      await compare(
        () => {
          const { real, imag } = rfft2d(normal(shape, 1));
          return tf.stack([real, imag]);
        },
        () => rfft2dByOps(normal(shape, 1)),
      );
    });
  }

  for (const [lead, h, w] of [
    [[2, 3], 8, 8],
    [[1], 28, 28],
    [[2], 9, 6],
    [[1], 224, 224],
  ] as [number[], number, number][]) {
    const k = w / 2 + 1;
    it(`irfft2d of [${[...lead, h, k]}] to ${h}x${w}`, async () => {
      await compare(
        () => irfft2d(normal([...lead, h, k], 2), normal([...lead, h, k], 3), [h, w]),
        () => irfft2dByOps(normal([...lead, h, k], 2), normal([...lead, h, k], 3)),
      );
    });
  }
});

describe('rfft2d and irfft2d', () => {
  before(async () => {
    await initEngine('wasm');
  });

  for (const shape of [
    [2, 3, 9, 7],
    [1, 1, 28, 28],
    [5, 1],
  ]) {
    it(`irfft2d inverts rfft2d on [${shape}], odd sizes included`, () => {
      const before = footprint();
      const x = normal(shape, 4);
      const { real, imag } = rfft2d(x);
      const y = irfft2d(real, imag, [shape[shape.length - 2], shape[shape.length - 1]]);
      assert.ok(maxAbsDiff(y.dataSync(), x.dataSync()) < 1e-5 * Math.max(1, maxAbs(x.dataSync())));
      tf.dispose([x, real, imag, y]);
      assert.deepEqual(footprint(), before);
    });
  }

  it('cuts or zero-pads the spectrum like TensorFlow irfft2d with fft_length', () => {
    tf.tidy(() => {
      const re = normal([2, 6, 5], 5);
      const im = normal([2, 6, 5], 6);
      // 6 rows, 5 columns -> 4 x 4: rows 0..3 and columns 0..2 are used
      const cut = irfft2d(re, im, [4, 4]);
      const sliced = irfft2d(tf.slice(re, [0, 0, 0], [2, 4, 3]), tf.slice(im, [0, 0, 0], [2, 4, 3]), [4, 4]);
      assert.ok(maxAbsDiff(cut.dataSync(), sliced.dataSync()) < 1e-6);
      // 6 rows -> 8: zero rows appended
      const padded = irfft2d(re, im, [8, 8]);
      const zeros = tf.zeros([2, 2, 5]);
      const explicit = irfft2d(tf.concat([re, zeros], 1), tf.concat([im, zeros], 1), [8, 8]);
      assert.ok(maxAbsDiff(padded.dataSync(), explicit.dataSync()) < 1e-6);
    });
  });

  it('rejects mismatched parts and bad sizes', () => {
    tf.tidy(() => {
      assert.throws(() => irfft2d(tf.zeros([2, 3]), tf.zeros([3, 3]), [2, 4]), /differ in shape/);
      assert.throws(() => irfft2d(tf.zeros([2, 3]), tf.zeros([2, 3]), [2, 0]), /positive integers/);
      assert.throws(() => rfft2d(tf.zeros([4])), /rank >= 2/);
    });
  });

  it('rfft2dFreqs is numpy fftfreq magnitudes over [h, w/2+1]', () => {
    const f = rfft2dFreqs(4, 5);
    assert.equal(f.length, 4 * 3);
    // rows 0, 1/4, -1/2, -1/4; columns 0, 1/5, 2/5
    assert.ok(Math.abs(f[2 * 3 + 1] - Math.hypot(0.5, 0.2)) < 1e-7);
    assert.ok(Math.abs(f[3 * 3 + 2] - Math.hypot(0.25, 0.4)) < 1e-7);
    assert.equal(f[0], 0);
  });
});

for (const backend of ['wasm', 'cpu'] as BackendName[]) {
  describe(`rfft2d and irfft2d gradients equal finite differences (${backend})`, () => {
    before(async () => {
      await initEngine(backend);
    });

    const check = (loss: (...xs: Tensor[]) => Tensor, xs: Tensor[]) => {
      const before = footprint();
      const grads = tf.grads((...a: Tensor[]) => loss(...a) as tf.Scalar)(xs);
      xs.forEach((x, i) => {
        const fd = finiteDiff((xi) => loss(...xs.map((v, j) => (j === i ? xi : v))) as tf.Scalar, x);
        // Linear losses: central differences are exact up to float32 rounding.
        assert.ok(maxAbsDiff(grads[i].dataSync(), fd) <= 2e-3 * Math.max(1, maxAbs(fd)), `input ${i}`);
      });
      tf.dispose(grads);
      assert.deepEqual(footprint(), before);
    };

    it('irfft2d, odd width', () => {
      const [re, im] = [7, 8].map((s) => normal([2, 4, 3], s));
      const r = normal([2, 4, 5], 9);
      check((a, b) => tf.sum(tf.mul(irfft2d(a, b, [4, 5]), r)), [re, im]);
      tf.dispose([re, im, r]);
    });

    it('rfft2d, even width', () => {
      const x = normal([2, 3, 6], 10);
      const [r1, r2] = [11, 12].map((s) => normal([2, 3, 4], s));
      check(
        (v) => {
          const { real, imag } = rfft2d(v);
          return tf.sum(tf.add(tf.mul(real, r1), tf.mul(imag, r2)));
        },
        [x],
      );
      tf.dispose([x, r1, r2]);
    });
  });
}
