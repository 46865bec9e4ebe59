import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { finiteDiff, maxAbs, maxAbsDiff } from '../../../test/util/numeric.ts';
import { type BackendName, initEngine } from '../backend.ts';
import { maxRelErr } from '../doctor.ts';
import { irfft, rfft } from '../fft.ts';
import { type Tensor, tf } from '../tf.ts';
import { checks } from './checks_complex.ts';

const normal = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);
const cz = (shape: number[], seed: number) => tf.complex(normal(shape, seed), normal(shape, seed + 1));

function values(t: Tensor): Float32Array {
  const v = t.dataSync().slice() as Float32Array;
  t.dispose();
  return v;
}

/** Tensors and backend buffers in use: both must come back after every test. */
function footprint(): [number, number] {
  return [tf.memory().numTensors, tf.engine().backend.numDataIds()];
}

describe('complex kernels on wasm match the cpu backend', () => {
  before(async () => {
    await initEngine('wasm');
  });

  for (const c of checks) {
    it(`${c.kernel}: ${c.case}`, async () => {
      await initEngine('wasm');
      const got = values(c.run());
      await initEngine('cpu');
      const want = values((c.reference ?? c.run)());
      await initEngine('wasm');
      const err = maxRelErr(got, want);
      assert.ok(err <= (c.tolerance ?? 1e-5), `rel err ${err}`);
    });
  }
});

describe('complex64 storage on wasm', () => {
  before(async () => {
    await initEngine('wasm');
  });

  it('reads back interleaved (re, im) like the cpu backend, whole and in ranges', () => {
    const before = footprint();
    const z = tf.tidy(() => tf.complex(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2])));
    assert.deepEqual([...z.dataSync()], [1, 5, 2, 6, 3, 7, 4, 8]);
    // readSync with a range, as engine internals call it (KernelBackend's type omits the range)
    const backend = tf.engine().backend as unknown as {
      readSync(id: object, from: number, to: number): Float32Array;
    };
    assert.deepEqual([...backend.readSync(z.dataId, 1, 3)], [2, 6, 3, 7]);
    tf.dispose([z]);
    assert.deepEqual(footprint(), before);
  });

  it('reshapes, clones, zeros and disposes complex tensors without leaks', async () => {
    const before = footprint();
    const z = tf.tidy(() => tf.complex(normal([2, 3], 1), normal([2, 3], 2)));
    const want = z.dataSync().slice();
    tf.tidy(() => {
      assert.deepEqual(tf.reshape(z, [3, 2]).dataSync(), want);
      assert.deepEqual(tf.clone(z).dataSync(), want);
      assert.deepEqual([...tf.zerosLike(z).dataSync()], new Array(12).fill(0));
      assert.deepEqual(tf.real(tf.reshape(z, [6])).shape, [6]);
    });
    assert.deepEqual(await z.data(), want);
    z.dispose();
    assert.deepEqual(footprint(), before);
  });

  it('takes over complex tensors made on the cpu backend', async () => {
    await initEngine('cpu');
    const z = tf.tidy(() => tf.complex(tf.tensor1d([1, 2, 3]), tf.tensor1d([-1, 0, 4])));
    await initEngine('wasm');
    const re = tf.real(z);
    const im = tf.imag(z);
    assert.deepEqual([...re.dataSync(), ...im.dataSync()], [1, 2, 3, -1, 0, 4]);
    tf.dispose([z, re, im]);
  });

  it('runs the complex ops the cpu backend has, with its results', async () => {
    // Broadcast products by parts: the cpu backend's complex Multiply gets some broadcasts wrong
    // (NaN rows for [2, 2] x [2] in tfjs 4.22).
    const byParts = (z: Tensor, x: Tensor) => tf.complex(tf.mul(tf.real(z), x), tf.mul(tf.imag(z), x));
    const cases: [string, () => Tensor, (() => Tensor)?][] = [
      ['add with broadcasting', () => tf.add(cz([2, 1, 3], 1), cz([4, 1], 3))],
      ['sub', () => tf.sub(cz([3, 4], 5), cz([3, 4], 7))],
      ['mul complex x complex', () => tf.mul(cz([3, 5], 9), cz([3, 5], 11))],
      [
        'mul complex x real, broadcast',
        () => tf.mul(cz([3, 4], 13), normal([4], 15)),
        () => byParts(cz([3, 4], 13), normal([4], 15)),
      ],
      ['cast real -> complex64', () => tf.cast(normal([5], 16), 'complex64')],
      ['cast complex64 -> float32', () => tf.cast(cz([5], 17), 'float32')],
      ['concat axis 1', () => tf.concat([cz([2, 3, 2], 19), cz([2, 1, 2], 21)], 1)],
      ['concat axis -1', () => tf.concat([cz([2, 3], 23), cz([2, 2], 25)], -1)],
      ['stack axis 1', () => tf.stack([cz([2, 3], 27), cz([2, 3], 29)], 1)],
      ['onesLike', () => tf.onesLike(cz([2, 2], 31))],
      ['transpose [2, 0, 1]', () => tf.transpose(cz([2, 3, 4], 33), [2, 0, 1])],
    ];
    for (const [name, f, reference] of cases) {
      await initEngine('wasm');
      const got = values(tf.tidy(f));
      await initEngine('cpu');
      const want = values(tf.tidy(reference ?? f));
      await initEngine('wasm');
      assert.ok(maxRelErr(got, want) <= 1e-6, name);
    }
  });

  it('refuses, like the cpu backend, stock kernels that have no complex version', () => {
    tf.tidy(() => {
      const z = cz([2, 3], 35);
      assert.throws(() => tf.slice(z, [0, 0], [1, 2]), /Slice does not support complex64/);
      assert.throws(() => tf.sum(z), /Sum does not support complex64/);
      assert.throws(() => tf.neg(z), /Neg does not support complex64/);
    });
  });

  it('hands complex tensors over to the cpu backend', async () => {
    const make = () => tf.complex(tf.tensor1d([1, 2, 3]), tf.tensor1d([-1, 0, 4]));
    const z = tf.tidy(make);
    await initEngine('cpu');
    try {
      const before = footprint();
      assert.deepEqual([...values(tf.imag(z))], [-1, 0, 4]);
      assert.deepEqual(values(tf.spectral.fft(z)), values(tf.tidy(() => tf.spectral.fft(make()))));
      z.dispose();
      // z moved in as three cpu buffers (container, real, imaginary) and left with them
      assert.deepEqual(footprint(), [before[0] - 1, before[1]]);
    } finally {
      await initEngine('wasm');
    }
  });

  it('refuses real inputs where complex ones are read', () => {
    const x = tf.ones([4]);
    assert.throws(() => tf.engine().runKernel('FFT', { input: x }), /complex64/);
    assert.throws(() => tf.engine().runKernel('Real', { input: x }), /complex64/);
    x.dispose();
  });
});

/**
 * Central differences of `loss` in each argument against tf.grads, on the current backend.
 * The losses below are linear in their inputs (ComplexAbs aside), so differences are exact up
 * to float32 rounding.
 */
function checkGrads(loss: (...xs: Tensor[]) => Tensor, xs: Tensor[], tol = 2e-3): void {
  const before = footprint();
  const grads = tf.grads((...args: Tensor[]) => loss(...args) as tf.Scalar)(xs);
  for (let i = 0; i < xs.length; i++) {
    const fd = finiteDiff((xi) => loss(...xs.map((x, j) => (j === i ? xi : x))) as tf.Scalar, xs[i]);
    const got = grads[i].dataSync();
    assert.ok(
      maxAbsDiff(got, fd) <= tol * Math.max(1, maxAbs(fd)),
      `input ${i}: grad ${[...got].slice(0, 6)} vs fd ${[...fd].slice(0, 6)}`,
    );
  }
  tf.dispose(grads);
  assert.deepEqual(footprint(), before);
}

/** sum(r1 real(z) + r2 imag(z)): a real loss reading both parts of a complex tensor. */
function weighSum(z: Tensor, r1: Tensor, r2: Tensor): Tensor {
  return tf.sum(tf.add(tf.mul(tf.real(z), r1), tf.mul(tf.imag(z), r2)));
}

for (const backend of ['wasm', 'cpu'] as BackendName[]) {
  describe(`gradients through complex tensors equal finite differences (${backend})`, () => {
    before(async () => {
      await initEngine(backend);
    });

    for (const n of [8, 6]) {
      it(`fft and ifft, length ${n}`, () => {
        const [a, b, r1, r2] = [1, 2, 3, 4].map((s) => normal([2, n], s));
        checkGrads((x, y) => weighSum(tf.spectral.fft(tf.complex(x, y)), r1, r2), [a, b]);
        checkGrads((x, y) => weighSum(tf.spectral.ifft(tf.complex(x, y)), r1, r2), [a, b]);
        tf.dispose([a, b, r1, r2]);
      });
    }

    it('a complex tensor used twice (gradients accumulate part by part)', () => {
      const [a, b, r1, r2] = [5, 6, 7, 8].map((s) => normal([3, 5], s));
      checkGrads(
        (x, y) => {
          const z = tf.complex(x, y);
          return tf.add(weighSum(tf.spectral.fft(z), r1, r2), tf.sum(tf.mul(tf.imag(z), r1)));
        },
        [a, b],
      );
      tf.dispose([a, b, r1, r2]);
    });

    it('tf.spectral.irfft of a spectrum built with tf.complex', () => {
      const [a, b] = [9, 10].map((s) => normal([2, 3, 5], s));
      const r = normal([2, 3, 8], 11);
      checkGrads((x, y) => tf.sum(tf.mul(tf.spectral.irfft(tf.complex(x, y)), r)), [a, b]);
      tf.dispose([a, b, r]);
    });

    for (const len of [8, 7]) {
      it(`tf.spectral.rfft of a real signal of length ${len}`, () => {
        const x = normal([2, len], 12);
        const half = Math.floor(len / 2) + 1;
        const [r1, r2] = [13, 14].map((s) => normal([2, half], s));
        checkGrads((v) => weighSum(tf.spectral.rfft(v), r1, r2), [x]);
        tf.dispose([x, r1, r2]);
      });
    }

    for (const [len, n] of [
      [6, 6],
      [7, 5],
      [5, 8],
      [4, 7],
    ]) {
      it(`rfft kernel: length ${len}, fftLength ${n}`, () => {
        const x = normal([3, len], 15);
        const half = Math.floor(n / 2) + 1;
        const [r1, r2] = [16, 17].map((s) => normal([3, half], s));
        checkGrads((v) => weighSum(rfft(v, n), r1, r2), [x]);
        tf.dispose([x, r1, r2]);
      });
    }

    for (const [k, n] of [
      [4, 6],
      [4, 7],
      [5, 4],
      [3, 8],
      [1, 1],
    ]) {
      it(`irfft kernel: ${k} frequencies, fftLength ${n}`, () => {
        const [a, b] = [18, 19].map((s) => normal([2, k], s));
        const r = normal([2, n], 20);
        checkGrads((x, y) => tf.sum(tf.mul(irfft(tf.complex(x, y), n), r)), [a, b]);
        tf.dispose([a, b, r]);
      });
    }

    it('abs of a complex tensor', () => {
      const [a, b, r] = [21, 22, 23].map((s) => normal([2, 4], s));
      checkGrads((x, y) => tf.sum(tf.mul(tf.abs(tf.complex(x, y)), r)), [a, b], 5e-3);
      tf.dispose([a, b, r]);
    });
  });
}

describe('the complex-aware tape keeps tfjs behaviour for real graphs', () => {
  before(async () => {
    await initEngine('wasm');
  });

  it('computes ordinary gradients and keeps its errors', () => {
    const before = footprint();
    const x = tf.tensor1d([1, -2, 3]);
    const g = tf.grad((v: Tensor) => tf.sum(tf.mul(v, v)))(x);
    assert.deepEqual([...g.dataSync()], [2, -4, 6]);
    // second order: d/dx sum(d/dx x^3) = 6x
    const g2 = tf.grad((v: Tensor) => tf.sum(tf.grad((u: Tensor) => tf.sum(tf.pow(u, 3)))(v)))(x);
    assert.deepEqual([...g2.dataSync()].map(Math.round), [6, -12, 18]);
    g2.dispose();
    const v = tf.variable(x, true, 'complexTapeTest');
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(tf.mul(v, 2))) as tf.Scalar, [v]);
    assert.deepEqual([...grads.complexTapeTest.dataSync()], [8, -16, 24]);
    tf.dispose([g, value, v, ...Object.values(grads)]);
    tf.dispose([x]);
    assert.deepEqual(footprint(), before);
  });

  it('still refuses a loss that does not depend on x', () => {
    const x = tf.tensor1d([1, 2]);
    assert.throws(() => tf.grad(() => tf.sum(tf.ones([2])))(x), /Cannot compute gradient of y=f\(x\)/);
    x.dispose();
  });
});
