/**
 * RFFT and IRFFT over the innermost axis, for wasm and cpu. TensorFlow.js has no such kernels
 * (tf.spectral.rfft/irfft are compositions of FFT, slices and concats); these are the
 * TensorFlow ops with an explicit `fftLength` attribute, called by `rfft`/`irfft` in
 * src/engine/fft.ts:
 *   RFFT  input [..., L] float32   -> [..., floor(n/2)+1] complex64, input cut or zero-padded to n
 *   IRFFT input [..., K] complex64 -> [..., n] float32, the Hermitian spectrum's first
 *         floor(n/2)+1 entries taken from the input (cut or zero-padded)
 * Both read and write whole rows once on the host (fft_rows.ts).
 */
import type { KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { expectDtype, heapView, installComplexStorage, installCpuComplexMove } from './complex_storage.ts';
import { irfftRows, rfftRows } from './fft_rows.ts';
import { call } from './util.ts';

export interface FftLengthAttrs {
  fftLength: number;
}

interface Transform {
  kernelName: 'RFFT' | 'IRFFT';
  inDtype: 'float32' | 'complex64';
  outDtype: 'float32' | 'complex64';
  /** output row length for fftLength n */
  outLen(n: number): number;
  rows(src: ArrayLike<number>, dst: Float32Array, rows: number, len: number, n: number): void;
}

const RFFT: Transform = {
  kernelName: 'RFFT',
  inDtype: 'float32',
  outDtype: 'complex64',
  outLen: (n) => Math.floor(n / 2) + 1,
  rows: rfftRows,
};

const IRFFT: Transform = {
  kernelName: 'IRFFT',
  inDtype: 'complex64',
  outDtype: 'float32',
  outLen: (n) => n,
  rows: irfftRows,
};

type CpuBackend = KernelBackend & {
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
};

/** A cpu tensor from host values (complex64: interleaved), complex ones through the cpu Complex kernel. */
function cpuOutput(backend: CpuBackend, shape: number[], dtype: Transform['outDtype'], values: Float32Array) {
  if (dtype === 'float32') return backend.makeTensorInfo(shape, 'float32', values);
  const size = values.length / 2;
  const re = new Float32Array(size);
  const im = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    re[i] = values[2 * i];
    im[i] = values[2 * i + 1];
  }
  const real = backend.makeTensorInfo(shape, 'float32', re);
  const imag = backend.makeTensorInfo(shape, 'float32', im);
  const out = call(backend, 'cpu', 'Complex', { real, imag });
  backend.disposeData(real.dataId);
  backend.disposeData(imag.dataId);
  return out;
}

function kernelFunc(t: Transform, backendName: 'cpu' | 'wasm'): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { input } = inputs as { input: TensorInfo };
    expectDtype(input, t.inDtype, t.kernelName);
    const { fftLength: n } = attrs as unknown as FftLengthAttrs;
    if (!Number.isInteger(n) || n < 1) throw new Error(`${t.kernelName}: fftLength must be >= 1, got ${n}`);
    const len = input.shape[input.shape.length - 1];
    const outShape = [...input.shape.slice(0, -1), t.outLen(n)];
    const count = len === 0 ? 0 : input.shape.reduce((a, d) => a * d, 1) / len;
    if (backendName === 'wasm') {
      const b = backend as BackendWasm;
      const out = b.makeOutput(outShape, t.outDtype);
      if (count > 0) t.rows(heapView(b, input), heapView(b, out) as Float32Array, count, len, n);
      return out;
    }
    const cpu = backend as CpuBackend;
    // readSync gives complex64 interleaved on cpu too (mergeRealAndImagArrays).
    const src = cpu.readSync(input.dataId) as Float32Array;
    const dst = new Float32Array(count * t.outLen(n) * (t.outDtype === 'complex64' ? 2 : 1));
    if (count > 0) t.rows(src, dst, count, len, n);
    return cpuOutput(cpu, outShape, t.outDtype, dst);
  };
}

function config(t: Transform, backendName: 'cpu' | 'wasm'): KernelConfig {
  return {
    kernelName: t.kernelName,
    backendName,
    kernelFunc: kernelFunc(t, backendName),
    // The cpu kernels carry the cpu side of complex storage: complex tensors moved in from wasm.
    setupFunc: backendName === 'wasm' ? installComplexStorage : installCpuComplexMove,
  };
}

export const rfftKernels: readonly KernelConfig[] = [
  config(RFFT, 'wasm'),
  config(IRFFT, 'wasm'),
  config(RFFT, 'cpu'),
  config(IRFFT, 'cpu'),
];
