/**
 * FFT and IFFT for wasm (missing in tfjs-backend-wasm 4.22) over the innermost axis of a
 * complex64 tensor of any rank, radix-2 for power-of-two lengths and Bluestein otherwise
 * (fft_math.ts). IFFT divides by the length, like tf.spectral.ifft.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { expectDtype, heapView, installComplexStorage } from './complex_storage.ts';
import { fftRows } from './fft_rows.ts';

function fftWasmFunc(inverse: boolean): KernelFunc {
  return ({ inputs, backend }) => {
    const { input } = inputs as { input: TensorInfo };
    expectDtype(input, 'complex64', inverse ? 'IFFT' : 'FFT');
    const b = backend as BackendWasm;
    // input, out: [..., n] complex64
    const out = b.makeOutput(input.shape.slice(), 'complex64');
    const n = input.shape[input.shape.length - 1] ?? 1;
    const size = input.shape.reduce((a, d) => a * d, 1);
    if (size === 0) return out;
    fftRows(heapView(b, input), heapView(b, out) as Float32Array, size / n, n, inverse);
    return out;
  };
}

export const fftWasm: KernelConfig = {
  kernelName: 'FFT',
  backendName: 'wasm',
  kernelFunc: fftWasmFunc(false),
  setupFunc: installComplexStorage,
};

export const ifftWasm: KernelConfig = {
  kernelName: 'IFFT',
  backendName: 'wasm',
  kernelFunc: fftWasmFunc(true),
  setupFunc: installComplexStorage,
};
